"""Requests for help: asking, claiming, contact, follow-ups, referral, closing.

One mechanism for every help route; `routes.ROUTES` says who handles which.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrganisationUnit
from accounts.roles import Role
from notifications.services import message_schedule, messages_cancel_prefix

from ..models import CaseNote, FollowUpPlan, FollowUpStep, StepKind, SupporterDuty, SupportRequest
from ..phones import PhoneNumberInvalid, phone_parse
from ..regions import region_of, supporters_of
from ..routes import ROUTE_HANDLER_ROLE, rules_for
from . import SupportError, planned_moment_check, text_check
from .messaging import portal_path, task_notice

Route = SupportRequest.Route
Status = SupportRequest.Status


def escalation_delay(urgency: str) -> dt.timedelta:
    if urgency == SupportRequest.Urgency.TODAY:
        return dt.timedelta(minutes=settings.PEER_SUPPORT_ESCALATE_URGENT_MINUTES)
    return dt.timedelta(hours=settings.PEER_SUPPORT_ESCALATE_NORMAL_HOURS)


def request_key(request: SupportRequest) -> str:
    return f"ps:request:{request.pk}:"


def on_duty_supporters(request: SupportRequest):
    """Peer supporters who may take `request` now: its region, on duty, and not from the
    requester's own team when they asked for someone from outside it."""
    regions = [r for r in (request.region, request.backup_region) if r is not None]
    supporters = get_user_model().objects.none()
    for region in regions:
        supporters = supporters | supporters_of(region)
    supporters = supporters.exclude(pk=request.requester_id).exclude(support_duty__on_duty=False).distinct()
    if request.outside_own_unit and request.requester_unit_id:
        supporters = supporters.exclude(unit_id=request.requester_unit_id)
    return supporters


def may_handle(user, request: SupportRequest) -> bool:
    """Whether `user` may take this request (claim it or be assigned it)."""
    if user.pk == request.requester_id or not user.is_active:
        return False
    rules = rules_for(request.route)
    if not rules.regional:
        return user.has_role(rules.handler_role)
    if not (user.has_role(Role.PEER_SUPPORTER) or user.has_role(Role.COORDINATOR)):
        return False
    if request.outside_own_unit and user.unit_id == request.requester_unit_id:
        return False
    from ..regions import region_of_user

    region = region_of_user(user)
    return region is not None and region.pk in request.region_ids


def _handlers_for_new(request: SupportRequest):
    if request.route == Route.PEER_SUPPORT:
        return on_duty_supporters(request)
    User = get_user_model()
    return User.objects.filter(groups__name=str(ROUTE_HANDLER_ROLE[request.route]), is_active=True).distinct()


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
    now: dt.datetime | None = None,
) -> SupportRequest:
    now = now or timezone.now()
    text_check(SupportRequest, contact_detail=contact_detail, preferred_times=preferred_times, message=message)
    if (
        route == Route.PEER_SUPPORT
        and SupportRequest.objects.filter(
            requester=requester, route=route, status__in=SupportRequest.OPEN_STATUSES
        ).exists()
    ):
        raise SupportError(_("You already have an open request. A colleague is on it; you can add to it there."))
    if contact_method == SupportRequest.Contact.PHONE and contact_detail:
        try:
            contact_detail = phone_parse(contact_detail, language=requester.language)
        except PhoneNumberInvalid:
            raise SupportError(_("This is not a phone number we can call.")) from None
    is_peer = route == Route.PEER_SUPPORT
    request = SupportRequest.objects.create(
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
        escalate_at=now.astimezone(dt.UTC) + (escalation_delay(urgency) if is_peer else escalation_delay("")),
    )
    path = portal_path("peer_support:request_detail", request.pk)
    for handler in _handlers_for_new(request):
        task_notice(
            key=f"{request_key(request)}new:{handler.pk}",
            recipient=handler,
            due_at=now,
            path=path,
            urgent=urgency == SupportRequest.Urgency.TODAY,
        )
    return request


