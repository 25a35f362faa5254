"""The asker's side: asking, reading the answer, withdrawing, consent."""

import pytest
from django.urls import reverse

from experts import services
from experts.models import QUESTION_MAX_LENGTH, Question, Topic


def _form(**overrides):
    data = {"topic": Topic.STRESS, "text": "How do I land after a hard shift?", "name_choice": "anonymous"}
    data.update(overrides)
    return data


def test_an_employee_asks_without_a_name_and_sees_it_waiting(client, alice):
    client.force_login(alice)
    response = client.post(reverse("experts:ask"), _form())
    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.asker, question.show_name, question.consent_to_publish) == (alice, False, False)
    page = client.get(reverse("experts:mine")).content.decode()
    assert "Waiting for an answer" in page
    assert "without your name" in page


def test_an_employee_asks_with_their_name_and_consent(client, alice):
    client.force_login(alice)
    client.post(reverse("experts:ask"), _form(name_choice="named", consent_to_publish="on"))
    question = Question.objects.get()
    assert question.show_name and question.consent_to_publish


def test_the_form_says_who_reads_the_question_and_what_each_choice_means(client, alice):
    client.force_login(alice)
    page = client.get(reverse("experts:ask")).content.decode()
    assert "Only the psychologists' team reads your question" in page
    assert "The psychologists see only your question, never your name." in page
    assert "The psychologists see your name, unit and e-mail address" in page


@pytest.mark.parametrize(
    "data",
    [
        _form(text=""),
        _form(text="   "),
        _form(text="x" * (QUESTION_MAX_LENGTH + 1)),
        _form(topic="nonsense"),
        _form(name_choice="maybe"),
    ],
)
def test_bad_input_is_refused_on_the_form_and_keeps_the_text(client, alice, data):
    client.force_login(alice)
    response = client.post(reverse("experts:ask"), data)
    assert response.status_code == 200
    assert 'id="form-errors"' in response.content.decode()
    assert not Question.objects.exists()


def test_the_service_refuses_a_question_over_the_limit(alice):
    from core.errors import DomainError

    with pytest.raises(DomainError):
        services.question_ask(asker=alice, topic=Topic.OTHER, text="x" * (QUESTION_MAX_LENGTH + 1), show_name=False)


def test_the_asker_reads_the_answer_in_the_portal(client, alice, answered):
    client.force_login(alice)
    assert "Answered" in client.get(reverse("experts:mine")).content.decode()
    page = client.get(reverse("experts:question", args=[answered.pk])).content.decode()
    assert "Keep the room dark and cool." in page
    assert "I keep waking at four" in page


def test_the_asker_withdraws_a_waiting_question_and_it_is_deleted_at_once(client, alice, ask):
    question = ask(alice)
    client.force_login(alice)
    response = client.post(reverse("experts:withdraw", args=[question.pk]))
    assert response.status_code == 302
    assert not Question.objects.exists()


def test_an_answered_question_cannot_be_withdrawn(client, alice, answered):
    client.force_login(alice)
    client.post(reverse("experts:withdraw", args=[answered.pk]))
    assert Question.objects.filter(pk=answered.pk).exists()


def test_the_asker_withdraws_and_gives_consent_again_until_an_article_is_made(client, alice, answered):
    client.force_login(alice)
    client.post(reverse("experts:consent", args=[answered.pk]), {})
    answered.refresh_from_db()
    assert not answered.consent_to_publish
    client.post(reverse("experts:consent", args=[answered.pk]), {"consent": "on"})
    answered.refresh_from_db()
    assert answered.consent_to_publish
    Question.objects.filter(pk=answered.pk).update(article_made_at=answered.answered_at)
    client.post(reverse("experts:consent", args=[answered.pk]), {})
    answered.refresh_from_db()
    assert answered.consent_to_publish


def test_my_questions_stays_within_a_fixed_number_of_queries(client, alice, petra, ask, django_assert_max_num_queries):
    client.force_login(alice)
    ask(alice)
    client.get(reverse("experts:mine"))
    with django_assert_max_num_queries(8) as one:
        client.get(reverse("experts:mine"))
    for _ in range(15):
        services.question_answer(question=ask(alice), psychologist=petra, answer="An answer")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("experts:mine"))


def test_a_person_cannot_have_more_than_a_few_questions_waiting(client, alice, ask):
    from experts.services import WAITING_QUESTIONS_MAX

    for _ in range(WAITING_QUESTIONS_MAX):
        ask(alice)
    client.force_login(alice)
    response = client.post(reverse("experts:ask"), _form(text="One more"))
    assert response.status_code == 200
    assert "Please wait for an answer before you ask more." in response.content.decode()
    assert Question.objects.count() == WAITING_QUESTIONS_MAX
