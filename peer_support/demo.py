"""Demo data (the protocols come with migrate): a few requests in the northern queue, one incident with a plan."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.demo import demo_seeder

from .models import CriticalIncident, IncidentType, StepKind, SupportRequest
from .services.incidents import incident_register, step_claim, step_complete
from .services.requests import support_request_create

Urgency, Contact = SupportRequest.Urgency, SupportRequest.Contact

DEMO_REQUESTS = [
    # requester, urgency, contact, number (a made-up one), topic, minutes ago
    ("colleague21@demo.example", Urgency.TODAY, Contact.PHONE, "+31612345678", "incident", 20),
    ("colleague41@demo.example", Urgency.THIS_WEEK, Contact.IN_PERSON, "", "pressure", 300),
    ("colleague22@demo.example", Urgency.NO_HURRY, Contact.VIDEO, "", "", 1500),
]


@demo_seeder
def seed_peer_support(*, stdout):
    User = get_user_model()
    now = timezone.now()
    for email, urgency, contact, number, topic, minutes in DEMO_REQUESTS:
        requester = User.objects.filter(email=email).first()
        if requester is None or SupportRequest.objects.filter(requester=requester).exists():
            continue
        support_request_create(
            requester=requester,
            urgency=urgency,
            contact_method=contact,
            contact_detail=number,
            topic=topic,
            preferred_times="",
            now=now - dt.timedelta(minutes=minutes),
        )
    manager = User.objects.filter(email="manager@demo.example").first()
    employee = User.objects.filter(email="employee@demo.example").first()
    if manager and employee and not CriticalIncident.objects.filter(registered_by=manager).exists():
        colleague = User.objects.filter(email="colleague23@demo.example").first()
        incident = incident_register(
            registered_by=manager,
            incident_type=IncidentType.TRAFFIC,
            occurred_at=now - dt.timedelta(days=2),
            unit=employee.unit,
            people=[p for p in (employee, colleague) if p],
            description="Collision on the ring road during a pursuit.",
            now=now,
        )
        # The demo peer supporter has already phoned Eva; the rest of her plan lies ahead.
        supporter = User.objects.filter(email="peer@demo.example").first()
        plan = incident.plans.filter(person=employee).first()
        if supporter and plan:
            outreach = plan.steps.get(kind=StepKind.OUTREACH)
            step_claim(step=outreach, supporter=supporter, now=now)
            step_complete(step=outreach, by=supporter, now=now)
    stdout.write("Peer support: protocols, queue and one incident ready.")
