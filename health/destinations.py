"""The portal's own offers an article may point to: a fixed list, never free addresses."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Destination:
    key: str
    url_name: str
    label: str


DESTINATIONS = {
    d.key: d
    for d in (
        Destination("selftest", "surveys:list", _("How am I doing? A short, anonymous self-test")),
        Destination("checkup", "checkups:start", _("Book a talk with a psychologist")),
        Destination("open-consultation", "checkups:open_start", _("Talk to a psychologist without giving your name")),
        Destination("peer-support", "peer_support:request_create", _("Talk to a colleague from peer support")),
        Destination("ask-expert", "experts:ask", _("Ask an expert a question")),
    )
}


def destination_choices() -> list[tuple[str, str]]:
    return [(d.key, d.label) for d in DESTINATIONS.values() if url_for(d.key)]


def url_for(key: str) -> str:
    """The address of a destination, or "" when that part of the portal is not installed
    (e.g. "ask an expert" before its app exists)."""
    destination = DESTINATIONS.get(key)
    if destination is None:
        return ""
    try:
        return reverse(destination.url_name)
    except NoReverseMatch:
        return ""


def links(keys) -> list[dict]:
    found = []
    for key in keys or []:
        url = url_for(key)
        if url:
            found.append({"url": url, "label": DESTINATIONS[key].label})
    return found
