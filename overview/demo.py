"""Demo data for the overview: a history of check-ups and peer-support requests in the
completed quarters, large enough in the demo manager's district (Groningen) that the
minimums let figures through, and the quarters frozen. Idempotent: the history is made
once (found again by its people) and a frozen quarter is never frozen again.

The history is written as it stands after the fact (talks completed, requests closed),
straight into the tables, so that nothing is sent for things that "happened" months ago.
"""

import datetime as dt

from django.utils import timezone

from core.demo import demo_seeder

# Extra colleagues per Groningen team, so that both those who used a service and those
# who did not reach the health minimum (10) in a team.
PEOPLE_PER_TEAM = 12
# And more people elsewhere, so that no one's group of people who did not use a service is
# a small one (the district's own staff; Friesland, the rest of the region): else the rules
# hide the district to protect them.
MORE_PEOPLE = {"district-groningen": 10, "team-leeuwarden": 4}
# Per team: how many people had a check-up / asked a colleague for support, per quarter
# (oldest first; a number below the minimum shows as hidden on the overview).
HISTORY = {
    "team-groningen-centrum": {"checkups": [11, 12, 10, 13], "peer_support": [10, 4, 11, 12]},
    "team-groningen-noord": {"checkups": [10, 11, 3, 12], "peer_support": [2, 10, 3, 10]},
}


def _history(*, now):
    from accounts.models import OrganisationUnit
    from accounts.roles import Role
    from accounts.services import user_provision
    from checkups.models import AppointmentType, Booking, Mode, Psychologist, Slot
    from peer_support.models import SupportRequest
    from peer_support.regions import region_of

    from .quarters import bounds, completed_quarters

    psychologist = Psychologist.objects.filter(user__email="psychologist@demo.example").first()
    check_up = AppointmentType.objects.filter(slug="check-up").first()
    if psychologist is None or check_up is None:
        return
    quarters = completed_quarters(timezone.localdate(now))
    for unit in OrganisationUnit.objects.filter(code__in=MORE_PEOPLE):
        for n in range(1, MORE_PEOPLE[unit.code] + 1):
            user_provision(
                email=f"{unit.code}-usage-{n}@demo.example",
                first_name=f"{unit.name} U{n}",
                unit=unit,
                roles=[Role.EMPLOYEE],
                language="nl",
            )
    minute = 0  # every talk at its own time: one psychologist, no two talks at once
    for code, kinds in HISTORY.items():
        team = OrganisationUnit.objects.filter(code=code).first()
        if team is None:
            continue
        people = []
        for n in range(1, PEOPLE_PER_TEAM + 1):
            user, _created = user_provision(
                email=f"{code}-usage-{n}@demo.example",
                first_name=f"{team.name} U{n}",
                unit=team,
                roles=[Role.EMPLOYEE],
                language="nl",
            )
            people.append(user)
        region = region_of(team)
        for index, starts_on in enumerate(quarters):
            start, _end = bounds(starts_on)
            for person in people[: kinds["checkups"][index]]:
                minute += 1
                at = start + dt.timedelta(days=1 + minute // 8, hours=8 + minute % 8)
                slot = Slot.objects.create(
                    psychologist=psychologist, starts_at=at, ends_at=at + dt.timedelta(minutes=50), mode=Mode.VIDEO
                )
                Booking.objects.create(
                    slot=slot,
                    psychologist=psychologist,
                    appointment_type=check_up,
                    employee=person,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    mode=Mode.VIDEO,
                    status=Booking.Status.COMPLETED,
                )
            for number, person in enumerate(people[: kinds["peer_support"][index]]):
                SupportRequest.objects.create(
                    requester=person,
                    requester_unit=team,
                    region=region,
                    status=SupportRequest.Status.CLOSED,
                    created_at=start + dt.timedelta(days=2 + number * 6, hours=20),
                )


@demo_seeder
def seed_overview(*, stdout):
    from accounts.models import User

    from .services import usage_quarters_freeze_due

    now = timezone.now()
    if not User.objects.filter(email__contains="-usage-1@demo.example").exists():
        _history(now=now)
    frozen = usage_quarters_freeze_due(now=now)
    stdout.write(f"Overview: {frozen} quarter(s) of use frozen.")
