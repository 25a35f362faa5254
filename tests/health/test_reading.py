"""Reading the square: open to all, only what is published and due, and never recorded."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from health.models import Theme

from .conftest import later


def test_the_square_is_readable_without_login_and_says_reading_is_not_recorded(client, make_article):
    make_article()
    response = client.get(reverse("health:square"))
    assert response.status_code == 200
    assert b"Nobody records what you read here" in response.content
    assert b"Sleep and shift work" in response.content


def test_the_square_is_linked_in_the_main_navigation_and_on_the_home_page(client, alice):
    anonymous = client.get(reverse("home")).content.decode()
    assert anonymous.count(reverse("health:square")) >= 2  # the menu and the home page
    client.force_login(alice)
    assert client.get(reverse("home")).content.decode().count(reverse("health:square")) >= 2


@pytest.mark.parametrize("persona", [None, "alice", "mona", "bob"])
def test_everyone_reads_a_published_article_and_no_one_reads_a_draft(client, make_article, persona, request):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    published = make_article("Published one")
    draft = make_article("Draft one", publish=False)
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(reverse("health:article", args=[draft.slug])).status_code == 404
    theme_page = client.get(reverse("health:theme", args=[published.theme.slug])).content
    assert b"Published one" in theme_page and b"Draft one" not in theme_page


def test_a_scheduled_article_appears_only_once_its_time_has_come(client, make_article):
    publish_at = later(days=2)
    article = make_article("Scheduled one", publish_at=publish_at)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert b"Scheduled one" not in client.get(reverse("health:theme", args=[article.theme.slug])).content
    with time_machine.travel(publish_at + dt.timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert b"Scheduled one" in client.get(reverse("health:theme", args=[article.theme.slug])).content


def test_an_article_is_shown_in_the_readers_language_and_falls_back_to_english(client, make_article):
    article = make_article("Sleep well", summary_da="")
    client.cookies["django_language"] = "da"
    page = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Sleep well (da)" in page and "Gør rummet mørkt" in page
    assert "A short summary." in page  # no Danish summary: the English one


def test_reading_writes_nothing_to_the_database(client, alice, make_article, module):
    article = make_article()
    client.force_login(alice)
    urls = [
        reverse("health:square"),
        reverse("health:theme", args=[article.theme.slug]),
        article.get_absolute_url(),
        reverse("health:search") + "?q=dark",
        reverse("health:module", args=[module.slug]),
        reverse("health:lesson", args=[module.slug, 1]),
    ]
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            assert client.get(url).status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    # The session's own row may be touched by the login machinery; nothing of the square is.
    assert not [sql for sql in writes if "health_" in sql or "audit" in sql]


def test_every_theme_page_leads_to_the_self_tests_check_ups_and_peer_support(client, theme):
    page = client.get(reverse("health:theme", args=[theme.slug])).content.decode()
    for name in ("surveys:list", "checkups:start", "peer_support:request_create"):
        assert reverse(name) in page


def test_an_unknown_theme_answers_404(client, db):
    assert client.get(reverse("health:theme", args=["no-such-theme"])).status_code == 404


def test_the_square_takes_the_same_number_of_queries_for_one_or_many_articles(
    client, make_article, django_assert_max_num_queries
):
    make_article("One")
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("health:square"))
    baseline = len(few)
    for index in range(6):
        make_article(f"More {index}", theme=Theme.objects.order_by("?").first())
    with django_assert_max_num_queries(baseline):
        client.get(reverse("health:square"))


def test_a_theme_page_takes_the_same_number_of_queries_for_one_or_many_articles(
    client, make_article, theme, django_assert_max_num_queries
):
    make_article("One")
    url = reverse("health:theme", args=[theme.slug])
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    baseline = len(few)
    for index in range(6):
        make_article(f"More {index}", audience="partners" if index % 2 else "everyone")
    with django_assert_max_num_queries(baseline):
        client.get(url)


def test_the_self_test_result_links_to_the_matching_theme_in_neutral_words(db):
    from django.template import Context, Template

    template = Template("{% load health %}{% theme_for_instrument key as theme %}{{ theme.url }}|{{ theme.title }}")
    assert template.render(Context({"key": "pcl5"})) == "/health/themes/after-a-heavy-incident/|After a heavy incident"
    assert template.render(Context({"key": "unknown"})) == "|"


def test_a_self_test_result_page_links_to_its_theme_and_the_theme_opens_without_login(client, db):
    from surveys.services import instruments_load

    instruments_load()
    answers = {"q1": "5", "q2": "4", "q3": "4", "q4": "3", "q5": "4"}
    html = client.post(reverse("surveys:take", args=["who5"]), answers).content.decode()
    link = html.split('id="health-theme"', 1)[1].split('href="', 1)[1].split('"', 1)[0]
    assert link == reverse("health:theme", args=["stress-and-recovery"])
    assert "Read more in the health square: Stress and recovery" in html
    assert client.get(link).status_code == 200
