"""Group meetings after an incident: who calls and who leads them, the calendar invitations
that update and cancel, the leader's agenda, and the protocol step that is done only when the
leader marks the meeting held."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.roles import Role
from core.errors import DomainError
from core.models import AuditEntry
from notifications.models import OutboxMessage
from notifications.services import messages_dispatch
from peer_support.models import FollowUpPlan, FollowUpStep, GroupMeeting, IncidentType, StepKind, SupporterDuty
from peer_support.services.incidents import incident_register, plan_decline, step_complete
from peer_support.services.meetings import (
    group_meeting_cancel,
    group_meeting_held,
    group_meeting_move,
    group_meeting_schedule,
    supporter_meeting_leader_set,
)
from peer_support.services.protocols import protocol_choose
from tests.factories import UserFactory, with_totp
from tests.peer_support.test_emails import SENSITIVE

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)  # a Monday
START = NOW + dt.timedelta(days=2, hours=4)  # Wednesday 13:00 UTC
LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture(autouse=True)
def _fixed_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def incident(org, wim, mona, alice, erin):
    """The Danish police protocol, which has a group meeting step and calls for a debriefing."""
    from peer_support.models import FollowUpProtocol

    protocol_choose(
        organisation=org["national"],
        incident_type=IncidentType.FORCE,
        protocol=FollowUpProtocol.objects.get(code="dk-police"),
        by=wim,
    )
    return incident_register(
        registered_by=mona,
        incident_type=IncidentType.FORCE,
        occurred_at=NOW - dt.timedelta(hours=3),
        unit=alice.unit,
        people=[alice, erin],
    )


@pytest.fixture
def trained(org):
    """A peer supporter of the north whom the coordinator marked as trained to lead."""
    user = with_totp(
        UserFactory(email="tess@example.org", first_name="Tess", unit=org["team_b"], roles=[Role.PEER_SUPPORTER])
    )
    SupporterDuty.objects.create(supporter=user, leads_group_meetings=True)
    return user


def schedule(incident, *, by, leader, starts_at=START, place="Room 4"):
    return group_meeting_schedule(
        incident=incident, kind="debriefing", starts_at=starts_at, place=place, leader=leader, by=by
    )


def meeting_steps(incident):
    return FollowUpStep.objects.filter(plan__incident=incident, kind=StepKind.GROUP_MEETING)


def invitations(person, *, method=None):
    rows = OutboxMessage.objects.filter(recipient=person).exclude(attachments=[]).order_by("pk")
    files = [Calendar.from_ical(row.attachments[0]["content"]) for row in rows]
    return [f for f in files if method is None or f["METHOD"] == method]


def event(calendar):
    return calendar.walk("VEVENT")[0]


def form_data(starts_at=START, place="Room 4", **extra):
    return {"starts_at": timezone.localtime(starts_at).strftime(LOCAL), "place": place, **extra}


# --- Who calls a meeting ---------------------------------------------------------------------


@pytest.mark.parametrize("caller", ["carol", "mona"])
def test_the_coordinator_and_the_registering_manager_may_call_a_meeting(client, request, incident, petra, caller):
    user = request.getfixturevalue(caller)
    client.force_login(user)
    page = client.get(reverse("peer_support:incident_detail", args=[incident.pk])).content.decode()
    assert "Schedule and invite" in page
    response = client.post(
        reverse("peer_support:incident_meeting", args=[incident.pk]),
        form_data(kind="debriefing", leader=petra.pk),
    )
    assert response.status_code == 302
    meeting = GroupMeeting.objects.get()
    assert meeting.scheduled_by == user and meeting.leader == petra
    assert AuditEntry.objects.filter(action="group_meeting.schedule", actor=user).exists()


@pytest.mark.parametrize("outsider", ["sam", "bob", "petra", "alice", "wim"])
def test_everyone_else_is_refused_at_the_door_and_by_the_service(client, request, incident, petra, outsider):
    user = request.getfixturevalue(outsider)
    client.force_login(user)
    url = reverse("peer_support:incident_meeting", args=[incident.pk])
    assert client.post(url, form_data(kind="debriefing", leader=petra.pk)).status_code in (403, 404)
    with pytest.raises(DomainError):
        schedule(incident, by=user, leader=petra)
    assert not GroupMeeting.objects.exists()


def test_another_managers_page_of_the_incident_offers_no_meeting(client, incident, org):
    other = with_totp(UserFactory(email="max@example.org", unit=org["groningen"], roles=[Role.MANAGER]))
    client.force_login(other)
    assert client.get(reverse("peer_support:incident_detail", args=[incident.pk])).status_code == 404


# --- Who leads -------------------------------------------------------------------------------


def test_the_form_offers_psychologists_and_trained_supporters_but_not_those_involved(
    client, incident, carol, petra, bob, trained, erin
):
    SupporterDuty.objects.create(supporter=erin, leads_group_meetings=True)  # trained, but involved
    client.force_login(carol)
    page = client.get(reverse("peer_support:incident_detail", args=[incident.pk])).content.decode()
    select = page.split('name="leader"', 1)[1].split("</select>", 1)[0]
    assert f'value="{petra.pk}"' in select and f'value="{trained.pk}"' in select
    assert f'value="{bob.pk}"' not in select  # a supporter not trained to lead
    assert f'value="{erin.pk}"' not in select
    # The protocol's kind stays proposed.
    assert 'value="debriefing" selected' in page


def test_the_service_refuses_a_leader_who_may_not_lead(incident, carol, bob, alice):
    for leader in (bob, alice):
        with pytest.raises(DomainError):
            schedule(incident, by=carol, leader=leader)
    assert not GroupMeeting.objects.exists()


def test_the_coordinator_marks_a_supporter_of_the_region_as_trained(client, carol, bob, dave):
    client.force_login(carol)
    client.post(reverse("peer_support:meeting_leader_set"), {"supporter": bob.pk, "leads": "1"})
    assert SupporterDuty.objects.get(supporter=bob).leads_group_meetings
    assert "leads group meetings" in client.get(reverse("peer_support:coordination")).content.decode()
    # A supporter of another region: 404; nothing changes.
    response = client.post(reverse("peer_support:meeting_leader_set"), {"supporter": dave.pk, "leads": "1"})
    assert response.status_code == 404
    assert not SupporterDuty.objects.filter(supporter=dave, leads_group_meetings=True).exists()
    client.post(reverse("peer_support:meeting_leader_set"), {"supporter": bob.pk, "leads": "0"})
    assert not SupporterDuty.objects.get(supporter=bob).leads_group_meetings


def test_a_supporter_cannot_mark_themselves_as_trained(client, bob):
    client.force_login(bob)
    response = client.post(reverse("peer_support:meeting_leader_set"), {"supporter": bob.pk, "leads": "1"})
    assert response.status_code == 403
    with pytest.raises(DomainError):
        supporter_meeting_leader_set(supporter=bob, leads=True, by=bob)


# --- Invitations -----------------------------------------------------------------------------


def test_each_participant_and_the_leader_get_a_calendar_invitation(incident, carol, petra, alice, erin):
    meeting = schedule(incident, by=carol, leader=petra)
    for person in (alice, erin, petra):
        [calendar] = invitations(person)
        vevent = event(calendar)
        assert calendar["METHOD"] == "REQUEST"
        assert str(vevent["UID"]) == f"{meeting.uid}@meetings.wellbeing"
        assert vevent["SEQUENCE"] == 0
        assert vevent.decoded("DTSTART") == START
        assert "DTSTART:20261104T130000Z" in calendar.to_ical().decode()  # in UTC
        assert vevent.decoded("DTEND") == START + dt.timedelta(hours=2)
        assert str(vevent["LOCATION"]) == "Room 4"
        assert str(vevent["SUMMARY"]) == "Meeting"
        assert str(vevent["CLASS"]) == "PRIVATE"
        # Only the reader is named: nobody learns from the file who else was involved.
        assert str(vevent["ATTENDEE"]) == f"mailto:{person.email}"
        assert "petra" not in str(vevent["ORGANIZER"]).lower()


def test_the_summary_is_in_the_readers_language(incident, carol, petra, alice, erin):
    alice.language, erin.language = "nl", "da"
    alice.save(update_fields=["language"])
    erin.save(update_fields=["language"])
    schedule(incident, by=carol, leader=petra)
    assert str(event(invitations(alice)[0])["SUMMARY"]) == "Bijeenkomst"
    assert str(event(invitations(erin)[0])["SUMMARY"]) == "Møde"


def test_someone_who_said_no_to_follow_up_is_not_invited(incident, carol, petra, alice, erin):
    plan_decline(plan=FollowUpPlan.objects.get(incident=incident, person=erin), person=erin)
    schedule(incident, by=carol, leader=petra)
    assert invitations(erin) == []
    assert len(invitations(alice)) == 1


def test_moving_updates_the_same_event_and_cancelling_removes_it(incident, carol, petra, alice):
    meeting = schedule(incident, by=carol, leader=petra)
    later = START + dt.timedelta(days=1)
    group_meeting_move(meeting=meeting, starts_at=later, place="Room 9", by=carol)
    group_meeting_cancel(meeting=meeting, by=carol)
    files = invitations(alice)
    uids = {str(event(f)["UID"]) for f in files}
    assert uids == {f"{meeting.uid}@meetings.wellbeing"}
    assert [event(f)["SEQUENCE"] for f in files] == [0, 1, 2]
    assert [f["METHOD"] for f in files] == ["REQUEST", "REQUEST", "CANCEL"]
    assert event(files[1]).decoded("DTSTART") == later and str(event(files[1])["LOCATION"]) == "Room 9"
    assert str(event(files[2])["STATUS"]) == "CANCELLED"
    # The earlier version's invitation that had not gone out yet, and its reminder, are cancelled.
    pending = OutboxMessage.objects.filter(
        recipient=alice, status=OutboxMessage.Status.PENDING, template__startswith="peer_support_meeting"
    )
    assert [row.template for row in pending] == ["peer_support_meeting_cancelled"]


def test_each_version_is_sent_once_even_when_dispatch_runs_twice(incident, carol, petra, alice, erin):
    meeting = schedule(incident, by=carol, leader=petra)
    messages_dispatch()
    group_meeting_move(meeting=meeting, starts_at=START + dt.timedelta(hours=2), place="Room 4", by=carol)
    messages_dispatch()
    messages_dispatch()
    to_alice = [m for m in mail.outbox if m.to == [alice.email] and m.attachments]
    assert len(to_alice) == 2
    sequences = [event(Calendar.from_ical(m.attachments[0][1]))["SEQUENCE"] for m in to_alice]
    assert sequences == [0, 1]
    # Scheduling the same version again (a retried request) sends nothing more.
    from peer_support.services.meetings import _send

    _send(meeting, template="peer_support_meeting_moved", method="REQUEST", now=timezone.now())
    messages_dispatch()
    assert len([m for m in mail.outbox if m.to == [alice.email] and m.attachments]) == 2


def test_the_reminder_goes_out_a_day_before(incident, carol, petra, alice):
    schedule(incident, by=carol, leader=petra)
    reminder = OutboxMessage.objects.get(recipient=alice, template="peer_support_meeting_reminder")
    assert reminder.due_at == START - dt.timedelta(hours=24)


@pytest.mark.parametrize("language", ["en", "nl", "da"])
def test_the_e_mails_and_calendar_files_are_neutral(incident, carol, petra, alice, language):
    alice.language = language
    alice.save(update_fields=["language"])
    meeting = schedule(incident, by=carol, leader=petra)
    messages_dispatch()
    group_meeting_move(meeting=meeting, starts_at=START + dt.timedelta(hours=1), place="Room 4", by=carol)
    messages_dispatch()
    group_meeting_cancel(meeting=meeting, by=carol)
    messages_dispatch()
    sent = [m for m in mail.outbox if m.to == [alice.email] and m.attachments]
    assert len(sent) == 3
    for message in sent:
        text = " ".join([message.subject, message.body, *(a[1] for a in message.attachments)]).lower()
        for word in [*SENSITIVE, "debrief", "defus", "petra"]:
            assert word not in text, (language, word)


# --- Move and cancel -------------------------------------------------------------------------


def test_the_manager_moves_the_meeting_through_the_page(client, incident, mona, petra):
    meeting = schedule(incident, by=mona, leader=petra)
    client.force_login(mona)
    page = client.get(reverse("peer_support:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Move the meeting" in page
    later = START + dt.timedelta(days=3)
    client.post(reverse("peer_support:meeting_move", args=[meeting.pk]), form_data(later, "Hall"))
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.place, meeting.sequence) == (later, "Hall", 1)
    assert AuditEntry.objects.filter(action="group_meeting.move", actor=mona).exists()


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [(NOW - dt.timedelta(hours=1), "in the future"), (NOW + dt.timedelta(days=400), "within a year")],
)
def test_a_move_to_the_past_or_too_far_ahead_says_why_and_changes_nothing(
    client, incident, carol, petra, starts_at, message
):
    meeting = schedule(incident, by=carol, leader=petra)
    client.force_login(carol)
    url = reverse("peer_support:meeting_move", args=[meeting.pk])
    response = client.post(url, form_data(starts_at), follow=True)
    assert message in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.sequence) == (START, 0)
    with pytest.raises(DomainError):
        group_meeting_move(meeting=meeting, starts_at=starts_at, place="Room 4", by=carol)


def test_cancelling_asks_first_then_cancels_and_leaves_the_step_open(client, incident, carol, petra):
    meeting = schedule(incident, by=carol, leader=petra)
    client.force_login(carol)
    url = reverse("peer_support:meeting_cancel", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "Cancel this meeting?" in page
    assert GroupMeeting.objects.get().status == GroupMeeting.Status.PLANNED
    client.post(url)
    meeting.refresh_from_db()
    assert meeting.status == GroupMeeting.Status.CANCELLED and meeting.sequence == 1
    assert set(meeting_steps(incident).values_list("state", flat=True)) == {FollowUpStep.State.PLANNED}
    assert AuditEntry.objects.filter(action="group_meeting.cancel", actor=carol).exists()
    # A cancelled meeting cannot be moved or cancelled again.
    with pytest.raises(DomainError):
        group_meeting_cancel(meeting=meeting, by=carol)


@pytest.mark.parametrize("outsider", ["sam", "alice", "bob"])
def test_someone_else_cannot_open_move_or_cancel_a_meeting(client, request, incident, carol, petra, outsider):
    meeting = schedule(incident, by=carol, leader=petra)
    client.force_login(request.getfixturevalue(outsider))
    for name in ("meeting_detail", "meeting_cancel"):
        assert client.get(reverse(f"peer_support:{name}", args=[meeting.pk])).status_code == 404
    for name in ("meeting_move", "meeting_cancel", "meeting_held"):
        assert client.post(reverse(f"peer_support:{name}", args=[meeting.pk]), form_data()).status_code == 404
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (GroupMeeting.Status.PLANNED, 0)


def test_the_leader_sees_the_meeting_but_cannot_move_it(client, incident, carol, petra, alice):
    meeting = schedule(incident, by=carol, leader=petra)
    client.force_login(petra)
    page = client.get(reverse("peer_support:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Alice" in page and "Move the meeting" not in page
    # The leader's look at the names is in each person's access log.
    assert AuditEntry.objects.filter(action="group_meeting.attendees", actor=petra, subject=alice).exists()
    with pytest.raises(DomainError):
        group_meeting_move(meeting=meeting, starts_at=START + dt.timedelta(hours=1), place="X", by=petra)


# --- Held ------------------------------------------------------------------------------------


def test_planning_completes_nothing_and_held_completes_the_step(client, incident, carol, petra, alice, erin):
    meeting = schedule(incident, by=carol, leader=petra)
    assert set(meeting_steps(incident).values_list("state", flat=True)) == {FollowUpStep.State.PLANNED}
    client.force_login(petra)
    url = reverse("peer_support:meeting_held", args=[meeting.pk])
    # Not before it has started.
    page = client.post(url, follow=True).content.decode()
    assert "once it has started" in page
    assert GroupMeeting.objects.get().status == GroupMeeting.Status.PLANNED
    with time_machine.travel(START + dt.timedelta(minutes=30), tick=False):
        client.force_login(petra)  # a session lasts hours, not days
        client.post(url)
    meeting.refresh_from_db()
    assert meeting.status == GroupMeeting.Status.HELD
    assert set(meeting_steps(incident).values_list("state", flat=True)) == {FollowUpStep.State.DONE}
    assert AuditEntry.objects.filter(action="group_meeting.held", actor=petra).exists()
    assert AuditEntry.objects.filter(action="follow_up_step.done", actor=petra, subject=alice).exists()


def test_only_the_leader_marks_it_held(incident, carol, mona, petra):
    meeting = schedule(incident, by=carol, leader=petra)
    later = START + dt.timedelta(hours=1)
    for user in (carol, mona):
        with pytest.raises(DomainError):
            group_meeting_held(meeting=meeting, by=user, now=later)
    assert set(meeting_steps(incident).values_list("state", flat=True)) == {FollowUpStep.State.PLANNED}


def test_a_step_of_someone_who_said_no_stays_stopped_and_a_cancelled_meeting_cannot_be_held(
    incident, carol, petra, erin
):
    plan_decline(plan=FollowUpPlan.objects.get(incident=incident, person=erin), person=erin)
    meeting = schedule(incident, by=carol, leader=petra)
    group_meeting_held(meeting=meeting, by=petra, now=START + dt.timedelta(hours=1))
    assert meeting_steps(incident).get(plan__person=erin).state == FollowUpStep.State.CANCELLED
    other = schedule(incident, by=carol, leader=petra, starts_at=START + dt.timedelta(days=1))
    group_meeting_cancel(meeting=other, by=carol)
    with pytest.raises(DomainError):
        group_meeting_held(meeting=other, by=petra, now=START + dt.timedelta(days=2))


def test_the_group_meeting_step_cannot_be_ticked_off_by_hand_but_can_be_skipped(incident, carol):
    step = meeting_steps(incident).first()
    with pytest.raises(DomainError):
        step_complete(step=step, by=carol)
    assert step_complete(step=step, by=carol, skipped=True).state == FollowUpStep.State.SKIPPED


# --- Where the leader and the participants see it --------------------------------------------


def test_the_psychologist_sees_the_meeting_they_lead_in_their_agenda(
    client, incident, carol, petra, django_assert_max_num_queries
):
    meeting = schedule(incident, by=carol, leader=petra)
    schedule(incident, by=carol, leader=petra, starts_at=START + dt.timedelta(days=1), place="Room 5")
    client.force_login(petra)
    url = reverse("checkups:agenda") + f"?view=week&date={START.date().isoformat()}"
    client.get(url)  # warm the session
    with django_assert_max_num_queries(16):
        page = client.get(url).content.decode()
    assert reverse("peer_support:meeting_detail", args=[meeting.pk]) in page
    assert "Room 4" in page and "Room 5" in page
    day = client.get(reverse("checkups:agenda") + f"?view=day&date={START.date().isoformat()}").content.decode()
    assert "Room 4" in day and "Room 5" not in day


def test_another_psychologist_does_not_see_it(client, incident, carol, petra):
    other = with_totp(UserFactory(email="paul@example.org", first_name="Paul", roles=[Role.PSYCHOLOGIST]))
    schedule(incident, by=carol, leader=petra)
    client.force_login(other)
    page = client.get(reverse("checkups:agenda") + f"?view=week&date={START.date().isoformat()}").content.decode()
    assert "Room 4" not in page


def test_a_trained_supporter_sees_the_meeting_on_their_queue_page(
    client, incident, carol, trained, django_assert_max_num_queries
):
    meeting = schedule(incident, by=carol, leader=trained)
    client.force_login(trained)
    client.get(reverse("peer_support:queue"))
    with django_assert_max_num_queries(20):
        page = client.get(reverse("peer_support:queue")).content.decode()
    assert "Group meetings you lead" in page
    assert reverse("peer_support:meeting_detail", args=[meeting.pk]) in page


def test_participants_see_the_meeting_and_its_changes_on_their_plan_page(
    client, incident, carol, petra, alice, django_assert_max_num_queries
):
    meeting = schedule(incident, by=carol, leader=petra)
    plan = FollowUpPlan.objects.get(incident=incident, person=alice)
    client.force_login(alice)
    url = reverse("peer_support:plan_detail", args=[plan.pk])
    client.get(url)
    with django_assert_max_num_queries(16):
        page = client.get(url).content.decode()
    assert "Room 4" in page
    group_meeting_cancel(meeting=meeting, by=carol)
    assert "Cancelled" in client.get(url).content.decode()


def test_the_incident_and_meeting_pages_stay_within_a_query_budget(
    client, incident, carol, petra, django_assert_max_num_queries
):
    for day in range(3):
        schedule(incident, by=carol, leader=petra, starts_at=START + dt.timedelta(days=day))
    meeting = GroupMeeting.objects.first()
    client.force_login(carol)
    client.get(reverse("peer_support:incident_detail", args=[incident.pk]))
    with django_assert_max_num_queries(25):
        client.get(reverse("peer_support:incident_detail", args=[incident.pk]))
    client.force_login(petra)
    with django_assert_max_num_queries(16):
        client.get(reverse("peer_support:meeting_detail", args=[meeting.pk]))
