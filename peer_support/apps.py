from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _takes_part_in_reflection(user) -> bool:
    from .models import ReflectionSeries

    return ReflectionSeries.objects.filter(participants=user, cancelled_at__isnull=True).exists()


class PeerSupportConfig(AppConfig):
    """Peer support, critical incidents and their follow-up, the private incident log,
    the other help routes and reflection meetings."""

    name = "peer_support"
    verbose_name = "Peer support"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core import agenda
        from core.audit import audit_actions_register
        from core.navigation import Link, register

        from .access import help_routes_handled_by
        from .selectors import meeting_agenda_items

        post_migrate.connect(load_shipped_presets, sender=self, dispatch_uid="peer_support.load_presets")
        # The group meetings a psychologist leads show in their check-ups agenda.
        agenda.register(meeting_agenda_items)

        # What the person reads in their access log, for each action written here.
        audit_actions_register(
            {
                "support_request.view": _("opened your request"),
                "support_request.claim": _("took on your request"),
                "support_request.contact": _("recorded contact about your request"),
                "support_request.note": _("wrote a note on your request"),
                "support_request.follow_up": _("planned a follow-up on your request"),
                "support_request.refer": _("recorded a referral on your request"),
                "support_request.close": _("closed your request"),
                "support_request.assign": _("gave your request to a supporter"),
                "support_request.support_person": _("named a support person for your request"),
                "support_request.hand_back": _("gave your request back to the team"),
                "follow_up_plan.view": _("opened your follow-up plan"),
                "follow_up_plan.assign": _("gave your follow-up plan to a supporter"),
                "follow_up_plan.refer": _("recorded a referral in your follow-up plan"),
                "follow_up_step.change": _("updated a step of your follow-up plan"),
                "follow_up_step.done": _("updated a step of your follow-up plan"),
                "follow_up_step.claim": _("took on contacting you after the incident"),
                "peer_support.queue.list": _("saw your name in the peer support queue"),
                "group_meeting.attendees": _("saw your name on the list of a group meeting they lead"),
                "group_meeting.schedule": _("planned a group meeting"),
                "group_meeting.move": _("moved a group meeting"),
                "group_meeting.cancel": _("cancelled a group meeting"),
                "group_meeting.held": _("marked a group meeting as held"),
                "supporter.meeting_leader": _("changed whether you lead group meetings"),
            }
        )

        def employee(user):
            return user.has_perm("accounts.use_employee_services")

        register(
            Link(
                "peer_support:request_create",
                _("Talk to a colleague"),
                _("A trained colleague contacts you, in confidence."),
                section="door",
                order=10,
                visible=employee,
            ),
            Link(
                "peer_support:log_list",
                _("My incident log"),
                _("A private record of what you went through, to take to a doctor if you want."),
                section="self",
                order=30,
                visible=employee,
            ),
            Link(
                "peer_support:plan_list",
                _("Follow-up after an incident"),
                _("What is planned for you after an incident, and how to say no."),
                section="self",
                order=31,
                visible=lambda user: employee(user) and user.follow_up_plans.filter(incident__isnull=False).exists(),
            ),
            Link(
                "peer_support:help_routes",
                _("Other help"),
                _("Report bullying in confidence, ask for job rotation or a support person."),
                section="self",
                order=40,
                visible=employee,
            ),
            Link(
                "peer_support:reflection_list",
                _("Reflection meetings"),
                _("The dates and questions of your team's reflection meetings."),
                section="self",
                order=50,
                visible=_takes_part_in_reflection,
            ),
            Link(
                "peer_support:queue",
                _("Peer support queue"),
                _("New requests and follow-up tasks in your region."),
                section="work",
                order=10,
                visible=lambda user: user.has_perm("accounts.work_support_queue"),
            ),
            Link(
                "peer_support:alerts",
                _("Alerts for you"),
                _("Urgent requests and tasks waiting for you while you are on duty."),
                section="work",
                order=9,
                visible=lambda user: user.has_perm("accounts.work_support_queue"),
            ),
            Link(
                "peer_support:coordination",
                _("Coordinate peer support"),
                _("The whole queue of your region, availability and response times."),
                section="work",
                order=11,
                visible=lambda user: user.has_perm("accounts.coordinate_support"),
            ),
            Link(
                "peer_support:rota",
                _("Duty rota"),
                _("Who is on duty when in your region, and the gaps in cover."),
                section="work",
                order=13,
                visible=lambda user: user.has_perm("accounts.coordinate_support"),
            ),
            Link(
                "peer_support:rota_mine",
                _("My shifts"),
                _("Your duty shifts, and swapping one with a colleague."),
                section="work",
                order=14,
                visible=_may_be_on_a_rota,
            ),
            Link(
                "peer_support:help_inbox",
                _("Requests for you"),
                _("Confidential reports and requests that come to your role."),
                section="work",
                order=12,
                visible=lambda user: bool(help_routes_handled_by(user)),
            ),
            Link(
                "peer_support:incident_list",
                _("Critical incidents"),
                _("Register an incident so that follow-up starts for the people involved."),
                section="work",
                order=20,
                visible=lambda user: user.has_perm("peer_support.register_incident"),
            ),
            Link(
                "peer_support:reflection_list",
                _("Reflection meetings"),
                _("Plan regular team meetings with a fixed set of questions."),
                section="work",
                order=30,
                visible=lambda user: user.has_perm("peer_support.lead_reflection"),
            ),
            Link(
                "peer_support:protocol_settings",
                _("Follow-up protocols"),
                _("Choose which protocol runs after each kind of incident."),
                section="admin",
                order=20,
                visible=lambda user: user.has_perm("peer_support.choose_protocol"),
            ),
        )


def _may_be_on_a_rota(user) -> bool:
    """Peer supporters and coordinators always (their work is on a rota); a psychologist once
    they are on one (most are not, and their menu stays their own)."""
    from accounts.roles import Role

    from .models import DutyExtraShift, DutyPattern, DutySwap

    if user.has_role(Role.PEER_SUPPORTER) or user.has_role(Role.COORDINATOR):
        return True
    if not user.has_role(Role.PSYCHOLOGIST):
        return False
    return (
        DutyPattern.objects.filter(person=user).exists()
        or DutyExtraShift.objects.filter(person=user).exists()
        or DutySwap.objects.filter(substitute=user).exists()
    )


def load_shipped_presets(sender, using="default", **kwargs):
    """After every migrate, create the follow-up protocols and the reflection questions the
    portal ships (`presets.py`) that are missing. Idempotent; what exists is left as it is, so
    the timings an officer changed stay theirs."""
    from django.db import connections

    from .models import FollowUpProtocol, ReflectionFramework
    from .services.protocols import protocols_load
    from .services.reflection import reflection_framework_load

    tables = set(connections[using].introspection.table_names())
    if using != "default" or not {FollowUpProtocol._meta.db_table, ReflectionFramework._meta.db_table} <= tables:
        return
    protocols_load()
    reflection_framework_load()
