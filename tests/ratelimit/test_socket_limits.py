"""R5 and R6 on real consumers: a flooding socket is closed with 1008 while the others go on;
the fourth socket of one participant is refused with 4429, and a closed socket frees its slot."""

import asyncio
import logging
import uuid

import pytest
from channels.db import database_sync_to_async
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache

from tests.support.ws import Socket, db_counts, session_for
from wijktafel.workshops import wsguard

pytestmark = pytest.mark.django_db(transaction=True)


async def open_socket(workshop, *, user=None, tokens=None, hello=True) -> Socket:
    sock = Socket(workshop.pk, await session_for(user=user, tokens=tokens))
    await sock.open()
    if hello:
        await sock.hello()
    return sock


async def refused(workshop, **who) -> tuple[dict, int]:
    """Open a socket that must be refused: the frame it got and its close code."""
    sock = Socket(workshop.pk, await session_for(**who))
    await sock.open()
    frame = await sock.recv()
    return frame, await sock.expect_close()


# --- R5: flood ----------------------------------------------------------------------------------


async def test_a_flooding_socket_is_closed_with_1008_and_the_others_keep_going(
    sockets, workshop, facilitator, ans, bram, caplog
):
    caplog.set_level(logging.WARNING, logger="wijktafel.security")
    fac = await sockets(workshop, user=facilitator)
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    flooder = await sockets(workshop, tokens={workshop.pk: bram.token})
    before = await db_counts(workshop.pk)

    for _ in range(1000):  # as fast as the client can: far beyond 1,000 per second
        await flooder.send({"type": "hb_ack", "last_seq": 0})
    # Meanwhile another participant adds a post-it.
    ack = await phone.op("postit.create", {"text": "Meer bankjes in het park"})

    frame = await flooder.recv()
    if frame["type"] == "event":  # the post-it may reach the flooder before its bucket runs dry
        frame = await flooder.recv()
    assert (frame["type"], frame["code"]) == ("error", "rate_limited")
    assert "berichten" in frame["message"]  # Dutch by default
    assert await flooder.expect_close(timeout=2) == wsguard.CLOSE_POLICY
    assert ack["type"] == "ack"
    event = await phone.recv()
    assert (event["type"], event["kind"]) == ("event", "postit.created")
    assert await fac.recv() == event  # the others still get every event
    after = await db_counts(workshop.pk)
    assert after[0] == before[0] + 1 and after[1] == before[1] + 1  # the flood changed nothing
    floods = [r.getMessage() for r in caplog.records if r.getMessage().startswith("ws_flood")]
    assert floods == [
        f"ws_flood reason=frames workshop={workshop.pk} participant={bram.participant.pk} "
        f"user=None burst=200 rate=20.0"
    ]


async def test_after_a_flood_that_person_must_wait_before_connecting_again(
    workshop, ans, bram, settings
):
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "WS_FLOOD_COOLDOWN_SECONDS": 1}
    flooder = await open_socket(workshop, tokens={workshop.pk: bram.token})
    for _ in range(300):
        await flooder.send({"type": "hb_ack", "last_seq": 0})
    assert await flooder.expect_close() == wsguard.CLOSE_POLICY
    await flooder.close()

    # Reconnecting at once is refused with 1008 before anything is read or sent ...
    frame, code = await refused(workshop, tokens={workshop.pk: bram.token})
    assert code == wsguard.CLOSE_POLICY and frame["code"] == "rate_limited"
    # ... while other participants connect as usual.
    other = await open_socket(workshop, tokens={workshop.pk: ans.token})
    await asyncio.sleep(1.2)  # longer than the cool-down
    again = await open_socket(workshop, tokens={workshop.pk: bram.token})
    assert (await again.op("postit.create", {"text": "Weer rustig"}))["type"] == "ack"
    for sock in (other, again):
        await sock.close()


