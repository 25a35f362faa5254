import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from surveys.engine.model import pick

from . import access, privacy, selectors, services
from .forms import AnswerForm, CampaignForm, CommentForm, MeasureForm
from .models import Campaign, Comment, Measure, Participation, UnitResult
from .questionnaire import questionnaire_for


def _language():
    return (get_language() or "en").split("-")[0]


# --- Employees: answer and see their unit ---------------------------------------------------


@login_required
def home(request):
    """The employee's page: open questionnaires, finished ones, their unit's published results."""
    participations = selectors.participations_of(request.user)
    entries = []
    for participation in participations:
        campaign = participation.campaign
        entries.append(
            {
                "participation": participation,
                "campaign": campaign,
                "answerable": services.is_answerable(campaign) and not participation.responded,
                "started": bool(participation.draft),
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
    language = _language()
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
            "answerable": services.is_answerable(campaign) and not participation.responded,
        },
    )


@login_required
def answer(request, campaign_id, step):
    participation = _participation_or_404(request, campaign_id)
    campaign = participation.campaign
    if participation.responded:
        messages.info(request, _("You have already answered. Thank you."))
        return redirect("monitor:intro", campaign_id=campaign.pk)
    if not services.is_answerable(campaign):
        messages.info(request, _("This questionnaire is not open."))
        return redirect("monitor:intro", campaign_id=campaign.pk)
    questionnaire = questionnaire_for(campaign)
    language = _language()
    steps = len(questionnaire.parts) + 1
    if not 1 <= step <= steps:
        raise Http404
    draft = participation.draft or {}
    stored = {key: str(value) for key, value in draft.get("answers", {}).items()}
    context = {"campaign": campaign, "step": step, "steps": steps, "progress": round(100 * (step - 1) / steps)}

    if step < steps:
        part = questionnaire.parts[step - 1]
        form = AnswerForm(request.POST or None, part=part, language=language, initial=stored)
        if request.method == "POST" and form.is_valid():
            answers = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
            try:
                services.draft_save(participation=participation, answers=answers)
            except services.MonitorError:
                messages.error(request, _("This questionnaire can no longer be changed."))
                return redirect("monitor:intro", campaign_id=campaign.pk)
            if "pause" in request.POST:
                messages.success(
                    request,
                    _(
                        "Your answers so far are saved. Only you can see them. "
                        "Continue any time before the closing date."
                    ),
                )
                return redirect("monitor:home")
            target = step - 1 if "back" in request.POST else step + 1
            return redirect("monitor:answer", campaign_id=campaign.pk, step=max(target, 1))
        context.update(
            {
                "form": form,
                "part_name": pick(part.name, language),
                "instructions": pick(part.instructions, language),
                "validated": part.is_validated(language),
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
        except services.MonitorError as exc:
            messages.info(request, str(exc))
            return redirect("monitor:intro", campaign_id=campaign.pk)
        if "pause" in request.POST:
            messages.success(
                request,
                _("Your answers so far are saved. Only you can see them. Continue any time before the closing date."),
            )
            return redirect("monitor:home")
        return redirect("monitor:answer", campaign_id=campaign.pk, step=step - 1)
    answered = len(draft.get("answers", {}))
    context.update({"form": form, "answered": answered, "total": len(questionnaire.items)})
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
    context = _unit_context(campaign, result, include_children=False)
    context["employee_view"] = True
    return render(request, "surveys/monitor/results_unit.html", context)


# --- Presenting results ----------------------------------------------------------------------


def _reason(code, campaign):
    return privacy.reason_text(code, minimum=campaign.min_group, health_minimum=campaign.min_group_health)


def _cells(row: UnitResult, questionnaire, campaign, language, whole=None):
    by_scale = {s.scale: s for s in row.scales.all()}
    whole_scales = {s.scale: s for s in whole.scales.all()} if whole is not None else {}
    cells = []
    for ms in questionnaire.scales:
        result = by_scale.get(ms.key)
        cell = {"key": ms.key, "label": pick(ms.scale.label, language), "kind": ms.kind, "better": ms.better}
        if result is None or result.mean is None:
            code = result.hidden_reason if result is not None else privacy.SCALE_TOO_FEW
            cell.update({"hidden": True, "reason": _reason(code, campaign)})
        else:
            band = ms.scale.band_for(result.mean)
            cell.update(
                {
                    "hidden": False,
                    "mean": result.mean,
                    "green": result.green,
                    "amber": result.amber,
                    "red": result.red,
                    "level": band.level if band else 0,
                    "band": pick(band.label, language) if band else "",
                    "previous": result.previous_mean,
                    "change": round(result.mean - result.previous_mean, 1)
                    if result.previous_mean is not None
                    else None,
                }
            )
            other = whole_scales.get(ms.key)
            if other is not None and other.mean is not None and whole is not row:
                cell["whole"] = other.mean
                cell["vs_whole"] = round(result.mean - other.mean, 1)
        cells.append(cell)
    return cells


def _summary(cells, language):
    energy = [c for c in cells if not c["hidden"] and c["kind"] == "energy"]
    burdens = [c for c in cells if not c["hidden"] and c["kind"] in ("burden", "risk")]
    strongest = sorted(energy, key=lambda c: -c["mean"] if c["better"] == "high" else c["mean"])[:3]
    largest = sorted(burdens, key=lambda c: -c["mean"] if c["better"] == "low" else c["mean"])[:3]
    return strongest, largest


def _unit_context(campaign, result, *, include_children=True):
    questionnaire = questionnaire_for(campaign)
    language = _language()
    whole = UnitResult.objects.filter(campaign=campaign, unit__isnull=True).prefetch_related("scales").first()
    rows = selectors.unit_rows(campaign, unit_id=result.unit_id) if include_children else [result]
    if result.unit_id is None and include_children:
        rows = [whole] + [r for r in rows if r.unit_id is not None]
    own = next((r for r in rows if r.pk == result.pk), result)
    cells = _cells(own, questionnaire, campaign, language, whole=whole)
    strongest, largest = _summary(cells, language)
    heat = [
        {"row": row, "cells": _cells(row, questionnaire, campaign, language), "is_self": row.pk == result.pk}
        for row in rows
    ]
    comments = []
    if result.health_shown and campaign.free_text:
        qs = Comment.objects.filter(campaign=campaign).order_by("id")
        if result.unit_id is not None:
            qs = qs.filter(report_unit__path__startswith=result.path)
        comments = list(qs.values_list("text", flat=True)[:200])
    measures = selectors.measures_for_unit(result.unit_id) if result.unit_id is not None else []
    cell_by_scale = {c["key"]: c for c in cells}
    measure_rows = [
        {"measure": m, "scale": cell_by_scale.get(m.scale), "label": _scale_label(questionnaire, m.scale, language)}
        for m in measures
    ]
    shown_cells = [c for c in cells if not c["hidden"]]
    chart = {
        "labels": [c["label"] for c in shown_cells],
        "unit": [c["mean"] for c in shown_cells],
        "whole": [c.get("whole") for c in shown_cells],
        "unitLabel": result.name if result.unit_id is not None else _("All units"),
        "wholeLabel": _("All units"),
    }
    return {
        "campaign": campaign,
        "result": result,
        "whole": whole,
        "cells": cells,
        "heat": heat,
        "scales": questionnaire.scales,
        "scale_labels": [pick(ms.scale.label, language) for ms in questionnaire.scales],
        "strongest": strongest,
        "largest": largest,
        "comments": comments,
        "measure_rows": measure_rows,
        "chart": chart,
        "has_chart": bool(shown_cells),
        "hidden_reason": _reason(result.hidden_reason, campaign) if not result.shown else "",
        "health_reason": _reason(result.health_hidden_reason, campaign) if result.health_hidden_reason else "",
        "rate_reason": _reason(result.rate_hidden_reason, campaign) if result.rate_hidden_reason else "",
        "previous": services.previous_campaign(campaign),
    }


def _scale_label(questionnaire, key, language):
    try:
        return pick(questionnaire.scale(key).scale.label, language)
    except KeyError:
        return key


# --- Staff: campaigns and results ------------------------------------------------------------


def _require_reader(user):
    if not (access.is_officer(user) or access.is_manager(user)):
        raise PermissionDenied


@login_required
def campaigns(request):
    _require_reader(request.user)
    officer = access.is_officer(request.user)
    qs = Campaign.objects.all() if officer else Campaign.objects.filter(status=Campaign.Status.CLOSED)
    rows = list(qs.annotate(answered=Count("participations", filter=Q(participations__responded=True))))
    return render(request, "surveys/monitor/campaign_list.html", {"campaigns": rows, "officer": officer})


def _officer_or_403(user):
    if not access.is_officer(user):
        raise PermissionDenied


@login_required
def campaign_create(request):
    _officer_or_403(request.user)
    defaults = services.settings_defaults()
    form = CampaignForm(
        request.POST or None, initial={**defaults, "parts": ["copsoq3", "organisation"], "free_text": True}
    )
    if request.method == "POST" and form.is_valid():
        campaign = form.save(commit=False)
        campaign.created_by = request.user
        campaign.reminder_dates = form.cleaned_data["reminder_dates"]
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
        campaign = form.save(commit=False)
        campaign.reminder_dates = form.cleaned_data["reminder_dates"]
        campaign.save()
        form.save_m2m()
        messages.success(request, _("Saved."))
        return redirect("monitor:campaign", campaign_id=campaign.pk)
    return render(request, "surveys/monitor/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def campaign_detail(request, campaign_id):
    _officer_or_403(request.user)
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    answered = Participation.objects.filter(campaign=campaign, responded=True).count()
    show_count = campaign.population_size >= campaign.min_group
    return render(
        request,
        "surveys/monitor/campaign_detail.html",
        {
            "campaign": campaign,
            "units": list(campaign.units.all()),
            "answered": answered if show_count else None,
            "answerable": services.is_answerable(campaign),
        },
    )


@login_required
@require_POST
def campaign_launch(request, campaign_id):
    _officer_or_403(request.user)
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    try:
        invited = services.campaign_launch(campaign=campaign, actor=request.user)
    except services.MonitorError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Launched: %(n)d people are invited.") % {"n": invited})
    return redirect("monitor:campaign", campaign_id=campaign.pk)


@login_required
@require_POST
def campaign_close(request, campaign_id):
    _officer_or_403(request.user)
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    try:
        services.campaign_close(campaign=campaign)
    except services.MonitorError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Closed. The results are computed and published."))
    return redirect("monitor:campaign", campaign_id=campaign.pk)


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
        context = _unit_context(campaign, result)
        context["can_add_measures"] = result.unit_id is not None
        return render(request, "surveys/monitor/results_unit.html", context)
    questionnaire = questionnaire_for(campaign)
    language = _language()
    rows = selectors.results_by_units(campaign, scope.unit_ids + [None])
    heat = [{"row": row, "cells": _cells(row, questionnaire, campaign, language), "is_self": False} for row in rows]
    return render(
        request,
        "surveys/monitor/results_overview.html",
        {
            "campaign": campaign,
            "heat": heat,
            "scale_labels": [pick(ms.scale.label, language) for ms in questionnaire.scales],
        },
    )


@login_required
def results_unit(request, campaign_id, unit_key):
    _require_reader(request.user)
    campaign, scope = access.get_campaign_results_for(request.user, campaign_id)
    result = access.get_unit_result_for(request.user, campaign, scope, unit_key)
    context = _unit_context(campaign, result)
    context["can_add_measures"] = result.unit_id is not None
    if not scope.everything:
        # A manager's heat map lists the children too; keep only what their scope covers.
        context["heat"] = [h for h in context["heat"] if h["row"].unit_id is None or scope.covers(h["row"].path)]
    return render(request, "surveys/monitor/results_unit.html", context)


@login_required
def results_csv(request, campaign_id):
    """The same figures as the pages, from the same stored (already safe) results."""
    _require_reader(request.user)
    campaign, scope = access.get_campaign_results_for(request.user, campaign_id)
    questionnaire = questionnaire_for(campaign)
    language = _language()
    rows = selectors.results_in_subtrees(campaign, None if scope.everything else scope.paths)
    if not scope.everything:
        rows = [
            r for r in UnitResult.objects.filter(campaign=campaign, unit__isnull=True).prefetch_related("scales")
        ] + rows
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="monitor-{campaign.pk}-results.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "unit",
            "scale",
            "respondents",
            "response_rate",
            "mean",
            "green_pct",
            "amber_pct",
            "red_pct",
            "previous_mean",
            "note",
        ]
    )
    labels = {ms.key: pick(ms.scale.label, language) for ms in questionnaire.scales}
    for row in rows:
        name = row.name if row.unit_id is not None else _("All units")
        if not row.shown:
            writer.writerow([name, "", "", "", "", "", "", "", "", _reason(row.hidden_reason, campaign)])
            continue
        for scale in sorted(row.scales.all(), key=lambda s: list(labels).index(s.scale) if s.scale in labels else 99):
            note = _reason(scale.hidden_reason, campaign) if scale.mean is None else ""
            writer.writerow(
                [
                    name,
                    labels.get(scale.scale, scale.scale),
                    row.respondents,
                    "" if row.response_rate is None else row.response_rate,
                    *(
                        [
                            "" if v is None else v
                            for v in (scale.mean, scale.green, scale.amber, scale.red, scale.previous_mean)
                        ]
                    ),
                    note,
                ]
            )
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
        scale_choices=_scale_choices(campaign, _language()),
        initial={"scale": request.GET.get("scale", "")},
    )
    if request.method == "POST" and form.is_valid():
        measure = form.save(commit=False)
        measure.unit = unit
        measure.campaign = campaign
        try:
            services.measure_save(measure=measure, actor=request.user)
        except services.MonitorError as exc:
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
        request.POST or None, instance=measure, scale_choices=_scale_choices(measure.campaign, _language())
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_save(measure=form.save(commit=False), actor=request.user)
        except services.MonitorError as exc:
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
    language = _language()
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
