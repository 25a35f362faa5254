"""Rules that change state, one module per subdomain. Views, tasks and commands call these."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _


class SupportError(Exception):
    """A domain rule said no; the message is for the person, already translated."""


def text_check(model, **values: str) -> None:
    """Refuse text longer than its model field allows. The forms say so first; this guards
    every other caller, since an encrypted text column has no length limit of its own."""
    for name, value in values.items():
        field = model._meta.get_field(name)
        if value and len(value) > field.max_length:
            raise SupportError(
                _("%(field)s can be at most %(limit)d characters long; it has %(count)d.")
                % {"field": capfirst(field.verbose_name), "limit": field.max_length, "count": len(value)}
            )