async def test_the_same_browser_session_is_turned_away_at_the_door_during_the_cool_down(
    workshop, bram, settings
):
    """wsguard.CoolingGate: the flooding session's reconnects are closed before its session is
    read. Deleting that session shows it: read, it would be closed as unknown (4401)."""
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "WS_FLOOD_COOLDOWN_SECONDS": 1}
    session_key = await session_for(tokens={workshop.pk: bram.token})
    flooder = Socket(workshop.pk, session_key)
    await flooder.open()
    await flooder.hello()
    for _ in range(300):
        await flooder.send({"type": "hb_ack", "last_seq": 0})
    assert await flooder.expect_close() == wsguard.CLOSE_POLICY
    await flooder.close()
    assert session_key in wsguard.COOLING
    await database_sync_to_async(SessionStore(session_key).delete)()
    before = await db_counts(workshop.pk)

    again = Socket(workshop.pk, session_key)
    await again.open()
    frame = await again.recv()
    assert (frame["type"], frame["code"]) == ("error", "rate_limited")
    assert "berichten" in frame["message"]  # Dutch, as the consumer would say it
    assert await again.expect_close() == wsguard.CLOSE_POLICY
    assert await db_counts(workshop.pk) == before

    await asyncio.sleep(1.2)  # the cool-down is over: the session is read again (and unknown)
    late = Socket(workshop.pk, session_key)
    await late.open()
    assert await late.expect_close() == 4401
    assert session_key not in wsguard.COOLING


def test_the_door_list_is_bounded_and_forgets_what_expired():
    now = [0.0]
    cooling = wsguard.Cooling(clock=lambda: now[0])
    cooling.MAX = 3
    for key in "abc":
        cooling.add(key, 5)
    now[0] = 1.0
    cooling.add("d", 5)  # full, nothing expired: the oldest ("a") makes room
    assert [key in cooling for key in "abcd"] == [False, True, True, True]
    now[0] = 6.5
    cooling.add("e", 5)  # b, c and d have expired and are dropped
    assert cooling.until.keys() == {"e"}
    now[0] = 11.6
    assert "e" not in cooling and not cooling.until


async def test_a_flood_of_ops_stops_at_the_close_and_only_acked_ops_are_stored(
    workshop, ans, settings
):
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "WS_BURST": 20, "WS_RATE": 5.0}
    phone = await open_socket(workshop, tokens={workshop.pk: ans.token})
    before = await db_counts(workshop.pk)

    for n in range(1000):
        await phone.send(
            {
                "type": "op",
                "op": str(uuid.uuid4()),
                "kind": "postit.create",
                "data": {"text": f"Vloed {n}"},
            }
        )
    acks = 0
    for _ in range(2000):  # bounded: every frame up to the close
        output = await phone.comm.receive_output(5)
        if output["type"] == "websocket.close":
            assert output["code"] == wsguard.CLOSE_POLICY
            break
        acks += '"type":"ack"' in output["text"].replace(" ", "")
    after = await db_counts(workshop.pk)
    assert 19 <= acks < 1000
    assert after[1] == before[1] + acks  # exactly the acked post-its exist, no more


async def test_a_reconnect_with_a_full_outbox_is_not_limited(workshop, ans):
    """One hello and 100 outbox ops at once (the catch-up burst of a phone that was offline)."""
    phone = Socket(workshop.pk, await session_for(tokens={workshop.pk: ans.token}))
    await phone.open()
    ops = [str(uuid.uuid4()) for _ in range(100)]
    await phone.send({"type": "hello", "last_seq": None})
    for n, op in enumerate(ops):
        await phone.send(
            {"type": "op", "op": op, "kind": "postit.create", "data": {"text": f"Idee {n}"}}
        )
    acked, events = set(), 0
    for _ in range(400):  # bounded: welcome, snapshot, 100 acks and 100 events
        frame = await phone.recv(timeout=10)
        assert frame["type"] in {"welcome", "snapshot", "ack", "event", "hb"}, frame
        if frame["type"] == "ack":
            acked.add(frame["op"])
        events += frame["type"] == "event"
        if len(acked) == events == len(ops):
            break
    assert acked == set(ops)
    reply = await phone.op("postit.create", {"text": "Nog eentje"})
    assert reply["type"] == "ack"  # still open
    await phone.close()


def test_token_bucket_refills_at_its_rate_up_to_its_burst():
    now = [100.0]
    bucket = wsguard.TokenBucket(burst=3, rate=2, clock=lambda: now[0])
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    now[0] += 0.5  # one token back
    assert [bucket.take() for _ in range(2)] == [True, False]
    now[0] += 60  # never more than the burst
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]


