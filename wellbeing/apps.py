from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _hands_over_work(user) -> bool:
    return user.has_perm("accounts.hand_over_work") and bool(user.role_names & {"coordinator", "wellbeing_officer"})


class WellbeingConfig(AppConfig):
    """The site's own pages: home per role, health check, language choice."""

    name = "wellbeing"
    verbose_name = "Wellbeing portal"

    def ready(self):
        from core.navigation import Link, register

        register(
            Link(
                "accounts:preferences",
                _("Language, time zone and quiet hours"),
                _("When reminders may reach you, and in which language."),
                section="settings",
                order=10,
            ),
            Link(
                "accounts:access_log",
                _("Who looked at my records"),
                _("Every time someone else opened your request, plan, appointment or deployment."),
                section="self",
                order=90,
            ),
            Link(
                "mfa_index",
                _("Sign-in security"),
                _("Authenticator app, recovery codes and security keys."),
                section="settings",
                order=20,
            ),
            Link(
                "handover",
                _("Work of colleagues who left"),
                _("Requests, follow-up and appointments of people who left, to hand over."),
                section="work",
                order=80,
                visible=_hands_over_work,
            ),
            Link(
                "admin:index",
                _("Administration"),
                _("Accounts, organisation units and the outbox."),
                section="admin",
                order=90,
                visible=lambda user: user.is_staff,
            ),
        )
