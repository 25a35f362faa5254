"""People who leave or change jobs: one service closes the account by every path, their open
work is handed back and listed for handover, and a move to another unit is recorded."""

import datetime as dt
import io

import pytest
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.adapters import SocialAccountAdapter
from accounts.leaving import leaver_work_names
from accounts.models import AccountClosure, HandoverItem, User
from accounts.roles import Role
from accounts.services import account_close, user_unit_change, users_import_csv
from accounts.testing import PortalClient
from checkups.models import AppointmentType, Booking, Mode, Psychologist, Slot
from checkups.services import booking_create
from core.models import AuditEntry
from notifications.models import OutboxMessage
from notifications.services import message_schedule
from peer_support.models import (
    FollowUpPlan,
    FollowUpStep,
    IncidentType,
    ReflectionFramework,
    SupporterDuty,
    SupportRequest,
)
from peer_support.presets import REFLECTION_FRAMEWORK
from peer_support.services.incidents import incident_register, step_claim
from peer_support.services.reflection import reflection_series_create
from peer_support.services.requests import support_request_claim, support_request_create
from surveys.monitor.models import Measure
from tests.accounts.test_roles_admin import change_url, form_data
from tests.factories import UserFactory, with_totp

Status = SupportRequest.Status
Kind = HandoverItem.Kind


def handed(user) -> dict[str, int]:
    closure = AccountClosure.objects.filter(user=user).first()
    kinds: dict[str, int] = {}
    for item in closure.items.all() if closure else []:
        kinds[item.kind] = kinds.get(item.kind, 0) + 1
    return kinds


def pending_to(user):
    return OutboxMessage.objects.filter(recipient=user, status=OutboxMessage.Status.PENDING)


@pytest.fixture
def claimed(alice, bob):
    """Alice asked for a talk and Bob took it."""
    support_request = support_request_create(requester=alice, urgency=SupportRequest.Urgency.TODAY)
    return support_request_claim(support_request=support_request, supporter=bob)


@pytest.fixture
def outreach(mona, alice, bob):
    """After an incident, Bob took the outreach to Alice: he owns her follow-up steps."""
    now = timezone.now()
    incident = incident_register(
        registered_by=mona,
        incident_type=IncidentType.TRAFFIC,
        occurred_at=now - dt.timedelta(hours=1),
        unit=alice.unit,
        people=[alice],
        now=now,
    )
    plan = FollowUpPlan.objects.get(incident=incident, person=alice)
    step_claim(step=plan.steps.order_by("due_at").first(), supporter=bob)
    return plan


@pytest.fixture
def booked(petra, alice):
    """Alice has a check-up with Petra next week."""
    profile = Psychologist.objects.create(user=petra, time_zone="Europe/Amsterdam")
    checkup = AppointmentType.objects.get(slug="check-up")
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=7)
    slot = Slot.objects.create(
        psychologist=profile, starts_at=start, ends_at=start + dt.timedelta(hours=1), mode=Mode.VIDEO
    )
    slot.appointment_types.set([checkup])
    return booking_create(slot=slot, employee=alice, appointment_type=checkup)


# --- The service ----------------------------------------------------------------------------


def test_every_app_that_holds_open_work_takes_part():
    assert leaver_work_names() == [
        "peer_support.requests",
        "peer_support.follow_up",
        "peer_support.meetings",
        "peer_support.reflection",
        "peer_support.duty",
        "checkups.bookings",
        "experts.questions",
        "monitor.measures",
        "trainings.places",
        "trainings.sessions",
        "notifications.pending_messages",
    ]


