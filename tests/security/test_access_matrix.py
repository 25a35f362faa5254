"""Who may open which page: every URL pattern of the project, for every role, by GET and by POST.

The patterns are read from the URL resolver (allauth's and the admin's included), so a new
pattern without an entry in MATRIX fails `test_every_url_pattern_has_an_entry`, and a new role
in `accounts.roles.Role` without a column in COLUMNS fails `test_every_role_has_a_column`.

Each entry is a rule (see `matrix.py`): the columns that get through, and what the others are
answered. The words: "ok" (a page, a redirect elsewhere, a refused form: anything but a denial or
a server error), "login" (sent to the login page), "403", "404" (not yours, or not there), "405"
(wrong method). "GET/POST" where the two differ. A POST is sent with an empty body by a test
client that skips the CSRF check. URL parameters are the real objects of `portal_world.py`, from
`URL_KWARGS` in `tests/wellbeing/test_no_server_errors.py`: there an entry with several objects
may have one rule per object, in the same order. Every request is rolled back.

The world is Alice's: her appointment (with Petra), her request for help (taken by Bob, in
Carol's region), her follow-up plan after an incident that Mona registered, her log, the
monitor of Wim's organisation. So "employee" here is the person whose case it is; the object
cases for people who are *not* on a case are in `test_object_access.py`.
"""

import logging

import pytest

from accounts.roles import Role
from accounts.testing import PortalClient
from tests.wellbeing.portal_world import world_build
from tests.wellbeing.test_no_server_errors import URL_KWARGS, isolated

from .matrix import (
    ANONYMOUS,
    METHODS,
    SUPERUSER,
    Rule,
    action,
    answer_of,
    matches,
    paths_for,
    persona_for,
    rule,
    suggestion,
    url_patterns,
)

COLUMNS = (
    ANONYMOUS,
    "employee",
    "peer_supporter",
    "coordinator",
    "psychologist",
    "manager",
    "wellbeing_officer",
    "counsellor",
    "trainer",
    "admin",
    "data_protection",
    SUPERUSER,
)
EVERYONE = frozenset(COLUMNS)
SIGNED_IN = EVERYONE - {ANONYMOUS}
# accounts.use_employee_services and checkups.book_appointment: everyone who works in a unit.
STAFF = {"employee", "peer_supporter", "coordinator", "manager", "wellbeing_officer", SUPERUSER}
OFFICER = {"wellbeing_officer", SUPERUSER}
# The case of the world, as its people stand to it.
ALICES_REQUEST = {"employee", "peer_supporter", "coordinator"}  # asked, took it, coordinates the region
ALICES_PLAN = ALICES_REQUEST  # hers; Bob, involved, takes the outreach; Carol coordinates
INCIDENT = {"coordinator", "manager"}  # Carol coordinates its follow-up; Mona registered it
MEETING = {"coordinator", "manager", "psychologist"}  # Carol planned it, Mona's incident, Petra leads it
REFLECTION = {"employee", "manager", "peer_supporter"}  # Mona leads it, Alice and Bob take part
PARTICIPANTS = {"employee", "peer_supporter", "manager"}  # the monitor's units: Groningen
MANAGERS = {"manager", "wellbeing_officer", SUPERUSER}  # accounts.view_unit_aggregates
# Signed-in columns that STAFF's door (a permission) stops with 403 before any object is looked up.
NOT_STAFF = {column: "403" for column in SIGNED_IN - STAFF}
# dataprotection.handle_data_requests: erasure requests.
DATA_HANDLERS = {"wellbeing_officer", "data_protection", SUPERUSER}

# Any admin URL: the Django admin sends everyone who is not staff to its login (which is
# allauth's); staff (the admin role) and superusers get the admin's own answers, which its own
# permissions decide (tests/accounts/test_roles_admin.py, tests/notifications/test_admin.py).
# Checked by GET for staff, by GET and POST for everyone else.
PREFIX_RULES = {
    "admin/": rule("admin", SUPERUSER, allowed="any", denied="login"),
}

