"""The anonymous reader's choice of organisation, and the settings page of an organisation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import may_edit_any, organisation_for_editor
from .forms import OrganisationChoiceForm, OrganisationForm
from .models import Organisation
from .selectors import COOKIE_MAX_AGE, COOKIE_NAME
from .services import organisation_update

HISTORY_SHOWN = 100


def _safe_next(request) -> str:
    next_url = request.POST.get("next") or "/"
    # Only a path on this site, as the language switch does.
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, request.is_secure()
    ):
        return "/"
    return next_url


@require_POST
def organisation_choose(request):
    """Remember which organisation's numbers a visitor sees: its id in a cookie, nothing else."""
    response = HttpResponseRedirect(_safe_next(request))
    form = OrganisationChoiceForm(request.POST)
    if form.is_valid():
        response.set_cookie(
            COOKIE_NAME,
            str(form.cleaned_data["organisation"].pk),
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    else:
        messages.error(request, _("Choose one of the organisations in the list."))
    return response


@login_required
def organisation_settings(request):
    """The numbers, times and limits of an organisation, for its wellbeing officer or an administrator."""
    pk = request.POST.get("organisation") if request.method == "POST" else request.GET.get("organisation")
    organisation = organisation_for_editor(request.user, pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        values = form.changed_values()
        # The form worked on `organisation` itself: the service compares with the stored row.
        count = organisation_update(organisation=organisation, values=values, by=request.user)
        if count:
            messages.success(request, _("Saved. The changes are in the history below."))
        else:
            messages.info(request, _("Nothing was changed."))
        url = reverse("organisations:settings")
        return redirect(f"{url}?organisation={organisation.pk}" if may_edit_any(request.user) else url)
    context = {
        "form": form,
        "organisation": organisation,
        "organisations": Organisation.objects.order_by("pk") if may_edit_any(request.user) else None,
        "changes": [
            (change, _field_label(change.field))
            for change in organisation.changes.select_related("changed_by")[:HISTORY_SHOWN]
        ],
    }
    return render(request, "organisations/organisation_settings.html", context)


def _field_label(name: str) -> str:
    try:
        return str(Organisation._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field removed since the change was recorded
        return name
