"""Urgent alerts that reach a person: by text message and on their own portal page, besides e-mail.

Three things alert the people on duty:

1. **An urgent request** (peer support, "today") walks a chain, one step at a time, until
   someone takes it: the first person on duty, then (if nobody has taken it within
   `alert_ack_delay`) the next person on duty, ..., then the region's coordinators, then the
   next region's first person on duty, then that region's coordinators (which opens the request
   to that region's team, as the older level-2 escalation did). Taking the request (claiming
   it) is the acknowledgement: the chain stops and the alerts not yet sent are cancelled.
   Requests that are not urgent keep the coordinator/next-region escalation of `timers.py`,
   which alerts through the same `alert_person` and the same keys, so one person is never
   alerted twice about one request, whichever mechanism reached them.
2. **A taken request without a first contact** within `first_contact_delay`: its region's
   coordinators, once.
3. **A critical-incident follow-up step that nobody owns**, past its due time: the people on
   duty of its region, once.

Each alert is one outbox row per channel (SMS if the person gave a number, the portal page,
and e-mail where the older notices did not already send one), with deterministic keys. Each
step moves a marker on the request with a conditional UPDATE (`alert_step`), in the same
transaction as its rows, so a scan run twice or on two workers sends each step once.

The people on duty and the organisation's times are read in one function each:
`alert_chain_people` (the duty rota), `alert_ack_delay` and `first_contact_delay` (the
organisation's settings, whose defaults come from the environment).
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from notifications.keys import opaque_key
from notifications.models import OutboxMessage, channel_key
from notifications.services import message_schedule, messages_schedule_many
from organisations.selectors import organisation_of, organisation_of_unit

from ..conflicts import people_in_conflict_with, requests_in_conflict_for
from ..models import DutyKind, FollowUpStep, StepKind, SupporterDuty, SupportRequest
from ..regions import coordinators_of, next_region, supporters_of
from ..rota import on_duty, region_has_rota
from .messaging import portal_path, task_notice, task_notice_row

Channel = OutboxMessage.Channel

# The texts (templates/sms/*.txt and the portal page): a request waits, or another task waits.
ALERT_REQUEST = "peer_support_alert"
ALERT_TASK = "peer_support_alert_task"


def alert_ack_delay(region) -> dt.timedelta:
    """How long an alerted person has to take an urgent request before the next is alerted."""
    return dt.timedelta(minutes=organisation_of_unit(region).alert_ack_minutes)


def first_contact_delay(region) -> dt.timedelta:
    """How long a taken request may wait for its first contact before the coordinator is alerted."""
    return dt.timedelta(hours=organisation_of_unit(region).first_contact_hours)


def alert_chain_people(*, region, at: dt.datetime, support_request: SupportRequest | None = None, exclude=()) -> list:
    """The people on duty in `region` at `at`, in the order they are alerted (the first first).

    With a rota of peer supporters: who is on shift, in the rota's order (`rota.on_duty`);
    in a region without one, every supporter of the region, by account (a stable order).
    Never someone who switched "available now" off, and for a request never anyone in a
    conflict of interest with it (the person who asked, their team and line of command, people
    involved in the same incident, people they named, who handed it back)."""
    if region_has_rota(region=region, kind=DutyKind.PEER_SUPPORTER):
        people = on_duty(region=region, kind=DutyKind.PEER_SUPPORTER, at=at)
    else:
        people = list(supporters_of(region).order_by("pk"))
    unavailable = set(SupporterDuty.objects.filter(on_duty=False).values_list("supporter_id", flat=True))
    barred = set(exclude) | unavailable
    if support_request is not None:
        barred |= {support_request.requester_id, *people_in_conflict_with(support_request).values_list("pk", flat=True)}
    return [person for person in people if person.pk not in barred and person.is_active]


def _coordinators(region, support_request: SupportRequest | None = None) -> list:
    people = coordinators_of(region)
    if support_request is not None:
        people = people.exclude(pk=support_request.requester_id).exclude(
            pk__in=people_in_conflict_with(support_request).values("pk")
        )
    return list(people.order_by("pk"))


def alert_person(*, key: str, recipient, now: dt.datetime, template: str, context: dict, urgent: bool, email_path=""):
    """Alert one person on every channel they have: a text message (if they gave a number),
    the portal page, and an e-mail when `email_path` is given. `key` names the alert, e.g.
    `ps:request:42:alert:7`; the channels add their suffix. Scheduling it again sends nothing."""
    if recipient.alert_phone:
        message_schedule(
            key=key,
            template=template,
            recipient=recipient,
            due_at=now,
            urgent=urgent,
            channel=Channel.SMS,
            # The sender name the phone shows: the recipient's own organisation's.
            context={"sender": organisation_of(recipient).sms_sender},
        )
    message_schedule(
        key=key,
        template=template,
        recipient=recipient,
        due_at=now,
        urgent=urgent,
        channel=Channel.PORTAL,
        context=context,
    )
    if email_path:
        task_notice(key=key, recipient=recipient, due_at=now, path=email_path, urgent=urgent)


def alert_rows(
    *, key: str, recipient, now: dt.datetime, template: str, context: dict, urgent: bool, email_path=""
) -> list[dict]:
    """The rows `alert_person` writes, for `messages_schedule_many` (a scan's alerts in bulk)."""
    rows = []
    common = {"key": key, "template": template, "recipient_id": recipient.pk, "due_at": now, "urgent": urgent}
    if recipient.alert_phone:
        rows.append({**common, "channel": Channel.SMS, "context": {"sender": organisation_of(recipient).sms_sender}})
    rows.append({**common, "channel": Channel.PORTAL, "context": context})
    if email_path:
        rows.append(task_notice_row(key=key, recipient=recipient, due_at=now, path=email_path, urgent=urgent))
    return rows


def alerted_keys(keys) -> set[str]:
    """Of these alert keys, those already sent to the portal page (one query)."""
    opaque = {opaque_key(channel_key(key, Channel.PORTAL)): key for key in keys}
    found = OutboxMessage.objects.filter(key__in=list(opaque)).values_list("key", flat=True) if opaque else []
    return {opaque[key] for key in found}


def request_alerts_rows(pairs, *, now: dt.datetime, urgent: bool, alerted: set | None = None) -> list[dict]:
    """`request_alert` for many (request, person) pairs: the rows of those not alerted yet
    about that request (one query). `alerted` collects the keys across calls of one scan."""
    alerted = set() if alerted is None else alerted
    keys = {request_alert_key(support_request, person) for support_request, person in pairs}
    alerted |= alerted_keys(keys - alerted)
    rows = []
    for support_request, person in pairs:
        key = request_alert_key(support_request, person)
        if key in alerted:
            continue
        alerted.add(key)
        rows += alert_rows(
            key=key,
            recipient=person,
            now=now,
            template=ALERT_REQUEST,
            context={"kind": "request", "request_id": support_request.pk},
            urgent=urgent,
        )
    return rows


def request_alert_key(support_request: SupportRequest, person) -> str:
    return f"ps:request:{support_request.pk}:alert:{person.pk}"


def _already_alerted(support_request: SupportRequest, person) -> bool:
    return OutboxMessage.objects.with_key(request_alert_key(support_request, person), Channel.PORTAL).exists()


def request_alert(
    *, support_request: SupportRequest, person, now: dt.datetime, urgent: bool, email_key: str = ""
) -> bool:
    """Alert `person` about a request waiting to be taken, once per request, by text and on
    their portal page, and by e-mail under `email_key` if given. True if sent now."""
    if _already_alerted(support_request, person):
        return False
    path = portal_path("peer_support:request_detail", support_request.pk)
    alert_person(
        key=request_alert_key(support_request, person),
        recipient=person,
        now=now,
        template=ALERT_REQUEST,
        context={"kind": "request", "request_id": support_request.pk},
        urgent=urgent,
    )
    if email_key:
        task_notice(key=email_key, recipient=person, due_at=now, path=path, urgent=urgent)
    return True


# --- The chain of an urgent request ----------------------------------------------------------


@dataclass(frozen=True)
class ChainStep:
    people: tuple
    region: object
    # 0: people on duty of the request's own region; 1: its coordinators; 2: the next region
    # (the escalation levels of `SupportRequest.escalation_level`).
    level: int

    def email_key(self, support_request: SupportRequest, person) -> str:
        """The people on duty of the request's region had its e-mail when it was made; the
        others get the escalation e-mail of their level (the key the older escalation used)."""
        return f"ps:request:{support_request.pk}:escalation:{self.level}:{person.pk}" if self.level else ""


def duty_steps_before_coordinator(region) -> int:
    """How many people on duty are alerted one by one before the coordinator is: as many as fit
    in the organisation's urgent escalation time, so the coordinator always knows by then."""
    organisation = organisation_of_unit(region)
    return max(1, organisation.escalate_urgent_minutes // max(1, organisation.alert_ack_minutes))


def alert_chain(*, support_request: SupportRequest, at: dt.datetime) -> list[ChainStep]:
    """Who is alerted, step by step, about an urgent request nobody has taken: the people on duty
    one by one, the coordinators once the urgent escalation time is reached (the others on duty
    go on being alerted after them), then the next region."""
    region = support_request.region
    on_duty = [
        ChainStep((person,), region, 0)
        for person in alert_chain_people(region=region, at=at, support_request=support_request)
    ]
    before = duty_steps_before_coordinator(region)
    steps = [*on_duty[:before], ChainStep(tuple(_coordinators(region, support_request)), region, 1), *on_duty[before:]]
    backup = next_region(region) if region is not None else None
    if backup is not None:
        first = alert_chain_people(region=backup, at=at, support_request=support_request)[:1]
        if first:
            steps.append(ChainStep(tuple(first), backup, 2))
        steps.append(ChainStep(tuple(_coordinators(backup, support_request)), backup, 2))
    return [step for step in steps if step.people]


def is_alerted_by_chain(support_request: SupportRequest) -> bool:
    return support_request.route == SupportRequest.Route.PEER_SUPPORT and (
        support_request.urgency == SupportRequest.Urgency.TODAY
    )


def alerts_start(*, support_request: SupportRequest, now: dt.datetime) -> None:
    """The first step of an urgent request's chain, when it is made (in its transaction)."""
    if not is_alerted_by_chain(support_request):
        return
    chain = alert_chain(support_request=support_request, at=now)
    before = next((i for i, step in enumerate(chain) if step.level), len(chain))
    # The promise on the request's page ("the coordinator is told by ..."): after the people on
    # duty before them had their time (at most the urgent escalation time); at once when nobody is.
    support_request.escalate_at = now + before * alert_ack_delay(support_request.region)
    support_request.save(update_fields=["escalate_at"])
    _chain_advance(support_request, chain, now)


def _next_step(support_request: SupportRequest, chain: list[ChainStep], now: dt.datetime) -> ChainStep | None:
    """The step to alert now: the first in the chain with someone not yet alerted about this
    request, except that the coordinators come first once the promised time has passed.

    Chosen by who has been alerted, not by a position in the chain: the chain is built again at
    every scan from who is on duty then, so someone whose shift started or ended in between
    is neither skipped nor alerted twice, and the coordinator is never told later than promised."""
    fresh = [step for step in chain if any(not _already_alerted(support_request, p) for p in step.people)]
    if support_request.escalate_at is not None and now >= support_request.escalate_at:
        coordinators = [step for step in fresh if step.level == 1]
        if coordinators:
            return coordinators[0]
    return fresh[0] if fresh else None


def _chain_advance(support_request: SupportRequest, chain: list[ChainStep], now: dt.datetime) -> bool:
    """Send the next step that alerts anyone new, and move the marker (`alert_step` counts the
    scans that moved it: a token, so that two workers never send one step twice); False if
    another worker moved it first, the request was taken, or nobody new is to be alerted now.

    The chain keeps watching while the request waits: when everyone has been alerted, the next
    scan after the alert time looks again, and alerts whoever has come on duty since."""
    done = support_request.alert_step
    with transaction.atomic():
        step = _next_step(support_request, chain, now)
        changes = {"alert_step": done + 1, "alert_next_at": now + alert_ack_delay(support_request.region)}
        if step is not None and step.level > support_request.escalation_level:
            changes["escalation_level"] = step.level
            if step.level == 2:
                changes["backup_region"] = step.region
        moved = SupportRequest.objects.filter(
            pk=support_request.pk, status=SupportRequest.Status.NEW, alert_step=done
        ).update(**changes)
        if not moved or step is None:
            return False
        for key, value in changes.items():
            setattr(support_request, key, value)
        for person in step.people:
            request_alert(
                support_request=support_request,
                person=person,
                now=now,
                urgent=True,
                email_key=step.email_key(support_request, person),
            )
    return True


def requests_alert(*, now: dt.datetime) -> int:
    """Urgent requests nobody took within the time: the next step of each chain."""
    waiting = SupportRequest.objects.filter(
        route=SupportRequest.Route.PEER_SUPPORT,
        urgency=SupportRequest.Urgency.TODAY,
        status=SupportRequest.Status.NEW,
        alert_next_at__lte=now,
    ).select_related("region")
    return sum(_chain_advance(r, alert_chain(support_request=r, at=now), now) for r in waiting)


# --- A taken request with no first contact, and follow-up steps nobody owns -------------------


def _pk_batches(queryset, size: int = 500):
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    return [pks[start : start + size] for start in range(0, len(pks), size)]


def _locked(queryset, pks) -> list:
    """The rows of `pks` still matching the scan's guard, locked until the batch commits; rows
    another scan holds are skipped, not waited for (that scan is moving them)."""
    return list(queryset.filter(pk__in=pks).select_for_update(skip_locked=True, of=("self",)))


def requests_alert_no_contact(*, now: dt.datetime) -> int:
    """A request taken but with no first contact recorded in time: its coordinators, once.

    In batches (a constant number of queries each): the conflicts of interest of each of the
    region's coordinators with the whole batch in one query (`requests_in_conflict_for`, the
    same rules as `people_in_conflict_with`)."""
    taken = SupportRequest.objects.filter(
        route=SupportRequest.Route.PEER_SUPPORT,
        status=SupportRequest.Status.CLAIMED,
        first_contact_at__isnull=True,
        contact_alerted_at__isnull=True,
        assigned_at__isnull=False,
    ).select_related("region")
    count = 0
    delays: dict = {}
    coordinators: dict = {}
    conditions: dict = {}
    for pks in _pk_batches(taken):
        with transaction.atomic():
            count += _no_contact_batch(_locked(taken, pks), now, delays, coordinators, conditions)
    return count


def _no_contact_batch(rows, now, delays, coordinators, conditions) -> int:
    """One locked batch: mark the requests past their time, alert their coordinators."""
    due = []
    for support_request in rows:
        if support_request.region_id not in delays:
            delays[support_request.region_id] = first_contact_delay(support_request.region)
        if support_request.assigned_at + delays[support_request.region_id] <= now:
            due.append(support_request)
    SupportRequest.objects.filter(pk__in=[r.pk for r in due]).update(contact_alerted_at=now)
    notices = []
    for region_id in {r.region_id for r in due}:
        requests = [r for r in due if r.region_id == region_id]
        if region_id not in coordinators:
            coordinators[region_id] = _coordinators(requests[0].region)
        pks = [r.pk for r in requests]
        for coordinator in coordinators[region_id]:
            if coordinator.pk not in conditions:
                conditions[coordinator.pk] = requests_in_conflict_for(coordinator)
            conflicts = set(
                SupportRequest.objects.filter(pk__in=pks)
                .filter(conditions[coordinator.pk])
                .values_list("pk", flat=True)
            )
            for support_request in requests:
                if support_request.pk in conflicts or coordinator.pk in (
                    support_request.assigned_to_id,
                    support_request.requester_id,
                ):
                    continue
                notices += alert_rows(
                    key=f"ps:request:{support_request.pk}:no-contact:{coordinator.pk}",
                    recipient=coordinator,
                    now=now,
                    template=ALERT_TASK,
                    context={"kind": "contact", "request_id": support_request.pk},
                    urgent=support_request.urgency == SupportRequest.Urgency.TODAY,
                    email_path=portal_path("peer_support:request_detail", support_request.pk),
                )
    messages_schedule_many(rows=notices)
    return len(due)


def steps_alert_unowned(*, now: dt.datetime) -> int:
    """A critical-incident follow-up step past its due time that nobody owns: the people on
    duty of its region, once. In batches; who is on duty is read once per region a scan."""
    steps = (
        FollowUpStep.objects.filter(
            state=FollowUpStep.State.PLANNED,
            plan__declined_at__isnull=True,
            plan__incident__isnull=False,
            owner__isnull=True,
            due_at__lte=now,
            duty_alerted_at__isnull=True,
        )
        .filter(Q(plan__request__isnull=True) | Q(plan__request__status__in=SupportRequest.OPEN_STATUSES))
        .exclude(kind=StepKind.SCREENING)
        .select_related("plan__region")
    )
    count = 0
    on_duty_people: dict = {}
    coordinators: dict = {}
    for pks in _pk_batches(steps):
        with transaction.atomic():
            count += _unowned_batch(_locked(steps, pks), now, on_duty_people, coordinators)
    return count


def _unowned_batch(rows, now, on_duty_people, coordinators) -> int:
    """One locked batch: mark the steps, alert the people on duty of each step's region."""
    FollowUpStep.objects.filter(pk__in=[s.pk for s in rows], duty_alerted_at__isnull=True).update(duty_alerted_at=now)
    notices = []
    for step in rows:
        region = step.plan.region
        if region is None:
            continue
        if region.pk not in on_duty_people:
            on_duty_people[region.pk] = alert_chain_people(region=region, at=now)
            coordinators[region.pk] = _coordinators(region)
        people = [p for p in on_duty_people[region.pk] if p.pk != step.plan.person_id]
        for person in people or coordinators[region.pk]:
            notices += alert_rows(
                key=f"{step.key_prefix}alert:{person.pk}",
                recipient=person,
                now=now,
                template=ALERT_TASK,
                context={"kind": "step", "plan_id": step.plan_id, "step_id": step.pk},
                urgent=True,
                email_path=portal_path("peer_support:plan_detail", step.plan_id),
            )
    messages_schedule_many(rows=notices)
    return len(rows)


def people_without_alert_number(people) -> list:
    """Of `people`, those who gave no number for alerts (for the coordinator's page)."""
    return [person for person in people if not person.alert_phone]
