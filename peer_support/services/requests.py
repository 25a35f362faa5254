"""Requests for help: asking, claiming, contact, follow-ups, referral, closing.

One mechanism for every help route; `routes.ROUTES` says who handles which.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrganisationUnit
from core import phones
from core.audit import audit_record
from core.errors import DomainError
from notifications.services import message_schedule, messages_cancel_prefix
from organisations.selectors import organisation_first, organisation_from_defaults, organisation_of_unit

from ..access import may_close, may_handle, may_name_support_person
from ..conflicts import people_in_conflict_with
from ..models import CaseNote, FollowUpPlan, FollowUpStep, HandBack, StepKind, SupporterDuty, SupportRequest
from ..models.rota import HAND_BACK_REASON_MAX_LENGTH
from ..regions import coordinators_of, region_of
from ..routes import ROUTE_HANDLER_ROLE
from ..selectors import excludable_people, on_duty_supporters
from . import planned_moment_check, text_check
from .alerts import alerts_start
from .messaging import portal_path, task_notice

Route = SupportRequest.Route
Status = SupportRequest.Status


def escalation_delay(*, urgency: str, region: OrganisationUnit | None = None, organisation=None) -> dt.timedelta:
    """How long a new request may wait for someone to take it: the times of the organisation
    of the request's region (or the one given), else the settings defaults."""
    if organisation is None:
        organisation = organisation_of_unit(region) if region is not None else organisation_from_defaults()
    if urgency == SupportRequest.Urgency.TODAY:
        return dt.timedelta(minutes=organisation.escalate_urgent_minutes)
    return dt.timedelta(hours=organisation.escalate_normal_hours)


def _request_key(support_request: SupportRequest) -> str:
    return f"ps:request:{support_request.pk}:"


def _handlers_for_new(support_request: SupportRequest, now: dt.datetime):
    if support_request.route == Route.PEER_SUPPORT:
        return on_duty_supporters(support_request=support_request, now=now)
    User = get_user_model()
    return User.objects.filter(groups__name=str(ROUTE_HANDLER_ROLE[support_request.route]), is_active=True).distinct()


@transaction.atomic
def support_request_create(
    *,
    requester,
    route: str = Route.PEER_SUPPORT,
    topic: str = "",
    urgency: str = SupportRequest.Urgency.THIS_WEEK,
    contact_method: str = SupportRequest.Contact.PHONE,
    contact_detail: str = "",
    preferred_times: str = "",
    message: str = "",
    outside_own_unit: bool = False,
    excluded_people=(),
    now: dt.datetime | None = None,
) -> SupportRequest:
    now = now or timezone.now()
    text_check(model=SupportRequest, contact_detail=contact_detail, preferred_times=preferred_times, message=message)
    if (
        route == Route.PEER_SUPPORT
        and SupportRequest.objects.filter(
            requester=requester, route=route, status__in=SupportRequest.OPEN_STATUSES
        ).exists()
    ):
        raise DomainError(_("You already have an open request. A colleague is on it; you can add to it there."))
    if contact_method == SupportRequest.Contact.PHONE and contact_detail:
        try:
            contact_detail = phones.number_normalise(contact_detail, regions=phones.regions_for_user(requester))
        except ValidationError as error:
            raise DomainError(error.messages[0]) from None
    is_peer = route == Route.PEER_SUPPORT
    organisation = organisation_of_unit(requester.unit) if requester.unit_id else organisation_first()
    support_request = SupportRequest.objects.create(
        route=route,
        requester=requester,
        requester_unit=requester.unit,
        # Someone without a unit still reaches a team: the organisation's top coordinators.
        region=(region_of(requester.unit) or OrganisationUnit.objects.get_first_root_node()) if is_peer else None,
        topic=topic,
        urgency=urgency,
        contact_method=contact_method,
        contact_detail=contact_detail,
        preferred_times=preferred_times,
        message=message,
        outside_own_unit=outside_own_unit if is_peer else False,
        created_at=now,
        # Real elapsed time, whatever the clocks do. Other routes get one reminder to
        # their handlers if nobody has taken them within the normal time.
        escalate_at=now.astimezone(dt.UTC)
        + escalation_delay(urgency=urgency if is_peer else "", organisation=organisation),
    )
    if excluded_people:
        if not is_peer:
            raise DomainError(_("You can only name people who must not see it when you ask a colleague."))
        allowed = {person.pk for person in excludable_people(requester=requester)}
        chosen = {getattr(person, "pk", person) for person in excluded_people}
        if not chosen <= allowed:
            raise DomainError(_("Choose only peer supporters and coordinators of your region."))
        support_request.excluded_people.set(chosen)
    path = portal_path("peer_support:request_detail", support_request.pk)
    for handler in _handlers_for_new(support_request, now):
        task_notice(
            key=f"{_request_key(support_request)}new:{handler.pk}",
            recipient=handler,
            due_at=now,
            path=path,
            urgent=urgency == SupportRequest.Urgency.TODAY,
        )
    # An urgent request also alerts the first person on duty by text and on their portal page.
    alerts_start(support_request=support_request, now=now)
    return support_request


