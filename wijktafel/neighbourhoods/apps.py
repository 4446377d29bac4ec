from django.apps import AppConfig


class NeighbourhoodsConfig(AppConfig):
    name = "wijktafel.neighbourhoods"
    label = "neighbourhoods"
