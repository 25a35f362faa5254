"""A small world with one of each object of the portal, for tests that visit every page.

The personas of tests/conftest.py (plus an administrator) and, for them: a booking, a held
time, a wait-list entry, a deployment, an open consultation; a request for help that a
peer supporter took, with a note, and one on the support-person route; an incident with a
plan for Alice, a group meeting, a line in her log; a reflection series; a monitor
campaign in draft, one open and one closed with results and a measure; the self-tests;
Charlie's request to erase his data, for Dora, a data protection officer.
Built with the services, as the portal itself would make them.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.roles import Role
from tests.factories import UserFactory, with_totp


@dataclass
class World:
    people: dict  # role name -> user (None for anonymous)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def world_build(*, org, alice, bob, carol, petra, mona, wim, connie, charlie) -> World:
    admin = with_totp(
        UserFactory(email="ada@example.org", first_name="Ada", roles=[Role.ADMIN], is_staff=True, is_superuser=True)
    )
    world = World(
        people={
            "anonymous": None,
            "employee": alice,
            "peer supporter": bob,
            "coordinator": carol,
            "psychologist": petra,
            "manager": mona,
            "wellbeing officer": wim,
            "counsellor": connie,
            "admin": admin,
            "trainer": with_totp(UserFactory(email="tina@example.org", first_name="Tina", roles=[Role.TRAINER])),
            "data protection": with_totp(
                UserFactory(email="dpo@example.org", first_name="Dora", roles=[Role.DATA_PROTECTION])
            ),
        }
    )
    world.objects.update(org=org, alice=alice, charlie=charlie, bob=bob, mona=mona, wim=wim)
    _checkups(world, petra=petra, alice=alice, wim=wim)
    _peer_support(world, alice=alice, bob=bob, carol=carol, mona=mona, petra=petra, charlie=charlie)
    _monitor(world, org=org, mona=mona, wim=wim)
    _leavers(world, org=org)
    _trainings(world, alice=alice, mona=mona, trainer=world.people["trainer"])
    _health(world, wim=wim, alice=alice)
    _experts(world, alice=alice, petra=petra)
    from dataprotection.services import erasure_request_create

    world.objects["erasure_request"] = erasure_request_create(person=charlie, reason="Leaving")
    from surveys.services import instruments_load

    instruments_load()
    return world


def _checkups(world, *, petra, alice, wim):
    from checkups import services
    from checkups.defaults import appointment_types_ensure
    from checkups.models import AppointmentType, Location, Mode, Slot

    appointment_types_ensure()
    types = {t.slug: t for t in AppointmentType.objects.all()}
    location = Location.objects.create(name="Groningen", address="Rademarkt 12")
    profile = services.psychologist_profile_ensure(user=petra)
    profile.language_codes = ["en", "nl"]
    profile.video_link = "https://video.example.org/petra"
    profile.save()
    profile.locations.add(location)
    # Joined while nothing is free (the service sends anyone else to the free times).
    wait = services.waitlist_join(employee=alice, appointment_type=types["preventive-talk"])
    window = services.window_create(
        psychologist=profile,
        weekday=(timezone.localdate() + dt.timedelta(days=3)).weekday(),
        start_time=dt.time(9),
        end_time=dt.time(12),
        mode=Mode.VIDEO,
        appointment_types=list(types.values()),
    )
    tz = profile.tzinfo

    def slot(days, hour):
        start = dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour), tzinfo=tz)
        made, _created = Slot.objects.get_or_create(
            psychologist=profile,
            starts_at=start,
            defaults={"ends_at": start + dt.timedelta(hours=1), "mode": Mode.VIDEO},
        )
        made.appointment_types.set(types.values())
        return made

    booking = services.booking_create(
        slot=slot(4, 14), employee=alice, appointment_type=types["check-up"], note="Night shifts"
    )
    services.session_note_add(booking=booking, author=petra, text="First talk planned.")
    held = slot(5, 14)
    Slot.objects.filter(pk=held.pk).update(held_for=alice, held_until=timezone.now() + dt.timedelta(hours=12))
    opened = services.open_consultation_book(
        slot=slot(6, 14), appointment_type=types["open-consultation"], alias="Robin"
    )
    deployment = services.deployment_register(
        employee=alice,
        destination="Nuuk",
        starts_on=timezone.localdate() + dt.timedelta(days=30),
        ends_on=timezone.localdate() + dt.timedelta(days=120),
        registered_by=wim,
    )
    world.objects.update(
        types=types,
        window=window,
        free_slot=slot(7, 10),
        booking=booking,
        held_slot=held,
        open_token=opened.token,
        open_code=opened.code,
        wait=wait,
        deployment=deployment,
    )


def _peer_support(world, *, alice, bob, carol, mona, petra, charlie):
    from peer_support.models import FollowUpProtocol, IncidentType, ReflectionFramework, StepKind, SupportRequest
    from peer_support.presets import REFLECTION_FRAMEWORK
    from peer_support.regions import region_of
    from peer_support.services import incidents, log, meetings, reflection, requests

    framework = ReflectionFramework.objects.get(code=REFLECTION_FRAMEWORK["code"])
    now = timezone.now()
    request = requests.support_request_create(requester=alice, urgency=SupportRequest.Urgency.TODAY, message="Hi")
    requests.support_request_claim(support_request=request, supporter=bob)
    requests.case_note_add(support_request=request, author=bob, text="Called, will call again.")
    support_person = requests.support_request_create(
        requester=charlie, route=SupportRequest.Route.SUPPORT_PERSON, message="I would like a buddy."
    )
    incident = incidents.incident_register(
        registered_by=mona,
        incident_type=IncidentType.VIOLENCE,
        occurred_at=now - dt.timedelta(hours=5),
        unit=alice.unit,
        people=[alice, bob],
        description="Assault at the counter.",
    )
    meeting = meetings.group_meeting_schedule(
        incident=incident, kind="defusing", starts_at=now + dt.timedelta(days=1), place="Room 1", leader=petra, by=carol
    )
    plan = incident.plans.get(person=alice)
    entry = log.log_entry_save(
        owner=alice,
        occurred_on=timezone.localdate(),
        incident_type=IncidentType.VIOLENCE,
        what_happened="Spat at.",
        how_it_affected_me="Slept badly.",
    )
    series = reflection.reflection_series_create(
        leader=mona,
        team=mona.managed_units.first(),
        framework=framework,
        first_at=now + dt.timedelta(days=3),
        every_weeks=2,
        occurrences=2,
        place="Canteen",
        participants=[alice, bob],
    )
    rota = _rota(region=region_of(alice.unit), bob=bob, carol=carol, now=now)
    world.objects.update(
        **rota,
        request=request,
        support_person_request=support_person,
        incident=incident,
        meeting=meeting,
        plan=plan,
        outreach_step=plan.steps.filter(kind=StepKind.OUTREACH).first(),
        screening_step=plan.steps.filter(kind=StepKind.SCREENING).first(),
        log_entry=entry,
        series=series,
        protocol=FollowUpProtocol.objects.order_by("pk").first(),
    )


def _rota(*, region, bob, carol, now):
    """The region's duty rota: a weekly night shift of Bob's with a swap offered to Carol, an extra
    shift and an absence. Made directly: Carol is a coordinator, so the services would refuse her a
    supporter's shift, and that is what the pages must cope with."""
    from peer_support.models import DutyAbsence, DutyExtraShift, DutyKind, DutyPattern, DutySwap

    today = timezone.localdate()
    pattern = DutyPattern.objects.create(
        region=region,
        person=bob,
        kind=DutyKind.PEER_SUPPORTER,
        weekday=today.weekday(),
        starts=dt.time(22),
        ends=dt.time(6),
        valid_from=today - dt.timedelta(days=7),
    )
    swap = DutySwap.objects.create(
        pattern=pattern, on_date=today + dt.timedelta(days=7), substitute=carol, proposed_by=bob
    )
    extra = DutyExtraShift.objects.create(
        region=region,
        person=carol,
        kind=DutyKind.COORDINATOR,
        starts_at=now + dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=1, hours=8),
    )
    absence = DutyAbsence.objects.create(
        region=region, person=bob, first_day=today + dt.timedelta(days=14), last_day=today + dt.timedelta(days=20)
    )
    return {"duty_pattern": pattern, "duty_swap": swap, "duty_extra": extra, "duty_absence": absence}


