"""Referring on from a request or a follow-up plan; booking a talk on someone's behalf.

These pages load the case as a view; the referral itself writes its access-log line
(`referrals.referral_make`), so one referral is one line however many pages it took."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import plan_for_user, support_request_for_user
from ..forms import ReferralForm
from ..models import Referral
from ..services import SupportError, referrals


def _booking_page(request, *, person, make, back, known_number=""):
    """Choose a kind of talk, then a free time; `make(slot, type, call_number)` books it.
    A time by phone needs the number the psychologist will call (`known_number`: the one
    the colleague gave when they asked, if any)."""
    types = referrals.bookable_types(person=person)
    wanted = request.POST.get("type") or request.GET.get("type")
    chosen = next((t for t in types if t.slug == wanted), types[0] if len(types) == 1 else None)
    slots = referrals.free_slots_for(appointment_type=chosen) if chosen else []
    number = request.POST.get("call_number", known_number) if request.method == "POST" else known_number
    if request.method == "POST" and chosen is not None:
        slot = next((s for s in slots if str(s.pk) == request.POST.get("slot")), None)
        if slot is None:
            messages.error(request, _("That time is no longer free. Please choose another."))
        else:
            try:
                call_number = referrals.call_number_for(slot=slot, person=person, number=number)
                make(slot, chosen, call_number)
            except SupportError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The talk is booked. Your colleague gets the confirmation."))
                return redirect(back)
        slots = referrals.free_slots_for(appointment_type=chosen)
    return render(
        request,
        "peer_support/request_book.html",
        {
            "person": person,
            "types": types,
            "chosen": chosen,
            "slots": slots,
            "back": back,
            "call_number": number,
            "offers_phone": any(referrals.is_phone(slot) for slot in slots),
        },
    )


@login_required
def request_book(request, pk):
    support_request = support_request_for_user(request.user, pk)
    if support_request.assigned_to_id != request.user.pk or not support_request.is_open:
        raise Http404

    def make(slot, appointment_type, call_number):
        referrals.referral_make(
            request=support_request,
            supporter=request.user,
            kind=Referral.Kind.PSYCHOLOGIST_BOOKED,
            slot=slot,
            appointment_type=appointment_type,
            call_number=call_number,
        )

    back = reverse("peer_support:request_detail", args=[pk])
    known = referrals.number_given(support_request)
    return _booking_page(request, person=support_request.requester, make=make, back=back, known_number=known)


@login_required
def plan_book(request, pk):
    plan = plan_for_user(request.user, pk)
    if plan.supporter_id != request.user.pk or plan.declined or plan.incident_id is None:
        raise Http404

    def make(slot, appointment_type, call_number):
        referrals.referral_make(
            plan=plan,
            supporter=request.user,
            kind=Referral.Kind.PSYCHOLOGIST_BOOKED,
            slot=slot,
            appointment_type=appointment_type,
            call_number=call_number,
        )

    return _booking_page(request, person=plan.person, make=make, back=reverse("peer_support:plan_detail", args=[pk]))


@login_required
@require_POST
def plan_refer(request, pk):
    plan = plan_for_user(request.user, pk)
    form = ReferralForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose where to refer to."))
    elif form.cleaned_data["kind"] == Referral.Kind.PSYCHOLOGIST_BOOKED:
        return redirect("peer_support:plan_book", pk)
    else:
        try:
            referrals.referral_make(plan=plan, supporter=request.user, kind=form.cleaned_data["kind"])
        except SupportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Referral recorded."))
    return redirect("peer_support:plan_detail", pk)
