"""The one domain error of the portal.

A service that refuses an action (a slot already taken, a request someone else claimed, a
campaign that is closed) raises `DomainError` with a message written for the person, in
their language. Views turn it into a message next to the form (`core.actions`); nothing
else is caught there, so a bug is never shown as a polite refusal.
"""


class DomainError(Exception):
    """A rule of the domain said no; `message` is for the person and already translated."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message

    def __str__(self) -> str:
        return str(self.message)
