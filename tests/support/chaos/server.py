"""The server under test: uvicorn processes on loopback, sharing one database.

``Stack`` owns a work directory, the database settings and one ``Worker`` per port. By default
that is one uvicorn process on a temporary SQLite file (the embedded deployment). With
``extra_env={"DATABASE_URL": ..., "REDIS_URL": ...}`` and several ports it is the scale-out
deployment: every worker gets the same environment, so they share PostgreSQL and Redis.

Production settings are on (``WIJKTAFEL_PRODUCTION=1``, DEBUG off, a random long secret key,
secure ``__Host-`` cookies, SSL redirect). The SSL redirect only touches HTTP, and the readiness
probe takes its 301 as the sign of life (so no page is rendered: production static files need
``collectstatic``'s manifest, which a test checkout does not have). Websockets are not redirected.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable
STARTUP_SECONDS = 40
STOP_SECONDS = 15
GRACEFUL_SECONDS = 3  # uvicorn --timeout-graceful-shutdown


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    """True when the port answers an HTTP request with any status line."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            sock.settimeout(3)
            sock.sendall(b"GET /inloggen/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return sock.recv(16).startswith(b"HTTP/1.1 ")
    except OSError:
        return False


@dataclass
class Worker:
    """One uvicorn process on a fixed port; it can be stopped, killed and started again."""

    port: int
    env: dict
    log_path: Path
    root: Path = ROOT
    process: subprocess.Popen | None = None
    starts: int = 0
    started_at: float = 0.0

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        assert not self.running, "worker already running"
        self.starts += 1
        self.started_at = time.monotonic()
        with open(self.log_path, "a") as log:
            log.write(f"\n===== start #{self.starts} on port {self.port} =====\n")
            log.flush()
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
                    "--proxy-headers",
                    "--forwarded-allow-ips",
                    "127.0.0.1",
                    "--timeout-graceful-shutdown",
                    str(GRACEFUL_SECONDS),
                    "--no-access-log",
                    "--log-level",
                    "warning",
                ],
                cwd=self.root,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker :{self.port} exited with {self.process.returncode}")
            if _answers(self.port):
                return
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"worker :{self.port} did not answer within {STARTUP_SECONDS} s")

    def cpu_share(self) -> float | None:
        """CPU seconds per wall second since the last start (1.0 = one core busy)."""
        if not self.running:
            return None
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return cpu / max(time.monotonic() - self.started_at, 1e-3)

    def peak_rss_kib(self) -> int | None:
        """Peak resident memory of the running process (since its last start)."""
        if not self.running:
            return None
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        return next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")),
            None,
        )

    def signal(self, signum: int) -> None:
        """Send a signal (SIGSTOP/SIGCONT too); no wait."""
        if self.running:
            self.process.send_signal(signum)

    def stop(self) -> int | None:
        """SIGTERM, then wait for the graceful shutdown (SIGKILL if it hangs); the exit code."""
        if not self.running:
            return None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            return self.kill()

    def kill(self) -> int | None:
        """SIGKILL: a crash. Returns the exit code."""
        if self.process is None or self.process.poll() is not None:
            return None
        self.process.kill()
        return self.process.wait(timeout=STOP_SECONDS)


@dataclass
class Stack:
    """A database and the workers that serve it. Use ``Stack.create(...)``, then ``start()``."""

    workdir: Path
    env: dict
    workers: list[Worker] = field(default_factory=list)
    root: Path = ROOT

    @classmethod
    def create(
        cls,
        workdir: Path,
        *,
        ports: int | list[int] = 1,
        extra_env: dict | None = None,
        heartbeat_seconds: float = 10.0,
        root: Path | None = None,
    ) -> Stack:
        """Settings for a new stack; the SQLite file is in ``workdir`` unless DATABASE_URL is set.
        ``root`` is the project checkout to serve (default: this one; env WIJKTAFEL_CHAOS_ROOT),
        e.g. an exported older commit to compare against."""
        workdir.mkdir(parents=True, exist_ok=True)
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "WIJKTAFEL_SQLITE_PATH")
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "WIJKTAFEL_PRODUCTION": "1",
                "DJANGO_DEBUG": "0",
                "DJANGO_SECRET_KEY": "chaos-" + secrets.token_urlsafe(48),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "WIJKTAFEL_SITE_URL": "https://127.0.0.1",
                "WIJKTAFEL_SQLITE_PATH": str(workdir / "chaos.sqlite3"),
                "WIJKTAFEL_HEARTBEAT_SECONDS": str(heartbeat_seconds),
                "WIJKTAFEL_JOINS_PER_IP": "100000",  # every client joins from 127.0.0.1
                "WIJKTAFEL_LOG_LEVEL": "WARNING",
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(extra_env or {})
        port_list = [free_port() for _ in range(ports)] if isinstance(ports, int) else list(ports)
        root = Path(root or os.environ.get("WIJKTAFEL_CHAOS_ROOT") or ROOT)
        stack = cls(workdir, env, root=root)
        stack.workers = [Worker(p, env, workdir / f"server-{p}.log", root) for p in port_list]
        return stack

    # --- settings the clients and the oracle need ---------------------------------------------
    @property
    def database_url(self) -> str:
        """``sqlite:///<path>`` or the DATABASE_URL the workers use (see oracle.Database)."""
        return self.env.get("DATABASE_URL") or "sqlite:///" + self.env["WIJKTAFEL_SQLITE_PATH"]

    @property
    def origin(self) -> str:
        return self.env["WIJKTAFEL_SITE_URL"]

    @property
    def session_cookie(self) -> str:
        return "__Host-sessionid" if self.env.get("WIJKTAFEL_PRODUCTION") == "1" else "sessionid"

    @property
    def heartbeat_seconds(self) -> float:
        return float(self.env["WIJKTAFEL_HEARTBEAT_SECONDS"])

    @property
    def ports(self) -> list[int]:
        return [w.port for w in self.workers]

    # --- database ---------------------------------------------------------------------------------
    def python(self, *args: str, timeout: float = 300) -> str:
        """Run the venv Python in the project with the stack's settings; return stdout."""
        result = subprocess.run(
            [PYTHON, *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def migrate(self) -> None:
        self.python("manage.py", "migrate", "--noinput", "-v", "0")

    def seed(self, participants: int, title: str = "Chaos werksessie") -> dict:
        """A facilitator, a workshop open for joining and its participants, with session keys."""
        out = self.python(
            str(Path(__file__).with_name("seed.py")),
            "--participants",
            str(participants),
            "--title",
            title,
            timeout=120,
        )
        return json.loads(out.strip().splitlines()[-1])

    # --- processes --------------------------------------------------------------------------------
    def start(self) -> None:
        for worker in self.workers:
            if not worker.running:
                worker.start()

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()

    def kill(self) -> None:
        for worker in self.workers:
            worker.kill()

    def restart(self, *, hard: bool = False) -> None:
        self.kill() if hard else self.stop()
        self.start()

    def log_text(self) -> str:
        return "".join(
            w.log_path.read_text(errors="replace") for w in self.workers if w.log_path.exists()
        )
