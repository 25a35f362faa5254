"""Data every page reads and that changes a few times a year (the organisations, the
permissions of each role), held in the shared cache instead of read per request."""

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction


def cached(key: str, seconds: int, read: Callable[[], object]):
    """What the cache holds under `key`; else `read()`, kept there for `seconds`."""
    found = cache.get(key)
    if found is None:
        found = read()
        cache.set(key, found, seconds)
    return found


def forget(key: str) -> None:
    """Drop `key` now and again after the commit of the change that called this (a page that
    read the database in between would otherwise put back the rows as they were before it)."""
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
