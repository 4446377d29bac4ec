"""Two uvicorn workers on one PostgreSQL database and one Redis (the scale-out deployment)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from .harness import (
    Worker, app_env, create_database, drop_database, free_port, manage, services_env,
)

# Far longer than any wait in these tests: whatever arrives, arrived live over Redis, not by the
# heartbeat's fallback (which also closes removed participants' sockets).
HEARTBEAT_SECONDS = 120


@pytest.fixture(scope="module")
def two_workers():
    services = services_env()
    database_url = create_database(services["DATABASE_URL"])
    workdir = Path(tempfile.mkdtemp(prefix="wijktafel-scale-"))
    env = app_env(database_url=database_url, redis_url=services["REDIS_URL"],
                  heartbeat_seconds=HEARTBEAT_SECONDS)
    workers = [Worker(free_port(), env, workdir / f"worker-{n}.log") for n in (1, 2)]
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        seed = json.loads(manage(env, "e2e_seed", "--workshops=1").strip().splitlines()[-1])
        for worker in workers:
            worker.start()
        yield workers, seed
    finally:
        for worker in workers:
            worker.stop()
        logs = "".join(w.log_path.read_text(errors="replace")
                       for w in workers if w.log_path.exists())
        shutil.rmtree(workdir, ignore_errors=True)
        drop_database(services["DATABASE_URL"], database_url)
        # A worker that logged a traceback failed somewhere even if every assertion held.
        assert "Traceback" not in logs, "a worker logged a traceback:\n" + logs[-6000:]
