from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models.protocols import in_language

register = template.Library()


@register.filter
def translated(texts):
    """Pick the active language from an {"en", "nl", "da"} dict (protocol data)."""
    return in_language(texts)


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
def duration_minutes(minutes):
    if minutes is None:
        return "–"
    if minutes < 120:
        return _("%(n)s min") % {"n": minutes}
    return _("%(n)s h") % {"n": round(minutes / 60)}


@register.filter
def overdue(step, now=None):
    return step.is_overdue(now)


@register.filter
def parse_iso(value):
    """An ISO timestamp from an e-mail context back to a datetime (shown in the reader's zone)."""
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.simple_tag(takes_context=True)
def request_status(context, support_request):
    """The request's state in the words of the person reading the page."""
    from ..wording import request_status as status_for

    return status_for(support_request, context["user"])


@register.filter
def contact_promise(support_request):
    """For the person who asked: who will contact them, how and where."""
    from ..wording import contact_promise as promise

    return promise(support_request)


@register.filter
def phone_display(value):
    from ..phones import phone_display as display

    return display(value)


@register.filter
def route_rules(route):
    from ..routes import rules_for

    return rules_for(route)
