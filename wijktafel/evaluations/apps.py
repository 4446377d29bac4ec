from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "wijktafel.evaluations"
    label = "evaluations"
