"""Group meetings after an incident (a defusing or a debriefing): planned, moved, cancelled,
and held.

Whoever may call one (`access.may_schedule_meeting`) plans, moves and cancels it; the leader
marks it held. The participants are the colleagues involved who have not said no to follow-up,
plus the leader. Each version of the meeting (its `sequence`) reaches each of them once, with a
calendar file of the same UID, through outbox keys that hold the version; an update cancels
the earlier version's messages that were not sent yet. Only a meeting held completes the
group meeting step of the participants' plans: planning one completes nothing.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record, audit_record_many
from core.errors import DomainError
from notifications.services import message_schedule, messages_cancel_prefix

from ..access import may_change_meeting, may_mark_meeting_held, may_schedule_meeting, meeting_leaders_for
from ..calendar import meeting_attachment
from ..models import CriticalIncident, FollowUpPlan, FollowUpStep, GroupMeeting, StepKind, SupporterDuty
from ..regions import region_of_user, supporters_of
from . import planned_moment_check, text_check

# The reminder goes out this long before the meeting (none when it is planned later than that).
MEETING_REMINDER_BEFORE = dt.timedelta(hours=24)


def _plans(meeting: GroupMeeting):
    return FollowUpPlan.objects.filter(incident_id=meeting.incident_id, declined_at__isnull=True).select_related(
        "person"
    )


def meeting_participants(meeting: GroupMeeting) -> list:
    """The colleagues involved who have not said no to follow-up, then the leader."""
    people = [plan.person for plan in _plans(meeting) if plan.person.is_active]
    if all(person.pk != meeting.leader_id for person in people):
        people.append(meeting.leader)
    return people


def _send(meeting: GroupMeeting, *, template: str, method: str, now: dt.datetime) -> None:
    """This version of the meeting to every participant, once each (the key holds the version)."""
    context = {"starts_at": meeting.starts_at.isoformat(), "place": meeting.place}
    for person in meeting_participants(meeting):
        base = f"ps:meeting:{meeting.pk}:{person.pk}:"
        # An earlier version's invitation or reminder that has not gone out is out of date.
        messages_cancel_prefix(prefix=base)
        version = f"{base}{meeting.sequence}:"
        message_schedule(
            key=f"{version}{method.lower()}",
            template=template,
            recipient=person,
            due_at=now,
            not_after=meeting.starts_at,
            context=context,
            attachments=[meeting_attachment(meeting, reader=person, method=method, now=now)],
        )
        remind_at = meeting.starts_at - MEETING_REMINDER_BEFORE
        if method == "REQUEST" and remind_at > now:
            message_schedule(
                key=f"{version}reminder",
                template="peer_support_meeting_reminder",
                recipient=person,
                due_at=remind_at,
                not_after=meeting.starts_at,
                context=context,
            )


def _leader_check(*, leader, incident: CriticalIncident) -> None:
    if leader is None or not meeting_leaders_for(incident).filter(pk=leader.pk).exists():
        raise DomainError(_("Choose a psychologist or a supporter trained to lead group meetings."))


@transaction.atomic
def group_meeting_schedule(
    *, incident: CriticalIncident, kind: str, starts_at: dt.datetime, place: str, leader, by, now=None
) -> GroupMeeting:
    """Plan a debriefing or defusing: invitations, with a calendar file, to every participant."""
    now = now or timezone.now()
    if not may_schedule_meeting(by, incident):
        raise DomainError(_("Only the coordinator or the manager who registered it can call this meeting."))
    if kind not in GroupMeeting.Kind.values:
        raise DomainError(_("Choose the kind of meeting."))
    planned_moment_check(moment=starts_at, now=now)
    text_check(model=GroupMeeting, place=place)
    _leader_check(leader=leader, incident=incident)
    meeting = GroupMeeting.objects.create(
        incident=incident, kind=kind, starts_at=starts_at, place=place, leader=leader, scheduled_by=by
    )
    audit_record(actor=by, action="group_meeting.schedule", obj=meeting)
    _send(meeting, template="peer_support_meeting", method="REQUEST", now=now)
    return meeting


def _locked(meeting: GroupMeeting) -> GroupMeeting:
    return GroupMeeting.objects.select_for_update().select_related("incident", "leader").get(pk=meeting.pk)


@transaction.atomic
def group_meeting_move(*, meeting: GroupMeeting, starts_at: dt.datetime, place: str, by, now=None) -> GroupMeeting:
    """A new time or place: the same calendar event, one version higher, to every participant."""
    now = now or timezone.now()
    meeting = _locked(meeting)
    if not may_change_meeting(by, meeting):
        raise DomainError(_("This meeting can no longer be changed."))
    planned_moment_check(moment=starts_at, now=now)
    text_check(model=GroupMeeting, place=place)
    if starts_at == meeting.starts_at and place == meeting.place:
        raise DomainError(_("Nothing changed: choose another time or place."))
    meeting.starts_at, meeting.place = starts_at, place
    meeting.sequence += 1
    meeting.save(update_fields=["starts_at", "place", "sequence"])
    audit_record(actor=by, action="group_meeting.move", obj=meeting)
    _send(meeting, template="peer_support_meeting_moved", method="REQUEST", now=now)
    return meeting


@transaction.atomic
def group_meeting_cancel(*, meeting: GroupMeeting, by, now=None) -> GroupMeeting:
    """Call the meeting off: a cancellation that removes the event, and the step stays open."""
    now = now or timezone.now()
    meeting = _locked(meeting)
    if not may_change_meeting(by, meeting):
        raise DomainError(_("This meeting can no longer be changed."))
    meeting.status = GroupMeeting.Status.CANCELLED
    meeting.cancelled_at = now
    meeting.sequence += 1
    meeting.save(update_fields=["status", "cancelled_at", "sequence"])
    audit_record(actor=by, action="group_meeting.cancel", obj=meeting)
    _send(meeting, template="peer_support_meeting_cancelled", method="CANCEL", now=now)
    return meeting


@transaction.atomic
def group_meeting_held(*, meeting: GroupMeeting, by, now=None) -> GroupMeeting:
    """The leader says the meeting took place: the group meeting step of every participant's
    plan is done. Who actually came is not recorded (no minutes are kept)."""
    now = now or timezone.now()
    meeting = _locked(meeting)
    if not may_mark_meeting_held(by, meeting, now):
        if meeting.is_planned and meeting.leader_id == by.pk:
            raise DomainError(_("A meeting can be marked as held once it has started."))
        raise DomainError(_("Only the leader can mark this meeting as held."))
    meeting.status = GroupMeeting.Status.HELD
    meeting.held_at = now
    meeting.save(update_fields=["status", "held_at"])
    audit_record(actor=by, action="group_meeting.held", obj=meeting)
    steps = list(
        FollowUpStep.objects.filter(
            plan__incident_id=meeting.incident_id,
            plan__declined_at__isnull=True,
            kind=StepKind.GROUP_MEETING,
            state=FollowUpStep.State.PLANNED,
        ).select_related("plan")
    )
    for step in steps:
        messages_cancel_prefix(prefix=step.key_prefix)
    FollowUpStep.objects.filter(pk__in=[step.pk for step in steps]).update(state=FollowUpStep.State.DONE, done_at=now)
    # Each person may read in their access log that the leader updated their plan.
    audit_record_many(actor=by, action="follow_up_step.done", shown=[(step, step.plan.person_id) for step in steps])
    return meeting


def supporter_meeting_leader_set(*, supporter, leads: bool, by) -> SupporterDuty:
    """The region's coordinator says whether a peer supporter is trained to lead group meetings."""
    if not by.has_perm("accounts.coordinate_support") or by.pk == supporter.pk:
        raise DomainError(_("Only the coordinator of the region can change this."))
    if not supporters_of(region_of_user(by)).filter(pk=supporter.pk).exists():
        raise DomainError(_("Only the coordinator of the region can change this."))
    duty, _created = SupporterDuty.objects.update_or_create(
        supporter=supporter, defaults={"leads_group_meetings": leads}
    )
    audit_record(actor=by, action="supporter.meeting_leader", obj=duty, subject=supporter)
    return duty
