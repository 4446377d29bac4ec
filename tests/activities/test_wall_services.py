import uuid

import pytest

from wijktafel.activities import services as wall
from wijktafel.activities.models import Column, Postit
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.workshops.models import WorkshopEvent
from wijktafel.workshops.services import Actor


def op():
    return uuid.uuid4()


def add(workshop, who, text="Zwerfvuil", **kw):
    return wall.postit_create(
        workshop_id=workshop.pk, actor=who, client_op_id=op(), text=text, **kw
    )


def test_participant_can_type_a_new_problem_owner(workshop, ans):
    result = add(workshop, Actor(participant=ans.participant), column_title="Bewoners")
    column = Column.objects.get(workshop=workshop, title="Bewoners")
    assert result.event.payload["column_id"] == column.pk
    add(workshop, Actor(participant=ans.participant), text="Geluid", column_title="bewoners")
    assert Column.objects.filter(workshop=workshop).count() == 1


@pytest.mark.parametrize("blank", ["", "   ", "\u3164", "\u200b \u2800"])
def test_a_typed_problem_owner_that_shows_nothing_is_none(workshop, ans, blank):
    """As "" is no new column, so is what shows nothing (clean_text: empty where optional)."""
    result = add(workshop, Actor(participant=ans.participant), column_title=blank)
    assert result.event.payload["column_id"] is None
    assert not Column.objects.filter(workshop=workshop).exists()


def test_a_refused_column_name_names_the_field_it_was_typed_in(workshop, ans, fac_actor):
    with pytest.raises(Invalid) as typed:
        add(workshop, Actor(participant=ans.participant), column_title="k" * 81)
    with pytest.raises(Invalid) as made:
        wall.column_create(
            workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), title="k" * 81
        )
    assert (typed.value.field, made.value.field) == ("column_title", "title")


@pytest.mark.parametrize("blank", ["\u3164", "\u2800\u2800", "\u200b", "\u3164 \u2800"])
def test_a_post_it_that_would_show_nothing_is_refused_and_nothing_is_stored(workshop, ans, blank):
    before = (Postit.objects.count(), WorkshopEvent.objects.filter(workshop=workshop).count())
    with pytest.raises(Invalid) as refused:
        add(workshop, Actor(participant=ans.participant), text=blank)
    assert refused.value.field == "text" and refused.value.message
    assert (
        Postit.objects.count(),
        WorkshopEvent.objects.filter(workshop=workshop).count(),
    ) == before


def test_html_is_stored_literally(workshop, ans):
    text = '<img src=x onerror="window.__xss=1"> hx-get="/x"'
    result = add(workshop, Actor(participant=ans.participant), text=text)
    assert Postit.objects.get(pk=result.event.payload["id"]).text == text


def test_only_author_or_facilitator_edits(workshop, ans, bram, fac_actor):
    pid = add(workshop, Actor(participant=ans.participant)).event.payload["id"]
    head = WorkshopEvent.objects.filter(workshop=workshop).count()
    with pytest.raises(NotAllowed):
        wall.postit_update(
            workshop_id=workshop.pk,
            actor=Actor(participant=bram.participant),
            client_op_id=op(),
            postit_id=pid,
            text="Gekaapt",
        )
    with pytest.raises(NotAllowed):
        wall.postit_delete(
            workshop_id=workshop.pk,
            actor=Actor(participant=bram.participant),
            client_op_id=op(),
            postit_id=pid,
        )
    assert Postit.objects.get(pk=pid).text == "Zwerfvuil"
    assert WorkshopEvent.objects.filter(workshop=workshop).count() == head
    wall.postit_update(
        workshop_id=workshop.pk,
        actor=Actor(participant=ans.participant),
        client_op_id=op(),
        postit_id=pid,
        text="Zwerfvuil bij de school",
        version=1,
    )
    wall.postit_update(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        postit_id=pid,
        text="Zwerfvuil bij school",
        version=2,
    )
    assert Postit.objects.get(pk=pid).version == 3


def test_stale_version_is_a_conflict(workshop, ans):
    pid = add(workshop, Actor(participant=ans.participant)).event.payload["id"]
    wall.postit_update(
        workshop_id=workshop.pk,
        actor=Actor(participant=ans.participant),
        client_op_id=op(),
        postit_id=pid,
        text="Nieuw",
        version=1,
    )
    with pytest.raises(Conflict):
        wall.postit_update(
            workshop_id=workshop.pk,
            actor=Actor(participant=ans.participant),
            client_op_id=op(),
            postit_id=pid,
            text="Oud",
            version=1,
        )
    assert Postit.objects.get(pk=pid).text == "Nieuw"


def test_facilitator_moves_merges_and_parks(workshop, ans, bram, fac_actor):
    a = add(workshop, Actor(participant=ans.participant), text="Hangjongeren").event.payload["id"]
    b = add(
        workshop, Actor(participant=bram.participant), text="Jongeren hangen rond"
    ).event.payload["id"]
    col = wall.column_create(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), title="Bewoners"
    )
    col_id = col.event.payload["id"]
    wall.postit_move(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), postit_id=a, column_id=col_id
    )
    merged = wall.postit_merge(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), postit_id=b, into_id=a
    )
    assert (
        merged.event.payload["merged_into_id"] == a and merged.event.payload["column_id"] == col_id
    )
    wall.postit_park(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        postit_id=a,
        parked=True,
        note="Oplossingsidee voor stap 4",
    )
    parked = Postit.objects.get(pk=a)
    assert parked.parked and parked.parked_note == "Oplossingsidee voor stap 4"
    deleted = wall.postit_delete(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), postit_id=a
    )
    assert deleted.event.payload == {"id": a, "unmerged_ids": [b]}
    assert Postit.objects.get(pk=b).merged_into is None


def test_participant_cannot_arrange_the_wall(workshop, ans):
    me = Actor(participant=ans.participant)
    pid = add(workshop, me).event.payload["id"]
    head = WorkshopEvent.objects.filter(workshop=workshop).count()
    for call in (
        lambda: wall.postit_park(
            workshop_id=workshop.pk, actor=me, client_op_id=op(), postit_id=pid
        ),
        lambda: wall.column_create(
            workshop_id=workshop.pk, actor=me, client_op_id=op(), title="Politie"
        ),
        lambda: wall.postit_move(
            workshop_id=workshop.pk, actor=me, client_op_id=op(), postit_id=pid, column_id=None
        ),
    ):
        with pytest.raises(NotAllowed):
            call()
    assert WorkshopEvent.objects.filter(workshop=workshop).count() == head
    assert not Postit.objects.get(pk=pid).parked


def test_ids_of_another_workshop_are_not_found(
    workshop, other_workshop, other_facilitator, fac_actor
):
    theirs = add(other_workshop, Actor(user=other_facilitator)).event.payload["id"]
    with pytest.raises(NotFound):
        wall.postit_park(
            workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), postit_id=theirs
        )
    with pytest.raises(NotFound):
        add(
            workshop,
            fac_actor,
            column_id=Column.objects.create(workshop=other_workshop, title="X").pk,
        )
    assert not Postit.objects.get(pk=theirs).parked
    assert Postit.objects.filter(workshop=workshop).count() == 0


def test_duplicate_column_name_is_refused(workshop, fac_actor):
    wall.column_create(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), title="Gemeente"
    )
    with pytest.raises(Conflict):
        wall.column_create(
            workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), title="gemeente"
        )
    assert Column.objects.filter(workshop=workshop).count() == 1
