"""Critical incidents and the follow-up plans they start, from the chosen protocol."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from notifications.services import messages_cancel_prefix, messages_schedule_many

from ..access import may_complete_step
from ..models import CriticalIncident, FollowUpPlan, FollowUpStep, GroupMeeting, IncidentLogEntry, StepKind
from ..models.incidents import SHARED_SCORE_MAX
from ..regions import coordinators_of, region_of_user, regions_of_units
from . import incident_earliest, text_check
from .messaging import portal_path, task_notice
from .protocols import protocol_for


def _step_due(event_at: dt.datetime, offset_hours: int, tz) -> dt.datetime:
    """When a step falls due. Whole days are counted on the local calendar (wall clock), so a
    talk "3 days after" a 10:00 event is at 10:00 even across a daylight-saving change; other
    offsets are exact hours."""
    if offset_hours and offset_hours % 24 == 0:
        local = timezone.localtime(event_at, tz)
        naive = local.replace(tzinfo=None) + dt.timedelta(days=offset_hours // 24)
        return timezone.make_aware(naive, tz)
    return event_at.astimezone(dt.UTC) + dt.timedelta(hours=offset_hours)


def _steps_of(plan: FollowUpPlan, *, occurred_at: dt.datetime, protocol_steps, tz) -> list[FollowUpStep]:
    steps = []
    for step in protocol_steps:
        due = _step_due(occurred_at, step.offset_hours, tz)
        steps.append(
            FollowUpStep(
                plan=plan,
                order=step.order,
                kind=step.kind,
                label=step.label,
                instrument=step.instrument,
                due_at=due,
                overdue_at=due.astimezone(dt.UTC) + dt.timedelta(hours=step.window_hours),
            )
        )
    return steps


@transaction.atomic
def incident_register(
    *, registered_by, incident_type: str, occurred_at: dt.datetime, unit, people, description: str = "", now=None
) -> CriticalIncident:
    """Register an incident; each person involved gets a plan and a line in their own log.

    In bulk, with a constant number of queries however many people were involved (a
    national incident can involve hundreds): the regions of all their units in two, then one
    INSERT each for the plans, their steps, the log lines and the start messages. Someone
    listed twice gets one plan."""
    now = now or timezone.now()
    if occurred_at > now + dt.timedelta(minutes=5):
        raise DomainError(_("The time of the incident lies in the future."))
    if occurred_at < incident_earliest(now=now):
        raise DomainError(_("The time of the incident lies too far back to be registered here."))
    people = list({person.pk: person for person in people}.values())
    if not people:
        raise DomainError(_("Choose at least one colleague who was involved."))
    text_check(model=CriticalIncident, description=description)
    protocol = protocol_for(unit=unit, incident_type=incident_type)
    incident = CriticalIncident.objects.create(
        incident_type=incident_type,
        occurred_at=occurred_at,
        unit=unit,
        description=description,
        registered_by=registered_by,
        protocol=protocol,
    )
    protocol_steps = list(protocol.steps.all())
    regions = regions_of_units({person.unit_id for person in people})
    plans = FollowUpPlan.objects.bulk_create(
        [
            FollowUpPlan(
                incident=incident, person=person, region=regions.get(person.unit_id), protocol_name=protocol.name
            )
            for person in people
        ]
    )
    steps, entries, messages = [], [], []
    for plan, person in zip(plans, people, strict=True):
        tz = person.tzinfo  # whole days count on the person's own calendar
        steps += _steps_of(plan, occurred_at=incident.occurred_at, protocol_steps=protocol_steps, tz=tz)
        entries.append(
            IncidentLogEntry(
                owner=person,
                incident=incident,
                occurred_on=timezone.localtime(incident.occurred_at, tz).date(),
                incident_type=incident.incident_type,
            )
        )
        messages.append(
            {
                "key": f"ps:plan:{plan.pk}:start",
                "template": "peer_support_plan_start",
                "recipient_id": person.pk,
                "due_at": now,
                "context": {"path": portal_path("peer_support:plan_detail", plan.pk)},
            }
        )
    FollowUpStep.objects.bulk_create(steps, batch_size=2000)
    # One line per owner and incident (unique together): never a second one.
    IncidentLogEntry.objects.bulk_create(entries, batch_size=2000, ignore_conflicts=True)
    messages_schedule_many(rows=messages)
    return incident


def step_claim(*, step: FollowUpStep, supporter, now=None) -> FollowUpStep:
    """Take an outreach task from the queue; the claimer becomes the person's supporter.
    Like claiming a request, a conditional UPDATE lets exactly one win."""
    now = now or timezone.now()
    plan = step.plan
    if plan.declined or supporter.pk == plan.person_id:
        raise DomainError(_("You cannot take this task."))
    if region_of_user(supporter) != plan.region:
        raise DomainError(_("You cannot take this task."))
    with transaction.atomic():
        won = FollowUpPlan.objects.filter(pk=plan.pk, supporter__isnull=True).update(supporter=supporter)
        if not won:
            raise DomainError(_("Someone else has just taken this task."))
        plan.steps.filter(state=FollowUpStep.State.PLANNED, owner__isnull=True).exclude(kind=StepKind.SCREENING).update(
            owner=supporter
        )
    step.refresh_from_db()
    return step


@transaction.atomic
def plan_assign(*, plan: FollowUpPlan, supporter, by, now=None) -> FollowUpPlan:
    """The coordinator gives a person's follow-up to a supporter (or to another one)."""
    now = now or timezone.now()
    plan = FollowUpPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.declined:
        raise DomainError(_("This colleague said no to follow-up."))
    if supporter.pk == plan.person_id or region_of_user(supporter) != plan.region:
        raise DomainError(_("This colleague cannot take this task."))
    planned = plan.steps.filter(state=FollowUpStep.State.PLANNED).exclude(kind=StepKind.SCREENING)
    for step in planned:
        messages_cancel_prefix(prefix=f"{step.key_prefix}remind:")
    planned.update(owner=supporter)
    plan.supporter = supporter
    plan.save(update_fields=["supporter"])
    task_notice(
        key=f"ps:plan:{plan.pk}:assigned:{supporter.pk}:{now.isoformat()}",
        recipient=supporter,
        due_at=now,
        path=portal_path("peer_support:plan_detail", plan.pk),
    )
    return plan


