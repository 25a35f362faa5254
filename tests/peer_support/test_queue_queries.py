import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from peer_support.services.incidents import incident_register
from peer_support.services.requests import support_request_claim, support_request_create
from tests.caches import caches_warm
from tests.factories import UserFactory


def _fill(org, bob, mona, n):
    now = timezone.now()
    people = []
    for i in range(n):
        person = UserFactory(unit=org["team_a"], roles=[Role.EMPLOYEE])
        people.append(person)
        request = support_request_create(requester=person, urgency="today", now=now - dt.timedelta(minutes=i))
        if i % 2:
            support_request_claim(support_request=request, supporter=bob)
    incident_register(registered_by=mona, incident_type="traffic", occurred_at=now, unit=org["team_a"], people=people)


def _count(client, url):
    caches_warm()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_queue_pages_take_the_same_number_of_queries_for_3_or_30_items(client, org, bob, carol, mona):
    _fill(org, bob, mona, 3)
    client.force_login(bob)
    small_queue = _count(client, reverse("peer_support:queue"))
    client.force_login(carol)
    small_coordination = _count(client, reverse("peer_support:coordination"))
    _fill(org, bob, mona, 27)
    client.force_login(bob)
    assert _count(client, reverse("peer_support:queue")) == small_queue
    client.force_login(carol)
    assert _count(client, reverse("peer_support:coordination")) == small_coordination


def test_the_queue_page_stays_within_a_fixed_budget(client, org, bob, mona, django_assert_max_num_queries):
    _fill(org, bob, mona, 10)
    client.force_login(bob)
    with django_assert_max_num_queries(20):
        client.get(reverse("peer_support:queue"))


def test_new_requests_are_ordered_by_urgency_then_age(client, org, bob):
    now = timezone.now()
    people = [UserFactory(first_name=name, unit=org["team_a"]) for name in ("Old", "Urgent", "New")]
    support_request_create(requester=people[0], urgency="no_hurry", now=now - dt.timedelta(hours=5))
    support_request_create(requester=people[1], urgency="today", now=now - dt.timedelta(minutes=5))
    support_request_create(requester=people[2], urgency="no_hurry", now=now - dt.timedelta(hours=1))
    from peer_support.selectors import queue_new_requests

    order = [r.requester.first_name for r in queue_new_requests(user=bob).select_related("requester")]
    assert order == ["Urgent", "Old", "New"]
    page = client.get(reverse("peer_support:queue"))
    assert page.status_code == 302  # not logged in


def test_the_queue_logs_one_entry_per_person_it_names_and_its_refresh_logs_none(client, org, bob, mona):
    from core.models import AuditEntry

    _fill(org, bob, mona, 4)  # two requests taken by Bob; four people to contact after the incident
    client.force_login(bob)
    page = client.get(reverse("peer_support:queue")).content.decode()
    entries = AuditEntry.objects.filter(actor=bob, action="peer_support.queue.list")
    named = set(type(bob).objects.filter(unit=org["team_a"]).values_list("pk", flat=True))
    assert set(entries.values_list("subject", flat=True)) == named
    assert entries.count() == len(named)  # someone both in "your requests" and "contact" is one entry
    assert "hx-get" in page
    refresh = client.get(reverse("peer_support:queue"), HTTP_HX_REQUEST="true")
    assert refresh.status_code == 200 and 'id="new-requests"' in refresh.content.decode()
    assert entries.count() == len(named)  # the refresh shows no names and logs nothing
