from django.urls import path

from . import views

app_name = "checkups"
urlpatterns = [
    # Employees
    path("", views.start, name="start"),
    path("book/<slug:slug>/", views.slots, name="slots"),
    path("book/<slug:slug>/<int:slot_id>/", views.book, name="book"),
    path("held/<int:slot_id>/", views.held, name="held"),
    path("appointments/", views.my_appointments, name="my_appointments"),
    path("appointments/<int:pk>/booked/", views.confirmed, name="confirmed"),
    path("appointments/<int:pk>/invitation.ics", views.invitation, name="invitation"),
    path("appointments/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("appointments/<int:pk>/join/", views.join, name="join"),
    path("appointments/<int:pk>/next/<int:type_pk>/", views.follow_up_next, name="follow_up_next"),
    path("appointments/<int:pk>/move/", views.reschedule, name="reschedule"),
    path("appointments/<int:pk>/move/<int:slot_id>/", views.reschedule_confirm, name="reschedule_confirm"),
    path("wait-list/<slug:slug>/join/", views.waitlist_join, name="waitlist_join"),
    path("wait-list/<int:pk>/leave/", views.waitlist_leave, name="waitlist_leave"),
    path("deployments/new/", views.deployment_new, name="deployment_new"),
    # Open consultation, without a name
    path("open/", views.open_start, name="open_start"),
    path("open/manage/", views.open_manage, name="open_manage"),
    path("open/manage/cancel/", views.open_cancel, name="open_cancel"),
    path("open/manage/done/", views.open_done, name="open_done"),
    path("open/manage/join/", views.open_join, name="open_join"),
    path("open/manage/invitation/", views.open_invitation, name="open_invitation"),
    path("open/manage/move/", views.open_move, name="open_move"),
    path("open/manage/move/<int:slot_id>/", views.open_move_confirm, name="open_move_confirm"),
    path("open/<slug:slug>/", views.open_slots, name="open_slots"),
    path("open/<slug:slug>/<int:slot_id>/", views.open_book, name="open_book"),
    # Psychologists
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/availability/", views.availability, name="availability"),
    path("agenda/availability/profile/", views.profile_save, name="profile_save"),
    path("agenda/availability/windows/", views.window_add, name="window_add"),
    path("agenda/availability/windows/<int:pk>/delete/", views.window_delete, name="window_delete"),
    path("agenda/availability/absences/", views.absence_add, name="absence_add"),
    path("agenda/<int:pk>/", views.agenda_booking, name="agenda_booking"),
    path("agenda/<int:pk>/outcome/", views.agenda_mark, name="agenda_mark"),
    path("agenda/<int:pk>/notes/", views.agenda_note, name="agenda_note"),
    path("agenda/<int:pk>/cancel/", views.agenda_cancel, name="agenda_cancel"),
    path("agenda/<int:pk>/follow-up/", views.agenda_follow_up, name="agenda_follow_up"),
    # Wellbeing officers
    path("figures/", views.figures, name="figures"),
    path("types/", views.type_list, name="types"),
    path("types/new/", views.type_edit, name="type_new"),
    path("types/<int:pk>/", views.type_edit, name="type_edit"),
    path("deployments/", views.deployments, name="deployments"),
]
