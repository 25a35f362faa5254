"""Rate limits for the pages anyone may use without a name (open consultation).

Counters live in Django's cache, which all processes share (CACHE_URL: Redis in
production). The network address is used only here, only hashed with the secret key,
and only for the life of the counter: it is never written to the database.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

DAY = 24 * 60 * 60


def _address_key(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), f"ip:{address}".encode(), hashlib.sha256).hexdigest()[:32]


def _session_key(request) -> str:
    if not request.session.session_key:
        request.session.save()
    return hashlib.sha256(request.session.session_key.encode()).hexdigest()[:32]


def _count(key: str, window: int) -> int:
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def _current(key: str) -> int:
    return cache.get(key, 0)


def limit_exceeded(request, scope: str, *, per_session: int, per_address: int, window: int = DAY) -> bool:
    """Whether one more use of `scope` would pass a limit (checks without counting)."""
    session_key = f"checkups:rl:{scope}:s:{_session_key(request)}"
    address_key = f"checkups:rl:{scope}:a:{_address_key(request)}"
    return _current(session_key) >= per_session or _current(address_key) >= per_address


def limit_hit(request, scope: str, *, window: int = DAY) -> None:
    """Count one use of `scope` for this session and this address."""
    _count(f"checkups:rl:{scope}:s:{_session_key(request)}", window)
    _count(f"checkups:rl:{scope}:a:{_address_key(request)}", window)


def open_booking_allowed(request) -> bool:
    return not limit_exceeded(
        request,
        "open-booking",
        per_session=settings.CHECKUPS_OPEN_PER_SESSION,
        per_address=settings.CHECKUPS_OPEN_PER_ADDRESS,
    )


def code_lookup_allowed(request) -> bool:
    """Guessing codes: at most 10 tries per session and 30 per address in a quarter of an hour."""
    return not limit_exceeded(request, "open-code", per_session=10, per_address=30, window=15 * 60)
