"""The protocol engine's set-up: presets as data, and which protocol runs for what."""

from django.conf import settings
from django.db import transaction

from accounts.models import OrganisationUnit
from organisations.selectors import organisation_of_unit

from ..models import FollowUpProtocol, ProtocolChoice, ProtocolChoiceChange, ProtocolStep
from ..presets import PRESETS


@transaction.atomic
def protocols_load() -> int:
    """Create the preset protocols that are missing. Steps an organisation changed are kept.
    Run after every migrate (`apps.load_shipped_presets`)."""
    created = 0
    for spec in PRESETS:
        protocol, new = FollowUpProtocol.objects.get_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "names": spec["names"],
                "description": spec["description"],
                "source": spec["source"],
                "group_meeting": spec["group_meeting"],
                "preset": True,
            },
        )
        if new:
            created += 1
            for order, (kind, offset, window, instrument, label) in enumerate(spec["steps"], start=1):
                ProtocolStep.objects.create(
                    protocol=protocol,
                    order=order,
                    kind=kind,
                    offset_hours=offset,
                    window_hours=window,
                    instrument=instrument,
                    label=label,
                )
    return created


def organisation_of(*, unit: OrganisationUnit | None) -> OrganisationUnit | None:
    """The organisation a unit belongs to: the root of its tree."""
    if unit is None:
        return None
    return unit if unit.depth == 1 else OrganisationUnit.objects.get(path=unit.path[: OrganisationUnit.steplen])


def protocol_for(*, unit: OrganisationUnit, incident_type: str) -> FollowUpProtocol:
    organisation = organisation_of(unit=unit)
    choice = (
        ProtocolChoice.objects.select_related("protocol")
        .filter(organisation=organisation, incident_type=incident_type)
        .first()
    )
    if choice is not None:
        return choice.protocol
    # The organisation's default protocol; the deployment's if that one was removed since.
    code = organisation_of_unit(organisation).default_protocol
    protocol = (
        FollowUpProtocol.objects.filter(code=code).first()
        or FollowUpProtocol.objects.filter(code=settings.PEER_SUPPORT_DEFAULT_PROTOCOL).first()
    )
    if protocol is None:
        # Migrate loads it; only an administrator who deleted the preset since then gets here.
        protocols_load()
        protocol = FollowUpProtocol.objects.get(code=settings.PEER_SUPPORT_DEFAULT_PROTOCOL)
    return protocol


@transaction.atomic
def protocol_choose(*, organisation, incident_type: str, protocol: FollowUpProtocol, by) -> bool:
    """Set the protocol for an incident type; every change is kept with who made it."""
    choice = ProtocolChoice.objects.select_for_update().filter(organisation=organisation, incident_type=incident_type)
    current = choice.select_related("protocol").first()
    old_name = current.protocol.name if current else ""
    if current is not None and current.protocol_id == protocol.pk:
        return False
    # The row is locked and read above: change it, or make it (no second read per type).
    if current is not None:
        current.protocol = protocol
        current.save(update_fields=["protocol"])
    else:
        ProtocolChoice.objects.create(organisation=organisation, incident_type=incident_type, protocol=protocol)
    ProtocolChoiceChange.objects.create(
        organisation=organisation,
        incident_type=incident_type,
        old_protocol=old_name,
        new_protocol=protocol.name,
        changed_by=by,
    )
    return True


@transaction.atomic
def protocols_choose(*, organisation, choices: dict[str, FollowUpProtocol], by) -> int:
    """Set the protocol of every incident type in `choices`; how many changed (each recorded)."""
    return sum(
        protocol_choose(organisation=organisation, incident_type=incident_type, protocol=protocol, by=by)
        for incident_type, protocol in choices.items()
    )


def _hours(hours: int) -> str:
    return f"{hours // 24} d" if hours and hours % 24 == 0 else f"{hours} h"


@transaction.atomic
def protocol_timings_change(
    *, protocol: FollowUpProtocol, timings: dict[int, tuple[int, int]], organisation, by
) -> int:
    """Change step timings {step id: (offset_hours, window_hours)}; each change is recorded.
    Plans already running keep their times; new plans use the new ones."""
    changed = 0
    for step in protocol.steps.select_for_update():
        if step.pk not in timings:
            continue
        offset, window = timings[step.pk]
        name = f"{protocol.name}, {step.label_text}"
        if (offset, window) == (step.offset_hours, step.window_hours):
            continue
        ProtocolChoiceChange.objects.create(
            organisation=organisation,
            incident_type="",
            old_protocol=f"{name}: {_hours(step.offset_hours)} / {_hours(step.window_hours)}",
            new_protocol=f"{name}: {_hours(offset)} / {_hours(window)}",
            changed_by=by,
        )
        step.offset_hours, step.window_hours = offset, window
        step.save(update_fields=["offset_hours", "window_hours"])
        changed += 1
    return changed
