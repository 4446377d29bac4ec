from django.apps import AppConfig


class SeriesConfig(AppConfig):
    name = "wijktafel.series"
    label = "series"
