"""A request for help: asking, its page, and what the people on it do there."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import post_action
from core.errors import DomainError

from .. import selectors
from ..access import (
    may_close,
    request_rights,
    support_request_for_coordinator,
    support_request_for_user,
)
from ..forms import (
    FollowUpForm,
    HandBackForm,
    NoteForm,
    ReferralForm,
    RequestAssignForm,
    SupportPersonForm,
    SupportRequestForm,
)
from ..models import FollowUpPlan, FollowUpStep, Referral, SupportRequest
from ..regions import region_of_user
from ..routes import rules_for
from ..services import referrals
from ..services import requests as svc
from ..wording import contact_promise, cover_before_asking, cover_of, cover_sentence

PEER = SupportRequest.Route.PEER_SUPPORT


def ask_page(request, *, route, form, template, context, may_ask=True):
    """Ask for help on `route` with `form`; once asked, the request's page says what happens next."""
    if request.method == "POST" and may_ask and form.is_valid():
        try:
            created = svc.support_request_create(requester=request.user, route=route, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            promise = " ".join(filter(None, [contact_promise(created), _cover_sentence(created)]))
            messages.success(request, _("Thank you. %(next)s") % {"next": promise})
            return redirect(created)
    return render(request, template, {"form": form, "rules": rules_for(route), **context})


def _cover_sentence(support_request) -> str:
    """What the region's rota lets the portal promise about this request now (peer support only)."""
    if support_request.route != PEER or support_request.status != SupportRequest.Status.NEW:
        return ""
    cover = cover_of(region=support_request.region, support_request=support_request)
    return cover_sentence(cover=cover, urgency=support_request.urgency, contact_method=support_request.contact_method)


def contact_initial(user) -> dict:
    """Phone preselected only with the number the person gave before; otherwise nothing."""
    number = selectors.phone_last_given(requester=user)
    return {"contact_method": SupportRequest.Contact.PHONE, "contact_detail": number} if number else {}


@login_required
@permission_required("accounts.use_employee_services", raise_exception=True)
def request_create(request):
    """ "I would like to talk to a colleague": one short form, and my requests below it."""
    mine = SupportRequest.objects.filter(requester=request.user, route=PEER).select_related("assigned_to")
    open_request = next((r for r in mine if r.is_open), None)
    form = SupportRequestForm(
        request.POST or None,
        language=request.user.language,
        initial=contact_initial(request.user),
        people=selectors.excludable_people(requester=request.user),
    )
    cover = cover_of(region=region_of_user(request.user), requester=request.user)
    context = {
        "open_request": open_request,
        "earlier": [r for r in mine if not r.is_open],
        "cover_text": cover_before_asking(cover=cover),
    }
    template = "peer_support/request_create.html"
    return ask_page(request, route=PEER, form=form, template=template, context=context, may_ask=open_request is None)


@login_required
def request_detail(request, pk):
    support_request = support_request_for_user(request.user, pk)
    rights = request_rights(request.user, support_request)
    context = {"req": support_request, "rules": rules_for(support_request.route), **rights}
    if rights["may_read_notes"]:
        context["notes"] = support_request.notes.select_related("author")
    plan = (
        FollowUpPlan.objects.filter(request=support_request)
        .prefetch_related(Prefetch("steps", queryset=FollowUpStep.objects.order_by("due_at")))
        .first()
    )
    if not rights["is_requester"]:
        context["plan"] = plan
        context["referrals"] = support_request.referrals.all()
    else:
        context["planned_steps"] = plan.steps.filter(state=FollowUpStep.State.PLANNED) if plan else []
    if rights["is_assignee"]:
        context.update(
            note_form=NoteForm(),
            follow_up_form=FollowUpForm(),
            referral_form=ReferralForm(),
            support_person_form=SupportPersonForm()
            if support_request.route == SupportRequest.Route.SUPPORT_PERSON
            else None,
        )
    if rights["may_assign"] and support_request.is_open:
        context["assign_form"] = RequestAssignForm(
            supporters=selectors.assignable_supporters(support_request=support_request)
        )
    if rights["may_assign"] or rights["is_requester"]:
        # Whom the person named: for them and the coordinators, never for the supporters.
        context["excluded_people"] = list(support_request.excluded_people.order_by("first_name"))
    if rights["may_assign"]:
        context["hand_backs"] = list(support_request.hand_backs.select_related("supporter"))
    if rights["is_requester"]:
        context["cover_sentence"] = _cover_sentence(support_request)
    if rights["is_assignee"] and support_request.route == PEER:
        context["hand_back_form"] = HandBackForm()
    return render(request, "peer_support/request_detail.html", context)


@login_required
@require_POST
def request_claim(request, pk):
    support_request = support_request_for_user(request.user, pk, action="support_request.claim")
    claim = partial(svc.support_request_claim, support_request=support_request, supporter=request.user)
    success = _("You have taken this request. Please make contact soon.")
    return post_action(request, claim, success=success, then=support_request)


@login_required
@require_POST
def request_contact(request, pk):
    support_request = support_request_for_user(request.user, pk, action="support_request.contact")
    record = partial(svc.support_request_record_contact, support_request=support_request, supporter=request.user)
    return post_action(request, record, success=_("Contact recorded."), then=support_request)


@login_required
@require_POST
def request_note(request, pk):
    support_request = support_request_for_user(request.user, pk, action="support_request.note")
    add = partial(svc.case_note_add, support_request=support_request, author=request.user)
    return post_action(request, add, success=_("Note saved."), then=support_request, form=NoteForm(request.POST))


@login_required
@require_POST
def request_follow_up(request, pk):
    support_request = support_request_for_user(request.user, pk, action="support_request.follow_up")
    plan = partial(svc.support_request_plan_follow_up, support_request=support_request, supporter=request.user)
    success = _("Follow-up planned. You will get a reminder.")
    return post_action(request, plan, success=success, then=support_request, form=FollowUpForm(request.POST))


@login_required
@require_POST
def request_refer(request, pk):
    if request.POST.get("kind") == Referral.Kind.PSYCHOLOGIST_BOOKED:
        return redirect("peer_support:request_book", pk)
    # A view here: the referral writes its own access-log line when it is made.
    support_request = support_request_for_user(request.user, pk)
    refer = partial(referrals.referral_make, support_request=support_request, supporter=request.user)
    form = ReferralForm(request.POST)
    return post_action(request, refer, success=_("Referral recorded."), then=support_request, form=form)


@login_required
def request_close(request, pk):
    """Closing cannot be undone and stops the planned follow-ups: first say so, then close."""
    if request.method == "POST":
        support_request = support_request_for_user(request.user, pk, action="support_request.close")
        close = partial(svc.support_request_close, support_request=support_request, by=request.user)
        return post_action(request, close, success=_("The request is closed."), then=support_request)
    support_request = support_request_for_user(request.user, pk)
    if not (support_request.is_open and may_close(request.user, support_request)):
        return redirect(support_request)
    context = {
        "req": support_request,
        "steps": list(selectors.steps_stopped_by_closing(support_request=support_request)),
        "note_days": settings.PEER_SUPPORT_NOTE_RETENTION_DAYS,
    }
    return render(request, "peer_support/request_close.html", context)


@login_required
@require_POST
def request_withdraw(request, pk):
    support_request = support_request_for_user(request.user, pk, action="support_request.withdraw")
    withdraw = partial(svc.support_request_withdraw, support_request=support_request, requester=request.user)
    success = _("Your request is withdrawn. You can ask again at any time.")
    return post_action(request, withdraw, success=success, then=support_request)


@login_required
@require_POST
def request_assign(request, pk):
    support_request = support_request_for_coordinator(request.user, pk, action="support_request.assign")
    assign = partial(svc.support_request_assign, support_request=support_request, by=request.user)
    form = RequestAssignForm(request.POST, supporters=selectors.assignable_supporters(support_request=support_request))
    return post_action(request, assign, success=_("The request is assigned."), then=support_request, form=form)


@login_required
@require_POST
def request_hand_back(request, pk):
    # The access log says "gave it back" only once it is given back (the service writes it).
    support_request = support_request_for_user(request.user, pk)
    hand_back = partial(svc.support_request_hand_back, support_request=support_request, supporter=request.user)
    success = _("You handed the request back. The coordinator is told; the colleagues on duty can take it.")
    form = HandBackForm(request.POST)
    return post_action(
        request, hand_back, success=success, then="peer_support:queue", failed=support_request, form=form
    )


@login_required
@require_POST
def request_support_person(request, pk):
    support_request = support_request_for_user(request.user, pk, action="support_request.support_person")
    name = partial(svc.support_person_assign, support_request=support_request, by=request.user)
    success = _("The support person is named and has been sent a message.")
    return post_action(request, name, success=success, then=support_request, form=SupportPersonForm(request.POST))


@login_required
def access_log(request):
    # The log now covers every app (appointments too), so it lives with the account.
    return redirect("accounts:access_log")
