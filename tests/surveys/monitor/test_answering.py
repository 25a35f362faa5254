"""The work survey on a phone: a few questions per screen with the position shown, Back,
Next and Pause on every screen, and picking up where one left off, derived from the
draft alone."""

import json
import re

import pytest
from django.urls import reverse

from surveys.monitor import selectors
from surveys.monitor.models import Draft, HeldComment, HeldResponse, Participation
from surveys.monitor.questionnaire import PER_SCREEN, questionnaire_for

from .conftest import campaign_make

pytestmark = pytest.mark.django_db


def _questions(page: str) -> list[str]:
    return re.findall(r'<legend class="fs-6 fw-semibold">(\d+)\. ', page)


def test_an_employee_walks_through_the_survey_a_few_questions_per_screen(org, today, client, alice):
    campaign = campaign_make([org["team_a"]])
    questionnaire = questionnaire_for(campaign)
    total = len(questionnaire.items)
    screens = questionnaire.screens
    client.force_login(alice)
    intro = client.get(reverse("monitor:intro", args=[campaign.pk])).content.decode()
    assert f"{total} questions, a few per screen" in intro
    assert f'href="{reverse("monitor:answer", args=[campaign.pk, 1])}"' in intro
    seen = []
    for step, screen in enumerate(screens, start=1):
        page = client.get(reverse("monitor:answer", args=[campaign.pk, step])).content.decode()
        numbers = _questions(page)
        assert 1 <= len(numbers) <= PER_SCREEN
        assert numbers == [str(n) for n in range(screen.first, screen.last + 1)]
        assert f"Questions {screen.first}–{screen.last} of {total}" in page
        assert '<progress class="portal-progress mb-3" aria-label="Progress"' in page  # a native bar: no inline style
        assert f'aria-valuetext="Questions {screen.first}–{screen.last} of {total}"' in page
        for name in ('name="next"', 'name="back"', 'name="pause"'):
            assert name in page
        seen += numbers
        first_item = screen.items[0]
        response = client.post(reverse("monitor:answer", args=[campaign.pk, step]), {first_item.key: "50", "next": "1"})
        assert response["Location"] == reverse("monitor:answer", args=[campaign.pk, step + 1])
    assert seen == [str(n) for n in range(1, total + 1)]  # every question once, in order
    finish = client.get(reverse("monitor:answer", args=[campaign.pk, len(screens) + 1])).content.decode()
    assert f"You answered {len(screens)} of {total} questions" in finish
    response = client.post(reverse("monitor:answer", args=[campaign.pk, len(screens) + 1]), {"submit": "1"})
    assert response["Location"] == reverse("monitor:thanks", args=[campaign.pk])
    assert HeldResponse.objects.count() == 1 and not Draft.objects.exists()
    # The one-response rule: every screen now sends the person back to the intro.
    assert client.get(reverse("monitor:answer", args=[campaign.pk, 2]))["Location"] == reverse(
        "monitor:intro", args=[campaign.pk]
    )
    client.post(reverse("monitor:answer", args=[campaign.pk, len(screens) + 1]), {"submit": "1"})
    assert HeldResponse.objects.count() == 1


def test_back_goes_to_the_previous_screen_and_from_the_first_to_the_intro_keeping_answers(org, today, client, alice):
    campaign = campaign_make([org["team_a"]])
    client.force_login(alice)
    response = client.post(reverse("monitor:answer", args=[campaign.pk, 2]), {"ed2": "25", "back": "1"})
    assert response["Location"] == reverse("monitor:answer", args=[campaign.pk, 1])
    response = client.post(reverse("monitor:answer", args=[campaign.pk, 1]), {"qd1": "75", "back": "1"})
    assert response["Location"] == reverse("monitor:intro", args=[campaign.pk])
    assert selectors.draft_of(Participation.objects.get(user=alice))["answers"] == {"ed2": 25, "qd1": 75}
    # An answer that is not offered is refused on its screen, with a summary at the top.
    page = client.post(reverse("monitor:answer", args=[campaign.pk, 1]), {"qd2": "7", "next": "1"}).content.decode()
    assert 'role="alert"' in page and 'href="#id_qd2_0"' in page


