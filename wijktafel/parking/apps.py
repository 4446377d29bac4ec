from django.apps import AppConfig


class ParkingConfig(AppConfig):
    name = "wijktafel.parking"
    label = "parking"
