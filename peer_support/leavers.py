"""What a peer supporter, coordinator or meeting leader who leaves hands back.

Registered with `accounts.leaving` and run by `accounts.services.account_close`. Nothing
stays assigned to someone who left: a request they had taken goes back to the queue, the
follow-up steps they owned lose their owner, and the region's coordinators are told
neutrally. Meetings and reflection series they lead are listed for handover.
"""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.leaving import OpenWork, leaver_work
from accounts.models import HandoverItem

from .conflicts import people_in_conflict_with
from .models import (
    DutyExtraShift,
    DutyPattern,
    FollowUpPlan,
    FollowUpStep,
    GroupMeeting,
    ReflectionSeries,
    SupporterDuty,
    SupportRequest,
)
from .regions import coordinators_of, region_of, region_of_user
from .services.incidents import plan_supporter_release
from .services.messaging import task_notice
from .services.requests import support_request_return_to_queue

Kind = HandoverItem.Kind


@leaver_work("peer_support.requests", order=10)
def requests_release(*, user, now: dt.datetime) -> list[OpenWork]:
    """Open requests they had taken: back to the queue, announced again, coordinators told."""
    work = []
    taken = SupportRequest.objects.filter(assigned_to=user, status__in=SupportRequest.OPEN_STATUSES).select_related(
        "region"
    )
    for support_request in taken.order_by("pk"):
        support_request_return_to_queue(support_request=support_request, now=now)
        region = support_request.region if support_request.route == SupportRequest.Route.PEER_SUPPORT else None
        # Never a coordinator in a conflict of interest with it: they are not told it exists.
        for coordinator in coordinators_of(region).exclude(
            pk__in=people_in_conflict_with(support_request).values("pk")
        ):
            task_notice(
                key=f"ps:request:{support_request.pk}:returned:{coordinator.pk}:{now.isoformat()}",
                recipient=coordinator,
                due_at=now,
                path=reverse("handover"),
            )
        work.append(OpenWork(kind=Kind.REQUEST, obj=support_request, region=region, when=support_request.created_at))
    return work


@leaver_work("peer_support.follow_up", order=20)
def follow_up_release(*, user, now: dt.datetime) -> list[OpenWork]:
    """Follow-up after an incident they supported or had steps of: the steps lose their owner."""
    planned = FollowUpStep.State.PLANNED
    plans = (
        FollowUpPlan.objects.filter(request__isnull=True, declined_at__isnull=True)
        .filter(Q(supporter=user) | Q(steps__owner=user, steps__state=planned))
        .distinct()
        .select_related("region")
        .order_by("pk")
    )
    work = []
    for plan in plans:
        next_step = plan.steps.filter(state=FollowUpStep.State.PLANNED).order_by("due_at").first()
        plan_supporter_release(plan=plan, supporter=user, now=now)
        if next_step is not None:
            work.append(OpenWork(kind=Kind.FOLLOW_UP, obj=plan, region=plan.region, when=next_step.due_at))
    return work


@leaver_work("peer_support.meetings", order=30)
def meetings_listed(*, user, now: dt.datetime) -> list[OpenWork]:
    """Group meetings after an incident they were to lead: another leader is needed."""
    meetings = GroupMeeting.objects.filter(leader=user, starts_at__gt=now).select_related("incident__unit")
    return [
        OpenWork(kind=Kind.MEETING, obj=meeting, region=region_of(meeting.incident.unit), when=meeting.starts_at)
        for meeting in meetings.order_by("starts_at")
    ]


@leaver_work("peer_support.reflection", order=40)
def reflection_listed(*, user, now: dt.datetime) -> list[OpenWork]:
    """Reflection series they lead that still have meetings ahead."""
    work = []
    for series in ReflectionSeries.objects.filter(leader=user, cancelled_at__isnull=True).order_by("pk"):
        ahead = [moment for moment in series.meeting_dates() if moment > now]
        if ahead:
            work.append(OpenWork(kind=Kind.REFLECTION, obj=series, when=ahead[0]))
    return work


@leaver_work("peer_support.duty", order=50)
def duty_shifts_of_leaver(*, user, now: dt.datetime) -> list[OpenWork]:
    """Duty shifts of someone who left: the one place that lists them.

    They go off duty; their weekly shifts end yesterday and their extra shifts to come are
    removed, so that the rota shows the gap their leaving opens (flagged days ahead) instead
    of a shift nobody will work. Their region's coordinators see it on the handover page."""
    today = timezone.localdate(now)
    yesterday = today - dt.timedelta(days=1)
    patterns = DutyPattern.objects.filter(person=user)
    patterns = patterns.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=yesterday))
    extras = DutyExtraShift.objects.filter(person=user, ends_at__gt=now)
    had_shifts = patterns.exists() or extras.exists()
    patterns.filter(valid_from__gt=yesterday).delete()
    patterns.update(valid_until=yesterday)
    extras.filter(starts_at__gte=now).delete()
    extras.update(ends_at=now)
    if had_shifts:
        SupporterDuty.objects.get_or_create(supporter=user, defaults={"on_duty": True})
    work = []
    for duty in SupporterDuty.objects.filter(supporter=user, on_duty=True):
        SupporterDuty.objects.filter(pk=duty.pk).update(on_duty=False)
        work.append(OpenWork(kind=Kind.DUTY, obj=duty, region=region_of_user(user), when=None))
    return work
