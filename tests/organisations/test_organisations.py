"""The organisation as data: defaults from the settings, validation, the selectors, history."""

import pytest
from django.core.exceptions import ValidationError

from core.audit import AuditEntry
from organisations.models import Organisation, OrganisationChange
from organisations.selectors import (
    organisation_for_request,
    organisation_of,
    organisation_of_unit,
    organisation_of_unit_id,
)
from organisations.services import organisation_ensure, organisation_update, organisations_ensure_all
from tests.factories import unit_create


def test_a_new_organisation_takes_its_defaults_from_the_environment_settings(db, settings):
    settings.EMERGENCY_NUMBER = "911"
    settings.NON_EMERGENCY_NUMBER = "311"
    settings.CRISIS_LINE_NAME = "Lifeline"
    settings.CRISIS_LINE_NUMBER = "988"
    settings.PEER_SUPPORT_PHONE = "0800-1111"
    settings.PEER_SUPPORT_ESCALATE_URGENT_MINUTES = 45
    settings.PEER_SUPPORT_ESCALATE_NORMAL_HOURS = 12
    settings.PEER_SUPPORT_DEFAULT_PROTOCOL = "trim"
    settings.MONITOR_MIN_GROUP = 7
    settings.TIME_ZONE = "Europe/Copenhagen"
    root = unit_create(name="Fresh", kind="national")
    organisation = organisation_ensure(root=root)
    organisation.refresh_from_db()
    assert (organisation.emergency_number, organisation.non_emergency_number) == ("911", "311")
    assert (organisation.crisis_line_name, organisation.crisis_line_number) == ("Lifeline", "988")
    assert organisation.peer_support_phone == "0800-1111"
    assert (organisation.escalate_urgent_minutes, organisation.escalate_normal_hours) == (45, 12)
    assert (organisation.alert_ack_minutes, organisation.first_contact_hours) == (15, 4)
    assert organisation.default_protocol == "trim"
    assert organisation.monitor_min_group == 7
    assert (organisation.time_zone, organisation.country, organisation.languages) == ("Europe/Copenhagen", "DK", ["da"])
    assert organisation.name == "Fresh"


def test_after_migrate_every_tree_without_an_organisation_gets_one_and_an_edited_one_is_kept(org, dk_org):
    dk_org.emergency_number = "999"
    dk_org.save()
    assert organisations_ensure_all() == 1  # the Dutch tree
    assert organisations_ensure_all() == 0
    assert Organisation.objects.count() == 2
    assert Organisation.objects.get(pk=dk_org.pk).emergency_number == "999"
    assert organisation_ensure(root=dk_org.root, emergency_number="1") == dk_org


def test_a_unit_and_a_person_belong_to_the_organisation_of_their_tree(org, nl_org, dk, dk_org, alice, mette):
    assert organisation_of_unit(org["team_a"]) == nl_org
    assert organisation_of_unit(dk["prison"]) == dk_org
    assert organisation_of_unit_id(dk["prison"].pk) == dk_org
    assert organisation_of_unit_id(org["national"].pk) == nl_org
    assert organisation_of(alice) == nl_org
    assert organisation_of(mette) == dk_org


def test_a_persons_organisation_is_read_once_per_user_object(django_assert_num_queries, nl_org, alice):
    from accounts.models import User

    user = User.objects.get(pk=alice.pk)
    with django_assert_num_queries(2):  # the unit's place in the tree, the organisations (then cached)
        assert organisation_of(user) == nl_org
        assert organisation_of(user) == nl_org
    again = User.objects.get(pk=alice.pk)
    with django_assert_num_queries(1):  # another request: the organisations come from the cache
        assert organisation_of(again) == nl_org


def test_a_page_shows_a_changed_number_at_once_though_the_organisations_are_cached(
    django_capture_on_commit_callbacks, client, nl_org, alice, org
):
    client.force_login(alice)
    assert "112" in client.get("/").content.decode()  # read, and now in the cache
    with django_capture_on_commit_callbacks(execute=True):
        organisation_update(organisation=nl_org, values={"emergency_number": "0900-1234"}, by=None)
    page = client.get("/").content.decode()
    assert "0900-1234" in page and 'href="tel:112"' not in page
    # A new tree and its organisation are found at once too.
    root = unit_create(name="Newly added", kind="national")
    fresh = organisation_ensure(root=root)
    assert organisation_of_unit(unit_create(name="A team", kind="team", parent=root)) == fresh


