"""How the overview puts its sections: the "needs you now" list, the usage table and the
chart's data, and the CSV. Only what `sources` read; hidden figures stay hidden (None)."""

import csv
import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import UsageKind
from .privacy import reason_text
from .quarters import label as quarter_label
from .sources import MEASURE_DUE_SOON_DAYS


def needs_now(*, measures: list[dict], incidents: list, training: list[tuple], today: dt.date) -> list[dict]:
    """What asks for the reader's action, soonest first: measures overdue or due soon,
    incidents they registered whose protocol asks for a group meeting that nobody planned
    yet, incidents without any follow-up plan, and required courses due (from trainings)."""
    items = []
    soon = today + dt.timedelta(days=MEASURE_DUE_SOON_DAYS)
    for item in measures:
        measure = item["measure"]
        if measure.due_on <= soon:
            text = _("Measure overdue: %(action)s") if item["overdue"] else _("Measure due soon: %(action)s")
            items.append({"text": text % {"action": _short(measure.action)}, "url": item["url"], "due": measure.due_on})
    for incident in incidents:
        when = date_format(incident.occurred_at, "j F Y")
        url = incident.get_absolute_url() if incident.mine else ""
        if incident.people == 0:
            text = _("No follow-up plan for the incident of %(date)s (%(unit)s).")
            items.append({"text": text % {"date": when, "unit": incident.unit.name}, "url": url, "due": None})
        elif incident.mine and incident.meeting_missing:
            text = _("Plan the group meeting after the incident of %(date)s (%(unit)s).")
            items.append({"text": text % {"date": when, "unit": incident.unit.name}, "url": url, "due": None})
    for text, url, due in training:
        items.append({"text": text, "url": url, "due": due})
    return sorted(items, key=lambda i: (i["due"] is None, i["due"] or dt.date.max))


def _short(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def usage_rows(usage: dict) -> list[dict]:
    """One row per unit and service, one cell per quarter: the number, or None with why."""
    rows = []
    for unit in usage["units"]:
        for kind, kind_label in UsageKind.choices:
            cells = []
            for starts_on in usage["quarters"]:
                figure = usage["figures"].get((unit.pk, kind, starts_on))
                if figure is None:
                    cells.append({"people": None, "reason": _("No figures for this quarter.")})
                elif figure.people is None:
                    cells.append({"people": None, "reason": reason_text(figure.hidden_reason, minimum=figure.minimum)})
                else:
                    cells.append({"people": figure.people, "reason": ""})
            rows.append({"unit": unit, "kind": kind, "kind_label": kind_label, "cells": cells})
    return rows


def usage_notes(rows: list[dict]) -> list[str]:
    """The reasons of the hidden cells, each once, numbered for footnotes (sets `note`)."""
    notes: list[str] = []
    for row in rows:
        for cell in row["cells"]:
            if cell["people"] is None:
                if cell["reason"] not in notes:
                    notes.append(cell["reason"])
                cell["note"] = notes.index(cell["reason"]) + 1
    return notes


def usage_chart(usage: dict, rows: list[dict]) -> dict | None:
    """The chart of the unit's own figures per quarter (hidden ones are gaps), or None when
    nothing of it may be shown."""
    own = [row for row in rows if row["unit"].pk == usage["units"][0].pk]
    if not any(cell["people"] is not None for row in own for cell in row["cells"]):
        return None
    return {
        "labels": [quarter_label(q) for q in usage["quarters"]],
        "series": [{"label": str(row["kind_label"]), "data": [c["people"] for c in row["cells"]]} for row in own],
        "axis": _("people"),
    }


def csv_columns() -> list[str]:
    """The header row, in the reader's language."""
    return [
        pgettext("overview CSV column", "section"),
        pgettext("overview CSV column", "unit"),
        pgettext("overview CSV column", "item"),
        pgettext("overview CSV column", "period"),
        pgettext("overview CSV column", "value"),
        pgettext("overview CSV column", "note"),
    ]


def _section(name: str) -> str:
    """A section's name in the first column, in the reader's language."""
    names = {
        "monitor": pgettext("overview CSV section", "monitor"),
        "usage": pgettext("overview CSV section", "usage"),
        "incident": pgettext("overview CSV section", "incident"),
    }
    return names[name]


def _cell(value: str) -> str:
    """Text a spreadsheet program will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_write(out, *, unit, monitor: dict | None, usage_table: list[dict], usage: dict, incidents: dict) -> None:
    """The page's figures, from the same sections, so the same things are hidden."""
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(csv_columns())
    if monitor and monitor.get("result") is not None:
        result, campaign = monitor["result"], monitor["campaign"]
        name = _cell(result.name if result.unit_id else unit.name)
        title = _cell(campaign.title)
        section = _section("monitor")
        if not result.shown:
            writer.writerow([section, name, title, "", "", monitor.get("hidden_reason", "")])
        elif result.respondents is None:
            writer.writerow([section, name, title, "", "", monitor.get("rate_reason", "")])
        else:
            respondents = _("%(survey)s: respondents") % {"survey": title}
            rate = _("%(survey)s: response rate (%%)") % {"survey": title}
            writer.writerow([section, name, respondents, "", result.respondents, ""])
            writer.writerow([section, name, rate, "", round(result.response_rate), ""])
    for row in usage_table:
        for starts_on, cell in zip(usage["quarters"], row["cells"], strict=True):
            value = "" if cell["people"] is None else cell["people"]
            period = quarter_label(starts_on)
            writer.writerow(
                [_section("usage"), _cell(row["unit"].name), str(row["kind_label"]), period, value, cell["reason"]]
            )
    for incident in incidents["incidents"]:
        item = f"{incident.get_incident_type_display()} {incident.occurred_at:%Y-%m-%d}"
        if not incident.counts_shown:
            note = _("Numbers are shown only when at least %(n)d colleagues are involved.")
            note = note % {"n": incidents["minimum"]}
            writer.writerow([_section("incident"), _cell(incident.unit.name), item, "", "", note])
            continue
        counts = (
            (_("%(incident)s: steps done"), incident.steps_done),
            (_("%(incident)s: steps due"), incident.steps_due),
            (_("%(incident)s: steps overdue"), incident.steps_overdue),
        )
        for text, value in counts:
            writer.writerow([_section("incident"), _cell(incident.unit.name), text % {"incident": item}, "", value, ""])
