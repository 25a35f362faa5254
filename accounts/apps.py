from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and organisation"

    def ready(self):
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
        from django.utils.module_loading import autodiscover_modules

        from core.audit import audit_actions_register

        from . import roles, signals  # noqa: F401

        # What the person reads in their access log when their roles change.
        audit_actions_register(
            {
                "role_added": _("gave you a role in the portal"),
                "role_removed": _("took a role in the portal away from you"),
                "staff_granted": _("gave you access to the administration pages"),
                "staff_revoked": _("took your access to the administration pages away"),
                "superuser_granted": _("made you a superuser of the portal"),
                "superuser_revoked": _("took your superuser rights away"),
                "account_closed": _("closed your account"),
                "unit_left": _("recorded that you left a unit"),
                "unit_joined": _("recorded that you joined a unit"),
            }
        )
        # Each app's `leavers` module registers what someone who leaves hands back there.
        autodiscover_modules("leavers")

        post_migrate.connect(roles.sync_roles_after_migrate, sender=self, dispatch_uid="accounts.sync_roles")
        # The cached permissions of each group (roles.group_permissions, read by User._group_perm_cache).
        m2m_changed.connect(
            roles.group_permissions_forget, sender=Group.permissions.through, dispatch_uid="accounts.perms.m2m"
        )
        for model in (Group, Permission):
            for signal in (post_save, post_delete):
                uid = f"accounts.perms.{model.__name__}.{signal is post_save}"
                signal.connect(roles.group_permissions_forget, sender=model, dispatch_uid=uid)
