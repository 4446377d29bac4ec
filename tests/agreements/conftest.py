"""Clients of the register's API tests: a facilitator's session, and one without credentials."""

import pytest
from django.test import Client


@pytest.fixture
def fac_client(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def anon():
    return Client()
