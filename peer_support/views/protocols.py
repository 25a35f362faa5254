"""Which follow-up protocol runs after which kind of incident, and its timings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import OrganisationUnit

from ..forms import ProtocolChoiceForm, ProtocolTimingsForm
from ..models import FollowUpProtocol, IncidentType, ProtocolChoice, ProtocolChoiceChange
from ..services.protocols import (
    organisation_of,
    protocol_for,
    protocol_timings_change,
    protocols_choose,
)


@login_required
@permission_required("peer_support.choose_protocol", raise_exception=True)
def protocol_settings(request):
    organisation = organisation_of(unit=request.user.unit) or OrganisationUnit.objects.get_first_root_node()
    current = {}
    if organisation is not None:
        # The organisation's choices in one query; the types it did not choose all run its default
        # protocol, asked for once (protocol_for per type would be two queries a type).
        current = dict(
            ProtocolChoice.objects.filter(organisation=organisation).values_list("incident_type", "protocol_id")
        )
        unchosen = [value for value in IncidentType.values if value not in current]
        if unchosen:
            default = protocol_for(unit=organisation, incident_type=unchosen[0]).pk
            current.update(dict.fromkeys(unchosen, default))
    form = ProtocolChoiceForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid() and organisation is not None:
        changed = protocols_choose(organisation=organisation, choices=form.cleaned_data, by=request.user)
        messages.success(request, _("Saved. %(count)s change(s) recorded.") % {"count": changed})
        return redirect("peer_support:protocol_settings")
    context = {
        "form": form,
        "organisation": organisation,
        "protocols": FollowUpProtocol.objects.prefetch_related("steps"),
        "changes": ProtocolChoiceChange.objects.filter(organisation=organisation).select_related("changed_by")[:50],
        "choices": ProtocolChoice.objects.filter(organisation=organisation).count(),
    }
    return render(request, "peer_support/protocol_settings.html", context)


@login_required
@permission_required("peer_support.choose_protocol", raise_exception=True)
def protocol_timings(request, pk):
    protocol = get_object_or_404(FollowUpProtocol, pk=pk)  # shipped data, not anyone's record
    steps = list(protocol.steps.all())
    form = ProtocolTimingsForm(request.POST or None, steps=steps)
    organisation = organisation_of(unit=request.user.unit) or OrganisationUnit.objects.get_first_root_node()
    if request.method == "POST" and form.is_valid():
        changed = protocol_timings_change(
            protocol=protocol, timings=form.timings(), organisation=organisation, by=request.user
        )
        messages.success(request, _("Saved. %(count)s change(s) recorded.") % {"count": changed})
        return redirect("peer_support:protocol_settings")
    return render(request, "peer_support/protocol_timings.html", {"protocol": protocol, "form": form})
