class PortalChannel:
    """An alert on the person's own portal page. The row is the alert: sending it only marks
    it delivered, and the page ("Alerts for you") reads the rows that are still relevant."""

    def send(self, message) -> None:
        return None
