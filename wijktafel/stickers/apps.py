from django.apps import AppConfig


class StickersConfig(AppConfig):
    name = "wijktafel.stickers"
    label = "stickers"
