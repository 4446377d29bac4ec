from django.apps import AppConfig


class TestMethodConfig(AppConfig):
    name = "tests.support.testmethod"
    label = "testmethod"
