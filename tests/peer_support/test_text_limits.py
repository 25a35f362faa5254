"""Every free text of peer support has a limit, on the form (with both numbers) and in the service."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.errors import DomainError
from peer_support.forms import LogEntryForm
from peer_support.models import CaseNote, CriticalIncident, IncidentLogEntry, IncidentType, SupportRequest
from peer_support.services.incidents import incident_register
from peer_support.services.log import log_entry_save
from peer_support.services.meetings import group_meeting_schedule
from peer_support.services.reflection import reflection_series_create
from peer_support.services.requests import (
    case_note_add,
    support_person_assign,
    support_request_claim,
    support_request_create,
)

from .test_reflection import framework

TWO_MEGABYTES = "x" * (2 * 1024 * 1024)


def log_data(**text):
    return {"occurred_on": "2026-02-01", "incident_type": "violence", **text}


class TestTheIncidentLog:
    @pytest.mark.parametrize("field", ["what_happened", "how_it_affected_me"])
    def test_a_two_megabyte_entry_is_refused_with_its_length_and_the_limit(self, client, alice, field):
        client.force_login(alice)
        response = client.post(reverse("peer_support:log_create"), log_data(**{field: TWO_MEGABYTES}))
        assert response.status_code == 200
        assert "Please keep this to at most 5000 characters. It has 2097152 now." in response.content.decode()
        assert not IncidentLogEntry.objects.exists()

    def test_an_entry_of_exactly_the_limit_is_kept(self, client, alice):
        client.force_login(alice)
        client.post(reverse("peer_support:log_create"), log_data(what_happened="y" * 5000))
        assert len(IncidentLogEntry.objects.get(owner=alice).what_happened) == 5000

    def test_the_form_shows_the_limit_and_lets_the_browser_count(self, client, alice):
        client.force_login(alice)
        page = client.get(reverse("peer_support:log_create")).content.decode()
        assert 'maxlength="5000"' in page and "At most 5,000 characters." in page

    def test_an_edit_over_the_limit_changes_nothing(self, client, alice):
        entry = log_entry_save(
            owner=alice, occurred_on=dt.date(2026, 2, 1), incident_type="violence", what_happened="Before"
        )
        client.force_login(alice)
        client.post(reverse("peer_support:log_edit", args=[entry.pk]), log_data(what_happened=TWO_MEGABYTES))
        entry.refresh_from_db()
        assert entry.what_happened == "Before"

    def test_the_message_speaks_the_persons_language(self, db):
        with translation.override("nl"):
            form = LogEntryForm(log_data(what_happened="x" * 5001))
            assert form.errors["what_happened"] == ["Houd dit op hoogstens 5000 tekens. Nu zijn het er 5001."]
            assert form.fields["what_happened"].help_text == "Hoogstens 5.000 tekens."

    @pytest.mark.parametrize("field", ["what_happened", "how_it_affected_me"])
    def test_the_service_refuses_it_too(self, alice, field):
        with pytest.raises(DomainError, match="at most 5000 characters"):
            log_entry_save(
                owner=alice, occurred_on=dt.date(2026, 2, 1), incident_type="violence", **{field: "z" * 5001}
            )
        assert not IncidentLogEntry.objects.exists()


class TestRequestsForHelp:
    def test_a_first_message_over_the_limit_is_refused_on_the_form(self, client, alice):
        client.force_login(alice)
        response = client.post(
            reverse("peer_support:request_create"),
            {"urgency": "today", "contact_method": "phone", "message": "m" * 1001},
        )
        assert "Please keep this to at most 1000 characters. It has 1001 now." in response.content.decode()
        assert not SupportRequest.objects.exists()

    def test_a_contact_detail_over_the_limit_is_refused_on_the_form(self, client, alice):
        client.force_login(alice)
        client.post(
            reverse("peer_support:request_create"),
            {"urgency": "today", "contact_method": "phone", "contact_detail": "0" * 101},
        )
        assert not SupportRequest.objects.exists()

    @pytest.mark.parametrize(
        "field,value", [("message", "m" * 3001), ("contact_detail", "0" * 101), ("preferred_times", "t" * 201)]
    )
    def test_the_service_refuses_every_text_over_its_limit(self, alice, field, value):
        with pytest.raises(DomainError):
            support_request_create(requester=alice, **{field: value})
        assert not SupportRequest.objects.exists()

    def test_a_help_route_message_over_its_limit_is_refused_on_the_form(self, client, alice):
        client.force_login(alice)
        response = client.post(
            reverse("peer_support:help_route_create", args=["confidential_report"]),
            {"message": "m" * 3001, "contact_method": "phone"},
        )
        assert "It has 3001 now." in response.content.decode()
        assert not SupportRequest.objects.exists()

    def test_a_case_note_over_the_limit_is_refused_by_the_service(self, alice, bob):
        request = support_request_create(requester=alice, urgency="today")
        support_request_claim(support_request=request, supporter=bob)
        with pytest.raises(DomainError):
            case_note_add(support_request=request, author=bob, text="n" * 2001)
        assert not CaseNote.objects.exists()

    def test_a_support_persons_name_over_the_limit_is_refused_by_the_service(self, alice, wim):
        request = support_request_create(requester=alice, route=SupportRequest.Route.SUPPORT_PERSON)
        with pytest.raises(DomainError):
            support_person_assign(support_request=request, by=wim, name="n" * 201, email="friend@example.org")
        request.refresh_from_db()
        assert request.external_person_name == ""


class TestIncidentsAndMeetings:
    def test_a_description_over_the_limit_is_refused_by_the_service(self, mona, alice):
        with pytest.raises(DomainError):
            incident_register(
                registered_by=mona,
                incident_type=IncidentType.TRAFFIC,
                occurred_at=timezone.now() - dt.timedelta(hours=2),
                unit=alice.unit,
                people=[alice],
                description="d" * 1001,
            )
        assert not CriticalIncident.objects.exists()

    def test_a_meeting_place_over_the_limit_is_refused_by_the_service(self, mona, alice, carol, petra):
        incident = incident_register(
            registered_by=mona,
            incident_type=IncidentType.TRAFFIC,
            occurred_at=timezone.now() - dt.timedelta(hours=2),
            unit=alice.unit,
            people=[alice],
        )
        with pytest.raises(DomainError):
            group_meeting_schedule(
                incident=incident,
                kind="debriefing",
                starts_at=timezone.now() + dt.timedelta(days=2),
                place="p" * 201,
                leader=petra,
                by=carol,
            )
        assert not incident.meetings.exists()

    def test_a_reflection_place_over_the_limit_is_refused_by_the_service(self, mona, alice):
        with pytest.raises(DomainError):
            reflection_series_create(
                leader=mona,
                team=mona.managed_units.first(),
                framework=framework(),
                first_at=timezone.now() + dt.timedelta(days=3),
                every_weeks=2,
                occurrences=2,
                place="p" * 201,
                participants=[alice],
            )
