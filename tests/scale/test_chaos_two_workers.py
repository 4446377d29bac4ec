"""The combined chaos run at scale: two workers on one PostgreSQL database sharing Redis.

The same load and oracle as tests/chaos (25 participants x 40 inputs and a facilitator, random
connection cuts throughout), through a proxy that spreads the connections over both workers, so
participants on different workers depend on Redis to see each other. Worker 1 is killed hard
once and worker 2 stopped gracefully once mid-burst. Runs in the PostgreSQL pass of `make test`.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support.chaos.harness import (
    chaos_run,
    format_summary,
    kill_and_restart,
    stop_and_restart,
)
from tests.support.chaos.server import Stack
from tests.support.scale import create_database, drop_database, services_env

PARTICIPANTS, OPS, FACILITATOR_OPS = 25, 40, 20


@pytest.fixture(scope="module")
def scaled_stack():
    services = services_env()
    database_url = create_database(services["DATABASE_URL"], prefix="wijktafel_chaos")
    workdir = Path(tempfile.mkdtemp(prefix="wijktafel-chaos-scale-"))
    stack = Stack.create(
        workdir,
        ports=2,
        extra_env={
            "DATABASE_URL": database_url,
            "REDIS_URL": services["REDIS_URL"],
            # This run's own fan-out channel and counters in the shared Redis.
            "WIJKTAFEL_CACHE_PREFIX": f"chaos-{os.getpid()}",
            "WIJKTAFEL_FANOUT_CHANNEL": f"wijktafel:fanout:chaos-{os.getpid()}",
        },
    )
    try:
        stack.migrate()
        stack.start()
        yield stack
    finally:
        stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        drop_database(services["DATABASE_URL"], database_url)


@pytest.mark.chaos
@pytest.mark.timeout(480)
def test_combined_run_on_two_workers_loses_nothing(scaled_stack):
    seed = scaled_stack.seed(PARTICIPANTS)
    rng_seed = int(os.environ.get("WIJKTAFEL_CHAOS_SEED") or random.SystemRandom().randrange(10**6))
    print(f"\n[chaos-scale] WIJKTAFEL_CHAOS_SEED={rng_seed}")
    report = asyncio.run(
        chaos_run(
            scaled_stack,
            seed,
            ops_per_client=OPS,
            mean_interval=3.0,
            facilitator_ops=FACILITATOR_OPS,
            faults=[
                (30, kill_and_restart(down_seconds=1, worker=0)),
                (70, stop_and_restart(down_seconds=1, worker=1)),
            ],
            cuts=(0.15, 0.55),
            cut_seconds=110,
            settle_timeout=90,
            rng_seed=rng_seed,
        )
    )
    summary = report.summary
    print(format_summary(summary))
    assert report.problems == [], "\n".join(report.problems[:40])
    assert summary["ops"] == PARTICIPANTS * OPS + FACILITATOR_OPS
    assert summary["acked"] + summary["rejected"] == summary["ops"]
    participants = [c for c in report.load.clients if c.name != "F"]
    assert sum(len(c.acked) for c in participants) == PARTICIPANTS * OPS
    assert [f["fault"] for f in report.faults] == ["SIGKILL", "SIGTERM"]
    assert all(f["all_back_s"] is not None for f in report.faults)
    assert summary["drops"] >= PARTICIPANTS
    assert 1011 not in summary["close_codes"]
    assert summary["settle_s"] is not None
    assert summary["log_tracebacks"] == 0, report.log[-6000:]
