"""Fixtures of an appraisal linked to work session I (the ``workshop`` fixture) and II."""

import uuid

import pytest
from django.utils import translation

from tests.conftest import join, make_workshop
from wijktafel.activities import services as wall
from wijktafel.activities.models import Column, Postit
from wijktafel.appraisals import models as m
from wijktafel.appraisals import selectors
from wijktafel.appraisals import services as aps
from wijktafel.workshops.models import Workshop, WorkshopEvent
from wijktafel.workshops.services import Actor


def op():
    return uuid.uuid4()


def events_of(workshop) -> list[WorkshopEvent]:
    return list(WorkshopEvent.objects.filter(workshop=workshop).order_by("seq"))


def state_of(workshop) -> dict:
    """Everything a refusal must leave alone: the whole appraisal, the wall and the log."""
    workshop = Workshop.objects.get(pk=workshop.pk)
    appraisal = selectors.appraisal_for_workshop(workshop)
    with translation.override("nl"):  # the default criteria are named in the active language
        payload = selectors.appraisal_payload(appraisal) if appraisal else None
    return {
        "appraisal": payload,
        "last_seq": workshop.last_seq,
        "events": WorkshopEvent.objects.filter(workshop=workshop).count(),
        "postits": list(Postit.objects.filter(workshop=workshop).order_by("pk").values()),
        "rows": {model.__name__: model.objects.count() for model in (
            m.Appraisal, m.Group, m.ProblemMark, m.CoreProblem, m.Baseline, m.Solution,
                                                                     m.SolutionCard,
            m.Effect, m.CoreEffect, m.Criterion, m.GroupRanking, m.Selection, m.EffectCard,
                                                                     m.Choice,
            m.Insight, m.Action)},
    }


@pytest.fixture
def appraisal(facilitator, workshop):
    appraisal = aps.appraisal_create(user=facilitator, title="Afweging Zuid",
                                     trigger="Veel klachten over zwerfvuil rond complex A",
                                     horizon_years=10)
    aps.appraisal_link(user=facilitator, appraisal_id=appraisal.pk, session=1,
                       workshop_id=workshop.pk)
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
    g1 = aps.group_create(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                          name="Groep 1",
                          member_ids=[people["Ans"].participant.pk, people["Bram"].participant.pk])
    g2 = aps.group_create(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                          name="Groep 2",
                          member_ids=[people["Cor"].participant.pk, people["Dewi"].participant.pk])
    return (m.Group.objects.get(pk=g1.event.payload["group"]["id"]),
            m.Group.objects.get(pk=g2.event.payload["group"]["id"]))


def actor_of(joined) -> Actor:
    return Actor(participant=joined.participant)


@pytest.fixture
def owner_column(workshop, fac_actor):
    result = wall.column_create(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                                title="Bewoners")
    return Column.objects.get(pk=result.event.payload["id"])


def add_postit(workshop, joined, text="Zwerfvuil", column=None):
    result = wall.postit_create(workshop_id=workshop.pk, actor=actor_of(joined), client_op_id=op(),
                                text=text,
                                column_id=column.pk if column else None)
    return Postit.objects.get(pk=result.event.payload["id"])


__all__ = ["op", "events_of", "state_of", "actor_of", "add_postit", "join", "make_workshop"]
