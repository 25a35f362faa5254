from django.urls import path

from .views import answering, campaigns, measures, results

app_name = "monitor"
urlpatterns = [
    path("", answering.home, name="home"),
    path("c/<int:campaign_id>/", answering.campaign_intro, name="intro"),
    path("c/<int:campaign_id>/answer/<int:step>/", answering.answer, name="answer"),
    path("c/<int:campaign_id>/thanks/", answering.thanks, name="thanks"),
    path("c/<int:campaign_id>/my-unit/", answering.my_unit, name="my_unit"),
    path("campaigns/", campaigns.campaigns, name="campaigns"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:campaign_id>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:campaign_id>/launch/", campaigns.campaign_launch, name="campaign_launch"),
    path("campaigns/<int:campaign_id>/close/", campaigns.campaign_close, name="campaign_close"),
    path("c/<int:campaign_id>/results/", results.results, name="results"),
    path("c/<int:campaign_id>/results.csv", results.results_csv, name="results_csv"),
    path("c/<int:campaign_id>/results/<str:unit_key>/", results.results_unit, name="results_unit"),
    path("c/<int:campaign_id>/units/<int:unit_id>/measures/new/", measures.measure_create, name="measure_create"),
    path("measures/", measures.measures, name="measures"),
    path("measures/<int:pk>/", measures.measure_edit, name="measure_edit"),
]
