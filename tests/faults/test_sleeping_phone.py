"""F8: a phone asleep for eleven minutes wakes up with an old ``last_seq`` and an unsent op.

The phone is a simulated client behind its own proxy. It falls asleep right after typing a
post-it: its network stops (the proxy pauses, so the server's pings go unanswered and the
server drops the socket) and its page stops running (the client task is cancelled, keeping
its state, ``last_seq`` and outbox, as a frozen tab does). Others go on writing meanwhile.
After eleven minutes the dead connection is cut and the page runs again. Pass (docs/reliability.md
§3.3): it reconnects, catches up from the log (a snapshot when it is more than the log bridges),
its outbox op is stored exactly once, and the oracle holds for everyone.
"""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from tests.support.chaos.client import SimClient, Target, fetch_snapshot
from tests.support.chaos.oracle import Database, check
from tests.support.chaos.proxy import Proxy
from tests.support.drills import run_clients

ASLEEP_SECONDS = 11 * 60
WRITERS, OPS, MEAN_INTERVAL = 5, 40, 15.0  # about 200 events spread over the eleven minutes


async def _run(stack, seed) -> dict:
    db = Database(stack.database_url)
    wid = seed["workshop_id"]
    phone_seed = seed["participants"][-1]
    writers_seed = {**seed, "participants": seed["participants"][:-1]}
    phone_proxy = await Proxy([stack.ports[0]], seed=9).start()
    phone_target = Target(
        f"ws://127.0.0.1:{phone_proxy.port}",
        wid,
        stack.origin,
        stack.session_cookie,
        stack.heartbeat_seconds,
    )
    phone = SimClient(
        "phone", phone_seed["session"], phone_target, None, participant_id=phone_seed["id"]
    )
    proxy = await Proxy(stack.ports, seed=10).start()
    target = Target(
        f"ws://127.0.0.1:{proxy.port}",
        wid,
        stack.origin,
        stack.session_cookie,
        stack.heartbeat_seconds,
    )
    record: dict = {}

    async def sleep_and_wake(clients) -> None:
        # The phone shares the writers' stats (clients[0].stats) and joins the oracle below.
        phone.stats = clients[0].stats
        runner = asyncio.create_task(phone.run(time.monotonic() + ASLEEP_SECONDS + 300))
        async with asyncio.timeout(30):
            while not phone.welcomed:
                await asyncio.sleep(0.05)
        await phone.submit("postit.create", {"text": "Voor het slapen gaan"})
        async with asyncio.timeout(30):
            while phone.outbox:
                await asyncio.sleep(0.05)
        phone_proxy.pause()
        await phone.submit("postit.create", {"text": "Getypt vlak voor de slaap"})
        runner.cancel()  # the page is frozen
        await asyncio.gather(runner, return_exceptions=True)
        record["asleep_at_seq"] = phone.last_seq
        record["outbox_while_asleep"] = len(phone.outbox)
        await asyncio.sleep(ASLEEP_SECONDS)
        record["head_at_wake"] = db.head(wid)
        phone_proxy.cut_all()  # the phone's OS finds its connection dead
        phone_proxy.resume()
        phone.stopping, phone.ws, phone.welcomed = False, None, False
        woke = time.monotonic()
        asyncio.create_task(phone.run(time.monotonic() + 300))
        async with asyncio.timeout(60):
            while phone.last_seq is None or phone.last_seq < record["head_at_wake"] or phone.outbox:
                await asyncio.sleep(0.05)
        record["caught_up_s"] = round(time.monotonic() - woke, 2)

    try:
        load = await run_clients(
            target,
            writers_seed,
            ops=OPS,
            mean_interval=MEAN_INTERVAL,
            during=sleep_and_wake,
            extra=[],
            head=lambda: db.head(wid),
            settle_timeout=60,
            deadline_seconds=ASLEEP_SECONDS + 400,
            rng_seed=51,
        )
        snapshot = await fetch_snapshot(target, seed["facilitator"]["session"])
    finally:
        await phone.stop()
        await proxy.close()
        await phone_proxy.close()
    record["problems"] = await asyncio.to_thread(check, db, wid, [*load.clients, phone], snapshot)
    counts = load.stats.counts
    record.update(
        {
            "missed_events": record["head_at_wake"] - record["asleep_at_seq"],
            "phone_connects": phone.welcomes,
            "snapshots": counts["snapshots"],
            "phone_acked": len(phone.acked),
            "phone_close_codes": dict(load.stats.close_codes),
        }
    )
    return record


@pytest.mark.timeout(ASLEEP_SECONDS + 600)
def test_phone_asleep_eleven_minutes_catches_up_without_duplicates(pg_stack):
    seed = pg_stack.seed(WRITERS + 1, title="Slapende telefoon")
    record = asyncio.run(_run(pg_stack, seed))
    print(
        "\n[faults] F8 sleeping phone: "
        + json.dumps({k: v for k, v in record.items() if k != "problems"})
    )

    assert record["problems"] == [], "\n".join(record["problems"][:30])
    assert record["outbox_while_asleep"] == 1 and record["phone_acked"] == 2
    assert record["missed_events"] > 0 and record["phone_connects"] >= 2
