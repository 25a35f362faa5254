"""The link to a self-check questionnaire, in the self-test app (`surveys`).

The self-test is anonymous by design: the portal sends the link and never learns the
answers. A person may share their total with their supporter, by their own choice.
"""

from django.urls import NoReverseMatch, reverse


def screening_path(instrument: str) -> str:
    """The public page of the instrument's self-test, or the self-test list if it has none."""
    for name, args in (("surveys:selftest_take", [instrument]), ("surveys:selftest_detail", [instrument])):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    for name in ("surveys:selftest_list", "surveys:index"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/selftest/"
