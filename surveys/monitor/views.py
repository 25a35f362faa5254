import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.i18n import active_language, pick

from . import access, presentation, selectors, services
from .forms import AnswerForm, CampaignForm, CommentForm, MeasureForm
from .models import Campaign, Measure, Participation, UnitResult
from .questionnaire import part_choices, questionnaire_for

# --- Employees: answer and see their unit ---------------------------------------------------


@login_required
def home(request):
    """The employee's page: open questionnaires, finished ones, their unit's published results."""
    participations = selectors.participations_of(request.user)
    entries = []
    answered = selectors.answered_campaign_ids(request.user)
    started = selectors.drafted_campaign_ids(request.user)
    for participation in participations:
        campaign = participation.campaign
        entries.append(
            {
                "participation": participation,
                "campaign": campaign,
                "answered": campaign.pk in answered,
                "answerable": campaign.is_answerable() and campaign.pk not in answered,
                "started": campaign.pk in started,
            }
        )
    can_read = access.is_officer(request.user) or access.is_manager(request.user)
    return render(request, "surveys/monitor/home.html", {"entries": entries, "can_read_results": can_read})


def _participation_or_404(request, campaign_id) -> Participation:
    participation = (
        Participation.objects.filter(campaign_id=campaign_id, user=request.user).select_related("campaign").first()
    )
    if participation is None or participation.campaign.status == Campaign.Status.DRAFT:
        raise Http404
    return participation


@login_required
def campaign_intro(request, campaign_id):
    participation = _participation_or_404(request, campaign_id)
    campaign = participation.campaign
    questionnaire = questionnaire_for(campaign)
    language = active_language()
    draft = selectors.draft_of(participation)
    parts = [
        {
            "name": pick(part.name, language),
            "minutes": part.minutes,
            "validated": part.is_validated(language),
            "note": part.translations.get(language, {}).get("note", ""),
        }
        for part in questionnaire.parts
    ]
    return render(
        request,
        "surveys/monitor/campaign_intro.html",
        {
            "participation": participation,
            "campaign": campaign,
            "parts": parts,
            "answered": selectors.has_answered(participation),
            "started": bool(draft),
            "resume_step": questionnaire.resume_step(draft.get("answers", {})),
            "questions": len(questionnaire.items),
            "answerable": campaign.is_answerable() and not selectors.has_answered(participation),
        },
    )


def _paused(request):
    messages.success(
        request,
        _("Your answers so far are saved. Only you can see them. Continue any time before the closing date."),
    )
    return redirect("monitor:home")


