"""Someone else's private object answers exactly as an object that does not exist, for everyone
who is not on the case: every role, psychologists of other people's talks, managers of other
units, the administrator and a superuser included. By GET and by POST, on every URL that takes
the object's id. "Exactly as a missing one" is 404 where the role passes the page's door, and the
door's own 403 (or 405 for the wrong method) where it does not: either way the answer does not
depend on the id, so nobody learns that the object exists, nor anything of it.

Adding an object is one line of PRIVATE: its name, the URL parameter that carries its id, the
URL names (whose real objects come from URL_KWARGS in tests/wellbeing/test_no_server_errors.py),
and the columns that are on the case in this world (they are not outsiders).
"""

import logging

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import PortalClient
from tests.factories import UserFactory, with_totp
from tests.wellbeing.portal_world import world_build
from tests.wellbeing.test_no_server_errors import URL_KWARGS, isolated

from .matrix import METHODS, SUPERUSER, answer_of, persona_for
from .test_access_matrix import COLUMNS

MISSING_ID = 2_000_000_000
BOOKING = ["confirmed", "invitation", "cancel", "join", "follow_up_next", "reschedule", "reschedule_confirm"]
AGENDA = ["agenda_booking", "agenda_mark", "agenda_note", "agenda_cancel", "agenda_follow_up"]
REQUEST = ["detail", "claim", "contact", "note", "follow_up", "refer", "book", "close", "withdraw", "assign"]
REQUEST += ["hand_back"]

# object -> (the URL parameter with its id, URL names, the columns that are on its case here)
PRIVATE = {
    "appointment (Alice's, with Petra)": ("pk", [f"checkups:{n}" for n in BOOKING + AGENDA], set()),
    "wait-list entry (Alice's)": ("pk", ["checkups:waitlist_leave"], set()),
    "support request and its case notes (Alice's)": ("pk", [f"peer_support:request_{n}" for n in REQUEST], set()),
    "follow-up plan (Alice's)": (
        "pk",
        ["peer_support:plan_detail", "peer_support:plan_decline", "peer_support:plan_assign"]
        + ["peer_support:plan_refer", "peer_support:plan_book"],
        set(),
    ),
    "follow-up step (Alice's)": (
        "pk",
        ["peer_support:step_check", "peer_support:step_claim", "peer_support:step_done", "peer_support:step_share"],
        set(),
    ),
    "incident log entry (Alice's)": (
        "pk",
        ["peer_support:log_edit", "peer_support:log_delete", "peer_support:log_restore"],
        set(),
    ),
    "critical incident (Groningen)": ("pk", ["peer_support:incident_detail", "peer_support:incident_meeting"], set()),
    "group meeting (of the incident)": (
        "pk",
        ["peer_support:meeting_detail", "peer_support:meeting_move"]
        + ["peer_support:meeting_cancel", "peer_support:meeting_held"],
        set(),
    ),
    "reflection series (Mona's team)": (
        "pk",
        ["peer_support:reflection_detail", "peer_support:reflection_cancel"],
        set(),
    ),
    "monitor participation and draft (Groningen's open campaign)": (
        "campaign_id",
        ["monitor:intro", "monitor:answer", "monitor:thanks"],
        set(),
    ),
    # Measures are the units' own: the officers plan them for every unit.
    "measure (Team A)": ("pk", ["monitor:measure_edit"], {"wellbeing_officer", SUPERUSER}),
    "duty swap (Bob's, offered to Carol)": (
        "pk",
        ["peer_support:rota_swap_accept", "peer_support:rota_swap_decline"],
        set(),
    ),
    "duty pattern (Bob's, in the north)": (
        "pk",
        ["peer_support:rota_swap_propose", "peer_support:rota_pattern_edit", "peer_support:rota_pattern_delete"],
        set(),
    ),
    # Ask an expert: the asker's pages are hers alone; the team's are every psychologist's (the
    # question asks the team, not one of them), and the team (who may publish) sees a consented answer.
    "expert question (Alice's), the asker's pages": (
        "pk",
        ["experts:question", "experts:withdraw", "experts:consent"],
        set(),
    ),
    "expert question (Alice's), the team's pages": (
        "pk",
        ["experts:team_question", "experts:claim", "experts:release"],
        {"psychologist"},
    ),
    "expert answer to publish (Alice's, consented)": ("pk", ["experts:article"], {"psychologist"}),
    "training place (Alice's)": ("pk", ["trainings:cancel", "trainings:accept", "trainings:invitation"], set()),
    "training session, the trainer's pages (Tina's)": (
        "pk",
        ["trainings:participants", "trainings:attendance"],
        set(),
    ),
    "erasure request (Charlie's)": (
        "pk",
        ["dataprotection:request_detail", "dataprotection:request_carry_out", "dataprotection:request_decline"],
        {"wellbeing_officer", "data_protection", SUPERUSER},  # dataprotection.handle_data_requests
    ),
    # Not a person's, but not public before it is published: only the editors.
    "article draft (health square)": (
        "pk",
        ["health:editor_edit", "health:editor_preview", "health:editor_publish"]
        + ["health:editor_history", "health:editor_restore"],
        {"wellbeing_officer", SUPERUSER},
    ),
}


