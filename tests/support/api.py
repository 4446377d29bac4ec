"""Calling the JSON API as a test client, and the state a refused request must leave alone."""

import uuid

from django.utils import translation

from wijktafel.activities.models import Column, Postit
from wijktafel.workshops import selectors
from wijktafel.workshops.models import Participant, Workshop, WorkshopEvent


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


API = "/api/v1"


def resolve(document: dict, schema: dict) -> dict:
    """``schema`` with its ``$ref`` (to ``#/…`` of the OpenAPI ``document``) followed."""
    while "$ref" in schema:
        node = document
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema
