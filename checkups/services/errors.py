"""The one refusal that callers must tell apart from the rest: a time someone else just took.

Every other refusal is a plain `core.errors.DomainError`. `SlotTaken` stays a subclass because
the booking race (and a person choosing again) needs to know it was a lost race, not a rule.
"""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

SLOT_TAKEN_MESSAGE = _("Sorry, someone else just took this time. Please choose another one.")


class SlotTaken(DomainError):
    def __init__(self, message=SLOT_TAKEN_MESSAGE):
        super().__init__(message)
