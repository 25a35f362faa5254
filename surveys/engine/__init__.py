"""The instrument engine: questionnaires as data, scored by pure functions.

Shared by the anonymous self-tests and (later) the employee monitor. Nothing here
touches the database: `loader` turns a data file (or the stored copy of one) into
frozen dataclasses, `scoring` turns answers into scale scores, bands and fired rules.
"""

from .loader import InstrumentError, instrument_from_data, instrument_from_file
from .model import AnswerScale, Band, Condition, Instrument, Item, Option, Rule, Scale
from .scoring import Result, ScaleResult, score

__all__ = [
    "AnswerScale",
    "Band",
    "Condition",
    "Instrument",
    "InstrumentError",
    "Item",
    "Option",
    "Result",
    "Rule",
    "Scale",
    "ScaleResult",
    "instrument_from_data",
    "instrument_from_file",
    "score",
]
