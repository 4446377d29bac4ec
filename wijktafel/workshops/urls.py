from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    # Facilitators
    path("sessies/", views.workshop_list, name="list"),
    path("sessies/nieuw/", views.create, name="create"),
    path("sessies/<int:pk>/", views.console, name="console"),
    path("sessies/<int:pk>/scherm/", views.screen, name="screen"),
    path("sessies/<int:pk>/qr.svg", views.qr, name="qr"),
    path("sessies/<int:pk>/agenda/", views.agenda, name="agenda"),
    path("sessies/<int:pk>/agenda/nieuw/", views.agenda_add, name="agenda_add"),
    path("sessies/<int:pk>/agenda/<int:item_id>/", views.agenda_update, name="agenda_update"),
    path(
        "sessies/<int:pk>/agenda/<int:item_id>/verwijderen/",
        views.agenda_remove,
        name="agenda_remove",
    ),
    path(
        "sessies/<int:pk>/agenda/<int:item_id>/verplaatsen/", views.agenda_move, name="agenda_move"
    ),
    path("sessies/<int:pk>/nieuwe-code/", views.rotate_code, name="rotate_code"),
    path("sessies/<int:pk>/afsluiten/", views.end, name="end"),
    path(
        "sessies/<int:pk>/deelnemers/<int:participant_id>/verwijderen/",
        views.remove_participant,
        name="remove_participant",
    ),
    # Participants
    path("meedoen/", views.join, name="join"),
    path("meedoen/naam/", views.join_name, name="join_name"),
    path("m/<str:token>/", views.join_qr, name="join_qr"),
    path("sessies/<int:pk>/meedoen/", views.participate, name="participate"),
    # Both
    path("sessies/<int:pk>/events", views.events, name="events"),
]
