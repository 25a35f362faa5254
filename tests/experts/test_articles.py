"""An answered question becomes a draft article of the health square only with the asker's
consent, with texts the psychologist edited to remove anything personal."""

import pytest
from django.urls import reverse

from experts import services


@pytest.fixture
def made_articles(monkeypatch):
    """Records what `health.services.article_from_expert_answer` was given (and still makes the article)."""
    import health.services as health_services

    calls = []
    real = health_services.article_from_expert_answer

    def recording(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(health_services, "article_from_expert_answer", recording)
    return calls


def _form(**overrides):
    data = {
        "question_text": "How do I sleep after night shifts?",
        "answer_text": "Keep the room dark and cool.",
        "language": "en",
        "checked": "on",
    }
    data.update(overrides)
    return data


def test_the_article_page_is_filled_with_the_texts_and_warns_to_remove_anything_personal(
    client, petra, answered, made_articles
):
    client.force_login(petra)
    page = client.get(reverse("experts:article", args=[answered.pk])).content.decode()
    assert "I keep waking at four" in page and "Keep the room dark and cool." in page
    assert "Take out names, places, dates, units" in page
    assert "Alice" not in page


def test_a_psychologist_makes_a_draft_with_the_edited_texts(client, petra, answered, made_articles):
    editor = petra
    client.force_login(editor)
    assert answered.pk in [q.pk for q in client.get(reverse("experts:publishable")).context["questions"]]
    response = client.post(reverse("experts:article", args=[answered.pk]), _form(language="nl"))
    assert response.status_code == 302
    assert made_articles == [
        {
            "question": "How do I sleep after night shifts?",
            "answer": "Keep the room dark and cool.",
            "editor": editor,
            "language": "nl",
        }
    ]
    answered.refresh_from_db()
    assert answered.article_id is not None and answered.article_made_at is not None
    assert client.get(reverse("experts:article", args=[answered.pk])).status_code == 404


def test_without_consent_there_is_no_article(client, petra, alice, ask, made_articles):
    question = ask(alice, consent=False)
    services.question_answer(question=question, psychologist=petra, answer="An answer")
    client.force_login(petra)
    assert client.get(reverse("experts:article", args=[question.pk])).status_code == 404
    assert client.post(reverse("experts:article", args=[question.pk]), _form()).status_code == 404
    assert made_articles == []


def test_consent_withdrawn_before_the_article_stops_it(client, petra, alice, answered, made_articles):
    services.question_consent_set(question=answered, asker=alice, consent=False)
    client.force_login(petra)
    assert client.post(reverse("experts:article", args=[answered.pk]), _form()).status_code == 404
    assert made_articles == []


def test_the_editor_must_confirm_the_texts_are_free_of_anything_personal(client, petra, answered, made_articles):
    client.force_login(petra)
    response = client.post(reverse("experts:article", args=[answered.pk]), _form(checked=""))
    assert response.status_code == 200 and 'id="form-errors"' in response.content.decode()
    assert made_articles == []


@pytest.mark.parametrize("person", ["alice", "bob", "mona", "connie", "charlie", "wim", "dana"])
def test_nobody_else_sees_the_answers_that_may_become_articles(request, client, answered, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("experts:publishable")).status_code == 403
    assert client.get(reverse("experts:article", args=[answered.pk])).status_code == 403


def test_a_waiting_question_cannot_become_an_article(client, petra, alice, ask):
    question = ask(alice, consent=True)
    client.force_login(petra)
    assert client.get(reverse("experts:article", args=[question.pk])).status_code == 404


def test_the_health_square_receives_a_draft_article(client, petra, answered):
    client.force_login(petra)
    client.post(reverse("experts:article", args=[answered.pk]), _form())
    answered.refresh_from_db()
    from health.models import Article

    article = Article.objects.get(pk=answered.article_id)
    assert article.status == Article.Status.DRAFT and article.kind == Article.Kind.QA
    assert "Keep the room dark and cool." in article.body_en
    assert "How do I sleep after night shifts?" in article.body_en


def test_a_psychologist_is_told_an_editor_checks_the_draft_and_goes_back_to_the_list(
    client, petra, answered, made_articles
):
    client.force_login(petra)
    response = client.post(reverse("experts:article", args=[answered.pk]), _form(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("experts:publishable")
    assert "An editor checks it once more and publishes it." in response.content.decode()


def test_the_wellbeing_officer_never_reads_the_raw_question_even_with_the_permission(
    client, wim, answered, made_articles
):
    from django.contrib.auth.models import Permission

    client.force_login(wim)
    assert not wim.has_perm("experts.publish_answers")
    # Even with the permission given to the person directly, the team check stops them.
    wim.user_permissions.add(Permission.objects.get(codename="publish_answers"))
    page = client.get(reverse("experts:publishable"))
    assert page.status_code == 200 and page.context["questions"] == []
    assert client.get(reverse("experts:article", args=[answered.pk])).status_code == 404
    assert client.post(reverse("experts:article", args=[answered.pk]), _form()).status_code == 404
    assert made_articles == []
