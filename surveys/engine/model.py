"""The parsed, immutable form of an instrument. Texts are dicts keyed by language."""

from dataclasses import dataclass, field

LANGUAGES = ("en", "nl", "da")
# A text in the reader's language is picked with `core.i18n.pick`, as everywhere in the portal.


@dataclass(frozen=True)
class Option:
    value: float
    label: dict


@dataclass(frozen=True)
class AnswerScale:
    key: str
    options: tuple[Option, ...]

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(option.value for option in self.options)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)


@dataclass(frozen=True)
class Item:
    key: str
    number: int
    text: dict
    scale: AnswerScale
    reversed: bool = False
    required: bool = True
    scored: bool = True

    def item_score(self, value: float) -> float:
        """The answer's value, mirrored on its answer scale when the item is reversed."""
        return self.scale.low + self.scale.high - value if self.reversed else value


@dataclass(frozen=True)
class Band:
    key: str
    lower: float  # inclusive; the band runs up to the next band's lower bound
    label: dict
    meaning: dict
    advice: dict
    crisis: bool = False
    level: int = 0  # 0 = fine ... 3 = serious; for the visual scale, never the only signal


@dataclass(frozen=True)
class Scale:
    key: str
    label: dict
    items: tuple[str, ...]
    method: str  # "sum" or "mean"
    multiplier: float
    min_answered: int
    low: float
    high: float
    decimals: int
    bands: tuple[Band, ...] = ()
    description: dict = field(default_factory=dict)

    def band_for(self, value: float) -> Band | None:
        found = None
        for band in self.bands:
            if value >= band.lower:
                found = band
        return found


@dataclass(frozen=True)
class Condition:
    items: tuple[str, ...]
    at_least: float
    count: int


@dataclass(frozen=True)
class Rule:
    key: str
    kind: str  # "crisis": show crisis help first; "pattern": an extra finding shown with the result
    conditions: tuple[Condition, ...]
    label: dict = field(default_factory=dict)
    meaning: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Instrument:
    key: str
    version: str
    name: dict
    short_name: str
    purpose: dict
    description: dict
    minutes: int
    instructions: dict
    licence: str
    source: str
    translations: dict  # language -> {"validated": bool, "source": str, "note": str}
    answer_scales: dict
    items: tuple[Item, ...]
    scales: tuple[Scale, ...]
    rules: tuple[Rule, ...]
    statistics_scale: str
    order: int = 100
    audience: str = "anyone"
    parameters: dict = field(default_factory=dict)

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def scale(self, key: str) -> Scale:
        for scale in self.scales:
            if scale.key == key:
                return scale
        raise KeyError(key)

    @property
    def statistics(self) -> Scale:
        return self.scale(self.statistics_scale)

    def band_keys(self) -> list[str]:
        return [band.key for band in self.statistics.bands]

    def is_validated(self, language: str) -> bool:
        base = (language or "en").split("-")[0]
        return bool(self.translations.get(base, {}).get("validated", False))
