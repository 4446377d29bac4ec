"""The authorization matrix, websocket: every (role, message type / op kind) cell of policy.WS.

Each cell opens a real socket to workshop A through the whole ASGI stack (origin check, cookie
session, auth middleware, the consumer) with the role's session, and sends one message:

* roles that are not members are closed with 4401 right after connect; the message they send
  anyway gets no frame and changes nothing;
* members send ``hello`` first (welcome with their role, then a snapshot), then the message; an
  ``ack`` must be followed by its own broadcast event and must have stored something; a
  ``rejected`` must change nothing and broadcast nothing (the socket itself is in the group);
* no frame may hold a marker of a workshop the role may not see (org Y mirrors org X), nor a
  contact-detail canary it may not see; no log record may hold one.

The page and API cells are in ``test_matrix.py``. The world is restored from copied rows at the
start of each test (``conftest.world_rows``): sockets need committed data.
"""

from __future__ import annotations

import json
import uuid

import pytest
from channels.db import database_sync_to_async

from tests.support.authz import assert_logs_clean, restore_rows
from tests.support.world import World, contact_leaks, db_state, foreign_markers, op_data
from tests.support.ws import TIMEOUT, Socket, session_for  # noqa: F401
from wijktafel.workshops import seam

from .policy import cells

pytestmark = pytest.mark.django_db(transaction=True)

WS_CELLS = [c for c in cells() if c[0] == "ws"]


def message_for(w: World, key: str) -> dict:
    """The frame of a WS row: the op's declared example aimed at workshop A's objects
    (``#mirror``: Y's, ``#others``: another participant's; ``world.op_data``)."""
    name, _, variant = key.partition(" #")
    if name == "hello":
        return {"type": "hello", "last_seq": None}
    if name == "resync":
        return {"type": "resync", "after": 0}
    if name == "hb_ack":
        return {"type": "hb_ack", "last_seq": 0}
    op = seam.op(name.removeprefix("op:"))
    return {"type": "op", "op": str(uuid.uuid4()), "kind": op.kind, "data": op_data(w, op, variant)}


async def session_of(w: World, role: str) -> str | None:
    user = w.user(role)
    token = w.participant_token(role)
    if user is None and token is None:
        return None
    return await session_for(user=user, tokens={token[0]: token[1]} if token else None)


def assert_no_foreign_data(role: str, frames: list[dict]) -> None:
    text = json.dumps(frames, ensure_ascii=False)
    for mark in foreign_markers(role):
        assert mark not in text, f"{role} received data of another workshop ({mark})"
    leaks = contact_leaks("WS socket", role, text)  # the canaries of test_canary.py
    assert not leaks, leaks


@pytest.fixture(autouse=True)
def no_contact_details_in_the_log(logs):
    yield
    assert_logs_clean(logs)


state = database_sync_to_async(db_state)


@pytest.mark.parametrize("cell", WS_CELLS, ids=[f"{c[2]}-{c[1]}" for c in WS_CELLS])
async def test_socket(world_rows, cell):
    _family, key, role, outcome = cell
    world, rows = world_rows
    await database_sync_to_async(restore_rows)(rows)
    words = outcome.split()
    sock = Socket(world.x.a.workshop.pk, await session_of(world, role))
    frames: list[dict] = []
    try:
        await sock.open()
        if words[0] == "close":  # refused at connect; what it sends anyway is never read
            before = await state()
            await sock.send(message_for(world, key))
            output = await sock.comm.receive_output(TIMEOUT)
            assert output["type"] == "websocket.close", f"{role} got a frame: {output}"
            assert output.get("code") == int(words[1])
            assert await sock.comm.receive_nothing(0.1)
            assert await state() == before, f"{key} as {role}: the database changed"
            return

        await sock.send({"type": "hello", "last_seq": None})
        welcome, snapshot = await sock.recv(), await sock.recv()
        frames += [welcome, snapshot]
        assert snapshot["type"] == "snapshot", snapshot
        assert snapshot["state"]["workshop"]["id"] == world.x.a.workshop.pk
        before = await state()
        if key == "hello":
            assert [welcome["type"], welcome["role"]] == words, welcome
            assert welcome["participant_id"] == (
                world.x.a.participants[0].pk if role == "participant_a" else None
            )
        else:
            message = message_for(world, key)
            await sock.send(message)
            if words[0] == "frames":
                for _ in range(500):  # bounded: the whole log of A is far shorter
                    if await sock.nothing(0.2):
                        break
                    frames.append(await sock.recv())
                replies = frames[2:]
                assert replies and all(f["type"] == "event" for f in replies), replies
            elif words[0] == "silent":
                assert await sock.nothing(0.2)
            elif words[0] == "ack":
                reply = await sock.recv()
                frames.append(reply)
                assert (reply["type"], reply["op"]) == ("ack", message["op"]), reply
                event = await sock.recv()  # the sender gets its own change like everyone else
                frames.append(event)
                assert (event["type"], event["seq"]) == ("event", reply["seq"]), event
                if "close" in words:
                    assert await sock.expect_close() == int(words[words.index("close") + 1])
            elif words[0] == "rejected":
                reply = await sock.recv()
                frames.append(reply)
                assert (reply["type"], reply["code"]) == ("rejected", words[1]), reply
                assert await sock.nothing(0.15), "a rejected op was followed by a broadcast"
            else:  # pragma: no cover - a typo in the policy
                raise AssertionError(f"unknown outcome {outcome!r}")
        after = await state()
        if "+write" in words:
            assert after != before, f"{key} as {role}: acknowledged, but nothing was stored"
        else:
            assert after == before, f"{key} as {role}: the database changed"
        assert_no_foreign_data(role, frames)
    finally:
        await sock.close()
