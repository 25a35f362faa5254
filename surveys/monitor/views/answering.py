"""The employee's pages: their invitations, answering a few questions per screen, and their
own unit's published results."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.actions import post_action
from core.i18n import active_language

from .. import access, presentation, selectors, services
from ..forms import AnswerForm, CommentForm
from ..questionnaire import questionnaire_for


@login_required
def home(request):
    """The employee's page: open questionnaires, finished ones, their unit's published results."""
    return render(request, "surveys/monitor/home.html", {"entries": presentation.home_entries(request.user)})


@login_required
def campaign_intro(request, campaign_id):
    participation = access.participation_for_user(request.user, campaign_id)
    return render(request, "surveys/monitor/campaign_intro.html", presentation.intro_context(participation))


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, campaign_id, step):
    """One screen of a few questions (step 1 to the number of screens), then the step that
    sends. Each screen saves into the person's own encrypted draft; where they left off
    follows from the draft, so nothing else is stored.

    Each step is its own form (`Form(request.POST or None)`): an answer that is not offered
    is shown on its screen with the error. A valid step goes through `post_action`, so a
    refusal (the campaign closed meanwhile, the answers already sent) is a message on the
    intro page."""
    participation = access.participation_for_user(request.user, campaign_id)
    campaign = participation.campaign
    intro = reverse("monitor:intro", args=[campaign.pk])
    refusal = presentation.answering_refusal(participation)
    if refusal:
        messages.info(request, refusal)
        return redirect(intro)
    questionnaire = questionnaire_for(campaign)
    steps = len(questionnaire.screens) + 1
    if not 1 <= step <= steps:
        raise Http404
    draft = selectors.draft_of(participation)
    if step < steps:
        screen = questionnaire.screens[step - 1]
        stored = {key: str(value) for key, value in draft.get("answers", {}).items()}
        form = AnswerForm(request.POST or None, screen=screen, language=active_language(), initial=stored)
        if form.is_valid():
            answers = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
            save = partial(services.draft_save, participation=participation, answers=answers)
            return post_action(request, save, **_after_step(request, campaign, step, steps), failed=intro)
        template, context = "surveys/monitor/answer_form.html", presentation.screen_context(screen, questionnaire)
    else:
        initial = {"comment": draft.get("comment", "")}
        form = CommentForm(request.POST or None, initial=initial, minimum=campaign.min_group_health)
        if form.is_valid():
            comment = form.cleaned_data["comment"] if campaign.free_text else None
            if "submit" in request.POST:
                save = partial(services.response_send, participation=participation, comment=comment)
            else:
                save = partial(services.draft_save, participation=participation, answers={}, comment=comment)
            return post_action(request, save, **_after_step(request, campaign, step, steps), failed=intro)
        template = "surveys/monitor/answer_finish.html"
        context = {"answered": len(draft.get("answers", {})), "progress": 100}
    context.update({"campaign": campaign, "step": step, "steps": steps, "total": len(questionnaire.items)})
    return render(request, template, {**context, "form": form})


def _after_step(request, campaign, step: int, steps: int) -> dict:
    """Where a saved step leads, by its button: thanks after sending, home (with a word that
    the answers are kept) after a pause, the previous step after Back (from the first, the
    intro; the sending step has no Next), else the next step."""
    if step == steps and "submit" in request.POST:
        return {"success": None, "then": reverse("monitor:thanks", args=[campaign.pk])}
    if "pause" in request.POST:
        paused = _("Your answers so far are saved. Only you can see them. Continue any time before the closing date.")
        return {"success": paused, "then": reverse("monitor:home")}
    if step == 1 and "back" in request.POST:
        return {"success": None, "then": reverse("monitor:intro", args=[campaign.pk])}
    if step == steps or "back" in request.POST:
        return {"success": None, "then": reverse("monitor:answer", args=[campaign.pk, step - 1])}
    return {"success": None, "then": reverse("monitor:answer", args=[campaign.pk, step + 1])}


@login_required
def thanks(request, campaign_id):
    participation = access.participation_for_user(request.user, campaign_id)
    return render(request, "surveys/monitor/answer_thanks.html", {"campaign": participation.campaign})


@login_required
def my_unit(request, campaign_id):
    """An employee's view of their own unit's published results and measures."""
    campaign, result = access.own_unit_result_for_user(request.user, campaign_id)
    # The unit's scales are read for its figures and again for its column of the heat map.
    prefetch_related_objects([result], "scales")
    context = presentation.unit_context(campaign, result, include_children=False, employee_view=True)
    return render(request, "surveys/monitor/results_unit.html", context)
