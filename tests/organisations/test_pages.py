"""Every page shows the reader's organisation's numbers; visitors choose; officers edit their own."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from organisations.models import Organisation, OrganisationChange
from tests.factories import UserFactory, with_totp


def header(client) -> str:
    html = client.get(reverse("home")).content.decode()
    return html.split('class="emergency-banner"')[1].split("</div>")[0]


def test_a_dutch_and_a_danish_reader_each_see_their_own_numbers(client, nl_org, dk_org, alice, mette):
    client.force_login(alice)
    dutch = header(client)
    assert "113 Suicide Prevention" in dutch and 'href="tel:+318000113"' in dutch and "0900-8844" in dutch
    assert "Livslinien" not in dutch
    client.force_login(mette)
    danish = header(client)
    assert "Livslinien" in danish and 'href="tel:+4570201201"' in danish and ">114<" in danish
    assert "113" not in danish


def test_the_crisis_line_name_is_in_the_readers_language(client, nl_org, alice):
    alice.language = "nl"
    alice.save()
    client.force_login(alice)
    assert "113 Zelfmoordpreventie" in header(client)


def test_the_error_pages_show_the_readers_organisation(client, dk_org, mette):
    client.force_login(mette)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Livslinien" in response.content.decode()


def test_a_visitor_chooses_an_organisation_and_it_is_remembered(client, nl_org, dk_org):
    page = client.get(reverse("home")).content.decode()
    assert 'name="organisation"' in page and "Kriminalforsorgen" not in header(client)
    response = client.post(reverse("organisations:choose"), {"organisation": dk_org.pk, "next": "/selftest/"})
    assert response.status_code == 302 and response["Location"] == "/selftest/"
    cookie = response.cookies["portal_organisation"]
    assert cookie.value == str(dk_org.pk) and cookie["samesite"] == "Lax" and cookie["max-age"] >= 30 * 24 * 3600
    assert "Livslinien" in header(client)


def test_a_visitor_reading_danish_sees_the_danish_numbers_until_they_choose(client, nl_org, dk_org):
    client.cookies["django_language"] = "da"
    assert "Livslinien" in header(client)
    client.cookies["django_language"] = "nl"
    assert "Livslinien" not in header(client)
    client.post(reverse("organisations:choose"), {"organisation": dk_org.pk, "next": "/"})
    assert "Livslinien" in header(client)  # the choice wins over the language


@pytest.mark.parametrize("value", ["", "abc", "99999", "-1", "1 OR 1=1"])
def test_a_bad_choice_sets_nothing_and_never_fails(client, nl_org, dk_org, value):
    response = client.post(reverse("organisations:choose"), {"organisation": value, "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "portal_organisation" not in response.cookies


def test_with_one_organisation_there_is_no_chooser(client, nl_org):
    assert 'id="organisation-select"' not in client.get(reverse("home")).content.decode()


def test_a_logged_in_reader_is_offered_no_chooser_and_a_cookie_does_not_move_them(client, nl_org, dk_org, mette):
    client.force_login(mette)
    client.cookies["portal_organisation"] = str(nl_org.pk)
    page = client.get(reverse("home")).content.decode()
    assert 'id="organisation-select"' not in page and "Livslinien" in page


FORM = {
    "name_en": "Danish Prison and Probation Service",
    "name_nl": "",
    "name_da": "Kriminalforsorgen",
    "country": "dk",
    "time_zone": "Europe/Copenhagen",
    "languages": ["en", "da"],
    "emergency_number": "112",
    "emergency_name": "",
    "non_emergency_number": "114",
    "non_emergency_name": "Politiet",
    "crisis_line_number": "70 201 201",
    "crisis_line_name_en": "Livslinien",
    "crisis_line_name_nl": "Livslinien",
    "crisis_line_name_da": "Livslinien",
    "peer_support_phone": "70 12 34 56",
    "escalate_urgent_minutes": "20",
    "escalate_normal_hours": "8",
    "alert_ack_minutes": "10",
    "first_contact_hours": "3",
    "default_protocol": "tco",
    "selftest_min_group": "10",
    "monitor_min_group": "6",
    "monitor_min_group_health": "12",
    "sms_sender": "KRIFO",
}


def test_the_wellbeing_officer_edits_their_organisation_and_sees_the_history(client, dk_org, camilla):
    client.force_login(camilla)
    page = client.get(reverse("organisations:settings"))
    assert page.status_code == 200 and "History of changes" in page.content.decode()
    response = client.post(reverse("organisations:settings"), {**FORM, "organisation": dk_org.pk})
    assert response.status_code == 302
    dk_org.refresh_from_db()
    assert dk_org.escalate_urgent_minutes == 20 and dk_org.non_emergency_name == "Politiet"
    assert dk_org.country == "DK" and dk_org.languages == ["da", "en"]
    fields = set(OrganisationChange.objects.values_list("field", flat=True))
    assert {"escalate_urgent_minutes", "non_emergency_name", "alert_ack_minutes", "sms_sender"} <= fields
    history = client.get(reverse("organisations:settings")).content.decode()
    assert "Camilla" in history and "Politiet" in history


def test_bad_input_is_explained_on_the_form_and_changes_nothing(client, dk_org, camilla):
    client.force_login(camilla)
    bad = {**FORM, "emergency_number": "help", "monitor_min_group_health": "3", "sms_sender": "Far too long name"}
    response = client.post(reverse("organisations:settings"), bad)
    html = response.content.decode()
    assert response.status_code == 200 and "Nothing was saved" in html
    assert "for example 112 or 0900-8844" in html and "greater than or equal to 10" in html
    assert not OrganisationChange.objects.exists()
    assert Organisation.objects.get(pk=dk_org.pk).emergency_number == "112"


def test_the_officer_of_one_organisation_cannot_touch_another(client, nl_org, dk_org, wim):
    client.force_login(wim)
    assert client.get(reverse("organisations:settings"), {"organisation": dk_org.pk}).status_code == 404
    assert client.get(reverse("organisations:settings"), {"organisation": "x"}).status_code == 404
    response = client.post(reverse("organisations:settings"), {**FORM, "organisation": dk_org.pk})
    assert response.status_code == 404
    assert not OrganisationChange.objects.exists()
    own = client.get(reverse("organisations:settings")).content.decode()
    assert "Dutch police" in own and 'id="organisation-pick"' not in own


def test_an_administrator_edits_any_organisation_with_a_chooser(client, nl_org, dk_org, org):
    admin = with_totp(UserFactory(email="admin@example.org", unit=org["national"], roles=[Role.ADMIN]))
    client.force_login(admin)
    page = client.get(reverse("organisations:settings"), {"organisation": dk_org.pk}).content.decode()
    assert 'id="organisation-pick"' in page and "Kriminalforsorgen" in page
    response = client.post(reverse("organisations:settings"), {**FORM, "organisation": dk_org.pk})
    assert response.status_code == 302
    assert Organisation.objects.get(pk=dk_org.pk).escalate_urgent_minutes == 20
    assert OrganisationChange.objects.filter(organisation=dk_org, changed_by=admin).exists()


@pytest.mark.parametrize("persona", ["alice", "bob", "carol", "mona", "petra", "connie"])
def test_other_roles_may_not_open_the_settings(client, nl_org, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("organisations:settings")).status_code == 403


def test_the_officer_finds_the_settings_in_the_navigation(client, nl_org, wim, alice):
    client.force_login(wim)
    assert reverse("organisations:settings") in client.get(reverse("home")).content.decode()
    client.force_login(alice)
    assert reverse("organisations:settings") not in client.get(reverse("home")).content.decode()


def test_the_officers_tree_without_an_organisation_gets_one_from_the_defaults(client, wim, settings):
    settings.CRISIS_LINE_NAME = "Default line"
    client.force_login(wim)
    assert client.get(reverse("organisations:settings")).status_code == 200
    assert Organisation.objects.get().crisis_line_name == "Default line"


def test_the_history_page_reads_in_a_fixed_number_of_queries(client, dk_org, camilla, django_assert_max_num_queries):
    from organisations.services import organisation_update

    for minutes in range(20, 40):
        organisation_update(organisation=dk_org, values={"escalate_urgent_minutes": minutes}, by=camilla)
    client.force_login(camilla)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("organisations:settings"))
    assert response.content.decode().count("<tr>") == 21  # the header and twenty changes