@login_required
def answer(request, campaign_id, step):
    """One screen of a few questions (step 1 to the number of screens), then the step that
    sends. Each screen saves into the person's own encrypted draft; where they left off
    follows from the draft, so nothing else is stored."""
    participation = _participation_or_404(request, campaign_id)
    campaign = participation.campaign
    if selectors.has_answered(participation):
        messages.info(request, _("You have already answered. Thank you."))
        return redirect("monitor:intro", campaign_id=campaign.pk)
    if not campaign.is_answerable():
        messages.info(request, _("This questionnaire is not open."))
        return redirect("monitor:intro", campaign_id=campaign.pk)
    questionnaire = questionnaire_for(campaign)
    language = active_language()
    screens = questionnaire.screens
    steps = len(screens) + 1
    if not 1 <= step <= steps:
        raise Http404
    draft = selectors.draft_of(participation)
    stored = {key: str(value) for key, value in draft.get("answers", {}).items()}
    total = len(questionnaire.items)
    context = {"campaign": campaign, "step": step, "steps": steps, "total": total}

    if step < steps:
        screen = screens[step - 1]
        form = AnswerForm(request.POST or None, screen=screen, language=language, initial=stored)
        if request.method == "POST" and form.is_valid():
            answers = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
            try:
                services.draft_save(participation=participation, answers=answers)
            except DomainError:
                messages.error(request, _("This questionnaire can no longer be changed."))
                return redirect("monitor:intro", campaign_id=campaign.pk)
            if "pause" in request.POST:
                return _paused(request)
            if "back" in request.POST:
                if step == 1:
                    return redirect("monitor:intro", campaign_id=campaign.pk)
                return redirect("monitor:answer", campaign_id=campaign.pk, step=step - 1)
            return redirect("monitor:answer", campaign_id=campaign.pk, step=step + 1)
        part = screen.part
        context.update(
            {
                "form": form,
                "screen": screen,
                "progress": round(100 * (screen.first - 1) / total),
                "part_name": pick(part.name, language),
                "instructions": pick(part.instructions, language) if screen.opens_part else "",
                "validated": part.is_validated(language) or not screen.opens_part,
                "licence": part.licence,
            }
        )
        return render(request, "surveys/monitor/answer_form.html", context)

    # The last step: the optional comment and the submit.
    form = CommentForm(
        request.POST or None, initial={"comment": draft.get("comment", "")}, minimum=campaign.min_group_health
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_save(
                participation=participation,
                answers={},
                comment=form.cleaned_data["comment"] if campaign.free_text else None,
            )
            if "submit" in request.POST:
                services.response_submit(participation=participation)
                return redirect("monitor:thanks", campaign_id=campaign.pk)
        except DomainError as exc:
            messages.info(request, str(exc))
            return redirect("monitor:intro", campaign_id=campaign.pk)
        if "pause" in request.POST:
            return _paused(request)
        return redirect("monitor:answer", campaign_id=campaign.pk, step=step - 1)
    context.update({"form": form, "answered": len(draft.get("answers", {})), "progress": 100})
    return render(request, "surveys/monitor/answer_finish.html", context)


@login_required
def thanks(request, campaign_id):
    participation = _participation_or_404(request, campaign_id)
    return render(request, "surveys/monitor/answer_thanks.html", {"campaign": participation.campaign})


@login_required
def my_unit(request, campaign_id):
    """An employee's view of their own unit's published results and measures."""
    participation = _participation_or_404(request, campaign_id)
    campaign = participation.campaign
    result = access.employee_result(request.user, campaign)
    if result is None:
        raise Http404
    context = presentation.unit_context(campaign, result, include_children=False)
    context["employee_view"] = True
    return render(request, "surveys/monitor/results_unit.html", context)


# --- Staff: campaigns and results ------------------------------------------------------------


def _require_reader(user):
    if not (access.is_officer(user) or access.is_manager(user)):
        raise PermissionDenied


@login_required
def campaigns(request):
    _require_reader(request.user)
    officer = access.is_officer(request.user)
    qs = Campaign.objects.all() if officer else Campaign.objects.filter(status=Campaign.Status.CLOSED)
    return render(request, "surveys/monitor/campaign_list.html", {"campaigns": list(qs), "officer": officer})


def _officer_or_403(user):
    if not access.is_officer(user):
        raise PermissionDenied


@login_required
def campaign_create(request):
    _officer_or_403(request.user)
    defaults = selectors.campaign_defaults()
    form = CampaignForm(
        request.POST or None, initial={**defaults, "parts": ["copsoq3", "organisation"], "free_text": True}
    )
    if request.method == "POST" and form.is_valid():
        campaign = form.save(commit=False)
        campaign.created_by = request.user
        campaign.save()
        form.save_m2m()
        messages.success(request, _("The campaign is saved as a draft. Check it, then launch it."))
        return redirect("monitor:campaign", campaign_id=campaign.pk)
    return render(request, "surveys/monitor/campaign_form.html", {"form": form})


@login_required
def campaign_edit(request, campaign_id):
    _officer_or_403(request.user)
    campaign = get_object_or_404(Campaign, pk=campaign_id, status=Campaign.Status.DRAFT)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("monitor:campaign", campaign_id=campaign.pk)
    return render(request, "surveys/monitor/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def campaign_detail(request, campaign_id):
    _officer_or_403(request.user)
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    return render(
        request,
        "surveys/monitor/campaign_detail.html",
        {
            "campaign": campaign,
            "units": list(campaign.units.all()),
            "reminder_dates": [_long_date(day) for day in campaign.reminder_dates],
            "answered": selectors.answered_counts([campaign]).get(campaign.pk),
            "answerable": campaign.is_answerable(),
        },
    )


@login_required
def campaign_launch(request, campaign_id):
    """Launching invites everyone and cannot be undone: a page first says what will happen,
    and only its confirm button launches."""
    _officer_or_403(request.user)
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    if campaign.status != Campaign.Status.DRAFT:
        messages.info(request, _("This campaign has already been launched."))
        return redirect("monitor:campaign", campaign_id=campaign.pk)
    if request.method == "POST" and "confirm" in request.POST:
        try:
            invited = services.campaign_launch(campaign=campaign, actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Launched: %(n)d people are invited.") % {"n": invited})
            return redirect("monitor:campaign", campaign_id=campaign.pk)
    now = timezone.now()
    due = campaign.invitations_due_at(now)
    return render(
        request,
        "surveys/monitor/campaign_launch.html",
        {
            "campaign": campaign,
            "units": list(campaign.units.order_by("path")),
            "invitees": selectors.invitees_count(campaign),
            "due": timezone.localtime(due),
            "due_now": due <= now,
            "parts": _part_names(campaign),
            "reminder_dates": [_long_date(day) for day in campaign.reminder_dates],
        },
    )


@login_required
def campaign_close(request, campaign_id):
    """Closing early ends answering for everyone and publishes the results: confirm first."""
    _officer_or_403(request.user)
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    if campaign.status != Campaign.Status.OPEN:
        messages.info(request, _("Only an open campaign can be closed."))
        return redirect("monitor:campaign", campaign_id=campaign.pk)
    if request.method == "POST" and "confirm" in request.POST:
        try:
            services.campaign_close(campaign=campaign)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Closed. The results are computed and published."))
        return redirect("monitor:campaign", campaign_id=campaign.pk)
    return render(
        request,
        "surveys/monitor/campaign_close.html",
        {"campaign": campaign, "answered": selectors.answered_counts([campaign]).get(campaign.pk)},
    )


def _long_date(iso: str) -> str:
    return date_format(dt.date.fromisoformat(iso), "j F Y")


def _part_names(campaign):
    names = dict(part_choices(active_language()))
    return [names.get(key, key) for key in campaign.parts]


@login_required
def results(request, campaign_id):
    """The start of the dashboard: the whole (officer) or the managed units (manager)."""
    _require_reader(request.user)
    campaign, scope = access.get_campaign_results_for(request.user, campaign_id)
    if scope.everything:
        # The whole population; when the campaign has one top unit, that unit is the whole.
        tops = list(UnitResult.objects.filter(campaign=campaign, unit__isnull=False, parent__isnull=True)[:2])
        if len(tops) == 1:
            result = tops[0]
        else:
            result = get_object_or_404(UnitResult, campaign=campaign, unit__isnull=True)
        context = presentation.unit_context(campaign, result)
        context["can_add_measures"] = result.unit_id is not None
        context["can_open_whole"] = True
        return render(request, "surveys/monitor/results_unit.html", context)
    rows = selectors.results_by_units(campaign, scope.unit_ids + [None])
    heat = presentation.heat_map(rows, questionnaire_for(campaign), campaign, active_language())
    return render(request, "surveys/monitor/results_overview.html", {"campaign": campaign, "heat": heat})


@login_required
def results_unit(request, campaign_id, unit_key):
    _require_reader(request.user)
    campaign, scope = access.get_campaign_results_for(request.user, campaign_id)
    result = access.get_unit_result_for(request.user, campaign, scope, unit_key)
    context = presentation.unit_context(campaign, result, covers=scope.covers)
    context["can_add_measures"] = result.unit_id is not None
    # The whole organisation's figures are a row for everyone, a page of their own for the officer.
    context["can_open_whole"] = scope.everything
    return render(request, "surveys/monitor/results_unit.html", context)


@login_required
def results_csv(request, campaign_id):
    """The same figures as the pages, from the same stored (already safe) results, with the
    separator and decimal mark of the reader's language."""
    _require_reader(request.user)
    campaign, scope = access.get_campaign_results_for(request.user, campaign_id)
    rows = selectors.results_in_subtrees(campaign, None if scope.everything else scope.paths)
    if not scope.everything:
        rows = [
            r for r in UnitResult.objects.filter(campaign=campaign, unit__isnull=True).prefetch_related("scales")
        ] + rows
    style = presentation.csv_style(active_language(), request.GET.get("style", ""))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="monitor-{campaign.pk}-results.csv"'
    presentation.csv_write(response, campaign=campaign, rows=rows, style=style)
    return response


# --- Measures --------------------------------------------------------------------------------


def _scale_choices(campaign, language):
    if campaign is None:
        campaign = Campaign.objects.filter(status=Campaign.Status.CLOSED).first()
    if campaign is None:
        return []
    questionnaire = questionnaire_for(campaign)
    order = {"burden": 0, "risk": 1, "health": 2, "energy": 3}
    scales = sorted(questionnaire.scales, key=lambda ms: order[ms.kind])
    return [(ms.key, pick(ms.scale.label, language)) for ms in scales]


@login_required
def measure_create(request, campaign_id, unit_id):
    _require_reader(request.user)
    campaign = get_object_or_404(Campaign, pk=campaign_id, status=Campaign.Status.CLOSED)
    unit = access.get_unit_for_measures(request.user, unit_id)
    form = MeasureForm(
        request.POST or None,
        scale_choices=_scale_choices(campaign, active_language()),
        initial={"scale": request.GET.get("scale", "")},
    )
    if request.method == "POST" and form.is_valid():
        measure = form.save(commit=False)
        measure.unit = unit
        measure.campaign = campaign
        try:
            services.measure_save(measure=measure, actor=request.user)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The measure is saved. You get a reminder a week before its due date."))
            return redirect("monitor:results_unit", campaign_id=campaign.pk, unit_key=unit.pk)
    return render(request, "surveys/monitor/measure_form.html", {"form": form, "unit": unit, "campaign": campaign})


@login_required
def measure_edit(request, pk):
    _require_reader(request.user)
    measure = access.get_measure_for(request.user, pk)
    form = MeasureForm(
        request.POST or None, instance=measure, scale_choices=_scale_choices(measure.campaign, active_language())
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_save(measure=form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("monitor:measures")
    return render(
        request,
        "surveys/monitor/measure_form.html",
        {"form": form, "unit": measure.unit, "campaign": measure.campaign, "measure": measure},
    )


@login_required
def measures(request):
    """The wellbeing officer's overview across units; a manager sees their own units' measures."""
    _require_reader(request.user)
    qs = Measure.objects.select_related("unit", "campaign")
    if not access.is_officer(request.user):
        paths = [u.path for u in request.user.managed_units.all()]
        query = Q(pk__in=[])
        for path in paths:
            query |= Q(unit__path__startswith=path)
        qs = qs.filter(query)
    status = request.GET.get("status", "")
    if status in Measure.Status.values:
        qs = qs.filter(status=status)
    rows = list(qs.order_by("status", "due_on"))
    language = active_language()
    labels = {}
    for measure in rows:
        if measure.campaign_id and measure.campaign_id not in labels:
            labels[measure.campaign_id] = {
                ms.key: pick(ms.scale.label, language) for ms in questionnaire_for(measure.campaign).scales
            }
    items = [{"measure": m, "label": labels.get(m.campaign_id, {}).get(m.scale, m.scale)} for m in rows]
    counts = {s: sum(1 for m in rows if m.status == s) for s in Measure.Status.values}
    return render(
        request,
        "surveys/monitor/measure_list.html",
        {"items": items, "statuses": Measure.Status.choices, "status": status, "counts": counts},
    )