def test_closing_ends_sessions_cancels_messages_and_is_audited(bob, carol, alice):
    browser = PortalClient()
    browser.force_login(bob)
    other = PortalClient()
    other.force_login(alice)
    message_schedule(key="test:bob:1", template="peer_support_task", recipient=bob, due_at=timezone.now(), context={})
    bob.alert_phone = "+31612345001"
    bob.save(update_fields=["alert_phone"])
    handover = account_close(user=bob, by=carol, reason=AccountClosure.Reason.ADMIN)
    bob.refresh_from_db()
    assert not bob.is_active and bob.deactivated_at is not None and not bob.has_usable_password()
    assert bob.alert_phone == ""  # given for alerts on duty only
    assert bob.role_names == set() and not bob.groups.exists()
    assert not pending_to(bob).exists()
    sessions = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert sessions == [str(alice.pk)]  # Bob's session is gone, Alice's is not
    assert browser.get(reverse("peer_support:queue")).status_code == 302
    entry = AuditEntry.objects.get(subject=bob, action="account_closed")
    assert entry.actor == carol and entry.object_id == str(handover.closure.pk)


def test_closing_takes_the_sessions_out_of_the_cache_they_are_read_from_too(bob, carol):
    # Sessions are read from the cache first (cached_db): a row deleted from the table alone
    # would leave a copy there that still logs the person in.
    from importlib import import_module

    from django.conf import settings
    from django.core.cache import cache

    browser = PortalClient()
    browser.force_login(bob)
    key = browser.session.session_key
    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert cache.get(store(session_key=key).cache_key) is not None
    account_close(user=bob, by=carol, reason=AccountClosure.Reason.ADMIN)
    assert cache.get(store(session_key=key).cache_key) is None
    assert not Session.objects.filter(session_key=key).exists()


def test_closing_twice_changes_nothing_and_returns_the_first_handover(bob, claimed):
    first = account_close(user=bob, by=None, reason=AccountClosure.Reason.OTHER)
    again = account_close(user=bob, by=None, reason=AccountClosure.Reason.IMPORT)
    assert again.already_closed and again.closure == first.closure
    assert AccountClosure.objects.filter(user=bob).count() == 1


def test_a_claimed_request_goes_back_to_the_queue_announced_again(org, claimed, bob, erin, carol, dave):
    # Erin works in another team than Alice (a supporter of her own team is never offered it).
    erin.unit = org["team_b"]
    erin.save(update_fields=["unit"])
    account_close(user=bob, by=None, reason=AccountClosure.Reason.OTHER)
    claimed.refresh_from_db()
    assert (claimed.status, claimed.assigned_to, claimed.assigned_at) == (Status.NEW, None, None)
    assert claimed.escalate_at > timezone.now()
    # Erin, on duty in the north, hears of it again; the coordinator is told; Dave (south) is not.
    assert pending_to(erin).filter(template="peer_support_task").count() == 1
    assert pending_to(carol).filter(template="peer_support_task").exists()
    assert not pending_to(dave).exists()
    assert handed(bob) == {Kind.REQUEST: 1}
    item = HandoverItem.objects.get(kind=Kind.REQUEST)
    assert item.region == claimed.region


def test_the_requesters_own_records_stay_when_they_leave(claimed, alice):
    account_close(user=alice, by=None, reason=AccountClosure.Reason.OTHER)
    assert SupportRequest.objects.filter(requester=alice).count() == 1
    assert User.objects.filter(pk=alice.pk).exists()


def test_follow_up_steps_lose_their_owner_and_the_coordinator_is_told(outreach, bob, carol):
    assert outreach.steps.filter(owner=bob).exists()
    account_close(user=bob, by=None, reason=AccountClosure.Reason.OTHER)
    outreach.refresh_from_db()
    assert outreach.supporter is None
    assert not FollowUpStep.objects.filter(owner=bob).exists()
    assert pending_to(carol).filter(template="peer_support_task").exists()
    assert HandoverItem.objects.get(kind=Kind.FOLLOW_UP).object_id == str(outreach.pk)


