"""The wellbeing officer's campaign pages: the list (managers see it too, for the results),
set-up, and the two steps that cannot be undone, launch and close, each behind a page that
says what will happen and only acts on its confirm button."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.actions import post_action
from organisations.selectors import organisation_of

from .. import access, presentation, selectors, services
from ..forms import CampaignForm
from ..models import Campaign


def _campaign_page(campaign: Campaign) -> str:
    return reverse("monitor:campaign", args=[campaign.pk])


def _campaign_save(form: CampaignForm, user):
    """The set-up form's one service call: the draft with its population units."""
    campaign = form.save(commit=False)
    return partial(services.campaign_save, campaign=campaign, units=form.cleaned_data["units"], actor=user)


@login_required
@permission_required("accounts.view_unit_aggregates", raise_exception=True)
def campaigns(request):
    return render(request, "surveys/monitor/campaign_list.html", {"campaigns": access.campaigns_for_user(request.user)})


@login_required
@permission_required("surveys.manage_campaigns", raise_exception=True)
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    # The page is its form: errors next to the fields; a valid one is saved through post_action.
    initial = {
        **selectors.campaign_defaults(organisation_of(request.user)),
        "parts": ["copsoq3", "organisation"],
        "free_text": True,
    }
    form = CampaignForm(request.POST or None, initial=initial)
    if form.is_valid():
        return post_action(
            request,
            _campaign_save(form, request.user),
            success=_("The campaign is saved as a draft. Check it, then launch it."),
            then=_campaign_page,
            failed=reverse("monitor:campaigns"),
        )
    return render(request, "surveys/monitor/campaign_form.html", {"form": form})


@login_required
@permission_required("surveys.manage_campaigns", raise_exception=True)
@require_http_methods(["GET", "POST"])
def campaign_edit(request, campaign_id):
    # As campaign_create: the page is its form, a valid one goes through post_action.
    campaign = access.campaign_for_officer(request.user, campaign_id, status=Campaign.Status.DRAFT)
    form = CampaignForm(request.POST or None, instance=campaign)
    if form.is_valid():
        return post_action(
            request, _campaign_save(form, request.user), success=_("Saved."), then=_campaign_page(campaign)
        )
    return render(request, "surveys/monitor/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
@permission_required("surveys.manage_campaigns", raise_exception=True)
def campaign_detail(request, campaign_id):
    campaign = access.campaign_for_officer(request.user, campaign_id)
    return render(request, "surveys/monitor/campaign_detail.html", presentation.campaign_context(campaign))


@login_required
@permission_required("surveys.manage_campaigns", raise_exception=True)
@require_http_methods(["GET", "POST"])
def campaign_launch(request, campaign_id):
    """Launching invites everyone and cannot be undone: a page first says what will happen,
    and only its confirm button launches. The confirm checks and marks the campaign; a task
    invites everyone (tens of thousands of rows), so the page answers at once."""
    campaign = access.campaign_for_officer(request.user, campaign_id)
    return _confirmation_page(
        request,
        campaign,
        status=Campaign.Status.DRAFT,
        not_now=_("This campaign has already been launched."),
        action=partial(services.campaign_launch_request, campaign=campaign, actor=request.user),
        success=_(
            "Launched. The invitations are being prepared; this page shows how many people are invited once "
            "they are ready."
        ),
        failed=reverse("monitor:campaign_launch", args=[campaign.pk]),
        page=("surveys/monitor/campaign_launch.html", presentation.launch_context),
    )


@login_required
@permission_required("surveys.manage_campaigns", raise_exception=True)
@require_http_methods(["GET", "POST"])
def campaign_close(request, campaign_id):
    """Closing early ends answering for everyone and publishes the results: confirm first."""
    campaign = access.campaign_for_officer(request.user, campaign_id)
    return _confirmation_page(
        request,
        campaign,
        status=Campaign.Status.OPEN,
        not_now=_("Only an open campaign can be closed."),
        action=partial(services.campaign_close, campaign=campaign),
        success=_("Closed. The results are computed and published."),
        failed=_campaign_page(campaign),
        page=("surveys/monitor/campaign_close.html", presentation.close_context),
    )


def _confirmation_page(request, campaign, *, status, not_now, action, success, failed, page):
    """A step that cannot be undone: possible only in `status` (else `not_now`, back to the
    campaign); the page (template, context) says what will happen, and only its confirm
    button runs `action` through post_action."""
    if campaign.status != status:
        messages.info(request, not_now)
        return redirect(_campaign_page(campaign))
    if "confirm" in request.POST:
        return post_action(request, action, success=success, then=_campaign_page(campaign), failed=failed)
    template, context = page
    return render(request, template, context(campaign))
