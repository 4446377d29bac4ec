"""Parts of the long fault drills (docs/reliability.md §3.3: F4, F5, F6, F8, F11).

The server, the simulated clients, the proxy and the oracle are the chaos harness's
(tests/chaos). Here: PostgreSQL and Redis instances that belong to one test run (started by
scripts/services.sh in a temporary directory, so killing or hanging them touches nothing
else), a load runner that lets a fault see the clients while they work, HTTP probes, memory
samples and the backup and restore steps.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable
from pathlib import Path

from tests.support.chaos.client import LoadResult, SimClient, Stats, Target, settle
from tests.support.scale import SERVICES, free_port, services_env

ROOT = Path(__file__).resolve().parents[2]


class Services:
    """PostgreSQL/PostGIS and Redis of one test run, in ``workdir``, on free loopback ports."""

    def __init__(self, workdir: Path):
        workdir.mkdir(parents=True, exist_ok=True)
        workdir.chmod(0o755)  # as root, the cluster belongs to the postgres user
        self.dir = workdir
        self.extra = {
            "WIJKTAFEL_SERVICES_DIR": str(workdir),
            "WIJKTAFEL_PG_PORT": str(free_port()),
            "WIJKTAFEL_REDIS_PORT": str(free_port()),
        }
        self.urls: dict = {}

    def start(self) -> dict:
        """Start whatever is stopped (idempotent); returns DATABASE_URL and REDIS_URL."""
        self.urls = services_env(self.extra)
        return self.urls

    def destroy(self) -> None:
        for pid in (
            self._pid(self.dir / "redis" / "redis.pid"),
            self._pid(self.dir / "pg" / "data" / "postmaster.pid"),
        ):
            if pid:  # a hung (SIGSTOPped) process must be woken to shut down
                _signal(pid, signal.SIGCONT)
        subprocess.run(
            ["bash", str(SERVICES), "destroy"],
            cwd=ROOT,
            capture_output=True,
            env={**os.environ, **self.extra},
            timeout=120,
            check=False,
        )
        shutil.rmtree(self.dir, ignore_errors=True)

    @staticmethod
    def _pid(path: Path) -> int | None:
        try:
            return int(path.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    @property
    def redis_pid(self) -> int:
        pid = self._pid(self.dir / "redis" / "redis.pid")
        assert pid, "Redis is not running"
        return pid

    @property
    def postmaster_pid(self) -> int:
        pid = self._pid(self.dir / "pg" / "data" / "postmaster.pid")
        assert pid, "PostgreSQL is not running"
        return pid


def _signal(pid: int, signum: int) -> bool:
    try:
        os.kill(pid, signum)
        return True
    except ProcessLookupError:
        return False


def wait_gone(pid: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _signal(pid, 0):
            return True
        time.sleep(0.05)
    return False


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler:
    """Peak resident memory of some processes, sampled every ``interval`` seconds."""

    def __init__(self, pids: list[int], interval: float = 0.5):
        self.pids, self.interval = pids, interval
        self.peak = dict.fromkeys(pids, 0)
        self.first = {pid: rss_kib(pid) for pid in pids}
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        for _ in range(100_000):  # bounded; cancelled at stop()
            for pid in self.pids:
                self.peak[pid] = max(self.peak[pid], rss_kib(pid))
            await asyncio.sleep(self.interval)

    def start(self) -> RssSampler:
        self._task = asyncio.create_task(self._run())
        return self

    async def stop(self) -> dict[int, int]:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        return self.peak


def http_status(url: str, *, cookie: str | None = None, timeout: float = 10) -> int | str:
    """The status of one GET through the production settings (HTTPS as a proxy reports it)."""
    headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError) as error:
        return f"failed: {error}"


During = Callable[[list[SimClient]], Awaitable[object]]

SERVER_ERROR_RETRIES, SERVER_ERROR_RETRY_SECONDS = 3, 5.0  # static/js/live.js receiveError


class RetryingClient(SimClient):
    """A SimClient that, like the page (static/js/live.js ``receiveError``), sends an op that got
    ``error/server_error`` again after 5, 10 and 15 s on the same socket, then waits for the
    next reconnect."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_retries: dict[str, int] = {}

    def _handle(self, frame: dict) -> None:
        super()._handle(frame)
        op = frame.get("op")
        failed = (frame.get("type"), frame.get("code")) == ("error", "server_error")
        if not failed or op not in self.outbox:
            return
        tries = self.error_retries[op] = self.error_retries.get(op, 0) + 1
        if tries <= SERVER_ERROR_RETRIES:
            asyncio.get_running_loop().call_later(
                SERVER_ERROR_RETRY_SECONDS * tries, self._retry, op, self.ws
            )

    def _retry(self, op: str, ws) -> None:
        if op in self.outbox and self.ws is not None and self.ws is ws:
            self._send_op(op)


