from django.urls import path

from . import views

app_name = "overview"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("figures.csv", views.overview_csv, name="csv"),
]
