"""The portal's session engine (settings.SESSION_ENGINE): Django's cached_db, read from the
shared cache and written to both the cache and the database, made safe to end.

Django's own ends a session by deleting the row, committing, and then deleting the cached copy.
When the cache cannot be reached at that moment the row is gone but the copy stays, and it
keeps logging in whoever holds the cookie once the cache is back. Here the cached copy goes
first: if the cache cannot be reached the logout fails (the error page) with the session whole
in both places, to be tried again; then the row; then the copy once more after the commit, in
case a request read the row and cached it again in between.

Reading a session while the cache is down reads the row and goes on (Django's raises when it
puts the row back in the cache).
"""

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.db import transaction

logger = logging.getLogger("django.contrib.sessions")


class SessionStore(CachedDBStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # noqa: BLE001 (the cache down or an invalid key: the database decides)
            data = None
        if data is not None:
            return data
        row = self._get_session_from_db()
        if not row:
            return {}
        data = self.decode(row.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=row.expire_date))
        except Exception:  # noqa: BLE001
            logger.exception("Error saving to cache (%s)", self._cache)
        return data

    def delete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        cache_key = self.cache_key_prefix + session_key
        self._cache.delete(cache_key)  # an error stops the logout here, before anything changed
        DBStore.delete(self, session_key)
        transaction.on_commit(lambda: self._forget(cache_key))

    def _forget(self, cache_key: str) -> None:
        try:
            self._cache.delete(cache_key)
        except Exception:  # noqa: BLE001 (the first delete went through; this one only closes a race)
            logger.exception("Error deleting from cache (%s)", self._cache)

    async def adelete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        cache_key = self.cache_key_prefix + session_key
        await self._cache.adelete(cache_key)
        await DBStore.adelete(self, session_key)
        await self._cache.adelete(cache_key)


def ends_database_sessions(engine) -> bool:
    """Whether `engine` (a session engine module) keeps its sessions in the database table, so
    that the sessions of one person can be found there and ended through the store."""
    return issubclass(engine.SessionStore, DBStore)