def _monitor(world, *, org, mona, wim):
    from surveys.monitor import services
    from surveys.monitor.models import Campaign, Measure

    today = timezone.localdate()

    def campaign(name, units, **dates):
        made = Campaign.objects.create(name=name, parts=["copsoq3", "organisation"], created_by=wim, **dates)
        made.units.set(units)
        return made

    draft = campaign("Draft", [org["groningen"]], opens_on=today, closes_on=today + dt.timedelta(days=14))
    colleagues = [UserFactory(unit=org["team_a"], roles=[Role.EMPLOYEE]) for _ in range(11)]
    closed = campaign("Closed", [org["groningen"]], opens_on=today, closes_on=today + dt.timedelta(days=14))
    services.campaign_launch(campaign=closed)
    closed.refresh_from_db()
    from surveys.monitor.questionnaire import questionnaire_for

    answers = {key: 50 for key in questionnaire_for(closed).items}
    for person in [world.alice, *colleagues]:
        participation = closed.participations.get(user=person)
        services.draft_save(participation=participation, answers=answers, comment="Busy nights.")
        services.response_submit(participation=participation)
    services.campaign_close(campaign=closed)
    closed.refresh_from_db()
    opened = campaign("Open", [org["groningen"]], opens_on=today, closes_on=today + dt.timedelta(days=14))
    services.campaign_launch(campaign=opened)
    opened.refresh_from_db()
    measure = services.measure_save(
        measure=Measure(
            unit=org["team_a"],
            campaign=closed,
            scale="work_pace",
            action="Two extra people on night shifts",
            owner="Team lead",
            due_on=today + dt.timedelta(days=60),
        ),
        actor=mona,
    )
    world.objects.update(
        draft_campaign=draft,
        open_campaign=opened,
        closed_campaign=closed,
        measure=measure,
        answer_steps=len(questionnaire_for(opened).parts) + 1,
    )


