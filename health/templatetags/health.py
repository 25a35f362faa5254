from django import template
from django.urls import reverse

from ..instruments import INSTRUMENT_THEMES
from ..models import Theme

register = template.Library()


@register.simple_tag
def theme_for_instrument(key):
    """The theme of the square that goes with a self-test, or None: `{% theme_for_instrument
    instrument.key as theme %}`, then a link to `theme.url` titled `theme.title`."""
    slug = INSTRUMENT_THEMES.get(key)
    theme = Theme.objects.filter(slug=slug).first() if slug else None
    if theme is None:
        return None
    return {"url": reverse("health:theme", args=[theme.slug]), "title": theme.title}
