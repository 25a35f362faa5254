from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Only what every app imports and no domain owns: audit log, retention registry, tags."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("retention")

        from django.contrib.auth.signals import user_logged_in

        from .ratelimit import session_marker_at_login

        user_logged_in.connect(session_marker_at_login, dispatch_uid="core.ratelimit.session_marker")
