"""Measures ("you said, we did") of someone who leaves: listed for handover.

A measure's owner is a name or a role written by hand; the measures this person created,
or that name them (full name or e-mail) as owner, and are still open, are listed on the
handover page for the wellbeing officer. Monitor answers are not linked to anyone, so
nothing else here concerns a person who leaves.
"""

import datetime as dt

from django.db.models import Q

from accounts.leaving import OpenWork, leaver_work
from accounts.models import HandoverItem

from .models import Measure


@leaver_work("monitor.measures", order=70)
def measures_of_leaver(*, user, now: dt.datetime) -> list[OpenWork]:
    names = {name for name in (user.get_full_name().strip(), user.email) if name}
    owned = Q(created_by=user)
    for name in names:
        owned |= Q(owner__iexact=name)
    measures = Measure.objects.filter(owned, status__in=[Measure.Status.PLANNED, Measure.Status.IN_PROGRESS])
    return [
        OpenWork(kind=HandoverItem.Kind.MEASURE, obj=measure, when=None)
        for measure in measures.order_by("due_on", "pk")
    ]
