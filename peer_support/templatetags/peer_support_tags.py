from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from core.i18n import pick

from .. import wording
from ..routes import rules_for

register = template.Library()


@register.filter
def translated(texts):
    """The reader's language from an {"en", "nl", "da"} dict (protocol data), as `core.i18n.pick`."""
    return pick(texts)


@register.filter
def time_left(moment, now=None):
    """ "40 min", "5 h", or "late" for an escalation or due time."""
    if moment is None:
        return ""
    seconds = (moment - (now or timezone.now())).total_seconds()
    if seconds <= 0:
        return _("overdue")
    minutes = int(seconds // 60)
    if minutes < 120:
        return _("%(n)s min") % {"n": minutes}
    hours = minutes // 60
    if hours < 48:
        return _("%(n)s h") % {"n": hours}
    return _("%(n)s days") % {"n": hours // 24}


@register.filter
def overdue(step, now=None):
    return step.is_overdue(now)


@register.simple_tag(takes_context=True)
def request_status(context, support_request):
    """The request's state in the words of the person reading the page."""
    return wording.request_status(support_request, context["user"])


@register.filter
def contact_promise(support_request):
    """For the person who asked: who will contact them, how and where."""
    return wording.contact_promise(support_request)


@register.filter
def route_rules(route):
    return rules_for(route)
