"""Real worker processes (``manage.py jobs_worker``) on a database of their own, for tests/jobs.

On SQLite a temporary file, migrated by ``manage.py migrate`` as the browser journeys' server
does (tests/support/live_server.py); with ``DATABASE_URL`` set (``make test-postgres``) a
throw-away PostgreSQL database on that server, made from a migrated template. Tests read it
directly and write to it only through ``manage.py shell``, the way the app itself schedules.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
STARTUP_SECONDS = 30


class Workers:
    """The environment of the worker processes and what they share: one database (a SQLite
    file, or the PostgreSQL database ``database_url``)."""

    def __init__(self, workdir: Path, database_url: str = ""):
        self.workdir = workdir
        self.database_url = database_url
        self.db_path = workdir / "jobs.sqlite3"
        self.env = {
            **os.environ,
            "WIJKTAFEL_SQLITE_PATH": str(self.db_path),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONUNBUFFERED": "1",
        }
        for name in ("DATABASE_URL", "REDIS_URL", "WIJKTAFEL_PRODUCTION", "DJANGO_DEBUG"):
            self.env.pop(name, None)
        for name in [n for n in self.env if n.startswith(("WIJKTAFEL_SMTP_", "WIJKTAFEL_MAIL_"))]:
            self.env.pop(name)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.processes: list[tuple[subprocess.Popen, Path]] = []

    def manage(self, *args: str, env: dict | None = None, timeout: float = 120) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, f"manage.py {args[0]}:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def schedule_reminder(self, seconds_ahead: float, *, deliveries: int = 1) -> dict:
        """A reminder due ``seconds_ahead`` from now, scheduled the app's way; ``deliveries`` > 1
        puts extra deliveries of its task in the queue."""
        code = f"""
import datetime as dt, json
from django.utils import timezone
from wijktafel.accounts.models import Organisation, User
from wijktafel.jobs import services, tasks
org, _ = Organisation.objects.get_or_create(slug="den-helder", defaults={{"name": "Den Helder"}})
user = User.objects.filter(email="fac@example.nl").first() or User.objects.create_user(
    "fac@example.nl", None, organisation=org)
job = services.schedule("mail.reminder", timezone.now() + dt.timedelta(seconds={seconds_ahead}),
    {{"to": ["ans@example.nl"], "subject": "Herinnering werksessie", "body": "Morgen om 19.30 uur."}},
    started_by=user)
for _ in range({deliveries} - 1):
    tasks.run_job.using(run_after=job.run_at).enqueue(job.pk)
print(json.dumps({{"id": job.pk, "run_at": job.run_at.timestamp()}}))
"""
        out = self.manage("shell", "--no-imports", "-c", code)
        return json.loads(out.strip().splitlines()[-1])

    def query(self, sql: str, *params) -> list[tuple]:
        """Rows of ``sql`` (placeholders ``%s``); JSON columns come back decoded."""
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url, connect_timeout=5) as db:
                return db.execute(sql, params).fetchall()
        with sqlite3.connect(self.db_path, timeout=10) as db:
            return db.execute(sql.replace("%s", "?"), params).fetchall()

    def json(self, value):
        """A JSON column's value: decoded by psycopg already, text from sqlite3."""
        return json.loads(value) if isinstance(value, str) and not self.database_url else value

    def job(self, job_id: int) -> tuple[str, int]:
        [(status, attempts)] = self.query(
            "SELECT status, attempts FROM jobs_job WHERE id = %s", job_id
        )
        return status, attempts

    def start(self, name: str, env: dict | None = None) -> subprocess.Popen:
        log_path = self.workdir / f"{name}.log"
        log = open(log_path, "a")  # noqa: SIM115 - handed to the child process
        process = subprocess.Popen(
            [PYTHON, "manage.py", "jobs_worker", "--interval", "0.2", "--worker-id", name],
            cwd=ROOT,
            env=env or self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self.processes.append((process, log_path))
        wait_until(
            lambda: "Starting worker" in log_path.read_text() or process.poll() is not None,
            STARTUP_SECONDS,
            f"worker {name} did not start",
        )
        assert process.poll() is None, log_path.read_text()
        return process

    def stop_all(self) -> None:
        for process, _log in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()}" for _p, log in self.processes)


def wait_until(condition, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(message)


def copy_database(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def postgres_database(base_url: str, *, template: str = "") -> str:
    """A new PostgreSQL database on the server of ``base_url``, a copy of ``template`` if given."""
    import psycopg

    name = f"wijktafel_jobs_{secrets.token_hex(4)}"
    with psycopg.connect(base_url, autocommit=True, connect_timeout=5) as conn:
        source = urllib.parse.urlsplit(template).path.lstrip("/") if template else ""
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{source}"' if source else ""))
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(base_url)._replace(path="/" + name))
