"""Reads an instrument data file, validates it, and builds the frozen model.

Every error names the file and the field (as a path such as `scales/0/bands/2/from`),
so whoever adds or edits an instrument sees at once what to fix.
"""

import math
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from .model import AnswerScale, Band, Condition, Instrument, Item, Option, Rule, Scale
from .schema import INSTRUMENT_SCHEMA

_VALIDATOR = Draft202012Validator(INSTRUMENT_SCHEMA)


class InstrumentError(ValueError):
    """An instrument data file is not valid: for whoever adds or edits the file (a developer,
    at load, in `manage.py load_instruments` or `migrate`), naming the file and the field.

    Not a `core.errors.DomainError`: it is never a refusal shown to a person on a page, and
    no view catches it; a broken shipped file must make loading fail loudly."""

    def __init__(self, source: str, field: str, message: str):
        self.source = source
        self.field = field
        self.message = message
        super().__init__(f"{source}: {field or '(top level)'}: {message}")


def _path(parts) -> str:
    return "/".join(str(part) for part in parts)


def read_file(path: Path | str) -> dict:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InstrumentError(path.name, "", f"cannot be read ({exc.strerror})") from exc
    try:
        data = yaml.safe_load(text) if path.suffix in (".yaml", ".yml") else __import__("json").loads(text)
    except (yaml.YAMLError, ValueError) as exc:
        raise InstrumentError(path.name, "", f"is not valid {path.suffix.lstrip('.').upper()}: {exc}") from exc
    if not isinstance(data, dict):
        raise InstrumentError(path.name, "", "must contain a mapping at the top level")
    return data


def instrument_from_file(path: Path | str, *, parameters: dict | None = None) -> Instrument:
    return instrument_from_data(read_file(path), source=Path(path).name, parameters=parameters)


