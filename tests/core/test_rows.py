"""Rows by SQL built once (wijktafel/core/db/rows.py): what they read and write must be what the
ORM reads and writes, field for field, on both backends (the op path depends on it, issue 12)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.db.models.signals import post_save

from tests.support.factories import join, make_workshop
from wijktafel.activities.models import Postit
from wijktafel.core.db import rows
from wijktafel.workshops.models import Participant, Workshop, WorkshopEvent

pytestmark = pytest.mark.django_db


def fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_a_row_read_equals_the_orms_read(facilitator):
    workshop = make_workshop(facilitator)
    workshop.planned_start = dt.datetime(2026, 12, 7, 19, 30, 15, 123456, tzinfo=dt.UTC)
    workshop.save()
    op = uuid.uuid4()
    event = WorkshopEvent.objects.create(
        workshop=workshop,
        seq=workshop.last_seq + 1,
        kind="postit.created",
        payload={"tekst": "Zwerfvuil – bij de school", "n": [1, 2.5, None, True]},
        actor_key="p:1",
        client_op_id=op,
        op_kind="postit.create",
    )

    read = rows.Rows(WorkshopEvent, "workshop", "actor_key", "client_op_id").get(
        workshop.pk, "p:1", op
    )
    assert fields(read) == fields(WorkshopEvent.objects.get(pk=event.pk))
    assert read.payload == {"tekst": "Zwerfvuil – bij de school", "n": [1, 2.5, None, True]}
    assert isinstance(read.client_op_id, uuid.UUID) and read.created_at.tzinfo is not None
    assert read._state.adding is False and read._state.db == "default"

    locked = rows.Rows(Workshop, "id", lock=True).get(workshop.pk)
    assert fields(locked) == fields(Workshop.objects.get(pk=workshop.pk))
    assert rows.Rows(Workshop, "id").get(workshop.pk + 1000) is None
    assert (
        rows.Rows(WorkshopEvent, "workshop", "actor_key", "client_op_id").get(
            workshop.pk, "p:2", op
        )
        is None
    )


def test_the_extra_condition_and_the_lock(facilitator):
    workshop = make_workshop(facilitator)
    ans = join(workshop, "Ans")
    present = rows.Rows(Participant, "id", also="removed_at IS NULL")
    assert present.get(ans.participant.pk).display_name == "Ans"
    Participant.objects.filter(pk=ans.participant.pk).update(removed_at=dt.datetime.now(dt.UTC))
    assert present.get(ans.participant.pk) is None

    sent = []

    def record(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert rows.Rows(Workshop, "id", lock=True).get(workshop.pk).pk == workshop.pk
    assert sent[-1].endswith("FOR UPDATE") is connection.features.has_select_for_update


def test_an_insert_stores_what_save_stores(facilitator):
    workshop = make_workshop(facilitator)
    ans = join(workshop, "Ans").participant
    fast = rows.insert(Postit(workshop=workshop, author=ans, text="Een bankje", position=7))
    slow = Postit.objects.create(workshop=workshop, author=ans, text="Een bankje", position=7)

    assert fast.pk and fast.pk != slow.pk and fast._state.adding is False
    stored, reference = (
        fields(Postit.objects.get(pk=fast.pk)),
        fields(Postit.objects.get(pk=slow.pk)),
    )
    for name in ("id", "created_at", "updated_at"):
        assert stored.pop(name) and reference.pop(name)
    assert stored == reference
    # the instance holds what was stored (auto_now_add set on it, as save() does)
    assert fields(fast) == fields(Postit.objects.get(pk=fast.pk))
    assert rows.max_of(Postit, "position", "workshop", workshop.pk) == 7
    assert rows.max_of(Postit, "position", "workshop", workshop.pk + 1000) is None


def test_an_event_insert_and_the_counter_update(facilitator):
    workshop = make_workshop(facilitator)
    workshop.last_seq += 1
    rows.update(workshop, ["last_seq"])
    event = rows.insert(
        WorkshopEvent(
            workshop=workshop,
            seq=workshop.last_seq,
            kind="k",
            payload={"a": "é"},
            actor_key="u:1",
            client_op_id=None,
        )
    )
    workshop.refresh_from_db()
    assert workshop.last_seq == event.seq
    assert fields(WorkshopEvent.objects.get(pk=event.pk)) == fields(event)


def test_a_model_with_save_listeners_goes_through_save(facilitator):
    workshop = make_workshop(facilitator)
    heard = []

    def listener(sender, instance, created, **kwargs):
        heard.append((instance.text, created))

    post_save.connect(listener, sender=Postit)
    try:
        rows.insert(Postit(workshop=workshop, text="Gehoord", position=0))
    finally:
        post_save.disconnect(listener, sender=Postit)
    assert heard == [("Gehoord", True)]
    assert Postit.objects.filter(workshop=workshop, text="Gehoord").count() == 1
