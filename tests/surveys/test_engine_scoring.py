"""Scoring against the published rules of each shipped instrument."""

import pytest

from surveys.engine import score
from surveys.engine.scoring import NOT_SCORED

from .conftest import load


def spread(instrument, scale_key, total):
    """Answers whose raw sum on `scale_key` is `total` (filling items from the first one)."""
    scale = instrument.scale(scale_key)
    answers = {}
    remaining = total
    for key in scale.items:
        item = instrument.item(key)
        value = max(v for v in item.scale.values if v <= remaining + item.scale.low) if remaining else item.scale.low
        value = min(value, item.scale.high)
        answers[key] = value
        remaining -= value - item.scale.low
    assert remaining == 0
    return answers


# (instrument, raw sum of the items, expected score, expected band)
BOUNDARIES = [
    ("phq9", 0, 0, "minimal"),
    ("phq9", 4, 4, "minimal"),
    ("phq9", 5, 5, "mild"),
    ("phq9", 9, 9, "mild"),
    ("phq9", 10, 10, "moderate"),
    ("phq9", 14, 14, "moderate"),
    ("phq9", 15, 15, "moderately-severe"),
    ("phq9", 19, 19, "moderately-severe"),
    ("phq9", 20, 20, "severe"),
    ("phq9", 27, 27, "severe"),
    ("gad7", 0, 0, "minimal"),
    ("gad7", 4, 4, "minimal"),
    ("gad7", 5, 5, "mild"),
    ("gad7", 9, 9, "mild"),
    ("gad7", 10, 10, "moderate"),
    ("gad7", 14, 14, "moderate"),
    ("gad7", 15, 15, "severe"),
    ("gad7", 21, 21, "severe"),
    # K10 items run 1-5, so a raw offset of 0 is the minimum score of 10.
    ("k10", 0, 10, "low"),
    ("k10", 5, 15, "low"),
    ("k10", 6, 16, "moderate"),
    ("k10", 11, 21, "moderate"),
    ("k10", 12, 22, "high"),
    ("k10", 19, 29, "high"),
    ("k10", 20, 30, "very-high"),
    ("k10", 40, 50, "very-high"),
    # WHO-5: raw 0-25 times 4; <=28 very low, <=50 low, above 50 good.
    ("who5", 0, 0, "very-low"),
    ("who5", 7, 28, "very-low"),
    ("who5", 8, 32, "low"),
    ("who5", 12, 48, "low"),
    ("who5", 13, 52, "good"),
    ("who5", 25, 100, "good"),
    ("pcl5", 0, 0, "below-cutoff"),
    ("pcl5", 32, 32, "below-cutoff"),
    ("pcl5", 33, 33, "above-cutoff"),
    ("pcl5", 80, 80, "above-cutoff"),
]


@pytest.mark.parametrize(("key", "raw", "expected", "band"), BOUNDARIES)
def test_every_band_boundary_lands_in_the_published_band(shipped, key, raw, expected, band):
    instrument = shipped[key]
    main = instrument.statistics_scale
    result = score(instrument, spread(instrument, main, raw))
    assert result.main.score == expected
    assert result.statistics_band == band


def test_the_bands_cover_each_scale_without_gaps(shipped):
    for instrument in shipped.values():
        for scale in instrument.scales:
            if scale.bands:
                assert scale.bands[0].lower == scale.low
                lowers = [band.lower for band in scale.bands]
                assert lowers == sorted(set(lowers))


def test_who5_multiplies_the_raw_score_by_four(shipped):
    result = score(shipped["who5"], {"q1": 5, "q2": 4, "q3": 3, "q4": 2, "q5": 1})
    assert result.main.score == 60


def test_phq9_item_9_above_zero_shows_crisis_help_whatever_the_total(shipped):
    phq9 = shipped["phq9"]
    calm = {f"q{n}": 0 for n in range(1, 9)}
    assert not score(phq9, {**calm, "q9": 0}).crisis
    for value in (1, 2, 3):
        result = score(phq9, {**calm, "q9": value})
        assert result.crisis
        assert result.statistics_band == "minimal"
        assert [rule.key for rule in result.rules] == ["item9"]


