"""A real uvicorn server on its own temporary SQLite file, for the browser journeys (tests/e2e), and what a journey's browser may and may not log."""

from __future__ import annotations

import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


PYTHON = sys.executable


CHROMIUM = "/usr/lib/chromium/chromium-headless-shell"


DESKTOP = {"viewport": {"width": 1280, "height": 800}}


PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


STARTUP_SECONDS = 40


STOP_SECONDS = 10


# One Python process per server that runs its manage.py commands (e2e_seed, shell -c) one after
# another: starting Django for each took about 1.9 s of CPU (the API's schemas alone 0.3 s),
# with dozens of seeds a run. It reads a JSON list of arguments per line and answers a JSON line.
COMMANDS = r"""
import contextlib, io, json, os, sys, traceback
# Answers go out on a private copy of stdout; whatever else writes to fd 1 lands on stderr.
answer = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)
import django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.utils import translation
for line in sys.stdin:
    out, err, ok = io.StringIO(), io.StringIO(), True
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            call_command(*json.loads(line), stdout=out, stderr=err)
    except BaseException:
        ok = False
        err.write(traceback.format_exc())
    finally:
        connections.close_all()  # never hold the SQLite file between commands
        translation.deactivate()
    answer.write(json.dumps({"ok": ok, "out": out.getvalue(), "err": err.getvalue()}) + "\n")
    answer.flush()
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """uvicorn serving config.asgi on 127.0.0.1:<port> with a temporary SQLite database."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db_path = workdir / "e2e.sqlite3"
        self.log_path = workdir / "server.log"
        self.worker_log_path = workdir / "worker.log"
        self.process: subprocess.Popen | None = None
        # The task worker beside the server, as ``make run`` starts it (documents, mail), for
        # the tests that need one (the ``task_worker`` fixture): it polls the database.
        self.worker: subprocess.Popen | None = None
        self.starts = 0
        self.commands: subprocess.Popen | None = None  # see COMMANDS
        self.env = {
            **os.environ,
            "WIJKTAFEL_SQLITE_PATH": str(self.db_path),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WIJKTAFEL_SITE_URL": self.url,
            "WIJKTAFEL_HEARTBEAT_SECONDS": "2",
            # One address for every browser of the run, far more than a venue's joins.
            "WIJKTAFEL_JOINS_PER_IP": "100000",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONUNBUFFERED": "1",
        }
        for name in ("DATABASE_URL", "REDIS_URL", "WIJKTAFEL_PRODUCTION", "DJANGO_DEBUG"):
            self.env.pop(name, None)

    # --- database --------------------------------------------------------------------------
    def manage(self, *args: str, timeout: float = 120) -> str:
        """``manage.py <args>``; its standard output. ``migrate`` runs in a process of its own,
        every other command in the server's command process (``COMMANDS``)."""
        if args[:1] == ("migrate",):
            result = subprocess.run(
                [PYTHON, "manage.py", *args],
                cwd=ROOT,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
            if result.returncode != 0:
                raise RuntimeError(
                    f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
                )
            return result.stdout
        if self.commands is None or self.commands.poll() is not None:
            self.commands = subprocess.Popen(
                [PYTHON, "-c", COMMANDS],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        self.commands.stdin.write(json.dumps(list(args)) + "\n")
        self.commands.stdin.flush()
        ready, _, _ = select.select([self.commands.stdout], [], [], timeout)
        if not ready:
            self.close_commands()
            raise RuntimeError(f"manage.py {' '.join(args)} gave no answer in {timeout} s")
        line = self.commands.stdout.readline()
        if not line:
            self.close_commands()
            raise RuntimeError(f"manage.py {' '.join(args)}: the command process stopped")
        answer = json.loads(line)
        if not answer["ok"]:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{answer['out']}\n{answer['err']}"
            )
        return answer["out"]

    def close_commands(self) -> None:
        commands, self.commands = self.commands, None
        if commands is not None and commands.poll() is None:
            commands.stdin.close()
            try:
                commands.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                commands.kill()
                commands.wait(timeout=STOP_SECONDS)

    def seed(
        self,
        workshops: int = 1,
        template: str = "afwegen-1",
        title: str = "E2E werksessie",
        postits: int = 0,
    ) -> dict:
        out = self.manage(
            "e2e_seed",
            f"--workshops={workshops}",
            f"--template={template}",
            f"--title={title}",
            f"--postits={postits}",
        )
        return json.loads(out.strip().splitlines()[-1])

    def rehearse(self, *steps: tuple[str, int], postits: int = 0) -> list[dict]:
        """For each (method, step) a session of the method at that step (seam
        ``Method.rehearse``) and the browser session cookie of its phone participant, in one
        run of e2e_seed --rehearse; ``postits`` more on each one's wall."""
        specs = [f"--rehearse={method}:{step}" for method, step in steps]
        out = self.manage("e2e_seed", "--workshops=0", f"--postits={postits}", *specs, timeout=300)
        return json.loads(out.strip().splitlines()[-1])["rehearsals"]

    # --- process ---------------------------------------------------------------------------
    def start(self) -> None:
        assert self.process is None or self.process.poll() is not None, "server already running"
        self.starts += 1
        log = open(self.log_path, "a")  # noqa: SIM115 - handed to the child process
        log.write(f"\n===== start #{self.starts} =====\n")
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
                "--timeout-graceful-shutdown",
                "5",
                "--no-access-log",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"server exited with {self.process.returncode}:\n{self.log_tail()}"
                )
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
        raise RuntimeError(f"server did not answer within {STARTUP_SECONDS} s:\n{self.log_tail()}")

    def start_worker(self) -> None:
        """Start the task worker unless it runs (its log apart: a test may kill it)."""
        if self.worker is not None and self.worker.poll() is None:
            return
        log = open(self.worker_log_path, "a")  # noqa: SIM115 - handed to the child process
        self.worker = subprocess.Popen(
            [PYTHON, "manage.py", "jobs_worker", "--interval", "0.2"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()

    def stop_worker(self, *, kill: bool = False) -> None:
        """Stop the worker: SIGTERM (it finishes its task), or SIGKILL in the middle."""
        worker, self.worker = self.worker, None
        if worker is None or worker.poll() is not None:
            return
        worker.kill() if kill else worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=STOP_SECONDS)

    def stop(self) -> None:
        self.stop_worker()
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_SECONDS)

    def restart(self) -> None:
        self.stop()
        self.start()

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


