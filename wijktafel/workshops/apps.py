from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "wijktafel.workshops"
    label = "workshops"
