from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class WorkshopsConfig(AppConfig):
    name = "wijktafel.workshops"
    label = "workshops"

    def ready(self) -> None:
        # Every installed app's plugin.py registers its blocks and methods (seam.py).
        autodiscover_modules("plugin")
