"""Helpers for the JSON API tests: a facilitator client, a bearer client, a 'nothing changed' probe."""

import uuid

import pytest
from django.utils import translation
from django.test import Client

from tests.conftest import join, make_workshop
from wijktafel.activities import services as wall
from wijktafel.activities.models import Column, Postit
from wijktafel.workshops import selectors
from wijktafel.workshops.models import Participant, Workshop, WorkshopEvent
from wijktafel.workshops.services import Actor

API = "/api/v1"


def call(client, method, path, body=None, *, key=None, token=None, **extra):
    """One API request; ``body`` is sent as JSON, ``key`` as Idempotency-Key, ``token`` as bearer."""
    headers = dict(extra.pop("headers", {}))
    if key is not None:
        headers["Idempotency-Key"] = str(key)
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    send = getattr(client, method.lower())
    if method.upper() in {"GET", "HEAD"}:
        return send(API + path, body or {}, headers=headers, **extra)
    if body is None:
        return send(API + path, headers=headers, **extra)
    return send(API + path, body, content_type="application/json", headers=headers, **extra)


def op():
    return str(uuid.uuid4())


def state_of(workshop: Workshop) -> dict:
    """Everything a refused request must leave alone."""
    workshop = Workshop.objects.get(pk=workshop.pk)
    with translation.override("nl"):  # a request leaves its language active in this thread
        snapshot = selectors.workshop_snapshot(workshop)
    return {
        "snapshot": snapshot,
        "events": WorkshopEvent.objects.filter(workshop=workshop).count(),
        "nonce": workshop.join_nonce,
        "participants": Participant.objects.filter(workshop=workshop).count(),
        "removed": Participant.objects.filter(workshop=workshop, removed_at__isnull=False).count(),
        "postits": list(Postit.objects.filter(workshop=workshop).order_by("pk").values()),
        "columns": list(Column.objects.filter(workshop=workshop).order_by("pk").values()),
        "agenda": selectors.agenda_payload(workshop),
        "workshops": Workshop.objects.count(),
    }


@pytest.fixture
def fac_client(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def other_fac_client(other_facilitator):
    client = Client()
    client.force_login(other_facilitator)
    return client


@pytest.fixture
def anon():
    return Client()


@pytest.fixture
def workshop_b(facilitator):
    """A second workshop of the same organisation and facilitator."""
    return make_workshop(facilitator, title="Werksessie Noord")


@pytest.fixture
def wall_of_a(workshop, ans, fac_actor):
    """A column "Bewoners" and a post-it of Ans in it."""
    created = wall.column_create(workshop_id=workshop.pk, actor=fac_actor, client_op_id=None, title="Bewoners")
    column = Column.objects.get(pk=created.event.payload["id"])
    result = wall.postit_create(workshop_id=workshop.pk, actor=Actor(participant=ans.participant),
                                client_op_id=None, text="Zwerfvuil", column_id=column.pk)
    return Postit.objects.get(pk=result.event.payload["id"]), column


__all__ = ["API", "call", "op", "state_of", "join", "make_workshop"]
