"""Trainings and programmes: courses with sessions, enrolment with a wait list, attendance
and completions, and the courses an officer makes required for a role.

An app of its own because none of the others fits: check-ups are care (discreet, between a
person and a psychologist), trainings are part of the job (a trainer sees who comes, a
manager sees who is current on a required course).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Trainings")

    def ready(self):
        from core.navigation import Link, register

        from . import retention  # noqa: F401 - registers the retention rules

        register(
            Link(
                url_name="trainings:courses",
                label=_("Trainings and programmes"),
                description=_("Resilience, fitness, leadership and crisis training: enrol in a session."),
                section="self",
                order=40,
                visible=lambda user: user.has_perm("trainings.enrol_training"),
            ),
            Link(
                url_name="trainings:mine",
                label=_("My trainings"),
                description=_("Your sessions, what you have completed and what is required of you."),
                section="self",
                order=41,
                visible=lambda user: user.has_perm("trainings.enrol_training"),
            ),
            Link(
                url_name="trainings:teaching",
                label=_("My training sessions"),
                description=_("The sessions you give, who is coming, and attendance."),
                section="work",
                order=40,
                visible=lambda user: user.has_perm("trainings.give_training"),
            ),
            Link(
                url_name="trainings:manage",
                label=_("Trainings"),
                description=_("Courses, sessions and which courses each role must take."),
                section="admin",
                order=40,
                visible=lambda user: user.has_perm("trainings.manage_trainings"),
            ),
            Link(
                url_name="trainings:status",
                label=_("Required training"),
                description=_("Per unit: who is current, due or lapsed on the required courses."),
                section="admin",
                order=41,
                visible=lambda user: (
                    user.has_perm("trainings.manage_trainings") or user.has_perm("accounts.view_unit_aggregates")
                ),
            ),
        )
