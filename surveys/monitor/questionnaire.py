"""The monitor questionnaire: parts (instrument data files) combined into one, scored with the engine.

Each part is a normal instrument file (validated and built by `surveys.engine`), plus an
`x-monitor` block naming each scale's kind (energy source, burden, risk or health) and its
favourable end. A campaign stores a frozen copy of its parts at launch.
"""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from core.i18n import pick
from surveys.engine import Instrument, Scale, instrument_from_data
from surveys.engine.loader import InstrumentError, read_file

PARTS_DIR = Path(__file__).resolve().parent / "instruments"
KINDS = ("energy", "burden", "risk", "health")
# Questions on one screen: a phone shows a handful without a long scroll.
PER_SCREEN = 8


@dataclass(frozen=True)
class Screen:
    """A few questions of one part, shown together. `first` and `last` number the
    questions across the whole questionnaire (1 to the total)."""

    part: Instrument
    items: tuple
    first: int
    last: int
    opens_part: bool  # the first screen of its part: show the part's instructions


@dataclass(frozen=True)
class MonitorScale:
    key: str
    part: str
    scale: Scale
    kind: str  # energy | burden | risk | health
    better: str  # "high" or "low"

    @property
    def is_health(self) -> bool:
        return self.kind == "health"

    def favourability(self, value: float) -> float:
        """0-100 where 100 is the favourable end, whatever the scale's direction."""
        return value if self.better == "high" else 100 - value


@dataclass(frozen=True)
class Questionnaire:
    parts: tuple[Instrument, ...]
    scales: tuple[MonitorScale, ...]

    @functools.cached_property
    def _index(self):
        items = {}
        for part in self.parts:
            for item in part.items:
                items[item.key] = item
        plans = []
        for ms in self.scales:
            plans.append(
                (
                    ms.key,
                    ms.scale.min_answered,
                    [(k, items[k].scale.low + items[k].scale.high, items[k].reversed) for k in ms.scale.items],
                )
            )
        return items, plans

    @property
    def items(self):
        return self._index[0]

    @functools.cached_property
    def screens(self) -> tuple[Screen, ...]:
        """Each part cut into screens of at most PER_SCREEN questions, as even as possible
        (52 questions: 8, 8, 8, 7, 7, 7, 7), never mixing two parts on one screen."""
        screens, number = [], 0
        for part in self.parts:
            items = list(part.items)
            count = -(-len(items) // PER_SCREEN)
            start = 0
            for index in range(count):
                size = len(items) // count + (1 if index < len(items) % count else 0)
                chunk = tuple(items[start : start + size])
                screens.append(Screen(part, chunk, number + 1, number + len(chunk), index == 0))
                start += size
                number += len(chunk)
        return tuple(screens)

    def resume_step(self, answers: dict) -> int:
        """Where a person who paused picks up again, derived from their draft alone: the
        screen of the last question they answered, or the next one when that screen is
        complete (the step after the last screen is the one that sends). Questions they
        skipped before it stay skipped; they can go back to them."""
        last = None
        for step, screen in enumerate(self.screens, start=1):
            if any(item.key in answers for item in screen.items):
                last = step
        if last is None:
            return 1
        screen = self.screens[last - 1]
        return last + 1 if all(item.key in answers for item in screen.items) else last

    def scale(self, key: str) -> MonitorScale:
        for ms in self.scales:
            if ms.key == key:
                return ms
        raise KeyError(key)

    def clean(self, answers: dict) -> dict:
        """Keep offered answers to known items; drop anything else (never trust the form)."""
        items = self.items
        cleaned = {}
        for key, value in answers.items():
            item = items.get(key)
            if item is None or value in (None, ""):
                continue
            try:
                number = float(value)
            except (TypeError, ValueError):
                continue
            if number in item.scale.values:
                cleaned[key] = int(number) if number.is_integer() else number
        return cleaned

    def score(self, answers: dict) -> dict[str, float]:
        """Scale scores 0-100 as the engine computes them (reversed items mirrored, mean of the
        answered items, only when at least the scale's minimum is answered), with dict lookups
        so that closing a campaign of tens of thousands of responses stays fast."""
        scores = {}
        for key, min_answered, plan in self._index[1]:
            values = [(mirror - answers[k]) if rev else answers[k] for k, mirror, rev in plan if k in answers]
            if values and len(values) >= min_answered:
                scores[key] = sum(values) / len(values)
        return scores

    def band_level(self, scale_key: str, value: float) -> int:
        band = self.scale(scale_key).scale.band_for(value)
        return band.level if band is not None else 0


def available_parts() -> dict[str, dict]:
    """The questionnaire files shipped with the monitor, by key."""
    found = {}
    for path in sorted(PARTS_DIR.glob("*.yaml")):
        data = read_file(path)
        found[data["key"]] = data
    return found


def part_choices(language: str | None = None) -> list[tuple[str, str]]:
    return [(key, pick(data["name"], language)) for key, data in available_parts().items()]


def build(parts_data: list[dict]) -> Questionnaire:
    instruments, scales, item_keys = [], [], set()
    for data in parts_data:
        instrument = instrument_from_data(data, source=f"{data.get('key', '?')}.yaml")
        meta = (data.get("x-monitor") or {}).get("scales") or {}
        for item in instrument.items:
            if item.key in item_keys:
                raise InstrumentError(instrument.key, f"items/{item.key}", "item key used by another part")
            item_keys.add(item.key)
        for scale in instrument.scales:
            info = meta.get(scale.key)
            if not info or info.get("kind") not in KINDS or info.get("better") not in ("high", "low"):
                raise InstrumentError(instrument.key, f"x-monitor/scales/{scale.key}", "needs kind and better")
            if scale.low != 0 or scale.high != 100:
                raise InstrumentError(instrument.key, f"scales/{scale.key}/range", "monitor scales run 0-100")
            if any(s.key == scale.key for s in scales):
                raise InstrumentError(instrument.key, f"scales/{scale.key}", "scale key used by another part")
            scales.append(MonitorScale(scale.key, instrument.key, scale, info["kind"], info["better"]))
        instruments.append(instrument)
    return Questionnaire(parts=tuple(instruments), scales=tuple(scales))


@functools.lru_cache(maxsize=32)
def _build_cached(frozen: str) -> Questionnaire:
    return build(json.loads(frozen))


def questionnaire_for(campaign) -> Questionnaire:
    """The campaign's frozen questionnaire (or, before launch, the current files)."""
    parts = campaign.questionnaire.get("parts") if campaign.questionnaire else None
    if not parts:
        files = available_parts()
        parts = [files[key] for key in campaign.parts if key in files]
    return _build_cached(json.dumps(parts, sort_keys=True))
