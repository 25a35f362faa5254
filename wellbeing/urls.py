from django.contrib import admin
from django.urls import include, path

from accounts.views import admin_login, email_addresses_closed, language_set
from experts.views import replies as experts_replies

from . import probes, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", probes.healthz, name="healthz"),
    path("readyz", probes.readyz, name="readyz"),
    path("metrics", probes.metrics, name="metrics"),
    path("language/", language_set, name="language_set"),
    path("people/handover/", views.handover, name="handover"),
    path("people/handover/<int:pk>/done/", views.handover_done, name="handover_done"),
    path("people/handover/<int:pk>/move/", views.handover_booking, name="handover_booking"),
    path("", include("dataprotection.urls")),  # /me/data/ and the data protection officer's pages
    path("me/replies/", experts_replies, name="replies"),  # the reply e-mail's neutral link
    path("me/", include("accounts.urls")),
    path("organisation/", include("organisations.urls")),
    path("checkups/", include("checkups.urls")),
    path("selftest/", include("surveys.urls")),
    path("monitor/", include("surveys.monitor.urls")),
    path("support/", include("peer_support.urls")),
    path("trainings/", include("trainings.urls")),
    path("health/ask/", include("experts.urls")),  # before the health square's own include
    path("health/", include("health.urls")),
    path("overview/", include("overview.urls")),
    path("accounts/email/", email_addresses_closed),  # before allauth's own page
    path("accounts/", include("allauth.urls")),
    # Before the admin's own URLs: its login is allauth's (throttled, with MFA).
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]

# 400, 403, 404 and the CSRF failure use Django's views with the portal's templates
# (templates/400.html, ...); the 500 page must not need the database.
handler500 = "wellbeing.views.server_error"
