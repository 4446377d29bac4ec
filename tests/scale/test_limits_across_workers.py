"""The limits hold across workers: two real uvicorn processes on one PostgreSQL and one Redis
(the scale-out deployment, tests/scale). Sockets per participant, failed logins and failed join
codes are counted in the shared stores, so a second worker sees what the first counted; a flood
on one worker is cut off while a participant on the other keeps receiving events."""

from __future__ import annotations

import asyncio
import json
import secrets
import time
import urllib.parse

import pytest

from tests.support.scale import Browser, LiveSocket, two_workers_on

WAIT = 10  # seconds; a bound for a busy machine, not a latency target


@pytest.fixture(scope="module")
def two_workers():
    """Two workers on a throw-away database, with their own key prefix in the shared Redis:
    the counters of this run (a blocked address, taken socket slots) touch no other run."""
    prefix = {"WIJKTAFEL_CACHE_PREFIX": f"ratelimit-test-{secrets.token_hex(4)}"}
    with two_workers_on("wijktafel_ratelimit", heartbeat_seconds=120, extra_env=prefix) as workers:
        yield workers


def _path(url: str) -> str:
    return urllib.parse.urlsplit(url).path


async def test_socket_slots_and_floods_across_workers(two_workers):
    (w1, w2), seed = two_workers
    workshop = seed["workshops"][0]
    ans, bert = Browser(w1.url), Browser(w2.url)
    ans.join(_path(workshop["join_url"]), "Ans")
    bert.join(_path(workshop["join_url"]), "Bert")
    key = ans.cookie("sessionid")
    sockets = [LiveSocket(w.ws_url, workshop["id"], key) for w in (w1, w1, w2)]
    try:
        for sock in sockets:
            assert (await sock.open())["role"] == "participant"
        # Two sockets on worker 1 and one on worker 2: the fourth is refused on either worker.
        for worker in (w2, w1):
            extra = LiveSocket(worker.ws_url, workshop["id"], key)
            assert await extra.refused(WAIT) == 4429
            assert [f["code"] for f in extra.frames] == ["too_many_sockets"]
        # A socket closed on worker 1 frees its slot for worker 2 at once.
        await sockets[0].close()
        sockets[0] = LiveSocket(w2.ws_url, workshop["id"], key)
        assert (await sockets[0].open())["role"] == "participant"

        # Bert floods from worker 2 at about 1,000 frames a second; he is closed with 1008.
        flooder = LiveSocket(w2.ws_url, workshop["id"], bert.cookie("sessionid"))
        sockets.append(flooder)
        await flooder.open()
        started = time.monotonic()
        sent = 0
        for sent in range(1, 5001):  # bounded: 5 s at the intended rate
            if flooder.reader.done():
                break
            try:
                await flooder.ws.send(json.dumps({"type": "hb_ack", "last_seq": 0}))
            except Exception:  # closed under our feet
                break
            if sent % 10 == 0:
                await asyncio.sleep(0.01)
        assert await flooder.wait_closed(WAIT) == 1008
        took = time.monotonic() - started
        print(f"\nflood: closed with 1008 after {took:.2f} s and {sent} frames")
        assert any(f.get("code") == "rate_limited" for f in flooder.frames)
        # Coming straight back, through the other worker, is refused for the cool-down.
        back = LiveSocket(w1.ws_url, workshop["id"], bert.cookie("sessionid"))
        sockets.append(back)
        assert await back.refused(WAIT) == 1008
        # Ans (worker 1 and 2) goes on: her input reaches her socket on the other worker.
        ack = await sockets[1].op("postit.create", {"text": "Zebrapad bij de school"})
        assert ack["type"] == "ack", ack
        seen = await sockets[2].wait_for(
            lambda f: (
                f.get("type") == "event" and f["data"].get("text") == "Zebrapad bij de school"
            ),
            WAIT,
        )
        assert seen["seq"] == ack["seq"]
    finally:
        for sock in sockets:
            await sock.close()


def test_login_failures_count_across_workers(two_workers):
    (w1, w2), seed = two_workers
    name = "niemand@example.nl"  # not the seed account: it must stay usable
    statuses = [
        Browser(w.url).post("/inloggen/", {"username": name, "password": "fout"})[0]
        for w in (w1, w2, w1, w2)
    ]
    assert statuses == [200] * 4
    fifth = Browser(w2.url).post("/inloggen/", {"username": name, "password": "fout"})
    assert fifth[0] == 429 and "Te veel pogingen om in te loggen" in fifth[2]
    assert Browser(w1.url).post("/inloggen/", {"username": name, "password": "fout"})[0] == 429
    # The seed facilitator, from the same address, is not affected.
    Browser(w1.url).login(seed["email"], seed["password"])


def test_join_failures_count_across_workers(two_workers):
    """Last in this module: it blocks wrong codes from 127.0.0.1 for ten minutes."""
    (w1, w2), seed = two_workers
    codes = [
        Browser(w.url).post("/meedoen/", {"code": f"ZZZZ-ZZ{n:02d}"})[0]
        for n, w in enumerate([w1, w2] * 15)
    ]
    assert codes == [400] * 30
    # The next wrong code is refused on either worker; the right one still opens the session.
    assert Browser(w1.url).post("/meedoen/", {"code": "ZZZZ-ZZ98"})[0] == 429
    assert Browser(w2.url).post("/meedoen/", {"code": "ZZZZ-ZZ99"})[0] == 429
    right = Browser(w1.url).post("/meedoen/", {"code": seed["workshops"][0]["code"]})
    assert right[0] == 200 and right[1].endswith("/meedoen/naam/")
