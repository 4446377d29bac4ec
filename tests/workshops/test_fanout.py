"""The room hub (wijktafel.core.fanout): each event once to every local socket of its room only,
after commit, in seq order; a slow socket never holds up the others; Redis carries events and
close messages between processes and the subscriber comes back by itself."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import threading
import time
import uuid

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from tests.support.factories import join, make_workshop
from tests.support.ws import db_counts
from wijktafel.activities import services as wall
from wijktafel.core import fanout
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db(transaction=True)


def _create_column(workshop_id, user, title):
    return wall.column_create(
        workshop_id=workshop_id, actor=Actor(user=user), client_op_id=None, title=title
    ).event


async def _frames(sock, limit: int = 50) -> list[dict]:
    """Every frame the socket has until it is quiet, heartbeats left out."""
    frames = []
    for _ in range(limit):
        if await sock.nothing(0.2):
            break
        frame = await sock.recv()
        if frame["type"] != "hb":
            frames.append(frame)
    return frames


# --- Through the real consumer ------------------------------------------------------------------


async def test_every_socket_of_the_room_gets_each_event_once_and_other_rooms_nothing(
    sockets, workshop, facilitator, ans, bram
):
    other = await database_sync_to_async(make_workshop)(facilitator, title="Andere sessie")
    kees = await database_sync_to_async(join)(other, "Kees")
    fac = await sockets(workshop, user=facilitator)
    screen = await sockets(workshop, user=facilitator)
    phones = [
        await sockets(workshop, tokens={workshop.pk: ans.token}),
        await sockets(workshop, tokens={workshop.pk: bram.token}),
    ]
    elsewhere = await sockets(other, tokens={other.pk: kees.token})
    head = (await db_counts(workshop.pk))[3]

    for n in range(3):
        await fac.send(
            {
                "type": "op",
                "op": str(uuid.uuid4()),
                "kind": "column.create",
                "data": {"title": f"Kolom {n}"},
            }
        )

    expected = [("event", head + n) for n in (1, 2, 3)]
    sent = await _frames(fac)
    assert [f["seq"] for f in sent if f["type"] == "ack"] == [head + 1, head + 2, head + 3]
    assert [(f["type"], f["seq"]) for f in sent if f["type"] != "ack"] == expected
    for sock in (screen, *phones):
        assert [(f["type"], f["seq"]) for f in await _frames(sock)] == expected
    assert await _frames(elsewhere) == []


async def test_nothing_is_sent_before_commit_and_nothing_after_a_rollback(
    sockets, workshop, facilitator, ans
):
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    before = await db_counts(workshop.pk)
    written, checked = threading.Event(), threading.Event()

    def rolled_back():
        with transaction.atomic():
            _create_column(workshop.pk, facilitator, "Wordt teruggedraaid")
            transaction.set_rollback(True)

    def committed_late():
        with transaction.atomic():
            event = _create_column(workshop.pk, facilitator, "Blijft")
            written.set()
            assert checked.wait(5)
        return event

    await database_sync_to_async(rolled_back)()
    assert await _frames(phone) == []
    assert await db_counts(workshop.pk) == before

    commit = asyncio.ensure_future(database_sync_to_async(committed_late)())
    assert await asyncio.to_thread(written.wait, 5)
    assert await phone.nothing(0.3)  # written, not yet committed: nothing on the socket
    checked.set()
    event = await commit
    assert [(f["type"], f["seq"]) for f in await _frames(phone)] == [("event", event.seq)]
    assert (await db_counts(workshop.pk))[0] == before[0] + 1


async def test_a_closed_socket_leaves_its_room_and_the_last_one_removes_it(
    sockets, workshop, facilitator, ans
):
    hub = fanout.hub()
    fac = await sockets(workshop, user=facilitator)
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    assert len(hub.rooms[workshop.pk].seats) == 2
    assert ans.participant.pk in hub.people

    await phone.close()
    assert len(hub.rooms[workshop.pk].seats) == 1
    assert ans.participant.pk not in hub.people
    await fac.op("column.create", {"title": "Na het sluiten"})  # still reaches the open socket
    assert [f["type"] for f in await _frames(fac)] == ["event"]

    await fac.close()
    assert workshop.pk not in hub.rooms


async def test_removal_closes_only_that_participants_sockets_after_the_event(
    sockets, workshop, facilitator, ans, bram
):
    fac = await sockets(workshop, user=facilitator)
    ans_tabs = [await sockets(workshop, tokens={workshop.pk: ans.token}) for _ in range(2)]
    bram_phone = await sockets(workshop, tokens={workshop.pk: bram.token})

    ack = await fac.op("participant.remove", {"id": ans.participant.pk})

    assert ack["type"] == "ack"
    for tab in ans_tabs:
        assert await tab.expect_close() == 4403
    assert [f["kind"] for f in await _frames(bram_phone)] == ["participant.removed"]
    assert await fac.op("column.create", {"title": "Verder"}) is not None
    assert [f["kind"] for f in await _frames(bram_phone)] == ["column.created"]


# --- The hub itself, with sockets that record what they get ---------------------------------------


class Recorder:
    """A socket stand-in: records frames; ``gate`` (when given) blocks every send until set."""

    def __init__(self, gate: asyncio.Event | None = None):
        self.frames: list[str] = []
        self.closed_with: int | None = None
        self.gate = gate

    async def send(self, text: str) -> None:
        if self.gate is not None:
            await self.gate.wait()
        self.frames.append(text)

    async def close(self, code: int) -> None:
        self.closed_with = code


def _seat(hub: fanout.Hub, room: int, recorder: Recorder, participant_id: int | None = None):
    seat = hub.join(room, participant_id, send=recorder.send, close=recorder.close)
    seat.start_buffering()
    seat.go_live()
    return seat


async def _settle(rounds: int = 5) -> None:
    for _ in range(rounds):
        await asyncio.sleep(0)


async def test_a_slow_socket_does_not_hold_up_the_room_and_is_closed_when_too_far_behind():
    hub = fanout.Hub({"SEND_BACKLOG": 5})
    fast = [Recorder() for _ in range(3)]
    slow = Recorder(gate=asyncio.Event())
    seats = [_seat(hub, 1, r) for r in fast]
    slow_seat = _seat(hub, 1, slow)

    for seq in range(1, 5):  # within the backlog: the slow one waits, nobody else does
        hub.publish(1, seq, f"e{seq}")
    assert all(r.frames == ["e1", "e2", "e3", "e4"] for r in fast)
    assert slow.frames == [] and slow_seat in hub.rooms[1].seats

    slow.gate.set()  # it catches up, in order
    await _settle()
    assert slow.frames == ["e1", "e2", "e3", "e4"]

    slow.gate = asyncio.Event()  # now it stops reading for good
    for seq in range(5, 13):
        hub.publish(1, seq, f"e{seq}")
    await _settle()
    assert all(r.frames == [f"e{n}" for n in range(1, 13)] for r in fast)
    assert slow.closed_with == fanout.CLOSE_TOO_SLOW
    assert slow_seat not in hub.rooms[1].seats and len(hub.rooms[1].seats) == len(seats)
    assert slow.frames == ["e1", "e2", "e3", "e4"]


async def test_events_go_out_in_seq_order_and_a_gap_waits_only_briefly():
    hub = fanout.Hub({"REORDER_SECONDS": 0.05})
    recorder = Recorder()
    _seat(hub, 7, recorder)

    hub.publish(7, 1, "e1")
    hub.publish(7, 3, "e3")  # overtook e2
    hub.publish(7, 2, "e2")
    hub.publish(7, 5, "e5")  # e4 never comes
    assert recorder.frames == ["e1", "e2", "e3"]
    await asyncio.sleep(0.2)
    assert recorder.frames == ["e1", "e2", "e3", "e5"]


async def test_frames_wait_for_the_catch_up_and_for_the_own_ack():
    hub = fanout.Hub()
    recorder = Recorder()
    seat = hub.join(3, None, send=recorder.send, close=recorder.close)
    hub.publish(3, 1, "before hello")  # not asked for yet: in the catch-up
    seat.start_buffering()
    hub.publish(3, 2, "during catch-up")
    assert recorder.frames == []
    seat.go_live()
    assert recorder.frames == ["during catch-up"]

    seat.op_started()  # the socket's own op runs: other events still flow at once
    hub.publish(3, 3, "someone else's event")
    assert recorder.frames[-1] == "someone else's event"
    token = fanout.ORIGIN.set(seat)
    hub.publish(3, 4, "own event")  # from the op's service: waits for the ack
    fanout.ORIGIN.reset(token)
    hub.publish(3, 5, "later event")  # queues behind it, so the order holds
    hub.close_room(3, 4408)
    await _settle()
    assert recorder.frames == ["during catch-up", "someone else's event"]
    assert recorder.closed_with is None
    await recorder.send("ack")
    seat.ack_sent()
    await _settle()
    assert recorder.frames == [
        "during catch-up",
        "someone else's event",
        "ack",
        "own event",
        "later event",
    ]
    assert recorder.closed_with == 4408
    assert 3 not in hub.rooms


async def test_publishing_from_a_worker_thread_reaches_the_loop():
    hub = fanout.Hub()
    recorder = Recorder()
    _seat(hub, 9, recorder)
    await asyncio.to_thread(hub.publish, 9, 1, "from a thread")
    await _settle()
    assert recorder.frames == ["from a thread"]
    await asyncio.to_thread(hub.publish, 10, 1, "a room nobody here is in")
    await _settle()
    assert recorder.frames == ["from a thread"]


# --- Several processes through Redis ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, port: int):
        self.port, self.process = port, None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(5)
            self.process = None


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (scripts/setup.sh installs it)")
    server = RedisServer(_free_port())
    server.start()
    yield server
    server.stop()


async def _until(condition, seconds: float = 10.0) -> bool:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return True
        await asyncio.sleep(0.02)
    return condition()


async def test_redis_carries_events_and_closes_between_processes_and_survives_a_restart(
    redis_server,
):
    config = {
        "REDIS_URL": f"redis://127.0.0.1:{redis_server.port}/0",
        "REDIS_TIMEOUT": 0.3,
        "REDIS_PING_SECONDS": 0.2,
        "REDIS_CHANNEL": "test:fanout",
    }
    one, two = fanout.Hub(config), fanout.Hub(config)  # two workers
    here, there, elsewhere = Recorder(), Recorder(), Recorder()
    try:
        _seat(one, 5, here)
        _seat(two, 5, there, participant_id=11)
        _seat(two, 6, elsewhere)
        assert await _until(lambda: one.bridge.connected.is_set() and two.bridge.connected.is_set())

        one.publish(5, 1, "e1")
        assert await _until(lambda: there.frames == ["e1"])
        assert here.frames == ["e1"] and elsewhere.frames == []  # once here, not again via Redis

        redis_server.stop()
        started = time.monotonic()
        for seq in range(2, 12):  # neither blocks nor raises
            one.publish(5, seq, f"e{seq}")
        assert time.monotonic() - started < 0.1
        assert here.frames == [f"e{n}" for n in range(1, 12)]  # local sockets still get them
        assert await _until(lambda: not two.bridge.connected.is_set())

        redis_server.start()  # same port; the subscribers come back by themselves
        assert await _until(lambda: one.bridge.connected.is_set() and two.bridge.connected.is_set())
        one.publish(5, 12, "e12")
        assert await _until(lambda: "e12" in there.frames)
        # What Redis lost is recovered by the heartbeat and resync, not here; the order holds.
        assert there.frames == sorted(there.frames, key=lambda f: int(f[1:]))
        assert there.closed_with is None

        one.close_participant(11, 4403)
        assert await _until(lambda: there.closed_with == 4403)
        assert elsewhere.closed_with is None
    finally:
        one.stop()
        two.stop()