def test_future_bookings_of_a_psychologist_are_kept_and_listed_first(booked, petra, alice):
    handover = account_close(user=petra, by=None, reason=AccountClosure.Reason.OTHER)
    booked.refresh_from_db()
    assert booked.status == Booking.Status.BOOKED  # not cancelled silently
    assert [line.kind for line in handover.urgent] == [Kind.BOOKING]
    assert handover.lines[0].urgent and handover.lines[0].when == booked.starts_at
    assert not Psychologist.objects.get(user=petra).active


def test_reflection_series_measures_and_duty_are_listed(mona, alice, bob, org):
    framework = ReflectionFramework.objects.get_or_create(
        code=REFLECTION_FRAMEWORK["code"], defaults=REFLECTION_FRAMEWORK
    )[0]
    reflection_series_create(
        leader=mona,
        team=org["groningen"],
        framework=framework,
        first_at=timezone.now() + dt.timedelta(days=10),
        every_weeks=2,
        occurrences=3,
        place="Canteen",
        participants=[alice],
    )
    measure = {"unit": org["groningen"], "scale": "work_pace", "due_on": dt.date(2027, 1, 1)}
    Measure.objects.create(**measure, action="Fewer nights", owner="Team lead", created_by=mona)
    Measure.objects.create(**measure, action="Rota", owner=mona.get_full_name().upper())
    Measure.objects.create(**measure, action="Done", owner=mona.get_full_name(), status="done")
    Measure.objects.create(**measure, action="Someone else's", owner="Erin")
    assert handed(mona) == {}
    account_close(user=mona, by=None, reason=AccountClosure.Reason.OTHER)
    assert handed(mona) == {Kind.REFLECTION: 1, Kind.MEASURE: 2}
    SupporterDuty.objects.create(supporter=bob, on_duty=True)
    account_close(user=bob, by=None, reason=AccountClosure.Reason.OTHER)
    assert handed(bob) == {Kind.DUTY: 1}
    assert not SupporterDuty.objects.get(supporter=bob).on_duty


# --- The paths ------------------------------------------------------------------------------


@pytest.fixture
def administrator(org):
    return with_totp(UserFactory(email="ada@example.org", first_name="Ada", roles=[Role.ADMIN], is_staff=True))


def test_the_admin_action_closes_accounts_through_the_service(client, administrator, bob, claimed):
    client.force_login(administrator)
    url = reverse("admin:accounts_user_changelist")
    response = client.post(url, {"action": "close_accounts", "_selected_action": [bob.pk]}, follow=True)
    assert response.status_code == 200
    bob.refresh_from_db()
    assert not bob.is_active
    assert AccountClosure.objects.get(user=bob).reason == AccountClosure.Reason.ADMIN
    assert SupportRequest.objects.get(pk=claimed.pk).status == Status.NEW
    assert "1 account closed." in response.content.decode()


def test_unticking_active_in_the_admin_form_closes_the_account_through_the_service(admin_client, bob, claimed):
    data = form_data(admin_client, bob)
    data.pop("is_active", None)
    assert admin_client.post(change_url(bob), data).status_code == 302
    bob.refresh_from_db()
    assert not bob.is_active and bob.deactivated_at is not None
    assert not bob.groups.exists()  # the form's roles did not come back after the closing
    assert SupportRequest.objects.get(pk=claimed.pk).assigned_to is None


def test_a_unit_chosen_in_the_admin_form_is_an_audited_move(admin_client, admin_user, alice, org):
    data = form_data(admin_client, alice, unit=str(org["team_c"].pk))
    assert admin_client.post(change_url(alice), data).status_code == 302
    alice.refresh_from_db()
    assert alice.unit == org["team_c"] and alice.is_active
    moves = AuditEntry.objects.filter(subject=alice, action__in=["unit_left", "unit_joined"]).order_by("action")
    assert [(e.action, e.object_id, e.actor) for e in moves] == [
        ("unit_joined", str(org["team_c"].pk), admin_user),
        ("unit_left", str(org["team_a"].pk), admin_user),
    ]


HEADER = "email,first_name,last_name,unit_code,roles,language,managed_unit_codes,active\n"


