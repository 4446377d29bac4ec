"""One chaos run end to end: proxy, load, faults on a schedule, settle, oracle, summary.

``chaos_run`` is what tests call. Faults are plain async callables ``fault(stack, proxy)``
scheduled at offsets from the start of the load, so a new fault (Redis killed, PostgreSQL
restarted, a client that sleeps) is one more function, not a new harness.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from .client import LoadResult, Target, all_welcomed_since, fetch_snapshot, percentile, run_load
from .oracle import Database, check
from .proxy import Proxy
from .server import Stack

Fault = Callable[[Stack, Proxy], Awaitable[object]]


def kill_and_restart(down_seconds: float = 1.0, worker: int = 0) -> Fault:
    """SIGKILL one worker (a crash), then start it again on the same port and database."""

    async def fault(stack: Stack, proxy: Proxy) -> dict:
        code = await asyncio.to_thread(stack.workers[worker].kill)
        await asyncio.sleep(down_seconds)
        await asyncio.to_thread(stack.workers[worker].start)
        return {"fault": "SIGKILL", "exit": code}

    return fault


def stop_and_restart(down_seconds: float = 1.0, worker: int = 0) -> Fault:
    """SIGTERM one worker (a graceful restart: it closes its sockets), then start it again."""

    async def fault(stack: Stack, proxy: Proxy) -> dict:
        began = time.monotonic()
        code = await asyncio.to_thread(stack.workers[worker].stop)
        stopped = time.monotonic() - began
        await asyncio.sleep(down_seconds)
        await asyncio.to_thread(stack.workers[worker].start)
        return {"fault": "SIGTERM", "exit": code, "stop_seconds": round(stopped, 2)}

    return fault


def hang_then_cut(hang_seconds: float = 2.0) -> Fault:
    """The network hangs (nothing passes either way) and then every connection drops: ops sent
    during the hang were never answered, so the clients must send them again after reconnecting
    (the resend path is exercised in every run, not only when a random cut meets an op)."""

    async def fault(stack: Stack, proxy: Proxy) -> dict:
        proxy.pause()
        try:
            await asyncio.sleep(hang_seconds)
            cut = proxy.cut_all()
        finally:
            proxy.resume()
        return {"fault": "hang+cut", "cut": cut}

    return fault


async def random_cuts(
    proxy: Proxy, seconds: float, interval: tuple[float, float], rng: random.Random
) -> int:
    """Cut one random connection every ``interval`` seconds (uniform) for ``seconds``."""
    cuts, end = 0, time.monotonic() + seconds
    for _ in range(int(seconds / interval[0]) + 1):  # bounded even if the clock stalls
        await asyncio.sleep(rng.uniform(*interval))
        if time.monotonic() > end:
            break
        cuts += proxy.cut_one()
    return cuts


@dataclass
class ChaosReport:
    load: LoadResult
    problems: list[str]
    summary: dict
    faults: list
    log: str  # what the workers logged during the run


def summarise(
    load: LoadResult,
    proxy: Proxy,
    faults: list,
    log: str,
    peak_rss_kib: list | None = None,
    cpu_share: list | None = None,
) -> dict:
    counts = load.stats.counts
    ms = lambda v: None if v is None else round(v * 1000)  # noqa: E731
    return {
        "clients": len(load.clients),
        "ops": counts["ops"],
        "acked": sum(len(c.acked) for c in load.clients),
        "rejected": counts["rejected"],
        "retries": counts["retries"],
        "drops": proxy.stats["cut"],
        "refused_while_down": proxy.stats["refused"],
        "reconnects": counts["connects"] - len(load.clients),
        "resyncs": counts["resyncs"],
        "hb_resyncs": counts["hb_resyncs"],
        "snapshots": counts["snapshots"],
        "server_errors": counts["error_server_error"],
        "close_codes": dict(sorted(load.stats.close_codes.items())),
        "close_reasons": dict(load.stats.close_reasons),
        "ack_p50_ms": ms(percentile(load.stats.ack_latency, 0.50)),
        "ack_p99_ms": ms(percentile(load.stats.ack_latency, 0.99)),
        "action_p99_ms": ms(percentile(load.stats.action_latency, 0.99)),
        "run_s": round(load.seconds, 1),
        "settle_s": None if load.settle_seconds is None else round(load.settle_seconds, 2),
        "faults": faults,
        "server_peak_rss_mib": [None if k is None else round(k / 1024) for k in peak_rss_kib or []],
        "server_cpu_share": [None if c is None else round(c, 2) for c in cpu_share or []],
        "machine_load_1m": round(os.getloadavg()[0], 1),
        "log_tracebacks": log.count("Traceback"),
        "log_db_locked": len(re.findall(r"database is locked", log)),
    }


async def chaos_run(
    stack: Stack,
    seed: dict,
    *,
    ops_per_client: int = 40,
    mean_interval: float = 1.5,
    facilitator_ops: int = 0,
    faults: list[tuple[float, Fault]] = (),
    cuts: tuple[float, float] | None = None,
    cut_seconds: float = 60,
    settle_timeout: float = 60,
    deadline_seconds: float = 240,
    rng_seed: int | None = None,
) -> ChaosReport:
    """Run the load through a fresh proxy with the faults, then ask the oracle.

    ``faults`` are (offset seconds, fault) pairs; ``cuts`` an interval for random connection
    cuts during ``cut_seconds``. The stack must be started; it is running again afterwards.
    """
    rng = random.Random(rng_seed)
    proxy = await Proxy(stack.ports, seed=rng_seed).start()
    db = Database(stack.database_url)
    workshop_id = seed["workshop_id"]
    target = Target(
        f"ws://127.0.0.1:{proxy.port}",
        workshop_id,
        stack.origin,
        stack.session_cookie,
        stack.heartbeat_seconds,
    )
    log_start = len(stack.log_text())
    done: list = []

    async def scheduled(offset: float, fault: Fault, clients: list) -> None:
        await asyncio.sleep(offset)
        began = time.monotonic()
        record = {"at_s": offset, **(await fault(stack, proxy) or {})}
        # Everyone back: every client welcomed again after the fault began, or connected all
        # along (with two workers, a restart of one drops only its own sockets). The bound
        # allows for the 30-60 s retry a client owes after a 4429.
        back = await all_welcomed_since(clients, began, timeout=75)
        record["all_back_s"] = None if back is None else round(back, 2)
        done.append(record)

    async def chaos(clients: list) -> None:
        tasks = [scheduled(offset, fault, clients) for offset, fault in faults]
        if cuts:
            tasks.append(random_cuts(proxy, cut_seconds, cuts, rng))
        await asyncio.gather(*tasks)

    try:
        load = await run_load(
            target,
            seed,
            ops_per_client=ops_per_client,
            mean_interval=mean_interval,
            facilitator_ops=facilitator_ops,
            chaos=chaos,
            head=lambda: db.head(workshop_id),
            settle_timeout=settle_timeout,
            deadline_seconds=deadline_seconds,
            rng_seed=rng_seed,
        )
        snapshot = await fetch_snapshot(target, seed["facilitator"]["session"])
    finally:
        await proxy.close()
    problems = await asyncio.to_thread(check, db, workshop_id, load.clients, snapshot)
    log = stack.log_text()[log_start:]
    rss = [w.peak_rss_kib() for w in stack.workers]  # since each worker's last start
    cpu = [w.cpu_share() for w in stack.workers]
    return ChaosReport(load, problems, summarise(load, proxy, done, log, rss, cpu), done, log)


def format_summary(summary: dict) -> str:
    return "[chaos] " + " ".join(f"{k}={v}" for k, v in summary.items())