def phone_last_given(*, requester) -> str:
    """The number the person last asked to be called on, to offer again (their own data)."""
    recent = SupportRequest.objects.filter(requester=requester, contact_method=SupportRequest.Contact.PHONE)
    for detail in recent.order_by("-created_at").values_list("contact_detail", flat=True)[:3]:
        try:
            return phone_parse(detail, language=requester.language)
        except PhoneNumberInvalid:
            continue
    return ""


def _announce_assignee(request: SupportRequest, now: dt.datetime) -> None:
    messages_cancel_prefix(prefix=f"{request_key(request)}new:")
    message_schedule(
        key=f"{request_key(request)}claimed:{request.assigned_to_id}",
        template="peer_support_contact_coming",
        recipient=request.requester,
        due_at=now,
        context={
            "path": portal_path("peer_support:request_detail", request.pk),
            "name": request.assigned_to.first_name,
        },
    )


def support_request_claim(*, request: SupportRequest, supporter, now: dt.datetime | None = None) -> SupportRequest:
    """Take a new request. Exactly one of several supporters claiming at once wins: the
    conditional UPDATE is atomic in the database, the loser updates no row."""
    now = now or timezone.now()
    if not may_handle(supporter, request):
        raise SupportError(_("You cannot take this request."))
    with transaction.atomic():
        won = SupportRequest.objects.filter(pk=request.pk, status=Status.NEW, assigned_to__isnull=True).update(
            status=Status.CLAIMED, assigned_to=supporter, assigned_at=now
        )
        if not won:
            raise SupportError(_("Someone else has just taken this request."))
        request.refresh_from_db()
        _announce_assignee(request, now)
    return request


@transaction.atomic
def support_request_assign(*, request: SupportRequest, supporter, by, now: dt.datetime | None = None) -> SupportRequest:
    """The coordinator assigns or re-assigns an open request."""
    now = now or timezone.now()
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise SupportError(_("This request is no longer open."))
    if not may_handle(supporter, request):
        raise SupportError(_("This colleague cannot take this request."))
    was_new = request.status == Status.NEW
    request.assigned_to = supporter
    request.assigned_at = now
    if was_new:
        request.status = Status.CLAIMED
    request.save(update_fields=["assigned_to", "assigned_at", "status"])
    task_notice(
        key=f"{request_key(request)}assigned:{supporter.pk}:{now.isoformat()}",
        recipient=supporter,
        due_at=now,
        path=portal_path("peer_support:request_detail", request.pk),
        urgent=request.urgency == SupportRequest.Urgency.TODAY,
    )
    if was_new:
        _announce_assignee(request, now)
    # Reminders of planned follow-ups go to the new supporter from now on.
    plan = FollowUpPlan.objects.filter(request=request).first()
    if plan is not None:
        for step in plan.steps.filter(state=FollowUpStep.State.PLANNED):
            messages_cancel_prefix(prefix=step.key_prefix)
        plan.steps.filter(state=FollowUpStep.State.PLANNED).update(owner=supporter)
        plan.supporter = supporter
        plan.save(update_fields=["supporter"])
    return request


def require_assignee(request: SupportRequest, user) -> None:
    if request.assigned_to_id != user.pk:
        raise SupportError(_("Only the colleague handling this request can do that."))
    if not request.is_open:
        raise SupportError(_("This request is no longer open."))


@transaction.atomic
def support_request_record_contact(*, request: SupportRequest, supporter, now=None) -> SupportRequest:
    now = now or timezone.now()
    require_assignee(request, supporter)
    request.status = Status.IN_CONTACT
    request.first_contact_at = request.first_contact_at or now
    request.save(update_fields=["status", "first_contact_at"])
    return request


def case_note_add(*, request: SupportRequest, author, text: str) -> CaseNote:
    require_assignee(request, author)
    text = text.strip()
    if not text:
        raise SupportError(_("Write a note first."))
    text_check(CaseNote, text=text)
    return CaseNote.objects.create(request=request, author=author, text=text)


