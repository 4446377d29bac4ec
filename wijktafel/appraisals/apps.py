from django.apps import AppConfig


class AppraisalsConfig(AppConfig):
    name = "wijktafel.appraisals"
    label = "appraisals"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers
