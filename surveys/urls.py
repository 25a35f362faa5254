from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.selftest_list, name="list"),
    path("statistics/", views.statistics, name="statistics"),
    # One URL for every test's reminder (before `<key>/`, so that it is never read as a test).
    path("reminder/", views.selftest_reminder, name="reminder"),
    path("<slug:key>/", views.selftest_take, name="take"),
    path("<slug:key>/download/", views.selftest_download, name="download"),
]
