"""The appointment types the portal ships: the one copy of them.

`appointment_types_ensure()` makes any that are missing and changes none that exist, so the
wellbeing officer's edits survive. It runs after every `migrate` (a post_migrate receiver
connected in apps.py), so a fresh database, an old one and a test database all have them.
"""

from .models import AppointmentType

DEFAULT_TYPES = [
    {
        "slug": "check-up",
        "order": 10,
        "duration_minutes": 60,
        "name_en": "Mental check-up",
        "name_nl": "Mentale check-up",
        "name_da": "Mentalt tjek",
        "description_en": "About an hour with a psychologist to look at how you are doing and what keeps you strong.",
        "description_nl": "Een uur met een psycholoog om samen te kijken hoe het met je gaat en wat je sterk houdt.",
        "description_da": (
            "Cirka en time med en psykolog, hvor I ser på, hvordan du har det, og hvad der holder dig stærk."
        ),
    },
    {
        "slug": "preventive-talk",
        "order": 20,
        "duration_minutes": 45,
        "name_en": "Preventive talk",
        "name_nl": "Preventief gesprek",
        "name_da": "Forebyggende samtale",
        "description_en": "A talk for anyone whose work asks a lot emotionally, before it starts to weigh too much.",
        "description_nl": "Een gesprek als je werk emotioneel veel van je vraagt, voordat het te zwaar wordt.",
        "description_da": "En samtale, hvis dit arbejde kræver meget af dig følelsesmæssigt, før det bliver for tungt.",
    },
    {
        "slug": "deployment-talk",
        "order": 30,
        "duration_minutes": 60,
        "bookable_by": "deployed",
        "is_deployment_talk": True,
        "name_en": "Deployment talk",
        "name_nl": "Gesprek rond uitzending",
        "name_da": "Samtale om udsendelse",
        "description_en": "Talks before, during (by video) and after a deployment, for example service in Greenland.",
        "description_nl": (
            "Gesprekken voor, tijdens (via video) en na een uitzending, bijvoorbeeld dienst in Groenland."
        ),
        "description_da": "Samtaler før, under (på video) og efter en udsendelse, for eksempel tjeneste i Grønland.",
    },
    {
        "slug": "open-consultation",
        "order": 40,
        "duration_minutes": 45,
        "allows_open_consultation": True,
        "name_en": "Open consultation",
        "name_nl": "Open spreekuur",
        "name_da": "Åben rådgivning",
        "description_en": "Talk to a psychologist without giving your name. You choose what they call you.",
        "description_nl": "Praat met een psycholoog zonder je naam te geven. Je kiest zelf hoe je genoemd wordt.",
        "description_da": "Tal med en psykolog uden at oplyse dit navn. Du vælger selv, hvad du vil kaldes.",
    },
]


def appointment_types_ensure(*, using: str = "default") -> None:
    """Create the shipped types that are missing; an existing one is the officer's, left as it is."""
    for fields in DEFAULT_TYPES:
        AppointmentType.objects.using(using).get_or_create(slug=fields["slug"], defaults=fields)
