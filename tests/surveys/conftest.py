import pytest

from surveys.engine import instrument_from_file
from surveys.services import INSTRUMENT_DIR, instruments_load


def load(key: str, **parameters):
    return instrument_from_file(INSTRUMENT_DIR / f"{key}.yaml", parameters=parameters or None)


@pytest.fixture(scope="session")
def shipped():
    """Every shipped instrument, parsed straight from its file (no database)."""
    return {key: load(key) for key in ("who5", "phq9", "gad7", "k10", "pcl5", "cbi")}


@pytest.fixture
def instruments(db):
    instruments_load()


def answers_for(instrument, value_for):
    """A complete answer set: `value_for(item)` gives each scored item's value."""
    return {item.key: value_for(item) for item in instrument.items if item.scored}
