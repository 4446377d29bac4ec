"""Scale-out: participants on different workers of one session see each other live.

Two real uvicorn processes share one PostgreSQL/PostGIS database and one Redis. Each person
joins and connects through "their" worker, as a load balancer without sticky sessions would
spread them. Nothing here can pass by reloading: the heartbeat is far slower than the waits,
so every frame that arrives crossed from one process to the other through Redis.
"""

from __future__ import annotations

import urllib.parse

from tests.support.scale import Browser, LiveSocket

LIVE_WAIT = 10  # seconds; a bound for a busy CI machine, not a latency target


def _path(url: str) -> str:
    return urllib.parse.urlsplit(url).path


def _event(kind: str, **match):
    return lambda f: (
        f.get("type") == "event"
        and f.get("kind") == kind
        and all(f["data"].get(k) == v for k, v in match.items())
    )


async def test_inputs_and_removal_cross_workers(two_workers):
    (w1, w2), seed = two_workers
    workshop = seed["workshops"][0]
    join_path = _path(workshop["join_url"])

    facilitator = Browser(w1.url)
    facilitator.login(seed["email"], seed["password"])
    ans, bert = Browser(w1.url), Browser(w2.url)  # ans joins through worker 1, bert through 2
    ans.join(join_path, "Ans")
    bert.join(join_path, "Bert")

    sockets = [
        LiveSocket(w1.ws_url, workshop["id"], facilitator.cookie("sessionid")),
        LiveSocket(w1.ws_url, workshop["id"], ans.cookie("sessionid")),
        LiveSocket(w2.ws_url, workshop["id"], bert.cookie("sessionid")),
    ]
    fac_ws, ans_ws, bert_ws = sockets
    try:
        assert (await fac_ws.open())["role"] == "facilitator"
        ans_welcome, bert_welcome = await ans_ws.open(), await bert_ws.open()
        assert ans_welcome["role"] == bert_welcome["role"] == "participant"
        bert_id = bert_welcome["participant_id"]

        # Worker 1 -> worker 2.
        ack = await ans_ws.op("postit.create", {"text": "Fietspad langs de Dijk"})
        assert ack["type"] == "ack", ack
        seen = await bert_ws.wait_for(
            _event("postit.created", text="Fietspad langs de Dijk"), LIVE_WAIT
        )
        assert seen["seq"] == ack["seq"]

        # Worker 2 -> worker 1, to both sockets there, and back to the sender on worker 2.
        ack = await bert_ws.op("postit.create", {"text": "Meer bankjes op het plein"})
        assert ack["type"] == "ack", ack
        for sock in (ans_ws, fac_ws, bert_ws):  # the sender's own event can follow its ack
            seen = await sock.wait_for(
                _event("postit.created", text="Meer bankjes op het plein"), LIVE_WAIT
            )
            assert seen["seq"] == ack["seq"]

        # Every socket saw the same gapless log, whichever worker it is on.
        for sock in sockets:
            seqs = sorted(f["seq"] for f in sock.frames if f.get("type") == "event")
            assert seqs == list(range(seqs[0], seqs[-1] + 1)), seqs
            assert seqs[-1] == ack["seq"]

        # The facilitator on worker 1 removes Bert: his socket on worker 2 closes with 4403.
        removed = await fac_ws.op("participant.remove", {"id": bert_id})
        assert removed["type"] == "ack", removed
        assert await bert_ws.wait_closed(LIVE_WAIT) == 4403
        await ans_ws.wait_for(_event("participant.removed", id=bert_id), LIVE_WAIT)

        # Coming back through either worker is refused the same way, and changes nothing.
        head = max(f["seq"] for f in fac_ws.frames if f.get("type") == "event")
        for worker in (w1, w2):
            again = LiveSocket(worker.ws_url, workshop["id"], bert.cookie("sessionid"))
            sockets.append(again)
            assert await again.refused(LIVE_WAIT) == 4403
            assert again.frames == []
        check = LiveSocket(w2.ws_url, workshop["id"], facilitator.cookie("sessionid"))
        sockets.append(check)
        assert (await check.open())["head"] == head
    finally:
        for sock in sockets:
            await sock.close()
