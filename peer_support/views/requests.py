from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from core.audit import audit_record_many

from .. import selectors
from ..access import may_read_notes, may_see_contact, support_request_for_user
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
from ..routes import rules_for
from ..services import SupportError, referrals
from ..services import requests as svc
from ..wording import contact_promise

PEER = SupportRequest.Route.PEER_SUPPORT


@login_required
@permission_required("accounts.use_employee_services", raise_exception=True)
def request_create(request):
    """ "I would like to talk to a colleague": one short form, and my requests below it."""
    mine = SupportRequest.objects.filter(requester=request.user, route=PEER).select_related("assigned_to")
    open_request = next((r for r in mine if r.is_open), None)
    form = SupportRequestForm(
        request.POST or None, language=request.user.language, initial=contact_initial(request.user)
    )
    if request.method == "POST" and open_request is None and form.is_valid():
        try:
            created = svc.support_request_create(requester=request.user, route=PEER, **form.cleaned_data)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. %(next)s") % {"next": contact_promise(created)})
            return redirect("peer_support:request_detail", created.pk)
    return render(
        request,
        "peer_support/request_create.html",
        {
            "form": form,
            "open_request": open_request,
            "earlier": [r for r in mine if not r.is_open],
            "rules": rules_for(PEER),
        },
    )


def contact_initial(user) -> dict:
    """Phone preselected only with the number the person gave before; otherwise nothing."""
    number = svc.phone_last_given(requester=user)
    return {"contact_method": SupportRequest.Contact.PHONE, "contact_detail": number} if number else {}


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
        "may_see_contact": may_see_contact(user, support_request),
    }


@login_required
def request_detail(request, pk):
    support_request = support_request_for_user(request.user, pk)
    actions = _actions_for(request.user, support_request)
    context = {"req": support_request, "rules": rules_for(support_request.route), **actions}
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

    # A view here: the referral writes its own access-log line when it is made.
    return _run(request, pk, "support_request.view", refer, _("Referral recorded."), ReferralForm)


@login_required
def request_close(request, pk):
    """Closing cannot be undone and stops the planned follow-ups: first say so, then close."""
    if request.method == "POST":
        return _run(
            request,
            pk,
            "support_request.close",
            lambda r: svc.support_request_close(request=r, by=request.user),
            _("The request is closed."),
        )
    support_request = support_request_for_user(request.user, pk)
    if not (support_request.is_open and svc.may_close(request.user, support_request)):
        return redirect("peer_support:request_detail", pk)
    context = {
        "req": support_request,
        "steps": list(svc.steps_stopped_by_closing(support_request)),
        "note_days": settings.PEER_SUPPORT_NOTE_RETENTION_DAYS,
    }
    return render(request, "peer_support/request_close.html", context)


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
    new_requests = list(selectors.queue_new_requests(user=user))
    if request.headers.get("HX-Request"):
        # The page's once-a-minute refresh: only the new requests, which show no names, so
        # nothing is written to anyone's access log by a queue left open all day.
        fragment = {"new_requests": new_requests, "now": timezone.now()}
        return render(request, "peer_support/_queue_new_requests.html", fragment)
    context = {
        "region": region_of_user(user),
        "new_requests": new_requests,
        "my_requests": list(selectors.my_open_requests(user=user)),
        "outreach": list(selectors.queue_outreach_tasks(user=user)),
        "my_steps": list(selectors.my_steps(user=user)),
        "on_duty": getattr(getattr(user, "support_duty", None), "on_duty", True),
        "now": timezone.now(),
    }
    # The page names the people of these requests and plans: each of them may see that it did.
    audit_record_many(
        actor=user,
        action="peer_support.queue.list",
        shown=[(r, r.requester) for r in context["my_requests"]]
        + [(step.plan, step.plan.person) for step in context["outreach"] + context["my_steps"]],
    )
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
    # The log now covers every app (appointments too), so it lives with the account.
    return redirect("accounts:access_log")
