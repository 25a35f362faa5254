"""The monitor's e-mails: neutral words in every language, and only a link to the portal."""

import pytest
from django.urls import reverse

from notifications.email import render_email

SENSITIVE = ("burnout", "stress", "health", "psycholog", "trauma", "aggression", "violence", "screening")


@pytest.mark.parametrize("template", ["monitor_invitation", "monitor_reminder", "monitor_measure_due"])
@pytest.mark.parametrize("language", ["en", "nl", "da"])
def test_mails_are_neutral_and_link_to_the_portal(template, language):
    context = {
        "closes_on": "2026-03-16",
        "due_on": "2026-05-01",
        "path": reverse("monitor:intro", args=[1]),
        "recipient_name": "Eva",
    }
    subject, body, _html = render_email(template, context, language=language)
    assert subject and reverse("monitor:intro", args=[1]) in body
    for word in SENSITIVE:
        assert word not in subject.lower()
    if language != "en":
        assert "survey" not in subject.lower() and "measure" not in subject.lower()  # translated
