from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "wijktafel.agreements"
    label = "agreements"