def _announce_assignee(support_request: SupportRequest, now: dt.datetime) -> None:
    messages_cancel_prefix(prefix=f"{_request_key(support_request)}new:")
    messages_cancel_prefix(prefix=f"{_request_key(support_request)}alert:")
    message_schedule(
        key=f"{_request_key(support_request)}claimed:{support_request.assigned_to_id}",
        template="peer_support_contact_coming",
        recipient=support_request.requester,
        due_at=now,
        context={
            "path": portal_path("peer_support:request_detail", support_request.pk),
            "name": support_request.assigned_to.first_name,
        },
    )


def support_request_claim(
    *, support_request: SupportRequest, supporter, now: dt.datetime | None = None
) -> SupportRequest:
    """Take a new request. Exactly one of several supporters claiming at once wins: the
    conditional UPDATE is atomic in the database, the loser updates no row."""
    now = now or timezone.now()
    if not may_handle(supporter, support_request):
        raise DomainError(_("You cannot take this request."))
    with transaction.atomic():
        won = SupportRequest.objects.filter(pk=support_request.pk, status=Status.NEW, assigned_to__isnull=True).update(
            status=Status.CLAIMED, assigned_to=supporter, assigned_at=now
        )
        if not won:
            raise DomainError(_("Someone else has just taken this request."))
        support_request.refresh_from_db()
        _announce_assignee(support_request, now)
        _plan_give(support_request, supporter)  # after a hand-back, the plan is nobody's
    return support_request


@transaction.atomic
def support_request_assign(
    *, support_request: SupportRequest, supporter, by, now: dt.datetime | None = None
) -> SupportRequest:
    """The coordinator assigns or re-assigns an open request."""
    now = now or timezone.now()
    support_request = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
    if not support_request.is_open:
        raise DomainError(_("This request is no longer open."))
    if not may_handle(supporter, support_request):
        raise DomainError(_("This colleague cannot take this request."))
    was_new = support_request.status == Status.NEW
    support_request.assigned_to = supporter
    support_request.assigned_at = now
    if was_new:
        support_request.status = Status.CLAIMED
    # A colleague given the request has their own time for a first contact.
    support_request.contact_alerted_at = None
    support_request.save(update_fields=["assigned_to", "assigned_at", "status", "contact_alerted_at"])
    task_notice(
        key=f"{_request_key(support_request)}assigned:{supporter.pk}:{now.isoformat()}",
        recipient=supporter,
        due_at=now,
        path=portal_path("peer_support:request_detail", support_request.pk),
        urgent=support_request.urgency == SupportRequest.Urgency.TODAY,
    )
    if was_new:
        _announce_assignee(support_request, now)
    _plan_give(support_request, supporter)
    return support_request


@transaction.atomic
def support_request_return_to_queue(
    *, support_request: SupportRequest, now: dt.datetime | None = None
) -> SupportRequest:
    """The colleague handling an open request has left: it goes back to the queue.

    It is new again, escalates again from now, is announced again to those who may take it
    (for peer support: its region's supporters on duty), and its planned check-ins lose
    their owner until someone takes it. The requester's page says again that a colleague
    will contact them."""
    now = now or timezone.now()
    support_request = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
    if not support_request.is_open or support_request.assigned_to_id is None:
        return support_request
    _reopen(support_request, now)
    _plan_give(support_request, None)
    path = portal_path("peer_support:request_detail", support_request.pk)
    # Under the "new:" prefix, so that taking it cancels these announcements like the first ones.
    for handler in _handlers_for_new(support_request, now):
        task_notice(
            key=f"{_request_key(support_request)}new:{handler.pk}:again:{now.isoformat()}",
            recipient=handler,
            due_at=now,
            path=path,
            urgent=support_request.urgency == SupportRequest.Urgency.TODAY,
        )
    alerts_start(support_request=support_request, now=now)
    return support_request


