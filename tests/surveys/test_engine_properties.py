"""Property-based: every complete answer set scores inside the published range."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.engine import score

from .conftest import load

PUBLISHED_RANGES = {
    "who5": {"wellbeing": (0, 100)},
    "phq9": {"total": (0, 27)},
    "gad7": {"total": (0, 21)},
    "k10": {"total": (10, 50)},
    "pcl5": {"total": (0, 80), "cluster-b": (0, 20), "cluster-c": (0, 8), "cluster-d": (0, 28), "cluster-e": (0, 24)},
    "cbi": {"personal": (0, 100), "work": (0, 100), "client": (0, 100)},
}
INSTRUMENTS = {key: load(key) for key in PUBLISHED_RANGES}


def complete_answers(instrument):
    return st.fixed_dictionaries(
        {item.key: st.sampled_from(item.scale.values) for item in instrument.items if item.scored}
    )


def partial_answers(instrument):
    return st.dictionaries(
        st.sampled_from([item.key for item in instrument.items]),
        st.sampled_from(instrument.items[0].scale.values),
    ).filter(lambda answers: all(v in instrument.item(k).scale.values for k, v in answers.items()))


@pytest.mark.parametrize("key", sorted(PUBLISHED_RANGES))
def test_every_complete_answer_set_scores_inside_the_published_range(key):
    instrument = INSTRUMENTS[key]

    @settings(max_examples=200, deadline=None)
    @given(complete_answers(instrument))
    def check(answers):
        result = score(instrument, answers)
        for scale_key, (low, high) in PUBLISHED_RANGES[key].items():
            scale_result = result.scale(scale_key)
            assert scale_result.scored
            assert low <= scale_result.score <= high
            if scale_result.scale.bands:
                assert scale_result.band is not None
        assert result.statistics_band in instrument.band_keys()

    check()


@pytest.mark.parametrize("key", sorted(PUBLISHED_RANGES))
def test_any_partial_answer_set_is_either_in_range_or_not_scored(key):
    instrument = INSTRUMENTS[key]

    @settings(max_examples=100, deadline=None)
    @given(partial_answers(instrument))
    def check(answers):
        result = score(instrument, answers)
        for scale_result in result.scales:
            if scale_result.scored:
                assert scale_result.scale.low <= scale_result.score <= scale_result.scale.high
                assert scale_result.answered >= scale_result.scale.min_answered
            else:
                assert scale_result.band is None

    check()


@settings(max_examples=200, deadline=None)
@given(complete_answers(INSTRUMENTS["phq9"]))
def test_phq9_crisis_help_shows_exactly_when_item_9_is_above_zero_or_the_score_is_severe(answers):
    result = score(INSTRUMENTS["phq9"], answers)
    assert result.crisis == (answers["q9"] > 0 or result.main.score >= 20)


@settings(max_examples=200, deadline=None)
@given(complete_answers(INSTRUMENTS["cbi"]))
def test_mirroring_every_cbi_answer_mirrors_every_scale(answers):
    mirrored = {key: 100 - value for key, value in answers.items()}
    first, second = score(INSTRUMENTS["cbi"], answers), score(INSTRUMENTS["cbi"], mirrored)
    for scale in ("personal", "work", "client"):
        assert first.scale(scale).score + second.scale(scale).score == pytest.approx(100)
