"""/me/data/: everything the portal holds about the person, readable and as a file after a
fresh login; each app's part comes from its `personal_data` module."""

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from core.personal_data import Kept, personal_data_export, personal_data_modules
from tests.factories import PASSWORD

APPS_WITH_PERSONAL_DATA = {"core", "accounts", "checkups", "peer_support", "surveys", "notifications", "dataprotection"}


def test_every_app_that_holds_personal_data_has_a_module_with_both_functions():
    modules = dict(personal_data_modules())
    assert APPS_WITH_PERSONAL_DATA <= set(modules)
    assert all(callable(m.export_for) and callable(m.erase_for) for m in modules.values())


@pytest.mark.django_db
def test_the_export_holds_each_apps_section_with_the_persons_own_records(world, alice):
    sections = {section.app_label: section.data for section in personal_data_export(user=alice)}

    assert APPS_WITH_PERSONAL_DATA <= set(sections)
    assert sections["accounts"]["Profile"]["E-mail address"] == "alice@example.org"
    assert sections["checkups"]["Appointments"][0]["Your note for the psychologist"] == "Night shifts"
    # The psychologist's notes are Alice's personal data (GDPR art. 15): in full.
    assert sections["checkups"]["The psychologist's notes of your talks"][0]["Note"] == "First talk planned."
    assert sections["peer_support"]["Your requests for a talk"][0]["Your message"] == "Hi"
    assert sections["peer_support"]["Your incident log"]
    assert sections["peer_support"]["Follow-up after an incident"]
    assert "cannot be tied to you" in sections["surveys"]["About your answers"]
    assert "Messages" in sections["notifications"]
    assert "Who looked at or changed your records" in sections["core"]


@pytest.mark.django_db
def test_the_export_holds_nothing_of_anyone_else(world, charlie):
    text = json.dumps([section.data for section in personal_data_export(user=charlie)])
    assert "Night shifts" not in text and "First talk planned." not in text and "alice@example.org" not in text


@pytest.mark.django_db
def test_the_page_shows_every_section_to_the_person(client, world, alice):
    client.force_login(alice)
    response = client.get(reverse("dataprotection:mine"))
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    for title in ("Your account", "Check-ups", "Peer support", "Access log", "Self-tests and the staff survey"):
        assert title in page
    assert "Night shifts" in page and "First talk planned." in page


@pytest.mark.django_db
def test_the_page_asks_a_visitor_to_log_in(client):
    response = client.get(reverse("dataprotection:mine"))
    assert response.status_code == 302 and "login" in response["Location"]


def _reauthenticate(client):
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.mark.django_db
def test_the_download_is_a_json_file_of_the_same_after_the_password_again_and_is_audited(client, world, alice):
    client.force_login(alice)
    first = client.get(reverse("dataprotection:download"))
    assert first.status_code == 302 and "reauthenticate" in first["Location"]
    assert not AuditEntry.objects.filter(action="dataprotection.export").exists()

    _reauthenticate(client)
    response = client.get(reverse("dataprotection:download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["person"] == "alice@example.org"
    assert APPS_WITH_PERSONAL_DATA <= set(data["sections"])
    assert AuditEntry.objects.filter(actor=alice, subject=alice, action="dataprotection.export").count() == 1


@pytest.mark.django_db
def test_the_download_asks_for_the_password_again_after_a_while(client, alice):
    client.force_login(alice)
    _reauthenticate(client)
    assert client.get(reverse("dataprotection:download")).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=20)):
        response = client.get(reverse("dataprotection:download"))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert AuditEntry.objects.filter(action="dataprotection.export").count() == 1


def test_a_kept_line_is_still_a_string():
    assert isinstance(Kept("kept"), str) and str(Kept("kept")) == "kept"


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_with_one_or_many_records(client, alice, django_assert_max_num_queries):
    from core.audit import audit_record

    client.force_login(alice)
    audit_record(actor=None, action="x", obj=alice, subject=alice)
    with django_assert_max_num_queries(40) as one:
        client.get(reverse("dataprotection:mine"))
    for _ in range(30):
        audit_record(actor=None, action="x", obj=alice, subject=alice)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("dataprotection:mine"))
