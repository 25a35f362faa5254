"""Scoring: answers in, scale scores, bands and fired rules out. Pure functions.

A scale with fewer answered items than its minimum is "not scored" (score None),
never zero. Reversed items are mirrored on their answer scale before scoring.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from .model import Band, Instrument, Rule, Scale

NOT_SCORED = "not-scored"


@dataclass(frozen=True)
class ScaleResult:
    scale: Scale
    score: float | None
    answered: int
    band: Band | None

    @property
    def scored(self) -> bool:
        return self.score is not None

    @property
    def display(self) -> str:
        if self.score is None:
            return ""
        rounded = round(self.score, self.scale.decimals)
        return f"{rounded:.{self.scale.decimals}f}"

    @property
    def percent(self) -> float:
        """Where the score sits between the scale's ends, 0-100 (for the visual scale)."""
        if self.score is None or self.scale.high == self.scale.low:
            return 0.0
        return round(100 * (self.score - self.scale.low) / (self.scale.high - self.scale.low), 1)


@dataclass(frozen=True)
class Result:
    instrument: Instrument
    scales: tuple[ScaleResult, ...]
    rules: tuple[Rule, ...]

    def scale(self, key: str) -> ScaleResult:
        return next(result for result in self.scales if result.scale.key == key)

    @property
    def main(self) -> ScaleResult:
        return self.scale(self.instrument.statistics_scale)

    @property
    def crisis(self) -> bool:
        """Crisis help goes first: a safety rule fired or any scale landed in a crisis band."""
        return any(rule.kind == "crisis" for rule in self.rules) or any(
            r.band is not None and r.band.crisis for r in self.scales
        )

    @property
    def patterns(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.kind == "pattern")

    @property
    def statistics_band(self) -> str:
        main = self.main
        return main.band.key if main.band is not None else NOT_SCORED


def clean_answers(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, float]:
    """Keep the answers that belong to the instrument; refuse a value its item does not offer."""
    cleaned = {}
    for item in instrument.items:
        value = answers.get(item.key)
        if value is None or value == "":
            continue
        try:
            number = float(value)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{item.key}: {value!r} is not an answer") from exc
        if number not in item.scale.values:
            raise ValueError(f"{item.key}: {value!r} is not one of the offered answers")
        cleaned[item.key] = int(number) if number.is_integer() else number
    return cleaned


def score_scale(instrument: Instrument, scale: Scale, answers: Mapping[str, float]) -> ScaleResult:
    item_scores = [instrument.item(key).item_score(answers[key]) for key in scale.items if key in answers]
    if len(item_scores) < scale.min_answered:
        return ScaleResult(scale=scale, score=None, answered=len(item_scores), band=None)
    raw = sum(item_scores) if scale.method == "sum" else sum(item_scores) / len(item_scores)
    value = raw * scale.multiplier
    return ScaleResult(scale=scale, score=value, answered=len(item_scores), band=scale.band_for(value))


def rule_fires(rule: Rule, answers: Mapping[str, float]) -> bool:
    return all(
        sum(1 for key in condition.items if key in answers and answers[key] >= condition.at_least) >= condition.count
        for condition in rule.conditions
    )


def score(instrument: Instrument, answers: Mapping[str, object]) -> Result:
    cleaned = clean_answers(instrument, answers)
    return Result(
        instrument=instrument,
        scales=tuple(score_scale(instrument, scale, cleaned) for scale in instrument.scales),
        rules=tuple(rule for rule in instrument.rules if rule_fires(rule, cleaned)),
    )
