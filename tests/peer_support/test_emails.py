"""E-mails and reminders carry no sensitive content (privacy invariant 5), in every language."""

import pytest
from django.urls import reverse

from notifications.email import render_email

SENSITIVE = [
    "support request",
    "trauma",
    "incident",
    "screening",
    "psycholog",
    "ptsd",
    "pcl",
    "harass",
    "bully",
    "hulpvraag",
    "incident",
    "traume",
    "hændelse",
    "mobning",
    "pesten",
]
REQUEST = reverse("peer_support:request_detail", args=[1])
PLAN = reverse("peer_support:plan_detail", args=[1])
CONTEXTS = {
    "peer_support_task": {"path": REQUEST},
    "peer_support_contact_coming": {"path": REQUEST, "name": "Bob"},
    "peer_support_book_yourself": {"path": reverse("checkups:start")},
    "peer_support_contact_person": {"colleague": "Alice", "officer": "Wim"},
    "peer_support_plan_start": {"path": PLAN},
    "peer_support_check_yourself": {"path": reverse("surveys:list"), "plan_path": PLAN},
    "peer_support_meeting": {"starts_at": "2030-01-07T15:00:00+01:00", "place": "Room 2"},
    "peer_support_meeting_reminder": {"starts_at": "2030-01-07T15:00:00+01:00", "place": "Room 2"},
    "peer_support_meeting_moved": {"starts_at": "2030-01-07T15:00:00+01:00", "place": "Room 2"},
    "peer_support_meeting_cancelled": {"starts_at": "2030-01-07T15:00:00+01:00", "place": "Room 2"},
    "peer_support_reflection": {
        "starts_at": "2030-01-07T15:00:00+01:00",
        "place": "Room 2",
        "series": 1,
        "questions": [{"en": "What helped?", "nl": "Wat hielp?", "da": "Hvad hjalp?"}],
    },
}


@pytest.mark.parametrize("language", ["en", "nl", "da"])
@pytest.mark.parametrize("template", sorted(CONTEXTS))
def test_subjects_and_bodies_are_neutral(template, language):
    subject, text, html = render_email(template, CONTEXTS[template], language=language)
    assert subject.strip()
    for word in SENSITIVE:
        assert word not in subject.lower(), (template, language, word)
        assert word not in text.lower(), (template, language, word)


def test_the_reflection_agenda_is_in_the_readers_language():
    context = CONTEXTS["peer_support_reflection"]
    assert "Wat hielp?" in render_email("peer_support_reflection", context, language="nl")[1]
    assert "Hvad hjalp?" in render_email("peer_support_reflection", context, language="da")[1]
