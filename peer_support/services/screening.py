"""The link to a self-check questionnaire, in the self-test app (`surveys`).

The self-test is anonymous by design: the portal sends the link and never learns the
answers. A person may share their total with their supporter, by their own choice.
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def screening_path(*, instrument: str) -> str:
    """The public page of the instrument's self-test, or the self-test list if it has none."""
    for name, args in (("surveys:take", [instrument]), ("surveys:selftest_take", [instrument])):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    for name in ("surveys:list", "surveys:selftest_list"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/selftest/"


def screening_suggests_psychologist(*, score: int | None, instrument: str) -> bool:
    """Whether a shared total reaches the self-test app's configured cut-off for the
    instrument (PCL-5: 33 unless configured), from which a psychologist is suggested."""
    instrument = instrument or "pcl5"
    cutoff = int(getattr(settings, "SELFTEST_PARAMETERS", {}).get(instrument, {}).get("cutoff", 33))
    return score is not None and score >= cutoff
