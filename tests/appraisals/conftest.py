"""Fixtures of an appraisal linked to work session I (the ``workshop`` fixture) and II, the
English pages and facilitators' clients of the page and API tests."""

import pytest
from django.conf import settings

from tests.support.appraisal import op
from tests.support.factories import join, make_workshop
from wijktafel.activities import services as wall
from wijktafel.activities.models import Column
from wijktafel.appraisals import models as m
from wijktafel.appraisals import services as aps


@pytest.fixture
def appraisal(facilitator, workshop):
    appraisal = aps.appraisal_create(
        user=facilitator,
        title="Afweging Zuid",
        trigger="Veel klachten over zwerfvuil rond complex A",
        horizon_years=10,
    )
    aps.appraisal_link(
        user=facilitator, appraisal_id=appraisal.pk, session=1, workshop_id=workshop.pk
    )
    return m.Appraisal.objects.get(pk=appraisal.pk)


@pytest.fixture
def session_two(facilitator, appraisal):
    ws = make_workshop(facilitator, template_key="afwegen-2", title="Werksessie II")
    aps.appraisal_link(user=facilitator, appraisal_id=appraisal.pk, session=2, workshop_id=ws.pk)
    return ws


@pytest.fixture
def people(workshop, appraisal):
    """Four participants of session I: Ans and Bram in group 1, Cor and Dewi in group 2."""
    return {name: join(workshop, name) for name in ("Ans", "Bram", "Cor", "Dewi")}


@pytest.fixture
def groups(workshop, appraisal, people, fac_actor):
    g1 = aps.group_create(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        name="Groep 1",
        member_ids=[people["Ans"].participant.pk, people["Bram"].participant.pk],
    )
    g2 = aps.group_create(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        name="Groep 2",
        member_ids=[people["Cor"].participant.pk, people["Dewi"].participant.pk],
    )
    return (
        m.Group.objects.get(pk=g1.event.payload["group"]["id"]),
        m.Group.objects.get(pk=g2.event.payload["group"]["id"]),
    )


@pytest.fixture
def owner_column(workshop, fac_actor):
    result = wall.column_create(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), title="Bewoners"
    )
    return Column.objects.get(pk=result.event.payload["id"])


@pytest.fixture
def fac(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def english(client):
    """Assert on the English source strings, whatever the Dutch catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def fac_client(client, facilitator):
    client.force_login(facilitator)
    return client
