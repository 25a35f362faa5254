"""Who may open what: an appointment, the person and the psychologist whose agenda it is in (audited);
an agenda and its weekly times, their psychologist. Everyone else gets 404."""

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from checkups import access, services
from checkups.models import AvailabilityWindow, Booking, Mode, Psychologist
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


@pytest.mark.parametrize("persona", ["alice", "mona", "wim", "bob", "charlie", "connie"])
def test_only_a_psychologist_has_an_agenda_profile(persona, request):
    with pytest.raises(Http404):
        access.psychologist_for_user(request.getfixturevalue(persona))


def test_opening_the_agenda_makes_no_profile_and_the_first_saved_time_does(petra, checkup, client):
    client.force_login(petra)
    assert client.get(reverse("checkups:agenda")).status_code == 200
    assert client.get(reverse("checkups:availability")).status_code == 200
    assert access.psychologist_for_user(petra).pk is None
    assert not Psychologist.objects.exists()
    services.window_create(
        psychologist=access.psychologist_for_user(petra),
        weekday=2,
        start_time=dt.time(9),
        end_time=dt.time(10),
        mode=Mode.VIDEO,
        appointment_types=[checkup],
    )
    assert Psychologist.objects.get().user == petra and access.psychologist_for_user(petra).windows.count() == 1


def test_a_psychologist_removes_her_own_weekly_times_and_nobody_elses(
    petra, profile, other_psychologist, checkup, client
):
    windows = {
        owner: owner.windows.create(weekday=2, start_time=dt.time(9), end_time=dt.time(10), mode=Mode.VIDEO)
        for owner in (profile, other_psychologist)
    }
    client.force_login(petra)
    assert client.post(reverse("checkups:window_delete", args=[windows[other_psychologist].pk])).status_code == 404
    assert client.post(reverse("checkups:window_delete", args=[windows[profile].pk])).status_code == 302
    assert list(AvailabilityWindow.objects.all()) == [windows[other_psychologist]]
