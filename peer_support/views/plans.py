"""Follow-up plans after an incident and their steps: the person's page, the supporter's work."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.actions import post_action

from .. import selectors
from ..access import (
    is_plan_supporter,
    plan_for_coordinator,
    plan_for_user,
    screening_step_for_person,
    step_for_user,
)
from ..forms import AssignForm, ReferralForm, ShareScoreForm
from ..models import StepKind
from ..regions import supporters_of
from ..services import incidents as svc
from ..services import referrals
from ..services.screening import screening_path, screening_suggests_psychologist


@login_required
def plan_list(request):
    plans = selectors.plans_of_person(person=request.user)
    return render(request, "peer_support/plan_list.html", {"plans": plans})


@login_required
def plan_detail(request, pk):
    plan = plan_for_user(request.user, pk)
    steps = list(plan.steps.select_related("owner").order_by("due_at", "order"))
    is_person = plan.person_id == request.user.pk
    context = {
        "plan": plan,
        "steps": steps,
        "is_person": is_person,
        "now": timezone.now(),
        "protocol": plan.incident.protocol if plan.incident_id else None,
        "meetings": plan.incident.meetings.select_related("leader") if plan.incident_id and not plan.declined else [],
    }
    if is_plan_supporter(request.user, plan):
        context["referral_form"] = ReferralForm()
        context["referrals"] = plan.referrals.all()
    if is_person:
        context["share_form"] = ShareScoreForm()
        context["screening_steps"] = [
            (
                s,
                screening_path(instrument=s.instrument),
                screening_suggests_psychologist(score=s.shared_score, instrument=s.instrument),
            )
            for s in steps
            if s.kind == StepKind.SCREENING and s.sent_at
        ]
        context["booking_path"] = referrals.booking_path()
    return render(request, "peer_support/plan_detail.html", context)


@login_required
@require_GET
def step_check(request, pk):
    """The link of the self-check e-mail: on to the questionnaire, whose name the e-mail never shows.

    The e-mail, the mail server's logs and the outbox row hold only this neutral address; the
    questionnaire's own page is reached after logging in, by the person whose plan it is.
    """
    step = screening_step_for_person(request.user, pk)
    return redirect(screening_path(instrument=step.instrument))


@login_required
@require_POST
def plan_decline(request, pk):
    plan = plan_for_user(request.user, pk)
    decline = partial(svc.plan_decline, plan=plan, person=request.user)
    success = _("Understood. Nobody will contact you about this any more. You can still ask for a talk at any time.")
    return post_action(request, decline, success=success, then=plan)


@login_required
@require_POST
def plan_assign(request, pk):
    plan = plan_for_coordinator(request.user, pk, action="follow_up_plan.assign")
    assign = partial(svc.plan_assign, plan=plan, by=request.user)
    form = AssignForm(request.POST, supporters=supporters_of(plan.region))
    return post_action(request, assign, success=_("The follow-up is assigned."), then=plan.incident, form=form)


@login_required
@require_POST
def step_claim(request, pk):
    step = step_for_user(request.user, pk, action="follow_up_step.claim")
    claim = partial(svc.step_claim, step=step, supporter=request.user)
    success = _("You have taken this task. Please make contact soon.")
    return post_action(request, claim, success=success, then=step.plan, failed="peer_support:queue")


@login_required
@require_POST
def step_done(request, pk):
    step = step_for_user(request.user, pk, action="follow_up_step.done")
    complete = partial(svc.step_complete, step=step, by=request.user, skipped=request.POST.get("skipped") == "1")
    return post_action(request, complete, success=_("Step updated."), then=step.plan)


@login_required
@require_POST
def step_share(request, pk):
    step = step_for_user(request.user, pk)
    share = partial(svc.screening_share, step=step, person=request.user)
    success = _("Your total is shared with your supporter only.")
    return post_action(request, share, success=success, then=step.plan, form=ShareScoreForm(request.POST))
