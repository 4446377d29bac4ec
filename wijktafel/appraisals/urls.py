"""Pages of Afwegen in de Wijk: the facilitator's appraisal pages (views.py) and the documents
(views_reports.py: report as PDF and Word, solution cards as PDF)."""

from wijktafel.appraisals import views, views_reports

app_name = "appraisals"

urlpatterns = [*views.urlpatterns, *views_reports.urlpatterns]