MATRIX: dict[str, Rule | tuple[Rule, ...]] = {
    # The site
    "home": rule(EVERYONE),
    "healthz": rule(EVERYONE),
    "readyz": rule(EVERYONE),
    "metrics": rule(denied="404", anonymous="404"),  # no METRICS_TOKEN in tests: no endpoint
    "language_set": action(EVERYONE),
    "handover": rule("coordinator", OFFICER),
    "handover_done": action("coordinator", "wellbeing_officer", denied="405/403", superuser="405/404"),
    "handover_booking": action("wellbeing_officer", denied="405/403", superuser="405/404"),
    "accounts:preferences": rule(SIGNED_IN),
    "accounts:access_log": rule(SIGNED_IN),
    "replies": rule(SIGNED_IN),  # experts: the reply e-mail's neutral link, a redirect to one's questions
    "organisations:choose": action(EVERYONE),
    "organisations:settings": rule("wellbeing_officer", admin="404", superuser="404"),
    # Check-ups: Alice's appointment is hers alone; the agenda is Petra's.
    "checkups:start": rule(STAFF),
    "checkups:slots": (
        rule(STAFF),
        rule("employee", denied="404", **NOT_STAFF),  # deployment talk
    ),
    "checkups:book": rule(STAFF),
    "checkups:held": rule(SIGNED_IN),  # anyone but Alice is told the offer has ended
    "checkups:my_appointments": rule(SIGNED_IN),
    "checkups:confirmed": rule("employee", denied="404"),
    "checkups:invitation": rule("employee", denied="404"),
    "checkups:cancel": rule("employee", denied="404"),
    "checkups:join": rule("employee", denied="404"),
    "checkups:follow_up_next": rule("employee", denied="404"),
    "checkups:reschedule": rule("employee", denied="404"),
    "checkups:reschedule_confirm": rule("employee", denied="404"),
    "checkups:waitlist_join": action(STAFF),
    "checkups:waitlist_leave": action("employee", denied="405/404"),
    "checkups:deployment_new": rule(STAFF),
    "checkups:open_start": rule(EVERYONE),
    "checkups:open_manage": rule(EVERYONE),
    "checkups:open_cancel": action(EVERYONE),
    "checkups:open_done": action(EVERYONE),
    "checkups:open_join": rule(EVERYONE, allowed="ok/405"),
    "checkups:open_invitation": action(EVERYONE),
    "checkups:open_move": rule(EVERYONE, allowed="ok/405"),
    "checkups:open_move_confirm": rule(EVERYONE),
    "checkups:open_slots": rule(EVERYONE),
    "checkups:open_book": rule(EVERYONE),
    "checkups:agenda": rule("psychologist", SUPERUSER),
    "checkups:availability": rule("psychologist", SUPERUSER, allowed="ok/405"),
    "checkups:profile_save": action("psychologist", SUPERUSER),
    "checkups:window_add": action("psychologist", SUPERUSER),
    "checkups:window_delete": action("psychologist", superuser="405/404"),
    "checkups:absence_add": action("psychologist", SUPERUSER),
    "checkups:agenda_booking": rule("psychologist", superuser="404"),
    "checkups:agenda_mark": action("psychologist", superuser="405/404"),
    "checkups:agenda_note": action("psychologist", superuser="405/404"),
    "checkups:agenda_cancel": action("psychologist", superuser="405/404"),
    "checkups:agenda_follow_up": action("psychologist", superuser="405/404"),
    "checkups:figures": rule(OFFICER),
    "checkups:types": rule(OFFICER),
    "checkups:type_new": rule(OFFICER),
    "checkups:type_edit": rule(OFFICER),
    "checkups:deployments": rule(OFFICER),
    # Self-tests: no login, nothing stored about anyone.
    "surveys:list": rule(EVERYONE, allowed="ok/405"),
    "surveys:statistics": rule(OFFICER, allowed="ok/405"),
    "surveys:reminder": action(SIGNED_IN),
    "surveys:take": rule(EVERYONE),
    "surveys:download": action(EVERYONE),
    # The monitor: draft, open and closed campaigns of Groningen.
    "monitor:home": rule(SIGNED_IN),
    "monitor:intro": (rule(denied="404"), rule(PARTICIPANTS, denied="404"), rule(PARTICIPANTS, denied="404")),
    "monitor:answer": rule(PARTICIPANTS, denied="404"),
    "monitor:thanks": rule(PARTICIPANTS, denied="404"),
    "monitor:my_unit": rule(PARTICIPANTS, denied="404"),
    "monitor:campaigns": rule(MANAGERS),
    "monitor:campaign_create": rule(OFFICER),
    "monitor:campaign": rule(OFFICER),
    "monitor:campaign_edit": (rule(OFFICER), *[rule(wellbeing_officer="404", superuser="404")] * 2),  # once launched
    "monitor:campaign_launch": rule(OFFICER),
    "monitor:campaign_close": rule(OFFICER),
    "monitor:results": rule(MANAGERS),
    "monitor:results_csv": rule(MANAGERS),
    "monitor:results_unit": rule(MANAGERS),
    "monitor:measure_create": rule(MANAGERS),
    "monitor:measures": rule(MANAGERS),
    "monitor:measure_edit": rule(MANAGERS),
    # Peer support: Alice's request (taken by Bob), then Charlie's for a support person.
    "peer_support:request_create": rule(STAFF),
    "peer_support:request_detail": (rule(ALICES_REQUEST, denied="404"), rule("wellbeing_officer", denied="404")),
    "peer_support:request_claim": action(ALICES_REQUEST, denied="405/404"),
    "peer_support:request_contact": action(ALICES_REQUEST, denied="405/404"),
    "peer_support:request_note": action(ALICES_REQUEST, denied="405/404"),
    "peer_support:request_follow_up": action(ALICES_REQUEST, denied="405/404"),
    "peer_support:request_refer": action(ALICES_REQUEST, denied="405/404"),
    "peer_support:request_book": rule("peer_supporter", denied="404"),
    "peer_support:request_close": rule(ALICES_REQUEST, denied="404"),
    "peer_support:request_withdraw": action(ALICES_REQUEST, denied="405/404"),
    "peer_support:request_assign": action("coordinator", denied="405/404"),
    "peer_support:request_hand_back": action(ALICES_REQUEST, denied="405/404"),
    "peer_support:request_support_person": action("wellbeing_officer", denied="405/404"),
    "peer_support:queue": rule("peer_supporter", "coordinator", SUPERUSER),
    "peer_support:alerts": rule(SIGNED_IN),
    "peer_support:duty_set": action("peer_supporter", "coordinator", SUPERUSER, denied="405/403"),
    "peer_support:coordination": rule("coordinator", SUPERUSER),
    "peer_support:meeting_leader_set": action("coordinator", SUPERUSER, denied="405/403"),
    "peer_support:rota": rule("coordinator", superuser="404"),
    "peer_support:rota_pattern_create": rule("coordinator", superuser="404"),
    "peer_support:rota_pattern_edit": rule("coordinator", superuser="404"),
    "peer_support:rota_pattern_delete": action("coordinator", denied="405/403", superuser="405/404"),
    "peer_support:rota_extra_create": rule("coordinator", superuser="404"),
    "peer_support:rota_extra_delete": action("coordinator", denied="405/403", superuser="405/404"),
    "peer_support:rota_absence_create": rule("coordinator", superuser="404"),
    "peer_support:rota_absence_delete": action("coordinator", denied="405/403", superuser="405/404"),
    "peer_support:rota_swap_record": rule("coordinator", superuser="404"),
    "peer_support:rota_swap_accept": action("peer_supporter", "coordinator", denied="405/404"),
    "peer_support:rota_swap_decline": action("peer_supporter", "coordinator", denied="405/404"),
    "peer_support:rota_mine": rule(SIGNED_IN),
    "peer_support:rota_swap_propose": rule("peer_supporter", denied="404"),
    "peer_support:access_log": rule(SIGNED_IN),
    "peer_support:incident_list": rule(INCIDENT, SUPERUSER),
    "peer_support:incident_create": rule(INCIDENT, SUPERUSER),
    "peer_support:incident_detail": rule(INCIDENT, denied="404"),
    "peer_support:incident_meeting": action(INCIDENT, denied="405/404"),
    "peer_support:meeting_detail": rule(MEETING, denied="404"),
    "peer_support:meeting_move": action(MEETING, denied="405/404"),
    "peer_support:meeting_cancel": rule(MEETING, denied="404"),
    "peer_support:meeting_held": action(MEETING, denied="405/404"),
    "peer_support:plan_list": rule(SIGNED_IN),
    "peer_support:plan_detail": rule(ALICES_PLAN, denied="404"),
    "peer_support:plan_decline": action(ALICES_PLAN, denied="405/404"),
    "peer_support:plan_assign": action("coordinator", denied="405/404"),
    "peer_support:plan_refer": action(ALICES_PLAN, denied="405/404"),
    "peer_support:plan_book": rule(denied="404"),  # only for whoever took a referral step
    "peer_support:step_check": rule(denied="404/405"),  # a screening not yet shared
    "peer_support:step_claim": action(ALICES_PLAN, denied="405/404"),
    "peer_support:step_done": action(ALICES_PLAN, denied="405/404"),
    "peer_support:step_share": action(ALICES_PLAN, denied="405/404"),
    "peer_support:log_list": rule(SIGNED_IN),
    "peer_support:log_create": rule(SIGNED_IN),
    "peer_support:log_edit": rule("employee", denied="404"),
    "peer_support:log_delete": rule("employee", denied="404"),
    "peer_support:log_restore": rule(denied="405/404"),  # nothing deleted to undo
    "peer_support:log_delete_all": rule(SIGNED_IN),
    "peer_support:log_print": rule(SIGNED_IN),
    "peer_support:help_routes": rule(STAFF),
    "peer_support:help_inbox": rule("counsellor", "wellbeing_officer", denied="404"),
    "peer_support:help_route_create": rule(STAFF),
    "peer_support:protocol_settings": rule(OFFICER),
    "peer_support:protocol_timings": rule(OFFICER),
    "peer_support:reflection_list": rule(SIGNED_IN),
    "peer_support:reflection_create": rule("manager", SUPERUSER),
    "peer_support:reflection_detail": rule(REFLECTION, denied="404"),
    "peer_support:reflection_cancel": action(REFLECTION, denied="405/404"),
    # Trainings: Alice's place on Tina's session; Tina gives both sessions of the world.
    "trainings:courses": rule(STAFF),
    "trainings:mine": rule(STAFF),
    "trainings:course": rule(STAFF),
    "trainings:enrol": action(STAFF),
    "trainings:cancel": rule("employee", denied="404", **NOT_STAFF),
    "trainings:accept": action("employee", denied="405/404", **NOT_STAFF),
    "trainings:invitation": rule("employee", denied="404", **NOT_STAFF),
    "trainings:teaching": rule("trainer", SUPERUSER),
    "trainings:participants": rule("trainer", superuser="404"),  # a session of the trainer's own
    "trainings:attendance": action("trainer", superuser="405/404"),
    "trainings:manage": rule(OFFICER),
    "trainings:course_new": rule(OFFICER),
    "trainings:course_edit": rule(OFFICER),
    "trainings:session_new": rule(OFFICER),
    "trainings:requirement_add": action(OFFICER),
    "trainings:session_edit": rule(OFFICER),
    "trainings:session_cancel": action(OFFICER),
    "trainings:requirement_delete": action(OFFICER),
    "trainings:status": rule(
        "manager", OFFICER, denied="404", superuser="404"
    ),  # a superuser has no organisation  # of the units one manages
    "trainings:status_course": rule("manager", OFFICER, denied="404", superuser="404"),
    # Ask an expert: Alice's two questions (one waiting, one answered that she let publish).
    "experts:ask": rule(STAFF),
    "experts:mine": rule(STAFF),
    "experts:question": rule("employee", denied="404", **NOT_STAFF),
    "experts:withdraw": action("employee", denied="405/404", **NOT_STAFF),
    "experts:consent": action("employee", denied="405/404", **NOT_STAFF),
    "experts:queue": rule("psychologist", SUPERUSER),
    "experts:team_question": rule("psychologist", superuser="404"),  # the team is the psychologists
    "experts:claim": action("psychologist", superuser="405/404"),
    "experts:release": action("psychologist", superuser="405/404"),
    "experts:publishable": rule("psychologist", SUPERUSER),  # the team only: the raw texts are theirs
    "experts:article": rule("psychologist", superuser="404"),
    # The health square: readers need no login; drafts and images without a file are nobody's.
    "health:square": rule(EVERYONE),
    "health:search": rule(EVERYONE),
    "health:theme": rule(EVERYONE),
    "health:article": (rule(EVERYONE), rule(denied="404", anonymous="404")),
    "health:image": rule(denied="404", anonymous="404"),  # the article has no image
    "health:module": rule(EVERYONE),
    "health:lesson": rule(EVERYONE),
    "health:lesson_done": action(EVERYONE),
    "health:check": rule(EVERYONE),
    "health:editor": rule(OFFICER),
    "health:editor_new": rule(OFFICER),
    "health:editor_edit": rule(OFFICER, denied="404"),
    "health:editor_preview": rule(OFFICER, denied="404"),
    "health:editor_publish": action(OFFICER, denied="405/404"),
    "health:editor_unpublish": action(OFFICER, denied="405/404"),
    "health:editor_history": rule(OFFICER, denied="404"),
    "health:editor_restore": action(OFFICER, denied="405/404"),
    # The overview of one's units.
    # A superuser without a unit or an organisation has no unit to look at: 404, as for a manager of none.
    "overview:overview": rule("manager", "wellbeing_officer", superuser="404"),
    "overview:csv": rule("manager", "wellbeing_officer", superuser="404"),
    # Data protection: one's own data; Charlie's request to erase his; the audit log.
    "dataprotection:mine": rule(SIGNED_IN),
    "dataprotection:download": rule(SIGNED_IN),
    "dataprotection:erasure_ask": action(SIGNED_IN),
    "dataprotection:requests": rule(DATA_HANDLERS),
    "dataprotection:request_detail": rule(DATA_HANDLERS, superuser="404"),  # officer: own organisation
    "dataprotection:request_carry_out": action(DATA_HANDLERS, denied="405/403", superuser="405/404"),
    "dataprotection:request_decline": action(DATA_HANDLERS, denied="405/403", superuser="405/404"),
    "dataprotection:audit_log": rule("data_protection"),  # a role's, not a superuser's blanket rights
    # allauth, in the portal's words; addresses cannot be changed, sign-up is closed.
    "accounts/email/": rule(denied="404", anonymous="404"),
    "account_email": rule(denied="404", anonymous="404"),  # behind the line above
    "account_login": rule(EVERYONE),
    "account_logout": rule(EVERYONE),
    "account_inactive": rule(EVERYONE, allowed="ok/405"),
    "account_signup": rule(EVERYONE),  # says that there is no sign-up
    "account_reauthenticate": rule(SIGNED_IN),
    "account_email_verification_sent": rule(EVERYONE, allowed="ok/405"),
    "account_change_password": rule(SIGNED_IN),
    "account_set_password": rule(SIGNED_IN),
    "account_reset_password": rule(EVERYONE),
    "account_confirm_login_code": rule(SIGNED_IN),
    "account_confirm_email": rule(EVERYONE, allowed="ok/404"),
    "account_reset_password_from_key_done": rule(EVERYONE, allowed="ok/405"),
    "account_reset_password_from_key": rule(EVERYONE),
    "account_reset_password_done": rule(EVERYONE, allowed="ok/405"),
    "mfa_index": rule(SIGNED_IN, allowed="ok/405"),
    "mfa_authenticate": rule(SIGNED_IN),
    "mfa_reauthenticate": rule(SIGNED_IN),
    "mfa_activate_totp": rule(SIGNED_IN),
    "mfa_deactivate_totp": rule(SIGNED_IN - {"employee"}, denied="404"),  # Alice has no authenticator
    "mfa_view_recovery_codes": rule(denied="404/405"),  # nobody of the world made recovery codes
    "mfa_generate_recovery_codes": rule(SIGNED_IN),
    "mfa_download_recovery_codes": rule(denied="404"),
    "mfa_list_webauthn": rule(SIGNED_IN, allowed="ok/405"),
    "mfa_add_webauthn": rule(SIGNED_IN),
    "mfa_reauthenticate_webauthn": rule(SIGNED_IN),
    "mfa_remove_webauthn": rule(SIGNED_IN),
    "mfa_edit_webauthn": rule(SIGNED_IN),
    "usersessions_list": rule(SIGNED_IN),  # one's own active logins; an empty POST ends none
    "socialaccount_login_cancelled": rule(EVERYONE, allowed="ok/405"),
    "socialaccount_login_error": rule(EVERYONE, allowed="ok/405"),
    "socialaccount_signup": rule(denied="login"),
    "socialaccount_connections": rule(SIGNED_IN),
    "accounts/social/login/cancelled/": rule(EVERYONE),
    "accounts/social/login/error/": rule(EVERYONE),
    "accounts/social/signup/": rule(EVERYONE),
    "accounts/social/connections/": rule(EVERYONE),
    # The admin's pages that ask nobody: logging out, and treebeard's JavaScript catalogue.
    "admin:logout": rule(EVERYONE, allowed="any"),
    "admin:javascript-catalog": rule(EVERYONE, allowed="any"),
    # Single sign-on is off in tests (no OIDC_CLIENT_ID): no provider, so 404.
    "openid_connect_login": rule(denied="404", anonymous="404"),
    "openid_connect_callback": rule(denied="404", anonymous="404"),
}
# URL parameters of the patterns that test_no_server_errors leaves out.
EXTRA_KWARGS = {
    "openid_connect_login": lambda w: [{"provider_id": "organisation"}],
    "openid_connect_callback": lambda w: [{"provider_id": "organisation"}],
}


