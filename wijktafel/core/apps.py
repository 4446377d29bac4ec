from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wijktafel.core"
    label = "core"