def test_pausing_and_coming_back_continues_where_the_person_left_off(org, today, client, alice):
    campaign = campaign_make([org["team_a"]])
    questionnaire = questionnaire_for(campaign)
    third = questionnaire.screens[2]
    client.force_login(alice)
    # Screens 1 and 2 answered in full, screen 3 half: pause there.
    for step in (1, 2):
        keys = [item.key for item in questionnaire.screens[step - 1].items]
        client.post(reverse("monitor:answer", args=[campaign.pk, step]), {**dict.fromkeys(keys, "50"), "next": "1"})
    half = {item.key: "25" for item in third.items[:3]}
    response = client.post(reverse("monitor:answer", args=[campaign.pk, 3]), {**half, "pause": "1"})
    assert response["Location"] == reverse("monitor:home")
    home = client.get(reverse("monitor:home")).content.decode()
    assert "Continue where you left off" in home
    intro = client.get(reverse("monitor:intro", args=[campaign.pk])).content.decode()
    assert f'href="{reverse("monitor:answer", args=[campaign.pk, 3])}"' in intro and ">Continue<" in intro
    page = client.get(reverse("monitor:answer", args=[campaign.pk, 3])).content.decode()
    assert f'name="{third.items[0].key}" id="id_{third.items[0].key}_3" value="25" checked' in page
    # The rest of screen 3 answered: the next visit starts at screen 4.
    rest = {item.key: "50" for item in third.items[3:]}
    client.post(reverse("monitor:answer", args=[campaign.pk, 3]), {**half, **rest, "pause": "1"})
    assert (
        f'href="{reverse("monitor:answer", args=[campaign.pk, 4])}"'
        in client.get(reverse("monitor:intro", args=[campaign.pk])).content.decode()
    )


def test_the_resume_position_follows_from_the_answers_alone():
    from surveys.monitor.questionnaire import available_parts, build

    questionnaire = build(list(available_parts().values()))
    screens = questionnaire.screens
    assert questionnaire.resume_step({}) == 1
    assert questionnaire.resume_step({screens[0].items[0].key: 50}) == 1
    assert questionnaire.resume_step({item.key: 50 for item in screens[0].items}) == 2
    # A skipped question earlier does not pull the person back: the last answer counts.
    assert questionnaire.resume_step({screens[4].items[-1].key: 50}) == 5
    last = {item.key: 50 for item in screens[-1].items}
    assert questionnaire.resume_step(last) == len(screens) + 1  # straight to sending
    assert max(len(screen.items) for screen in screens) <= PER_SCREEN
    assert sum(len(screen.items) for screen in screens) == len(questionnaire.items)


def test_an_employee_answers_in_parts_pauses_and_resumes(org, today, client, alice):
    campaign = campaign_make([org["team_a"]])
    client.force_login(alice)
    home = client.get(reverse("home")).content.decode()
    assert "Survey about your work" in home
    page = client.get(reverse("monitor:intro", args=[campaign.pk]))
    assert page.status_code == 200 and b"privacy-note" in page.content
    response = client.post(reverse("monitor:answer", args=[campaign.pk, 1]), {"qd1": "75", "wp1": "50", "pause": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("monitor:home")
    assert selectors.draft_of(Participation.objects.get(user=alice))["answers"] == {"qd1": 75, "wp1": 50}
    # Resuming shows the saved answers.
    page = client.get(reverse("monitor:answer", args=[campaign.pk, 1])).content.decode()
    assert 'value="75" checked' in page
    response = client.post(reverse("monitor:answer", args=[campaign.pk, 1]), {"qd1": "75", "wp1": "50", "next": "1"})
    assert response["Location"] == reverse("monitor:answer", args=[campaign.pk, 2])
    # The aggression question is on the last screen of questions (9), then the sending step (10).
    client.post(reverse("monitor:answer", args=[campaign.pk, 9]), {"ag1": "100", "next": "1"})
    response = client.post(reverse("monitor:answer", args=[campaign.pk, 10]), {"comment": "Fine", "submit": "1"})
    assert response["Location"] == reverse("monitor:thanks", args=[campaign.pk])
    held = HeldResponse.objects.get()
    assert json.loads(held.answers) == {"qd1": 75, "wp1": 50, "ag1": 100}
    assert HeldComment.objects.get().text == "Fine"
    # A second submit changes nothing, and the home page no longer shows the invitation.
    client.post(reverse("monitor:answer", args=[campaign.pk, 10]), {"comment": "Again", "submit": "1"})
    assert HeldResponse.objects.count() == 1
    assert "Survey about your work" not in client.get(reverse("home")).content.decode()


def test_an_invalid_answer_is_dropped_not_stored(org, today, client, alice):
    campaign = campaign_make([org["team_a"]])
    client.force_login(alice)
    response = client.post(reverse("monitor:answer", args=[campaign.pk, 1]), {"qd1": "7", "next": "1"})
    assert response.status_code == 200  # the form shows the error
    assert selectors.draft_of(Participation.objects.get(user=alice)) == {}
