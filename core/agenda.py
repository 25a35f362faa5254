"""Items other apps add to a staff member's agenda, next to its own appointments.

The check-ups agenda belongs to check-ups, but a psychologist also leads meetings that other
apps plan (a group meeting after an incident, in peer support), and apps depend downwards
only. So an app registers a provider in its `AppConfig.ready()`, as it registers its links
(`core.navigation`), and the agenda asks every provider for the period it shows. Items are
read-only there and link to their own page.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class AgendaItem:
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str
    detail: str
    url: str
    status: str = ""  # a short word when it is not simply planned ("Cancelled", "Held")
    muted: bool = False


# A provider answers (user, start, end) with the items of that user in [start, end).
_PROVIDERS: list[Callable] = []


def register(provider: Callable) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def items_for(user, *, start: dt.datetime, end: dt.datetime) -> list[AgendaItem]:
    items = [item for provider in _PROVIDERS for item in provider(user, start=start, end=end)]
    return sorted(items, key=lambda item: item.starts_at)
