"""Shared fixtures: the organisation and named personas, built once per test.

Alice is an employee, Bob a peer supporter in her region, Carol the coordinator,
Petra a psychologist, Mona a manager of Alice's district, Wim the wellbeing officer,
Connie the confidential counsellor, Dana the data protection officer, and Charlie an employee elsewhere who may see
nothing of anyone else's. Dave is a peer supporter of the other region (south) and Sam its
coordinator, who may see nothing in the north; Erin a second peer supporter in the north, in
Alice's own team. Tess gives trainings (the trainer role).
"""

import pytest
from django.db import connection

from accounts.roles import Role
from accounts.testing import PortalClient
from tests.factories import UserFactory, unit_create, with_totp


@pytest.fixture(scope="session", autouse=True)
def _zeal_in_every_task_and_request():
    """N+1 queries fail the tests (django-zeal, docs/performance.md "Query counts and N+1").
    Each request has its own detection context (the middleware, wellbeing/settings_test.py); each
    Celery task (run eagerly in the tests, as beat would run it) gets one here. A test body or a
    fixture that makes rows one by one is left out: that loop is the test's, not the portal's."""
    from celery.signals import task_postrun, task_prerun
    from zeal import setup, teardown

    tokens = {}

    def enter(task_id=None, **kwargs):
        tokens[task_id] = setup()

    def leave(task_id=None, **kwargs):
        teardown(tokens.pop(task_id, None))

    task_prerun.connect(enter, weak=False)
    task_postrun.connect(leave, weak=False)
    # allauth checks each of the person's own sessions when they log in (a session and a user
    # lookup per session): its loop, bounded by one person's sessions, not the portal's.
    from allauth.usersessions.models import UserSessionManager
    from zeal import zeal_ignore

    purge_and_list = UserSessionManager.purge_and_list

    def purge_and_list_ignored(self, user):
        bounded = [{"model": "accounts.User", "field": "get()"}, {"model": "sessions.Session", "field": "get()"}]
        with zeal_ignore(bounded):
            return purge_and_list(self, user)

    UserSessionManager.purge_and_list = purge_and_list_ignored
    yield
    UserSessionManager.purge_and_list = purge_and_list
    task_prerun.disconnect(enter)
    task_postrun.disconnect(leave)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "e2e" in item.nodeid.split("::")[0]:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def _flush_past_the_audit_trigger():
    """Tests with real transactions (and the browser tests) empty every table with TRUNCATE
    between tests, which the audit log's append-only trigger refuses (core migration 0002).
    The flush of the test database passes through the same door as the retention rule."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        return ["SELECT set_config('wellbeing.audit_erase', 'on', true)", *statements] if statements else statements

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture
def client():
    return PortalClient()


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's superuser, with an authenticator and a session that used it."""
    admin_client = PortalClient()
    admin_client.force_login(with_totp(admin_user))
    # A superuser's user forms change roles, which asks for the password again (accounts/reauth.py).
    return admin_client.reauthenticate()


@pytest.fixture(autouse=True)
def _fresh_cache_and_language():
    """Rate limits, throttles and used TOTP codes live in the cache, and a request leaves its
    reader's language active in the thread: no test inherits either."""
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    translation.activate("en")
    yield
    cache.clear()
    translation.deactivate()


@pytest.fixture(autouse=True)
def _skip_postgres_only_on_sqlite(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")


@pytest.fixture
def org(db):
    national = unit_create(name="National", kind="national")
    north = unit_create(name="North", parent=national, kind="region")
    south = unit_create(name="South", parent=national, kind="region")
    groningen = unit_create(name="Groningen", parent=north, kind="district")
    team_a = unit_create(name="Team A", parent=groningen)
    team_b = unit_create(name="Team B", parent=groningen)
    eindhoven = unit_create(name="Eindhoven", parent=south, kind="district")
    team_c = unit_create(name="Team C", parent=eindhoven)
    return {
        "national": national,
        "north": north,
        "south": south,
        "groningen": groningen,
        "team_a": team_a,
        "team_b": team_b,
        "eindhoven": eindhoven,
        "team_c": team_c,
    }


@pytest.fixture
def alice(org):
    return UserFactory(email="alice@example.org", first_name="Alice", unit=org["team_a"], roles=[Role.EMPLOYEE])


@pytest.fixture
def charlie(org):
    return UserFactory(email="charlie@example.org", first_name="Charlie", unit=org["team_c"], roles=[Role.EMPLOYEE])


@pytest.fixture
def bob(org):
    return with_totp(
        UserFactory(email="bob@example.org", first_name="Bob", unit=org["team_b"], roles=[Role.PEER_SUPPORTER])
    )


@pytest.fixture
def carol(org):
    return with_totp(
        UserFactory(email="carol@example.org", first_name="Carol", unit=org["north"], roles=[Role.COORDINATOR])
    )


@pytest.fixture
def petra(org):
    return with_totp(
        UserFactory(email="petra@example.org", first_name="Petra", unit=org["national"], roles=[Role.PSYCHOLOGIST])
    )


@pytest.fixture
def mona(org):
    user = with_totp(
        UserFactory(email="mona@example.org", first_name="Mona", unit=org["groningen"], roles=[Role.MANAGER])
    )
    user.managed_units.set([org["groningen"]])
    return user


@pytest.fixture
def wim(org):
    return with_totp(
        UserFactory(email="wim@example.org", first_name="Wim", unit=org["national"], roles=[Role.WELLBEING_OFFICER])
    )


@pytest.fixture
def connie(org):
    return with_totp(
        UserFactory(email="connie@example.org", first_name="Connie", unit=org["national"], roles=[Role.COUNSELLOR])
    )


@pytest.fixture
def dana(org):
    """The data protection officer: reads the whole audit log and handles erasure requests."""
    return with_totp(
        UserFactory(email="dana@example.org", first_name="Dana", unit=org["national"], roles=[Role.DATA_PROTECTION])
    )


@pytest.fixture
def dave(org):
    """A peer supporter of the other region (south): may see nothing in the north."""
    return with_totp(
        UserFactory(email="dave@example.org", first_name="Dave", unit=org["team_c"], roles=[Role.PEER_SUPPORTER])
    )


@pytest.fixture
def erin(org):
    """A second peer supporter in the north, in Alice's own team."""
    return with_totp(
        UserFactory(email="erin@example.org", first_name="Erin", unit=org["team_a"], roles=[Role.PEER_SUPPORTER])
    )


@pytest.fixture
def sam(org):
    """The coordinator of the south region."""
    return with_totp(
        UserFactory(email="sam@example.org", first_name="Sam", unit=org["south"], roles=[Role.COORDINATOR])
    )


@pytest.fixture
def tess(org):
    """A trainer: sees the sessions she gives and marks attendance."""
    return with_totp(
        UserFactory(email="tess@example.org", first_name="Tess", unit=org["national"], roles=[Role.TRAINER])
    )