def test_a_severe_band_shows_crisis_help_too(shipped):
    phq9 = shipped["phq9"]
    severe = {f"q{n}": 3 for n in range(1, 8)} | {"q8": 0, "q9": 0}  # 21, with item 9 at 0
    assert score(phq9, severe).statistics_band == "severe"
    assert score(phq9, severe).crisis
    moderately_severe = {f"q{n}": 2 for n in range(1, 9)} | {"q9": 0}  # 16
    assert not score(phq9, moderately_severe).crisis


def test_the_phq9_difficulty_question_is_optional_and_not_scored(shipped):
    phq9 = shipped["phq9"]
    base = {f"q{n}": 1 for n in range(1, 10)}
    assert score(phq9, base).main.score == 9
    assert score(phq9, {**base, "difficulty": 3}).main.score == 9
    assert not phq9.item("difficulty").required


def test_a_missing_answer_leaves_a_sum_scale_not_scored_rather_than_zero(shipped):
    phq9 = shipped["phq9"]
    answers = {f"q{n}": 3 for n in range(1, 9)}  # item 9 missing
    result = score(phq9, answers)
    assert result.main.score is None
    assert not result.main.scored
    assert result.main.band is None
    assert result.statistics_band == NOT_SCORED


def test_cbi_scores_each_scale_as_the_mean_on_0_to_100_with_no_total(shipped):
    cbi = shipped["cbi"]
    answers = {f"p{n}": 75 for n in range(1, 7)} | {f"c{n}": 25 for n in range(1, 7)}
    answers |= {"w1": 100, "w2": 50, "w3": 50, "w4": 50, "w5": 50, "w6": 50, "w7": 50}
    result = score(cbi, answers)
    assert result.scale("personal").score == 75
    assert result.scale("personal").band.key == "high"
    assert result.scale("client").score == 25
    assert result.scale("client").band.key == "low"
    assert result.scale("work").score == pytest.approx(400 / 7)
    assert [s.key for s in cbi.scales] == ["personal", "work", "client"]


def test_the_reversed_cbi_item_counts_more_energy_as_less_burnout(shipped):
    cbi = shipped["cbi"]
    rest = {f"w{n}": 0 for n in range(1, 7)}
    plenty_of_energy = score(cbi, {**rest, "w7": 100}).scale("work").score  # "always" enough energy
    no_energy = score(cbi, {**rest, "w7": 0}).scale("work").score
    assert plenty_of_energy == 0
    assert no_energy == pytest.approx(100 / 7)
    assert cbi.item("w7").reversed
    assert [item.key for item in cbi.items if item.reversed] == ["w7"]


def test_a_cbi_scale_needs_three_answers_and_uses_the_mean_of_those_given(shipped):
    cbi = shipped["cbi"]
    two = score(cbi, {"p1": 100, "p2": 100})
    assert two.scale("personal").score is None
    three = score(cbi, {"p1": 100, "p2": 50, "p3": 0})
    assert three.scale("personal").score == 50
    assert three.scale("personal").answered == 3
    assert three.scale("work").score is None


def test_pcl5_clusters_are_the_sums_of_their_items(shipped):
    pcl5 = shipped["pcl5"]
    answers = {f"q{n}": n % 5 for n in range(1, 21)}
    result = score(pcl5, answers)
    sums = {
        "cluster-b": sum(n % 5 for n in range(1, 6)),
        "cluster-c": sum(n % 5 for n in range(6, 8)),
        "cluster-d": sum(n % 5 for n in range(8, 15)),
        "cluster-e": sum(n % 5 for n in range(15, 21)),
    }
    for key, expected in sums.items():
        assert result.scale(key).score == expected
    assert result.scale("total").score == sum(sums.values())


def pcl5_answers(b=0, c=0, d=0, e=0, level=2):
    """PCL-5 answers with b/c/d/e items per cluster rated `level`, the rest rated 1."""
    answers = {f"q{n}": 1 for n in range(1, 21)}
    for first, count in ((1, b), (6, c), (8, d), (15, e)):
        for n in range(first, first + count):
            answers[f"q{n}"] = level
    return answers