def _health(world, *, wim, alice):
    from health.models import CheckChoice, CheckQuestion, LearningModule, Lesson, Theme
    from health.services import article_create, article_publish, article_update, module_lesson_done

    theme = Theme.objects.get(slug="sleep-and-shift-work")
    fields = {"theme": theme, "title_en": "Sleep after nights", "body_en": "Dark and **quiet**."}
    published = article_publish(article=article_create(editor=wim, fields=fields), editor=wim)
    draft = article_create(editor=wim, fields={**fields, "title_en": "A draft"})
    article_update(article=draft, editor=wim, fields={"title_en": "A draft, second revision"})
    module = LearningModule.objects.create(slug="sleep-on-shifts", theme=theme, title_en="Sleep", published=True)
    Lesson.objects.create(module=module, number=1, title_en="Your clock", body_en="Text")
    question = CheckQuestion.objects.create(module=module, number=1, text_en="Dark?", explanation_en="Yes.")
    CheckChoice.objects.create(question=question, text_en="Yes", correct=True)
    module_lesson_done(user=alice, module=module, number=1)
    world.objects.update(
        health_theme=theme,
        health_article=published,
        health_draft=draft,
        health_revision=draft.history.order_by("history_id").first(),
        health_module=module,
    )


def _leavers(world, *, org):
    """A peer supporter of the north who had taken a request and was on duty, and a
    psychologist with a booked talk, left: their work waits on the handover page."""
    from accounts.models import AccountClosure, HandoverItem
    from accounts.services import account_close
    from checkups import services as checkups
    from checkups.models import AppointmentType, Mode, Slot
    from peer_support.models import SupporterDuty
    from peer_support.services.requests import support_request_claim, support_request_create

    leaver = UserFactory(email="lea@example.org", first_name="Lea", unit=org["team_b"], roles=[Role.PEER_SUPPORTER])
    SupporterDuty.objects.create(supporter=leaver, on_duty=True)
    asker = UserFactory(email="kim@example.org", first_name="Kim", unit=org["team_a"], roles=[Role.EMPLOYEE])
    support_request_claim(support_request=support_request_create(requester=asker), supporter=leaver)
    account_close(user=leaver, by=None, reason=AccountClosure.Reason.ADMIN)

    paul = UserFactory(email="paul@example.org", first_name="Paul", unit=org["national"], roles=[Role.PSYCHOLOGIST])
    profile = checkups.psychologist_profile_ensure(user=paul)
    check_up = AppointmentType.objects.get(slug="check-up")
    start = dt.datetime.combine(timezone.localdate() + dt.timedelta(days=8), dt.time(10), tzinfo=profile.tzinfo)
    slot = Slot.objects.create(
        psychologist=profile, starts_at=start, ends_at=start + dt.timedelta(hours=1), mode=Mode.VIDEO
    )
    slot.appointment_types.set([check_up])
    checkups.booking_create(slot=slot, employee=asker, appointment_type=check_up)
    account_close(user=paul, by=None, reason=AccountClosure.Reason.MISSING)
    world.objects.update(
        handover_duty=HandoverItem.objects.get(kind=HandoverItem.Kind.DUTY),
        handover_booking=HandoverItem.objects.get(kind=HandoverItem.Kind.BOOKING),
    )


def _trainings(world, *, alice, mona, trainer):
    from accounts.roles import Role as Roles
    from trainings import services
    from trainings.models import Course, Enrolment, Session

    course = Course.objects.create(slug="resilience", title_en="Resilience", contact="training@example.org")
    start = timezone.now() + dt.timedelta(days=10)
    session = services.session_create(
        course=course, starts_at=start, time_zone="Europe/Amsterdam", capacity=5, place="Room 2", trainer=trainer
    )
    place = services.enrolment_create(session=session, user=alice)
    past_start = timezone.now() - dt.timedelta(hours=3)
    past = Session.objects.create(
        course=course,
        starts_at=past_start,
        ends_at=past_start + dt.timedelta(hours=2),
        capacity=5,
        place="Room 2",
        trainer=trainer,
    )
    Enrolment.objects.create(session=past, user=mona, status=Enrolment.Status.ENROLLED, created_at=timezone.now())
    requirement = services.requirement_set(course=course, role=Roles.MANAGER, renewal_months=12)
    world.objects.update(
        training_course=course,
        training_session=session,
        training_past=past,
        training_place=place,
        training_requirement=requirement,
    )


def _experts(world, *, alice, petra):
    """A waiting question with Alice's name, and an answered one without it that she let publish."""
    from experts import services
    from experts.models import Topic

    world.objects["question"] = services.question_ask(
        asker=alice, topic=Topic.SLEEP, text="Sleep after nights?", show_name=True
    )
    answered = services.question_ask(
        asker=alice, topic=Topic.STRESS, text="Landing after a shift?", show_name=False, consent_to_publish=True
    )
    world.objects["answered_question"] = services.question_answer(
        question=answered, psychologist=petra, answer="A short walk helps."
    )
