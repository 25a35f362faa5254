"""How the monitor's pages put things: stored results as scores with the direction of every
difference in words, units side by side, the chart's data and the CSV; and the employee's
and the officer's pages as rows and sentences.

Reads only what `privacy` stored at close: a hidden figure is not stored, so it cannot be
shown here by mistake.
"""

import csv
import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.i18n import active_language, pick

from . import privacy, selectors
from .models import UnitResult
from .questionnaire import part_choices, questionnaire_for

KIND_ORDER = ("energy", "burden", "risk", "health")
KIND_LABELS = {
    "energy": gettext_lazy("What gives energy"),
    "burden": gettext_lazy("What costs energy"),
    "risk": gettext_lazy("Risks"),
    "health": gettext_lazy("Health"),
}
# Units side by side: at most this many unit columns in one table, so that a table of
# 23 scales fits a 1,366-pixel screen; more units get another table below.
UNITS_PER_TABLE = 5


def reason(code: str, campaign, lang: str | None = None) -> str:
    return _reason(lang or active_language(), code, campaign.min_group, campaign.min_group_health)


# A page at 1,500 teams has hundreds of cells that repeat a few sentences: each is translated
# once per language (and minimum group), not once per cell. Callers pass the reader's language.
@lru_cache(maxsize=256)
def _reason(lang: str, code: str, minimum: int, health_minimum: int) -> str:
    return privacy.reason_text(code, minimum=minimum, health_minimum=health_minimum)


@lru_cache(maxsize=32)
def _trend_words(lang: str, versus: str) -> tuple[dict, dict]:
    if versus == "whole":
        long = {
            "better": _("better than all units"),
            "worse": _("worse than all units"),
            "same": _("about the same as all units"),
        }
    else:
        long = {
            "better": _("better than last time"),
            "worse": _("worse than last time"),
            "same": _("about the same as last time"),
        }
    short = {"better": _("better"), "worse": _("worse"), "same": _("about the same")}
    return long, short


def trend(delta: float | None, better: str, *, versus: str, lang: str | None = None) -> dict | None:
    """A difference in words and a direction, by the scale's favourable end: on work pace
    (lower is better) +12 is worse, on support (higher is better) +12 is better. The page
    shows the words, so colour is never the only signal."""
    if delta is None:
        return None
    rounded = round(delta)
    if rounded == 0:
        direction = "same"
    elif (rounded > 0) == (better == "high"):
        direction = "better"
    else:
        direction = "worse"
    long, short = _trend_words(lang or active_language(), versus)
    number = f"{rounded:+d}".replace("-", "\u2212") if rounded else "0"
    return {
        "value": delta,
        "number": number,
        "direction": direction,
        "short": short[direction],
        "long": long[direction],
    }


