from django.urls import path

from . import views

app_name = "series"

urlpatterns = [
    path("reeksen/", views.series_list, name="list"),
    path("reeksen/<int:pk>/", views.series_detail, name="detail"),
    path("reeksen/<int:pk>/sessies/", views.series_add_session, name="add_session"),
    path("reeksen/<int:pk>/links/", views.link_create, name="link_create"),
    path("reeksen/<int:pk>/links/<int:link_id>/intrekken/", views.link_revoke, name="link_revoke"),
    path("reeksen/<int:pk>/samenvoegen/", views.persons_merge, name="merge"),
    path(
        "reeksen/<int:pk>/personen/<int:person_id>/vergeten/",
        views.forget_devices,
        name="forget_devices",
    ),
    path(
        "reeksen/sessies/<int:workshop_id>/groepen-overnemen/",
        views.carry_groups,
        name="carry_groups",
    ),
    # A person who comes back, without an account
    path("ik/", views.me, name="me"),
    path("ik/meedoen/<int:workshop_id>/", views.join_back, name="join_back"),
    path("ik/acties/<int:agreement_id>/", views.action_update, name="action_update"),
    path("ik/<str:token>/", views.open_link, name="link"),
]
