from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    """Ask an expert: questions to the psychologists' team, answered in the portal.

    Its own app because it fits none of the others: it is not a booked talk (checkups), not a
    colleague's support (peer_support), and the health square's articles (health) only receive
    an answer once its asker consented and it was stripped of anything personal."""

    name = "experts"
    verbose_name = _("Ask an expert")

    def ready(self):
        from core.audit import audit_actions_register
        from core.navigation import Link, register

        from .access import ACTION_ANSWERED, ACTION_ASKER_SEEN, may_publish, on_team

        audit_actions_register(
            {
                ACTION_ASKER_SEEN: _("saw your name with a question you asked the psychologists"),
                ACTION_ANSWERED: _("answered a question you asked the psychologists"),
            }
        )
        register(
            Link(
                url_name="experts:mine",
                label=_("Ask an expert"),
                description=_("Ask the psychologists a question, with or without your name. The answer comes here."),
                section="self",
                order=40,
                visible=lambda user: user.has_perm("accounts.use_employee_services"),
            ),
            Link(
                url_name="experts:queue",
                label=_("Questions to answer"),
                description=_("Questions people asked the psychologists' team, oldest first."),
                section="work",
                order=30,
                visible=on_team,
            ),
            Link(
                url_name="experts:publishable",
                label=_("Answers that may become articles"),
                description=_("Answered questions whose askers agreed to publication, without anything personal."),
                section="work",
                order=31,
                visible=may_publish,
            ),
        )
