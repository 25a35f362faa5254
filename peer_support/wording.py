"""What a request's state is called, in the words of whoever reads it.

The person who asked reads "A colleague will contact you"; the supporter who took it
reads "You took this on — contact them"; a coordinator or another handler reads "Taken by
Bob". Pages never show a request's bare status label, which was written for one of them.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import phones

from . import rota
from .models import DutyKind, SupportRequest
from .routes import rules_for
from .services.alerts import alert_chain_people
from .services.requests import escalation_delay

Status = SupportRequest.Status
Contact = SupportRequest.Contact

REQUESTER, ASSIGNEE, OTHER = "requester", "assignee", "other"


def side_of(support_request: SupportRequest, user) -> str:
    if support_request.requester_id == user.pk:
        return REQUESTER
    if support_request.assigned_to_id is not None and support_request.assigned_to_id == user.pk:
        return ASSIGNEE
    return OTHER


def first_name_of(user) -> str:
    return user.first_name or user.get_full_name() or user.email


def request_status(support_request: SupportRequest, user) -> str:
    side = side_of(support_request, user)
    status = support_request.status
    if side == REQUESTER:
        rules = rules_for(support_request.route)
        return {
            Status.NEW: rules.waiting,
            Status.CLAIMED: rules.coming,
            Status.IN_CONTACT: _("In contact"),
            Status.CLOSED: _("Closed"),
            Status.WITHDRAWN: _("You withdrew it"),
        }[status]
    if side == ASSIGNEE:
        return {
            Status.NEW: _("Waiting to be taken"),
            Status.CLAIMED: _("You took this on — contact them"),
            Status.IN_CONTACT: _("You are in contact"),
            Status.CLOSED: _("Closed"),
            Status.WITHDRAWN: _("Withdrawn: do not contact them any more"),
        }[status]
    name = first_name_of(support_request.assigned_to) if support_request.assigned_to_id else ""
    if status == Status.NEW or not name and status in (Status.CLAIMED, Status.IN_CONTACT):
        return _("Waiting to be taken")
    return {
        Status.CLAIMED: _("Taken by %(name)s, no contact yet") % {"name": name},
        Status.IN_CONTACT: _("%(name)s is in contact") % {"name": name},
        Status.CLOSED: _("Closed"),
        Status.WITHDRAWN: _("Withdrawn by the colleague who asked"),
    }[status]


def contact_promise(support_request: SupportRequest) -> str:
    """What happens next, for the person who asked: who will contact them, how, and where.

    Before anyone took it the subject is the route's handler ("A colleague"), after that the
    name of whoever took it. Without a number or an address, the account's e-mail is used."""
    who = (
        first_name_of(support_request.assigned_to)
        if support_request.assigned_to_id
        else str(rules_for(support_request.route).handler)
    )
    detail = support_request.contact_detail
    email = support_request.requester.email
    method = support_request.contact_method
    if method == Contact.PHONE and detail:
        return _("%(who)s will call you on %(number)s.") % {"who": who, "number": phones.number_display(detail)}
    if method == Contact.VIDEO:
        if detail:
            return _("%(who)s will contact you at %(address)s to set up a video call.") % {
                "who": who,
                "address": detail,
            }
        return _("%(who)s will e-mail you at %(email)s to set up a video call.") % {"who": who, "email": email}
    if method == Contact.IN_PERSON:
        if detail:
            return _("%(who)s will contact you at %(address)s to agree where to meet.") % {
                "who": who,
                "address": detail,
            }
        return _("%(who)s will e-mail you at %(email)s to agree where to meet.") % {"who": who, "email": email}
    if method == Contact.CHAT and detail:
        return _("%(who)s will send you a chat message at %(address)s.") % {"who": who, "address": detail}
    return _("%(who)s will contact you by e-mail at %(email)s.") % {"who": who, "email": email}


# --- Who is on duty, in the words of the person asking -----------------------------------


@dataclass(frozen=True)
class Cover:
    """Whether the region keeps a rota of peer supporters, whether one is on duty now, and if
    not, when the next shift starts (in the region's time zone)."""

    has_rota: bool
    on_duty: bool
    next_start: dt.datetime | None
    now: dt.datetime
    region: object = None

    @property
    def next_start_text(self) -> str:
        return moment_text(self.next_start, self.now) if self.next_start else ""


def cover_of(*, region, requester=None, support_request=None, now: dt.datetime | None = None) -> Cover:
    """Whether someone who could take this person's request is on duty now: the people the alert
    chain would alert (on shift, available, not the person themselves, in no conflict of interest
    with the request once it exists), so the page promises only what the chain does."""
    now = now or timezone.now()
    if not rota.region_has_rota(region=region, kind=DutyKind.PEER_SUPPORTER):
        return Cover(has_rota=False, on_duty=False, next_start=None, now=now, region=region)
    exclude = [requester.pk] if requester is not None else []
    if alert_chain_people(region=region, at=now, support_request=support_request, exclude=exclude):
        return Cover(has_rota=True, on_duty=True, next_start=None, now=now, region=region)
    start = rota.next_shift_start(region=region, kind=DutyKind.PEER_SUPPORTER, at=now)
    return Cover(has_rota=True, on_duty=False, next_start=start, now=now, region=region)


def moment_text(moment: dt.datetime, now: dt.datetime) -> str:
    """ "today at 18:00", "tomorrow at 07:00", "Tuesday 3 December at 07:00", in the moment's own zone."""
    time = moment.strftime("%H:%M")
    days = (moment.date() - now.astimezone(moment.tzinfo).date()).days
    if days == 0:
        return _("today at %(time)s") % {"time": time}
    if days == 1:
        return _("tomorrow at %(time)s") % {"time": time}
    return _("%(day)s at %(time)s") % {"day": date_format(moment, "l j F"), "time": time}


def cover_sentence(*, cover: Cover, urgency: str, contact_method: str = Contact.PHONE) -> str:
    """What the rota lets the portal promise; empty where it promises nothing more than the
    usual wording (no rota in the region, or not urgent while someone is on duty)."""
    if not cover.has_rota:
        return ""
    if cover.on_duty:
        if urgency != SupportRequest.Urgency.TODAY:
            return ""
        minutes = int(escalation_delay(urgency=urgency, region=cover.region).total_seconds() // 60)
        if contact_method == Contact.PHONE:
            text = ngettext(
                "A colleague on duty will call you within %(minutes)s minute.",
                "A colleague on duty will call you within %(minutes)s minutes.",
                minutes,
            )
        else:
            text = ngettext(
                "A colleague on duty will contact you within %(minutes)s minute.",
                "A colleague on duty will contact you within %(minutes)s minutes.",
                minutes,
            )
        return text % {"minutes": minutes}
    if cover.next_start:
        return _(
            "Nobody from the peer support team is on duty right now. The next shift starts %(when)s; "
            "a colleague will contact you after that."
        ) % {"when": cover.next_start_text}
    return _(
        "Nobody from the peer support team is on duty right now. A colleague will contact you as soon as someone is."
    )


def cover_before_asking(*, cover: Cover) -> str:
    """On the form, before the person chose how soon: what the rota promises now."""
    urgent = cover_sentence(cover=cover, urgency=SupportRequest.Urgency.TODAY)
    if cover.has_rota and cover.on_duty:
        return _("Colleagues of the peer support team are on duty now. Asking for today? %(promise)s") % {
            "promise": urgent
        }
    return urgent
