"""Rules that change state, one module per subdomain. Views, tasks and commands call these."""


class SupportError(Exception):
    """A domain rule said no; the message is for the person, already translated."""