def rule_for(pattern) -> Rule | tuple[Rule, ...] | None:
    if pattern.key in MATRIX:
        return MATRIX[pattern.key]
    return next((r for prefix, r in PREFIX_RULES.items() if pattern.route.startswith(prefix)), None)


def test_every_role_has_a_column():
    missing = [role for role in Role.values if role not in COLUMNS]
    assert missing == [], (
        f"role(s) {missing} of accounts.roles.Role have no column: add each to COLUMNS in "
        "tests/security/test_access_matrix.py, then to the rules of the pages it may open"
    )


def test_every_url_pattern_has_an_entry():
    patterns = url_patterns()
    missing = [suggestion(p) for p in patterns if rule_for(p) is None]
    assert missing == [], "\n".join(missing)
    stale = set(MATRIX) - {p.key for p in patterns}
    assert stale == set(), f"MATRIX names URL patterns that no longer exist: {sorted(stale)}"


def test_every_rule_speaks_of_known_columns_and_objects():
    for key, rules in MATRIX.items():
        for one in rules if isinstance(rules, tuple) else (rules,):
            assert one.allow <= EVERYONE and set(one.exceptions) <= EVERYONE, key


@pytest.fixture
def world(org, alice, bob, carol, petra, mona, wim, connie, charlie):
    return world_build(
        org=org, alice=alice, bob=bob, carol=carol, petra=petra, mona=mona, wim=wim, connie=connie, charlie=charlie
    )


