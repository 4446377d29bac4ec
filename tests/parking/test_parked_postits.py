"""The wall's parked post-its are topics of the parking lot (issue 10): parking a post-it makes
its topic (the note is the reason, its author raised it in the current agenda item), parking it
again changes the reason, putting it back on the wall takes the topic away. In Afwegen what is
parked in steps 1–3 is a solution idea that comes back at step 4 (METHODS.md A1, §2.7). The
wall's event carries the topic, so the live state (and its Python port) stays the snapshot."""

from __future__ import annotations

import pytest

from tests.support.chaos.state import apply_event, from_snapshot
from tests.support.factories import make_workshop
from wijktafel.activities import services as wall
from wijktafel.activities.models import Postit
from wijktafel.core.errors import Conflict, Invalid
from wijktafel.parking import services as parking
from wijktafel.parking.models import ParkedTopic
from wijktafel.parking.selectors import due_at_step
from wijktafel.workshops import selectors, services
from wijktafel.workshops.models import Workshop, WorkshopEvent
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db


def _go_to_step(workshop, fac_actor, step):
    item = workshop.agenda_items.filter(step=step).order_by("position").first()
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="start")
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="goto", item_id=item.pk)
    return item


def _postit(workshop, participant, text="Een buurtconciërge aanstellen"):
    result = wall.postit_create(
        workshop_id=workshop.pk, actor=Actor(participant=participant), client_op_id=None, text=text
    )
    return Postit.objects.get(pk=result.event.payload["id"])


def _park(workshop, actor, postit, parked=True, note="", **kind):
    return wall.postit_park(
        workshop_id=workshop.pk,
        actor=actor,
        client_op_id=None,
        postit_id=postit.pk,
        parked=parked,
        note=note,
        **kind,
    )


def _folded_is_the_snapshot(workshop, start, events):
    state = from_snapshot(start)
    for event in events:
        state = apply_event(state, {"seq": event.seq, "kind": event.kind, "data": event.payload})
    assert state["parked_topics"] == selectors.workshop_snapshot(workshop)["parked_topics"]
    assert state["postits"] == selectors.workshop_snapshot(workshop)["postits"]


def test_a_post_it_parked_in_step_2_is_a_solution_idea_for_step_4(workshop, fac_actor, ans):
    item = _go_to_step(workshop, fac_actor, 2)
    postit = _postit(workshop, ans.participant)
    start = selectors.workshop_snapshot(workshop)

    first = _park(workshop, fac_actor, postit, note="Dit is een oplossing")
    topic = ParkedTopic.objects.get(postit=postit)
    assert (topic.text, topic.reason, topic.kind, topic.return_at_step, topic.status) == (
        "Een buurtconciërge aanstellen",
        "Dit is een oplossing",
        "solution_idea",
        4,
        "parked",
    )
    assert (topic.raised_by_id, topic.raised_in_item_id) == (ans.participant.pk, item.pk)
    # The wall sees what it always saw; the event carries the topic as well.
    assert first.event.kind == "postit.updated"
    assert first.event.payload["parked"] is True
    assert first.event.payload["parked_note"] == "Dit is een oplossing"
    assert first.event.payload["parked_topic"]["id"] == topic.pk
    assert [t.pk for t in due_at_step(workshop, 4)] == [topic.pk]

    # Parked again with another note: the same topic, its new reason.
    _park(workshop, fac_actor, postit, note="Voor stap 4")
    assert list(ParkedTopic.objects.values_list("pk", "reason")) == [(topic.pk, "Voor stap 4")]
    # Its text follows the post-it.
    wall.postit_update(
        workshop_id=workshop.pk,
        actor=Actor(participant=ans.participant),
        client_op_id=None,
        postit_id=postit.pk,
        text="Een conciërge",
    )
    assert ParkedTopic.objects.get().text == "Een conciërge"

    # Back on the wall: the topic goes; it no longer comes back.
    back = _park(workshop, fac_actor, postit, parked=False)
    assert back.event.payload["parked_topic"] is None
    assert not ParkedTopic.objects.exists() and due_at_step(workshop, 4) == []
    _folded_is_the_snapshot(
        workshop, start, WorkshopEvent.objects.filter(workshop=workshop, seq__gt=start["head"])
    )


def test_parked_outside_steps_1_to_3_it_is_a_plain_topic(workshop, facilitator, fac_actor, ans):
    _go_to_step(workshop, fac_actor, 4)
    postit = _postit(workshop, ans.participant, "Parkeerplaatsen")
    _park(workshop, fac_actor, postit, note="Later")
    assert ParkedTopic.objects.values_list("kind", "return_at_step").get() == ("topic", None)

    # A session of another method, or before any agenda item runs: nothing comes back.
    plain = make_workshop(facilitator, template_key="samenwerken")
    other = _postit(
        plain, services.participant_join(workshop=plain, display_name="Cor").participant
    )
    _park(plain, fac_actor, other)
    topic = ParkedTopic.objects.get(postit=other)
    assert (topic.kind, topic.return_at_step, topic.raised_in_item_id) == ("topic", None, None)


