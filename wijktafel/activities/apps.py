from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "wijktafel.activities"
    label = "activities"
