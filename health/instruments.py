"""Which theme of the square goes with which self-test (keys of surveys/instruments/*.yaml).

The self-test's result page links to that theme in neutral words. An instrument without an
entry gets no link; add one here when a new instrument (sleep, alcohol) is shipped.
"""

INSTRUMENT_THEMES = {
    "pcl5": "after-a-heavy-incident",
    "k10": "stress-and-recovery",
    "cbi": "stress-and-recovery",
    "gad7": "stress-and-recovery",
    "phq9": "stress-and-recovery",
    "who5": "stress-and-recovery",
}
