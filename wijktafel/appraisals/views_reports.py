"""Downloads: the appraisal report (PDF, Word) and the solution cards (PDF)."""

urlpatterns: list = []
