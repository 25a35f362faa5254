"""`seed_scale` builds a national data set in sensible proportions, once, and the portal's pages
work on it. Run small (300 employees); the 65,000 figure is in docs/performance.md."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from accounts.models import OrganisationUnit, User
from accounts.roles import Role
from accounts.testing import PortalClient
from tests.factories import with_totp

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_it_builds_a_national_data_set_once_and_the_pages_work_on_it(settings):
    """One seeding (a few seconds) checked from every side, rather than one seeding per test."""
    settings.DEBUG = True  # the command refuses otherwise: every account gets the demo password
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_scale", employees=300, stdout=out, stderr=err)
    _two_organisations_of_teams_of_about_43_with_everyone_in_a_role()
    _psychologists_have_eight_weeks_ahead_and_a_year_of_bookings()
    _requests_in_every_state_and_incidents_with_plans()
    _a_closed_campaign_per_organisation_with_results_and_no_trace_of_who_answered()
    _content_and_trainings()
    _it_prints_logins_and_figures_and_refuses_a_second_run(out.getvalue())
    _the_pages_work_on_it()


def _in(root_code):
    root = OrganisationUnit.objects.get(code=root_code)
    return root, User.objects.in_subtree(root)


def _with_role(role):
    return User.objects.filter(groups__name=role, email__endswith=".scale.example")


def _two_organisations_of_teams_of_about_43_with_everyone_in_a_role():
    police, police_people = _in("scale-politie")
    prison, prison_people = _in("scale-dji")
    assert police_people.count() + prison_people.count() == 300
    assert police_people.count() > 3 * prison_people.count()
    teams = OrganisationUnit.objects.filter(kind="team", code__startswith="scale-")
    assert 5 <= teams.count() <= 10  # about one per 43 people
    assert User.objects.filter(email__endswith=".scale.example", groups__isnull=True).count() == 0
    regions = OrganisationUnit.objects.filter(kind="region", code__startswith="scale-")
    for region in regions:
        in_region = User.objects.in_subtree(region)
        assert in_region.filter(groups__name=Role.COORDINATOR).count() == 2
        assert in_region.filter(groups__name=Role.PEER_SUPPORTER).count() >= 2
    # A manager for every team, district and region, who manages exactly that unit.
    managed = set(User.managed_units.through.objects.values_list("organisationunit_id", flat=True))
    assert (
        set(OrganisationUnit.objects.filter(code__startswith="scale-").exclude(depth=1).values_list("pk", flat=True))
        <= managed
    )
    assert _with_role(Role.PSYCHOLOGIST).count() == 4
    assert _with_role(Role.WELLBEING_OFFICER).count() >= 2
    assert _with_role(Role.EMPLOYEE).count() > 0.8 * 300
    # One shared password hash, not 300 hashings.
    assert User.objects.filter(email__endswith=".scale.example").values("password").distinct().count() == 1


def _psychologists_have_eight_weeks_ahead_and_a_year_of_bookings():
    from checkups.models import Booking, Psychologist, Slot

    now = timezone.now()
    psychologists = Psychologist.objects.filter(user__email__endswith=".scale.example")
    assert psychologists.count() == 4
    for psychologist in psychologists:
        assert Slot.objects.filter(psychologist=psychologist, starts_at__gt=now + dt.timedelta(weeks=7)).exists()
        assert Slot.objects.filter(psychologist=psychologist, starts_at__lt=now - dt.timedelta(days=300)).exists()
    bookings = Booking.objects.filter(psychologist__in=psychologists)
    past, future = bookings.filter(starts_at__lt=now), bookings.filter(starts_at__gt=now)
    assert past.count() > future.count() > 0  # a year behind, eight weeks ahead
    assert past.filter(status=Booking.Status.COMPLETED).count() > past.filter(status=Booking.Status.NO_SHOW).count()
    assert not future.filter(status__in=[Booking.Status.COMPLETED, Booking.Status.NO_SHOW]).exists()


def _requests_in_every_state_and_incidents_with_plans():
    from peer_support.models import CriticalIncident, FollowUpPlan, FollowUpStep, SupportRequest

    states = set(SupportRequest.objects.values_list("status", flat=True))
    assert {"new", "claimed", "in_contact", "closed"} <= states
    assert not SupportRequest.objects.filter(status="new", escalate_at__lt=timezone.now()).exists()
    assert CriticalIncident.objects.count() >= 3
    assert FollowUpPlan.objects.filter(incident__isnull=False).count() >= CriticalIncident.objects.count()
    assert FollowUpStep.objects.filter(state="done").exists() and FollowUpStep.objects.filter(state="planned").exists()


def _a_closed_campaign_per_organisation_with_results_and_no_trace_of_who_answered():
    from surveys.models import SelfTestStatistic
    from surveys.monitor.models import Campaign, HeldResponse, Response, Submission, UnitResult

    campaigns = Campaign.objects.filter(status=Campaign.Status.CLOSED)
    assert campaigns.count() == 2
    for campaign in campaigns:
        assert UnitResult.objects.filter(campaign=campaign, shown=True).exists()
        assert Response.objects.filter(campaign=campaign).count() == int(campaign.population_size * 0.6)
        assert campaign.closes_on < timezone.localdate()
    assert not Submission.objects.exists() and not HeldResponse.objects.exists()
    assert 0.15 * 300 < SelfTestStatistic.objects.count() < 0.6 * 300  # 0.3 tests a person a year


def _content_and_trainings():
    from experts.models import Question
    from health.models import Article
    from trainings.models import Completion, Enrolment, Session

    assert Article.objects.exists() and Question.objects.exists()
    now = timezone.now()
    assert Session.objects.filter(starts_at__lt=now).exists() and Session.objects.filter(starts_at__gt=now).exists()
    assert Enrolment.objects.filter(status="attended").exists() and Completion.objects.exists()


def _it_prints_logins_and_figures_and_refuses_a_second_run(seeded):
    assert "manager-1@politie.scale.example" in seeded and "demo-wellbeing-2026" in seeded
    assert "total_s=" in seeded.strip().splitlines()[-1]
    with pytest.raises(CommandError, match="already"):
        call_command("seed_scale", employees=300, stdout=io.StringIO(), stderr=io.StringIO())


def test_it_refuses_outside_the_embedded_demo(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_scale", employees=300, stdout=io.StringIO())
    assert not OrganisationUnit.objects.filter(code__startswith="scale-").exists()


def _the_pages_work_on_it():
    from surveys.monitor.models import Campaign

    campaign = Campaign.objects.filter(units__code="scale-politie").get()
    district = OrganisationUnit.objects.filter(code__startswith="scale-politie", kind="district").first()
    manager = User.objects.get(managed_units=district)
    client = PortalClient()
    if not manager.authenticator_set.exists():  # the printed accounts have the demo TOTP already
        with_totp(manager)
    client.force_login(manager)
    if not client.get(reverse("monitor:results", args=[campaign.pk])).status_code == 200:
        pytest.fail("the district manager cannot open the campaign's results")
    page = client.get(reverse("monitor:results_unit", args=[campaign.pk, district.pk]))
    assert page.status_code == 200 and district.name in page.content.decode()
    psychologist = User.objects.get(email="psychologist-1@politie.scale.example")
    client.force_login(psychologist)
    assert client.get(reverse("checkups:agenda")).status_code == 200
    supporter = User.objects.get(email="peer-supporter-1@politie.scale.example")
    client.force_login(supporter)
    assert client.get(reverse("peer_support:queue")).status_code == 200
    employee = User.objects.get(email="employee-1@politie.scale.example")
    client.force_login(employee)
    assert client.get(reverse("checkups:start")).status_code == 200
