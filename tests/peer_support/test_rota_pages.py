"""The rota's pages: the coordinator's week calendar with gaps, keeping the rota with forms,
"on duty now" on the coordination page and the queue, a supporter's own shifts and swaps, and
what the request page and its confirmation promise with and without someone on duty."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from accounts.roles import Role
from peer_support import rota
from peer_support.models import DutyAbsence, DutyExtraShift, DutyKind, DutyPattern, DutySwap, SupportRequest
from tests.factories import UserFactory, unit_create, with_totp

TZ = ZoneInfo(settings.TIME_ZONE)
PEER = DutyKind.PEER_SUPPORTER
# Monday 23 March 2026, noon.
NOON = dt.datetime(2026, 3, 23, 12, tzinfo=TZ)


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def olga(org):
    return with_totp(UserFactory(first_name="Olga", unit=org["team_b"], roles=[Role.PEER_SUPPORTER]))


def weekly(person, region, *, weekday=0, starts="08:00", ends="16:00", kind=PEER):
    return DutyPattern.objects.create(
        region=region,
        person=person,
        kind=kind,
        weekday=weekday,
        starts=dt.time.fromisoformat(starts),
        ends=dt.time.fromisoformat(ends),
        valid_from=dt.date(2026, 1, 1),
    )


# --- The coordinator's calendar ------------------------------------------------------------


def test_the_calendar_shows_who_covers_when_and_flags_the_gaps(client, carol, bob, org, frozen):
    weekly(bob, org["north"], weekday=0, starts="08:00", ends="16:00")
    client.force_login(carol)
    page = client.get(reverse("peer_support:rota")).content.decode()
    assert "08:00–16:00 Bob" in page
    assert "Gap" in page and "16:00–24:00" in page  # Monday evening, flagged
    assert "Week of Monday 23 March 2026" in page
    assert "Psychologist on call" in page  # a column per kind


def test_the_calendar_pages_by_week_and_ignores_a_bad_week(client, carol, frozen):
    client.force_login(carol)
    assert (
        "Week of Monday 30 March 2026" in client.get(reverse("peer_support:rota") + "?week=2026-04-02").content.decode()
    )
    for bad in ("nonsense", "0001-01-01", "9999-12-31", "2026-02-30"):
        response = client.get(reverse("peer_support:rota"), {"week": bad})
        assert response.status_code == 200 and "Week of Monday 23 March 2026" in response.content.decode()


def test_the_calendar_stays_within_a_fixed_query_budget(client, carol, org, frozen, django_assert_max_num_queries):
    people = [UserFactory(unit=org["team_b"], roles=[Role.PEER_SUPPORTER]) for _ in range(6)]
    for index, person in enumerate(people):
        for weekday in range(7):
            pattern = weekly(person, org["north"], weekday=weekday, starts=f"{8 + index:02}:00", ends="20:00")
        DutySwap.objects.create(
            pattern=pattern, on_date=dt.date(2026, 3, 29), substitute=people[0], status=DutySwap.Status.ACCEPTED
        )
        DutyAbsence.objects.create(region=org["north"], person=person, first_day=NOON.date(), last_day=NOON.date())
        DutyExtraShift.objects.create(
            region=org["north"], person=person, kind=PEER, starts_at=NOON, ends_at=NOON + dt.timedelta(hours=2)
        )
    client.force_login(carol)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("peer_support:rota"))
    assert page.status_code == 200


def test_only_coordinators_see_the_calendar(client, bob, alice, mona):
    for person in (bob, alice, mona):
        client.force_login(person)
        assert client.get(reverse("peer_support:rota")).status_code == 403


def test_a_coordinator_adds_a_weekly_shift_with_the_form(client, carol, bob, org, frozen):
    client.force_login(carol)
    data = {
        "person": bob.pk,
        "kind": PEER,
        "weekday": "0",
        "starts": "22:00",
        "ends": "06:00",
        "valid_from": "2026-03-23",
    }
    response = client.post(reverse("peer_support:rota_pattern_create"), data)
    assert response.status_code == 302
    pattern = DutyPattern.objects.get()
    assert (pattern.person, pattern.region, pattern.crosses_midnight) == (bob, org["north"], True)
    assert rota.on_duty(region=org["north"], kind=PEER, at=NOON.replace(hour=23)) == [bob]
    # And changes it.
    data["ends"] = "07:00"
    client.post(reverse("peer_support:rota_pattern_edit", args=[pattern.pk]), data)
    pattern.refresh_from_db()
    assert pattern.ends == dt.time(7)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends": "22:00"}, "A shift must end at another time than it starts."),
        ({"valid_until": "2026-03-01"}, "The last day cannot be before the first day."),
        ({"starts": "25:99"}, "Enter a valid time."),
        ({"person": "999999999999999999999"}, "Choose a colleague."),
        ({"kind": "janitor"}, "Select a valid choice."),
        ({"valid_from": "2031-01-01"}, "The rota can be planned at most a year ahead."),
    ],
)
def test_bad_input_on_the_shift_form_says_why_and_changes_nothing(client, carol, bob, change, message, frozen):
    client.force_login(carol)
    data = {"person": bob.pk, "kind": PEER, "weekday": "0", "starts": "22:00", "ends": "06:00"}
    data.update({"valid_from": "2026-03-23", **change})
    response = client.post(reverse("peer_support:rota_pattern_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DutyPattern.objects.exists()


def test_someone_who_cannot_take_the_duty_is_refused(client, carol, alice, dave, petra, bob, frozen):
    client.force_login(carol)
    base = {"kind": PEER, "weekday": "0", "starts": "08:00", "ends": "16:00", "valid_from": "2026-03-23"}
    for person in (alice, dave):  # an employee; a supporter of another region
        response = client.post(reverse("peer_support:rota_pattern_create"), {**base, "person": person.pk})
        assert "Choose a colleague." in response.content.decode()
    # Petra may be the psychologist on call, not a peer supporter.
    response = client.post(reverse("peer_support:rota_pattern_create"), {**base, "person": petra.pk})
    assert "This colleague cannot take this kind of duty in your region." in response.content.decode()
    client.post(reverse("peer_support:rota_pattern_create"), {**base, "person": petra.pk, "kind": "psychologist"})
    assert DutyPattern.objects.get().person == petra


def test_extra_shifts_and_absences_are_added_and_removed(client, carol, bob, org, frozen):
    weekly(bob, org["north"], weekday=1)
    client.force_login(carol)
    response = client.post(
        reverse("peer_support:rota_extra_create"),
        {"person": bob.pk, "kind": PEER, "starts_at": "2026-03-23T18:00", "ends_at": "2026-03-23T23:00"},
    )
    assert response.status_code == 302
    extra = DutyExtraShift.objects.get()
    assert extra.starts_at == dt.datetime(2026, 3, 23, 18, tzinfo=TZ)  # the region's time
    bad = client.post(
        reverse("peer_support:rota_extra_create"),
        {"person": bob.pk, "kind": PEER, "starts_at": "2026-03-23T18:00", "ends_at": "2026-03-25T18:00"},
    )
    assert "An extra shift can be at most 24 hours long." in bad.content.decode()
    client.post(
        reverse("peer_support:rota_absence_create"),
        {"person": bob.pk, "first_day": "2026-03-24", "last_day": "2026-03-24", "note": "holiday"},
    )
    assert rota.on_duty(region=org["north"], kind=PEER, at=dt.datetime(2026, 3, 24, 10, tzinfo=TZ)) == []
    absence = DutyAbsence.objects.get()
    client.post(reverse("peer_support:rota_absence_delete", args=[absence.pk]))
    client.post(reverse("peer_support:rota_extra_delete", args=[extra.pk]))
    assert not DutyAbsence.objects.exists() and not DutyExtraShift.objects.exists()


def test_another_regions_rota_is_404(client, sam, bob, org):
    pattern = weekly(bob, org["north"])
    client.force_login(sam)
    assert client.get(reverse("peer_support:rota_pattern_edit", args=[pattern.pk])).status_code == 404
    assert client.post(reverse("peer_support:rota_pattern_delete", args=[pattern.pk])).status_code == 404
    assert DutyPattern.objects.exists()


# --- Swaps ---------------------------------------------------------------------------------


def test_a_supporter_offers_a_shift_and_the_colleague_takes_it(client, bob, olga, dave, org, frozen):
    pattern = weekly(bob, org["north"], weekday=2)  # Wednesdays 08:00-16:00
    client.force_login(bob)
    mine = client.get(reverse("peer_support:rota_mine")).content.decode()
    assert "Offer to a colleague" in mine and "Wednesday 25 Mar 08:00" in mine
    form = client.get(reverse("peer_support:rota_swap_propose", args=[pattern.pk]) + "?date=2026-03-25")
    assert f'value="{dave.pk}"' not in form.content.decode()  # not of this region
    client.post(
        reverse("peer_support:rota_swap_propose", args=[pattern.pk]), {"on_date": "2026-03-25", "person": olga.pk}
    )
    swap = DutySwap.objects.get()
    wednesday = dt.datetime(2026, 3, 25, 10, tzinfo=TZ)
    assert rota.on_duty(region=org["north"], kind=PEER, at=wednesday) == [bob]
    # Dave may not touch it; Olga accepts.
    client.force_login(dave)
    assert client.post(reverse("peer_support:rota_swap_accept", args=[swap.pk])).status_code == 404
    client.force_login(olga)
    assert "Shifts offered to you" in client.get(reverse("peer_support:rota_mine")).content.decode()
    client.post(reverse("peer_support:rota_swap_accept", args=[swap.pk]))
    assert rota.on_duty(region=org["north"], kind=PEER, at=wednesday) == [olga]
    # Bob cannot accept his own offer; a second offer of the same shift is refused.
    client.force_login(bob)
    response = client.post(
        reverse("peer_support:rota_swap_propose", args=[pattern.pk]), {"on_date": "2026-03-25", "person": olga.pk}
    )
    assert "This shift already has a swap." in response.content.decode()


def test_a_swap_of_a_day_without_the_shift_or_in_the_past_is_refused(client, bob, olga, org, frozen):
    pattern = weekly(bob, org["north"], weekday=2)
    client.force_login(bob)
    url = reverse("peer_support:rota_swap_propose", args=[pattern.pk])
    for day, message in (
        ("2026-03-26", "There is no such shift on that day."),
        ("2026-03-18", "This shift has already started."),
    ):
        response = client.post(url, {"on_date": day, "person": olga.pk})
        assert message in response.content.decode()
    assert not DutySwap.objects.exists()
    client.force_login(olga)  # not her shift to offer
    assert client.get(url).status_code == 404


def test_the_coordinator_records_a_swap_that_holds_at_once(client, carol, bob, olga, org, frozen):
    pattern = weekly(bob, org["north"], weekday=2)
    client.force_login(carol)
    client.post(
        reverse("peer_support:rota_swap_record"), {"pattern": pattern.pk, "on_date": "2026-03-25", "person": olga.pk}
    )
    swap = DutySwap.objects.get()
    assert swap.status == DutySwap.Status.ACCEPTED
    client.post(reverse("peer_support:rota_swap_decline", args=[swap.pk]))
    swap.refresh_from_db()
    assert swap.status == DutySwap.Status.WITHDRAWN


# --- On duty now, and gaps, on the coordination page and the queue --------------------------


def test_coordination_and_queue_show_who_is_on_duty_now_and_the_gaps(client, carol, bob, olga, org, frozen):
    weekly(bob, org["north"], weekday=0, starts="08:00", ends="16:00")
    client.force_login(carol)
    page = client.get(reverse("peer_support:coordination")).content.decode()
    assert "On duty now" in page and "Bob" in page
    assert "Gaps in cover, next 14 days" in page
    client.force_login(olga)
    queue = client.get(reverse("peer_support:queue")).content.decode()
    assert "On duty now" in queue and "Bob" in queue


def test_a_region_without_a_rota_says_so(client, carol, frozen):
    client.force_login(carol)
    page = client.get(reverse("peer_support:coordination")).content.decode()
    assert "This region keeps no duty rota" in page
    assert "Gaps in cover" not in page


# --- What the request page promises ---------------------------------------------------------


def ask(client, urgency="today"):
    data = {"urgency": urgency, "contact_method": "phone", "contact_detail": "06 12345678"}
    return client.post(reverse("peer_support:request_create"), data, follow=True).content.decode()


def test_someone_on_duty_now_promises_a_call_within_the_escalation_time(client, alice, bob, org, frozen, settings):
    settings.PEER_SUPPORT_ESCALATE_URGENT_MINUTES = 20
    weekly(bob, org["north"], weekday=0, starts="08:00", ends="16:00")
    client.force_login(alice)
    form = client.get(reverse("peer_support:request_create")).content.decode()
    assert "Colleagues of the peer support team are on duty now." in form
    assert "A colleague on duty will call you within 20 minutes." in form
    confirmation = ask(client)
    assert "A colleague on duty will call you within 20 minutes." in confirmation
    assert 'href="tel:112"' in confirmation and "0800-0113" in confirmation


def test_a_request_that_is_not_urgent_keeps_the_usual_wording(client, alice, bob, org, frozen):
    weekly(bob, org["north"], weekday=0, starts="08:00", ends="16:00")
    client.force_login(alice)
    confirmation = ask(client, urgency="this_week")
    assert "within" not in confirmation.split("Thank you.")[1].split("</div>")[0]
    assert "This usually happens within a day." in confirmation


def test_nobody_on_duty_says_when_the_next_shift_starts(client, alice, bob, org, frozen):
    weekly(bob, org["north"], weekday=1, starts="07:00", ends="15:00")  # Tuesdays
    client.force_login(alice)
    form = client.get(reverse("peer_support:request_create")).content.decode()
    assert "Nobody from the peer support team is on duty right now." in form
    assert "The next shift starts tomorrow at 07:00" in form
    confirmation = ask(client)
    assert "The next shift starts tomorrow at 07:00" in confirmation
    assert "A colleague on duty will call you" not in confirmation
    assert 'href="tel:112"' in confirmation and "0800-0113" in confirmation
    request = SupportRequest.objects.get(requester=alice)
    status = client.get(reverse("peer_support:request_detail", args=[request.pk])).content.decode()
    assert "The next shift starts tomorrow at 07:00" in status


def test_without_a_rota_the_page_promises_what_it_did_and_shows_the_numbers(client, alice, bob, frozen):
    client.force_login(alice)
    form = client.get(reverse("peer_support:request_create")).content.decode()
    assert "on duty" not in form and 'href="tel:112"' in form
    confirmation = ask(client)
    assert "Thank you. A colleague will call you on +31 6 12345678." in confirmation


def test_someone_at_national_level_without_a_region_can_still_ask(client, org, bob, frozen):
    person = UserFactory(first_name="Nora", unit=unit_create(name="Lonely", kind="national"), roles=[Role.EMPLOYEE])
    client.force_login(person)
    assert client.get(reverse("peer_support:request_create")).status_code == 200


def test_my_shifts_is_in_the_menu_of_who_can_be_on_a_rota(bob, carol, petra, alice, org):
    from core.navigation import links_for

    def has_link(user):
        return "peer_support:rota_mine" in [link.url_name for link in links_for(user)]

    assert has_link(bob) and has_link(carol)
    assert not has_link(alice) and not has_link(petra)
    weekly(petra, org["north"], kind=DutyKind.PSYCHOLOGIST)
    assert has_link(petra)


def test_a_psychologist_on_call_sees_their_shifts(client, petra, org, frozen):
    weekly(petra, org["north"], weekday=1, kind=DutyKind.PSYCHOLOGIST)
    client.force_login(petra)
    page = client.get(reverse("peer_support:rota_mine")).content.decode()
    assert "Psychologist on call" in page and "Tuesday 24 Mar 08:00" in page


def test_the_promise_is_the_organisations_time(client, alice, bob, org, frozen):
    from organisations.services import organisation_ensure

    organisation_ensure(root=org["national"], escalate_urgent_minutes=25)
    weekly(bob, org["north"], weekday=0, starts="08:00", ends="16:00")
    client.force_login(alice)
    assert "A colleague on duty will call you within 25 minutes." in ask(client)


def test_a_supporter_alone_on_shift_who_asks_is_not_promised_a_colleague_on_duty(client, bob, org, frozen):
    weekly(bob, org["north"], weekday=0, starts="08:00", ends="16:00")
    client.force_login(bob)
    form = client.get(reverse("peer_support:request_create")).content.decode()
    assert "A colleague on duty will call you" not in form
    assert "Nobody from the peer support team is on duty right now." in form
