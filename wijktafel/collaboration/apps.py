from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "wijktafel.collaboration"
    label = "collaboration"
    verbose_name = "Samenwerken in de wijk"
