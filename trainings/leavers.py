"""What someone who leaves hands back here (registered with `accounts.leaving`).

Their places on coming sessions, open offers and wait-list places are given up, so that a
seat is not held by someone who will not come: each freed seat is offered to the next person
on the wait list at once, past the cancellation deadline (leaving is not a late cancel).
Completions stay: they are the record of what the person took.

A trainer's coming sessions stay planned, with the people enrolled, and go on the handover
page for the wellbeing officer, who gives them to another trainer or cancels them (which
tells everyone enrolled): nobody should find out at the door that nobody comes to teach.
"""

import datetime as dt

from accounts.leaving import OpenWork, leaver_work
from accounts.models import HandoverItem
from notifications.services import messages_cancel_prefix

from .models import Enrolment, Session
from .services.enrolment import seats_offer

OPEN = [Enrolment.Status.ENROLLED, Enrolment.Status.WAITING, Enrolment.Status.OFFERED]


@leaver_work("trainings.places", order=75)
def places_of_leaver(*, user, now: dt.datetime) -> list[OpenWork]:
    places = list(
        Enrolment.objects.filter(user=user, status__in=OPEN, session__starts_at__gt=now).select_related("session")
    )
    for place in places:
        Enrolment.objects.filter(pk=place.pk).update(status=Enrolment.Status.CANCELLED, cancelled_at=now)
        messages_cancel_prefix(prefix=f"training-enrolment:{place.pk}:")
    for session in {place.session_id: place.session for place in places}.values():
        seats_offer(session=session, now=now)
    return []


@leaver_work("trainings.sessions", order=76)
def sessions_of_leaving_trainer(*, user, now: dt.datetime) -> list[OpenWork]:
    sessions = Session.objects.filter(trainer=user, status=Session.Status.SCHEDULED, starts_at__gt=now)
    return [
        OpenWork(kind=HandoverItem.Kind.TRAINING, obj=session, when=session.starts_at)
        for session in sessions.order_by("starts_at", "pk")
    ]