def _reopen(support_request: SupportRequest, now: dt.datetime) -> None:
    """Open a taken request again: nobody has it, the waiting time counts from now, and an urgent
    one walks its alert chain again (from whoever has not been alerted about it yet)."""
    support_request.status = Status.NEW
    support_request.assigned_to = None
    support_request.assigned_at = None
    support_request.escalate_at = now.astimezone(dt.UTC) + escalation_delay(
        urgency=support_request.urgency if support_request.route == Route.PEER_SUPPORT else "",
        region=support_request.region,
    )
    support_request.alert_step = 0
    support_request.alert_next_at = None
    # The next colleague to take it gets their own time for a first contact.
    support_request.first_contact_at = None
    support_request.contact_alerted_at = None
    support_request.save(
        update_fields=[
            "status",
            "assigned_to",
            "assigned_at",
            "escalate_at",
            "alert_step",
            "alert_next_at",
            "first_contact_at",
            "contact_alerted_at",
        ]
    )


def _plan_give(support_request: SupportRequest, supporter) -> None:
    """The follow-ups planned on a request go with it: to the new supporter, or to nobody when it
    was handed back (its reminders stop; the next one to take it plans again or takes them over)."""
    plan = FollowUpPlan.objects.filter(request=support_request).first()
    if plan is None:
        return
    planned = plan.steps.filter(state=FollowUpStep.State.PLANNED)
    for step in planned:
        messages_cancel_prefix(prefix=step.key_prefix)
    planned.update(owner=supporter)
    plan.supporter = supporter
    plan.save(update_fields=["supporter"])


