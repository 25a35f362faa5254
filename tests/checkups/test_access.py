"""Who may open an appointment: the person, and the psychologist whose agenda it is in (audited);
everyone else gets 404."""

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from checkups import access
from checkups.models import Booking
from core.models import AuditEntry


@pytest.mark.parametrize(
    "name", ["checkups:confirmed", "checkups:invitation", "checkups:cancel", "checkups:reschedule"]
)
def test_someone_elses_appointment_answers_404(name, alices_booking, charlie, client):
    client.force_login(charlie)
    assert client.get(reverse(name, args=[alices_booking.pk])).status_code == 404
    assert client.post(reverse("checkups:cancel", args=[alices_booking.pk])).status_code == 404
    alices_booking.refresh_from_db()
    assert alices_booking.status == Booking.Status.BOOKED


@pytest.mark.parametrize("persona", ["mona", "wim", "bob", "charlie", "connie"])
def test_only_the_person_and_their_psychologist_may_open_a_booking(persona, alices_booking, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(Http404):
        access.booking_for_user(user, alices_booking.pk)


def test_the_psychologist_opens_the_booking_and_the_view_is_audited(alices_booking, petra, alice, client):
    assert access.booking_for_user(alice, alices_booking.pk) == alices_booking
    client.force_login(petra)
    agenda = client.get(reverse("checkups:agenda") + f"?date={timezone.localdate(alices_booking.starts_at)}")
    assert "Alice" in agenda.content.decode()
    page = client.get(reverse("checkups:agenda_booking", args=[alices_booking.pk]))
    assert page.status_code == 200 and b"Nights" in page.content
    entry = AuditEntry.objects.get(action="checkups.booking.view")
    assert entry.actor == petra and entry.subject == alice


def test_another_psychologist_cannot_open_petras_booking(alices_booking, other_psychologist, client):
    client.force_login(other_psychologist.user)
    assert client.get(reverse("checkups:agenda_booking", args=[alices_booking.pk])).status_code == 404
