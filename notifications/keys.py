"""Opaque message keys: what an administrator reads in the outbox says no more than "a message".

Callers write readable, deterministic keys: a kind, the id of the object the message is
about, then whatever makes it unique (`appointment:42:reminder-24h:<start>`), and they
cancel by a prefix that ends at a colon (`appointment:42:`). A readable key would tell
anyone who can read the table that a person sees a psychologist or is in follow-up after
an incident, so the table holds an opaque form instead, made here and nowhere else.

The opaque key is a chain of `SEGMENTS` HMAC segments, so that "starts with" still works:

- one segment for each prefix that ends at a colon, from the first part that is an id
  (`appointment:42:`, `appointment:42:reminder-24h:`, ...), each the HMAC of that whole
  prefix. The chain starts at the id, never at the kind alone: a segment HMAC("appointment:")
  would be the same for every appointment message and so name the kind again;
- filler segments, derived from the whole key, so that every key has the same length and
  the shape of a key says nothing about its kind;
- last, the HMAC of the whole key, which makes the key unique.

A readable prefix that ends at a colon becomes the opaque prefix of its segments, so
`key.startswith(prefix)` on readable keys and on opaque keys give the same answer. A
prefix that does not end at a colon, or that names no object, has no opaque form and is
refused. Segments are lower-case hex because SQLite's LIKE ignores case.
"""

import hashlib
import hmac

from django.conf import settings

SEGMENTS = 8
# 96 bits each: two different readable keys (or prefixes) share a segment by chance with a
# probability of about n² / 2^97, which is negligible even at hundreds of millions of rows.
SEGMENT_CHARS = 24
KEY_LENGTH = SEGMENTS * SEGMENT_CHARS  # 192, the length of the `key` column


def _segment(secret: str, domain: str, text: str) -> str:
    # The domain keeps the three kinds of segment apart, whatever the readable text.
    digest = hmac.new(secret.encode(), f"{domain}\0{text}".encode(), hashlib.sha256).hexdigest()
    return digest[:SEGMENT_CHARS]


def _first_id(parts: list[str]) -> int | None:
    """Where the chain starts: the first part that is an object's id."""
    return next((index for index, part in enumerate(parts) if part.isdigit()), None)


def _prefix_segments(secret: str, parts: list[str], end: int) -> list[str]:
    """Segments of the colon-ended prefixes from the first id up to `parts[:end]`."""
    start = _first_id(parts[:end])
    if start is None:
        return []
    return [_segment(secret, "prefix", ":".join(parts[: index + 1]) + ":") for index in range(start, end)]


def opaque_key(key: str, *, secret: str | None = None) -> str:
    """The form of a readable message key that the outbox stores."""
    secret = secret or settings.MESSAGE_KEY_SECRET
    parts = key.split(":")
    # Deep keys (a time stamp holds colons) keep the first prefixes; the last segment still
    # covers the whole key. Nobody cancels by a prefix that deep.
    segments = _prefix_segments(secret, parts, len(parts) - 1)[: SEGMENTS - 1]
    fillers = [_segment(secret, f"filler-{index}", key) for index in range(len(segments), SEGMENTS - 1)]
    return "".join([*segments, *fillers, _segment(secret, "key", key)])


def opaque_key_prefix(prefix: str, *, secret: str | None = None) -> str:
    """The opaque form of a readable prefix such as `appointment:42:` (see the module)."""
    secret = secret or settings.MESSAGE_KEY_SECRET
    if not prefix.endswith(":"):
        raise ValueError("A message key prefix must end at a colon, e.g. 'appointment:42:'.")
    parts = prefix[:-1].split(":")
    segments = _prefix_segments(secret, parts, len(parts))
    if not segments:
        # "ps:meeting:" would be every meeting's messages: a kind, which opaque keys hide.
        raise ValueError("A message key prefix must name an object, e.g. 'appointment:42:'.")
    if len(segments) > SEGMENTS - 1:
        raise ValueError("This message key prefix is too deep to cancel by.")
    return "".join(segments)
