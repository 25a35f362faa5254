from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.selftest_list, name="list"),
    path("statistics/", views.statistics, name="statistics"),
    path("<slug:key>/", views.selftest_take, name="take"),
    path("<slug:key>/download/", views.selftest_download, name="download"),
    path("<slug:key>/reminder/", views.selftest_reminder, name="reminder"),
]
