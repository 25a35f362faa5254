"""When someone leaves: what each app hands back, and what the closing service returns.

`accounts` sits below the apps that hold open work (peer support, check-ups, the monitor),
so it cannot import them. Each app registers, in its `AppConfig.ready()`, one function per
kind of work with `@leaver_work(...)`: `(*, user, now) -> list[OpenWork]`. The function
releases what must not stay assigned to someone who left (a request goes back to its
queue, a step loses its owner) and returns what is to be handed over. `account_close`
(accounts/services.py) runs them all, in one transaction, and records the result as
`HandoverItem`s for the handover page.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models

_WORK: list[tuple[int, str, Callable]] = []


@dataclass(frozen=True)
class OpenWork:
    """One piece of open work of the person who left."""

    kind: str  # a HandoverItem.Kind
    obj: models.Model
    # The region whose coordinators hand it over; None: the wellbeing officer's.
    region: models.Model | None = None
    when: dt.datetime | None = None  # when it is due or starts
    # Someone waits for it (a booked talk): listed first, for the wellbeing officer.
    urgent: bool = False


@dataclass(frozen=True)
class HandoverLine:
    kind: str
    kind_label: str
    item_id: int | None
    when: dt.datetime | None
    urgent: bool
    url: str


@dataclass
class Handover:
    """What `account_close` returns: the closed account and its open work, by kind."""

    user: object
    closure: object | None
    lines: list[HandoverLine] = field(default_factory=list)
    already_closed: bool = False

    def by_kind(self) -> dict[str, list[HandoverLine]]:
        grouped: dict[str, list[HandoverLine]] = {}
        for line in self.lines:
            grouped.setdefault(line.kind, []).append(line)
        return grouped

    @property
    def urgent(self) -> list[HandoverLine]:
        return [line for line in self.lines if line.urgent]

    def counts(self) -> dict[str, int]:
        return {kind: len(lines) for kind, lines in self.by_kind().items()}


def leaver_work(name: str, *, order: int = 100):
    """Register `(*, user, now) -> list[OpenWork]`, run for every account that is closed."""

    def register(func):
        global _WORK
        _WORK = [entry for entry in _WORK if entry[1] != name]
        _WORK.append((order, name, func))
        _WORK.sort(key=lambda entry: (entry[0], entry[1]))
        return func

    return register


def leaver_work_collect(*, user, now: dt.datetime) -> list[OpenWork]:
    found: list[OpenWork] = []
    for _order, _name, func in _WORK:
        found.extend(func(user=user, now=now))
    return found


def leaver_work_names() -> list[str]:
    return [name for _order, name, _func in _WORK]
