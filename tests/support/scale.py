"""Scale-out test parts: the project's PostgreSQL and Redis, throw-away databases, uvicorn workers,
a browser-like HTTP session and a websocket client. All on 127.0.0.1; every wait is bounded.

PostgreSQL and Redis are the project-local instances of ``scripts/services.sh`` (started here if
they are stopped; the script fails clearly when the Debian packages are missing). Every test run
gets its own database on that server, so it never touches the pytest database or another run's.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SERVICES = ROOT / "scripts" / "services.sh"
STARTUP_SECONDS = 40
STOP_SECONDS = 15


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def services_env(extra: dict | None = None, command: str = "start") -> dict:
    """Run scripts/services.sh (start: idempotent) and return its DATABASE_URL and REDIS_URL."""
    env = {**os.environ, "WIJKTAFEL_SERVICES_NO_INSTALL": "1", **(extra or {})}
    result = subprocess.run(
        ["bash", str(SERVICES), command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"scripts/services.sh {command} failed:\n{result.stdout}\n{result.stderr}"
        )
    found = dict(re.findall(r"^export (\w+)=(\S+)$", result.stdout, re.MULTILINE))
    return {"DATABASE_URL": found.get("DATABASE_URL", ""), "REDIS_URL": found.get("REDIS_URL", "")}


def _admin_connect(database_url: str):
    import psycopg

    return psycopg.connect(database_url, autocommit=True, connect_timeout=5)


def create_database(base_url: str, prefix: str = "wijktafel_scale") -> str:
    """A new, empty database on the server of ``base_url`` (PostGIS comes from template1)."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    with _admin_connect(base_url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(base_url)._replace(path="/" + name))


DROP_ATTEMPTS = 20  # a quarter of a second apart: at most about 5 s


def drop_database(base_url: str, url: str) -> None:
    """Drop a throw-away database once its last connection is gone.

    Not ``WITH (FORCE)``: that also has to end processes we may not signal (an autovacuum
    worker busy on the database after a load test is the server's own, and our role is no
    superuser), and then the whole drop fails. Instead our own leftover connections are ended,
    and a plain DROP is tried again for a moment while the server's own workers let go (DROP
    DATABASE cancels autovacuum itself; a worker that is just starting may still hold on)."""
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with _admin_connect(base_url) as conn:
        for attempt in range(DROP_ATTEMPTS):
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND usename = current_user AND pid <> pg_backend_pid()",
                [name],
            )
            try:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                return
            except psycopg.errors.ObjectInUse:
                if attempt == DROP_ATTEMPTS - 1:
                    raise
                time.sleep(0.25)


