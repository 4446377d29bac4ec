"""F5: PostgreSQL goes away for 10 s (fast shutdown, then started again) while a session goes on.

Pass (docs/reliability.md §3.3): while it is down, writes fail with a clear, retryable answer
(``error/server_error`` on the socket, or the socket closed with 1012 "reconnect"; never
1011); the clients' outboxes send them again afterwards and nothing is lost or stored twice
(the oracle); no worker needed a restart. The HTTP status a page answers during the outage
is 503 with Retry-After. The clients retry an op that got a server error as the page does (live.js).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time

import pytest

from tests.support.chaos.client import Target, fetch_snapshot, percentile
from tests.support.chaos.oracle import Database, check
from tests.support.chaos.proxy import Proxy
from tests.support.drills import RetryingClient, acked_ops, http_status, run_clients, wait_gone

DOWN_SECONDS = 10
PARTICIPANTS, OPS, MEAN_INTERVAL = 10, 30, 1.0


async def _restart(stack, services, seed) -> dict:
    db = Database(stack.database_url)
    proxy = await Proxy(stack.ports, seed=6).start()
    target = Target(
        f"ws://127.0.0.1:{proxy.port}",
        seed["workshop_id"],
        stack.origin,
        stack.session_cookie,
        stack.heartbeat_seconds,
    )
    record: dict = {}
    events_url = f"http://127.0.0.1:{stack.ports[0]}/sessies/{seed['workshop_id']}/events?after=0"
    cookie = f"{stack.session_cookie}={seed['participants'][0]['session']}"

    async def outage(clients) -> None:
        await asyncio.sleep(5)
        pid = services.postmaster_pid
        before = len(acked_ops(clients))
        os.kill(pid, signal.SIGINT)  # fast shutdown: sessions are cut, as in a restart
        assert await asyncio.to_thread(wait_gone, pid)
        down_at = time.monotonic()
        await asyncio.sleep(2)
        record["http_status_during"] = await asyncio.to_thread(
            http_status, events_url, cookie=cookie
        )
        await asyncio.sleep(max(0.0, DOWN_SECONDS - (time.monotonic() - down_at)))
        record["acked_while_down"] = len(acked_ops(clients)) - before
        await asyncio.to_thread(services.start)
        record["down_s"] = round(time.monotonic() - down_at, 1)
        record["http_status_after"] = await asyncio.to_thread(
            http_status, events_url, cookie=cookie
        )

    pids = [w.process.pid for w in stack.workers]
    try:
        load = await run_clients(
            target,
            seed,
            ops=OPS,
            mean_interval=MEAN_INTERVAL,
            facilitator_ops=4,
            during=outage,
            client_class=RetryingClient,
            head=lambda: db.head(seed["workshop_id"]),
            settle_timeout=90,
            deadline_seconds=300,
            rng_seed=31,
        )
        snapshot = await fetch_snapshot(target, seed["facilitator"]["session"])
    finally:
        await proxy.close()
    record["problems"] = await asyncio.to_thread(
        check, db, seed["workshop_id"], load.clients, snapshot
    )
    counts = load.stats.counts
    record.update(
        {
            "same_workers": [w.process.pid for w in stack.workers] == pids
            and all(w.running and w.starts == 1 for w in stack.workers),
            "ops": counts["ops"],
            "acked": sum(len(c.acked) for c in load.clients),
            "rejected": counts["rejected"],
            "server_errors": counts["error_server_error"],
            "retries": counts["retries"],
            "reconnects": counts["connects"] - len(load.clients),
            "close_codes": dict(load.stats.close_codes),
            "action_p99_ms": round(1000 * (percentile(load.stats.action_latency, 0.99) or 0)),
            "action_max_ms": round(1000 * max(load.stats.action_latency or [0])),
            "settle_s": None if load.settle_seconds is None else round(load.settle_seconds, 2),
        }
    )
    return record


@pytest.mark.timeout(900)
def test_session_survives_a_postgresql_restart(pg_stack, services):
    seed = pg_stack.seed(PARTICIPANTS, title="PostgreSQL herstart")
    log_start = len(pg_stack.log_text())
    record = asyncio.run(_restart(pg_stack, services, seed))
    log = pg_stack.log_text()[log_start:]
    record["log_tracebacks"] = log.count("Traceback")
    print(
        "\n[faults] F5 PostgreSQL restart: "
        + json.dumps({k: v for k, v in record.items() if k != "problems"})
    )

    assert record["problems"] == [], "\n".join(record["problems"][:30])
    # Every op was taken in the end, exactly once (the oracle checks the once).
    assert record["acked"] + record["rejected"] == record["ops"]
    # The outage was real and answered in a retryable way, never with 1011.
    assert record["server_errors"] + record["close_codes"].get(1012, 0) > 0
    assert 1011 not in record["close_codes"]
    assert record["http_status_during"] == 503, "a database that is away is retryable, not a bug"
    assert record["http_status_after"] == 200
    assert record["same_workers"] is True
