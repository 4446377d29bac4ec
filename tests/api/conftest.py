"""Helpers for the JSON API tests: a facilitator client, a bearer client, a 'nothing changed' probe."""

import pytest
from django.test import Client

from tests.support.factories import make_workshop
from wijktafel.activities import services as wall
from wijktafel.activities.models import Column, Postit
from wijktafel.workshops.services import Actor


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
    created = wall.column_create(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=None, title="Bewoners"
    )
    column = Column.objects.get(pk=created.event.payload["id"])
    result = wall.postit_create(
        workshop_id=workshop.pk,
        actor=Actor(participant=ans.participant),
        client_op_id=None,
        text="Zwerfvuil",
        column_id=column.pk,
    )
    return Postit.objects.get(pk=result.event.payload["id"]), column
