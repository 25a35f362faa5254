"""My own shifts on the duty rota, and swapping one with a colleague."""

import datetime as dt
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import OrganisationUnit
from core.actions import post_action
from core.errors import DomainError

from .. import rota
from ..access import coordinates_rota_of, duty_pattern_of_person, duty_swap_for_user
from ..forms import DutySwapForm
from ..models import DutyExtraShift, DutyPattern, DutySwap
from ..services import rota as svc


def my_shifts(*, user, now: dt.datetime) -> list:
    """The user's shifts in the coming ROTA_LOOKAHEAD_DAYS, in every region they are on the rota of."""
    region_ids = (
        set(DutyPattern.objects.filter(person=user).values_list("region_id", flat=True))
        | set(DutyExtraShift.objects.filter(person=user, ends_at__gt=now).values_list("region_id", flat=True))
        | set(
            DutySwap.objects.filter(substitute=user, status=DutySwap.Status.ACCEPTED).values_list(
                "pattern__region_id", flat=True
            )
        )
    )
    regions = OrganisationUnit.objects.filter(pk__in=region_ids)
    end = now + dt.timedelta(days=rota.ROTA_LOOKAHEAD_DAYS)
    shifts = []
    for region in regions:
        shifts += [s for s in rota.shifts_between(region=region, start=now, end=end) if s.person.pk == user.pk]
    return sorted(shifts, key=lambda shift: shift.starts_at)


@login_required
def rota_mine(request):
    """Anyone on a rota sees their shifts; the others are told they are on none."""
    user, now = request.user, timezone.now()
    live = [DutySwap.Status.PROPOSED, DutySwap.Status.ACCEPTED]
    today = timezone.localdate()
    context = {
        "shifts": my_shifts(user=user, now=now),
        "offered": DutySwap.objects.filter(substitute=user, status=DutySwap.Status.PROPOSED, on_date__gte=today)
        .select_related("pattern__person")
        .order_by("on_date"),
        "mine": DutySwap.objects.filter(pattern__person=user, status__in=live, on_date__gte=today)
        .select_related("pattern", "substitute")
        .order_by("on_date"),
    }
    return render(request, "peer_support/rota_mine.html", context)


@login_required
def rota_swap_propose(request, pk):
    """Offer one of my weekly shifts, on one day, to a colleague who may take that duty."""
    pattern = duty_pattern_of_person(request.user, pk)
    people = rota.rota_candidates(region=pattern.region, kind=pattern.kind).exclude(pk=request.user.pk)
    form = DutySwapForm(
        request.POST or None,
        people=people.order_by("first_name", "last_name"),
        initial={"on_date": request.GET.get("date")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.duty_swap_propose(
                pattern=pattern,
                on_date=form.cleaned_data["on_date"],
                substitute=form.cleaned_data["person"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your colleague is asked. The shift stays yours until they accept."))
            return redirect("peer_support:rota_mine")
    context = {"form": form, "pattern": pattern, "title": _("Offer a shift to a colleague")}
    return render(request, "peer_support/rota_form.html", context)


@login_required
@require_POST
def rota_swap_accept(request, pk):
    swap = duty_swap_for_user(request.user, pk)
    accept = partial(svc.duty_swap_accept, swap=swap, by=request.user)
    return post_action(request, accept, success=_("The shift is yours now."), then="peer_support:rota_mine")


@login_required
@require_POST
def rota_swap_decline(request, pk):
    """The colleague declines, the one who offered it withdraws it, or a coordinator withdraws it."""
    swap = duty_swap_for_user(request.user, pk)
    party = request.user.pk in (swap.pattern.person_id, swap.substitute_id)
    coordinator = not party and coordinates_rota_of(request.user, swap.pattern.region)
    decline = partial(svc.duty_swap_decline, swap=swap, by=request.user, coordinator=coordinator)
    then = "peer_support:rota" if coordinator else "peer_support:rota_mine"
    return post_action(request, decline, success=_("The swap is off."), then=then)