@pytest.fixture
def quiet_request_log():
    """Every denial is a warning of django.request: thousands of lines that say nothing here."""
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


@pytest.mark.parametrize("column", COLUMNS)
def test_each_role_gets_the_answer_of_the_matrix_on_every_url(column, world, org, quiet_request_log):
    client = PortalClient()
    person = persona_for(column, world.people, org)
    if person is not None:
        client.force_login(person)
    failures = []
    for pattern in url_patterns():
        rules = rule_for(pattern)
        paths = paths_for(pattern, world, URL_KWARGS, EXTRA_KWARGS)
        if not isinstance(rules, tuple):
            rules = (rules,) * len(paths)
        assert len(rules) == len(paths), f"{pattern.key}: {len(paths)} objects in URL_KWARGS, {len(rules)} rules"
        staff_in_admin = pattern.route.startswith("admin/") and column in ("admin", SUPERUSER)
        for path, one in zip(paths, rules, strict=True):
            for method in METHODS[:1] if staff_in_admin else METHODS:
                expected = one.expected(column, method)
                try:
                    got = answer_of(isolated(client, method, path, {}))
                except Exception as exc:  # noqa: BLE001 - the test client re-raises the view's error
                    got = f"500 ({type(exc).__name__}: {exc})"
                if not matches(expected, got):
                    failures.append(f"{column} {method.upper()} {path} ({pattern.key}): expected {expected}, got {got}")
    assert failures == [], "\n".join(failures)
