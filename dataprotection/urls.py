from django.urls import path

from . import views

app_name = "dataprotection"
urlpatterns = [
    path("me/data/", views.mine, name="mine"),
    path("me/data/download/", views.download, name="download"),
    path("me/data/erasure/", views.erasure_ask, name="erasure_ask"),
    path("data-protection/requests/", views.requests_list, name="requests"),
    path("data-protection/requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("data-protection/requests/<int:pk>/carry-out/", views.request_carry_out, name="request_carry_out"),
    path("data-protection/requests/<int:pk>/decline/", views.request_decline, name="request_decline"),
    path("data-protection/audit-log/", views.audit_log, name="audit_log"),
]
