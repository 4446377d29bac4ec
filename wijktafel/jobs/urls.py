from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("postvak-uit/", views.outbox, name="outbox"),
    path("postvak-uit/<int:message_id>/", views.outbox_message, name="outbox_message"),
    path(
        "postvak-uit/<int:message_id>/bijlagen/<int:attachment_id>/",
        views.outbox_attachment,
        name="outbox_attachment",
    ),
    path("taken/", views.job_list, name="list"),
    path("taken/<int:job_id>/annuleren/", views.job_cancel, name="cancel"),
]
