from django.apps import AppConfig


class AppraisalsConfig(AppConfig):
    name = "wijktafel.appraisals"
    label = "appraisals"
