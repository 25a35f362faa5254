from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_choose, name="choose"),
    path("settings/", views.organisation_settings, name="settings"),
]
