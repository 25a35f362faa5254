from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from accounts.models import OrganisationUnit
        from core.audit import audit_actions_register
        from core.navigation import Link, register

        from .access import may_edit_own
        from .models import Organisation
        from .selectors import organisations_forget, organisations_forget_root

        post_migrate.connect(organisations_after_migrate, sender=self, dispatch_uid="organisations.ensure")
        # The cached organisations (selectors.organisations_all), with their root unit.
        for signal in (post_save, post_delete):
            kind = "save" if signal is post_save else "delete"
            signal.connect(organisations_forget, sender=Organisation, dispatch_uid=f"organisations.forget.{kind}")
            signal.connect(
                organisations_forget_root, sender=OrganisationUnit, dispatch_uid=f"organisations.root.{kind}"
            )
        audit_actions_register({"organisations.organisation.change": _("changed the settings of the organisation")})
        register(
            Link(
                url_name="organisations:settings",
                label=_("Organisation settings"),
                description=_("Emergency and crisis numbers, escalation times and minimum groups."),
                section="admin",
                order=10,
                visible=may_edit_own,
            )
        )


def organisations_after_migrate(sender, using="default", **kwargs):
    """After every migrate: an organisation for every tree that has none, from the settings defaults."""
    from django.db import connections

    from .models import Organisation
    from .services import organisations_ensure_all

    if Organisation._meta.db_table not in connections[using].introspection.table_names():
        return
    organisations_ensure_all(using=using)
