from django import template

from core.navigation import links_for

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_links(context, section=None):
    request = context.get("request")
    return links_for(getattr(request, "user", None), section)