def validate(data: dict, *, source: str) -> None:
    errors = sorted(_VALIDATOR.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        raise InstrumentError(source, _path(first.absolute_path), first.message)


def instrument_from_data(data: dict, *, source: str = "<data>", parameters: dict | None = None) -> Instrument:
    """Validate `data` (a parsed instrument file) and build the Instrument.

    `parameters` overrides the file's parameter defaults (e.g. the PCL-5 cut-off);
    each override must stay within the range the file allows.
    """
    validate(data, source=source)

    def fail(field, message):
        raise InstrumentError(source, field, message)

    params = {}
    for name, spec in (data.get("parameters") or {}).items():
        value = (parameters or {}).get(name, spec["default"])
        if not isinstance(value, int | float) or not spec["min"] <= value <= spec["max"]:
            fail(f"parameters/{name}", f"value {value!r} is outside {spec['min']}..{spec['max']}")
        params[name] = value

    answer_scales = {}
    for key, options in data["answer_scales"].items():
        values = [option["value"] for option in options]
        if len(set(values)) != len(values):
            fail(f"answer_scales/{key}", "two options have the same value")
        answer_scales[key] = AnswerScale(key=key, options=tuple(Option(o["value"], o["label"]) for o in options))

    items = []
    seen = set()
    for index, raw in enumerate(data["items"]):
        if raw["key"] in seen:
            fail(f"items/{index}/key", f"duplicate item key {raw['key']!r}")
        seen.add(raw["key"])
        if raw["answers"] not in answer_scales:
            fail(f"items/{index}/answers", f"unknown answer scale {raw['answers']!r}")
        items.append(
            Item(
                key=raw["key"],
                number=index + 1,
                text=raw["text"],
                scale=answer_scales[raw["answers"]],
                reversed=raw.get("reversed", False),
                required=raw.get("required", True),
                scored=raw.get("scored", True),
            )
        )
    by_key = {item.key: item for item in items}

    scales = []
    scale_keys = set()
    for index, raw in enumerate(data["scales"]):
        where = f"scales/{index}"
        if raw["key"] in scale_keys:
            fail(f"{where}/key", f"duplicate scale key {raw['key']!r}")
        scale_keys.add(raw["key"])
        for position, item_key in enumerate(raw["items"]):
            if item_key not in by_key:
                fail(f"{where}/items/{position}", f"unknown item {item_key!r}")
            if not by_key[item_key].scored:
                fail(f"{where}/items/{position}", f"item {item_key!r} is marked as not scored")
        scale_items = [by_key[key] for key in raw["items"]]
        multiplier = raw.get("multiplier", 1)
        if "min_answered" in raw:
            min_answered = raw["min_answered"]
        elif "min_answered_fraction" in raw:
            min_answered = math.ceil(len(scale_items) * raw["min_answered_fraction"])
        else:
            min_answered = len(scale_items)
        if min_answered > len(scale_items):
            fail(f"{where}/min_answered", f"{min_answered} is more than the scale's {len(scale_items)} items")
        lows = [min(i.item_score(v) for v in i.scale.values) for i in scale_items]
        highs = [max(i.item_score(v) for v in i.scale.values) for i in scale_items]
        if raw["method"] == "sum":
            computed = (sum(lows) * multiplier, sum(highs) * multiplier)
        else:
            computed = (min(lows) * multiplier, max(highs) * multiplier)
        declared = tuple(raw["range"])
        if not (math.isclose(computed[0], declared[0]) and math.isclose(computed[1], declared[1])):
            fail(f"{where}/range", f"declared {list(declared)} but the items give {list(computed)}")
        bands = []
        previous = None
        for position, band in enumerate(raw.get("bands", [])):
            lower = band["from"]
            if isinstance(lower, dict):
                if lower["parameter"] not in params:
                    fail(f"{where}/bands/{position}/from", f"unknown parameter {lower['parameter']!r}")
                lower = params[lower["parameter"]]
            if position == 0 and not math.isclose(lower, declared[0]):
                fail(f"{where}/bands/0/from", f"the first band must start at the scale's minimum {declared[0]}")
            if previous is not None and lower <= previous:
                fail(f"{where}/bands/{position}/from", "bands must be in ascending order without overlap")
            if lower > declared[1]:
                fail(f"{where}/bands/{position}/from", f"starts above the scale's maximum {declared[1]}")
            previous = lower
            bands.append(
                Band(
                    key=band["key"],
                    lower=lower,
                    label=band["label"],
                    meaning=band["meaning"],
                    advice=band["advice"],
                    crisis=band.get("crisis", False),
                    level=band.get("level", 0),
                )
            )
        if len({b.key for b in bands}) != len(bands):
            fail(f"{where}/bands", "two bands have the same key")
        scales.append(
            Scale(
                key=raw["key"],
                label=raw["label"],
                description=raw.get("description", {}),
                items=tuple(raw["items"]),
                method=raw["method"],
                multiplier=multiplier,
                min_answered=min_answered,
                low=declared[0],
                high=declared[1],
                decimals=raw.get("decimals", 0 if raw["method"] == "sum" else 1),
                bands=tuple(bands),
            )
        )

    if data["statistics_scale"] not in scale_keys:
        fail("statistics_scale", f"unknown scale {data['statistics_scale']!r}")
    statistics = next(s for s in scales if s.key == data["statistics_scale"])
    if not statistics.bands:
        fail("statistics_scale", "the statistics scale needs bands")

    rules = []
    for index, raw in enumerate(data.get("rules", [])):
        conditions = []
        for position, cond in enumerate(raw["when"]):
            for item_key in cond["items"]:
                if item_key not in by_key:
                    fail(f"rules/{index}/when/{position}/items", f"unknown item {item_key!r}")
            count = cond.get("count", 1)
            if count > len(cond["items"]):
                fail(f"rules/{index}/when/{position}/count", "asks for more items than it lists")
            conditions.append(Condition(items=tuple(cond["items"]), at_least=cond["at_least"], count=count))
        if raw["kind"] == "pattern" and not raw.get("label"):
            fail(f"rules/{index}/label", "a pattern rule needs a label to show")
        rules.append(
            Rule(
                key=raw["key"],
                kind=raw["kind"],
                conditions=tuple(conditions),
                label=raw.get("label", {}),
                meaning=raw.get("meaning", {}),
            )
        )

    return Instrument(
        key=data["key"],
        version=data["version"],
        name=data["name"],
        short_name=data["short_name"],
        purpose=data["purpose"],
        description=data.get("description", data["purpose"]),
        minutes=data["minutes"],
        instructions=data["instructions"],
        licence=data["licence"],
        source=data["source"],
        translations=data["translations"],
        answer_scales=answer_scales,
        items=tuple(items),
        scales=tuple(scales),
        rules=tuple(rules),
        statistics_scale=data["statistics_scale"],
        order=data.get("order", 100),
        audience=data.get("audience", "anyone"),
        parameters=params,
    )
