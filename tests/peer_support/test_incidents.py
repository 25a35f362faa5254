import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from notifications.models import OutboxMessage
from notifications.services import messages_dispatch
from peer_support.models import (
    CriticalIncident,
    FollowUpPlan,
    FollowUpProtocol,
    FollowUpStep,
    IncidentLogEntry,
    IncidentType,
    StepKind,
)
from peer_support.services.incidents import (
    incident_register,
    plan_decline,
    screening_share,
    step_claim,
    step_complete,
)
from peer_support.services.protocols import protocol_choose
from peer_support.services.timers import timers_scan
from tests.caches import caches_warm

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
# Friday 23 October 2026, 10:00 CEST; summer time ends on Sunday the 25th.
EVENT = dt.datetime(2026, 10, 23, 10, 0, tzinfo=AMS)


@pytest.fixture
def incident(mona, alice, bob):
    return incident_register(
        registered_by=mona,
        incident_type=IncidentType.TRAFFIC,
        occurred_at=EVENT,
        unit=alice.unit,
        people=[alice, bob],
        description="Collision on the A7.",
        now=EVENT + dt.timedelta(hours=1),
    )


def plan_of(person, incident):
    return FollowUpPlan.objects.get(person=person, incident=incident)


def test_registering_starts_a_plan_from_the_default_protocol_and_a_log_line(incident, alice, bob):
    assert incident.protocol.code == "tco"
    plan = plan_of(alice, incident)
    assert plan.protocol_name == incident.protocol.name
    assert list(plan.steps.values_list("kind", flat=True)) == [
        "outreach",
        "check_in",
        "screening",
        "check_in",
        "referral",
    ]
    entry = IncidentLogEntry.objects.get(owner=alice)
    assert entry.incident == incident and entry.occurred_on == dt.date(2026, 10, 23)
    assert OutboxMessage.objects.with_key(f"ps:plan:{plan.pk}:start").exists()


def test_day_offsets_keep_the_local_time_across_the_dst_change(incident, alice):
    steps = {s.order: s for s in plan_of(alice, incident).steps.all()}
    # The outreach at +2 hours is exact; the talk two days later is at 10:00 local, after the change.
    assert steps[1].due_at == EVENT + dt.timedelta(hours=2)
    local = timezone.localtime(steps[2].due_at, AMS)
    assert (local.date(), local.hour, local.minute) == (dt.date(2026, 10, 25), 10, 0)
    assert steps[2].due_at - EVENT == dt.timedelta(hours=49)  # one hour more in real time
    screening = timezone.localtime(steps[3].due_at, AMS)
    assert (screening.date(), screening.hour) == (dt.date(2026, 11, 22), 10)


def test_the_organisations_choice_decides_the_protocol_and_is_audited(org, mona, alice, wim):
    dk = FollowUpProtocol.objects.get(code="dk-police")
    assert protocol_choose(organisation=org["national"], incident_type=IncidentType.FORCE, protocol=dk, by=wim)
    assert not protocol_choose(organisation=org["national"], incident_type=IncidentType.FORCE, protocol=dk, by=wim)
    incident = incident_register(
        registered_by=mona, incident_type=IncidentType.FORCE, occurred_at=EVENT, unit=alice.unit, people=[alice]
    )
    assert incident.protocol == dk
    assert plan_of(alice, incident).steps.first().kind == StepKind.GROUP_MEETING
    from peer_support.models import ProtocolChoiceChange

    change = ProtocolChoiceChange.objects.get()
    assert change.changed_by == wim and change.new_protocol == dk.name


def test_the_wellbeing_officer_chooses_protocols_on_the_settings_page(client, wim):
    client.force_login(wim)
    page = client.get(reverse("peer_support:protocol_settings")).content.decode()
    assert "does not take sides" in page
    ids = {p.code: p.pk for p in FollowUpProtocol.objects.all()}
    data = {value: ids["tco"] for value in IncidentType.values}
    data["violence"] = ids["dk-wea"]
    client.post(reverse("peer_support:protocol_settings"), data)
    page = client.get(reverse("peer_support:protocol_settings")).content.decode()
    assert "Wim" in page and "Danish work environment authority" in page


