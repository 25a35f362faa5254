from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from core.models import AuditEntry

from .. import selectors
from ..access import may_read_notes, support_request_for_user
from ..forms import (
    AssignForm,
    DutyForm,
    FollowUpForm,
    NoteForm,
    ReferralForm,
    SupportPersonForm,
    SupportRequestForm,
)
from ..models import FollowUpPlan, FollowUpStep, Referral, SupportRequest
from ..regions import region_of_user
from ..services import SupportError, referrals
from ..services import requests as svc

PEER = SupportRequest.Route.PEER_SUPPORT


@login_required
@permission_required("accounts.use_employee_services", raise_exception=True)
def request_create(request):
    """ "I would like to talk to a colleague": one short form, and my requests below it."""
    mine = SupportRequest.objects.filter(requester=request.user, route=PEER).select_related("assigned_to")
    open_request = next((r for r in mine if r.is_open), None)
    form = SupportRequestForm(request.POST or None)
    if request.method == "POST" and open_request is None and form.is_valid():
        try:
            created = svc.support_request_create(requester=request.user, route=PEER, **form.cleaned_data)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. A colleague will contact you."))
            return redirect("peer_support:request_detail", created.pk)
    return render(
        request,
        "peer_support/request_create.html",
        {"form": form, "open_request": open_request, "earlier": [r for r in mine if not r.is_open]},
    )


def _actions_for(user, support_request):
    is_assignee = support_request.assigned_to_id == user.pk
    return {
        "may_claim": support_request.status == SupportRequest.Status.NEW and svc.may_handle(user, support_request),
        "is_assignee": is_assignee and support_request.is_open,
        "is_requester": support_request.requester_id == user.pk,
        "is_coordinator": support_request.route == PEER
        and user.has_role(Role.COORDINATOR)
        and support_request.requester_id != user.pk,
        "may_read_notes": may_read_notes(user, support_request),
    }


@login_required
def request_detail(request, pk):
    support_request = support_request_for_user(request.user, pk)
    actions = _actions_for(request.user, support_request)
    context = {"req": support_request, **actions}
    if actions["may_read_notes"]:
        context["notes"] = support_request.notes.select_related("author")
    plan = (
        FollowUpPlan.objects.filter(request=support_request)
        .prefetch_related(Prefetch("steps", queryset=FollowUpStep.objects.order_by("due_at")))
        .first()
    )
    if not actions["is_requester"]:
        context["plan"] = plan
        context["referrals"] = support_request.referrals.all()
    else:
        context["planned_steps"] = plan.steps.filter(state=FollowUpStep.State.PLANNED) if plan else []
    if actions["is_assignee"]:
        context.update(
            note_form=NoteForm(),
            follow_up_form=FollowUpForm(),
            referral_form=ReferralForm(),
            support_person_form=SupportPersonForm()
            if support_request.route == SupportRequest.Route.SUPPORT_PERSON
            else None,
        )
    if actions["is_coordinator"] and support_request.is_open:
        context["assign_form"] = AssignForm(supporters=svc.on_duty_supporters(support_request))
    return render(request, "peer_support/request_detail.html", context)


def _run(request, pk, action, func, success, form_class=None, **extra):
    """Load through the access helper, validate a form if any, call one service, report."""
    support_request = support_request_for_user(request.user, pk, action=action)
    kwargs = dict(extra)
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("peer_support:request_detail", pk)
        kwargs.update(form.cleaned_data)
    try:
        func(support_request, **kwargs)
    except SupportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("peer_support:request_detail", pk)


@login_required
@require_POST
def request_claim(request, pk):
    return _run(
        request,
        pk,
        "support_request.claim",
        lambda r: svc.support_request_claim(request=r, supporter=request.user),
        _("You have taken this request. Please make contact soon."),
    )


@login_required
@require_POST
def request_contact(request, pk):
    return _run(
        request,
        pk,
        "support_request.contact",
        lambda r: svc.support_request_record_contact(request=r, supporter=request.user),
        _("Contact recorded."),
    )


@login_required
@require_POST
def request_note(request, pk):
    return _run(
        request,
        pk,
        "support_request.note",
        lambda r, text: svc.case_note_add(request=r, author=request.user, text=text),
        _("Note saved."),
        NoteForm,
    )


@login_required
@require_POST
def request_follow_up(request, pk):
    return _run(
        request,
        pk,
        "support_request.follow_up",
        lambda r, due_at: svc.support_request_plan_follow_up(request=r, supporter=request.user, due_at=due_at),
        _("Follow-up planned. You will get a reminder."),
        FollowUpForm,
    )


