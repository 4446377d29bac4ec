"""What the appraisal tests share: an op id, the log and the state a refusal must leave alone, a participant's actor, a post-it."""

import uuid

import pytest
from django.utils import translation

from wijktafel.activities import services as wall
from wijktafel.activities.models import Postit
from wijktafel.agreements.models import Agreement
from wijktafel.appraisals import models as m
from wijktafel.appraisals import selectors
from wijktafel.appraisals import services as aps
from wijktafel.core.errors import Refused
from wijktafel.stickers.models import Ballot, Sticker, Target
from wijktafel.workshops.models import Workshop, WorkshopEvent
from wijktafel.workshops.services import Actor

# Every table of an appraisal, for the states a refusal must leave alone ("probleem 1" is a
# sticker vote the appraisal owns).
APPRAISAL_MODELS = (
    m.Appraisal,
    m.Group,
    Ballot,
    Target,
    Sticker,
    m.CoreProblem,
    m.Baseline,
    m.Solution,
    m.SolutionCard,
    m.Effect,
    m.CoreEffect,
    m.Criterion,
    m.GroupRanking,
    m.Selection,
    m.EffectCard,
    m.Choice,
    m.Insight,
    Agreement,
)


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
        "rows": {model.__name__: model.objects.count() for model in APPRAISAL_MODELS},
    }


def actor_of(joined) -> Actor:
    return Actor(participant=joined.participant)


def add_postit(workshop, joined, text="Zwerfvuil", column=None):
    result = wall.postit_create(
        workshop_id=workshop.pk,
        actor=actor_of(joined),
        client_op_id=op(),
        text=text,
        column_id=column.pk if column else None,
    )
    return Postit.objects.get(pk=result.event.payload["id"])


def refused(workshop, call, error=Refused) -> Refused:
    """Run ``call``, expect ``error``, and prove that nothing changed."""
    before = state_of(workshop)
    with pytest.raises(error) as info:
        call()
    assert state_of(workshop) == before
    return info.value


def one_event(workshop, result, kind):
    """The change wrote exactly one log entry, of ``kind``, at the head of the log."""
    log = events_of(workshop)
    assert result.created
    assert log[-1].pk == result.event.pk and log[-1].kind == kind
    assert [e.seq for e in log] == list(range(1, len(log) + 1))
    return result.event.payload


def core_problem(workshop, who, column, text="Jongeren hangen rond de ingang", **extra):
    return aps.core_problem_create(
        workshop_id=workshop.pk,
        actor=who,
        client_op_id=op(),
        owner_id=column.pk,
        fields={"formulation": text, **extra},
    )


def solution(workshop, who, title="Buurtconciërge", ootb=False, **kw):
    return aps.solution_create(
        workshop_id=workshop.pk,
        actor=who,
        client_op_id=op(),
        fields={"title": title, "out_of_the_box": ootb},
        **kw,
    )
