"""F4: Redis killed for 30 s, then hung (SIGSTOP) for 30 s, while a session goes on.

Two workers share PostgreSQL and Redis; the clients are spread over both by the proxy.
Pass (docs/reliability.md §3.3): writes keep succeeding (every op acked, no server error, a new
participant can still join over HTTP), every client has converged within 15 s of Redis coming
back (the settle bound), live fan-out between the workers works again afterwards without
restarting a worker, and the oracle holds. Figures are printed, not asserted.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
import urllib.parse

import pytest

from tests.support.chaos.client import Target, fetch_snapshot, percentile
from tests.support.chaos.oracle import Database, check
from tests.support.chaos.proxy import Proxy
from tests.support.drills import acked_ops, http_status, run_clients, wait_gone
from tests.support.scale import LiveSocket

OUTAGE_SECONDS = 30
CONVERGE_BOUND = 15  # seconds after Redis is back (docs/reliability.md F4)
PARTICIPANTS, OPS, MEAN_INTERVAL = 10, 12, 1.0  # about 12 s of ops, all inside the outage


def _join_path(stack) -> str:
    """A second workshop's QR join path, for the HTTP probe (a new phone joining)."""
    out = stack.python("manage.py", "e2e_seed", "--workshops=1")
    seed = json.loads(out.strip().splitlines()[-1])
    return urllib.parse.urlsplit(seed["workshops"][0]["join_url"]).path


async def _live_probe(stack, seed, text: str, wait: float = 10) -> bool:
    """A post-it made through worker 1 reaches a socket on worker 2 as a live event frame
    (these sockets never resync, so only the fan-out can deliver it)."""
    wid, cookie = seed["workshop_id"], stack.session_cookie
    writer = LiveSocket(
        f"ws://127.0.0.1:{stack.ports[0]}",
        wid,
        seed["participants"][0]["session"],
        origin=stack.origin,
        cookie_name=cookie,
    )
    reader = LiveSocket(
        f"ws://127.0.0.1:{stack.ports[1]}",
        wid,
        seed["participants"][1]["session"],
        origin=stack.origin,
        cookie_name=cookie,
    )
    try:
        await reader.open()
        await writer.open()
        ack = await writer.op("postit.create", {"text": text})
        assert ack["type"] == "ack", ack
        await reader.wait_for(
            lambda f: f.get("type") == "event" and f.get("seq") == ack["seq"], wait
        )
        return True
    except AssertionError:
        return False
    finally:
        await writer.close()
        await reader.close()


async def _outage(stack, services, seed, mode: str) -> dict:
    db = Database(stack.database_url)
    proxy = await Proxy(stack.ports, seed=4).start()
    target = Target(
        f"ws://127.0.0.1:{proxy.port}",
        seed["workshop_id"],
        stack.origin,
        stack.session_cookie,
        stack.heartbeat_seconds,
    )
    join_path = await asyncio.to_thread(_join_path, stack)
    record: dict = {"mode": mode, "live_before": await _live_probe(stack, seed, f"Voor ({mode})")}

    async def fault(clients) -> None:
        await asyncio.sleep(2)
        pid = services.redis_pid
        record["acked_before"] = len(acked_ops(clients))
        os.kill(pid, signal.SIGKILL if mode == "kill" else signal.SIGSTOP)
        if mode == "kill":
            assert await asyncio.to_thread(wait_gone, pid)
        down_at = time.monotonic()
        await asyncio.sleep(5)
        # A new phone joins over HTTP while Redis is away (rate-limit counters live there).
        statuses = [
            await asyncio.to_thread(http_status, f"http://127.0.0.1:{port}{join_path}")
            for port in stack.ports
        ]
        record["join_status_during"] = statuses
        await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - down_at)))
        record["acked_during"] = len(acked_ops(clients)) - record["acked_before"]
        if mode == "kill":
            await asyncio.to_thread(services.start)
        else:
            os.kill(pid, signal.SIGCONT)
        record["recovered_at"] = time.monotonic()

    pids = [w.process.pid for w in stack.workers]
    try:
        load = await run_clients(
            target,
            seed,
            ops=OPS,
            mean_interval=MEAN_INTERVAL,
            facilitator_ops=4,
            during=fault,
            head=lambda: db.head(seed["workshop_id"]),
            settle_timeout=CONVERGE_BOUND,
            deadline_seconds=180,
            rng_seed=11,
        )
        snapshot = await fetch_snapshot(target, seed["facilitator"]["session"])
    finally:
        await proxy.close()
    problems = await asyncio.to_thread(check, db, seed["workshop_id"], load.clients, snapshot)
    # Live fan-out between the workers comes back by itself: probe until it does (bounded).
    record["live_after"], started = False, time.monotonic()
    for attempt in range(10):
        if await _live_probe(stack, seed, f"Na de storing ({mode}) {attempt}", wait=3):
            record["live_after"] = True
            break
    record["live_after_s"] = round(time.monotonic() - record["recovered_at"], 1)
    record["live_probe_s"] = round(time.monotonic() - started, 1)
    record["same_workers"] = [w.process.pid for w in stack.workers] == pids and all(
        w.running and w.starts == 1 for w in stack.workers
    )
    counts = load.stats.counts
    record.update(
        {
            "ops": counts["ops"],
            "acked": sum(len(c.acked) for c in load.clients),
            "rejected": counts["rejected"],
            "server_errors": counts["error_server_error"],
            "hb_resyncs": counts["hb_resyncs"],
            "resyncs": counts["resyncs"],
            "reconnects": counts["connects"] - len(load.clients),
            "close_codes": dict(load.stats.close_codes),
            "ack_p50_ms": round(1000 * (percentile(load.stats.ack_latency, 0.5) or 0)),
            "ack_p99_ms": round(1000 * (percentile(load.stats.ack_latency, 0.99) or 0)),
            "ack_max_ms": round(1000 * max(load.stats.ack_latency or [0])),
            "converged_s_after_recovery": None
            if load.settle_seconds is None
            else round(load.settle_seconds, 2),
            "problems": problems,
        }
    )
    record.pop("recovered_at")
    return record


@pytest.mark.timeout(900)
@pytest.mark.parametrize("mode", ["kill", "hang"])
def test_session_survives_redis_outage(pg_stack, services, mode):
    seed = pg_stack.seed(PARTICIPANTS, title=f"Redis {mode}")
    log_start = len(pg_stack.log_text())
    record = asyncio.run(_outage(pg_stack, services, seed, mode))
    log = pg_stack.log_text()[log_start:]
    record["log_tracebacks"] = log.count("Traceback")
    errors = sorted(
        {line.strip() for line in log.splitlines() if "Error" in line and not line.startswith(" ")}
    )
    record["log_errors"] = errors[:8]
    if not record["live_after"]:
        print("[faults] worker log tail:\n" + log[-5000:])
    print(
        f"\n[faults] F4 redis {mode}: "
        + json.dumps({k: v for k, v in record.items() if k != "problems"})
    )

    assert record["problems"] == [], "\n".join(record["problems"][:30])
    # Writes kept succeeding: every op taken, none failed, and most of them during the outage.
    assert record["acked"] + record["rejected"] == record["ops"] and record["server_errors"] == 0
    assert record["acked_during"] > PARTICIPANTS * OPS // 2
    assert all(s in (200, 302) for s in record["join_status_during"]), record["join_status_during"]
    # Converged within the bound after recovery; live fan-out is back; no worker restarted.
    assert record["converged_s_after_recovery"] is not None
    assert record["live_before"] is True and record["live_after"] is True
    assert record["same_workers"] is True
    assert 1011 not in record["close_codes"]