def test_pcl5_provisional_pattern_needs_one_b_one_c_two_d_and_two_e_symptoms_rated_2_or_more(shipped):
    pcl5 = shipped["pcl5"]
    assert [r.key for r in score(pcl5, pcl5_answers(1, 1, 2, 2)).patterns] == ["dsm5-pattern"]
    for short in ((0, 1, 2, 2), (1, 0, 2, 2), (1, 1, 1, 2), (1, 1, 2, 1)):
        assert score(pcl5, pcl5_answers(*short)).patterns == ()
    # "A little bit" (1) is not a symptom, however many there are.
    assert score(pcl5, pcl5_answers(5, 2, 7, 6, level=1)).patterns == ()


def test_the_pcl5_cut_off_is_33_unless_configured(shipped):
    answers = {f"q{n}": 0 for n in range(1, 21)} | {f"q{n}": 4 for n in range(1, 8)} | {"q8": 3}  # 31
    assert score(shipped["pcl5"], answers).statistics_band == "below-cutoff"
    assert score(load("pcl5", cutoff=31), answers).statistics_band == "above-cutoff"


def test_k10_ranges_from_10_and_not_from_zero(shipped):
    k10 = shipped["k10"]
    result = score(k10, {f"q{n}": 1 for n in range(1, 11)})
    assert result.main.score == 10
    assert (result.main.scale.low, result.main.scale.high) == (10, 50)


def test_an_answer_the_item_does_not_offer_is_refused(shipped):
    with pytest.raises(ValueError, match="q1"):
        score(shipped["phq9"], {"q1": 7})
    with pytest.raises(ValueError, match="q1"):
        score(shipped["phq9"], {"q1": "lots"})


def test_answers_for_other_keys_are_ignored(shipped):
    result = score(shipped["who5"], {f"q{n}": 5 for n in range(1, 6)} | {"evil": "x"})
    assert result.main.score == 100


def test_a_monitor_style_scale_scores_0_to_100_items_as_a_mean_with_half_answered(shipped):
    """The COPSOQ rule (0/25/50/75/100, mean, at least half answered) is expressible as data."""
    from surveys.engine import instrument_from_data

    data = {
        "key": "copsoq-demo",
        "version": "test",
        "name": {"en": "x", "nl": "x", "da": "x"},
        "short_name": "X",
        "purpose": {"en": "x", "nl": "x", "da": "x"},
        "minutes": 1,
        "instructions": {"en": "x", "nl": "x", "da": "x"},
        "licence": "CC BY-NC-ND 4.0",
        "source": "test",
        "translations": {lang: {"validated": True} for lang in ("en", "nl", "da")},
        "answer_scales": {
            "degree": [{"value": v, "label": {"en": str(v), "nl": str(v), "da": str(v)}} for v in (100, 75, 50, 25, 0)]
        },
        "items": [
            {"key": f"i{n}", "answers": "degree", "text": {"en": "t", "nl": "t", "da": "t"}, "reversed": n == 4}
            for n in range(1, 5)
        ],
        "scales": [
            {
                "key": "demands",
                "label": {"en": "D", "nl": "D", "da": "D"},
                "items": ["i1", "i2", "i3", "i4"],
                "method": "mean",
                "min_answered_fraction": 0.5,
                "range": [0, 100],
                "bands": [
                    {
                        "key": "all",
                        "from": 0,
                        "label": {"en": "a", "nl": "a", "da": "a"},
                        "meaning": {"en": "m", "nl": "m", "da": "m"},
                        "advice": {"en": "a", "nl": "a", "da": "a"},
                    }
                ],
            }
        ],
        "statistics_scale": "demands",
    }
    instrument = instrument_from_data(data)
    assert instrument.scale("demands").min_answered == 2
    assert score(instrument, {"i1": 100}).main.score is None
    assert score(instrument, {"i1": 100, "i2": 50}).main.score == 75
    assert score(instrument, {"i1": 100, "i4": 100}).main.score == 50  # i4 reversed
