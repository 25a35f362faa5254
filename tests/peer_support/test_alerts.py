"""Urgent alerts that reach a person: the chain of an urgent request under frozen time, the
first-contact alert, unowned follow-up steps, the portal page, the numbers and the texts."""

import datetime as dt
import threading
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from notifications.channels.sms import render_sms
from notifications.models import OutboxMessage
from notifications.services import messages_dispatch
from peer_support.models import FollowUpStep, IncidentType, SupporterDuty, SupportRequest
from peer_support.services import alerts
from peer_support.services.incidents import incident_register
from peer_support.services.requests import (
    support_request_claim,
    support_request_create,
    support_request_record_contact,
)
from peer_support.services.timers import timers_scan
from tests.peer_support.test_emails import SENSITIVE

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
# A Tuesday night in winter: 03:10 in Amsterdam is 02:10 UTC.
NIGHT = dt.datetime(2026, 3, 10, 3, 10, tzinfo=AMS)

pytestmark = pytest.mark.postgres


@pytest.fixture
def numbers(org, bob, erin, carol, sam, dave):
    # Erin works in Team B on these nights: a supporter of Alice's own team is never offered her
    # request (conflict of interest), so the two on duty are Bob and Erin of the other team.
    erin.unit = org["team_b"]
    erin.save(update_fields=["unit"])
    for person, number in ((bob, "+31612345001"), (erin, "+31612345002"), (carol, "+31612345003")):
        person.alert_phone = number
        person.save(update_fields=["alert_phone"])
    # Sam and Dave gave no number: e-mail and the portal only.
    return {"bob": bob, "erin": erin, "carol": carol, "sam": sam, "dave": dave}


def ask_urgent(alice, at=NIGHT):
    return support_request_create(
        requester=alice,
        urgency=SupportRequest.Urgency.TODAY,
        contact_method=SupportRequest.Contact.PHONE,
        contact_detail="06 11122233",
        now=at,
    )


def run_minutes(start, end, *, step=dt.timedelta(minutes=1), on_minute=None):
    """Beat, minute by minute: the scan, then the outbox (as the two beat tasks do)."""
    moment = start
    while moment <= end:
        with time_machine.travel(moment, tick=False):
            if on_minute:
                on_minute(moment)
            timers_scan()
            messages_dispatch()
        moment += step


def sent_log():
    """Who got what on which channel, at which local minute: the night as the people had it."""
    rows = OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).select_related("recipient")
    return sorted(
        (timezone.localtime(m.sent_at, AMS).strftime("%H:%M"), m.recipient.first_name, m.channel, m.template)
        for m in rows
    )


