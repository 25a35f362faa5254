"""The psychologist's availability: one page with three forms (the profile, weekly times and days
away), each posted to a small action of its own that calls one service."""

import copy

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.actions import post_action

from .. import access, services
from ..forms import AbsenceForm, ProfileForm, WindowForm
from ..models import Psychologist
from ..selectors import absences_ahead, windows_of
from .common import form_action


def _page(request, psychologist: Psychologist, *, sent=None):
    """The page; the form just `sent`, if any, stands in for a fresh one, with what it says."""
    forms = {
        "profile_form": ProfileForm(instance=psychologist, prefix="profile"),
        "window_form": WindowForm(psychologist=psychologist, prefix="window"),
        "absence_form": AbsenceForm(prefix="absence"),
    }
    if sent is not None:
        forms[f"{sent.prefix}_form"] = sent
    return render(
        request,
        "checkups/availability.html",
        {
            "psychologist": psychologist,
            **forms,
            "windows": windows_of(psychologist),
            "absences": absences_ahead(psychologist),
        },
    )


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
@require_GET
def availability(request):
    return _page(request, access.psychologist_for_user(request.user))


def _sent(request, psychologist: Psychologist, form, *, call, success):
    """One of the page's forms was sent: on a valid form its one service, and back to the page
    with a message; otherwise the page again, with this form and what it says."""
    response = form_action(request, form, call=call, success=success, then="checkups:availability")
    if response is not None:
        return response
    return _page(request, psychologist, sent=form)


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
@require_POST
def profile_save(request):
    psychologist = access.psychologist_for_user(request.user)
    # Validating fills the form's instance in: a copy, so that when the page is shown again
    # with the form's errors, the other forms still offer what the saved profile offers.
    form = ProfileForm(request.POST, instance=copy.copy(psychologist), prefix="profile")
    return _sent(
        request,
        psychologist,
        form,
        call=lambda: services.psychologist_profile_save(psychologist=psychologist, **form.profile()),
        success=_("Your profile is saved."),
    )


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
@require_POST
def window_add(request):
    psychologist = access.psychologist_for_user(request.user)
    form = WindowForm(request.POST, psychologist=psychologist, prefix="window")
    return _sent(
        request,
        psychologist,
        form,
        call=lambda: services.window_create(psychologist=psychologist, **form.cleaned_data),
        success=_("Your availability is saved and the times are open for booking."),
    )


def _absence_saved(result) -> str:
    _absence, cancelled = result
    return _("Saved. %(n)s appointment(s) on these days were cancelled; each person was offered a new time.") % {
        "n": len(cancelled)
    }


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
@require_POST
def absence_add(request):
    psychologist = access.psychologist_for_user(request.user)
    form = AbsenceForm(request.POST, prefix="absence")
    return _sent(
        request,
        psychologist,
        form,
        call=lambda: services.absence_create(psychologist=psychologist, **form.cleaned_data),
        success=_absence_saved,
    )


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
@require_POST
def window_delete(request, pk):
    window = access.window_for_psychologist(request.user, pk)
    return post_action(
        request,
        lambda: services.window_delete(window=window),
        success=_("Removed. Talks already booked in it stay in your agenda."),
        then="checkups:availability",
    )
