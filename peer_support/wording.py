"""What a request's state is called, in the words of whoever reads it.

The person who asked reads "A colleague will contact you"; the supporter who took it
reads "You took this on — contact them"; a coordinator or another handler reads "Taken by
Bob". Pages never show a request's bare status label, which was written for one of them.
"""

from django.utils.translation import gettext as _

from core import phones

from .models import SupportRequest
from .routes import rules_for

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
