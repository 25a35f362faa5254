"""Group meetings after an incident: the meeting's page, moving, cancelling, and marking it held.

Planning one is on the incident's page (`incidents.incident_meeting`)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import post_action
from core.audit import audit_record_many

from ..access import may_change_meeting, may_mark_meeting_held, may_schedule_meeting, meeting_for_user
from ..forms import GroupMeetingMoveForm
from ..services import meetings as svc


@login_required
def meeting_detail(request, pk):
    meeting = meeting_for_user(request.user, pk)
    user, now = request.user, timezone.now()
    is_leader = meeting.leader_id == user.pk
    context = {
        "meeting": meeting,
        "is_leader": is_leader,
        "may_call": may_schedule_meeting(user, meeting.incident),
        "may_change": may_change_meeting(user, meeting),
        "may_mark_held": may_mark_meeting_held(user, meeting, now),
        "now": now,
    }
    if context["may_change"]:
        local = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M")
        context["move_form"] = GroupMeetingMoveForm(initial={"starts_at": local, "place": meeting.place})
    if is_leader:
        # The leader needs to know who is coming; each of them may see that their name was shown.
        participants = [person for person in svc.meeting_participants(meeting) if person.pk != user.pk]
        audit_record_many(actor=user, action="group_meeting.attendees", shown=[(meeting, p) for p in participants])
        context["participants"] = participants
    return render(request, "peer_support/meeting_detail.html", context)


@login_required
@require_POST
def meeting_move(request, pk):
    meeting = meeting_for_user(request.user, pk)
    move = partial(svc.group_meeting_move, meeting=meeting, by=request.user)
    success = _("The meeting is moved. Everyone invited gets the new time and place.")
    return post_action(request, move, success=success, then=meeting, form=GroupMeetingMoveForm(request.POST))


@login_required
def meeting_cancel(request, pk):
    """Cancelling cannot be undone and tells everyone invited: first say so, then cancel."""
    meeting = meeting_for_user(request.user, pk)
    if request.method == "POST":
        cancel = partial(svc.group_meeting_cancel, meeting=meeting, by=request.user)
        success = _("The meeting is cancelled. Everyone invited is told, and the group meeting step stays open.")
        return post_action(request, cancel, success=success, then=meeting)
    if not may_change_meeting(request.user, meeting):
        return redirect(meeting)
    return render(request, "peer_support/meeting_cancel.html", {"meeting": meeting})


@login_required
@require_POST
def meeting_held(request, pk):
    meeting = meeting_for_user(request.user, pk)
    held = partial(svc.group_meeting_held, meeting=meeting, by=request.user)
    success = _("Thank you. The meeting is marked as held, and this step is done in each colleague's plan.")
    return post_action(request, held, success=success, then=meeting)