def test_the_facilitator_says_whether_it_is_a_solution_idea(workshop, fac_actor, ans):
    """Parked as an idea in step 2 it comes back at step 4, as a topic it does not; in step 4 an
    idea has no step to come back at. Parking it again with another kind changes the topic."""
    _go_to_step(workshop, fac_actor, 2)
    topic_postit = _postit(workshop, ans.participant, "Het buurthuis is vaak dicht")
    _park(workshop, fac_actor, topic_postit, kind="topic")
    assert ParkedTopic.objects.values_list("kind", "return_at_step").get() == ("topic", None)
    _park(workshop, fac_actor, topic_postit, kind="solution_idea")
    assert ParkedTopic.objects.values_list("kind", "return_at_step").get() == ("solution_idea", 4)

    _go_to_step(workshop, fac_actor, 4)
    idea = _postit(workshop, ans.participant, "Een buurtapp")
    result = _park(workshop, fac_actor, idea, kind="solution_idea")
    assert result.event.payload["parked_topic"]["kind"] == "solution_idea"
    assert ParkedTopic.objects.values_list("kind", "return_at_step").get(postit=idea) == (
        "solution_idea",
        None,
    )


@pytest.mark.parametrize("kind", ["idea", "", 1, ["topic"]])
def test_a_park_with_an_unknown_kind_is_refused_and_changes_nothing(workshop, fac_actor, ans, kind):
    postit = _postit(workshop, ans.participant)
    before = (
        list(Postit.objects.values()),
        list(ParkedTopic.objects.values()),
        WorkshopEvent.objects.filter(workshop=workshop).count(),
    )
    with pytest.raises(Invalid) as refused:
        _park(workshop, fac_actor, postit, kind=kind)
    assert refused.value.field == "kind" and refused.value.message
    after = (
        list(Postit.objects.values()),
        list(ParkedTopic.objects.values()),
        WorkshopEvent.objects.filter(workshop=workshop).count(),
    )
    assert after == before


def test_a_parked_post_it_is_put_back_on_the_wall_not_taken_from_the_lot(workshop, fac_actor, ans):
    postit = _postit(workshop, ans.participant)
    start = selectors.workshop_snapshot(workshop)
    _park(workshop, fac_actor, postit, note="Later")
    topic = ParkedTopic.objects.get()
    before = (
        list(ParkedTopic.objects.values()),
        list(Postit.objects.values()),
        WorkshopEvent.objects.count(),
    )
    for actor in (fac_actor, Actor(participant=ans.participant)):
        with pytest.raises(Conflict):
            parking.topic_remove(workshop_id=workshop.pk, actor=actor, topic_id=topic.pk)
    assert (
        list(ParkedTopic.objects.values()),
        list(Postit.objects.values()),
        WorkshopEvent.objects.count(),
    ) == before

    # The facilitator may still schedule it; a deleted post-it takes its topic along.
    parking.topic_update(
        workshop_id=workshop.pk, actor=fac_actor, topic_id=topic.pk, status="scheduled"
    )
    wall.postit_delete(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=None, postit_id=postit.pk
    )
    assert not ParkedTopic.objects.exists()
    assert Workshop.objects.get(pk=workshop.pk).last_seq > start["head"]
    _folded_is_the_snapshot(
        workshop, start, WorkshopEvent.objects.filter(workshop=workshop, seq__gt=start["head"])
    )


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_makes_a_topic_of_every_parked_post_it(
    workshop, facilitator, fac_actor, ans
):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    idea = _postit(workshop, ans.participant, "Een buurtconciërge")
    plain = make_workshop(facilitator, template_key="samenwerken")
    cor = services.participant_join(workshop=plain, display_name="Cor").participant
    topic = _postit(plain, cor, "Parkeerplaatsen")
    on_wall = _postit(plain, cor, "Zwerfvuil")
    _park(workshop, fac_actor, idea, note="Voor stap 4")
    _park(plain, fac_actor, topic, note="Later")
    parking.topic_park(workshop_id=plain.pk, actor=fac_actor, text="Budget")  # no post-it

    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("parking", "0002_parked_postits")])
        assert list(ParkedTopic.objects.values_list("text", flat=True)) == ["Budget"]
        executor = MigrationExecutor(connection)
        executor.migrate([("parking", "0003_parked_postits_into_topics")])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    rows = ParkedTopic.objects.filter(postit__isnull=False).order_by("postit_id")
    assert [
        (t.postit_id, t.text, t.reason, t.kind, t.return_at_step, t.raised_by_id, t.status)
        for t in rows
    ] == [
        (
            idea.pk,
            "Een buurtconciërge",
            "Voor stap 4",
            "solution_idea",
            4,
            ans.participant.pk,
            "parked",
        ),
        (topic.pk, "Parkeerplaatsen", "Later", "topic", None, cor.pk, "parked"),
    ]
    assert not ParkedTopic.objects.filter(postit=on_wall).exists()
    assert ParkedTopic.objects.filter(postit__isnull=True).count() == 1
