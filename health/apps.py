from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    """The health square: information, learning modules and ways to help, for staff, their
    partners and children, readable without logging in. Its own app because it is content
    with its own editing rules (drafts, revisions, publication) that no other app owns."""

    name = "health"
    verbose_name = _("Health square")

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.navigation import Link, register

        from . import retention  # noqa: F401  (registers the rule for module progress)
        from .defaults import themes_after_migrate

        post_migrate.connect(themes_after_migrate, sender=self, dispatch_uid="health.themes")

        register(
            Link(
                url_name="health:square",
                label=_("Health square"),
                description=_("Information, short learning modules and where to find help, also for your family."),
                section="self",
                order=60,
                public=True,
            ),
            Link(
                url_name="health:editor",
                label=_("Health square: articles"),
                description=_("Write, publish and review the articles of the health square."),
                section="admin",
                order=60,
                visible=lambda user: user.has_perm("health.edit_content"),
            ),
        )
