"""The parking lot (METHODS.md §2.7): anyone parks a topic with a reason and the agenda item it
came up in is noted; a solution idea comes back at the step the method says; the facilitator
schedules, resolves or drops it and links a follow-up action; every refusal changes nothing."""

from __future__ import annotations

import pytest

from tests.support.api import call
from wijktafel.agreements import services as register
from wijktafel.core.errors import Invalid, NotAllowed, NotFound
from wijktafel.parking import services as parking
from wijktafel.parking.models import ParkedTopic
from wijktafel.parking.selectors import due_at_step
from wijktafel.workshops import services
from wijktafel.workshops.models import Workshop, WorkshopEvent
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db


def _state(workshop) -> tuple:
    return (
        list(ParkedTopic.objects.filter(workshop=workshop).order_by("pk").values()),
        WorkshopEvent.objects.filter(workshop=workshop).count(),
    )


def refused(workshop, error, call_):
    before = _state(workshop)
    with pytest.raises(error):
        call_()
    assert _state(workshop) == before


def test_a_solution_idea_is_parked_in_step_1_and_comes_back_at_step_4(workshop, fac_actor, ans):
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="start")
    item = Workshop.objects.get(pk=workshop.pk).current_item

    parked = parking.topic_park(
        workshop_id=workshop.pk,
        actor=Actor(participant=ans.participant),
        text="Een buurtconciërge aanstellen",
        reason="Dit is een oplossing: die komt in stap 4",
        kind="solution_idea",
        return_at_step=4,
    )

    topic = parked.event.payload
    assert parked.event.kind == "topic.parked"
    assert (topic["raised_by_id"], topic["raised_in_item_id"], topic["status"]) == (
        ans.participant.pk,
        item.pk,
        "parked",
    )
    assert [t.text for t in due_at_step(workshop, 4)] == ["Een buurtconciërge aanstellen"]
    assert due_at_step(workshop, 2) == []
    parking.topic_update(
        workshop_id=workshop.pk, actor=fac_actor, topic_id=topic["id"], status="resolved"
    )
    assert due_at_step(workshop, 4) == []  # dealt with: it does not come back


def test_the_facilitator_links_a_follow_up_action(workshop, fac_actor, ans):
    topic = parking.topic_park(workshop_id=workshop.pk, actor=fac_actor, text="Budget").event
    action = register.agreement_create(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=None,
        kind="follow_up",
        description="Budget navragen bij de gemeente",
        owner_ids=[ans.participant.pk],
    ).event.payload

    linked = parking.topic_update(
        workshop_id=workshop.pk,
        actor=fac_actor,
        topic_id=topic.payload["id"],
        status="scheduled",
        follow_up_id=action["id"],
    )

    assert (linked.event.payload["status"], linked.event.payload["follow_up_id"]) == (
        "scheduled",
        action["id"],
    )


@pytest.mark.parametrize(
    "data",
    [
        {"text": "   "},
        {"text": "x" * 301},
        {"text": "Budget", "kind": "idee"},
        {"text": "Budget", "return_at_step": 0},
        {"text": "Budget", "return_at_step": True},
    ],
)
def test_a_bad_topic_is_refused_and_nothing_is_parked(workshop, ans, data):
    refused(
        workshop,
        Invalid,
        lambda: parking.topic_park(
            workshop_id=workshop.pk, actor=Actor(participant=ans.participant), **data
        ),
    )


def test_who_may_change_and_take_back_a_topic(workshop, other_workshop, fac_actor, ans, bram):
    topic = parking.topic_park(
        workshop_id=workshop.pk, actor=Actor(participant=ans.participant), text="Budget"
    ).event.payload
    for actor in (Actor(participant=bram.participant), Actor(participant=ans.participant)):
        refused(  # only the facilitator schedules
            workshop,
            NotAllowed,
            lambda actor=actor: parking.topic_update(
                workshop_id=workshop.pk, actor=actor, topic_id=topic["id"], status="scheduled"
            ),
        )
    refused(  # Bram may not take Ans's topic back
        workshop,
        NotAllowed,
        lambda: parking.topic_remove(
            workshop_id=workshop.pk, actor=Actor(participant=bram.participant), topic_id=topic["id"]
        ),
    )
    theirs = register.agreement_create(
        workshop_id=other_workshop.pk,
        actor=Actor(user=other_workshop.created_by),
        client_op_id=None,
        kind="follow_up",
        description="Elders",
        owner_names="Gemeente",
    ).event.payload
    refused(  # another session's agreement is no follow-up here
        workshop,
        NotFound,
        lambda: parking.topic_update(
            workshop_id=workshop.pk,
            actor=fac_actor,
            topic_id=topic["id"],
            follow_up_id=theirs["id"],
        ),
    )
    parking.topic_remove(
        workshop_id=workshop.pk, actor=Actor(participant=ans.participant), topic_id=topic["id"]
    )
    assert not ParkedTopic.objects.exists()


def test_the_api_parks_a_topic_with_a_participant_token(workshop, ans, client):
    made = call(
        client,
        "POST",
        f"/workshops/{workshop.pk}/parked-topics",
        {"text": "Parkeerplekken", "reason": "Andere vergadering"},
        token=ans.token,
    )

    assert made.status_code == 201, made.content
    state = call(client, "GET", f"/workshops/{workshop.pk}/state", token=ans.token).json()
    assert state["parked_topics"] == [made.json()["topic"]]
