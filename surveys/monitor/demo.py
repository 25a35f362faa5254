"""Demo data for the monitor: two closed campaigns with results (so the dashboards show a
change and measures next to it) and an open one the demo employee can answer. Idempotent:
each campaign is made once, found again by its English name.

The demo district is Dutch: campaigns are named in all three languages, while measures and
comments are free text that managers and employees write in their own language, Dutch."""

import datetime as dt
import random

from core.demo import demo_seeder

CLOSED = [("Work survey 2024", 540), ("Work survey 2025", 175)]  # name, days ago it closed
OPEN = "Work survey 2026"


def _names(name: str) -> dict:
    """The Dutch and Danish names of a demo campaign ("Work survey 2026")."""
    year = name.rsplit(" ", 1)[-1]
    return {"name_nl": f"Werkbelevingsonderzoek {year}", "name_da": f"Arbejdsmiljøundersøgelse {year}"}


EXTRA_PER_TEAM = 6


@demo_seeder
def seed_monitor(*, stdout):
    from django.utils import timezone

    from accounts.models import OrganisationUnit, User
    from accounts.roles import Role
    from accounts.services import user_provision

    from . import services
    from .models import Campaign, Measure, Participation
    from .questionnaire import questionnaire_for

    national = OrganisationUnit.objects.filter(code="national").first()
    if national is None:
        return
    # More colleagues, so that teams reach the minimum group and the figures can be shown.
    for team in OrganisationUnit.objects.filter(code__startswith="team-").order_by("code"):
        for n in range(1, EXTRA_PER_TEAM + 1):
            email = f"{team.code}-{n}@demo.example"
            if not User.objects.filter(email=email).exists():
                user, _ = user_provision(
                    email=email, first_name=f"{team.name} {n}", unit=team, roles=[Role.EMPLOYEE], language="nl"
                )
                user.set_unusable_password()
                user.save(update_fields=["password"])

    today = timezone.localdate()
    rng = random.Random(2026)
    for name in [name for name, _days in CLOSED] + [OPEN]:
        Campaign.objects.filter(name=name, name_nl="").update(**_names(name))  # demos seeded before names
    for index, (name, days_ago) in enumerate(CLOSED):
        if Campaign.objects.filter(name=name).exists():
            continue
        campaign = Campaign.objects.create(
            name=name,
            **_names(name),
            parts=["copsoq3", "organisation"],
            # Open from yesterday to tomorrow while the demo answers it (re-dated below): a seed
            # that runs across midnight would otherwise find its campaign closed half-way.
            opens_on=today - dt.timedelta(days=1),
            closes_on=today + dt.timedelta(days=1),
            free_text=True,
        )
        campaign.units.set([national])
        services.campaign_launch(campaign=campaign)
        questionnaire = questionnaire_for(campaign)
        items = list(questionnaire.items.values())
        comments = [
            "De nachtdiensten volgen elkaar te snel op.",
            "Fijne collega's; na de rellen hebben we het samen goed nabesproken.",
            "Veel te veel administratie sinds het nieuwe systeem.",
            "Graag meer aandacht voor agressie aan de balie.",
            "",
            "",
        ]
        for participation in Participation.objects.filter(campaign=campaign).select_related("user", "unit"):
            if participation.user.email == "employee@demo.example" and index == len(CLOSED) - 1:
                pass  # the demo employee answered the last one
            elif rng.random() < 0.25:
                continue
            lean = (sum(map(ord, participation.unit.code)) % 5 - 2) * 0.3 + index * 0.4
            answers = {}
            for item in items:
                values = sorted(item.scale.values)
                answers[item.key] = values[min(max(int(round(rng.gauss(2 + lean, 1.0))), 0), len(values) - 1)]
            services.draft_save(participation=participation, answers=answers, comment=rng.choice(comments))
            services.response_submit(participation=participation)
        services.campaign_close(campaign=campaign)
        closed_on = today - dt.timedelta(days=days_ago)
        Campaign.objects.filter(pk=campaign.pk).update(opens_on=closed_on - dt.timedelta(days=21), closes_on=closed_on)
        if index == 0:
            groningen = OrganisationUnit.objects.get(code="district-groningen")
            manager = User.objects.filter(email="manager@demo.example").first()
            for scale, action, owner, status in [
                (
                    "shift_strain",
                    "Rooster met minstens 11 uur rust tussen twee diensten",
                    "Teamchefs",
                    Measure.Status.DONE,
                ),
                (
                    "aggression",
                    "Training de-escalerend werken voor de medewerkers aan de balie",
                    "Districtschef",
                    Measure.Status.IN_PROGRESS,
                ),
            ]:
                measure = Measure(
                    unit=groningen,
                    campaign=campaign,
                    scale=scale,
                    action=action,
                    owner=owner,
                    due_on=closed_on + dt.timedelta(days=120),
                    status=status,
                )
                services.measure_save(measure=measure, actor=manager)
        stdout.write(f"monitor: {name} closed with results")

    if not Campaign.objects.filter(name=OPEN).exists():
        campaign = Campaign.objects.create(
            name=OPEN,
            **_names(OPEN),
            parts=["copsoq3", "organisation"],
            opens_on=today - dt.timedelta(days=3),
            closes_on=today + dt.timedelta(days=25),
            reminder_dates=[(today + dt.timedelta(days=7)).isoformat(), (today + dt.timedelta(days=18)).isoformat()],
            free_text=True,
        )
        campaign.units.set([national])
        services.campaign_launch(campaign=campaign)
        stdout.write(f"monitor: {OPEN} open until {campaign.closes_on}")
