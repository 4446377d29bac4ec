"""The API fuzzed from its own OpenAPI document (schemathesis), as a participant and as a
facilitator: whatever a client sends, valid by the document or not, no route answers a server
error.

Every operation of ``/api/v1/openapi.json`` gets generated requests, data that matches the
document and data that does not, sent through Django's WSGI handler (the whole middleware stack)
with the participant's bearer token or the facilitator's session and CSRF token. The workshop in
the path is always the world's own one (elsewhere every route would stop at 404); the other ids
in the path are the world's real objects for half the cases and generated for the rest. Each
request runs in a savepoint that is rolled back, so an example that ends the session or removes
the participant does not decide the next one. ``WIJKTAFEL_API_FUZZ_EXAMPLES`` sets the examples per
operation and mode (default 4 in the suite; 25 passes too).
"""

from __future__ import annotations

import os
import zlib

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.generation.modes import GenerationMode

from tests.support.factories import join
from wijktafel.activities import services as wall
from wijktafel.activities.models import Column, Postit
from wijktafel.workshops.models import AgendaItem

EXAMPLES = int(os.environ.get("WIJKTAFEL_API_FUZZ_EXAMPLES", "4"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


# The document as the site serves it (no database needed to serve it), and its operations, one
# test each (plain parametrize: every operation has its own test id, also under xdist).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
OPERATIONS = [result.ok() for result in schema.get_all_operations()]
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@pytest.fixture
def fuzz_world(workshop, fac_actor, facilitator):
    """The workshop with a column, a post-it of Ans and its agenda; the ids a path may name."""
    ans = join(workshop, "Ans")
    created = wall.column_create(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=None, title="Bewoners"
    )
    column = Column.objects.get(pk=created.event.payload["id"])
    wall.postit_create(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=None,
        text="Zwerfvuil bij de containers",
        column_id=column.pk,
    )
    item = AgendaItem.objects.filter(workshop=workshop).first()
    ids = {
        "workshop_id": workshop.pk,
        "column_id": column.pk,
        "postit_id": Postit.objects.get(workshop=workshop).pk,
        "participant_id": ans.participant.pk,
    }
    if item is not None:
        ids["item_id"] = item.pk
    return {"ans": ans, "facilitator": facilitator, "ids": ids}


@pytest.fixture
def participant_credentials(fuzz_world) -> dict:
    return {"headers": {"Authorization": f"Bearer {fuzz_world['ans'].token}"}}


@pytest.fixture
def facilitator_credentials(fuzz_world) -> dict:
    """The facilitator's session cookie, and a CSRF cookie with its token in the header."""
    client = Client()
    client.force_login(fuzz_world["facilitator"])
    request = RequestFactory().get("/")
    token = get_token(request)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return {
        "cookies": {
            django_settings.SESSION_COOKIE_NAME: session,
            django_settings.CSRF_COOKIE_NAME: request.META["CSRF_COOKIE"],
        },
        "headers": {"X-CSRFToken": token},
    }


@pytest.fixture(autouse=True)
def no_write_limit(settings):
    """Thousands of writes in seconds from one actor: no rate limit decides the outcome."""
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "WS_BURST": 10**9}


def _aim(case, ids: dict) -> None:
    """The world's workshop always; its other objects for half the cases (by the case's data)."""
    real = zlib.crc32(repr((case.body, case.query)).encode()) % 2 == 0
    for name in case.path_parameters or {}:
        if name == "workshop_id" or (real and name in ids):
            case.path_parameters[name] = ids[name]


def _send(case, credentials: dict):
    with transaction.atomic():
        response = case.call(
            headers={**(case.headers or {}), **credentials["headers"]},
            cookies=credentials.get("cookies"),
        )
        transaction.set_rollback(True)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} answered {response.status_code}\n"
        f"{case.as_curl_command()}\n{response.text[:2000]}"
    )
    return response


def _fuzz(operation, ids: dict, credentials: dict) -> None:
    """Requests that match the document and requests that do not, ``EXAMPLES`` of each."""
    answered = []
    for mode in MODES:

        @FUZZ
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            _aim(case, ids)
            answered.append(_send(case, credentials).status_code)

        run()
    # The run really reached the application (a collection quirk once ran nothing, all green).
    assert len(answered) >= len(MODES), answered


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.label)
def test_no_route_answers_a_server_error_to_a_participant(
    operation, fuzz_world, participant_credentials
):
    _fuzz(operation, fuzz_world["ids"], participant_credentials)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.label)
def test_no_route_answers_a_server_error_to_the_facilitator(
    operation, fuzz_world, facilitator_credentials
):
    _fuzz(operation, fuzz_world["ids"], facilitator_credentials)
