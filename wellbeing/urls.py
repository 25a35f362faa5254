from django.contrib import admin
from django.urls import include, path

from accounts.views import language_set

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("language/", language_set, name="language_set"),
    path("me/", include("accounts.urls")),
    path("checkups/", include("checkups.urls")),
    path("selftest/", include("surveys.urls")),
    path("monitor/", include("surveys.monitor.urls")),
    path("support/", include("peer_support.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
