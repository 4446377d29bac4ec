from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wijktafel.accounts"
    label = "accounts"
