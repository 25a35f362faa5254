"""The themes the portal ships, loaded after every migrate (docs/conventions.md).

Creates what is missing and brings the titles and summaries up to date: themes are the
portal's own (editors write the articles in them, not the themes).
"""

QA_THEME = "questions-and-answers"

THEMES = [
    {
        "slug": "after-a-heavy-incident",
        "title": {
            "en": "After a heavy incident",
            "nl": "Na een heftige gebeurtenis",
            "da": "Efter en voldsom hændelse",
        },
        "summary": {
            "en": "What many people notice in the days and weeks after, and what helps.",
            "nl": "Wat veel mensen merken in de dagen en weken erna, en wat helpt.",
            "da": "Hvad mange mærker i dagene og ugerne efter, og hvad der hjælper.",
        },
    },
    {
        "slug": "sleep-and-shift-work",
        "title": {"en": "Sleep and shift work", "nl": "Slaap en ploegendienst", "da": "Søvn og skifteholdsarbejde"},
        "summary": {
            "en": "Resting well around night shifts and irregular hours.",
            "nl": "Goed uitrusten rond nachtdiensten en onregelmatige tijden.",
            "da": "At hvile godt omkring nattevagter og skæve arbejdstider.",
        },
    },
    {
        "slug": "stress-and-recovery",
        "title": {"en": "Stress and recovery", "nl": "Stress en herstel", "da": "Stress og restitution"},
        "summary": {
            "en": "Recognising strain early and making room to recover.",
            "nl": "Spanning op tijd herkennen en ruimte maken om te herstellen.",
            "da": "At genkende belastning i tide og give plads til at komme sig.",
        },
    },
    {
        "slug": "family-and-home",
        "title": {"en": "Family and home", "nl": "Gezin en thuis", "da": "Familie og hjem"},
        "summary": {
            "en": "For you, and pages written for your partner and your children.",
            "nl": "Voor jou, en pagina's geschreven voor je partner en je kinderen.",
            "da": "Til dig, og sider skrevet til din partner og dine børn.",
        },
    },
    {
        "slug": "alcohol-and-medication",
        "title": {"en": "Alcohol and medication", "nl": "Alcohol en medicijnen", "da": "Alkohol og medicin"},
        "summary": {
            "en": "Honest information about drinking, sleeping pills and unwinding.",
            "nl": "Eerlijke informatie over drinken, slaappillen en ontspannen.",
            "da": "Ærlig information om alkohol, sovepiller og at slappe af.",
        },
    },
    {
        "slug": "physical-condition",
        "title": {"en": "Physical condition", "nl": "Lichamelijke conditie", "da": "Fysisk form"},
        "summary": {
            "en": "Moving, eating and keeping fit alongside demanding work.",
            "nl": "Bewegen, eten en fit blijven naast zwaar werk.",
            "da": "Bevægelse, mad og at holde sig i form ved siden af et krævende arbejde.",
        },
    },
    {
        "slug": "for-managers",
        "title": {"en": "For managers", "nl": "Voor leidinggevenden", "da": "For ledere"},
        "summary": {
            "en": "Supporting your team after an incident and in daily work.",
            "nl": "Je team steunen na een incident en in het dagelijkse werk.",
            "da": "At støtte dit team efter en hændelse og i det daglige arbejde.",
        },
    },
    {
        "slug": QA_THEME,
        "title": {"en": "Questions and answers", "nl": "Vragen en antwoorden", "da": "Spørgsmål og svar"},
        "summary": {
            "en": "Questions colleagues asked our experts, with their answers.",
            "nl": "Vragen die collega's aan onze deskundigen stelden, met hun antwoorden.",
            "da": "Spørgsmål som kolleger har stillet vores eksperter, med deres svar.",
        },
    },
]


def themes_ensure(*, using: str = "default") -> None:
    from .models import Theme

    for order, data in enumerate(THEMES, start=1):
        values = {"order": order * 10}
        for field in ("title", "summary"):
            for language, text in data[field].items():
                values[f"{field}_{language}"] = text
        Theme.objects.using(using).update_or_create(slug=data["slug"], defaults=values)


def themes_after_migrate(sender, using="default", **kwargs):
    themes_ensure(using=using)
