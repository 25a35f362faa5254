"""Escalation timing with frozen time, across the end of summer time (25 October 2026,
03:00 CEST becomes 02:00 CET in Amsterdam), and run twice without duplicates."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from notifications.models import OutboxMessage
from notifications.services import messages_dispatch
from peer_support.models import SupportRequest
from peer_support.services.requests import support_request_claim
from peer_support.services.timers import timers_scan

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
# 01:45 CEST, an hour before the clocks go back; in UTC so that "+ timedelta" is real time.
ASKED = dt.datetime(2026, 10, 25, 1, 45, tzinfo=AMS).astimezone(dt.UTC)


def escalations(request):
    return OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:escalation:")


def test_an_urgent_request_alerts_the_coordinator_after_real_minutes_across_the_dst_change(alice, bob, carol, sam, ask):
    # 02:50 CEST, ten minutes before the clocks go back: 15 real minutes later the wall clock
    # shows 02:05 CET, "earlier" than the request, and the chain must still move on then.
    asked = dt.datetime(2026, 10, 25, 2, 50, tzinfo=AMS).astimezone(dt.UTC)
    request = ask(urgency=SupportRequest.Urgency.TODAY, now=asked)
    # Bob, on duty, is alerted first; the coordinator is told after his time to take it.
    assert request.escalate_at == asked + dt.timedelta(minutes=15)
    assert timezone.localtime(request.escalate_at, AMS).strftime("%H:%M %Z") == "02:05 CET"
    with time_machine.travel(asked + dt.timedelta(minutes=14), tick=False):
        timers_scan()
        assert not escalations(request).exists()
    with time_machine.travel(asked + dt.timedelta(minutes=15), tick=False):
        timers_scan()
        assert list(escalations(request).values_list("recipient__first_name", flat=True)) == ["Carol"]
    with time_machine.travel(asked + dt.timedelta(minutes=29), tick=False):
        timers_scan()
        assert escalations(request).count() == 1
    with time_machine.travel(asked + dt.timedelta(minutes=30), tick=False):
        timers_scan()
        # Then the coordinator of the next region (nobody is on duty there).
        assert set(escalations(request).values_list("recipient__first_name", flat=True)) == {"Carol", "Sam"}


def test_a_normal_request_escalates_after_24_hours(alice, carol, ask):
    request = ask(urgency=SupportRequest.Urgency.THIS_WEEK, now=ASKED)
    timers_scan(now=ASKED + dt.timedelta(hours=23, minutes=59))
    assert not escalations(request).exists()
    timers_scan(now=ASKED + dt.timedelta(hours=24))
    assert escalations(request).count() == 1


def test_a_claimed_request_does_not_escalate(alice, bob, carol, ask):
    request = ask(now=ASKED)
    support_request_claim(support_request=request, supporter=bob, now=ASKED + dt.timedelta(minutes=10))
    timers_scan(now=ASKED + dt.timedelta(hours=5))
    assert not escalations(request).exists()


def test_running_the_scan_twice_sends_nothing_twice_and_loses_nothing(alice, carol, ask):
    request = ask(now=ASKED)
    later = ASKED + dt.timedelta(minutes=61)
    timers_scan(now=later)
    timers_scan(now=later)  # a retried task, or a second worker
    messages_dispatch(now=later)
    messages_dispatch(now=later)
    to_carol = [m for m in mail.outbox if m.to == [carol.email]]
    assert len(to_carol) == 1
    assert to_carol[0].subject == "You have a new task in the portal"
    request.refresh_from_db()
    assert request.escalation_level == 1


def test_a_scan_that_dies_half_way_loses_nothing(alice, carol, ask, monkeypatch):
    request = ask(urgency=SupportRequest.Urgency.THIS_WEEK, now=ASKED)
    from peer_support.services import timers

    def broken(**kwargs):
        raise RuntimeError("worker died")

    # The batch's notices are written with one INSERT after its marker moved: it fails.
    monkeypatch.setattr(timers, "messages_schedule_many", broken)
    with pytest.raises(RuntimeError):
        timers_scan(now=ASKED + dt.timedelta(hours=24, minutes=1))
    request.refresh_from_db()
    assert request.escalation_level == 0  # rolled back with the message: the next scan sends it
    monkeypatch.undo()
    timers_scan(now=ASKED + dt.timedelta(hours=24, minutes=2))
    assert escalations(request).count() == 1


def test_after_the_second_escalation_the_next_regions_team_may_see_and_take_it(client, alice, carol, sam, dave, ask):
    from django.urls import reverse

    request = ask(urgency=SupportRequest.Urgency.TODAY, now=ASKED)
    detail = reverse("peer_support:request_detail", args=[request.pk])
    client.force_login(sam)
    assert client.get(detail).status_code == 404  # not yet: nobody is on duty in the north, Carol is told first
    timers_scan(now=ASKED + dt.timedelta(minutes=14))
    assert client.get(detail).status_code == 404
    timers_scan(now=ASKED + dt.timedelta(minutes=15))  # then Dave, on duty in the south
    request.refresh_from_db()
    assert request.backup_region.name == "South"
    assert client.get(detail).status_code == 200
    client.force_login(dave)
    assert detail in client.get(reverse("peer_support:queue")).content.decode()
    support_request_claim(support_request=request, supporter=dave, now=ASKED + dt.timedelta(minutes=20))
    assert client.get(detail).status_code == 200
    client.force_login(carol)
    assert client.get(detail).status_code == 200  # her region's colleague is helped; she still oversees


def test_a_backup_coordinator_loses_sight_once_the_home_region_takes_it(client, alice, bob, sam, ask):
    from django.urls import reverse

    request = ask(now=ASKED)
    timers_scan(now=ASKED + dt.timedelta(hours=2))
    support_request_claim(support_request=request, supporter=bob, now=ASKED + dt.timedelta(hours=2, minutes=1))
    client.force_login(sam)
    assert client.get(reverse("peer_support:request_detail", args=[request.pk])).status_code == 404


def test_a_region_without_a_coordinator_goes_to_the_next_region_at_once(alice, sam, ask):
    # The north has no coordinator in this test (no Carol). (An urgent request's chain does the
    # same: tests/peer_support/test_alerts.py.)
    request = ask(urgency=SupportRequest.Urgency.THIS_WEEK, now=ASKED)
    timers_scan(now=ASKED + dt.timedelta(hours=24))
    assert list(escalations(request).values_list("recipient__first_name", flat=True)) == ["Sam"]
    request.refresh_from_db()
    assert request.backup_region.name == "South" and request.escalation_level == 1


def test_notes_are_for_the_supporter_and_their_own_coordinator(client, alice, carol, sam, dave, ask):
    from django.urls import reverse

    from peer_support.services.requests import case_note_add

    request = ask(now=ASKED)
    timers_scan(now=ASKED + dt.timedelta(hours=2))
    request.refresh_from_db()
    support_request_claim(support_request=request, supporter=dave, now=ASKED + dt.timedelta(minutes=20))
    case_note_add(support_request=request, author=dave, text="note by dave")
    detail = reverse("peer_support:request_detail", args=[request.pk])
    client.force_login(sam)
    assert "note by dave" in client.get(detail).content.decode()
    client.force_login(carol)
    page = client.get(detail)
    assert page.status_code == 200 and "note by dave" not in page.content.decode()  # she opens it, without the note
