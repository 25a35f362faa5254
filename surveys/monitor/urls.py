from django.urls import path

from . import views

app_name = "monitor"
urlpatterns = [
    path("", views.home, name="home"),
    path("c/<int:campaign_id>/", views.campaign_intro, name="intro"),
    path("c/<int:campaign_id>/answer/<int:step>/", views.answer, name="answer"),
    path("c/<int:campaign_id>/thanks/", views.thanks, name="thanks"),
    path("c/<int:campaign_id>/my-unit/", views.my_unit, name="my_unit"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:campaign_id>/launch/", views.campaign_launch, name="campaign_launch"),
    path("campaigns/<int:campaign_id>/close/", views.campaign_close, name="campaign_close"),
    path("c/<int:campaign_id>/results/", views.results, name="results"),
    path("c/<int:campaign_id>/results.csv", views.results_csv, name="results_csv"),
    path("c/<int:campaign_id>/results/<str:unit_key>/", views.results_unit, name="results_unit"),
    path("c/<int:campaign_id>/units/<int:unit_id>/measures/new/", views.measure_create, name="measure_create"),
    path("measures/", views.measures, name="measures"),
    path("measures/<int:pk>/", views.measure_edit, name="measure_edit"),
]
