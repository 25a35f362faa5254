from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and organisation"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import roles, signals  # noqa: F401

        post_migrate.connect(roles.sync_roles_after_migrate, sender=self, dispatch_uid="accounts.sync_roles")
