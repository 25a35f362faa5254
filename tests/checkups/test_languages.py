"""Pages and e-mails in the person's language."""

import pytest
from django.urls import reverse

from checkups import services


@pytest.mark.parametrize(("language", "expected"), [("nl", "Mijn afspraken"), ("da", "Mine aftaler")])
def test_the_pages_and_e_mails_are_in_dutch_and_danish(language, expected, alice, make_slot, checkup, client):
    from notifications.email import render_email
    from notifications.models import OutboxMessage

    alice.language = language
    alice.save()
    client.force_login(alice)
    assert expected in client.get(reverse("checkups:my_appointments")).content.decode()
    booking = services.booking_create(slot=make_slot(days=3), employee=alice, appointment_type=checkup)
    message = OutboxMessage.objects.with_key(f"appointment:{booking.pk}:confirmation:0").get()
    subject, body, _html = render_email(message.template, message.context, language=language, tzinfo=alice.tzinfo)
    assert subject.startswith({"nl": "Je afspraak op", "da": "Din aftale"}[language])
    assert "psycholo" not in (subject + body).lower()