def test_the_settings_form_edits_the_stored_row_not_the_cached_copy(client, nl_org, org):
    from organisations.access import organisation_for_editor
    from tests.factories import UserFactory

    officer = UserFactory(unit=org["national"], roles=["wellbeing_officer"])
    assert organisation_of(officer).peer_support_phone == nl_org.peer_support_phone  # cached now
    Organisation.objects.filter(pk=nl_org.pk).update(peer_support_phone="0800-5555")  # no signal: cache unchanged
    assert organisation_for_editor(officer, None).peer_support_phone == "0800-5555"


def test_before_any_organisation_exists_the_settings_defaults_apply(alice, settings):
    settings.CRISIS_LINE_NAME = "Some line"
    organisation = organisation_of(alice)
    assert organisation.pk is None and organisation.crisis_line_name == "Some line"


def test_a_visitor_gets_the_chosen_organisation_else_the_first(rf, nl_org, dk_org):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert organisation_for_request(request) == nl_org
    request = rf.get("/", HTTP_COOKIE=f"portal_organisation={dk_org.pk}")
    request.user = AnonymousUser()
    assert organisation_for_request(request) == dk_org
    request = rf.get("/", HTTP_COOKIE="portal_organisation=nonsense")
    request.user = AnonymousUser()
    assert organisation_for_request(request) == nl_org


@pytest.mark.parametrize(
    "field, value",
    [
        ("emergency_number", "call us"),
        ("emergency_number", "11"),
        ("crisis_line_number", "0800 0113 0113 0113 0113"),
        ("time_zone", "Mars/Olympus"),
        ("country", "XX"),
        ("languages", ["tlh"]),
        ("languages", []),
        ("sms_sender", "Twelve chars"),
        ("sms_sender", "123456"),
        ("monitor_min_group", 4),
        ("monitor_min_group_health", 9),
        ("selftest_min_group", 9),
    ],
)
def test_an_organisation_refuses_bad_values_and_the_privacy_floors(dk_org, field, value):
    setattr(dk_org, field, value)
    with pytest.raises(ValidationError) as error:
        dk_org.full_clean()
    assert field in error.value.message_dict


@pytest.mark.parametrize("number", ["112", "114", "0900-8844", "70 10 20 30", "+45 70 201 201", "(020) 555 0100"])
def test_public_service_numbers_are_accepted_as_typed(dk_org, number):
    dk_org.crisis_line_number = number
    dk_org.full_clean()


def test_a_row_below_the_floor_is_still_read_at_the_floor(dk_org):
    Organisation.objects.filter(pk=dk_org.pk).update(
        monitor_min_group=1, monitor_min_group_health=2, selftest_min_group=3
    )
    dk_org.refresh_from_db()
    assert dk_org.effective_monitor_min_group == 5
    assert dk_org.effective_monitor_min_group_health == 10
    assert dk_org.effective_selftest_min_group == 10


def test_an_update_writes_one_history_row_per_changed_field_and_an_audit_entry(dk_org, camilla):
    count = organisation_update(
        organisation=dk_org, values={"non_emergency_number": "114", "peer_support_phone": "70 99 99 99"}, by=camilla
    )
    assert count == 1
    change = OrganisationChange.objects.get()
    assert (change.field, change.old_value, change.new_value) == ("peer_support_phone", "70 12 34 56", "70 99 99 99")
    assert change.changed_by == camilla
    assert AuditEntry.objects.filter(action="organisations.organisation.change", object_id=str(dk_org.pk)).count() == 1
    assert organisation_update(organisation=dk_org, values={"peer_support_phone": "70 99 99 99"}, by=camilla) == 0
    assert OrganisationChange.objects.count() == 1