@dataclass
class Worker:
    """One uvicorn process serving config.asgi on its own port."""

    port: int
    env: dict
    log_path: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        assert not self.running
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "uvicorn",
                    "config.asgi:application",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--lifespan",
                    "off",
                    "--ws-max-size",
                    "65536",
                    "--ws-ping-interval",
                    "20",
                    "--timeout-graceful-shutdown",
                    "3",
                    "--no-access-log",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker :{self.port} exited:\n{self.log_tail()}")
            try:
                # A slow first answer (a busy machine) is waited for, not abandoned: a request the
                # client gives up on is cancelled in the server, which logs a traceback for it.
                wait = max(1.0, deadline - time.monotonic())
                with urllib.request.urlopen(self.url + "/inloggen/", timeout=wait) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"worker :{self.port} did not answer in {STARTUP_SECONDS} s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_SECONDS)

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def app_env(*, database_url: str, redis_url: str, heartbeat_seconds: float) -> dict:
    """The workers' environment: the scale-out settings, nothing inherited that overrides them."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "DATABASE_URL",
            "REDIS_URL",
            "WIJKTAFEL_SQLITE_PATH",
            "WIJKTAFEL_PRODUCTION",
            "DJANGO_DEBUG",
        )
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WIJKTAFEL_SITE_URL": "http://127.0.0.1:8000",
            "WIJKTAFEL_HEARTBEAT_SECONDS": str(heartbeat_seconds),
            "WIJKTAFEL_JOINS_PER_IP": "100000",  # every client joins from 127.0.0.1
            "WIJKTAFEL_LOG_LEVEL": "WARNING",
            # Its own fan-out channel: another run on the same Redis cannot cross-talk.
            "WIJKTAFEL_FANOUT_CHANNEL": f"wijktafel:fanout:test-{secrets.token_hex(4)}",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def manage(env: dict, *args: str, timeout: float = 300) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


# --- HTTP, as a browser does it ------------------------------------------------------------------


class Browser:
    """Cookies, CSRF and redirects over plain HTTP against one worker."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def get(self, path: str) -> tuple[int, str, str]:
        with self.opener.open(self.base_url + path, timeout=10) as response:
            return response.status, response.geturl(), response.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str, str]:
        self.get(path)  # sets the CSRF cookie
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.cookie("csrftoken")})
        request = urllib.request.Request(
            self.base_url + path,
            data=body.encode(),
            method="POST",
            headers={"Referer": self.base_url + path},
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode()

    def login(self, email: str, password: str) -> None:
        status, url, _body = self.post("/inloggen/", {"username": email, "password": password})
        assert status == 200 and url.endswith("/sessies/"), (status, url)

    def join(self, join_path: str, name: str) -> None:
        """Scan the QR code (its URL), then give a name, as a participant's phone does."""
        self.get(join_path)
        status, url, _body = self.post("/meedoen/naam/", {"display_name": name})
        assert status == 200 and url.endswith("/meedoen/"), (status, url)


# --- websockets ----------------------------------------------------------------------------------


@dataclass
class LiveSocket:
    """One open page: connects, says hello, records every frame it receives."""

    ws_base: str
    workshop_id: int
    session_key: str
    origin: str = "http://127.0.0.1:8000"
    cookie_name: str = "sessionid"
    frames: list[dict] = field(default_factory=list)
    close_code: int | None = None
    ws: object = None
    reader: asyncio.Task | None = None
    welcome: dict | None = None

    async def open(self, last_seq: int | None = None, timeout: float = 10) -> dict:
        from websockets.asyncio.client import connect

        self.ws = await asyncio.wait_for(
            connect(
                f"{self.ws_base}/ws/workshops/{self.workshop_id}/",
                origin=self.origin,
                additional_headers={"Cookie": f"{self.cookie_name}={self.session_key}"},
                open_timeout=timeout,
                close_timeout=2,
            ),
            timeout,
        )
        self.reader = asyncio.create_task(self._read())
        await self.ws.send(json.dumps({"type": "hello", "last_seq": last_seq}))
        self.welcome = await self.wait_for(lambda f: f["type"] == "welcome", timeout)
        return self.welcome

    async def refused(self, timeout: float = 10) -> int | None:
        """Connect and return the close code the server answers with before any hello."""
        from websockets.asyncio.client import connect

        self.ws = await asyncio.wait_for(
            connect(
                f"{self.ws_base}/ws/workshops/{self.workshop_id}/",
                origin=self.origin,
                additional_headers={"Cookie": f"{self.cookie_name}={self.session_key}"},
                open_timeout=timeout,
                close_timeout=2,
            ),
            timeout,
        )
        self.reader = asyncio.create_task(self._read())
        return await self.wait_closed(timeout)

    async def _read(self) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            async for text in self.ws:
                self.frames.append(json.loads(text))
        except ConnectionClosed:
            pass
        self.close_code = self.ws.close_code

    async def wait_for(self, predicate, timeout: float = 10) -> dict:
        """The first received frame matching ``predicate``; fails after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for frame in self.frames:
                if predicate(frame):
                    return frame
            if self.reader.done():
                break
            await asyncio.sleep(0.02)
        for frame in self.frames:
            if predicate(frame):
                return frame
        got = [f"{f.get('type')}:{f.get('kind', '')}" for f in self.frames]
        raise AssertionError(
            f"no matching frame within {timeout} s (closed with {self.close_code}); got {got}"
        )

    async def wait_closed(self, timeout: float = 10) -> int | None:
        await asyncio.wait_for(asyncio.shield(self.reader), timeout)
        return self.close_code

    async def op(self, kind: str, data: dict, timeout: float = 10) -> dict:
        op = str(uuid.uuid4())
        await self.ws.send(json.dumps({"type": "op", "op": op, "kind": kind, "data": data}))
        return await self.wait_for(lambda f: f.get("op") == op, timeout)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            try:
                await asyncio.wait_for(self.reader, 5)
            except (TimeoutError, asyncio.CancelledError):
                self.reader.cancel()


@contextlib.contextmanager
def two_workers_on(prefix: str, *, heartbeat_seconds: float, extra_env: dict | None = None):
    """Two uvicorn workers on a throw-away PostgreSQL database sharing the project's Redis,
    seeded with one workshop; yields ``(workers, seed)``. On exit the workers stop, the
    database is dropped, and a traceback in a worker's log fails the test: a worker that
    logged one failed somewhere even if every assertion held."""
    services = services_env()
    database_url = create_database(services["DATABASE_URL"], prefix=prefix)
    workdir = Path(tempfile.mkdtemp(prefix=f"{prefix}-"))
    env = {
        **app_env(
            database_url=database_url,
            redis_url=services["REDIS_URL"],
            heartbeat_seconds=heartbeat_seconds,
        ),
        **(extra_env or {}),
    }
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
        logs = "".join(
            w.log_path.read_text(errors="replace") for w in workers if w.log_path.exists()
        )
        shutil.rmtree(workdir, ignore_errors=True)
        drop_database(services["DATABASE_URL"], database_url)
        assert "Traceback" not in logs, "a worker logged a traceback:\n" + logs[-6000:]
