"""The national data set of `seed_scale`, phase by phase.

Each phase writes in bulk (`bulk_create`, batches of 5,000) inside one transaction of its own,
through the apps' own models and defaults; where a service does the real work cheaply enough
(materialising slots, registering an incident, launching and closing a monitor campaign) the
service is called, so the data is what the portal itself would have written.

Privacy as in the product: self-test statistics are written in a phase (a transaction) of
their own and name nobody; the monitor's "who answered" (submissions) and "what was answered"
(held responses) are written in separate transactions, and closing the campaign moves the
answers, computes the results and deletes the submissions, as a real close does.
"""

import datetime as dt
import json
import random
import time
from collections import defaultdict
from functools import partial

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import OrganisationUnit, User
from accounts.roles import Role

from . import names
from .org import team_sizes, tree_create, tree_spec
from .progress import Progress

BATCH = 5000
DOMAIN_POLICE = "politie.scale.example"
DOMAIN_PRISON = "dji.scale.example"
# The marker of a database that holds the data set already: the police root's code.
POLICE_CODE = "scale-politie"
PRISON_CODE = "scale-dji"
# Share of --employees that works for the prison service (the rest for the police).
PRISON_SHARE = 0.2
# How many accounts per privileged role are printed at the end, with the demo TOTP secret.
PRINTED_PER_ROLE = 2

PRISON_SETTINGS = {
    "name_en": "Custodial Institutions Agency",
    "name_nl": "Dienst Justitiële Inrichtingen",
    "name_da": "Det nederlandske fængselsvæsen",
    "country": "NL",
    "time_zone": "Europe/Amsterdam",
    "languages": ["nl", "en"],
    "emergency_number": "112",
    "non_emergency_number": "0900-8844",
    "crisis_line_number": "0800-0113",
    "crisis_line_name_en": "113 Suicide Prevention",
    "crisis_line_name_nl": "113 Zelfmoordpreventie",
    "crisis_line_name_da": "113 Selvmordsforebyggelse",
    "peer_support_phone": "0800-7654321",
    "sms_sender": "DJI",
}


def values_update(model, objects, fields) -> None:
    """`bulk_update` in one statement per 2,000 rows (UPDATE ... FROM VALUES). Django's
    bulk_update writes a CASE per field and took 45 s for 9,000 follow-up steps; this 0.6 s."""
    from psycopg2.extras import execute_values

    columns = [model._meta.get_field(name) for name in fields]
    sets = ", ".join(f'"{c.column}" = v."{c.column}"::{c.db_type(connection)}' for c in columns)
    names_sql = ", ".join(f'"{c.column}"' for c in columns)
    sql = f'UPDATE "{model._meta.db_table}" AS t SET {sets} FROM (VALUES %s) AS v(id, {names_sql}) WHERE t.id = v.id'
    rows = [(obj.pk, *[getattr(obj, c.attname) for c in columns]) for obj in objects]
    with connection.cursor() as cursor:
        execute_values(cursor.cursor, sql, rows, page_size=2000)


def scale_present() -> bool:
    return OrganisationUnit.objects.filter(code__in=[POLICE_CODE, PRISON_CODE]).exists()


class Org:
    """One organisation of the data set, as the phases need it (ids, not model instances)."""

    def __init__(self, key, domain, units):
        self.key = key
        self.domain = domain
        self.units = units
        self.root = units[0]
        self.regions = [u for u in units if u.kind == OrganisationUnit.Kind.REGION]
        self.districts = [u for u in units if u.kind == OrganisationUnit.Kind.DISTRICT]
        self.teams = [u for u in units if u.kind == OrganisationUnit.Kind.TEAM]
        by_path = {u.path: u for u in units}
        step = OrganisationUnit.steplen
        # unit id -> its region (the root for units above the regions)
        self.region_of = {}
        for unit in units:
            region = by_path.get(unit.path[: 2 * step]) if unit.depth >= 2 else None
            self.region_of[unit.pk] = region if region is not None else self.root
        self.people = defaultdict(list)  # role -> user ids
        self.unit_of = {}  # user id -> unit id
        self.members = defaultdict(list)  # team id -> user ids
        self.supporters = defaultdict(list)  # region id -> peer supporter ids
        self.coordinators = defaultdict(list)
        self.managers = defaultdict(list)  # managed unit id -> manager ids
        self.printed = []  # (role, email, unit name)


