"""The monitor's free text: comments, campaign reminders and measures have limits on the form."""

from surveys.monitor.forms import CampaignForm, CommentForm


def test_a_comment_over_the_limit_says_how_long_it_is(db):
    form = CommentForm({"comment": "c" * 2001})
    assert form.errors["comment"] == ["Please keep this to at most 2000 characters. It has 2001 now."]


def test_a_reminder_list_too_long_to_be_real_is_refused(db):
    form = CampaignForm({"reminder_dates": ", ".join(["2026-03-10"] * 100)})
    assert "reminder_dates" in form.errors
