from django.urls import path

from . import views

app_name = "experts"
urlpatterns = [
    # The asker
    path("", views.ask, name="ask"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/", views.question, name="question"),
    path("mine/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("mine/<int:pk>/consent/", views.consent, name="consent"),
    # The psychologists' team
    path("team/", views.queue, name="queue"),
    path("team/<int:pk>/", views.team_question, name="team_question"),
    path("team/<int:pk>/claim/", views.claim, name="claim"),
    path("team/<int:pk>/release/", views.release, name="release"),
    # Articles
    path("articles/", views.publishable, name="publishable"),
    path("articles/<int:pk>/", views.article, name="article"),
]