def test_a_csv_row_with_active_0_closes_the_account(bob, claimed):
    report = users_import_csv(text=HEADER + "bob@example.org,Bob,,team-b,peer_supporter,,,0\n")
    assert report.closed == ["bob@example.org"] and report.errors == []
    bob.refresh_from_db()
    assert not bob.is_active
    assert AccountClosure.objects.get(user=bob).reason == AccountClosure.Reason.IMPORT


def test_a_csv_active_value_that_means_nothing_is_a_bad_row(bob):
    report = users_import_csv(text=HEADER + "bob@example.org,Bob,,team-b,peer_supporter,,,maybe\n")
    assert report.errors and report.errors[0].startswith("line 2: active:")
    assert User.objects.get(pk=bob.pk).is_active


@pytest.fixture
def staff(org):
    """Twenty people of example.org, so that closing two of them is 10%."""
    return [UserFactory(email=f"person{n}@example.org", unit=org["team_a"]) for n in range(20)]


def full_list(people, leave_out=()):
    rows = [f"{p.email},,,team-a,employee,,,1" for p in people if p.email not in leave_out]
    return HEADER + "\n".join(rows) + "\n"


def test_deactivate_missing_dry_run_lists_who_would_be_closed_and_changes_nothing(staff):
    text = full_list(staff, leave_out={"person3@example.org"})
    report = users_import_csv(text=text, deactivate_missing=True, dry_run=True)
    assert report.closed == ["person3@example.org"] and report.dry_run
    assert User.objects.get(email="person3@example.org").is_active
    assert not AccountClosure.objects.exists()


def test_deactivate_missing_closes_those_not_in_the_full_list(staff):
    report = users_import_csv(text=full_list(staff, leave_out={"person3@example.org"}), deactivate_missing=True)
    assert report.closed == ["person3@example.org"] and not report.refused
    assert not User.objects.get(email="person3@example.org").is_active
    assert AccountClosure.objects.get().reason == AccountClosure.Reason.MISSING
    assert User.objects.filter(is_active=True, email__endswith="@example.org").count() == 19


def test_deactivate_missing_refuses_more_than_the_limit_without_force(staff):
    text = full_list(staff[:10])
    report = users_import_csv(text=text, deactivate_missing=True)
    assert report.refused and report.closed == [] and len(report.missing) == 10
    assert User.objects.filter(is_active=True, email__endswith="@example.org").count() == 20
    forced = users_import_csv(text=text, deactivate_missing=True, force=True)
    assert len(forced.closed) == 10


def test_deactivate_missing_refuses_when_a_row_is_bad(staff):
    text = full_list(staff, leave_out={"person3@example.org"}) + "not-an-email,,,team-a,employee,,,1\n"
    report = users_import_csv(text=text, deactivate_missing=True)
    assert report.refused and report.closed == []
    assert User.objects.get(email="person3@example.org").is_active


def test_deactivate_missing_keeps_to_the_organisations_domains(staff, settings):
    outsider = UserFactory(email="contractor@partner.example.com")
    settings.ORGANISATION_EMAIL_DOMAINS = ["example.org"]
    users_import_csv(text=full_list(staff), deactivate_missing=True)
    assert User.objects.get(pk=outsider.pk).is_active


