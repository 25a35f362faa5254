import datetime as dt
import zoneinfo

from django.urls import reverse

from notifications.models import OutboxMessage
from peer_support.models import ReflectionFramework, ReflectionSeries
from peer_support.presets import REFLECTION_FRAMEWORK
from peer_support.services.reflection import reflection_series_cancel, reflection_series_create

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
# Meetings are planned at most a year ahead.
SOON = dt.date.today() + dt.timedelta(days=40)


def framework():
    return ReflectionFramework.objects.get_or_create(code=REFLECTION_FRAMEWORK["code"], defaults=REFLECTION_FRAMEWORK)[
        0
    ]


def test_a_series_keeps_its_local_time_and_sends_agenda_and_reminders(mona, alice, bob):
    first = dt.datetime(2026, 10, 14, 14, 0, tzinfo=AMS)
    series = reflection_series_create(
        leader=mona,
        team=mona.managed_units.first(),
        framework=framework(),
        first_at=first,
        every_weeks=2,
        occurrences=3,
        place="Canteen",
        participants=[alice, bob],
        now=first - dt.timedelta(days=20),
    )
    dates = [d.astimezone(AMS).strftime("%d %H:%M %Z") for d in series.meeting_dates()]
    assert dates == ["14 14:00 CEST", "28 14:00 CET", "11 14:00 CET"]
    keys = OutboxMessage.objects.with_key_prefix(f"ps:reflection:{series.pk}:")
    assert keys.count() == 3 * 3 * 2  # (2 participants + leader) x 3 meetings x (agenda + reminder)
    reflection_series_cancel(series=series, by=mona)
    assert not keys.filter(status="pending").exists()


def test_the_team_leader_plans_meetings_on_the_page_and_participants_see_the_questions(client, mona, alice, charlie):
    framework()
    client.force_login(mona)
    page = client.get(reverse("peer_support:reflection_create")).content.decode()
    assert "Nothing that is said in the meetings is stored" in page
    assert "Alice" in page and "Charlie" not in page
    client.post(
        reverse("peer_support:reflection_create"),
        {
            "framework": framework().pk,
            "first_at": f"{SOON.isoformat()}T15:00",
            "every_weeks": 4,
            "occurrences": 3,
            "place": "Room 2",
            "participants": [alice.pk],
        },
    )
    series = ReflectionSeries.objects.get()
    client.force_login(alice)
    page = client.get(reverse("peer_support:reflection_detail", args=[series.pk])).content.decode()
    assert "What situation from the past weeks is still on your mind?" in page
    client.force_login(charlie)
    assert client.get(reverse("peer_support:reflection_detail", args=[series.pk])).status_code == 404


def test_participants_find_their_meetings_among_their_own_links(mona, alice):
    from core.navigation import links_for

    def mine():
        return [link.url_name for link in links_for(alice, "self")]

    assert "peer_support:reflection_list" not in mine()
    reflection_series_create(
        leader=mona,
        team=mona.managed_units.first(),
        framework=framework(),
        first_at=dt.datetime.combine(SOON, dt.time(15), tzinfo=AMS),
        every_weeks=4,
        occurrences=2,
        place="Room 2",
        participants=[alice],
    )
    assert "peer_support:reflection_list" in mine()
