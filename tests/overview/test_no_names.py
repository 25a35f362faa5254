"""No page, chart or export a manager reaches from the overview names anyone who booked a
check-up, asked for support, answered the survey, was involved in an incident or read
anything: the manager walks every link of the overview's pages, and of the pages those
link to (their content, not the menu that every page shares)."""

import datetime as dt
import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from peer_support.models import IncidentType
from peer_support.services.incidents import incident_register
from surveys.monitor import services as monitor_services
from surveys.monitor.models import Measure
from tests.factories import UserFactory
from tests.surveys.monitor.conftest import answer_as, campaign_make

from .conftest import asked, booked, freeze

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]*)"')
# Not pages: static files, and the portal's way out.
SKIP = ("/static/", "/favicon", "/accounts/logout/", "/admin/")


def person(unit, n):
    """Someone with a name that appears nowhere else."""
    return UserFactory(
        unit=unit,
        roles=[Role.EMPLOYEE],
        first_name=f"Quirinus{n}",
        last_name=f"Vandermolen{n}",
        email=f"qv{n}.private@example.org",
    )


@pytest.fixture
def world(org, mona, alice):
    """People of Groningen who used everything the overview counts, in groups that pass
    the minimums, so the overview shows figures (and links) about them."""
    team_a = [person(org["team_a"], n) for n in range(12)]
    team_b = [person(org["team_b"], n) for n in range(12, 24)]
    staff = [person(org["groningen"], n) for n in range(24, 36)]
    # Colleagues who used nothing (named, so the required-course test can find them).
    for n, unit in enumerate([org["team_a"]] * 12 + [org["team_b"]] * 12):
        UserFactory(unit=unit, roles=[Role.EMPLOYEE], first_name=f"Ctrlnamus{n}", last_name="Bystander")
    booked(team_a[:11] + team_b[:10])
    asked(team_a[:10] + staff[:10])
    freeze()
    today = timezone.localdate()
    campaign = campaign_make([org["groningen"]], opens_on=today, closes_on=today)
    for someone in team_a + team_b + staff:
        answer_as(someone, campaign, value=75, comment="A note")
    monitor_services.campaign_close(campaign=campaign)
    Measure.objects.create(
        unit=org["team_a"], campaign=campaign, scale="workload", action="Plan", owner="Chief", due_on=today
    )
    now = timezone.now()
    for members in (team_a[:2], team_b):
        incident_register(
            registered_by=mona,
            incident_type=IncidentType.TRAFFIC,
            occurred_at=now - dt.timedelta(hours=3),
            unit=members[0].unit,
            people=members,
            now=now,
        )
    return team_a + team_b + staff


def crawl(client, start: str, *, depth: int) -> dict[str, str]:
    """Every page reachable by GET from `start` within `depth` links, by path."""
    seen, frontier = {}, [start]
    for _level in range(depth + 1):
        found = []
        for path in frontier:
            if path in seen:
                continue
            response = client.get(path)
            if response.status_code != 200 or response.streaming:
                seen[path] = ""
                continue
            body = response.content.decode("utf-8", "replace")
            seen[path] = body
            if "html" not in response.get("Content-Type", ""):
                continue
            # The links of the page itself: the menu is the same on every page and leads to
            # the manager's other tools (a reflection meeting lists the team to invite).
            main = body.split("<main", 1)[-1].split("</main>", 1)[0]
            for href in HREF.findall(main):
                href = href.replace("&amp;", "&")
                target = urlsplit(urljoin(path, href))
                if target.netloc or not target.path.startswith("/") or target.path.startswith(SKIP):
                    continue
                found.append(target.path + (f"?{target.query}" if target.query else ""))
        frontier = found
    return seen


def test_no_page_or_export_reachable_from_the_overview_names_anyone(client, org, mona, world):
    client.force_login(mona)
    pages = crawl(client, reverse("overview:overview"), depth=2)
    for unit in ("team_a", "team_b"):
        pages.update(crawl(client, f"{reverse('overview:overview')}?unit={org[unit].pk}", depth=1))
    assert len(pages) > 10
    assert any(path.startswith(reverse("overview:csv")) for path in pages)
    assert any(path.startswith("/monitor/c/") for path in pages)
    assert any(path.startswith("/support/incidents/") for path in pages)
    names = {part for p in world for part in (p.first_name, p.last_name, p.email)}
    for path, body in pages.items():
        leaked = sorted(name for name in names if name.lower() in body.lower())
        assert not leaked, f"{path} shows {leaked[:3]}"
    # The pages did show figures about these people (the test is not vacuous).
    overview = pages[reverse("overview:overview")]
    assert ">21<" in overview and "Team A" in overview


def test_a_required_course_lists_its_people_whether_or_not_they_used_help(client, org, mona, world):
    """The trainings app's page of a required course names the people of the unit who must
    take it (a job record, by that app's design, linked from the overview by contract). It
    names them because of their role, never because of help: everyone under the rule is
    listed alike, those who used nothing too, and no other page names anyone."""
    trainings = pytest.importorskip("trainings.models")
    course = trainings.Course.objects.create(slug="crisis-day", title_en="Crisis day", duration_minutes=420)
    trainings.Requirement.objects.create(
        course=course, role=Role.EMPLOYEE, renewal_months=12, created_at=timezone.now()
    )
    client.force_login(mona)
    pages = crawl(client, reverse("overview:overview"), depth=2)
    course_pages = [path for path in pages if re.fullmatch(r"/trainings/status/\d+/(\?.*)?", path)]
    assert course_pages
    names = {part for p in world for part in (p.first_name, p.last_name, p.email)}
    for path, body in pages.items():
        if path in course_pages:
            assert all(f"Ctrlnamus{n}" in body for n in range(24)), f"{path} lists people by something else"
            continue
        leaked = sorted(name for name in names if name.lower() in body.lower())
        assert not leaked, f"{path} shows {leaked[:3]}"