CSP_INIT = """
(() => {
  window.__csp = window.__csp || [];
  document.addEventListener('securitypolicyviolation', (e) => {
    const entry = {directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
                   line: e.lineNumber, sample: e.sample, page: location.href};
    window.__csp.push(entry);
    try { window.__e2eReportCsp(entry); } catch (err) { /* binding not ready */ }
  });
})();
"""


# Chromium logs these itself when a connection breaks on purpose (offline, restart); they are
# not app errors. Tests that break connections opt in with `allow_console(...)`.
NETWORK_NOISE = [
    r"WebSocket connection to 'ws://127\.0\.0\.1:\d+/ws/workshops/\d+/' failed",
    r"Failed to load resource: net::ERR_INTERNET_DISCONNECTED",
    r"Failed to load resource: net::ERR_CONNECTION_REFUSED",
    r"Failed to load resource: net::ERR_CONNECTION_RESET",
    r"Failed to load resource: net::ERR_EMPTY_RESPONSE",
]


class BrowserProblems:
    """Console errors, page errors and CSP violations of every page a test opened."""

    def __init__(self):
        self.console: list[str] = []
        self.page_errors: list[str] = []
        self.csp: list[dict] = []
        self.allowed: list[re.Pattern] = []

    def allow(self, *patterns: str) -> None:
        self.allowed.extend(re.compile(p) for p in patterns)

    def unexpected_console(self) -> list[str]:
        return [m for m in self.console if not any(p.search(m) for p in self.allowed)]
