"""Demo data: the trainings and programmes of the sources, with sessions in the coming weeks
(one full, with a wait list), one that took place yesterday for the trainer to mark, and the
required rules (manager training for managers, once; crisis day every year for coordinators
and managers). Idempotent: a course that exists is left as it is."""

import datetime as dt
import zoneinfo

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from core.demo import demo_seeder

from .models import Completion, Course, Enrolment, Requirement, Session

TRAINER_EMAIL = "trainer@demo.example"
AMSTERDAM = "Europe/Amsterdam"
COPENHAGEN = "Europe/Copenhagen"

COURSES = [
    {
        "slug": "mental-resilience",
        "title_en": "Mental resilience training",
        "title_nl": "Training mentale weerbaarheid",
        "title_da": "Træning i mental robusthed",
        "description_en": "How stress works in your body and mind, and practical ways to recover after a hard shift.",
        "description_nl": (
            "Hoe stress werkt in lichaam en hoofd, en praktische manieren om te herstellen na een zware dienst."
        ),
        "description_da": (
            "Hvordan stress virker i krop og sind, og praktiske måder at komme sig på efter en hård vagt."
        ),
        "audience_en": "Everyone",
        "audience_nl": "Iedereen",
        "audience_da": "Alle",
        "duration_minutes": 240,
        "delivery": Course.Delivery.ON_SITE,
        "contact": "training@demo.example",
    },
    {
        "slug": "manager-early-signals",
        "title_en": "Spotting psychosocial problems early (for managers)",
        "title_nl": "Psychosociale problemen vroeg signaleren (voor leidinggevenden)",
        "title_da": "Opdag psykosociale problemer tidligt (for ledere)",
        "description_en": (
            "Recognise early signs of psychosocial strain in your team and know how to start the conversation."
        ),
        "description_nl": (
            "Herken vroege signalen van psychosociale belasting in je team en weet hoe je het gesprek begint."
        ),
        "description_da": (
            "Genkend tidlige tegn på psykosocial belastning i dit team, og ved hvordan du tager samtalen."
        ),
        "audience_en": "Managers",
        "audience_nl": "Leidinggevenden",
        "audience_da": "Ledere",
        "duration_minutes": 360,
        "delivery": Course.Delivery.ON_SITE,
        "contact": "training@demo.example",
    },
    {
        "slug": "new-leader",
        "title_en": "New leader training",
        "title_nl": "Training voor nieuwe leidinggevenden",
        "title_da": "Uddannelse for nye ledere",
        "description_en": (
            "For leaders in their first year: your role in the working environment and in your staff's wellbeing."
        ),
        "description_nl": (
            "Voor leidinggevenden in hun eerste jaar: je rol in de werkomgeving en het welzijn van je mensen."
        ),
        "description_da": "For ledere i deres første år: din rolle i arbejdsmiljøet og i medarbejdernes trivsel.",
        "audience_en": "New managers",
        "audience_nl": "Nieuwe leidinggevenden",
        "audience_da": "Nye ledere",
        "duration_minutes": 420,
        "delivery": Course.Delivery.ON_SITE,
        "contact": "uddannelse@demo.example",
    },
    {
        "slug": "crisis-day",
        "title_en": "Crisis management follow-up day",
        "title_nl": "Terugkomdag crisisbeheersing",
        "title_da": "Opfølgningsdag i krisestyring",
        "description_en": "The yearly day to practise what to do after a critical incident, together.",
        "description_nl": "De jaarlijkse dag om samen te oefenen wat je doet na een ingrijpende gebeurtenis.",
        "description_da": "Den årlige dag, hvor I sammen øver, hvad I gør efter en kritisk hændelse.",
        "audience_en": "Coordinators and managers",
        "audience_nl": "Coördinatoren en leidinggevenden",
        "audience_da": "Koordinatorer og ledere",
        "duration_minutes": 420,
        "delivery": Course.Delivery.ON_SITE,
        "contact": "training@demo.example",
    },
    {
        "slug": "fit-at-np",
        "title_en": "Fit@NP: physical and mental condition",
        "title_nl": "Fit@NP: fysieke en mentale conditie",
        "title_da": "Fit@NP: fysisk og mental form",
        "description_en": "A programme of eight weeks to build your physical and mental condition, at your own pace.",
        "description_nl": (
            "Een programma van acht weken om je fysieke en mentale conditie op te bouwen, in je eigen tempo."
        ),
        "description_da": "Et program på otte uger, hvor du opbygger din fysiske og mentale form i dit eget tempo.",
        "audience_en": "Everyone",
        "audience_nl": "Iedereen",
        "audience_da": "Alle",
        "duration_minutes": 90,
        "delivery": Course.Delivery.ONLINE,
        "contact": "",
    },
]

