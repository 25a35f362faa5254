"""Rate limits for the pages anyone may use without a name (open consultation).

Counted per browser session and per network address (see `core.ratelimit`: both only
as HMACs with the secret key, in the shared cache, for the life of the counter; the
address is never written to the database).

What stays linkable: while a counter lives (a day for bookings, a quarter of an hour for
codes), someone who holds the cache, the session table *and* the secret key can recompute
the HMAC of the marker in a logged-in person's session and see that this browser booked
an open consultation that day (not which one). Without the secret key, a counter links to
nothing.
"""

from django.conf import settings

from core import ratelimit

DAY = 24 * 60 * 60
CODE_WINDOW = 15 * 60
CODE_TRIES_PER_SESSION = 10
CODE_TRIES_PER_ADDRESS = 30


def _keys(request, scope: str) -> tuple[str, str]:
    return (
        f"checkups:rl:{scope}:s:{ratelimit.session_key(request)}",
        f"checkups:rl:{scope}:a:{ratelimit.address_key(request)}",
    )


def limit_exceeded(request, scope: str, *, per_session: int, per_address: int) -> bool:
    """Whether one more use of `scope` would pass a limit (checks without counting)."""
    session, address = _keys(request, scope)
    return ratelimit.current(session) >= per_session or ratelimit.current(address) >= per_address


def limit_hit(request, scope: str, *, window: int = DAY) -> None:
    """Count one use of `scope` for this session and this address."""
    for key in _keys(request, scope):
        ratelimit.count(key, window)


def session_marker_ensure(request) -> None:
    ratelimit.session_key(request)


def open_booking_allowed(request) -> bool:
    return not limit_exceeded(
        request,
        "open-booking",
        per_session=settings.CHECKUPS_OPEN_PER_SESSION,
        per_address=settings.CHECKUPS_OPEN_PER_ADDRESS,
    )


def code_lookup_allowed(request) -> bool:
    """Guessing codes: at most 10 wrong codes per session and 30 per address in a quarter of an hour.

    Checked before every lookup by code, right or wrong, so that an answer never tells an
    over-the-limit guesser whether a code exists.
    """
    return not limit_exceeded(
        request, "open-code", per_session=CODE_TRIES_PER_SESSION, per_address=CODE_TRIES_PER_ADDRESS
    )


def code_missed(request) -> None:
    """Count one wrong code. Right codes are not counted: someone managing their own
    appointment through several pages is never slowed down."""
    limit_hit(request, "open-code", window=CODE_WINDOW)