@transaction.atomic
def support_request_hand_back(*, support_request: SupportRequest, supporter, reason: str, now=None) -> HandBack:
    """The supporter who took a request gives it back, with a reason for the coordinators (the
    person who asked never reads it). The request is open again and announced again to those on
    duty; it is not offered to this supporter any more, and the coordinators are told."""
    now = now or timezone.now()
    support_request = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
    assignee_check(support_request=support_request, user=supporter)
    if support_request.route != Route.PEER_SUPPORT:
        raise DomainError(_("Only a request to talk to a colleague can be handed back."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say briefly why, for the coordinator."))
    if len(reason) > HAND_BACK_REASON_MAX_LENGTH:
        raise DomainError(_("Please keep it shorter."))
    hand_back = HandBack.objects.create(request=support_request, supporter=supporter, reason=reason, created_at=now)
    audit_record(
        actor=supporter, action="support_request.hand_back", obj=support_request, subject=support_request.requester
    )
    _reopen(support_request, now)
    # They no longer see the person's follow-ups either.
    _plan_give(support_request, None)
    path = portal_path("peer_support:request_detail", support_request.pk)
    urgent = support_request.urgency == SupportRequest.Urgency.TODAY
    for handler in on_duty_supporters(support_request=support_request, now=now):
        task_notice(
            key=f"{_request_key(support_request)}new:{handler.pk}:again:{hand_back.pk}",
            recipient=handler,
            due_at=now,
            path=path,
            urgent=urgent,
        )
    for coordinator in coordinators_of(support_request.region).exclude(
        pk__in=people_in_conflict_with(support_request).values("pk")
    ):
        task_notice(
            key=f"{_request_key(support_request)}handed-back:{hand_back.pk}:{coordinator.pk}",
            recipient=coordinator,
            due_at=now,
            path=path,
            urgent=urgent,
        )
    alerts_start(support_request=support_request, now=now)
    return hand_back


def assignee_check(*, support_request: SupportRequest, user) -> None:
    """Refuse unless `user` handles this request and it is still open."""
    if support_request.assigned_to_id != user.pk:
        raise DomainError(_("Only the colleague handling this request can do that."))
    if not support_request.is_open:
        raise DomainError(_("This request is no longer open."))


@transaction.atomic
def support_request_record_contact(*, support_request: SupportRequest, supporter, now=None) -> SupportRequest:
    now = now or timezone.now()
    assignee_check(support_request=support_request, user=supporter)
    support_request.status = Status.IN_CONTACT
    support_request.first_contact_at = support_request.first_contact_at or now
    support_request.save(update_fields=["status", "first_contact_at"])
    return support_request


def case_note_add(*, support_request: SupportRequest, author, text: str) -> CaseNote:
    assignee_check(support_request=support_request, user=author)
    text = text.strip()
    if not text:
        raise DomainError(_("Write a note first."))
    text_check(model=CaseNote, text=text)
    return CaseNote.objects.create(request=support_request, author=author, text=text)


@transaction.atomic
def support_request_plan_follow_up(*, support_request: SupportRequest, supporter, due_at: dt.datetime, now=None):
    """A check-in the supporter plans; they get a reminder, the coordinator hears if it is missed."""
    now = now or timezone.now()
    assignee_check(support_request=support_request, user=supporter)
    planned_moment_check(moment=due_at, now=now)
    plan, _created = FollowUpPlan.objects.get_or_create(
        request=support_request,
        defaults={"person": support_request.requester, "region": support_request.region, "supporter": supporter},
    )
    order = plan.steps.count() + 1
    return FollowUpStep.objects.create(
        plan=plan,
        order=order,
        kind=StepKind.CHECK_IN,
        due_at=due_at,
        overdue_at=due_at + dt.timedelta(hours=24),
        owner=supporter,
    )


def _end(support_request: SupportRequest, *, status: str, now: dt.datetime) -> None:
    """Close or withdraw an open request: no message about it is sent any more, and the
    follow-up steps still planned stop."""
    if not support_request.is_open:
        raise DomainError(_("This request is no longer open."))
    support_request.status = status
    support_request.closed_at = now
    support_request.save(update_fields=["status", "closed_at"])
    messages_cancel_prefix(prefix=_request_key(support_request))
    plan = FollowUpPlan.objects.filter(request=support_request).first()
    if plan is not None:
        for step in plan.steps.filter(state=FollowUpStep.State.PLANNED):
            messages_cancel_prefix(prefix=step.key_prefix)
        plan.steps.filter(state=FollowUpStep.State.PLANNED).update(state=FollowUpStep.State.CANCELLED)


@transaction.atomic
def support_request_close(*, support_request: SupportRequest, by, now=None) -> SupportRequest:
    now = now or timezone.now()
    if not may_close(by, support_request):
        raise DomainError(_("Only the colleague handling this request can do that."))
    _end(support_request, status=Status.CLOSED, now=now)
    return support_request


@transaction.atomic
def support_request_withdraw(*, support_request: SupportRequest, requester, now=None) -> SupportRequest:
    now = now or timezone.now()
    if support_request.requester_id != requester.pk:
        raise DomainError(_("This is not your request."))
    _end(support_request, status=Status.WITHDRAWN, now=now)
    if support_request.assigned_to_id:
        # The colleague who took it must know not to call any more.
        task_notice(
            key=f"{_request_key(support_request)}withdrawn:{support_request.assigned_to_id}",
            recipient=support_request.assigned_to,
            due_at=now,
            path=portal_path("peer_support:request_detail", support_request.pk),
        )
    return support_request


@transaction.atomic
def support_person_assign(*, support_request: SupportRequest, by, name: str, email: str, phone: str = "", now=None):
    """The wellbeing officer names an external support person and lets them know."""
    now = now or timezone.now()
    if not may_name_support_person(by, support_request):
        raise DomainError(_("You cannot do that for this request."))
    if not support_request.is_open:
        raise DomainError(_("This request is no longer open."))
    text_check(model=SupportRequest, external_person_name=name, external_person_phone=phone)
    support_request.external_person_name = name
    support_request.external_person_email = email
    support_request.external_person_phone = phone
    if support_request.assigned_to_id is None:
        support_request.assigned_to = by
        support_request.assigned_at = now
    support_request.status = Status.IN_CONTACT
    support_request.save()
    message_schedule(
        key=f"{_request_key(support_request)}support-person:{email.lower()}",
        template="peer_support_contact_person",
        to_email=email,
        language=support_request.requester.language,
        due_at=now,
        context={"colleague": support_request.requester.first_name, "officer": by.get_full_name() or by.email},
    )
    return support_request


def supporter_duty_set(*, supporter, on_duty: bool) -> SupporterDuty:
    duty, _created = SupporterDuty.objects.update_or_create(supporter=supporter, defaults={"on_duty": on_duty})
    return duty