# slug, days ahead, hour, time zone, place, video, capacity
SESSIONS = [
    ("mental-resilience", 9, 9, AMSTERDAM, "Groningen, Hoofdbureau, zaal 2", "", 12),
    ("mental-resilience", 23, 13, AMSTERDAM, "Leeuwarden, Holstmeerweg 1", "", 12),
    ("manager-early-signals", 12, 9, AMSTERDAM, "Utrecht, Politieacademie", "", 3),
    ("new-leader", 16, 9, COPENHAGEN, "København, Kriminalforsorgens Uddannelsescenter", "", 16),
    ("crisis-day", 19, 9, AMSTERDAM, "Groningen, Hoofdbureau, zaal 1", "", 20),
    ("crisis-day", 33, 9, COPENHAGEN, "København, Kriminalforsorgens Uddannelsescenter", "", 20),
    ("fit-at-np", 5, 18, AMSTERDAM, "", "https://video.example.org/room/fit-at-np", 25),
]
REQUIREMENTS = [
    ("manager-early-signals", Role.MANAGER, None),
    ("crisis-day", Role.COORDINATOR, 12),
    ("crisis-day", Role.MANAGER, 12),
]


def _at(days: int, hour: int, zone: str) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(zone)
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=tz).astimezone(dt.UTC)


@demo_seeder
def seed_trainings(*, stdout):
    now = timezone.now()
    trainer = User.objects.filter(email=TRAINER_EMAIL).first()
    courses = {}
    created = []
    for spec in COURSES:
        course, made = Course.objects.get_or_create(slug=spec["slug"], defaults=spec)
        courses[course.slug] = course
        if made:
            created.append(course.slug)
    for slug, role, months in REQUIREMENTS:
        Requirement.objects.get_or_create(
            course=courses[slug], role=role, defaults={"renewal_months": months, "created_at": now}
        )
    if not created:
        return
    colleagues = list(User.objects.filter(email__startswith="colleague").order_by("email"))
    for slug, days, hour, zone, place, video, capacity in SESSIONS:
        if slug not in created:
            continue
        starts = _at(days, hour, zone)
        session = Session.objects.create(
            course=courses[slug],
            starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=courses[slug].duration_minutes),
            time_zone=zone,
            place=place,
            video_link=video,
            capacity=capacity,
            trainer=trainer,
        )
        if slug == "manager-early-signals":  # full, with two on the wait list
            for index, person in enumerate(colleagues[:5]):
                status = Enrolment.Status.ENROLLED if index < capacity else Enrolment.Status.WAITING
                Enrolment.objects.create(
                    session=session, user=person, status=status, created_at=now - dt.timedelta(minutes=10 - index)
                )
    if "mental-resilience" in created:
        # Yesterday's session: the trainer marks who came.
        starts = _at(-1, 9, AMSTERDAM)
        past = Session.objects.create(
            course=courses["mental-resilience"],
            starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=courses["mental-resilience"].duration_minutes),
            time_zone=AMSTERDAM,
            place="Groningen, Hoofdbureau, zaal 2",
            capacity=12,
            trainer=trainer,
        )
        for index, person in enumerate(colleagues[5:9]):
            Enrolment.objects.create(
                session=past,
                user=person,
                status=Enrolment.Status.ENROLLED,
                created_at=now - dt.timedelta(days=7 - index),
            )
    coordinator = User.objects.filter(email="coordinator@demo.example").first()
    if coordinator is not None and "crisis-day" in created:
        Completion.objects.get_or_create(
            user=coordinator,
            course=courses["crisis-day"],
            completed_on=timezone.localdate() - dt.timedelta(days=330),
            defaults={"unit_id": coordinator.unit_id},
        )
    stdout.write("Trainings: demo courses and sessions ready.")