@login_required
@require_POST
def request_refer(request, pk):
    if request.POST.get("kind") == Referral.Kind.PSYCHOLOGIST_BOOKED:
        return redirect("peer_support:request_book", pk)

    def refer(r, kind):
        referrals.referral_make(request=r, supporter=request.user, kind=kind)

    return _run(request, pk, "support_request.refer", refer, _("Referral recorded."), ReferralForm)


@login_required
@require_POST
def request_close(request, pk):
    return _run(
        request,
        pk,
        "support_request.close",
        lambda r: svc.support_request_close(request=r, by=request.user),
        _("The request is closed."),
    )


@login_required
@require_POST
def request_withdraw(request, pk):
    return _run(
        request,
        pk,
        "support_request.withdraw",
        lambda r: svc.support_request_withdraw(request=r, requester=request.user),
        _("Your request is withdrawn. You can ask again at any time."),
    )


@login_required
@require_POST
def request_assign(request, pk):
    support_request = support_request_for_user(request.user, pk, action="support_request.assign")
    if not (request.user.has_role(Role.COORDINATOR) and support_request.route == PEER):
        raise Http404
    form = AssignForm(request.POST, supporters=svc.on_duty_supporters(support_request))
    if form.is_valid():
        try:
            svc.support_request_assign(
                request=support_request, supporter=form.cleaned_data["supporter"], by=request.user
            )
        except SupportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The request is assigned."))
    else:
        messages.error(request, _("Choose a colleague who is on duty."))
    return redirect("peer_support:request_detail", pk)


@login_required
@require_POST
def request_support_person(request, pk):
    return _run(
        request,
        pk,
        "support_request.support_person",
        lambda r, name, email, phone: svc.support_person_assign(
            request=r, by=request.user, name=name, email=email, phone=phone
        ),
        _("The support person is named and has been sent a message."),
        SupportPersonForm,
    )


@login_required
@permission_required("accounts.work_support_queue", raise_exception=True)
def queue(request):
    user = request.user
    context = {
        "region": region_of_user(user),
        "new_requests": list(selectors.queue_new_requests(user=user)),
        "my_requests": list(selectors.my_open_requests(user=user)),
        "outreach": list(selectors.queue_outreach_tasks(user=user)),
        "my_steps": list(selectors.my_steps(user=user)),
        "on_duty": getattr(getattr(user, "support_duty", None), "on_duty", True),
        "now": timezone.now(),
    }
    return render(request, "peer_support/queue.html", context)


@login_required
@require_POST
@permission_required("accounts.work_support_queue", raise_exception=True)
def duty_set(request):
    """A supporter sets their own availability; a coordinator may set it for their region."""
    form = DutyForm(request.POST)
    back = "peer_support:coordination" if request.POST.get("next") == "coordination" else "peer_support:queue"
    if not form.is_valid():  # the page's buttons send a colleague's number or nothing
        messages.error(request, _("Choose a colleague."))
        return redirect(back)
    target = request.user
    supporter_id = form.cleaned_data["supporter"]
    if supporter_id and supporter_id != request.user.pk:
        if not request.user.has_role(Role.COORDINATOR):
            raise Http404
        target = selectors.region_supporters(region=region_of_user(request.user)).filter(pk=supporter_id).first()
        if target is None:
            raise Http404
    on_duty = request.POST.get("on_duty") == "1"
    svc.supporter_duty_set(supporter=target, on_duty=on_duty)
    messages.success(request, _("On duty.") if on_duty else _("Off duty. New requests go to others."))
    return redirect(back)


@login_required
@permission_required("accounts.coordinate_support", raise_exception=True)
def coordination(request):
    region = region_of_user(request.user)
    context = {
        "region": region,
        "requests": list(selectors.region_open_requests(region=region)),
        "supporters": list(selectors.region_supporters(region=region)),
        "figures": selectors.response_figures(region=region),
        "now": timezone.now(),
    }
    return render(request, "peer_support/coordination.html", context)


@login_required
def access_log(request):
    """Every time someone else opened one of my requests or plans (privacy invariant 4)."""
    entries = (
        AuditEntry.objects.filter(subject=request.user, object_type__startswith="peer_support.")
        .select_related("actor")
        .order_by("-at")[:200]
    )
    return render(request, "peer_support/access_log.html", {"entries": entries})
