"""Fixtures of the page tests (test_views_*.py): English pages and a facilitator's client."""

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture
def english(client):
    """Assert on the English source strings, whatever the Dutch catalogue says: the pages are
    asked for in English, and the workshops made here get their agenda in English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def fac_client(client, facilitator):
    client.force_login(facilitator)
    return client
