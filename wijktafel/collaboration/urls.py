from django.urls import path

from . import views, views_reports

app_name = "collaboration"

urlpatterns = [
    path("samenwerken/vragen/", views.questions, name="questions"),
    path("samenwerken/<int:workshop_id>/verslag.pdf", views_reports.report_pdf, name="report_pdf"),
    path(
        "samenwerken/<int:workshop_id>/verslag.docx",
        views_reports.report_docx,
        name="report_docx",
    ),
]