def test_a_manager_can_name_only_people_they_may_see(client, mona, alice, charlie):
    client.force_login(mona)
    url = reverse("peer_support:incident_create")
    # The people picker finds only colleagues in the units she may register for.
    assert "Alice" in client.get(url + "?q=Alice").content.decode()
    assert "Nobody found" in client.get(url + "?q=Charlie").content.decode()
    response = client.post(
        reverse("peer_support:incident_create"),
        {
            "incident_type": "traffic",
            "occurred_at": "2026-01-05T10:00",
            "unit": alice.unit.pk,
            "people": [charlie.pk],
        },
    )
    assert response.status_code == 200
    assert not CriticalIncident.objects.exists()


def test_the_registering_manager_sees_counts_never_names_or_contents(client, incident, mona, alice, bob, settings):
    settings.MONITOR_MIN_GROUP_HEALTH = 2  # the two people involved are enough here
    plan = plan_of(alice, incident)
    client.force_login(mona)
    page = client.get(reverse("peer_support:incident_detail", args=[incident.pk])).content.decode()
    assert "Steps done" in page and "Steps overdue" in page
    assert "Alice" not in page and "Bob" not in page
    assert reverse("peer_support:plan_detail", args=[plan.pk]) not in page
    client.force_login(mona)
    assert client.get(reverse("peer_support:plan_detail", args=[plan.pk])).status_code == 404


def test_the_coordinator_sees_each_plan_of_their_region(client, incident, carol, sam):
    client.force_login(carol)
    page = client.get(reverse("peer_support:incident_detail", args=[incident.pk])).content.decode()
    assert "Alice" in page
    client.force_login(sam)
    assert client.get(reverse("peer_support:incident_detail", args=[incident.pk])).status_code == 404


def test_the_involved_employee_sees_the_plan_and_the_protocol(client, incident, alice, charlie):
    plan = plan_of(alice, incident)
    client.force_login(alice)
    page = client.get(reverse("peer_support:plan_detail", args=[plan.pk])).content.decode()
    assert "TCO (Dutch police peer support)" in page
    assert "Phone call from a peer supporter" in page
    assert 'class="privacy-note' in page
    client.force_login(charlie)
    assert client.get(reverse("peer_support:plan_detail", args=[plan.pk])).status_code == 404


def test_outreach_is_a_task_in_the_regions_queue_and_one_supporter_takes_it(client, incident, alice, carol, dave, org):
    from accounts.roles import Role
    from tests.factories import UserFactory, with_totp

    olga = with_totp(UserFactory(first_name="Olga", unit=org["groningen"], roles=[Role.PEER_SUPPORTER]))
    plan = plan_of(alice, incident)
    outreach = plan.steps.get(kind=StepKind.OUTREACH)
    client.force_login(olga)
    assert "Alice" in client.get(reverse("peer_support:queue")).content.decode()
    client.force_login(dave)
    queue = client.get(reverse("peer_support:queue"))
    assert queue.status_code == 200 and "Alice" not in queue.content.decode()
    with pytest.raises(DomainError):
        step_claim(step=outreach, supporter=dave)
    step_claim(step=outreach, supporter=olga)
    with pytest.raises(DomainError):
        step_claim(step=outreach, supporter=carol)
    plan.refresh_from_db()
    assert plan.supporter == olga
    owners = set(plan.steps.exclude(kind=StepKind.SCREENING).values_list("owner__first_name", flat=True))
    assert owners == {"Olga"}


def _claimed_plan(incident, alice, org):
    from accounts.roles import Role
    from tests.factories import UserFactory, with_totp

    olga = with_totp(UserFactory(first_name="Olga", unit=org["groningen"], roles=[Role.PEER_SUPPORTER]))
    plan = plan_of(alice, incident)
    step_claim(step=plan.steps.get(kind=StepKind.OUTREACH), supporter=olga)
    return plan, olga


def test_owners_get_a_reminder_once_and_overdue_steps_go_to_the_coordinator(incident, alice, carol, org):
    plan, olga = _claimed_plan(incident, alice, org)
    talk = plan.steps.get(order=2)
    for minutes in (0, 1):
        timers_scan(now=talk.due_at - dt.timedelta(hours=2) + dt.timedelta(minutes=minutes))
    reminders = OutboxMessage.objects.with_key_prefix(f"ps:step:{talk.pk}:remind:")
    assert reminders.count() == 1 and reminders.get().recipient == olga
    for minutes in (0, 1):
        timers_scan(now=talk.overdue_at + dt.timedelta(minutes=minutes))
    overdue = OutboxMessage.objects.with_key_prefix(f"ps:step:{talk.pk}:overdue:")
    assert list(overdue.values_list("recipient__first_name", flat=True)) == ["Carol"]


