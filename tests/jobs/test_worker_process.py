"""Real worker processes (``manage.py jobs_worker``) on a SQLite file: a reminder survives a
worker killed before its time and is sent exactly once, to a real SMTP server; two workers and a
doubled delivery still send it once."""

from __future__ import annotations

import signal
import time

import pytest

from tests.support.mailserver import SmtpServer
from tests.support.worker_process import wait_until

pytestmark = pytest.mark.slow


def test_reminder_survives_a_killed_worker_and_reaches_smtp_once(workers):
    with SmtpServer() as server:
        smtp_env = {
            **workers.env,
            "WIJKTAFEL_SMTP_HOST": "127.0.0.1",
            "WIJKTAFEL_SMTP_PORT": str(server.port),
            "WIJKTAFEL_SMTP_STARTTLS": "0",
        }
        # The worker is up while the reminder is scheduled, and killed hard before it is due
        # (its time is set at the end of scheduling, so the margin does not depend on how long
        # a process takes to start on a busy machine).
        first = workers.start("worker-1", smtp_env)
        job = workers.schedule_reminder(6)
        first.send_signal(signal.SIGKILL)
        assert time.time() < job["run_at"], "the worker must be killed before the reminder is due"
        first.wait(timeout=10)
        assert workers.job(job["id"]) == ("scheduled", 0)
        assert server.messages == []

        workers.start("worker-2", smtp_env)
        wait_until(
            lambda: workers.job(job["id"])[0] != "scheduled" and server.messages,
            job["run_at"] - time.time() + 30,
            f"the reminder was not sent:\n{workers.logs()}",
        )
        wait_until(lambda: workers.job(job["id"])[0] == "done", 10, workers.logs())
        assert time.time() >= job["run_at"]
        # A few more polls of the worker: nothing else arrives.
        time.sleep(1.0)
        [(recipients, message)] = server.messages
    assert recipients == ["ans@example.nl"]
    assert message["Subject"] == "Herinnering werksessie"
    assert message.get_content().strip() == "Morgen om 19.30 uur."
    assert workers.job(job["id"]) == ("done", 1)
    assert workers.query("SELECT count(*) FROM jobs_outboxmessage") == [(0,)]


def test_two_workers_and_a_doubled_delivery_send_the_reminder_once(workers):
    job = workers.schedule_reminder(3, deliveries=2)
    workers.start("worker-a")
    workers.start("worker-b")
    wait_until(
        lambda: (
            workers.query(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'SUCCESSFUL'"
            )
            == [(2,)]
        ),
        job["run_at"] - time.time() + 30,
        f"the two deliveries did not finish:\n{workers.logs()}",
    )
    results = sorted(
        workers.json(value)
        for (value,) in workers.query("SELECT return_value FROM django_tasks_database_dbtaskresult")
    )
    assert results == ["done", "skipped"]
    assert workers.job(job["id"]) == ("done", 1)
    assert workers.query("SELECT subject, organisation_id IS NOT NULL FROM jobs_outboxmessage") == [
        ("Herinnering werksessie", 1)
    ]
