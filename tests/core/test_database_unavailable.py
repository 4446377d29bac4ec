"""A database that is away answers 503 with Retry-After, on pages and in the API, not 500."""

import contextlib

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from wijktafel.workshops.models import Workshop


@contextlib.contextmanager
def database_away():
    """Every query fails as it does while PostgreSQL restarts or SQLite cannot open its file
    (Django's own execute_wrapper hook; the real outage is drilled in tests/faults F5)."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        yield


@pytest.mark.django_db
def test_a_page_answers_503_in_dutch_while_the_database_is_away(client, facilitator, workshop):
    client.force_login(facilitator)
    with database_away():
        response = client.get(reverse("workshops:list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    assert "Probeer het" in response.content.decode()
    assert client.get(reverse("workshops:list")).status_code == 200, "back once the database is"


@pytest.mark.django_db
def test_the_api_answers_503_json_while_the_database_is_away(client, facilitator, workshop):
    client.force_login(facilitator)
    before = Workshop.objects.count()
    with database_away():
        response = client.post(
            "/api/v1/workshops",
            {"title": "Nieuw", "template_key": "samenwerken"},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="k-1",
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "unavailable"
    assert Workshop.objects.count() == before


@pytest.mark.django_db
def test_other_errors_still_answer_500(client, facilitator):
    """Only a database that is away is retryable; a programming error stays a 500."""
    from wijktafel.core.middleware import DatabaseUnavailableMiddleware

    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(None, ValueError("bug")) is None