def test_declining_follow_up_stops_every_reminder_at_once(client, incident, alice, org):
    plan, olga = _claimed_plan(incident, alice, org)
    talk = plan.steps.get(order=2)
    timers_scan(now=talk.due_at - dt.timedelta(hours=1))
    assert OutboxMessage.objects.with_key_prefix(f"ps:step:{talk.pk}:").filter(status="pending").exists()
    client.force_login(alice)
    client.post(reverse("peer_support:plan_decline", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.declined
    # Keys are opaque and name no kind: the messages of this plan's steps are found step by step.
    step_messages = OutboxMessage.objects.none()
    for step in plan.steps.all():
        step_messages |= OutboxMessage.objects.with_key_prefix(step.key_prefix)
    pending = step_messages.filter(status="pending", recipient__in=[alice, olga])
    assert not pending.exists()
    # Later scans schedule nothing more for this plan, not even the questionnaire link.
    for days in (1, 3, 30, 40, 60):
        timers_scan(now=EVENT + dt.timedelta(days=days))
    assert not pending.exists()
    assert not plan.steps.filter(state=FollowUpStep.State.PLANNED).exists()
    # The supporter hears that the person said no, in neutral words.
    assert OutboxMessage.objects.with_key(f"ps:plan:{plan.pk}:declined").get().recipient == olga


def test_the_questionnaire_link_goes_out_once_and_no_result_is_stored(incident, alice):
    plan = plan_of(alice, incident)
    screening = plan.steps.get(kind=StepKind.SCREENING)
    timers_scan(now=screening.due_at - dt.timedelta(minutes=1))
    assert not OutboxMessage.objects.with_key_prefix(f"ps:step:{screening.pk}:screening:").exists()
    timers_scan(now=screening.due_at)
    timers_scan(now=screening.due_at + dt.timedelta(minutes=1))
    messages_dispatch(now=screening.due_at + dt.timedelta(minutes=2))
    links = [m for m in mail.outbox if m.subject == "How are you doing?" and m.to == [alice.email]]
    assert len(links) == 1
    body = links[0].body.lower()
    assert "screening" not in body and "trauma" not in body and "incident" not in body
    screening.refresh_from_db()
    assert screening.sent_at and screening.shared_score is None


def test_the_questionnaire_link_names_no_questionnaire_and_opens_only_for_the_person(client, incident, alice, bob):
    plan = plan_of(alice, incident)
    screening = plan.steps.get(kind=StepKind.SCREENING)
    timers_scan(now=screening.due_at)
    message = OutboxMessage.objects.with_key_prefix(f"ps:step:{screening.pk}:screening:").get()
    # Neither the stored message (a DBA's view) nor the e-mail (a shared mailbox) names the test.
    assert screening.instrument not in str(message.context).lower()
    messages_dispatch(now=screening.due_at + dt.timedelta(minutes=1))
    body = next(m.body for m in mail.outbox if m.to == [alice.email] and m.subject == "How are you doing?")
    link = next(line for line in body.splitlines() if "/steps/" in line).split("testserver")[-1].strip()
    assert "pcl" not in body.lower() and "selftest" not in link
    link = link[link.index("/support/") :]
    # Logged out, the link asks for a login first; the person then goes on to the questionnaire.
    assert "/accounts/login/" in client.get(link).url
    client.force_login(alice)
    assert client.get(link).url == reverse("surveys:take", args=[screening.instrument])
    # Nobody else opens it, not even the supporter of the plan.
    client.force_login(bob)
    assert client.get(link).status_code == 404


def test_sharing_the_total_is_the_persons_choice_and_a_high_total_suggests_a_psychologist(client, incident, alice):
    plan = plan_of(alice, incident)
    screening = plan.steps.get(kind=StepKind.SCREENING)
    timers_scan(now=screening.due_at)
    client.force_login(alice)
    page = client.get(reverse("peer_support:plan_detail", args=[plan.pk])).content.decode()
    assert "Share my total" in page
    client.post(reverse("peer_support:step_share", args=[screening.pk]), {"score": "99"})
    screening.refresh_from_db()
    assert screening.shared_score is None
    client.post(reverse("peer_support:step_share", args=[screening.pk]), {"score": "40"})
    screening.refresh_from_db()
    assert screening.shared_score == 40
    page = client.get(reverse("peer_support:plan_detail", args=[plan.pk])).content.decode()
    assert "Book a talk with a psychologist" in page
    with pytest.raises(DomainError):
        screening_share(step=screening, person=incident.registered_by, score=1)


def test_a_step_is_completed_by_its_owner_only(incident, alice, bob, org):
    plan, olga = _claimed_plan(incident, alice, org)
    talk = plan.steps.get(order=2)
    with pytest.raises(DomainError):
        step_complete(step=talk, by=bob)
    step_complete(step=talk, by=olga)
    talk.refresh_from_db()
    assert talk.state == FollowUpStep.State.DONE


def test_a_coordinator_schedules_a_group_meeting_with_neutral_invitations(client, incident, alice, bob, carol, petra):
    plan_decline(plan=plan_of(bob, incident), person=bob)
    client.force_login(carol)
    start = timezone.now() + dt.timedelta(days=3)
    client.post(
        reverse("peer_support:incident_meeting", args=[incident.pk]),
        {
            "kind": "debriefing",
            "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
            "place": "Room 4",
            "leader": petra.pk,
        },
    )
    invited = set(
        OutboxMessage.objects.filter(template="peer_support_meeting").values_list("recipient__first_name", flat=True)
    )
    assert invited == {"Alice", "Petra"}  # Bob said no
    messages_dispatch()
    subjects = {m.subject for m in mail.outbox if m.to == [alice.email]}
    assert any(s.startswith("Meeting on") for s in subjects)


def test_the_wellbeing_officer_changes_timings_and_the_change_is_recorded(client, wim, mona, alice):
    protocol = FollowUpProtocol.objects.get(code="tco")
    talk = protocol.steps.get(order=2)
    client.force_login(wim)
    data = {f"offset_{s.pk}": s.offset_hours for s in protocol.steps.all()}
    data.update({f"window_{s.pk}": s.window_hours for s in protocol.steps.all()})
    data[f"offset_{talk.pk}"] = 72
    client.post(reverse("peer_support:protocol_timings", args=[protocol.pk]), data)
    talk.refresh_from_db()
    assert talk.offset_hours == 72
    page = client.get(reverse("peer_support:protocol_settings")).content.decode()
    assert "2 d / 1 d" in page and "3 d / 1 d" in page and "Wim" in page
    incident = incident_register(
        registered_by=mona, incident_type="traffic", occurred_at=EVENT, unit=alice.unit, people=[alice]
    )
    due = plan_of(alice, incident).steps.get(order=2).due_at
    assert timezone.localtime(due, AMS).date() == dt.date(2026, 10, 26)


def test_bad_timings_are_refused_with_a_message(client, wim):
    protocol = FollowUpProtocol.objects.get(code="tco")
    client.force_login(wim)
    step = protocol.steps.first()
    response = client.post(reverse("peer_support:protocol_timings", args=[protocol.pk]), {f"offset_{step.pk}": "-3"})
    assert response.status_code == 200 and "Please check the fields" in response.content.decode()
    step.refresh_from_db()
    assert step.offset_hours == 2


def test_the_coordinator_gives_a_plan_to_a_supporter(client, incident, alice, bob, carol, dave):
    plan = plan_of(alice, incident)
    client.force_login(carol)
    client.post(reverse("peer_support:plan_assign", args=[plan.pk]), {"supporter": dave.pk})
    plan.refresh_from_db()
    assert plan.supporter is None  # Dave works in another region
    # Bob is involved himself but may support Alice.
    client.post(reverse("peer_support:plan_assign", args=[plan.pk]), {"supporter": bob.pk})
    plan.refresh_from_db()
    assert plan.supporter == bob
    assert set(plan.steps.exclude(kind=StepKind.SCREENING).values_list("owner", flat=True)) == {bob.pk}
    assert OutboxMessage.objects.with_key_prefix(f"ps:plan:{plan.pk}:assigned:{bob.pk}:").exists()


def test_the_coordinators_view_of_an_incident_is_in_each_persons_access_log(client, incident, alice, carol):
    from core.models import AuditEntry

    client.force_login(carol)
    client.get(reverse("peer_support:incident_detail", args=[incident.pk]))
    assert AuditEntry.objects.filter(actor=carol, subject=alice, action="follow_up_plan.view").exists()


def test_the_incident_list_shows_counts_in_a_fixed_number_of_queries(client, mona, alice, incident, bob):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(mona)
    caches_warm()
    with CaptureQueriesContext(connection) as one:
        first = client.get(reverse("peer_support:incident_list"))
    for _ in range(5):
        incident_register(registered_by=mona, incident_type="other", occurred_at=EVENT, unit=alice.unit, people=[alice])
    with CaptureQueriesContext(connection) as six:
        second = client.get(reverse("peer_support:incident_list"))
    assert first.status_code == second.status_code == 200  # two error pages would count alike too
    assert len(one) == len(six)
    page = first.content.decode()
    assert "Alice" not in page and "Bob" not in page


# --- Counts only for groups large enough that no one person's choice shows ----------------------


def _colleagues(org, n):
    from accounts.roles import Role
    from tests.factories import UserFactory

    return [
        UserFactory(
            email=f"colleague{i}@example.org", first_name=f"Colleague{i}", unit=org["team_a"], roles=[Role.EMPLOYEE]
        )
        for i in range(n)
    ]


def _manager_pages(client, mona, incident):
    client.force_login(mona)
    detail = client.get(reverse("peer_support:incident_detail", args=[incident.pk])).content.decode()
    listing = client.get(reverse("peer_support:incident_list")).content.decode()
    return detail, listing


@pytest.mark.parametrize("people", [1, 9, 10])
def test_the_manager_sees_step_counts_only_when_at_least_the_health_minimum_are_involved(
    client, mona, org, settings, people
):
    settings.MONITOR_MIN_GROUP_HEALTH = 10
    involved = _colleagues(org, people)
    incident = incident_register(
        registered_by=mona, incident_type=IncidentType.TRAFFIC, occurred_at=EVENT, unit=org["team_a"], people=involved
    )
    detail, listing = _manager_pages(client, mona, incident)
    if people >= 10:
        assert "Steps done" in detail and "Steps still to come" in detail
        assert "Follow-up is running" not in listing  # the list shows the numbers
    else:
        assert "Steps" not in detail
        assert "Follow-up is running." in detail and "Follow-up is running." in listing
        assert "at least 10 colleagues" in detail
    # A decline leaves the page as it was when too few are involved, and nobody is named.
    before_detail, before_listing = detail, listing
    plan_decline(plan=plan_of(involved[0], incident), person=involved[0])
    detail, listing = _manager_pages(client, mona, incident)
    if people < 10:
        assert _main(detail) == _main(before_detail)
        assert _main(listing) == _main(before_listing)
    assert "Colleague0" not in detail and "Colleague0" not in listing


def _main(html):
    return html[html.index("<main") : html.index("</main>")].split('name="csrfmiddlewaretoken"')[0]


def test_with_one_person_involved_a_decline_does_not_show_and_the_end_follows_the_schedule(client, mona, org):
    import time_machine

    (person,) = _colleagues(org, 1)
    incident = incident_register(
        registered_by=mona, incident_type=IncidentType.TRAFFIC, occurred_at=EVENT, unit=org["team_a"], people=[person]
    )
    end = FollowUpStep.objects.filter(plan__incident=incident).order_by("-overdue_at").first().overdue_at
    plan_decline(plan=plan_of(person, incident), person=person, now=EVENT + dt.timedelta(hours=2))
    with time_machine.travel(end - dt.timedelta(minutes=1)):
        detail, listing = _manager_pages(client, mona, incident)
    assert "Follow-up is running." in detail and "Follow-up is running." in listing
    assert "Steps" not in detail
    with time_machine.travel(end + dt.timedelta(minutes=1)):
        detail, listing = _manager_pages(client, mona, incident)
    assert "Follow-up has finished." in detail and "Follow-up has finished." in listing


@pytest.mark.parametrize("supporter", ["", " ", "bob", "99999999999999999999"])
def test_assigning_a_plan_without_a_colleague_number_says_so(client, incident, alice, carol, supporter):
    """A blank or a word reached the database as a key and answered 500."""
    plan = plan_of(alice, incident)
    client.force_login(carol)
    response = client.post(reverse("peer_support:plan_assign", args=[plan.pk]), {"supporter": supporter}, follow=True)
    assert response.status_code == 200 and "Choose a colleague." in response.content.decode()
    plan.refresh_from_db()
    assert plan.supporter is None
