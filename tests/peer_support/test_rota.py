"""The duty rota read as shifts: who is on duty when, the next shift, gaps in cover, across
daylight-saving changes; and who is told of a new request with and without a rota."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from accounts.roles import Role
from notifications.models import OutboxMessage
from peer_support import rota
from peer_support.models import DutyAbsence, DutyExtraShift, DutyKind, DutyPattern, DutySwap, SupportRequest
from peer_support.selectors import on_duty_supporters
from peer_support.services.requests import support_request_create, supporter_duty_set
from tests.factories import UserFactory

TZ = ZoneInfo(settings.TIME_ZONE)
PEER = DutyKind.PEER_SUPPORTER
MONDAY = dt.date(2026, 3, 23)


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


@pytest.fixture
def pattern(org):
    def make(person, *, weekday=0, starts="22:00", ends="06:00", kind=PEER, region=None, **kwargs):
        kwargs.setdefault("valid_from", dt.date(2026, 1, 1))
        return DutyPattern.objects.create(
            region=region or org["north"],
            person=person,
            kind=kind,
            weekday=weekday,
            starts=dt.time.fromisoformat(starts),
            ends=dt.time.fromisoformat(ends),
            **kwargs,
        )

    return make


def test_the_rota_is_read_in_the_one_time_zone_function(org):
    assert rota.rota_time_zone(org["north"]) == ZoneInfo(settings.TIME_ZONE)


def test_a_night_shift_covers_until_the_next_morning(org, bob, pattern):
    pattern(bob)  # Mondays 22:00-06:00
    north = org["north"]
    assert rota.on_duty(region=north, kind=PEER, at=local(2026, 3, 23, 21, 59)) == []
    assert rota.on_duty(region=north, kind=PEER, at=local(2026, 3, 23, 22, 0)) == [bob]
    assert rota.on_duty(region=north, kind=PEER, at=local(2026, 3, 24, 5, 59)) == [bob]
    assert rota.on_duty(region=north, kind=PEER, at=local(2026, 3, 24, 6, 0)) == []
    # Other kinds and other regions are another rota.
    assert rota.on_duty(region=north, kind=DutyKind.COORDINATOR, at=local(2026, 3, 23, 23)) == []
    assert rota.on_duty(region=org["south"], kind=PEER, at=local(2026, 3, 23, 23)) == []


def test_a_pattern_counts_only_between_its_first_and_last_day(org, bob, pattern):
    pattern(
        bob, weekday=2, starts="09:00", ends="17:00", valid_from=dt.date(2026, 3, 25), valid_until=dt.date(2026, 4, 1)
    )
    north = org["north"]
    assert rota.on_duty(region=north, kind=PEER, at=local(2026, 3, 18, 12)) == []
    assert rota.on_duty(region=north, kind=PEER, at=local(2026, 3, 25, 12)) == [bob]
    assert rota.on_duty(region=north, kind=PEER, at=local(2026, 4, 1, 12)) == [bob]
    assert rota.on_duty(region=north, kind=PEER, at=local(2026, 4, 8, 12)) == []


def test_the_first_on_duty_is_whoever_started_first_then_by_name(org, bob, pattern):
    anna = UserFactory(first_name="Anna", last_name="Z", unit=org["team_b"], roles=[Role.PEER_SUPPORTER])
    zoe = UserFactory(first_name="Zoe", last_name="A", unit=org["team_b"], roles=[Role.PEER_SUPPORTER])
    pattern(zoe, starts="08:00", ends="20:00")
    pattern(bob, starts="10:00", ends="18:00")
    pattern(anna, starts="10:00", ends="18:00")
    assert rota.on_duty(region=org["north"], kind=PEER, at=local(2026, 3, 23, 12)) == [zoe, anna, bob]


def test_someone_who_lost_the_role_or_left_is_not_on_duty(org, bob, pattern):
    pattern(bob, starts="08:00", ends="20:00")
    at = local(2026, 3, 23, 12)
    bob.groups.clear()
    assert rota.on_duty(region=org["north"], kind=PEER, at=at) == []


def test_an_absence_cancels_the_pattern_shifts_of_those_days(org, bob, pattern):
    pattern(bob)
    DutyAbsence.objects.create(region=org["north"], person=bob, first_day=MONDAY, last_day=MONDAY)
    assert rota.on_duty(region=org["north"], kind=PEER, at=local(2026, 3, 23, 23)) == []
    assert rota.on_duty(region=org["north"], kind=PEER, at=local(2026, 3, 30, 23)) == [bob]


def test_an_extra_shift_adds_cover(org, bob):
    DutyExtraShift.objects.create(
        region=org["north"], person=bob, kind=PEER, starts_at=local(2026, 3, 25, 9), ends_at=local(2026, 3, 25, 13)
    )
    assert rota.on_duty(region=org["north"], kind=PEER, at=local(2026, 3, 25, 10)) == [bob]
    assert rota.on_duty(region=org["north"], kind=PEER, at=local(2026, 3, 25, 13)) == []


def test_an_accepted_swap_hands_one_shift_to_the_colleague(org, bob, pattern):
    olga = UserFactory(first_name="Olga", unit=org["team_b"], roles=[Role.PEER_SUPPORTER])
    shift = pattern(bob)
    swap = DutySwap.objects.create(pattern=shift, on_date=MONDAY, substitute=olga, proposed_by=bob)
    at = local(2026, 3, 23, 23)
    assert rota.on_duty(region=org["north"], kind=PEER, at=at) == [bob]  # only proposed
    swap.status = DutySwap.Status.ACCEPTED
    swap.save()
    assert rota.on_duty(region=org["north"], kind=PEER, at=at) == [olga]
    assert rota.on_duty(region=org["north"], kind=PEER, at=local(2026, 3, 30, 23)) == [bob]  # one shift only


def test_a_night_shift_across_the_spring_change_ends_at_six_on_the_clock(org, bob, pattern):
    """Clocks go forward at 02:00 on Sunday 29 March 2026: the night is seven real hours."""
    pattern(bob, weekday=5)  # Saturdays 22:00-06:00
    north = org["north"]
    [shift] = rota.shifts_between(region=north, kind=PEER, start=local(2026, 3, 28, 12), end=local(2026, 3, 29, 12))
    assert shift.ends_at - shift.starts_at == dt.timedelta(hours=7)
    assert shift.local_end.hour == 6 and shift.local_end.utcoffset() == dt.timedelta(hours=2)
    assert rota.on_duty(region=north, kind=PEER, at=local(2026, 3, 29, 5, 59)) == [bob]
    assert rota.on_duty(region=north, kind=PEER, at=local(2026, 3, 29, 6, 0)) == []
    # 03:30 summer time is 01:30 UTC: still the same night.
    assert rota.on_duty(region=north, kind=PEER, at=dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)) == [bob]


def test_a_night_shift_across_the_autumn_change_lasts_nine_hours(org, bob, pattern):
    pattern(bob, weekday=5)
    north = org["north"]
    [shift] = rota.shifts_between(region=north, kind=PEER, start=local(2026, 10, 24, 12), end=local(2026, 10, 25, 12))
    assert shift.ends_at - shift.starts_at == dt.timedelta(hours=9)
    # 05:30 winter time on the Sunday is 04:30 UTC: on duty; 06:00 winter time is over.
    assert rota.on_duty(region=north, kind=PEER, at=dt.datetime(2026, 10, 25, 4, 30, tzinfo=dt.UTC)) == [bob]
    assert rota.on_duty(region=north, kind=PEER, at=dt.datetime(2026, 10, 25, 5, 0, tzinfo=dt.UTC)) == []


def test_the_next_shift_start_is_given_in_the_regions_time(org, bob, pattern):
    pattern(bob, weekday=2, starts="07:00", ends="15:00")
    start = rota.next_shift_start(region=org["north"], kind=PEER, at=local(2026, 3, 23, 12))
    assert start == local(2026, 3, 25, 7)
    assert start.tzinfo == TZ
    assert rota.next_shift_start(region=org["south"], kind=PEER, at=local(2026, 3, 23, 12)) is None


def test_gaps_in_cover_are_the_times_nobody_of_a_kept_kind_is_on_duty(org, bob, pattern):
    for weekday in range(7):
        pattern(bob, weekday=weekday, starts="08:00", ends="20:00")
    gaps = rota.cover_gaps(region=org["north"], start=local(2026, 3, 23, 8), days=2)
    assert [(g.starts_at, g.ends_at) for g in gaps] == [
        (local(2026, 3, 23, 20), local(2026, 3, 24, 8)),
        (local(2026, 3, 24, 20), local(2026, 3, 25, 8)),
    ]
    assert {g.kind for g in gaps} == {PEER}  # no rota of coordinators: no gaps claimed for them
    assert rota.cover_gaps(region=org["south"], start=local(2026, 3, 23, 8)) == []


def test_the_psychologist_on_call_is_on_the_regions_rota(org, petra, pattern):
    pattern(petra, kind=DutyKind.PSYCHOLOGIST, starts="08:00", ends="20:00")
    assert rota.on_duty(region=org["north"], kind=DutyKind.PSYCHOLOGIST, at=local(2026, 3, 23, 12)) == [petra]
    assert rota.rota_candidates(region=org["north"], kind=DutyKind.PSYCHOLOGIST).filter(pk=petra.pk).exists()


# --- Who is told of a new request ----------------------------------------------------------


def ask(alice, now, **kwargs):
    return support_request_create(requester=alice, urgency=SupportRequest.Urgency.TODAY, now=now, **kwargs)


def test_a_region_without_a_rota_tells_every_available_supporter_as_before(alice, bob, org):
    olga = UserFactory(first_name="Olga", unit=org["team_b"], roles=[Role.PEER_SUPPORTER])
    request = ask(alice, local(2026, 3, 23, 3))
    assert set(on_duty_supporters(support_request=request, now=local(2026, 3, 23, 3))) == {bob, olga}


def test_with_a_rota_only_the_supporters_on_shift_are_told(alice, bob, org, pattern):
    olga = UserFactory(first_name="Olga", unit=org["team_b"], roles=[Role.PEER_SUPPORTER])
    pattern(olga, starts="00:00", ends="08:00")
    pattern(bob, starts="08:00", ends="16:00")
    request = ask(alice, local(2026, 3, 23, 3))
    assert OutboxMessage.objects.with_key(f"ps:request:{request.pk}:new:{olga.pk}").exists()
    assert not OutboxMessage.objects.with_key(f"ps:request:{request.pk}:new:{bob.pk}").exists()
    assert list(on_duty_supporters(support_request=request, now=local(2026, 3, 23, 9))) == [bob]


def test_not_available_now_keeps_a_supporter_on_shift_from_being_told(alice, bob, org, pattern):
    pattern(bob, starts="00:00", ends="08:00")
    supporter_duty_set(supporter=bob, on_duty=False)
    request = ask(alice, local(2026, 3, 23, 3))
    assert not OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:new:").exists()


def test_the_rotas_past_is_deleted_after_its_keeping_time(org, bob, pattern):
    from peer_support.models.rota import ROTA_KEEP_DAYS
    from peer_support.retention import rota_past_delete

    now = local(2026, 9, 1, 12)
    old = now - dt.timedelta(days=ROTA_KEEP_DAYS + 1)
    ended = pattern(bob, valid_until=old.date())
    current = pattern(bob, weekday=3)
    DutyExtraShift.objects.create(
        region=org["north"], person=bob, kind=PEER, starts_at=old - dt.timedelta(hours=1), ends_at=old
    )
    DutyAbsence.objects.create(region=org["north"], person=bob, first_day=old.date(), last_day=old.date())
    DutySwap.objects.create(pattern=current, on_date=old.date(), substitute=bob)
    kept = DutyAbsence.objects.create(region=org["north"], person=bob, first_day=now.date(), last_day=now.date())
    assert rota_past_delete(now) == 4
    assert not DutyPattern.objects.filter(pk=ended.pk).exists()
    assert list(DutyPattern.objects.all()) == [current] and list(DutyAbsence.objects.all()) == [kept]
