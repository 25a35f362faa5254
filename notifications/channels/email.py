from ..email import send_templated_email


class EmailChannel:
    """E-mail through Django's e-mail machinery (`EMAIL_URL`)."""

    def send(self, message) -> None:
        send_templated_email(message)
