"""The published follow-up protocols, as data (see docs/follow-up-protocols.md).

Timings are hours after the event; whole days are kept on the local calendar. Labels
are in English, Dutch and Danish. Every migrate creates the missing ones (`apps.load_shipped_presets`).
`group_meeting` is the kind of group meeting each protocol calls for, proposed when a
coordinator schedules one: TCO, TRiM and NICE advise against psychological debriefing,
ESTIP defuses in small groups, Danish police practice requires a psychologist's debriefing.
"""

D = 24  # hours in a day, for readability

PCL5 = "pcl5"

PRESETS = [
    {
        "code": "tco",
        "group_meeting": "defusing",
        "name": "TCO (Dutch police peer support)",
        "names": {
            "en": "TCO (Dutch police peer support)",
            "nl": "TCO (collegiale ondersteuning, Nederlandse politie)",
            "da": "TCO (kollegastøtte, hollandsk politi)",
        },
        "source": "Dutch guideline for uniformed services; Team Collegiale Ondersteuning",
        "description": {
            "en": "Every colleague involved is phoned by a peer supporter soon after the report, support follows "
            "within 48 to 72 hours, a later check at 4 to 6 weeks, and referral when complaints persist. "
            "This guideline advises against psychological debriefing.",
            "nl": "Iedere betrokken collega wordt kort na de melding gebeld door een collega-ondersteuner, binnen "
            "48 tot 72 uur volgt steun, na 4 tot 6 weken een later gesprek, en verwijzing als klachten blijven. "
            "Deze richtlijn raadt psychologische debriefing af.",
            "da": "Alle involverede kolleger bliver ringet op af en kollegastøtte kort efter anmeldelsen, støtte "
            "følger inden for 48 til 72 timer, en senere opfølgning efter 4 til 6 uger og henvisning, hvis "
            "generne varer ved. Retningslinjen fraråder psykologisk debriefing.",
        },
        "steps": [
            (
                "outreach",
                2,
                22,
                "",
                {
                    "en": "Phone call from a peer supporter",
                    "nl": "Telefoontje van een collega-ondersteuner",
                    "da": "Opkald fra en kollegastøtte",
                },
            ),
            (
                "check_in",
                2 * D,
                1 * D,
                "",
                {
                    "en": "Support talk (48 to 72 hours)",
                    "nl": "Steungesprek (48 tot 72 uur)",
                    "da": "Støttesamtale (48 til 72 timer)",
                },
            ),
            (
                "screening",
                30 * D,
                7 * D,
                PCL5,
                {
                    "en": "Self-check questionnaire (about one month)",
                    "nl": "Vragenlijst voor jezelf (na ongeveer een maand)",
                    "da": "Spørgeskema til dig selv (efter cirka en måned)",
                },
            ),
            (
                "check_in",
                35 * D,
                7 * D,
                "",
                {
                    "en": "Later check (4 to 6 weeks)",
                    "nl": "Later gesprek (4 tot 6 weken)",
                    "da": "Senere opfølgning (4 til 6 uger)",
                },
            ),
            (
                "referral",
                42 * D,
                7 * D,
                "",
                {
                    "en": "Referral if complaints persist",
                    "nl": "Verwijzing als klachten blijven",
                    "da": "Henvisning, hvis generne varer ved",
                },
            ),
        ],
    },
    {
        "code": "trim",
        "group_meeting": "defusing",
        "name": "TRiM (trauma risk management)",
        "names": {
            "en": "TRiM (trauma risk management)",
            "nl": "TRiM (trauma risk management, VK)",
            "da": "TRiM (trauma risk management, UK)",
        },
        "source": "UK trauma risk management",
        "description": {
            "en": "Planning within 24 to 48 hours, a peer risk assessment at about 72 hours, the same assessment "
            "at about one month, and referral for a professional assessment if difficulties persist.",
            "nl": "Planning binnen 24 tot 48 uur, een risicogesprek met een collega na ongeveer 72 uur, hetzelfde "
            "gesprek na ongeveer een maand, en verwijzing als de klachten blijven.",
            "da": "Planlægning inden for 24 til 48 timer, en risikosamtale med en kollega efter cirka 72 timer, "
            "den samme samtale efter cirka en måned og henvisning, hvis vanskelighederne varer ved.",
        },
        "steps": [
            (
                "outreach",
                1 * D,
                1 * D,
                "",
                {
                    "en": "Planning and first contact (24 to 48 hours)",
                    "nl": "Planning en eerste contact (24 tot 48 uur)",
                    "da": "Planlægning og første kontakt (24 til 48 timer)",
                },
            ),
            (
                "check_in",
                3 * D,
                1 * D,
                "",
                {
                    "en": "Risk assessment talk (about 72 hours)",
                    "nl": "Risicogesprek (na ongeveer 72 uur)",
                    "da": "Risikosamtale (efter cirka 72 timer)",
                },
            ),
            (
                "screening",
                30 * D,
                7 * D,
                PCL5,
                {
                    "en": "Self-check questionnaire (about one month)",
                    "nl": "Vragenlijst voor jezelf (na ongeveer een maand)",
                    "da": "Spørgeskema til dig selv (efter cirka en måned)",
                },
            ),
            (
                "check_in",
                30 * D,
                7 * D,
                "",
                {
                    "en": "Repeat risk assessment (about one month)",
                    "nl": "Herhaling risicogesprek (na ongeveer een maand)",
                    "da": "Gentaget risikosamtale (efter cirka en måned)",
                },
            ),
            (
                "referral",
                32 * D,
                7 * D,
                "",
                {
                    "en": "Referral for persistent difficulties",
                    "nl": "Verwijzing bij blijvende klachten",
                    "da": "Henvisning ved vedvarende vanskeligheder",
                },
            ),
        ],
    },
    {
        "code": "estip",
        "group_meeting": "defusing",
        "name": "ESTIP (UK police)",
        "names": {"en": "ESTIP (UK police)", "nl": "ESTIP (Britse politie)", "da": "ESTIP (britisk politi)"},
        "source": "UK police early support",
        "description": {
            "en": "A short talk right after exposure, a small-group defusing at about three days, a meeting with "
            "occupational health, then monitoring and referral.",
            "nl": "Een kort gesprek direct na de gebeurtenis, een korte groepsbespreking na ongeveer drie dagen, "
            "een gesprek met de bedrijfsgezondheidszorg, daarna volgen en zo nodig verwijzen.",
            "da": "En kort samtale lige efter hændelsen, en kort gruppesamtale efter cirka tre dage, et møde med "
            "arbejdsmedicinsk rådgivning og derefter opfølgning og henvisning.",
        },
        "steps": [
            (
                "outreach",
                0,
                12,
                "",
                {
                    "en": "Short talk right after (5 to 10 minutes)",
                    "nl": "Kort gesprek direct erna (5 tot 10 minuten)",
                    "da": "Kort samtale lige efter (5 til 10 minutter)",
                },
            ),
            (
                "group_meeting",
                3 * D,
                1 * D,
                "",
                {
                    "en": "Small-group defusing (about 3 days)",
                    "nl": "Korte groepsbespreking (na ongeveer 3 dagen)",
                    "da": "Kort gruppesamtale (efter cirka 3 dage)",
                },
            ),
            (
                "check_in",
                7 * D,
                3 * D,
                "",
                {
                    "en": "Meeting with occupational health",
                    "nl": "Gesprek met de bedrijfsgezondheidszorg",
                    "da": "Møde med arbejdsmedicinsk rådgivning",
                },
            ),
            (
                "screening",
                30 * D,
                7 * D,
                PCL5,
                {
                    "en": "Self-check questionnaire (about one month)",
                    "nl": "Vragenlijst voor jezelf (na ongeveer een maand)",
                    "da": "Spørgeskema til dig selv (efter cirka en måned)",
                },
            ),
            (
                "referral",
                32 * D,
                7 * D,
                "",
                {
                    "en": "Monitor and refer",
                    "nl": "Volgen en zo nodig verwijzen",
                    "da": "Følge op og henvise ved behov",
                },
            ),
        ],
    },
    {
        "code": "dk-police",
        "group_meeting": "debriefing",
        "name": "Danish police debriefing",
        "names": {
            "en": "Danish police debriefing",
            "nl": "Debriefing Deense politie",
            "da": "Debriefing i dansk politi",
        },
        "source": "Danish police: psychological debriefing after violent incidents",
        "description": {
            "en": "A psychologist-led debriefing, called by the manager 2 to 5 days after the incident; the "
            "psychologist decides on further individual talks. Danish police practice requires it.",
            "nl": "Een debriefing onder leiding van een psycholoog, belegd door de leidinggevende 2 tot 5 dagen na "
            "het incident; de psycholoog beslist over verdere individuele gesprekken. De Deense politie schrijft "
            "dit voor.",
            "da": "En psykologisk debriefing ledet af en psykolog, indkaldt af lederen 2 til 5 dage efter "
            "hændelsen; psykologen beslutter, om der skal følge individuelle samtaler. Det er fast praksis i "
            "dansk politi.",
        },
        "steps": [
            (
                "group_meeting",
                2 * D,
                3 * D,
                "",
                {
                    "en": "Debriefing with a psychologist (2 to 5 days)",
                    "nl": "Debriefing met een psycholoog (2 tot 5 dagen)",
                    "da": "Debriefing med en psykolog (2 til 5 dage)",
                },
            ),
            (
                "check_in",
                7 * D,
                7 * D,
                "",
                {
                    "en": "Individual talk if the psychologist advises it",
                    "nl": "Individueel gesprek als de psycholoog dat adviseert",
                    "da": "Individuel samtale, hvis psykologen anbefaler det",
                },
            ),
            (
                "screening",
                30 * D,
                7 * D,
                PCL5,
                {
                    "en": "Self-check questionnaire (about one month)",
                    "nl": "Vragenlijst voor jezelf (na ongeveer een maand)",
                    "da": "Spørgeskema til dig selv (efter cirka en måned)",
                },
            ),
        ],
    },
    {
        "code": "dk-wea",
        "group_meeting": "defusing",
        "name": "Danish work environment authority follow-up (prison service)",
        "names": {
            "en": "Danish work environment authority follow-up (prison service)",
            "nl": "Nazorg volgens de Deense arbeidsinspectie (gevangeniswezen)",
            "da": "Opfølgning efter Arbejdstilsynets vejledning (kriminalforsorgen)",
        },
        "source": "Danish Working Environment Authority: follow-up after violence",
        "description": {
            "en": "A follow-up conversation 1 to 3 days after violence (not the same day); support may be needed "
            "long after.",
            "nl": "Een nazorggesprek 1 tot 3 dagen na geweld (niet dezelfde dag); steun kan ook lang daarna nog "
            "nodig zijn.",
            "da": "En opfølgende samtale 1 til 3 dage efter vold (ikke samme dag); der kan være brug for støtte "
            "længe efter.",
        },
        "steps": [
            (
                "check_in",
                1 * D,
                2 * D,
                "",
                {
                    "en": "Follow-up conversation (1 to 3 days)",
                    "nl": "Nazorggesprek (1 tot 3 dagen)",
                    "da": "Opfølgende samtale (1 til 3 dage)",
                },
            ),
            (
                "screening",
                30 * D,
                7 * D,
                PCL5,
                {
                    "en": "Self-check questionnaire (about one month)",
                    "nl": "Vragenlijst voor jezelf (na ongeveer een maand)",
                    "da": "Spørgeskema til dig selv (efter cirka en måned)",
                },
            ),
            (
                "check_in",
                60 * D,
                14 * D,
                "",
                {
                    "en": "Later check: support may be needed long after",
                    "nl": "Later gesprek: steun kan lang daarna nog nodig zijn",
                    "da": "Senere opfølgning: der kan være brug for støtte længe efter",
                },
            ),
        ],
    },
]