def test_the_command_has_dry_run_and_force(staff, tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text(full_list(staff, leave_out={"person3@example.org"}))
    out = io.StringIO()
    call_command("import_users", str(path), "--deactivate-missing", "--dry-run", stdout=out)
    assert "would close: person3@example.org" in out.getvalue()
    assert "(dry run: nothing was changed)" in out.getvalue()
    assert User.objects.get(email="person3@example.org").is_active
    path.write_text(full_list(staff[:5]))
    with pytest.raises(CommandError, match="force"):
        call_command("import_users", str(path), "--deactivate-missing", stdout=io.StringIO(), stderr=io.StringIO())
    assert User.objects.filter(is_active=True, email__endswith="@example.org").count() == 20


def test_a_closed_account_is_not_reopened_by_an_import_that_only_updates(bob):
    account_close(user=bob, by=None, reason=AccountClosure.Reason.OTHER)
    from accounts.services import user_provision

    user_provision(email="bob@example.org", reopen=False)
    assert not User.objects.get(pk=bob.pk).is_active


def sociallogin_for(user=None, email="bob@example.org"):
    login = SocialLogin(
        user=user or User(email=email),
        account=SocialAccount(provider="entra", uid="abc"),
        email_addresses=[EmailAddress(email=email, verified=True, primary=True)],
    )
    return login


def test_single_sign_on_never_reopens_a_closed_account(bob):
    account_close(user=bob, by=None, reason=AccountClosure.Reason.OTHER)
    request = RequestFactory().get("/accounts/oidc/entra/login/callback/")
    for login in [sociallogin_for(User.objects.get(pk=bob.pk)), sociallogin_for()]:
        with pytest.raises(ImmediateHttpResponse) as refused:
            SocialAccountAdapter().pre_social_login(request, login)
        assert refused.value.response.url == reverse("account_inactive")
    assert not User.objects.get(pk=bob.pk).is_active


def test_single_sign_on_lets_an_open_account_through(bob):
    request = RequestFactory().get("/accounts/oidc/entra/login/callback/")
    assert SocialAccountAdapter().pre_social_login(request, sociallogin_for(bob)) is None


def test_the_identity_providers_deprovisioning_closes_through_the_service(bob, claimed):
    out = io.StringIO()
    call_command("close_accounts", "bob@example.org", "--reason", "sso", stdout=out)
    assert "closed: bob@example.org open_work=1" in out.getvalue()
    assert AccountClosure.objects.get(user=bob).reason == AccountClosure.Reason.SSO
    with pytest.raises(CommandError):
        call_command("close_accounts", "nobody@example.org", stdout=io.StringIO(), stderr=io.StringIO())


# --- Unit moves -----------------------------------------------------------------------------


def test_a_move_keeps_the_persons_records_and_new_requests_go_to_the_new_region(alice, org, carol, claimed):
    from peer_support.services.requests import support_request_close

    support_request_close(support_request=claimed, by=claimed.assigned_to)
    assert user_unit_change(user=alice, unit=org["team_c"], by=None)
    alice.refresh_from_db()
    old = SupportRequest.objects.get(pk=claimed.pk)
    assert old.requester == alice and old.region == org["north"] and old.requester_unit == org["team_a"]
    new = support_request_create(requester=alice)
    assert new.region == org["south"] and new.requester_unit == org["team_c"]
    assert not user_unit_change(user=alice, unit=org["team_c"], by=None)  # nothing to record


def test_a_move_counts_under_the_new_unit_for_a_manager_from_that_day(alice, org):
    from surveys.monitor.selectors import invitees

    assert alice in invitees([org["team_a"]])
    user_unit_change(user=alice, unit=org["team_c"], by=None)
    assert alice not in invitees([org["team_a"]]) and alice in invitees([org["team_c"]])


def test_handover_items_are_forgotten_after_their_time(bob, claimed, settings):
    from accounts.retention import handover_items_delete

    account_close(user=bob, by=None, reason=AccountClosure.Reason.OTHER)
    item = HandoverItem.objects.get()
    now = timezone.now()
    assert handover_items_delete(now + dt.timedelta(days=settings.RETENTION_HANDOVER_DAYS + 1)) == 0
    HandoverItem.objects.filter(pk=item.pk).update(done_at=now)
    assert handover_items_delete(now + dt.timedelta(days=settings.RETENTION_HANDOVER_DAYS - 1)) == 0
    assert handover_items_delete(now + dt.timedelta(days=settings.RETENTION_HANDOVER_DAYS + 1)) == 1
    assert AccountClosure.objects.filter(user=bob).exists()  # the closure stays with the account
