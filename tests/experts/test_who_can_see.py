"""Who sees a question, its answer and its asker: every role, every page."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from experts.access import ACTION_ASKER_SEEN
from experts.models import Question

ASKER_PAGES = ["experts:question"]
ASKER_ACTIONS = ["experts:withdraw", "experts:consent"]
TEAM_PAGES = ["experts:team_question"]
TEAM_ACTIONS = ["experts:claim", "experts:release"]


@pytest.fixture
def question(ask, alice):
    return ask(alice, show_name=True, consent=True)


def test_the_asker_opens_their_question(client, alice, question):
    client.force_login(alice)
    assert client.get(reverse("experts:question", args=[question.pk])).status_code == 200


@pytest.mark.parametrize("person", ["charlie", "bob", "mona", "wim", "connie", "petra"])
def test_nobody_else_opens_or_changes_the_askers_question(request, client, question, person):
    client.force_login(request.getfixturevalue(person))
    for name in ASKER_PAGES + ASKER_ACTIONS:
        assert client.get(reverse(name, args=[question.pk])).status_code in (403, 404, 405)
        assert client.post(reverse(name, args=[question.pk]), {"consent": ""}).status_code in (403, 404)
    assert Question.objects.filter(pk=question.pk, consent_to_publish=True).exists()


@pytest.mark.parametrize("person", ["alice", "charlie", "bob", "carol", "mona", "wim", "connie"])
def test_only_the_psychologists_team_opens_the_queue_and_a_question(request, client, question, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("experts:queue")).status_code == 403
    for name in TEAM_PAGES + TEAM_ACTIONS:
        assert client.get(reverse(name, args=[question.pk])).status_code in (403, 404, 405)
        assert client.post(reverse(name, args=[question.pk]), {"answer": "x"}).status_code in (403, 404)
    assert Question.objects.get(pk=question.pk).claimed_by is None


def test_an_administrator_with_every_permission_sees_no_question(admin_client, question):
    page = admin_client.get(reverse("experts:queue"))
    assert page.status_code == 200
    assert "Sleep and shift work" not in page.content.decode()
    assert admin_client.get(reverse("experts:team_question", args=[question.pk])).status_code == 404
    assert admin_client.get(reverse("experts:article", args=[question.pk])).status_code == 404


def test_questions_are_not_in_the_django_admin(admin_client):
    from django.contrib import admin

    assert Question not in admin.site._registry


def test_the_psychologist_sees_a_named_asker_and_it_is_written_to_their_access_log(client, petra, alice, question):
    client.force_login(petra)
    page = client.get(reverse("experts:team_question", args=[question.pk])).content.decode()
    assert "Alice" in page and "alice@example.org" in page and "Team A" in page
    entry = AuditEntry.objects.get(action=ACTION_ASKER_SEEN)
    assert (entry.actor, entry.subject, entry.object_id) == (petra, alice, str(question.pk))
    client.force_login(alice)
    log = client.get(reverse("accounts:access_log")).content.decode()
    assert "saw your name with a question you asked the psychologists" in log


def test_the_psychologist_sees_no_name_unit_or_address_of_an_anonymous_asker(client, petra, alice, ask):
    question = ask(alice, show_name=False)
    client.force_login(petra)
    for url in (reverse("experts:queue"), reverse("experts:team_question", args=[question.pk])):
        page = client.get(url).content.decode()
        assert "Alice" not in page and "alice@example.org" not in page and "Team A" not in page
    assert "I keep waking at four" in page
    # No entry names her either: it would tie the question to her for anyone reading the audit table.
    assert not AuditEntry.objects.filter(subject=alice).exists()


def test_the_queue_shows_no_names_and_oldest_first(client, petra, alice, charlie, ask):
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    newer = ask(alice, show_name=True, now=now)
    older = ask(charlie, show_name=True, now=now - dt.timedelta(days=2))
    client.force_login(petra)
    response = client.get(reverse("experts:queue"))
    page = response.content.decode()
    assert "Alice" not in page and "Charlie" not in page
    assert [q.pk for q in response.context["open"]] == [older.pk, newer.pk]
    assert not AuditEntry.objects.exists()


def test_the_queue_stays_within_a_fixed_number_of_queries(
    client, petra, alice, bob, ask, django_assert_max_num_queries
):
    from experts import services

    client.force_login(petra)
    services.question_claim(question=ask(alice), psychologist=petra)
    client.get(reverse("experts:queue"))
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("experts:queue"))
    from tests.factories import UserFactory

    for n in range(15):
        question = ask(UserFactory(unit=alice.unit), show_name=n % 2 == 0)
        if n % 3 == 0:
            services.question_claim(question=question, psychologist=petra)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("experts:queue"))
