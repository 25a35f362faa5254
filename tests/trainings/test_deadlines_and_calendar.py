"""Cancelling up to the course's deadline, reminders the day before, and calendar files that
update (SEQUENCE) and cancel (METHOD:CANCEL) when the session moves or is cancelled."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from core.errors import DomainError
from notifications.models import OutboxMessage
from trainings import services
from trainings.calendar import session_ics
from trainings.models import Enrolment
from trainings.services.messages import reminder_key


def test_cancelling_works_until_48_hours_before_and_then_says_whom_to_contact(alice, session):
    enrolment = services.enrolment_create(session=session, user=alice)
    with time_machine.travel(session.starts_at - dt.timedelta(hours=47)):
        with pytest.raises(DomainError, match="training@example.org"):
            services.enrolment_cancel(enrolment=enrolment)
    with time_machine.travel(session.starts_at - dt.timedelta(hours=49)):
        services.enrolment_cancel(enrolment=enrolment)
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.CANCELLED


def test_after_the_deadline_the_cancel_page_is_a_calm_message_and_the_post_changes_nothing(client, alice, session):
    enrolment = services.enrolment_create(session=session, user=alice)
    with time_machine.travel(session.starts_at - dt.timedelta(hours=2)):
        client.force_login(alice)
        page = client.get(reverse("trainings:cancel", args=[enrolment.pk]))
        assert "please let training@example.org know" in page.content.decode()
        assert b"Yes, cancel" not in page.content
        response = client.post(reverse("trainings:cancel", args=[enrolment.pk]), follow=True)
    assert "training@example.org" in response.content.decode()
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.ENROLLED


def test_the_reminder_is_due_the_day_before_and_a_late_enrolment_gets_none(alice, charlie, make_session):
    session = make_session(days=5)
    services.enrolment_create(session=session, user=alice)
    reminder = OutboxMessage.objects.get(recipient=alice, template="trainings_reminder")
    assert reminder.due_at == session.starts_at - dt.timedelta(hours=24)
    assert reminder.not_after == session.starts_at
    with time_machine.travel(session.starts_at - dt.timedelta(hours=3)):
        services.enrolment_create(session=session, user=charlie)
    assert OutboxMessage.objects.filter(recipient=charlie, template="trainings_confirmation").exists()
    assert not OutboxMessage.objects.filter(recipient=charlie, template="trainings_reminder").exists()


def test_a_moved_session_sends_an_update_with_the_same_uid_and_a_higher_sequence(alice, session):
    enrolment = services.enrolment_create(session=session, user=alice)
    old_reminder = OutboxMessage.objects.with_key(reminder_key(enrolment, session)).get()
    new_start = session.starts_at + dt.timedelta(days=2)
    services.session_update(
        session=session, starts_at=new_start, time_zone="Europe/Copenhagen", capacity=3, place="Aarhus", trainer=None
    )
    session.refresh_from_db()
    moved = OutboxMessage.objects.get(recipient=alice, template="trainings_moved")
    ics = moved.attachments[0]["content"]
    assert "METHOD:REQUEST" in ics and "SEQUENCE:1" in ics
    assert f"UID:{session.uid}@trainings.wellbeing" in ics
    assert "LOCATION:Aarhus" in ics and "CLASS:PRIVATE" in ics
    old_reminder.refresh_from_db()
    assert old_reminder.status == OutboxMessage.Status.CANCELLED
    assert OutboxMessage.objects.get(recipient=alice, template="trainings_reminder", status="pending").due_at == (
        new_start - dt.timedelta(hours=24)
    )


def test_a_cancelled_session_sends_method_cancel_and_tells_the_wait_list(alice, charlie, session, seated):
    services.enrolment_create(session=session, user=alice)
    seated(2)
    services.enrolment_create(session=session, user=charlie, wait_if_full=True)
    services.session_cancel(session=session)
    cancelled = OutboxMessage.objects.get(recipient=alice, template="trainings_cancelled")
    ics = cancelled.attachments[0]["content"]
    assert "METHOD:CANCEL" in ics and "STATUS:CANCELLED" in ics and "SEQUENCE:1" in ics
    # The wait list is told too, with no calendar file: nothing was in their calendar.
    assert OutboxMessage.objects.get(recipient=charlie, template="trainings_cancelled").attachments == []
    assert not OutboxMessage.objects.filter(recipient=alice, template="trainings_reminder", status="pending").exists()
    assert set(Enrolment.objects.values_list("status", flat=True)) == {"cancelled"}


def test_the_calendar_file_names_the_course_in_the_readers_language_and_only_the_reader(alice, session):
    alice.language = "nl"
    ics = session_ics(session, reader=alice, method="REQUEST")
    assert "SUMMARY:Training mentale weerbaarheid" in ics
    assert ics.count("ATTENDEE") == 1 and "alice@example.org" in ics


def test_the_email_shows_the_time_in_the_sessions_zone_and_names_the_zone(alice, make_session):
    import zoneinfo

    from notifications.email import render_email

    start = (session_start := make_session(days=6, time_zone="Europe/Copenhagen")).starts_at
    services.enrolment_create(session=session_start, user=alice)
    message = OutboxMessage.objects.get(recipient=alice, template="trainings_confirmation")
    _subject, text, _html = render_email(
        message.template, message.context, language="en", tzinfo=zoneinfo.ZoneInfo("America/Nuuk")
    )
    local = start.astimezone(zoneinfo.ZoneInfo("Europe/Copenhagen"))
    assert f"{local:%H:%M} (Europe/Copenhagen time)" in text


def test_leaving_the_wait_list_sends_nothing(alice, session, seated):
    seated(3)
    waiting = services.enrolment_create(session=session, user=alice, wait_if_full=True)
    services.enrolment_cancel(enrolment=waiting)
    assert not OutboxMessage.objects.filter(recipient=alice).exists()
