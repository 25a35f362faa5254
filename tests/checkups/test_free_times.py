"""The week of free times: a fixed number of queries, and filters that cannot break it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checkups import services
from checkups.models import Mode, Psychologist
from tests.caches import caches_warm


def _seed_psychologists(count, checkup, days=14):
    from accounts.roles import Role
    from tests.factories import UserFactory

    for _n in range(count):
        user = UserFactory(roles=[Role.PSYCHOLOGIST])
        psychologist = Psychologist.objects.create(user=user, languages=",nl,en,", video_link="https://v.example.org")
        for weekday in range(5):
            window = psychologist.windows.create(
                weekday=weekday, start_time=dt.time(9), end_time=dt.time(12), mode=Mode.VIDEO
            )
            window.appointment_types.set([checkup])
        services.slots_materialise(psychologist=psychologist, weeks=2)


def _queries_for_page(client, url):
    caches_warm()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


def test_the_free_slot_page_costs_the_same_queries_for_one_or_many_psychologists(alice, checkup, client):
    client.force_login(alice)
    url = reverse("checkups:slots", args=[checkup.slug])
    _seed_psychologists(1, checkup)
    one, response = _queries_for_page(client, url)
    assert b"slot-time" in response.content
    _seed_psychologists(12, checkup)
    many, _response = _queries_for_page(client, url)
    filtered, _response = _queries_for_page(client, url + "?language=nl&mode=video")
    assert one == many == filtered
    assert many <= 12


@pytest.mark.parametrize("query", ["?date=not-a-date", "?mode=teleport", "?location=99999", "?language=xx"])
def test_tampered_filters_show_the_page_not_an_error(alice, checkup, client, query):
    client.force_login(alice)
    assert client.get(reverse("checkups:slots", args=[checkup.slug]) + query).status_code == 200
