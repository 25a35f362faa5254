from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "overview"
    verbose_name = "Manager's overview"

    def ready(self):
        from core.navigation import Link, register

        register(
            Link(
                url_name="overview:overview",
                label=_("Overview of my units"),
                description=_("Survey results, measures, incident follow-up and the use of support, without names."),
                section="work",
                order=5,
                visible=_can_read_overview,
            )
        )


def _can_read_overview(user) -> bool:
    # Managers and the wellbeing officer (who has the permission too); permissions are cached
    # per request, so the menu costs no query.
    return user.has_perm("accounts.view_unit_aggregates")
