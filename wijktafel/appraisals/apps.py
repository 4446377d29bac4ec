from django.apps import AppConfig


class AppraisalsConfig(AppConfig):
    name = "wijktafel.appraisals"
    label = "appraisals"

    def ready(self) -> None:
        from . import document_jobs, signals  # noqa: F401 - the job kind; the receivers
