from django import template

from core.i18n import pick as pick_text

register = template.Library()


@register.filter
def pick(text, language=None):
    """`{{ item.text|pick:language }}`: an instrument text in the page's language (`core.i18n.pick`)."""
    if not isinstance(text, dict):
        return text
    return pick_text(text, language)


@register.filter
def score_number(value):
    if value is None:
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"
