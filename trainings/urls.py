from django.urls import path

from . import views

app_name = "trainings"
urlpatterns = [
    # Employees
    path("", views.courses, name="courses"),
    path("mine/", views.mine, name="mine"),
    path("courses/<slug:slug>/", views.course, name="course"),
    path("sessions/<int:session_id>/enrol/", views.enrol, name="enrol"),
    path("places/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("places/<int:pk>/accept/", views.accept, name="accept"),
    path("places/<int:pk>/invitation.ics", views.invitation, name="invitation"),
    # Trainers
    path("teaching/", views.teaching, name="teaching"),
    path("teaching/<int:pk>/", views.participants, name="participants"),
    path("teaching/<int:pk>/attendance/", views.attendance, name="attendance"),
    # Wellbeing officer
    path("manage/", views.manage, name="manage"),
    path("manage/courses/new/", views.course_edit, name="course_new"),
    path("manage/courses/<int:pk>/", views.course_edit, name="course_edit"),
    path("manage/courses/<int:course_id>/sessions/new/", views.session_new, name="session_new"),
    path("manage/courses/<int:course_id>/requirements/", views.requirement_add, name="requirement_add"),
    path("manage/sessions/<int:pk>/", views.session_edit, name="session_edit"),
    path("manage/sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("manage/requirements/<int:pk>/delete/", views.requirement_delete, name="requirement_delete"),
    # Officer (every unit) and managers (their units)
    path("status/", views.status, name="status"),
    path("status/<int:pk>/", views.status_course, name="status_course"),
]