REFLECTION_FRAMEWORK = {
    "code": "dk-reflection",
    "name": {
        "en": "Reflection on emotional demands",
        "nl": "Reflectie op emotionele belasting",
        "da": "Refleksion over følelsesmæssige krav",
    },
    "questions": [
        {
            "en": "What situation from the past weeks is still on your mind?",
            "nl": "Welke situatie van de afgelopen weken houdt je nog bezig?",
            "da": "Hvilken situation fra de seneste uger fylder stadig hos dig?",
        },
        {
            "en": "What did it ask of you, and how did you handle it?",
            "nl": "Wat vroeg het van je, en hoe ging je ermee om?",
            "da": "Hvad krævede den af dig, og hvordan håndterede du den?",
        },
        {
            "en": "Where do you notice empathy fatigue, in yourself or in the team?",
            "nl": "Waar merk je compassiemoeheid, bij jezelf of in het team?",
            "da": "Hvor mærker du empatitræthed, hos dig selv eller i teamet?",
        },
        {
            "en": "What helped, and what could help next time?",
            "nl": "Wat hielp, en wat kan een volgende keer helpen?",
            "da": "Hvad hjalp, og hvad kunne hjælpe næste gang?",
        },
        {
            "en": "What do we agree to do as a team?",
            "nl": "Wat spreken we als team af?",
            "da": "Hvad aftaler vi at gøre som team?",
        },
    ],
}
