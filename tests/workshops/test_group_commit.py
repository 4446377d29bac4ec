"""Group commit (wijktafel/workshops/group_commit.py): ops of several sockets that arrive while a
commit is under way share the next transaction, yet each is acknowledged only once stored, and
one op's refusal or a failed commit decides only what it should."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from channels.db import database_sync_to_async
from django.db import connection

from tests.support.factories import join
from tests.support.ws import Socket, db_counts, session_for
from wijktafel.activities import services as wall
from wijktafel.activities.models import Postit
from wijktafel.workshops.group_commit import group_commit
from wijktafel.workshops.models import WorkshopEvent
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 4
OPS_EACH = 6


async def frames_until(sock: Socket, count: int) -> list[dict]:
    """Every event, ack and refusal the socket gets until it has ``count`` of them."""
    got = []
    for _ in range(count * 10):
        frame = await sock.recv(5)
        if frame["type"] in ("event", "ack", "rejected", "error"):
            got.append(frame)
        if len(got) == count:
            return got
    raise AssertionError(got)


async def test_ops_sent_together_share_commits_and_each_is_acked_after_it(workshop):
    people = [await database_sync_to_async(join)(workshop, f"Deelnemer {n}") for n in range(PEOPLE)]
    sockets = []
    try:
        for person in people:
            sock = Socket(workshop.pk, await session_for(tokens={workshop.pk: person.token}))
            await sock.open()
            await sock.hello()
            sockets.append(sock)
        before = group_commit().batches
        sent: dict[str, str] = {}
        for round_ in range(OPS_EACH):  # every socket sends its ops without waiting for acks
            for n, sock in enumerate(sockets):
                op = str(uuid.uuid4())
                sent[op] = f"Idee {n}-{round_}"
                await sock.send(
                    {"type": "op", "op": op, "kind": "postit.create", "data": {"text": sent[op]}}
                )
        total = PEOPLE * OPS_EACH
        # each socket: the events of all ops (its own included) and its own acks
        received = await asyncio.gather(*(frames_until(s, total + OPS_EACH) for s in sockets))
    finally:
        for sock in sockets:
            await sock.close()

    batches = group_commit().batches - before
    assert 0 < batches < total, "ops that waited for a commit went together into the next one"
    log = await database_sync_to_async(
        lambda: {
            e.client_op_id and str(e.client_op_id): e.seq
            for e in WorkshopEvent.objects.filter(workshop=workshop, kind="postit.created")
        }
    )()
    assert sorted(log) == sorted(sent)
    for frames in received:
        events = [f for f in frames if f["type"] == "event"]
        assert [e["seq"] for e in events] == sorted(log.values())  # all of them, in order
        for ack in (f for f in frames if f["type"] == "ack"):
            assert ack["seq"] == log[ack["op"]]
            own = next(
                n
                for n, f in enumerate(frames)
                if f.get("seq") == ack["seq"] and f["type"] == "event"
            )
            assert frames.index(ack) < own, "its own event comes after its ack"
    events_logged, postits, _columns, last_seq = await db_counts(workshop.pk)
    assert (postits, last_seq) == (total, events_logged)


async def test_a_refused_op_undoes_only_itself(workshop, ans):
    sock = Socket(workshop.pk, await session_for(tokens={workshop.pk: ans.token}))
    await sock.open()
    await sock.hello()
    try:
        ops = {str(uuid.uuid4()): text for text in ("Eerste", "x" * 281, "Derde")}
        for op, text in ops.items():
            await sock.send(
                {"type": "op", "op": op, "kind": "postit.create", "data": {"text": text}}
            )
        frames = await frames_until(sock, 5)  # two acks, a refusal, two events
    finally:
        await sock.close()
    by_op = {f["op"]: f["type"] for f in frames if "op" in f}
    assert sorted(by_op.values()) == ["ack", "ack", "rejected"]
    texts = await database_sync_to_async(
        lambda: sorted(Postit.objects.filter(workshop=workshop).values_list("text", flat=True))
    )()
    assert texts == ["Derde", "Eerste"]


async def test_a_failed_commit_stores_nothing_of_its_batch_and_tells_every_op(workshop, ans):
    actor = Actor(participant=ans.participant)
    before = await db_counts(workshop.pk)

    def postit(text):
        return lambda: wall.postit_create(
            workshop_id=workshop.pk, actor=actor, client_op_id=uuid.uuid4(), text=text
        )

    def dangling_reference():
        # a post-it pointing at a column that does not exist: SQLite checks deferred foreign
        # keys at COMMIT, so the op itself succeeds and the batch's commit fails
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE activities_postit SET column_id = 999999 WHERE workshop_id = %s",
                [workshop.pk],
            )

    batcher = group_commit()
    # queued together before the batcher runs: one batch
    outcomes = await asyncio.gather(
        batcher.run(postit("Blijft niet")),
        batcher.run(dangling_reference),
        return_exceptions=True,
    )
    assert all(isinstance(outcome, Exception) for outcome in outcomes), outcomes
    assert await db_counts(workshop.pk) == before
