"""The psychologists answer; the asker is told by a neutral e-mail through the outbox."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from experts import services
from experts.models import ANSWER_MAX_LENGTH, Question
from notifications.models import OutboxMessage
from notifications.services import messages_dispatch
from tests.factories import UserFactory, with_totp


@pytest.fixture
def second_psychologist(org):
    from accounts.roles import Role

    return with_totp(
        UserFactory(email="paul@example.org", first_name="Paul", unit=org["national"], roles=[Role.PSYCHOLOGIST])
    )


def test_a_psychologist_answers_through_the_page_and_the_asker_is_told(client, petra, alice, ask):
    question = ask(alice)
    client.force_login(petra)
    response = client.post(reverse("experts:team_question", args=[question.pk]), {"answer": "Try a fixed wind-down."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.is_answered and question.answer == "Try a fixed wind-down." and question.answered_by == petra
    message = OutboxMessage.objects.get()
    assert message.recipient == alice and not message.urgent


@pytest.mark.parametrize("answer", ["", "   ", "x" * (ANSWER_MAX_LENGTH + 1)])
def test_a_bad_answer_is_refused_on_the_form_and_nothing_changes(client, petra, alice, ask, answer):
    question = ask(alice)
    client.force_login(petra)
    response = client.post(reverse("experts:team_question", args=[question.pk]), {"answer": answer})
    assert response.status_code == 200 and 'id="form-errors"' in response.content.decode()
    question.refresh_from_db()
    assert not question.is_answered
    assert not OutboxMessage.objects.exists()


def test_the_outbox_row_and_the_e_mail_carry_no_identity_topic_or_text(alice, petra, ask, settings):
    question = ask(alice, show_name=False, text="Nightmares since the crash on the A7")
    services.question_answer(question=question, psychologist=petra, answer="Talk to us about the crash")
    message = OutboxMessage.objects.get()
    assert ":" not in message.key  # opaque (notifications/keys.py)
    readable = f"{message.template} {message.context}".lower()
    for word in ("question", "expert", "ask", "health", "sleep", "crash", "nightmare", "psycholog", "petra", "alice"):
        assert word not in readable, word
    assert message.context == {"path": "/me/replies/"}  # no id of the question, no kind of help
    assert messages_dispatch(now=timezone.now() + dt.timedelta(minutes=1)).sent == 1
    email = mail.outbox[0]
    text = f"{email.subject}\n{email.body}".lower()
    assert "reply for you in the portal" in text
    for word in ("sleep", "crash", "nightmare", "psycholog", "petra", "a7", "ask", "health", "expert"):
        assert word not in text, word
    assert "/me/replies/" in text


def test_the_neutral_link_leads_the_asker_to_their_questions_after_login(client, alice):
    url = reverse("replies")
    response = client.get(url)
    assert response.status_code == 302 and "/me/replies/" in response.url and "ask" not in response.url
    client.force_login(alice)
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("experts:mine") and response.status_code == 200


def test_the_e_mail_waits_for_the_askers_quiet_hours(alice, petra, ask):
    alice.quiet_hours_start, alice.quiet_hours_end = dt.time(0), dt.time(23, 59)
    alice.save()
    question = ask(alice)
    services.question_answer(question=question, psychologist=petra, answer="Rest.")
    messages_dispatch(now=timezone.now() + dt.timedelta(minutes=1))
    assert mail.outbox == []
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.PENDING


def test_answering_twice_is_refused_and_sends_one_e_mail(alice, petra, ask):
    question = ask(alice)
    services.question_answer(question=question, psychologist=petra, answer="First")
    with pytest.raises(DomainError):
        services.question_answer(question=question, psychologist=petra, answer="Second")
    assert Question.objects.get().answer == "First"
    assert OutboxMessage.objects.count() == 1


def test_a_question_taken_by_a_colleague_cannot_be_answered_by_another(client, alice, petra, second_psychologist, ask):
    question = ask(alice)
    services.question_claim(question=question, psychologist=second_psychologist)
    client.force_login(petra)
    response = client.post(reverse("experts:claim", args=[question.pk]))
    assert response.status_code == 302
    response = client.post(reverse("experts:team_question", args=[question.pk]), {"answer": "Mine"})
    assert "A colleague has taken this question already." in response.content.decode()
    question.refresh_from_db()
    assert question.claimed_by == second_psychologist and not question.is_answered


def test_a_psychologist_takes_and_gives_back_a_question(client, alice, petra, ask):
    question = ask(alice)
    client.force_login(petra)
    client.post(reverse("experts:claim", args=[question.pk]))
    assert Question.objects.get().claimed_by == petra
    client.post(reverse("experts:release", args=[question.pk]))
    assert Question.objects.get().claimed_by is None


def test_a_withdrawn_question_is_gone_from_the_queue(client, alice, petra, ask):
    question = ask(alice)
    services.question_withdraw(question=question, asker=alice)
    client.force_login(petra)
    assert client.get(reverse("experts:team_question", args=[question.pk])).status_code == 404