@transaction.atomic
def plan_supporter_release(*, plan: FollowUpPlan, supporter, now=None) -> FollowUpPlan:
    """`supporter` has left: the steps they owned lose their owner, the plan its supporter
    (an outreach still planned goes back to the region's queue), and the region's
    coordinators get a neutral notice to hand it over."""
    now = now or timezone.now()
    plan = FollowUpPlan.objects.select_for_update().get(pk=plan.pk)
    owned = plan.steps.filter(state=FollowUpStep.State.PLANNED, owner=supporter)
    for step in owned:
        messages_cancel_prefix(prefix=step.key_prefix)
    owned.update(owner=None)
    if plan.supporter_id == supporter.pk:
        plan.supporter = None
        plan.save(update_fields=["supporter"])
    for coordinator in coordinators_of(plan.region):
        task_notice(
            key=f"ps:plan:{plan.pk}:released:{coordinator.pk}:{now.isoformat()}",
            recipient=coordinator,
            due_at=now,
            path=reverse("handover"),
        )
    return plan


@transaction.atomic
def step_complete(*, step: FollowUpStep, by, skipped: bool = False, now=None) -> FollowUpStep:
    now = now or timezone.now()
    step = FollowUpStep.objects.select_for_update().get(pk=step.pk)
    if not may_complete_step(by, step):
        raise DomainError(_("Only the owner of this step can do that."))
    if step.state != FollowUpStep.State.PLANNED:
        raise DomainError(_("This step is already finished."))
    if step.kind == StepKind.GROUP_MEETING and not skipped:
        # Done only when the leader marks the meeting held (services/meetings.py).
        raise DomainError(_("This step is done when the leader marks the group meeting as held."))
    step.state = FollowUpStep.State.SKIPPED if skipped else FollowUpStep.State.DONE
    step.done_at = now
    step.save(update_fields=["state", "done_at"])
    messages_cancel_prefix(prefix=step.key_prefix)
    return step


@transaction.atomic
def plan_decline(*, plan: FollowUpPlan, person, now=None) -> FollowUpPlan:
    """The person says no to follow-up. Respected at once: every pending reminder is cancelled."""
    now = now or timezone.now()
    plan = FollowUpPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.person_id != person.pk:
        raise DomainError(_("This is not your plan."))
    if plan.declined:
        return plan
    plan.declined_at = now
    plan.save(update_fields=["declined_at"])
    for step in plan.steps.filter(state=FollowUpStep.State.PLANNED):
        messages_cancel_prefix(prefix=step.key_prefix)
    plan.steps.filter(state=FollowUpStep.State.PLANNED).update(state=FollowUpStep.State.CANCELLED)
    messages_cancel_prefix(prefix=f"ps:plan:{plan.pk}:")
    if plan.incident_id:
        for meeting_id in GroupMeeting.objects.filter(incident_id=plan.incident_id).values_list("pk", flat=True):
            messages_cancel_prefix(prefix=f"ps:meeting:{meeting_id}:{person.pk}:")
    if plan.supporter_id:
        task_notice(
            key=f"ps:plan:{plan.pk}:declined",
            recipient=plan.supporter,
            due_at=now,
            path=portal_path("peer_support:plan_detail", plan.pk),
        )
    return plan


@transaction.atomic
def screening_share(*, step: FollowUpStep, person, score: int, now=None) -> FollowUpStep:
    """The person chooses to share their self-check total with their supporter."""
    now = now or timezone.now()
    if step.plan.person_id != person.pk or step.kind != StepKind.SCREENING:
        raise DomainError(_("This is not your questionnaire."))
    if not 0 <= score <= SHARED_SCORE_MAX:
        raise DomainError(_("The total lies between 0 and %(max)s.") % {"max": SHARED_SCORE_MAX})
    step.shared_score = score
    step.shared_at = now
    step.save(update_fields=["shared_score", "shared_at"])
    if step.plan.supporter_id:
        task_notice(
            key=f"ps:step:{step.pk}:shared:{now.isoformat()}",
            recipient=step.plan.supporter,
            due_at=now,
            path=portal_path("peer_support:plan_detail", step.plan_id),
        )
    return step
