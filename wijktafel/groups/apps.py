from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "wijktafel.groups"
    label = "groups"
