from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckupsConfig(AppConfig):
    name = "checkups"
    verbose_name = _("Check-ups")

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.audit import audit_actions_register
        from core.navigation import Link, register

        post_migrate.connect(appointment_types_after_migrate, sender=self, dispatch_uid="checkups.appointment_types")

        # What the person reads in their access log, for each action written here.
        audit_actions_register(
            {
                "checkups.booking.view": _("opened your appointment"),
                "checkups.booking.mark": _("recorded whether your appointment took place"),
                "checkups.note.add": _("wrote a note about your appointment"),
                "checkups.booking.cancel": _("cancelled your appointment"),
                "checkups.booking.follow_up": _("planned a next appointment with you"),
                "checkups.agenda.list": _("saw your appointment in their agenda"),
                "checkups.deployment.view": _("opened your deployment"),
                "checkups.deployment.list": _("saw your deployment in the list of deployments"),
            }
        )

        register(
            Link(
                url_name="checkups:start",
                label=_("Book a talk with a psychologist"),
                description=_("A check-up, a preventive talk or a talk around a deployment. You choose the time."),
                section="door",
                order=20,
                visible=lambda user: user.has_perm("checkups.book_appointment"),
            ),
            Link(
                url_name="checkups:my_appointments",
                label=_("My appointments"),
                description=_("See, move or cancel your appointments."),
                section="self",
                order=20,
                visible=lambda user: user.has_perm("checkups.book_appointment"),
            ),
            Link(
                url_name="checkups:open_start",
                label=_("Talk to a psychologist without giving your name"),
                description=_("The open consultation: you choose what the psychologist calls you."),
                section="self",
                order=25,
                visible=lambda user: user.has_perm("checkups.book_appointment"),
                public=True,
            ),
            Link(
                url_name="checkups:agenda",
                label=_("My agenda"),
                description=_("Your appointments by day or week, and your availability."),
                section="work",
                order=20,
                visible=lambda user: user.has_perm("checkups.work_agenda"),
            ),
            Link(
                url_name="checkups:figures",
                label=_("Check-up figures"),
                description=_("Use of psychologists' time and no-show rate, as numbers only."),
                section="admin",
                order=20,
                visible=lambda user: user.has_perm("checkups.manage_checkups"),
            ),
            Link(
                url_name="checkups:deployments",
                label=_("Deployments"),
                description=_("Register deployments and see whether the talks around them have taken place."),
                section="admin",
                order=21,
                visible=lambda user: user.has_perm("checkups.manage_checkups"),
            ),
            Link(
                url_name="checkups:types",
                label=_("Appointment types"),
                description=_("What staff can book, in English, Dutch and Danish."),
                section="admin",
                order=22,
                visible=lambda user: user.has_perm("checkups.manage_checkups"),
            ),
        )


def appointment_types_after_migrate(sender, using="default", **kwargs):
    """After every migrate: the shipped appointment types that are missing (checkups/defaults.py)."""
    from django.db import connections

    from .defaults import appointment_types_ensure
    from .models import AppointmentType

    if AppointmentType._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back below the table: nothing to fill
    appointment_types_ensure(using=using)
