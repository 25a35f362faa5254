"""The portal's shared caches as a running server has them, for tests that count queries.

Every page reads the organisations (`organisations.selectors.organisations_all`) and the
permissions of the reader's roles (`accounts.roles.group_permissions`) from the cache; the first
reader after a change reads them from the database. A test that compares the queries of two
requests warms them first, so it compares the pages, not a cold cache with a warm one."""

from accounts.roles import group_permissions
from organisations.selectors import organisations_all


def caches_warm() -> None:
    organisations_all()
    group_permissions()
