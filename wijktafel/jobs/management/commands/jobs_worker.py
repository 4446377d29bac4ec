"""The task worker: recovers interrupted jobs, then runs django-tasks-db's worker loop.

``make run`` starts it beside the web server (scripts/run.py). Any number may run at once, on
SQLite or PostgreSQL: each task is claimed by one worker, each job by one delivery
(docs/decisions/0012-task-worker-and-mail.md).
"""

from __future__ import annotations

import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from wijktafel.jobs import services

logger = logging.getLogger(__name__)

# How often a running worker looks for jobs whose worker died (their lease has passed). A worker
# restarted right after a crash finds the lease still running; this finds the job later.
RECOVER_EVERY_SECONDS = 60.0


def recover_periodically(stop: threading.Event, every: float = RECOVER_EVERY_SECONDS) -> None:
    """Until ``stop`` is set: every ``every`` seconds, recover interrupted jobs."""
    while not stop.wait(every):
        try:
            recovered = services.jobs_recover()
            if recovered:
                logger.warning("%s interrupted job(s) scheduled again or marked failed", recovered)
        except Exception:
            logger.exception("recovering interrupted jobs failed; trying again later")
        finally:
            close_old_connections()
            connection.close()  # this thread's own connection


class Command(BaseCommand):
    help = "Run the background worker (jobs and mail) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument("--batch", action="store_true", help="run what is due, then exit")
        parser.add_argument("--worker-id", default=None, help="a unique name for this worker")

    def handle(self, *, interval: float, batch: bool, worker_id: str | None, **options):
        recovered = services.jobs_recover()
        if recovered:
            self.stderr.write(f"{recovered} interrupted job(s) scheduled again or marked failed")
        args = ["--interval", str(interval), "--no-startup-delay", "--no-reload"]
        if batch:
            args.append("--batch")
        if worker_id:
            args += ["--worker-id", worker_id]
        stop = threading.Event()
        recoverer = threading.Thread(
            target=recover_periodically, args=(stop,), name="jobs-recover", daemon=True
        )
        recoverer.start()
        try:
            call_command("db_worker", *args, verbosity=options.get("verbosity", 1))
        finally:
            stop.set()
