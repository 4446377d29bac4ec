"""The service tests run in Dutch, so their refusals are read as people read them."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield
