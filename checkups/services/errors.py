from django.utils.translation import gettext_lazy as _

SLOT_TAKEN_MESSAGE = _("Sorry, someone else just took this time. Please choose another one.")


class BookingError(Exception):
    """A booking rule said no; `message` is written for the person and shown on the form."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class SlotTaken(BookingError):
    def __init__(self, message=SLOT_TAKEN_MESSAGE):
        super().__init__(message)