@transaction.atomic
def support_request_plan_follow_up(*, request: SupportRequest, supporter, due_at: dt.datetime, now=None):
    """A check-in the supporter plans; they get a reminder, the coordinator hears if it is missed."""
    now = now or timezone.now()
    require_assignee(request, supporter)
    planned_moment_check(due_at, now=now)
    plan, _created = FollowUpPlan.objects.get_or_create(
        request=request,
        defaults={"person": request.requester, "region": request.region, "supporter": supporter},
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


def _stop_everything(request: SupportRequest) -> None:
    messages_cancel_prefix(prefix=request_key(request))
    plan = FollowUpPlan.objects.filter(request=request).first()
    if plan is not None:
        for step in plan.steps.filter(state=FollowUpStep.State.PLANNED):
            messages_cancel_prefix(prefix=step.key_prefix)
        plan.steps.filter(state=FollowUpStep.State.PLANNED).update(state=FollowUpStep.State.CANCELLED)


def may_close(user, request: SupportRequest) -> bool:
    """The colleague handling it, or a coordinator of its region."""
    if user.pk == request.assigned_to_id:
        return True
    from ..regions import region_of_user

    region = region_of_user(user)
    return (
        request.route == Route.PEER_SUPPORT
        and user.has_role(Role.COORDINATOR)
        and region is not None
        and region.pk in request.region_ids
    )


def steps_stopped_by_closing(request: SupportRequest):
    """The follow-up steps still planned, which closing (or withdrawing) stops."""
    return FollowUpStep.objects.filter(plan__request=request, state=FollowUpStep.State.PLANNED).order_by("due_at")


@transaction.atomic
def support_request_close(*, request: SupportRequest, by, now=None) -> SupportRequest:
    now = now or timezone.now()
    if not may_close(by, request):
        raise SupportError(_("Only the colleague handling this request can do that."))
    if not request.is_open:
        raise SupportError(_("This request is no longer open."))
    request.status = Status.CLOSED
    request.closed_at = now
    request.save(update_fields=["status", "closed_at"])
    _stop_everything(request)
    return request


@transaction.atomic
def support_request_withdraw(*, request: SupportRequest, requester, now=None) -> SupportRequest:
    now = now or timezone.now()
    if request.requester_id != requester.pk:
        raise SupportError(_("This is not your request."))
    if not request.is_open:
        raise SupportError(_("This request is no longer open."))
    request.status = Status.WITHDRAWN
    request.closed_at = now
    request.save(update_fields=["status", "closed_at"])
    _stop_everything(request)
    if request.assigned_to_id:
        # The colleague who took it must know not to call any more.
        task_notice(
            key=f"{request_key(request)}withdrawn:{request.assigned_to_id}",
            recipient=request.assigned_to,
            due_at=now,
            path=portal_path("peer_support:request_detail", request.pk),
        )
    return request


@transaction.atomic
def support_person_assign(*, request: SupportRequest, by, name: str, email: str, phone: str = "", now=None):
    """The wellbeing officer names an external support person and lets them know."""
    now = now or timezone.now()
    if request.route != Route.SUPPORT_PERSON or not by.has_role(Role.WELLBEING_OFFICER):
        raise SupportError(_("You cannot do that for this request."))
    if not request.is_open:
        raise SupportError(_("This request is no longer open."))
    text_check(SupportRequest, external_person_name=name, external_person_phone=phone)
    request.external_person_name = name
    request.external_person_email = email
    request.external_person_phone = phone
    if request.assigned_to_id is None:
        request.assigned_to = by
        request.assigned_at = now
    request.status = Status.IN_CONTACT
    request.save()
    message_schedule(
        key=f"{request_key(request)}support-person:{email.lower()}",
        template="peer_support_contact_person",
        to_email=email,
        language=request.requester.language,
        due_at=now,
        context={"colleague": request.requester.first_name, "officer": by.get_full_name() or by.email},
    )
    return request


def supporter_duty_set(*, supporter, on_duty: bool) -> SupporterDuty:
    duty, _created = SupporterDuty.objects.update_or_create(supporter=supporter, defaults={"on_duty": on_duty})
    return duty