def whole_number(value) -> str:
    """A figure as the template filter `floatformat:0` shows it (rounded half up; scores and
    shares have no thousands), without the filter's cost: a page shows hundreds of them.
    For a non-negative float, `value - floor(value)` is exact, so the half-up rule on it
    gives what the filter's decimal arithmetic gives."""
    if value is None:
        return ""
    if value < 0:
        return str(int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    whole = math.floor(value)
    return str(whole + 1 if value - whole >= 0.5 else whole)


def direction_hint(better: str, lang: str | None = None) -> str:
    return _hints(lang or active_language())[better == "high"]


@lru_cache(maxsize=32)
def _hints(lang: str) -> tuple[str, str]:
    return _("lower is better"), _("higher is better")


def scale_cells(row: UnitResult, questionnaire, campaign, lang, whole=None) -> list[dict]:
    """One dict per scale of the questionnaire for one unit's stored result."""
    by_scale = {s.scale: s for s in row.scales.all()}
    whole_scales = {s.scale: s for s in whole.scales.all()} if whole is not None else {}
    cells = []
    for ms in questionnaire.scales:
        result = by_scale.get(ms.key)
        cell = {
            "key": ms.key,
            "label": pick(ms.scale.label, lang),
            "kind": ms.kind,
            "better": ms.better,
            "hint": direction_hint(ms.better, lang),
        }
        if result is None or result.mean is None:
            code = result.hidden_reason if result is not None else privacy.SCALE_TOO_FEW
            cell.update({"hidden": True, "reason": reason(code, campaign, lang)})
        else:
            band = ms.scale.band_for(result.mean)
            change = round(result.mean - result.previous_mean, 1) if result.previous_mean is not None else None
            cell.update(
                {
                    "hidden": False,
                    "mean": result.mean,
                    "mean_text": whole_number(result.mean),
                    "green": result.green,
                    "amber": result.amber,
                    "red": result.red,
                    "shares_text": [whole_number(result.green), whole_number(result.amber), whole_number(result.red)],
                    "level": band.level if band else 0,
                    "band": pick(band.label, lang) if band else "",
                    "previous": result.previous_mean,
                    "change": change,
                    "change_trend": trend(change, ms.better, versus="previous", lang=lang),
                }
            )
            other = whole_scales.get(ms.key)
            if other is not None and other.mean is not None and whole is not row:
                cell["whole"] = other.mean
                cell["whole_text"] = whole_number(other.mean)
                cell["vs_whole"] = round(result.mean - other.mean, 1)
                cell["whole_trend"] = trend(cell["vs_whole"], ms.better, versus="whole", lang=lang)
        cells.append(cell)
    return cells


def grouped(cells: list[dict]) -> list[dict]:
    """Cells grouped by kind (energy, burden, risk, health), each group with its label."""
    groups = []
    for kind in KIND_ORDER:
        members = [c for c in cells if c["kind"] == kind]
        if members:
            groups.append({"kind": kind, "label": KIND_LABELS[kind], "cells": members})
    return groups


def unit_name(row: UnitResult) -> str:
    return row.name if row.unit_id is not None else _("All units")


def heat_map(rows: list[UnitResult], questionnaire, campaign, lang, *, self_pk=None) -> dict:
    """Units side by side: scales down, units across, at most UNITS_PER_TABLE units per
    table. Units that may not be shown at all are listed apart with the reason."""
    columns, hidden = [], []
    for row in rows:
        entry = {
            "row": row,
            "name": unit_name(row),
            "is_self": row.pk == self_pk,
            "rate_text": whole_number(row.response_rate),
        }
        if row.shown:
            entry["cells"] = {c["key"]: c for c in scale_cells(row, questionnaire, campaign, lang)}
            columns.append(entry)
        else:
            entry["reason"] = reason(row.hidden_reason, campaign, lang)
            hidden.append(entry)
    tables = []
    for start in range(0, len(columns), UNITS_PER_TABLE):
        chunk = columns[start : start + UNITS_PER_TABLE]
        groups = []
        for kind in KIND_ORDER:
            scales = [ms for ms in questionnaire.scales if ms.kind == kind]
            if scales:
                lines = [
                    {
                        "label": pick(ms.scale.label, lang),
                        "hint": direction_hint(ms.better, lang),
                        "html": heat_cells_html(chunk, ms.key),
                    }
                    for ms in scales
                ]
                groups.append({"label": KIND_LABELS[kind], "lines": lines})
        tables.append({"units": chunk, "groups": groups, "first": start + 1, "last": start + len(chunk)})
    return {"tables": tables, "hidden": hidden, "count": len(columns), "total": len(rows)}


def heat_cells_html(units: list[dict], key: str) -> str:
    """One line of the units-side-by-side table: a cell per unit for the scale `key`, made
    here rather than in the template (where a page of 16 units by 23 scales spent most of
    its time). The markup is _heatmap.html's; every value is escaped by format_html."""
    parts, hidden = [], _("hidden")
    for unit in units:
        cell = unit["cells"][key]
        if cell["hidden"]:
            parts.append(
                format_html(
                    '<td role="cell" class="heat-hidden" data-label="{}" title="{}"><div>'
                    '<span aria-hidden="true">– {}</span><span class="visually-hidden">{}</span></div></td>',
                    unit["name"],
                    cell["reason"],
                    hidden,
                    cell["reason"],
                )
            )
            continue
        t = cell["change_trend"]
        change = (
            format_html(
                ' <span class="d-block small"><span class="trend trend-{}">{} <span class="trend-word">({})</span>'
                '<span class="visually-hidden">: {}</span></span></span>',
                t["direction"],
                t["number"],
                t["short"],
                t["long"],
            )
            if t
            else ""
        )
        parts.append(
            format_html(
                '<td role="cell" class="heat-{}" data-label="{}"><div><strong>{}</strong> <span class="small">{}</span>'
                "{}</div></td>",
                cell["level"],
                unit["name"],
                cell["mean_text"],
                cell["band"],
                change,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - each part is format_html's, escaped


def _summary(cells):
    energy = [c for c in cells if not c["hidden"] and c["kind"] == "energy"]
    burdens = [c for c in cells if not c["hidden"] and c["kind"] in ("burden", "risk")]
    strongest = sorted(energy, key=lambda c: -c["mean"] if c["better"] == "high" else c["mean"])[:3]
    largest = sorted(burdens, key=lambda c: -c["mean"] if c["better"] == "low" else c["mean"])[:3]
    return strongest, largest


def scale_label(questionnaire, key, lang):
    try:
        return pick(questionnaire.scale(key).scale.label, lang)
    except KeyError:
        return key


def unit_context(
    campaign, result, *, include_children=True, covers=None, can_open_whole=False, employee_view=False
) -> dict:
    """Everything the unit page shows about one stored unit result. `covers(path)`, when
    given, keeps only the units the reader's scope covers. The whole organisation's figures
    are a row for everyone, a page of their own for a reader of everything
    (`can_open_whole`); an employee sees their unit's page without links to other units."""
    questionnaire = questionnaire_for(campaign)
    lang = active_language()
    whole, rows = selectors.page_results(campaign, unit_id=result.unit_id, include_children=include_children)
    if covers is not None:
        rows = [r for r in rows if r.unit_id is None or covers(r.path)]
    own = next((r for r in rows if r.pk == result.pk), result)
    cells = scale_cells(own, questionnaire, campaign, lang, whole=whole)
    strongest, largest = _summary(cells)
    comments = selectors.comments_shown(campaign, result)
    measures = selectors.measures_for_unit(result.unit_id) if result.unit_id is not None else []
    cell_by_scale = {c["key"]: c for c in cells}
    measure_rows = [
        {"measure": m, "scale": cell_by_scale.get(m.scale), "label": scale_label(questionnaire, m.scale, lang)}
        for m in measures
    ]
    shown_cells = [c for c in cells if not c["hidden"]]
    chart = {
        "labels": [c["label"] for c in shown_cells],
        "unit": [c["mean"] for c in shown_cells],
        "whole": [c.get("whole") for c in shown_cells],
        "unitLabel": unit_name(result),
        "wholeLabel": _("All units"),
    }
    return {
        "campaign": campaign,
        "result": result,
        "whole": whole,
        "cells": cells,
        "score_groups": grouped(cells),
        "heat": heat_map(rows, questionnaire, campaign, lang, self_pk=result.pk),
        "strongest": strongest,
        "largest": largest,
        "comments": comments,
        "measure_rows": measure_rows,
        "chart": chart,
        "has_chart": bool(shown_cells),
        "chart_height": 60 + 34 * len(shown_cells),
        "hidden_reason": reason(result.hidden_reason, campaign) if not result.shown else "",
        "health_reason": reason(result.health_hidden_reason, campaign) if result.health_hidden_reason else "",
        "rate_reason": reason(result.rate_hidden_reason, campaign) if result.rate_hidden_reason else "",
        "can_add_measures": not employee_view and result.unit_id is not None,
        "can_open_whole": can_open_whole,
        "employee_view": employee_view,
    }


def results_overview(campaign, scope) -> dict:
    """A reader of some units starts from their units side by side, with the whole."""
    rows = selectors.results_by_units(campaign, scope.unit_ids + [None])
    return {"campaign": campaign, "heat": heat_map(rows, questionnaire_for(campaign), campaign, active_language())}


# --- The employee's pages ---------------------------------------------------------------------


def home_entries(user) -> list[dict]:
    """The campaigns a person was invited to, each with where they stand (3 queries)."""
    answered = selectors.answered_campaign_ids(user)
    started = selectors.drafted_campaign_ids(user)
    return [
        {
            "participation": participation,
            "campaign": participation.campaign,
            "answered": participation.campaign_id in answered,
            "answerable": participation.campaign.is_answerable() and participation.campaign_id not in answered,
            "started": participation.campaign_id in started,
        }
        for participation in selectors.participations_of(user)
    ]


def intro_context(participation) -> dict:
    """The page before the questions: the parts, how long, and where to start or go on."""
    campaign = participation.campaign
    questionnaire = questionnaire_for(campaign)
    lang = active_language()
    draft = selectors.draft_of(participation)
    answered = selectors.has_answered(participation)
    parts = [
        {
            "name": pick(part.name, lang),
            "minutes": part.minutes,
            "validated": part.is_validated(lang),
            "note": part.translations.get(lang, {}).get("note", ""),
        }
        for part in questionnaire.parts
    ]
    return {
        "participation": participation,
        "campaign": campaign,
        "parts": parts,
        "answered": answered,
        "started": bool(draft),
        "resume_step": questionnaire.resume_step(draft.get("answers", {})),
        "questions": len(questionnaire.items),
        "answerable": campaign.is_answerable() and not answered,
    }


def answering_refusal(participation) -> str:
    """Why this person cannot answer now ("" when they can)."""
    if selectors.has_answered(participation):
        return _("You have already answered. Thank you.")
    if not participation.campaign.is_answerable():
        return _("This questionnaire is not open.")
    return ""


def screen_context(screen, questionnaire) -> dict:
    """One screen of questions: its part, the instructions on the part's first screen, and
    how far along the person is."""
    part, lang = screen.part, active_language()
    return {
        "screen": screen,
        "progress": round(100 * (screen.first - 1) / len(questionnaire.items)),
        "part_name": pick(part.name, lang),
        "instructions": pick(part.instructions, lang) if screen.opens_part else "",
        "validated": part.is_validated(lang) or not screen.opens_part,
        "licence": part.licence,
    }


# --- The wellbeing officer's campaign pages ----------------------------------------------------


def long_date(iso: str) -> str:
    return date_format(dt.date.fromisoformat(iso), "j F Y")


def campaign_context(campaign) -> dict:
    """The officer's page of one campaign, with the live count where it may be shown."""
    return {
        "campaign": campaign,
        "units": list(campaign.units.all()),
        "reminder_dates": [long_date(day) for day in campaign.reminder_dates],
        "answered": selectors.answered_counts([campaign]).get(campaign.pk),
        "answerable": campaign.is_answerable(),
    }


def launch_context(campaign, now=None) -> dict:
    """What launching now would do: who is invited, when the invitations go out."""
    now = now or timezone.now()
    due = campaign.invitations_due_at(now)
    names = dict(part_choices(active_language()))
    return {
        "campaign": campaign,
        "units": list(campaign.units.order_by("path")),
        "invitees": selectors.invitees_count(campaign),
        "due": timezone.localtime(due),
        "due_now": due <= now,
        "parts": [names.get(key, key) for key in campaign.parts],
        "reminder_dates": [long_date(day) for day in campaign.reminder_dates],
    }


def close_context(campaign) -> dict:
    return {"campaign": campaign, "answered": selectors.answered_counts([campaign]).get(campaign.pk)}


# --- Measures ---------------------------------------------------------------------------------

SCALE_KIND_ORDER = {"burden": 0, "risk": 1, "health": 2, "energy": 3}


def scale_choices(campaign) -> list[tuple[str, str]]:
    """The scales a measure can be about, burdens and risks first (a measure whose campaign
    is gone offers the latest closed campaign's)."""
    campaign = campaign or selectors.latest_closed_campaign()
    if campaign is None:
        return []
    scales = sorted(questionnaire_for(campaign).scales, key=lambda ms: SCALE_KIND_ORDER[ms.kind])
    lang = active_language()
    return [(ms.key, pick(ms.scale.label, lang)) for ms in scales]


def measure_items(measures) -> list[dict]:
    """The measures list: each measure with the label of its scale in the reader's language."""
    lang = active_language()
    labels = {}
    for measure in measures:
        if measure.campaign_id and measure.campaign_id not in labels:
            labels[measure.campaign_id] = {
                ms.key: pick(ms.scale.label, lang) for ms in questionnaire_for(measure.campaign).scales
            }
    return [{"measure": m, "label": labels.get(m.campaign_id, {}).get(m.scale, m.scale)} for m in measures]


# --- The CSV ---------------------------------------------------------------------------------

CSV_COLUMNS = [
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


def csv_style(lang: str, requested: str = "") -> dict:
    """Separator and decimal mark: what spreadsheet programs set to the reader's language
    expect (Dutch and Danish: semicolons and a decimal comma), unless the reader asked for
    the other one."""
    style = requested if requested in ("comma", "semicolon") else ("semicolon" if lang in ("nl", "da") else "comma")
    if style == "semicolon":
        return {"key": "semicolon", "delimiter": ";", "decimal": ","}
    return {"key": "comma", "delimiter": ",", "decimal": "."}


def _number(value, decimal: str) -> str:
    if value is None:
        return ""
    text = str(value)
    return text.replace(".", decimal) if isinstance(value, float) else text


def _text(value: str) -> str:
    """A cell of free text (a unit's or a scale's name) that a spreadsheet program will not
    run as a formula: a leading =, +, -, @, tab or return is escaped with a quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_write(out, *, campaign, rows, style: dict) -> None:
    """The same figures as the pages, from the same stored (already safe) results, with a
    UTF-8 byte-order mark so that spreadsheet programs read accents and ø correctly."""
    questionnaire = questionnaire_for(campaign)
    lang = active_language()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=style["delimiter"])
    writer.writerow(CSV_COLUMNS)
    labels = {ms.key: pick(ms.scale.label, lang) for ms in questionnaire.scales}
    order = list(labels)
    decimal = style["decimal"]
    for row in rows:
        name = _text(str(unit_name(row)))
        if not row.shown:
            writer.writerow([name, "", "", "", "", "", "", "", "", reason(row.hidden_reason, campaign)])
            continue
        for scale in sorted(row.scales.all(), key=lambda s: order.index(s.scale) if s.scale in labels else 99):
            note = reason(scale.hidden_reason, campaign) if scale.mean is None else ""
            figures = (row.respondents, row.response_rate, scale.mean, scale.green, scale.amber, scale.red)
            writer.writerow(
                [
                    name,
                    _text(str(labels.get(scale.scale, scale.scale))),
                    *[_number(v, decimal) for v in figures],
                    _number(scale.previous_mean, decimal),
                    note,
                ]
            )
