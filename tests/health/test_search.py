"""Search: published articles only, in the reader's language; full text on PostgreSQL."""

import pytest
from django.urls import reverse

from health.selectors import articles_search, articles_search_fallback, articles_search_postgres

from .conftest import later


def test_the_fallback_finds_published_articles_by_words_in_the_readers_language(make_article):
    found = make_article("Sleeping after nights")
    make_article("Sleeping draft", publish=False)
    make_article("Sleeping later", publish_at=later())
    assert articles_search_fallback("sleeping", language="en") == [found]
    assert articles_search_fallback("kamer donker", language="nl") == [found]
    assert articles_search_fallback("kamer zebra", language="nl") == []
    assert articles_search_fallback("mørkt", language="da") == [found]


@pytest.mark.postgres
def test_postgresql_searches_with_each_languages_own_stemming(make_article):
    found = make_article("Sleeping after nights", body="Shift workers often sleep badly.")
    make_article("Sleeping draft", publish=False)
    assert articles_search_postgres("sleep shift", language="en") == [found]
    # Dutch stemming: "diensten" in the text, "dienst" asked.
    assert articles_search_postgres("dienst", language="nl") == [found]
    assert articles_search_postgres("vagt", language="da") == [found]
    assert articles_search_postgres("zebra", language="en") == []


def test_the_search_page_answers_in_the_readers_language_and_ignores_empty_queries(client, make_article):
    make_article("Sleeping after nights")
    response = client.get(reverse("health:search") + "?q=sleeping")
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "1 article found" in page and "Sleeping after nights" in page
    assert client.get(reverse("health:search") + "?q=").status_code == 200
    assert articles_search("   ", language="en") == []


def test_the_search_page_takes_the_same_number_of_queries_for_one_or_many_results(
    client, make_article, django_assert_max_num_queries
):
    make_article("Sleeping one")
    url = reverse("health:search") + "?q=sleeping"
    with django_assert_max_num_queries(6) as few:
        client.get(url)
    baseline = len(few)
    for index in range(6):
        make_article(f"Sleeping {index}")
    with django_assert_max_num_queries(baseline):
        assert client.get(url).content.decode().count("Sleeping") >= 7
