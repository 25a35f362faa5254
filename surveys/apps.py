from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Self-tests and monitor"

    def ready(self):
        from core.navigation import Link, register

        register(
            Link(
                url_name="surveys:list",
                label=_("How am I doing?"),
                description=_("A short, anonymous self-test. Nothing you answer is saved."),
                section="door",
                order=30,
                public=True,
            ),
            Link(
                url_name="surveys:statistics",
                label=_("Self-test statistics"),
                description=_("How many self-tests were taken, per result, per month. Anonymous."),
                section="admin",
                order=40,
                visible=lambda user: user.has_perm("surveys.view_selftest_statistics"),
            ),
        )
