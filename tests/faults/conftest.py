"""Long fault drills: only `make faults` runs them (WIJKTAFEL_FAULTS=1); they take about 25 minutes.

Every module gets its own PostgreSQL and Redis (scripts/services.sh in a temporary directory,
on free ports), so killing, hanging or restarting them touches no other test or instance.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support.chaos.server import Stack
from tests.support.drills import Services
from tests.support.scale import create_database

HERE = Path(__file__).resolve().parent
HEARTBEAT_SECONDS = 10.0  # the production default (WIJKTAFEL_HEARTBEAT_SECONDS)
ARTIFACTS = HERE.parents[1] / "test-artifacts" / "faults"  # worker logs, kept for reading


def keep_log(name: str, text: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.log").write_text(text)


def pytest_collection_modifyitems(config, items):
    """Leave the drills out of every run but `make faults`, and say so in the summary."""
    if os.environ.get("WIJKTAFEL_FAULTS") == "1":
        return
    drills = [item for item in items if HERE in Path(item.path).parents]
    if drills:
        items[:] = [item for item in items if item not in drills]
        config.hook.pytest_deselected(items=drills)


@pytest.fixture(scope="module")
def services():
    own = Services(Path(tempfile.mkdtemp(prefix="wijktafel-faults-services-")))
    try:
        own.start()
        yield own
    finally:
        own.destroy()


@pytest.fixture(scope="module")
def pg_stack(services, request):
    """Two uvicorn workers on a fresh database of this module's PostgreSQL, and its Redis."""
    workdir = Path(tempfile.mkdtemp(prefix="wijktafel-faults-"))
    database_url = create_database(services.urls["DATABASE_URL"], prefix="wijktafel_faults")
    stack = Stack.create(
        workdir,
        ports=2,
        heartbeat_seconds=HEARTBEAT_SECONDS,
        extra_env={"DATABASE_URL": database_url, "REDIS_URL": services.urls["REDIS_URL"]},
    )
    try:
        stack.migrate()
        stack.start()
        yield stack
    finally:
        stack.stop()
        keep_log(request.module.__name__.rsplit(".", 1)[-1], stack.log_text())
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def sqlite_stack(request):
    """One uvicorn worker on a temporary SQLite file (the embedded deployment)."""
    workdir = Path(tempfile.mkdtemp(prefix="wijktafel-faults-sqlite-"))
    stack = Stack.create(workdir, heartbeat_seconds=HEARTBEAT_SECONDS)
    try:
        stack.migrate()
        stack.start()
        yield stack
    finally:
        stack.stop()
        keep_log(request.module.__name__.rsplit(".", 1)[-1] + "-sqlite", stack.log_text())
        shutil.rmtree(workdir, ignore_errors=True)