async def run_clients(
    target: Target,
    seed: dict,
    *,
    ops: int,
    mean_interval: float,
    facilitator_ops: int = 0,
    during: During | None = None,
    head: Callable[[], int],
    settle_timeout: float = 60,
    deadline_seconds: float = 600,
    rng_seed: int = 1,
    extra: list[SimClient] = (),
    client_class: type[SimClient] = SimClient,
) -> LoadResult:
    """Like tests.support.chaos.client.run_load, but ``during(clients)`` runs next to the actions and can
    look at the clients (what was acked when), and ``extra`` clients join without acting."""
    rng = random.Random(rng_seed)
    stats = extra[0].stats if extra else Stats()
    clients = [
        client_class(
            f"P{n + 1}",
            p["session"],
            target,
            stats,
            participant_id=p["id"],
            rng=random.Random(rng.random()),
        )
        for n, p in enumerate(seed["participants"])
    ]
    facilitator = None
    if facilitator_ops:
        facilitator = client_class(
            "F", seed["facilitator"]["session"], target, stats, rng=random.Random(rng.random())
        )
        facilitator.actor_key = f"u:{seed['facilitator']['user_id']}"
        clients.append(facilitator)
    everyone = clients + list(extra)
    started = time.monotonic()
    deadline = started + deadline_seconds
    runners = {c: asyncio.create_task(c.run(deadline)) for c in clients}
    settle_seconds = None
    try:
        async with asyncio.timeout(30):
            while not all(c.welcomed for c in clients):
                await asyncio.sleep(0.05)
        actions = [c.act(ops, mean_interval) for c in clients if c is not facilitator]
        if facilitator is not None:
            actions.append(facilitator.act(facilitator_ops, mean_interval, facilitator=True))
        async with asyncio.timeout(deadline_seconds):
            await asyncio.gather(*actions, *([during(everyone)] if during else []))
        try:
            settle_seconds = await settle(everyone, head, settle_timeout)
        except TimeoutError:
            pass  # the oracle says what did not converge
    finally:
        for client in clients:
            await client.stop()
        await asyncio.wait(list(runners.values()), timeout=10)
        for runner in runners.values():
            runner.cancel()
    return LoadResult(everyone, stats, time.monotonic() - started, settle_seconds)


def acked_ops(clients: list[SimClient]) -> dict[str, int]:
    return {op: seq for c in clients for op, seq in c.acked.items()}


# --- backups -------------------------------------------------------------------------------------


def sqlite_online_backup(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy while writers go on (WAL mode)."""
    src = sqlite3.connect(str(source), timeout=20)
    dst = sqlite3.connect(str(target))
    try:
        with dst:
            src.backup(dst, pages=256, sleep=0.005)
    finally:
        dst.close()
        src.close()


def pg_tool(name: str) -> str:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    for folder in ("/usr/lib/postgresql/15/bin", *versions):
        if (Path(folder) / name).exists():
            return str(Path(folder) / name)
    return name


def pg_dump(database_url: str, target: Path) -> None:
    """One consistent snapshot (pg_dump runs in one repeatable-read transaction), custom format."""
    # PostGIS's own comment and its spatial_ref_sys rows belong to the extension, which the
    # target database already has (template1); restoring them needs a superuser.
    subprocess.run(
        [
            pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--no-comments",
            "--exclude-table-data=public.spatial_ref_sys",
            "--file",
            str(target),
            "--dbname",
            database_url,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


def pg_restore(database_url: str, source: Path) -> str:
    """Restore into an empty database (PostGIS already there from template1); returns stderr."""
    result = subprocess.run(
        [
            pg_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--dbname",
            database_url,
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.stderr