# --- R6: sockets per person -----------------------------------------------------------------------


async def test_the_fourth_socket_of_a_participant_is_refused_until_one_closes(
    workshop, ans, bram, caplog
):
    caplog.set_level(logging.WARNING, logger="wijktafel.security")
    own = {"tokens": {workshop.pk: ans.token}}
    tabs = [await open_socket(workshop, **own) for _ in range(3)]
    before = await db_counts(workshop.pk)

    frame, code = await refused(workshop, **own)

    assert code == wsguard.CLOSE_TOO_MANY_SOCKETS
    assert (frame["type"], frame["code"]) == ("error", "too_many_sockets")
    assert "te veel schermen" in frame["message"]
    assert await db_counts(workshop.pk) == before
    assert any(r.getMessage().startswith("ws_too_many_sockets") for r in caplog.records)
    # Another participant is not affected, and the three open tabs still work.
    other = await open_socket(workshop, tokens={workshop.pk: bram.token})
    assert (await tabs[0].op("postit.create", {"text": "Nog open"}))["type"] == "ack"

    # Closing one tab frees its slot: one new socket fits, the next is refused again.
    await tabs[1].close()
    tabs[1] = await open_socket(workshop, **own)
    assert (await refused(workshop, **own))[1] == wsguard.CLOSE_TOO_MANY_SOCKETS
    for sock in [*tabs, other]:
        await sock.close()


async def test_facilitators_may_open_ten_sockets_per_workshop(workshop, facilitator):
    screens = [await open_socket(workshop, user=facilitator, hello=False) for _ in range(10)]

    frame, code = await refused(workshop, user=facilitator)

    assert code == wsguard.CLOSE_TOO_MANY_SOCKETS and frame["code"] == "too_many_sockets"
    for sock in screens:
        await sock.close()
    assert await open_socket(workshop, user=facilitator, hello=False)


async def test_sockets_held_by_another_worker_count_too(workshop, ans):
    """The count is in the shared cache: three slots taken elsewhere leave none here."""
    prefix = wsguard.slot_prefix(
        workshop_id=workshop.pk, participant_id=ans.participant.pk, user_id=None
    )
    for _ in range(3):
        assert wsguard._claim(prefix, 3, f"other-worker-{uuid.uuid4().hex}")

    _frame, code = await refused(workshop, tokens={workshop.pk: ans.token})
    assert code == wsguard.CLOSE_TOO_MANY_SOCKETS


async def test_slots_of_a_crashed_worker_expire_and_live_sockets_keep_theirs(
    workshop, ans, bram, settings
):
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "WS_SLOT_TTL_SECONDS": 1}
    # A worker that died holding all of Ans's slots: nobody refreshes or frees them.
    prefix = wsguard.slot_prefix(
        workshop_id=workshop.pk, participant_id=ans.participant.pk, user_id=None
    )
    for _ in range(3):
        assert wsguard._claim(prefix, 3, "dead-worker")
    # Bram's three live sockets refresh their slots (every third of the TTL).
    brams = [
        await open_socket(workshop, tokens={workshop.pk: bram.token}, hello=False) for _ in range(3)
    ]

    await asyncio.sleep(1.6)  # longer than the TTL

    phone = await open_socket(workshop, tokens={workshop.pk: ans.token})  # the dead slots are gone
    _frame, code = await refused(workshop, tokens={workshop.pk: bram.token})
    assert code == wsguard.CLOSE_TOO_MANY_SOCKETS
    for sock in [phone, *brams]:
        await sock.close()


async def test_when_the_cache_fails_sockets_are_let_in(workshop, ans, monkeypatch):
    class DownCache:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("redis is down")

            return fail

    monkeypatch.setattr(wsguard, "cache", DownCache())
    tabs = [await open_socket(workshop, tokens={workshop.pk: ans.token}) for _ in range(4)]
    assert (await tabs[3].op("postit.create", {"text": "Toch gelukt"}))["type"] == "ack"
    for sock in tabs:
        await sock.close()
    assert cache.get(f"wijktafel:ws-slots:p:{ans.participant.pk}:0") is None