class ScaleSeeder:
    def __init__(self, *, employees: int, seed: int, years: int, stdout, stderr, style):
        self.employees = employees
        self.rng = random.Random(seed)
        self.years = years
        self.out = stdout
        self.err = stderr
        self.style = style
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.timings = []
        self.orgs: list[Org] = []

    # -- running ---------------------------------------------------------------------------
    def run(self) -> None:
        self._phase("organisations", self.seed_organisations)
        self._phase("people and roles", self.seed_people)
        self._phase("check-ups", self.seed_checkups)
        self._phase("support requests", self.seed_requests)
        self._phase("critical incidents", self.seed_incidents)
        self._phase("monitor", self.seed_monitor, atomic=False)  # launch and close have their own
        self._phase("self-test statistics", self.seed_selftests)
        self._phase("health, experts, trainings", self.seed_content)

    def _phase(self, name, method, atomic=True):
        self.out.write(self.style.MIGRATE_HEADING(f"{name}"))
        started = time.perf_counter()
        if atomic:
            with transaction.atomic():
                method()
        else:
            method()
        seconds = time.perf_counter() - started
        self.timings.append((name, seconds))
        self.out.write(f"  {name}: {seconds:.1f} s")

    def progress(self, label, total):
        return Progress(self.err, label, total)

    # -- organisations -----------------------------------------------------------------------
    def seed_organisations(self):
        from checkups.models import Location
        from organisations.services import organisation_ensure
        from wellbeing.management.commands.seed_demo import ORGANISATION_SETTINGS

        prison = max(1, round(self.employees * PRISON_SHARE)) if self.employees >= 50 else 0
        police = self.employees - prison
        specs = [
            (
                "police",
                DOMAIN_POLICE,
                tree_spec(
                    name="Nationale Politie (schaal)",
                    code=POLICE_CODE,
                    employees=police,
                    labels=names.police_label,
                ),
                ORGANISATION_SETTINGS["national"],
                police,
            )
        ]
        if prison:
            regions = 4 if prison >= 2000 else 2
            specs.append(
                (
                    "prison",
                    DOMAIN_PRISON,
                    tree_spec(
                        name="Dienst Justitiële Inrichtingen (schaal)",
                        code=PRISON_CODE,
                        employees=prison,
                        regions=regions,
                        labels=partial(names.prison_label, regions=regions),
                    ),
                    PRISON_SETTINGS,
                    prison,
                )
            )
        self.sizes = {}
        for key, domain, spec, org_settings, size in specs:
            units = tree_create(spec)
            organisation_ensure(root=units[0], **org_settings)
            org = Org(key, domain, units)
            self.orgs.append(org)
            self.sizes[key] = size
            self.out.write(
                f"  {units[0].name}: {len(org.regions)} regions, {len(org.districts)} districts, {len(org.teams)} teams"
            )
            # Where psychologists see people in person: one office per region.
            for region in org.regions:
                Location.objects.get_or_create(
                    name=f"{region.name}, hoofdbureau"[:120],
                    defaults={"address": f"Stationsplein 1, {region.name}"[:250], "time_zone": "Europe/Amsterdam"},
                )

    # -- people ------------------------------------------------------------------------------
    def seed_people(self):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        from wellbeing.management.commands.seed_demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

        # One hash for everyone: hashing 65,000 passwords would take longer than the rest.
        password = make_password(DEMO_PASSWORD)
        groups = {g.name: g.pk for g in Group.objects.filter(name__in=[r.value for r in Role])}
        rng = self.rng
        total = self.employees
        bar = self.progress("people", total)
        for org in self.orgs:
            size = self.sizes[org.key]
            counters = defaultdict(int)
            rows = []  # (User, role, managed unit ids)

            def person(unit, role, managed=(), org=org, counters=counters, rows=rows):
                counters[role] += 1
                first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
                user = User(
                    email=f"{role.replace('_', '-')}-{counters[role]}@{org.domain}",
                    first_name=first,
                    last_name=last,
                    password=password,
                    unit_id=unit.pk,
                    language="en" if rng.random() < 0.08 else "nl",
                    time_zone="Europe/Amsterdam",
                    date_joined=self.now - dt.timedelta(days=rng.randint(30, 365 * 20)),
                )
                rows.append((user, role, list(managed)))

            # Headquarters, regions and districts first; the teams get the rest.
            staff = [
                (Role.PSYCHOLOGIST, max(2, round(size / 800))),
                (Role.WELLBEING_OFFICER, max(1, round(size / 5000))),
                (Role.TRAINER, max(1, round(size / 4000))),
                (Role.COUNSELLOR, max(1, round(size / 5000))),
                (Role.ADMIN, 1),
                (Role.DATA_PROTECTION, 1),
            ]
            for role, count in staff:
                for _ in range(count):
                    person(org.root, role)
            for region in org.regions:
                person(region, Role.MANAGER, [region.pk])
                for _ in range(2):
                    person(region, Role.COORDINATOR)
            for district in org.districts:
                person(district, Role.MANAGER, [district.pk])
            left = max(size - len(rows), len(org.teams))
            for team, team_size in zip(org.teams, team_sizes(rng, org.teams, left), strict=True):
                for index in range(team_size):
                    if index == 0:
                        person(team, Role.MANAGER, [team.pk])  # the team chief
                    elif rng.random() < 0.015:
                        person(team, Role.PEER_SUPPORTER)
                    else:
                        person(team, Role.EMPLOYEE)
            # Every region needs a peer support team: at least two supporters each.
            by_region = defaultdict(list)
            for entry in rows:
                by_region[org.region_of[entry[0].unit_id].pk].append(entry)
            for entries in by_region.values():
                supporters = [e for e in entries if e[1] == Role.PEER_SUPPORTER]
                employees = [e for e in entries if e[1] == Role.EMPLOYEE]
                for entry in rng.sample(employees, min(len(employees), max(0, 2 - len(supporters)))):
                    counters[Role.PEER_SUPPORTER] += 1
                    entry[0].email = f"peer-supporter-{counters[Role.PEER_SUPPORTER]}@{org.domain}"
                    rows[rows.index(entry)] = (entry[0], Role.PEER_SUPPORTER, [])
            for start in range(0, len(rows), BATCH):
                chunk = rows[start : start + BATCH]
                User.objects.bulk_create([user for user, _role, _managed in chunk])
                bar.advance(len(chunk))
            role_rows, managed_rows = [], []
            team_ids = {team.pk for team in org.teams}
            for user, role, managed in rows:
                role_rows.append(User.groups.through(user_id=user.pk, group_id=groups[role]))
                managed_rows += [User.managed_units.through(user_id=user.pk, organisationunit_id=m) for m in managed]
                org.people[role].append(user.pk)
                org.unit_of[user.pk] = user.unit_id
                region_id = org.region_of[user.unit_id].pk
                if role == Role.PEER_SUPPORTER:
                    org.supporters[region_id].append(user.pk)
                elif role == Role.COORDINATOR:
                    org.coordinators[region_id].append(user.pk)
                elif role == Role.MANAGER:
                    for m in managed:
                        org.managers[m].append(user.pk)
                if user.unit_id in team_ids:
                    org.members[user.unit_id].append(user.pk)
            User.groups.through.objects.bulk_create(role_rows, batch_size=BATCH)
            User.managed_units.through.objects.bulk_create(managed_rows, batch_size=BATCH)
            # A few accounts per privileged role log in with the demo TOTP secret (seed_demo's).
            units = {u.pk: u for u in org.units}
            for role in Role:
                if role == Role.EMPLOYEE:
                    picked = [user for user, r, _m in rows if r == role][:PRINTED_PER_ROLE]
                else:
                    picked = [user for user, r, m in rows if r == role and (role != Role.MANAGER or m)]
                    # Managers: one of a team, one of a district, one of a region.
                    if role == Role.MANAGER:
                        kinds = {}
                        for user in picked:
                            kinds.setdefault(units[user.unit_id].kind, user)
                        picked = list(kinds.values())
                    picked = picked[:PRINTED_PER_ROLE] if role != Role.MANAGER else picked
                for user in picked:
                    if role != Role.EMPLOYEE and not Authenticator.objects.filter(user=user).exists():
                        TOTP.activate(user, DEMO_TOTP_SECRET)
                    org.printed.append((role.value, user.email, units[user.unit_id].name))
        bar.close()
        for org in self.orgs:
            User.objects.filter(pk__in=org.people[Role.ADMIN]).update(is_staff=True, is_superuser=True)

    # -- check-ups ---------------------------------------------------------------------------
    def seed_checkups(self):
        from checkups.demo import WINDOWS
        from checkups.models import AppointmentType, AvailabilityWindow, Booking, Location, Mode, Psychologist, Slot
        from checkups.services import slots_materialise

        rng = self.rng
        types = {t.slug: t for t in AppointmentType.objects.all()}
        psychologists, windows = [], []
        for org in self.orgs:
            locations = list(Location.objects.filter(name__in=[f"{r.name}, hoofdbureau"[:120] for r in org.regions]))
            for index, user_id in enumerate(org.people[Role.PSYCHOLOGIST]):
                psychologist = Psychologist(
                    user_id=user_id,
                    languages=",en,nl," if rng.random() < 0.7 else ",nl,",
                    video_link=f"https://video.example.org/room/{org.key}-{index + 1}",
                    phone=f"088-{rng.randint(1000000, 9999999)}",
                    time_zone="Europe/Amsterdam",
                )
                psychologist._org = org
                psychologist._location = rng.choice(locations) if locations else None
                psychologists.append(psychologist)
        Psychologist.objects.bulk_create(psychologists, batch_size=BATCH)
        through_locations = Psychologist.locations.through
        through_locations.objects.bulk_create(
            [
                through_locations(psychologist_id=p.pk, location_id=p._location.pk)
                for p in psychologists
                if p._location is not None
            ]
        )
        window_types = []
        for psychologist in psychologists:
            for weekday, start, end, mode, in_person, slugs in rng.sample(WINDOWS, rng.randint(4, len(WINDOWS))):
                if in_person and psychologist._location is None:
                    mode, in_person = Mode.VIDEO, False
                window = AvailabilityWindow(
                    psychologist_id=psychologist.pk,
                    weekday=weekday,
                    start_time=start,
                    end_time=end,
                    mode=mode,
                    location=psychologist._location if in_person else None,
                )
                windows.append(window)
                window_types.append([types[s].pk for s in slugs if s in types])
        AvailabilityWindow.objects.bulk_create(windows, batch_size=BATCH)
        through_types = AvailabilityWindow.appointment_types.through
        through_types.objects.bulk_create(
            [
                through_types(availabilitywindow_id=w.pk, appointmenttype_id=t)
                for w, ts in zip(windows, window_types, strict=True)
                for t in ts
            ],
            batch_size=BATCH,
        )
        windows_of = defaultdict(list)
        for window, type_ids in zip(windows, window_types, strict=True):
            windows_of[window.psychologist_id].append((window, type_ids))

        # A year (or --years) of past slots, made from the same windows.
        tz = timezone.get_current_timezone()
        first_day = self.today - dt.timedelta(days=365 * self.years)
        days = (self.today - first_day).days + 1
        bar = self.progress("past slots", len(psychologists))
        past_slots, past_types = [], []
        for psychologist in psychologists:
            for offset in range(days):
                day = first_day + dt.timedelta(days=offset)
                for window, type_ids in windows_of[psychologist.pk]:
                    if window.weekday != day.weekday():
                        continue
                    moment = dt.datetime.combine(day, window.start_time, tzinfo=tz)
                    end = dt.datetime.combine(day, window.end_time, tzinfo=tz)
                    while moment + dt.timedelta(minutes=window.slot_minutes) <= end:
                        ends = moment + dt.timedelta(minutes=window.slot_minutes)
                        if ends <= self.now:
                            past_slots.append(
                                Slot(
                                    psychologist_id=psychologist.pk,
                                    window=window,
                                    starts_at=moment,
                                    ends_at=ends,
                                    mode=window.mode,
                                    location=window.location,
                                )
                            )
                            past_types.append(type_ids)
                        moment = ends
            bar.advance()
        bar.close()
        Slot.objects.bulk_create(past_slots, batch_size=BATCH)
        through_slot = Slot.appointment_types.through
        through_slot.objects.bulk_create(
            [
                through_slot(slot_id=s.pk, appointmenttype_id=t)
                for s, ts in zip(past_slots, past_types, strict=True)
                for t in ts
            ],
            batch_size=BATCH,
        )
        # Eight weeks ahead (CHECKUPS_WEEKS_AHEAD), by the service the daily job runs.
        bar = self.progress("slots ahead", len(psychologists))
        for psychologist in psychologists:
            slots_materialise(psychologist=psychologist, now=self.now)
            bar.advance()
        bar.close()

        # Bookings: most past slots taken (some cancelled, a few missed), fewer ahead.
        future = list(
            Slot.objects.filter(psychologist__in=psychologists, starts_at__gt=self.now)
            .values_list("pk", "psychologist_id", "starts_at", "ends_at", "mode", "location_id")
            .order_by("starts_at")
        )
        future_types = defaultdict(list)
        for slot_id, type_id in through_slot.objects.filter(slot_id__in=[f[0] for f in future]).values_list(
            "slot_id", "appointmenttype_id"
        ):
            future_types[slot_id].append(type_id)
        org_of = {p.pk: p._org for p in psychologists}
        by_id = {t.pk: t for t in types.values()}
        open_type = types.get("open-consultation")
        bookings = []
        slots = [
            (s.pk, s.psychologist_id, s.starts_at, s.ends_at, s.mode, s.location_id, ts)
            for s, ts in zip(past_slots, past_types, strict=True)
        ] + [(*f, future_types[f[0]]) for f in future]
        bar = self.progress("bookings", len(slots))
        for slot_id, psychologist_id, starts_at, ends_at, mode, location_id, type_ids in slots:
            bar.advance()
            past = starts_at < self.now
            weeks_ahead = (starts_at - self.now).days // 7
            chance = 0.6 if past else (0.55 if weeks_ahead < 2 else 0.3 if weeks_ahead < 4 else 0.12)
            if rng.random() >= chance:
                continue
            bookable = [by_id[t] for t in type_ids if by_id[t].slug in ("check-up", "preventive-talk")]
            if not bookable:
                continue
            org = org_of[psychologist_id]
            employee = rng.choice(org.people[Role.EMPLOYEE])
            kind = rng.choices(bookable, weights=[3 if t.slug == "check-up" else 1 for t in bookable])[0]
            alias = ""
            if open_type is not None and open_type.pk in type_ids and rng.random() < 0.1:
                kind, employee, alias = open_type, None, rng.choice(["Robin", "Sam", "Kim", "Alex", "Charlie"])
            status, cancelled_by, cancelled_at = Booking.Status.BOOKED, "", None
            if past:
                status = rng.choices(
                    [Booking.Status.COMPLETED, Booking.Status.NO_SHOW, Booking.Status.CANCELLED], weights=[85, 5, 10]
                )[0]
            elif rng.random() < 0.04:
                status = Booking.Status.CANCELLED
            if status == Booking.Status.CANCELLED:
                cancelled_by = rng.choice([Booking.CancelledBy.EMPLOYEE, Booking.CancelledBy.PSYCHOLOGIST])
                cancelled_at = min(starts_at - dt.timedelta(days=rng.randint(1, 6)), self.now)
            bookings.append(
                Booking(
                    slot_id=slot_id,
                    psychologist_id=psychologist_id,
                    appointment_type=kind,
                    employee_id=employee,
                    alias=alias,
                    starts_at=starts_at,
                    ends_at=min(starts_at + dt.timedelta(minutes=kind.duration_minutes), ends_at),
                    mode=mode,
                    location_id=location_id,
                    call_number=f"+316{rng.randint(10000000, 99999999)}" if mode == Mode.PHONE else "",
                    status=status,
                    cancelled_by=cancelled_by,
                    cancelled_at=cancelled_at,
                )
            )
        bar.close()
        Booking.objects.bulk_create(bookings, batch_size=BATCH)
        # Booked one to thirty days before the talk (or today, if sooner), not all today as
        # auto_now_add wrote: the figures per month read the booking date.
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Booking._meta.db_table} SET created_at = LEAST(%s, starts_at - "
                "(1 + floor(random() * 30)) * interval '1 day') WHERE psychologist_id = ANY(%s)",
                [self.now, [p.pk for p in psychologists]],
            )
        self.out.write(f"  {len(psychologists)} psychologists, {len(bookings)} bookings")

    # -- peer support requests ---------------------------------------------------------------
    def seed_requests(self):
        from peer_support.models import SupportRequest

        S, U, C, T = SupportRequest.Status, SupportRequest.Urgency, SupportRequest.Contact, SupportRequest.Topic
        rng = self.rng
        count = max(10, round(self.employees * 0.06 * self.years))
        span = 365 * self.years * 24 * 3600
        rows = []
        bar = self.progress("support requests", count)
        for index in range(count):
            org = self.orgs[0] if len(self.orgs) == 1 or rng.random() < 0.8 else self.orgs[1]
            requester = rng.choice(org.people[Role.EMPLOYEE])
            unit_id = org.unit_of[requester]
            region = org.region_of[unit_id]
            # The most recent few are still open, in each state.
            age = dt.timedelta(seconds=rng.uniform(600, span)) if index >= 12 else dt.timedelta(hours=index * 5 + 1)
            created = self.now - age
            if age < dt.timedelta(days=3):
                status = rng.choice([S.NEW, S.CLAIMED, S.IN_CONTACT])
            elif age < dt.timedelta(days=30):
                status = rng.choices([S.IN_CONTACT, S.CLOSED, S.WITHDRAWN], weights=[35, 55, 10])[0]
            else:
                status = rng.choices([S.CLOSED, S.WITHDRAWN], weights=[93, 7])[0]
            contact = rng.choices([C.PHONE, C.VIDEO, C.IN_PERSON, C.CHAT], weights=[50, 15, 30, 5])[0]
            row = SupportRequest(
                requester_id=requester,
                region=region,
                requester_unit_id=unit_id,
                topic=rng.choices([T.INCIDENT, T.PRESSURE, T.PRIVATE, T.OTHER, ""], weights=[35, 30, 20, 10, 5])[0],
                urgency=rng.choices([U.TODAY, U.THIS_WEEK, U.NO_HURRY], weights=[20, 55, 25])[0],
                contact_method=contact,
                contact_detail=f"+316{rng.randint(10000000, 99999999)}" if contact == C.PHONE else "",
                status=status,
                created_at=created,
            )
            supporters = [s for s in org.supporters.get(region.pk, []) if s != requester]
            if status == S.NEW:
                # Escalation lies ahead, so that seeding does not set off a storm of alerts.
                row.escalate_at = self.now + dt.timedelta(hours=rng.randint(2, 48))
            elif supporters and not (status == S.WITHDRAWN and rng.random() < 0.5):
                row.assigned_to_id = rng.choice(supporters)
                row.assigned_at = min(created + dt.timedelta(minutes=rng.randint(10, 1200)), self.now)
                if status != S.CLAIMED:
                    row.first_contact_at = min(row.assigned_at + dt.timedelta(minutes=rng.randint(15, 1440)), self.now)
            if status in (S.CLOSED, S.WITHDRAWN):
                after = row.first_contact_at or created
                row.closed_at = min(after + dt.timedelta(hours=rng.randint(1, 24 * 30)), self.now)
            elif status == S.CLAIMED and row.assigned_to_id is None:
                row.status = S.NEW
                row.escalate_at = self.now + dt.timedelta(hours=rng.randint(2, 48))
            rows.append(row)
            bar.advance()
        bar.close()
        SupportRequest.objects.bulk_create(rows, batch_size=BATCH)

    # -- critical incidents ------------------------------------------------------------------
    def seed_incidents(self):
        from notifications.models import OutboxMessage
        from peer_support.models import CriticalIncident, FollowUpPlan, FollowUpStep, IncidentType, StepKind
        from peer_support.services.incidents import incident_register

        rng = self.rng
        outbox_before = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        count = max(4, round(self.employees / 100 * self.years))
        span = 365 * self.years * 24 * 3600
        units = {u.pk: u for org in self.orgs for u in org.units}
        incident_ids = []
        bar = self.progress("incidents", count)
        for index in range(count):
            org = self.orgs[0] if len(self.orgs) == 1 or rng.random() < 0.8 else self.orgs[1]
            team = rng.choice([t for t in org.teams if org.members[t.pk]] or org.teams)
            members = org.members[team.pk]
            people = rng.sample(members, min(len(members), rng.choice([1, 1, 2, 2, 3, 4, 6])))
            if not people:
                bar.advance()
                continue
            registrar = (org.managers.get(team.pk) or org.coordinators.get(org.region_of[team.pk].pk) or people)[0]
            # The most recent ones are days old, so that some plans are under way.
            age = (
                dt.timedelta(hours=rng.uniform(3, 24 * 20))
                if index < max(1, count // 10)
                else dt.timedelta(seconds=rng.uniform(3600, span))
            )
            occurred = self.now - age
            incident = incident_register(
                registered_by=User.objects.get(pk=registrar),
                incident_type=rng.choice(list(IncidentType.values)),
                occurred_at=occurred,
                unit=units[team.pk],
                people=list(User.objects.filter(pk__in=people).select_related("unit")),
                now=occurred + dt.timedelta(hours=1),
            )
            incident_ids.append(incident.pk)
            bar.advance()
        bar.close()
        supporters_in = defaultdict(list)
        for org in self.orgs:
            for region_id, ids in org.supporters.items():
                supporters_in[region_id] += ids
        plans = list(FollowUpPlan.objects.filter(incident_id__in=incident_ids))
        steps_of = defaultdict(list)
        for step in FollowUpStep.objects.filter(plan__in=plans):
            steps_of[step.plan_id].append(step)
        changed_plans, changed_steps = [], []
        for plan in plans:
            candidates = [s for s in supporters_in.get(plan.region_id, []) if s != plan.person_id]
            steps = steps_of[plan.pk]
            if rng.random() < 0.05:
                first = min((s.due_at for s in steps), default=self.now)
                plan.declined_at = min(first, self.now)
                changed_plans.append(plan)
                for step in steps:
                    if step.state == FollowUpStep.State.PLANNED:
                        step.state = FollowUpStep.State.CANCELLED
                        changed_steps.append(step)
                continue
            if not candidates:
                continue
            plan.supporter_id = rng.choice(candidates)
            changed_plans.append(plan)
            for step in steps:
                if step.kind != StepKind.SCREENING:
                    step.owner_id = plan.supporter_id
                if step.due_at < self.now:
                    step.state = rng.choices(
                        [FollowUpStep.State.DONE, FollowUpStep.State.SKIPPED, FollowUpStep.State.PLANNED],
                        weights=[88, 9, 3],
                    )[0]
                    if step.state == FollowUpStep.State.DONE:
                        step.done_at = min(step.due_at + dt.timedelta(hours=rng.uniform(0, 20)), self.now)
                        if step.kind == StepKind.SCREENING:
                            step.sent_at = step.due_at
                    elif step.state == FollowUpStep.State.PLANNED and step.overdue_at < self.now:
                        step.overdue_flagged_at = step.overdue_at  # flagged then: no alert storm now
                changed_steps.append(step)
        # Registered an hour after the event, as the service was told ("now"), not today.
        CriticalIncident.objects.filter(pk__in=incident_ids).update(created_at=F("occurred_at") + dt.timedelta(hours=1))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {FollowUpPlan._meta.db_table} AS p SET created_at = i.occurred_at + interval '1 hour' "
                f"FROM {CriticalIncident._meta.db_table} AS i WHERE p.incident_id = i.id AND i.id = ANY(%s)",
                [incident_ids],
            )
        values_update(FollowUpPlan, changed_plans, ["supporter", "declined_at"])
        values_update(FollowUpStep, changed_steps, ["owner", "state", "done_at", "sent_at", "overdue_flagged_at"])
        # The notices of incidents months ago went out then: mark them sent, not due now.
        stale = OutboxMessage.objects.filter(
            pk__gt=outbox_before, status=OutboxMessage.Status.PENDING, due_at__lt=self.now - dt.timedelta(hours=1)
        )
        stale.update(status=OutboxMessage.Status.SENT, sent_at=self.now)
        self.out.write(f"  {len(incident_ids)} incidents, {len(plans)} follow-up plans, {len(changed_steps)} steps")

    # -- monitor -----------------------------------------------------------------------------
    def seed_monitor(self):
        from surveys.monitor import services
        from surveys.monitor.models import Campaign, HeldComment, HeldResponse, Participation, Submission
        from surveys.monitor.questionnaire import questionnaire_for

        rng = self.rng
        comments = [
            "De nachtdiensten volgen elkaar te snel op.",
            "Fijne collega's; na de rellen hebben we het samen goed nabesproken.",
            "Veel te veel administratie sinds het nieuwe systeem.",
            "Graag meer aandacht voor agressie aan de balie.",
            "Te weinig mensen voor het aantal meldingen.",
        ]
        closed_on = self.today - dt.timedelta(days=45)
        name = f"Work survey {closed_on.year}"
        for org in self.orgs:
            creator = (org.people[Role.WELLBEING_OFFICER] or [None])[0]
            campaign = Campaign.objects.create(
                name=name,
                name_nl=f"Werkbelevingsonderzoek {closed_on.year}",
                name_da=f"Arbejdsmiljøundersøgelse {closed_on.year}",
                parts=["copsoq3", "organisation"],
                opens_on=self.today,
                closes_on=self.today,
                free_text=True,
                created_by_id=creator,
            )
            campaign.units.set([org.root])
            # The service itself (not a task that may queue it): participations and invitations.
            invited = services.campaign_launch(campaign=campaign)
            items = list(questionnaire_for(campaign).items.values())
            participations = list(
                Participation.objects.filter(campaign=campaign).values_list("user_id", "report_unit_id")
            )
            answering = rng.sample(participations, int(len(participations) * 0.6))
            bar = self.progress(f"answers ({org.key})", len(answering))
            # Who answered, in a transaction of its own ...
            with transaction.atomic():
                Submission.objects.bulk_create(
                    [Submission(campaign=campaign, user_id=user_id) for user_id, _unit in answering], batch_size=BATCH
                )
            # ... and what was answered in another, in a different order, with no user.
            units = [unit for _user, unit in answering]
            rng.shuffle(units)
            bias, held, notes = {}, [], []
            for report_unit in units:
                lean = bias.setdefault(report_unit, rng.uniform(-1.2, 1.2))
                answers = {}
                for item in items:
                    if rng.random() < 0.03:
                        continue  # a few skipped questions
                    values = sorted(item.scale.values)
                    answers[item.key] = values[min(max(int(round(rng.gauss(2 + lean, 1.1))), 0), len(values) - 1)]
                held.append(HeldResponse(campaign=campaign, report_unit_id=report_unit, answers=json.dumps(answers)))
                if rng.random() < 0.1:
                    notes.append(HeldComment(campaign=campaign, report_unit_id=report_unit, text=rng.choice(comments)))
                bar.advance()
            with transaction.atomic():
                HeldResponse.objects.bulk_create(held, batch_size=BATCH)
                HeldComment.objects.bulk_create(notes, batch_size=BATCH)
            bar.close()
            started = time.perf_counter()
            services.campaign_close(campaign=campaign)
            closing = time.perf_counter() - started
            self.out.write(f"  {org.root.name}: {invited} invited, {len(held)} answered, closed in {closing:.1f} s")
            # It ran six weeks ago, for three weeks.
            Campaign.objects.filter(pk=campaign.pk).update(
                opens_on=closed_on - dt.timedelta(days=21),
                closes_on=closed_on,
                launched_at=self.now - dt.timedelta(days=66),
                closed_at=self.now - dt.timedelta(days=44),
            )

    # -- self-tests --------------------------------------------------------------------------
    def seed_selftests(self):
        from surveys.models import Instrument, SelfTestStatistic
        from surveys.selectors import engine_instrument
        from surveys.services import instruments_load, iso_week

        instruments_load()
        rng = self.rng
        share = {"who5": 16, "phq9": 10, "gad7": 8, "k10": 6, "pcl5": 4, "cbi": 6}
        per_year = self.employees * 0.3  # tests completed a year, all instruments
        weights_total = sum(share.values())
        rows = []
        for instrument in [engine_instrument(row) for row in Instrument.objects.all()]:
            bands = instrument.band_keys()
            weights = [{0: 10, 1: 5, 2: 3, 3: 1}.get(band.level, 1) for band in instrument.statistics.bands]
            weekly = per_year * share.get(instrument.key, 4) / weights_total / 52
            for weeks_back in range(0, 52 * self.years):
                week = iso_week(self.today - dt.timedelta(weeks=weeks_back))
                drawn = max(0.0, rng.gauss(weekly, weekly / 4))
                for _ in range(int(drawn) + (rng.random() < drawn - int(drawn))):  # right on average
                    rows.append(
                        SelfTestStatistic(instrument=instrument.key, band=rng.choices(bands, weights)[0], iso_week=week)
                    )
        rng.shuffle(rows)  # random primary keys already; no order to read either
        bar = self.progress("self-test statistics", len(rows))
        for start in range(0, len(rows), BATCH):
            SelfTestStatistic.objects.bulk_create(rows[start : start + BATCH])
            bar.advance(len(rows[start : start + BATCH]))
        bar.close()

    # -- content: health square, questions to the experts, trainings ---------------------------
    def seed_content(self):
        self._health()
        self._experts()
        self._trainings()

    def _health(self):
        from health.demo import RELATED
        from health.demo_content import ARTICLES
        from health.models import Article, Theme
        from health.services import article_create, article_publish

        officer = User.objects.filter(pk__in=self.orgs[0].people[Role.WELLBEING_OFFICER][:1]).first()
        themes = {theme.slug: theme for theme in Theme.objects.all()}
        made = 0
        for order, (theme_slug, slug, audience, texts) in enumerate(ARTICLES, start=1):
            if theme_slug not in themes or Article.objects.filter(slug=slug).exists():
                continue  # seed_demo wrote it already
            fields = {
                "theme": themes[theme_slug],
                "slug": slug,
                "kind": Article.Kind.QA if theme_slug == "questions-and-answers" else Article.Kind.ARTICLE,
                "audience": audience,
                "order": order,
                "related": RELATED.get(theme_slug, []),
                "review_at": (self.now + dt.timedelta(days=365)).date(),
            }
            for language, (title, summary, body) in texts.items():
                fields.update({f"title_{language}": title, f"summary_{language}": summary, f"body_{language}": body})
            article = article_create(editor=officer, fields=fields, now=self.now)
            article_publish(article=article, editor=officer, now=self.now)
            made += 1
        self.out.write(f"  health square: {made} articles published ({Article.objects.count()} in all)")

    def _experts(self):
        from experts.demo import QUESTIONS
        from experts.models import Question

        rng = self.rng
        count = max(3, round(self.employees / 400 * self.years))
        span = 365 * self.years * 24 * 3600
        rows = []
        for index in range(count):
            org = rng.choice(self.orgs)
            _email, topic, show_name, consent, _days, text, answer = QUESTIONS[index % len(QUESTIONS)]
            answer = answer or QUESTIONS[0][6]
            asked = self.now - dt.timedelta(seconds=rng.uniform(3600, span))
            question = Question(
                asker_id=rng.choice(org.people[Role.EMPLOYEE]),
                topic=topic,
                text=text,
                show_name=show_name,
                consent_to_publish=consent,
                asked_at=asked,
            )
            if self.now - asked > dt.timedelta(days=4) or rng.random() < 0.3:
                psychologist = rng.choice(org.people[Role.PSYCHOLOGIST])
                question.answer = answer
                question.claimed_by_id = question.answered_by_id = psychologist
                question.answered_at = min(asked + dt.timedelta(hours=rng.randint(4, 96)), self.now)
                question.status = Question.Status.ANSWERED
            rows.append(question)
        Question.objects.bulk_create(rows, batch_size=BATCH)

    def _trainings(self):
        from trainings.demo import COURSES, REQUIREMENTS
        from trainings.models import Completion, Course, Enrolment, Requirement, Session

        rng = self.rng
        courses = []
        for spec in COURSES:
            course, _made = Course.objects.get_or_create(slug=spec["slug"], defaults=spec)
            courses.append(course)
        by_slug = {c.slug: c for c in courses}
        for slug, role, months in REQUIREMENTS:
            Requirement.objects.get_or_create(
                course=by_slug[slug], role=role, defaults={"renewal_months": months, "created_at": self.now}
            )
        tz = timezone.get_current_timezone()
        sessions, seats = [], []
        for org in self.orgs:
            trainers = org.people[Role.TRAINER]
            for region in org.regions:
                people = [p for t in org.teams if org.region_of[t.pk] == region for p in org.members[t.pk]]
                if not people:
                    continue
                for course in courses:
                    # One session every eight weeks or so, from a year ago to three months ahead.
                    day = self.today - dt.timedelta(days=365 * self.years - rng.randint(0, 50))
                    while day < self.today + dt.timedelta(days=90):
                        starts = dt.datetime.combine(day, dt.time(rng.choice([9, 13, 18])), tzinfo=tz)
                        online = course.delivery == Course.Delivery.ONLINE
                        session = Session(
                            course=course,
                            starts_at=starts,
                            ends_at=starts + dt.timedelta(minutes=course.duration_minutes),
                            time_zone="Europe/Amsterdam",
                            place="" if online else f"{region.name}, hoofdbureau"[:200],
                            video_link=f"https://video.example.org/room/{course.slug}" if online else "",
                            capacity=rng.choice([12, 16, 20, 25]),
                            trainer_id=rng.choice(trainers) if trainers else None,
                        )
                        sessions.append(session)
                        seats.append(people)
                        day += dt.timedelta(days=rng.randint(42, 70))
        Session.objects.bulk_create(sessions, batch_size=BATCH)
        enrolments, completions = [], []
        for session, people in zip(sessions, seats, strict=True):
            past = session.ends_at < self.now
            fill = rng.uniform(0.6, 1.0) if past else rng.uniform(0.2, 1.1)
            taken = rng.sample(people, min(len(people), round(session.capacity * fill)))
            for index, user_id in enumerate(taken):
                created = session.starts_at - dt.timedelta(days=rng.randint(3, 40))
                if past:
                    status = rng.choices([Enrolment.Status.ATTENDED, Enrolment.Status.ABSENT], weights=[9, 1])[0]
                elif index < session.capacity:
                    status = Enrolment.Status.ENROLLED
                else:
                    status = Enrolment.Status.WAITING
                enrolments.append(
                    Enrolment(session=session, user_id=user_id, status=status, created_at=min(created, self.now))
                )
                if status == Enrolment.Status.ATTENDED:
                    completions.append(
                        Completion(
                            user_id=user_id,
                            unit_id=self._unit_of(user_id),
                            course=session.course,
                            session=session,
                            completed_on=timezone.localdate(session.starts_at),
                        )
                    )
        Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
        Completion.objects.bulk_create(completions, batch_size=BATCH, ignore_conflicts=True)
        self.out.write(f"  trainings: {len(sessions)} sessions, {len(enrolments)} enrolments")

    def _unit_of(self, user_id):
        for org in self.orgs:
            if user_id in org.unit_of:
                return org.unit_of[user_id]
        return None

    # -- the report --------------------------------------------------------------------------
    def counts(self) -> list[tuple[str, int]]:
        from django.apps import apps

        labels = [
            "accounts.OrganisationUnit",
            "accounts.User",
            "checkups.Psychologist",
            "checkups.AvailabilityWindow",
            "checkups.Slot",
            "checkups.Booking",
            "peer_support.SupportRequest",
            "peer_support.CriticalIncident",
            "peer_support.FollowUpPlan",
            "peer_support.FollowUpStep",
            "surveys.Campaign",
            "surveys.Participation",
            "surveys.Submission",
            "surveys.Response",
            "surveys.Comment",
            "surveys.UnitResult",
            "surveys.ScaleResult",
            "surveys.SelfTestStatistic",
            "health.Article",
            "experts.Question",
            "trainings.Course",
            "trainings.Session",
            "trainings.Enrolment",
            "trainings.Completion",
            "notifications.OutboxMessage",
        ]
        rows = []
        for label in labels:
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            rows.append((model._meta.db_table, model.objects.count()))
        return rows


def settings_ok() -> bool:
    return bool(settings.DEBUG)
