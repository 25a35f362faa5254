"""Demo data: a few questions to the psychologists' team, in the askers' languages. Idempotent."""

import datetime as dt

from django.utils import timezone

from accounts.models import User
from core.demo import demo_seeder

from .models import Question, Topic

PSYCHOLOGIST_EMAIL = "psychologist@demo.example"
# asker, topic, show name, consent, days ago, question, answer (None: still waiting)
QUESTIONS = [
    (
        "employee@demo.example",
        Topic.SLEEP,
        False,
        True,
        6,
        "Na een week nachtdiensten slaap ik overdag hooguit vier uur. Is dat normaal, en wat kan ik eraan doen?",
        "Dat herkennen veel collega's in ploegendienst: je biologische klok wil overdag wakker zijn. Helpt: een "
        "donkere, koele slaapkamer, een vaste slaaptijd ook op vrije dagen, en geen cafeïne in de laatste zes uur "
        "van je dienst. Blijft het langer dan een paar weken zo, plan dan gerust een gesprek.",
    ),
    (
        "employee@demo.example",
        Topic.DIFFICULT_EVENT,
        True,
        False,
        1,
        "Sinds een zware melding twee weken geleden schrik ik van elk hard geluid. Gaat dat vanzelf over?",
        None,
    ),
    (
        "medarbejder@demo.example",
        Topic.STRESS,
        False,
        False,
        3,
        "Jeg har svært ved at koble af efter vagten. Har I gode råd til at lande, før jeg kommer hjem?",
        None,
    ),
]


@demo_seeder
def seed_experts(*, stdout):
    psychologist = User.objects.filter(email=PSYCHOLOGIST_EMAIL).first()
    now = timezone.now()
    made = 0
    for email, topic, show_name, consent, days_ago, text, answer in QUESTIONS:
        asker = User.objects.filter(email=email).first()
        if asker is None or Question.objects.filter(asker=asker, topic=topic).exists():
            continue
        asked_at = now - dt.timedelta(days=days_ago)
        question = Question(
            asker=asker, topic=topic, text=text, show_name=show_name, consent_to_publish=consent, asked_at=asked_at
        )
        if answer and psychologist is not None:
            question.answer = answer
            question.answered_by = question.claimed_by = psychologist
            question.answered_at = asked_at + dt.timedelta(days=2)
            question.status = Question.Status.ANSWERED
        question.save()
        made += 1
    stdout.write(f"Questions to the psychologists: {made} made.")
