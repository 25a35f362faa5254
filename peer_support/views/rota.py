"""The coordinator's duty rota: the week calendar with its gaps, and keeping the rota
(weekly shifts, extra shifts, absences, swaps recorded for two colleagues)."""

import datetime as dt
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import post_action
from core.errors import DomainError

from .. import rota
from ..access import (
    duty_absence_for_coordinator,
    duty_extra_for_coordinator,
    duty_pattern_for_coordinator,
    rota_region_for_coordinator,
)
from ..forms import DutyAbsenceForm, DutyExtraForm, DutyPatternForm, DutySwapForm
from ..models import DutyAbsence, DutyExtraShift, DutyKind, DutyPattern, DutySwap
from ..services import rota as svc

COORDINATE = "accounts.coordinate_support"
# How far from today the calendar may be paged, either way.
CALENDAR_RANGE_DAYS = 3 * 366


def _week_asked(value: str | None, today: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return today
    return day if abs((day - today).days) <= CALENDAR_RANGE_DAYS else today


def _today(region) -> dt.date:
    return timezone.now().astimezone(rota.rota_time_zone(region)).date()


@login_required
@permission_required(COORDINATE, raise_exception=True)
def rota_calendar(request):
    region = rota_region_for_coordinator(request.user)
    today = _today(region)
    monday = rota.week_of(_week_asked(request.GET.get("week"), today))
    days, kinds = rota.week_calendar(region=region, monday=monday)
    context = {
        "region": region,
        "days": days,
        "kinds": [(value, label) for value, label in DutyKind.choices],
        "kinds_kept": kinds,
        "monday": monday,
        "previous_week": monday - dt.timedelta(days=7),
        "next_week": monday + dt.timedelta(days=7),
        "this_week": rota.week_of(today),
        "time_zone": rota.rota_time_zone(region).key,
        "patterns": DutyPattern.objects.filter(region=region)
        .select_related("person")
        .order_by("kind", "weekday", "starts", "person__first_name"),
        "extras": DutyExtraShift.objects.filter(region=region, ends_at__gte=timezone.now())
        .select_related("person")
        .order_by("starts_at"),
        "absences": DutyAbsence.objects.filter(region=region, last_day__gte=today)
        .select_related("person")
        .order_by("first_day"),
        "swaps": DutySwap.objects.filter(
            pattern__region=region,
            on_date__gte=today,
            status__in=[DutySwap.Status.PROPOSED, DutySwap.Status.ACCEPTED],
        )
        .select_related("pattern__person", "substitute")
        .order_by("on_date"),
    }
    return render(request, "peer_support/rota_calendar.html", context)


def _form_page(request, *, region, form, save, success: str, title: str, week: dt.date | None = None):
    """A rota form: valid and accepted by the service, back to the calendar (at the week it
    concerns); otherwise the form again, with the refusal next to it. Times are the region's."""
    with timezone.override(rota.rota_time_zone(region)):
        if request.method == "POST" and form.is_valid():
            try:
                result = save(**form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, success)
                week = week or _week_of_result(result, region)
                return redirect(f"{reverse('peer_support:rota')}?week={week.isoformat()}")
        context = {"form": form, "title": title, "time_zone": rota.rota_time_zone(region).key}
        return render(request, "peer_support/rota_form.html", context)


def _week_of_result(result, region) -> dt.date:
    for name in ("valid_from", "first_day", "on_date"):
        if getattr(result, name, None):
            return rota.week_of(max(getattr(result, name), _today(region)))
    if getattr(result, "starts_at", None):
        return rota.week_of(result.starts_at.astimezone(rota.rota_time_zone(region)).date())
    return rota.week_of(_today(region))


@login_required
@permission_required(COORDINATE, raise_exception=True)
def rota_pattern_edit(request, pk=None):
    region = rota_region_for_coordinator(request.user)
    pattern = duty_pattern_for_coordinator(request.user, pk) if pk else None
    if pattern:
        fields = ("kind", "weekday", "starts", "ends", "valid_from", "valid_until")
        initial = {"person": pattern.person_id, **{name: getattr(pattern, name) for name in fields}}
    else:
        initial = {"valid_from": _today(region), "kind": DutyKind.PEER_SUPPORTER}
    form = DutyPatternForm(request.POST or None, people=rota.rota_people(region=region), initial=initial)
    return _form_page(
        request,
        region=region,
        form=form,
        save=partial(svc.duty_pattern_save, region=region, pattern=pattern),
        success=_("The weekly shift is saved."),
        title=_("Change a weekly shift") if pattern else _("Add a weekly shift"),
    )


@login_required
@require_POST
@permission_required(COORDINATE, raise_exception=True)
def rota_pattern_delete(request, pk):
    pattern = duty_pattern_for_coordinator(request.user, pk)
    remove = partial(svc.duty_pattern_delete, pattern=pattern)
    return post_action(request, remove, success=_("The weekly shift is off the rota."), then="peer_support:rota")


@login_required
@permission_required(COORDINATE, raise_exception=True)
def rota_extra_create(request):
    region = rota_region_for_coordinator(request.user)
    form = DutyExtraForm(request.POST or None, people=rota.rota_people(region=region))
    return _form_page(
        request,
        region=region,
        form=form,
        save=partial(svc.duty_extra_add, region=region),
        success=_("The extra shift is on the rota."),
        title=_("Add an extra shift"),
    )


@login_required
@require_POST
@permission_required(COORDINATE, raise_exception=True)
def rota_extra_delete(request, pk):
    extra = duty_extra_for_coordinator(request.user, pk)
    remove = partial(svc.duty_extra_delete, extra=extra)
    return post_action(request, remove, success=_("The extra shift is off the rota."), then="peer_support:rota")


@login_required
@permission_required(COORDINATE, raise_exception=True)
def rota_absence_create(request):
    region = rota_region_for_coordinator(request.user)
    form = DutyAbsenceForm(request.POST or None, people=rota.rota_people(region=region))
    return _form_page(
        request,
        region=region,
        form=form,
        save=partial(svc.duty_absence_add, region=region),
        success=_("The absence is on the rota. Check the gaps it leaves."),
        title=_("Add an absence"),
    )


@login_required
@require_POST
@permission_required(COORDINATE, raise_exception=True)
def rota_absence_delete(request, pk):
    absence = duty_absence_for_coordinator(request.user, pk)
    remove = partial(svc.duty_absence_delete, absence=absence)
    return post_action(request, remove, success=_("The absence is removed."), then="peer_support:rota")


@login_required
@permission_required(COORDINATE, raise_exception=True)
def rota_swap_record(request):
    """A coordinator records a swap two colleagues agreed: it holds at once."""
    region = rota_region_for_coordinator(request.user)
    patterns = DutyPattern.objects.filter(region=region).select_related("person").order_by("kind", "weekday", "starts")
    form = DutySwapForm(request.POST or None, people=rota.rota_people(region=region), patterns=patterns)

    def save(*, pattern, on_date, person):
        return svc.duty_swap_propose(
            pattern=pattern, on_date=on_date, substitute=person, by=request.user, coordinator=True
        )

    return _form_page(
        request, region=region, form=form, save=save, success=_("The swap is recorded."), title=_("Record a swap")
    )
