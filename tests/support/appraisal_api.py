"""Driving an appraisal through /api/v1/ as its clients would: a driver that records every write
to replay it, every row of the method (to compare before and after), a work session, a join."""

import uuid

from django.test import Client

from tests.support.api import call
from tests.support.appraisal import APPRAISAL_MODELS
from wijktafel.workshops.models import WorkshopEvent


class Driver:
    """Sends API requests and records every write, to replay them later."""

    def __init__(self, fac_client):
        self.fac = fac_client
        self.anon = Client()
        self.writes: list[tuple] = []

    def __call__(self, method, path, body=None, *, token=None, status=200):
        key = str(uuid.uuid4()) if method != "GET" else None
        client = self.anon if token else self.fac
        response = call(client, method, path, body, key=key, token=token)
        assert response.status_code == status, (method, path, response.content)
        if key is not None:
            self.writes.append((method, path, body, key, token, response.json()))
        return response.json()

    def replay(self):
        for method, path, body, key, token, first in self.writes:
            client = self.anon if token else self.fac
            response = call(client, method, path, body, key=key, token=token)
            assert response.status_code < 300, (method, path, response.content)
            assert response["Idempotent-Replayed"] == "true", (method, path)
            assert response.json()["seq"] == first["seq"]


def database() -> dict:
    return {
        "events": list(
            WorkshopEvent.objects.order_by("pk").values_list("workshop_id", "seq", "kind")
        ),
        **{
            model.__name__: list(model.objects.order_by("pk").values())
            for model in APPRAISAL_MODELS
        },
    }


def create_workshop(fac, template, title):
    response = call(
        fac,
        "POST",
        "/workshops",
        {"title": title, "template_key": template, "planned_start": "2026-12-03T09:00:00"},
    )
    assert response.status_code == 201, response.content
    return response.json()


def join_as(code, name, org):
    response = call(
        Client(), "POST", "/join", {"code": code, "display_name": name, "organisation_name": org}
    )
    assert response.status_code == 201, response.content
    return response.json()
