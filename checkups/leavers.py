"""What a psychologist who leaves hands back: the talks people have booked with them.

Registered with `accounts.leaving` and run by `accounts.services.account_close`. Their
profile stops offering times (a closed account offers none anyway); their future
appointments are not cancelled silently: each is listed first on the handover page, for
the wellbeing officer to move, and the person keeps their appointment until then.
"""

import datetime as dt

from accounts.leaving import OpenWork, leaver_work
from accounts.models import HandoverItem

from .models import Booking, Psychologist


@leaver_work("checkups.bookings", order=60)
def bookings_of_leaver(*, user, now: dt.datetime) -> list[OpenWork]:
    psychologist = Psychologist.objects.filter(user=user).first()
    if psychologist is None:
        return []
    if psychologist.active:
        Psychologist.objects.filter(pk=psychologist.pk).update(active=False)
    ahead = Booking.objects.filter(psychologist=psychologist, status=Booking.Status.BOOKED, starts_at__gt=now)
    return [
        OpenWork(kind=HandoverItem.Kind.BOOKING, obj=booking, when=booking.starts_at, urgent=True)
        for booking in ahead.order_by("starts_at")
    ]
