import datetime as dt

from django.test import override_settings
from django.utils import timezone

from peer_support import retention
from peer_support.models import CaseNote, FollowUpPlan, IncidentLogEntry, SupportRequest
from peer_support.services.incidents import incident_register
from peer_support.services.requests import case_note_add, support_request_claim, support_request_close


@override_settings(PEER_SUPPORT_NOTE_RETENTION_DAYS=30, PEER_SUPPORT_REQUEST_RETENTION_DAYS=365)
def test_retention_deletes_notes_after_closure_and_nothing_else(alice, bob, charlie, mona, ask):
    now = timezone.now()
    closed = ask(now=now - dt.timedelta(days=40))
    support_request_claim(support_request=closed, supporter=bob)
    case_note_add(support_request=closed, author=bob, text="old")
    support_request_close(support_request=closed, by=bob, now=now - dt.timedelta(days=31))
    still_open = ask(requester=charlie, now=now - dt.timedelta(days=200))
    open_note = CaseNote.objects.create(request=still_open, author=bob, text="open case")
    incident_register(
        registered_by=mona,
        incident_type="traffic",
        occurred_at=now - dt.timedelta(days=60),
        unit=alice.unit,
        people=[alice],
    )
    counts = {
        "requests": SupportRequest.objects.count(),
        "plans": FollowUpPlan.objects.count(),
        "log": IncidentLogEntry.objects.count(),
    }

    assert retention.case_notes_delete(now) == 1
    assert retention.closed_requests_delete(now) == 0
    assert retention.incidents_delete(now) == 0
    assert list(CaseNote.objects.all()) == [open_note]
    assert counts == {
        "requests": SupportRequest.objects.count(),
        "plans": FollowUpPlan.objects.count(),
        "log": IncidentLogEntry.objects.count(),
    }


@override_settings(PEER_SUPPORT_NOTE_RETENTION_DAYS=30)
def test_a_note_of_a_recently_closed_request_stays(alice, bob, ask):
    now = timezone.now()
    request = ask()
    support_request_claim(support_request=request, supporter=bob)
    case_note_add(support_request=request, author=bob, text="recent")
    support_request_close(support_request=request, by=bob, now=now - dt.timedelta(days=29))
    apply_all(now)
    assert CaseNote.objects.count() == 1


def test_closed_requests_and_old_incidents_go_after_their_own_longer_periods(alice, bob, mona, ask, settings):
    now = timezone.now()
    request = ask(now=now - dt.timedelta(days=800))
    SupportRequest.objects.filter(pk=request.pk).update(status="closed", closed_at=now - dt.timedelta(days=731))
    incident_register(
        registered_by=mona,
        incident_type="traffic",
        occurred_at=now - dt.timedelta(days=1826),
        unit=alice.unit,
        people=[alice],
        now=now - dt.timedelta(days=1825),  # registered back then: today it would be too old to register
    )
    apply_all(now)
    assert not SupportRequest.objects.exists()
    assert not FollowUpPlan.objects.exists()
    # The log line is the person's own: it stays until they delete it.
    assert IncidentLogEntry.objects.filter(owner=alice).count() == 1


def apply_all(now):
    return [
        rule(now)
        for rule in (retention.case_notes_delete, retention.closed_requests_delete, retention.incidents_delete)
    ]


def test_the_rules_are_registered_with_core():
    from core.retention import _RULES

    assert {"peer_support.case_notes", "peer_support.closed_requests", "peer_support.incidents"} <= set(_RULES)