def outsiders(org, world, dave, sam) -> dict:
    """For each column, someone of that role on none of Alice's cases: Charlie, the south's
    peer supporter and coordinator, another psychologist, the manager of another district, the
    officer, the counsellor, another trainer, the administrator, the data protection officer and a
    superuser; for a new role, a new colleague."""
    paula = with_totp(UserFactory(email="paula@example.org", unit=org["national"], roles=[Role.PSYCHOLOGIST]))
    from checkups.services import psychologist_profile_ensure

    psychologist_profile_ensure(user=paula)
    manager = with_totp(UserFactory(email="emma@example.org", unit=org["eindhoven"], roles=[Role.MANAGER]))
    manager.managed_units.set([org["eindhoven"]])
    known = {
        "employee": world.charlie,
        "peer_supporter": dave,
        "coordinator": sam,
        "psychologist": paula,
        "manager": manager,
        "trainer": with_totp(UserFactory(email="theo@example.org", roles=[Role.TRAINER])),  # gives other sessions
    }
    return {c: known.get(c) or persona_for(c, world.people, org) for c in COLUMNS if c != "anonymous"}


def answer(client, method, path) -> str:
    try:
        return answer_of(isolated(client, method, path, {}))
    except Exception as exc:  # noqa: BLE001 - the test client re-raises the view's error
        return f"500 ({type(exc).__name__}: {exc})"


@pytest.fixture
def world(org, alice, bob, carol, petra, mona, wim, connie, charlie):
    return world_build(
        org=org, alice=alice, bob=bob, carol=carol, petra=petra, mona=mona, wim=wim, connie=connie, charlie=charlie
    )


def test_every_url_of_a_private_object_has_its_real_object_in_url_kwargs():
    """A URL of PRIVATE that is renamed or removed fails here rather than testing nothing."""
    for _kind, (_parameter, names, _insiders) in PRIVATE.items():
        assert [name for name in names if name not in URL_KWARGS] == []


@pytest.mark.parametrize("column", [c for c in COLUMNS if c != "anonymous"])
def test_someone_not_on_the_case_is_answered_as_if_the_object_did_not_exist(column, world, org, dave, sam):
    person = outsiders(org, world, dave, sam)[column]
    client = PortalClient()
    client.force_login(person)
    logging.disable(logging.WARNING)
    failures = []
    try:
        for kind, (parameter, names, insiders) in PRIVATE.items():
            if column in insiders:
                continue
            for name in names:
                kwargs = dict(URL_KWARGS[name](world)[0])
                query = kwargs.pop("?", "")
                real = reverse(name, kwargs=kwargs)
                missing = reverse(name, kwargs={**kwargs, parameter: MISSING_ID})
                for method in METHODS:
                    got = answer(client, method, real)
                    # A 404 past the door is what a missing id gets too; only another answer is
                    # compared with the missing id's (the door's answer must be the same for both).
                    as_if_missing = got if got == "404" else answer(client, method, missing)
                    if got != as_if_missing or got not in ("403", "404", "405"):
                        failures.append(
                            f"{column} ({person.email}) {method.upper()} {real}{'?' + query if query else ''} "
                            f"({kind}, {name}): answered {got}, and {as_if_missing} for a missing id"
                        )
    finally:
        logging.disable(logging.NOTSET)
    assert failures == [], "\n".join(failures)