def test_a_night_an_urgent_request_at_0310_two_on_duty_the_first_does_not_answer(
    alice, numbers, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "console"
    bob, erin = numbers["bob"], numbers["erin"]
    assert bob.pk < erin.pk  # the order of the people on duty (by account until the rota)
    with time_machine.travel(NIGHT, tick=False):
        # Scheduling an urgent row dispatches at once after the commit, without waiting for beat.
        with django_capture_on_commit_callbacks(execute=True):
            request = ask_urgent(alice)

    def erin_answers(moment):
        if timezone.localtime(moment, AMS).strftime("%H:%M") == "03:32":
            support_request_claim(support_request=request, supporter=erin, now=moment)

    run_minutes(NIGHT + dt.timedelta(minutes=1), NIGHT + dt.timedelta(hours=2), on_minute=erin_answers)

    assert sent_log() == [
        # 03:10: both on duty get the e-mail they always got; Bob, first on duty, is alerted by
        # text and on his portal page, at once.
        ("03:10", "Bob", "email", "peer_support_task"),
        ("03:10", "Bob", "portal", "peer_support_alert"),
        ("03:10", "Bob", "sms", "peer_support_alert"),
        ("03:10", "Erin", "email", "peer_support_task"),
        # Bob does not answer within 15 minutes: Erin, next on duty.
        ("03:25", "Erin", "portal", "peer_support_alert"),
        ("03:25", "Erin", "sms", "peer_support_alert"),
        # Erin takes it at 03:32: Alice hears who will contact her; the chain stops there.
        ("03:32", "Alice", "email", "peer_support_contact_coming"),
    ]
    # Each once, and nobody else was woken: no coordinator, no other region.
    assert not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()
    request.refresh_from_db()
    assert request.assigned_to == erin and request.escalation_level == 0


def test_nobody_answers_the_chain_walks_duty_coordinator_next_region_each_once(alice, numbers, settings):
    settings.SMS_BACKEND = "console"
    request = ask_urgent(alice)
    run_minutes(NIGHT, NIGHT + dt.timedelta(hours=3))
    run_minutes(NIGHT, NIGHT + dt.timedelta(hours=3))  # beat run again over the same night
    alerts_sent = sorted(
        (timezone.localtime(m.sent_at, AMS).strftime("%H:%M"), m.recipient.first_name, m.channel)
        for m in OutboxMessage.objects.filter(template="peer_support_alert")
    )
    assert alerts_sent == [
        ("03:10", "Bob", "portal"),
        ("03:10", "Bob", "sms"),
        ("03:25", "Erin", "portal"),
        ("03:25", "Erin", "sms"),
        ("03:40", "Carol", "portal"),  # the region's coordinator
        ("03:40", "Carol", "sms"),
        ("03:55", "Dave", "portal"),  # the next region's first on duty: no number, portal (and e-mail)
        ("04:10", "Sam", "portal"),  # then its coordinator
    ]
    escalation_mail = sorted(
        (timezone.localtime(m.sent_at, AMS).strftime("%H:%M"), m.recipient.first_name)
        for m in OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:escalation:")
    )
    assert escalation_mail == [("03:40", "Carol"), ("03:55", "Dave"), ("04:10", "Sam")]
    request.refresh_from_db()
    assert request.escalation_level == 2 and request.backup_region.name == "South"
    assert request.alert_next_at is not None  # it keeps watching for someone coming on duty
    assert request.escalate_at == NIGHT + dt.timedelta(minutes=30)  # the promise: after both on duty


def test_the_chain_skips_whoever_went_off_duty_and_the_requesters_own_team(org, alice, numbers):
    SupporterDuty.objects.create(supporter=numbers["bob"], on_duty=False)
    numbers["erin"].unit = org["team_a"]
    numbers["erin"].save(update_fields=["unit"])
    request = support_request_create(requester=alice, urgency=SupportRequest.Urgency.TODAY, now=NIGHT)
    chain = alerts.alert_chain(support_request=request, at=NIGHT)
    # Bob is off duty, Erin is in Alice's own team: the coordinator is first.
    assert [[p.first_name for p in step.people] for step in chain] == [["Carol"], ["Dave"], ["Sam"]]
    assert OutboxMessage.objects.with_key(f"ps:request:{request.pk}:alert:{numbers['carol'].pk}", "sms").exists()


def test_a_scan_on_two_workers_at_once_sends_each_step_once(alice, numbers, transactional_db):
    request = ask_urgent(alice)
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            timers_scan(now=NIGHT + dt.timedelta(minutes=15))
        except Exception as exc:  # pragma: no cover - shown by the assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    to_erin = OutboxMessage.objects.filter(recipient=numbers["erin"], template="peer_support_alert")
    assert sorted(to_erin.values_list("channel", flat=True)) == ["portal", "sms"]
    request.refresh_from_db()
    assert request.alert_step == 2


def test_a_scan_that_dies_mid_step_sends_the_step_whole_next_time(alice, numbers, monkeypatch):
    request = ask_urgent(alice)

    def broken(**kwargs):
        raise RuntimeError("worker died")

    monkeypatch.setattr(alerts, "alert_person", broken)
    with pytest.raises(RuntimeError):
        timers_scan(now=NIGHT + dt.timedelta(minutes=15))
    request.refresh_from_db()
    assert request.alert_step == 1  # rolled back with its rows
    monkeypatch.undo()
    timers_scan(now=NIGHT + dt.timedelta(minutes=16))
    assert OutboxMessage.objects.filter(recipient=numbers["erin"], template="peer_support_alert").count() == 2


def test_a_request_that_is_not_urgent_alerts_the_coordinator_only_when_it_escalates(alice, numbers):
    request = support_request_create(requester=alice, urgency=SupportRequest.Urgency.THIS_WEEK, now=NIGHT)
    assert not OutboxMessage.objects.filter(template="peer_support_alert").exists()
    timers_scan(now=NIGHT + dt.timedelta(hours=24))
    rows = OutboxMessage.objects.filter(template="peer_support_alert")
    assert sorted(rows.values_list("recipient__first_name", "channel", "urgent")) == [
        ("Carol", "portal", False),
        ("Carol", "sms", False),  # not urgent: a text respects her quiet hours
    ]
    timers_scan(now=NIGHT + dt.timedelta(hours=48))  # level 2: the next region; Carol not again
    assert rows.filter(recipient=numbers["carol"]).count() == 2
    assert request.pk


def test_a_taken_request_without_first_contact_alerts_the_coordinator_once(alice, numbers, settings):
    settings.PEER_SUPPORT_FIRST_CONTACT_HOURS = 4
    request = ask_urgent(alice)
    support_request_claim(support_request=request, supporter=numbers["bob"], now=NIGHT + dt.timedelta(minutes=5))
    no_contact = OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:no-contact:")
    timers_scan(now=NIGHT + dt.timedelta(hours=4, minutes=4))
    assert not no_contact.exists()
    timers_scan(now=NIGHT + dt.timedelta(hours=4, minutes=5))
    timers_scan(now=NIGHT + dt.timedelta(hours=4, minutes=6))
    assert sorted(no_contact.values_list("recipient__first_name", "channel")) == [
        ("Carol", "email"),
        ("Carol", "portal"),
        ("Carol", "sms"),
    ]


def test_a_first_contact_in_time_alerts_nobody(alice, numbers):
    request = ask_urgent(alice)
    support_request_claim(support_request=request, supporter=numbers["bob"], now=NIGHT + dt.timedelta(minutes=5))
    support_request_record_contact(support_request=request, supporter=numbers["bob"], now=NIGHT + dt.timedelta(hours=1))
    timers_scan(now=NIGHT + dt.timedelta(hours=6))
    assert not OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:no-contact:").exists()


def test_an_unowned_follow_up_step_past_due_alerts_the_people_on_duty_once(alice, numbers, mona, charlie):
    incident = incident_register(
        registered_by=mona,
        incident_type=IncidentType.TRAFFIC,
        occurred_at=NIGHT - dt.timedelta(hours=2),
        unit=alice.unit,
        people=[alice],
        now=NIGHT - dt.timedelta(hours=1),
    )
    first = FollowUpStep.objects.filter(plan__incident=incident).exclude(kind="screening").order_by("due_at").first()
    timers_scan(now=first.due_at - dt.timedelta(minutes=1))
    step_alerts = OutboxMessage.objects.filter(template="peer_support_alert_task", channel="portal")
    assert not step_alerts.filter(context__step_id=first.pk).exists()
    timers_scan(now=first.due_at)
    timers_scan(now=first.due_at + dt.timedelta(minutes=1))
    assert sorted(step_alerts.filter(context__step_id=first.pk).values_list("recipient__first_name", flat=True)) == [
        "Bob",
        "Erin",
    ]


def test_the_portal_page_shows_open_alerts_with_no_names_and_a_way_to_take_them(client, alice, numbers):
    request = ask_urgent(alice, at=timezone.now())
    page = reverse("peer_support:alerts")
    client.force_login(numbers["bob"])
    html = client.get(page).content.decode()
    assert "A colleague has asked for support" in html
    assert reverse("peer_support:request_claim", args=[request.pk]) in html
    assert "Alice" not in html and "06 11122233" not in html
    client.force_login(numbers["erin"])  # not alerted yet
    assert "No alerts wait for you." in client.get(page).content.decode()
    client.force_login(numbers["bob"])
    response = client.post(reverse("peer_support:request_claim", args=[request.pk]))
    assert response.status_code == 302
    assert "No alerts wait for you." in client.get(page).content.decode()  # taking it is the acknowledgement


def test_the_portal_page_reads_alerts_in_a_fixed_number_of_queries(
    client, alice, charlie, numbers, django_assert_max_num_queries
):
    ask_urgent(alice, at=timezone.now())
    ask_urgent(charlie, at=timezone.now())
    client.force_login(numbers["carol"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("peer_support:alerts")).status_code == 200


def test_an_employee_sees_an_empty_alerts_page_not_an_error(client, alice):
    client.force_login(alice)
    assert client.get(reverse("peer_support:alerts")).status_code == 200


def test_the_coordinator_sees_who_has_no_number_for_alerts_but_no_digits(client, numbers):
    client.force_login(numbers["carol"])
    html = client.get(reverse("peer_support:coordination")).content.decode()
    assert html.count("no mobile number for alerts") == 0  # Bob and Erin gave theirs
    numbers["erin"].alert_phone = ""
    numbers["erin"].save()
    html = client.get(reverse("peer_support:coordination")).content.decode()
    assert html.count("no mobile number for alerts") == 1
    assert "612345001" not in html and "+31 6" not in html


@pytest.mark.parametrize("language", ["en", "nl", "da"])
@pytest.mark.parametrize("template", [alerts.ALERT_REQUEST, alerts.ALERT_TASK])
def test_texts_are_neutral_short_and_in_the_readers_language(language, template, settings):
    settings.PORTAL_BASE_URL = "https://wellbeing.example.org"
    text = render_sms(template, {}, language=language)
    assert text.endswith("https://wellbeing.example.org/support/alerts/")
    assert len(text) <= 160
    for word in SENSITIVE:
        assert word not in text.lower(), (template, language, word)
    opening = {"en": "A colleague", "nl": "Een collega", "da": "En kollega"}
    if template == alerts.ALERT_REQUEST:
        assert text.startswith(opening[language])


def _shift(person, *, region, weekday, starts, ends):
    from peer_support.models import DutyKind, DutyPattern

    return DutyPattern.objects.create(
        region=region,
        person=person,
        kind=DutyKind.PEER_SUPPORTER,
        weekday=weekday,
        starts=dt.time.fromisoformat(starts),
        ends=dt.time.fromisoformat(ends),
        valid_from=dt.date(2026, 1, 1),
    )


def test_a_shift_change_mid_chain_skips_nobody_and_the_coordinator_is_told_when_promised(org, alice, numbers):
    """Bob's shift ends at 22:00, Erin's starts then. An urgent request at 21:50 promises the
    coordinator by 22:05: Bob at 21:50, Carol at 22:05 as promised, Erin (now on duty) after her."""
    bob, erin = numbers["bob"], numbers["erin"]
    _shift(bob, region=org["north"], weekday=1, starts="14:00", ends="22:00")
    _shift(erin, region=org["north"], weekday=1, starts="22:00", ends="06:00")
    evening = dt.datetime(2026, 3, 10, 21, 50, tzinfo=AMS)
    request = ask_urgent(alice, at=evening)
    assert request.escalate_at == evening + dt.timedelta(minutes=15)
    run_minutes(evening, evening + dt.timedelta(minutes=40))
    first_alert = {}
    for message in OutboxMessage.objects.filter(template="peer_support_alert", channel="portal"):
        first_alert[message.recipient.first_name] = timezone.localtime(message.due_at, AMS).strftime("%H:%M")
    assert first_alert == {"Bob": "21:50", "Carol": "22:05", "Erin": "22:20"}


def test_a_request_at_night_with_nobody_on_duty_reaches_the_first_shift_of_the_morning(org, alice, numbers):
    bob = numbers["bob"]
    _shift(bob, region=org["north"], weekday=1, starts="07:00", ends="15:00")
    request = ask_urgent(alice)  # 03:10, nobody on shift: the coordinator at once
    run_minutes(NIGHT, NIGHT.replace(hour=7, minute=30), step=dt.timedelta(minutes=5))
    to_bob = OutboxMessage.objects.filter(recipient=bob, template="peer_support_alert", channel="portal")
    assert [timezone.localtime(m.due_at, AMS).strftime("%H") for m in to_bob] == ["07"]
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.NEW


def test_a_text_row_holds_nothing_about_the_request_or_who_asked(alice, numbers):
    """What a database administrator reads in the outbox about a text: an opaque key, the
    supporter it went to and the sender name; not which request, not who asked, not why."""
    request = ask_urgent(alice)
    texts = OutboxMessage.objects.filter(channel="sms")
    assert texts.exists()
    for text in texts:
        assert set(text.context) <= {"sender"}
        assert ":" not in text.key and "request" not in text.key  # opaque (an HMAC), not "ps:request:1:..."
        assert str(request.pk) not in text.context.values() and "alice" not in str(text.context).lower()
        assert text.recipient_id != alice.pk
