"""What every rate limit needs: the client's address, a per-browser marker, counters.

Counters live in Django's cache, which all processes share (CACHE_URL: Redis in
production). Neither the address nor the marker is ever stored as such: the cache keys
are HMACs of them with the secret key, and live only as long as their counter.
"""

import ipaddress
import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

# The session key under which the rate-limit marker is kept. The marker is a random value
# used for nothing else: never the login session key, which the session table stores in
# the clear next to the user id (a plain hash of it links a counter to a person).
SESSION_MARKER = "_rate_limit_marker"


def _valid_address(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.split(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request) -> str:
    """The address of the person's device, as far as our own proxies vouch for it.

    With `TRUSTED_PROXY_COUNT` = 0 this is REMOTE_ADDR. With N, the proxies in front of the
    portal (our reverse proxy, and the organisation's own proxy if staff reach us through it)
    each append the address they saw to X-Forwarded-For, so the Nth entry from the right is
    the one the outermost trusted proxy saw. Entries further left were written by the client
    and are ignored. Without this, everyone behind the organisation's proxy shares one
    address, and one person's failed tries would lock all of them out.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            address = _valid_address(forwarded[-count])
            if address:
                return address
        # Fewer entries than proxies: the request did not come through all of them (or the
        # header is garbage), so nothing in it is vouched for.
    return _valid_address(remote) or remote


def _keyed(purpose: str, value: str) -> str:
    return salted_hmac(f"core.ratelimit.{purpose}", value, algorithm="sha256").hexdigest()[:32]


def address_key(request) -> str:
    return _keyed("address", client_address(request))


def session_key(request) -> str:
    """An HMAC of a random marker kept in this browser's session for rate limits only."""
    marker = request.session.get(SESSION_MARKER)
    if not marker:
        marker = secrets.token_urlsafe(32)
        request.session[SESSION_MARKER] = marker
    return _keyed("session", marker)


def session_marker_at_login(sender, request, user, **kwargs) -> None:
    """Give a new login session its marker at once, while the login writes the session row
    anyway. Set later, in the request of a rate-limited action, the marker would make the
    session row (which names the user) be written right after what that action wrote: a
    nameless booking, paired with a person by transaction id."""
    if request is not None and hasattr(request, "session"):
        session_key(request)


def count(key: str, window: int) -> int:
    """Add one to a counter that lives `window` seconds from its first use."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def current(key: str) -> int:
    return cache.get(key, 0)
