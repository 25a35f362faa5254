"""Referring on from a request or a follow-up plan; booking a talk on someone's behalf.

These pages load the case as a view; the referral itself writes its access-log line
(`referrals.referral_make`), so one referral is one line however many pages it took."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from checkups.models import Mode
from core.actions import post_action
from core.errors import DomainError

from .. import selectors
from ..access import plan_for_supporter, plan_for_user, support_request_for_assignee
from ..forms import ReferralForm
from ..models import Referral
from ..services import referrals

BOOKED = Referral.Kind.PSYCHOLOGIST_BOOKED


def _booking_page(request, *, person, back, known_number="", **case):
    """Choose a kind of talk, then a free time, and book it for `person` as the referral of
    `case` (support_request= or plan=). A time by phone needs the number the psychologist
    will call (`known_number`: the one the colleague gave when they asked, if any)."""
    types = selectors.referral_appointment_types(person=person)
    wanted = request.POST.get("type") or request.GET.get("type")
    chosen = next((t for t in types if t.slug == wanted), types[0] if len(types) == 1 else None)
    slots = selectors.referral_free_slots(appointment_type=chosen) if chosen else []
    number = request.POST.get("call_number", known_number) if request.method == "POST" else known_number
    if request.method == "POST" and chosen is not None:
        slot = next((s for s in slots if str(s.pk) == request.POST.get("slot")), None)
        if slot is None:
            messages.error(request, _("That time is no longer free. Please choose another."))
        else:
            try:
                referrals.referral_make(
                    supporter=request.user, kind=BOOKED, slot=slot, appointment_type=chosen, call_number=number, **case
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The talk is booked. Your colleague gets the confirmation."))
                return redirect(back)
        slots = selectors.referral_free_slots(appointment_type=chosen)
    context = {
        "person": person,
        "types": types,
        "chosen": chosen,
        "slots": slots,
        "back": back,
        "call_number": number,
        "offers_phone": any(slot.mode == Mode.PHONE for slot in slots),
    }
    return render(request, "peer_support/request_book.html", context)


@login_required
def request_book(request, pk):
    support_request = support_request_for_assignee(request.user, pk)
    known = selectors.phone_number_given(support_request=support_request)
    return _booking_page(
        request,
        person=support_request.requester,
        back=support_request.get_absolute_url(),
        known_number=known,
        support_request=support_request,
    )


@login_required
def plan_book(request, pk):
    plan = plan_for_supporter(request.user, pk)
    return _booking_page(request, person=plan.person, back=plan.get_absolute_url(), plan=plan)


@login_required
@require_POST
def plan_refer(request, pk):
    plan = plan_for_user(request.user, pk)
    form = ReferralForm(request.POST)
    if form.is_valid() and form.cleaned_data["kind"] == BOOKED:
        return redirect("peer_support:plan_book", pk)
    refer = partial(referrals.referral_make, plan=plan, supporter=request.user)
    return post_action(request, refer, success=_("Referral recorded."), then=plan, form=form)
