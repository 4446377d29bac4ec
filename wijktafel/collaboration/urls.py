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
    path(
        "samenwerken/<int:workshop_id>/acties.xlsx",
        views_reports.actions_xlsx,
        name="actions_xlsx",
    ),
    path("samenwerken/<int:workshop_id>/acties.csv", views_reports.actions_csv, name="actions_csv"),
    path(
        "samenwerken/<int:workshop_id>/agenda.ics",
        views_reports.calendar_ics,
        name="calendar_ics",
    ),
    path(
        "samenwerken/<int:workshop_id>/contacten.vcf",
        views_reports.contacts_vcf,
        name="contacts_vcf",
    ),
    path(
        "samenwerken/<int:workshop_id>/contacten.csv",
        views_reports.contacts_csv,
        name="contacts_csv",
    ),
]
