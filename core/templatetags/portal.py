"""Template tags and filters that every app uses: navigation, times, durations, phone numbers."""

import datetime as dt

from django import template
from django.utils.dateparse import parse_datetime
from django.utils.translation import ngettext

from core import phones
from core.navigation import links_for

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_links(context, section=None):
    request = context.get("request")
    return links_for(getattr(request, "user", None), section)


@register.filter
def iso_datetime(value):
    """An ISO string (as stored in outbox contexts) as an aware datetime; `date` then shows it locally."""
    if isinstance(value, dt.datetime):
        return value
    try:
        return parse_datetime(value) if value else None
    except (TypeError, ValueError):
        return None


@register.filter
def duration(value):
    """A timedelta or a number of minutes as "45 minutes" / "1 hour 30 minutes"; "–" for none."""
    if value is None or value == "":
        return "–"
    total = int(value.total_seconds() // 60) if isinstance(value, dt.timedelta) else int(value)
    hours, rest = divmod(total, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if rest or not hours:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", rest) % {"n": rest})
    return " ".join(parts)


@register.filter
def tel_link(value, region=None):
    """A number as a tap-to-call link, its text (the accessible name) the number itself;
    `region` (an organisation's country) reads a number written without a country code."""
    return phones.tel_link(value or "", region or None)


@register.filter
def tel_link_bold(value, region=None):
    """`tel_link` for the emergency numbers, which stand out."""
    return phones.tel_link(value or "", region or None, css="fw-bold text-nowrap")


@register.filter
def tel_href(value, region=None):
    return phones.tel_href(value or "", region or None)


@register.filter
def phone_number(value):
    """A stored E.164 number as people read it: "+31 6 12345678"."""
    return phones.number_display(value or "")
