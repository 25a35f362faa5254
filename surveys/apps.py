from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Self-tests and monitor"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.navigation import Link, register

        # The monitor is a sub-package of this app, so autodiscovery (`<app>.retention`,
        # `<app>.demo`) does not reach its modules: importing them here registers its
        # retention rules, demo seeder and what a leaver hands over (their decorators do); its
        # menu links are below.
        from .monitor import demo, leavers, navigation, retention  # noqa: F401
        from .services import instruments_load_after_migrate

        # The shipped instruments (surveys/instruments/*.yaml), after every migrate.
        post_migrate.connect(instruments_load_after_migrate, sender=self, dispatch_uid="surveys.load_instruments")

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
            *navigation.LINKS,
        )
