"""Scheduled jobs: a job runs once at its time, whoever delivers it how often; its progress is
for the person who started it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.support.mailserver import OUTBOX_MAILERS, run_worker_once
from wijktafel.core.errors import Conflict, Invalid, NotFound
from wijktafel.jobs import registry, services, tasks
from wijktafel.jobs.models import Job, OutboxMessage

# Committed for real: the worker loop closes and reopens its connection between tasks (on
# PostgreSQL), as it does in production, which a test inside one transaction would not allow.
pytestmark = pytest.mark.django_db(transaction=True)

REMINDER = {"to": ["ans@example.nl"], "subject": "Herinnering: werksessie Zuid", "body": "Morgen."}


def soon(seconds: float = 0) -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def own_registry(monkeypatch):
    """Kinds a test registers are gone after it."""
    monkeypatch.setattr(registry, "_KINDS", dict(registry._KINDS))


def jobs_state() -> tuple:
    return list(Job.objects.order_by("pk").values()), DBTaskResult.objects.count()


def test_schedule_writes_the_job_and_its_task_together(facilitator, org):
    run_at = soon(3600)
    job = services.schedule("mail.reminder", run_at, REMINDER, started_by=facilitator)
    assert (job.status, job.organisation, job.started_by, job.attempts) == (
        Job.Status.SCHEDULED,
        org,
        facilitator,
        0,
    )
    task = DBTaskResult.objects.get()
    assert task.task_path == "wijktafel.jobs.tasks.run_job"
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert task.run_after == run_at


def test_a_job_is_not_run_before_its_time(settings, facilitator):
    settings.MAILERS = OUTBOX_MAILERS
    job = services.schedule("mail.reminder", soon(3600), REMINDER, started_by=facilitator)
    run_worker_once()
    job.refresh_from_db()
    assert job.status == Job.Status.SCHEDULED
    assert OutboxMessage.objects.count() == 0


def test_a_due_reminder_is_sent_once_and_marked_done(settings, facilitator, org):
    settings.MAILERS = OUTBOX_MAILERS
    job = services.schedule("mail.reminder", soon(), REMINDER, started_by=facilitator)
    run_worker_once()
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts, job.lease_until) == (
        Job.Status.DONE,
        100,
        1,
        None,
    )
    message = OutboxMessage.objects.get()
    assert (message.subject, message.to, message.organisation, message.caused_by) == (
        "Herinnering: werksessie Zuid",
        ["ans@example.nl"],
        org,
        facilitator,
    )
    assert message.cause == f"job {job.pk} (mail.reminder)"


def test_a_second_delivery_of_the_same_job_does_nothing(settings, facilitator):
    settings.MAILERS = OUTBOX_MAILERS
    job = services.schedule("mail.reminder", soon(), REMINDER, started_by=facilitator)
    tasks.run_job.enqueue(job.pk)  # the queue hands the job out twice
    run_worker_once()
    results = sorted(DBTaskResult.objects.values_list("return_value", flat=True))
    assert results == ["done", "skipped"]
    assert OutboxMessage.objects.count() == 1
    job.refresh_from_db()
    assert job.attempts == 1


def test_claim_is_won_once():
    job = Job.objects.create(kind="mail.reminder", payload=REMINDER, run_at=soon(-1))
    assert services.job_claim(job.pk) is not None
    assert services.job_claim(job.pk) is None
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.RUNNING, 1)


def test_a_failing_handler_marks_the_job_failed_and_it_is_not_retried(facilitator, settings):
    calls = []

    def explode(job):
        calls.append(job.pk)
        raise RuntimeError("de server zegt nee")

    registry.register("test.explode", label="Ontploft")(explode)
    job = services.schedule("test.explode", soon(), {}, started_by=facilitator)
    tasks.run_job.enqueue(job.pk)
    run_worker_once()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.result == "RuntimeError: de server zegt nee"
    assert calls == [job.pk]


def test_progress_is_recorded_for_a_running_job(facilitator):
    def halfway(job):
        services.job_progress(job, percent=50, text="De helft")
        job.refresh_from_db()
        seen.append((job.progress, job.progress_text))
        return "klaar"

    seen = []
    registry.register("test.halfway", label="Half")(halfway)
    job = services.schedule("test.halfway", soon(), {}, started_by=facilitator)
    run_worker_once()
    job.refresh_from_db()
    assert seen == [(50, "De helft")]
    assert (job.status, job.progress, job.result) == (Job.Status.DONE, 100, "klaar")


def test_an_interrupted_job_is_marked_failed_and_never_run_again(settings, facilitator):
    settings.MAILERS = OUTBOX_MAILERS
    job = services.schedule("mail.reminder", soon(), REMINDER, started_by=facilitator)
    services.job_claim(job.pk)  # a worker claimed it and then died
    later = timezone.now() + services.LEASE + dt.timedelta(seconds=1)
    assert services.jobs_recover(now=timezone.now()) == 0  # its lease still runs
    assert services.jobs_recover(now=later) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.result.startswith("interrupted")
    run_worker_once()  # the queued delivery comes round: nothing happens
    assert OutboxMessage.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "payload", "error"),
    [
        ("does.not.exist", {}, Invalid),
        ("mail.reminder", {**REMINDER, "to": []}, Invalid),
        ("mail.reminder", {**REMINDER, "to": ["geen adres"]}, Invalid),
        ("mail.reminder", {**REMINDER, "subject": "twee\nregels"}, Invalid),
        ("mail.reminder", {**REMINDER, "body": ""}, Invalid),
    ],
)
def test_a_wrong_job_is_refused_and_nothing_is_written(facilitator, kind, payload, error):
    before = jobs_state()
    with pytest.raises(error):
        services.schedule(kind, soon(60), payload, started_by=facilitator)
    assert jobs_state() == before


def test_a_naive_time_is_refused(facilitator):
    before = jobs_state()
    with pytest.raises(Invalid):
        services.schedule("mail.reminder", dt.datetime(2026, 12, 24, 9), REMINDER)
    assert jobs_state() == before


# --- Cancelling ----------------------------------------------------------------------------


def test_the_starter_cancels_a_scheduled_job_and_it_never_runs(settings, client, facilitator):
    settings.MAILERS = OUTBOX_MAILERS
    job = services.schedule("mail.reminder", soon(), REMINDER, started_by=facilitator)
    client.force_login(facilitator)
    response = client.post(reverse("jobs:cancel", args=[job.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:list")
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED
    run_worker_once()
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED
    assert OutboxMessage.objects.count() == 0


def test_someone_else_cannot_cancel_a_job(client, facilitator, other_facilitator, org):
    from wijktafel.accounts.models import User

    job = services.schedule("mail.reminder", soon(60), REMINDER, started_by=facilitator)
    colleague = User.objects.create_user("collega@example.nl", "x", organisation=org)
    before = jobs_state()
    for user in (other_facilitator, colleague):
        client.force_login(user)
        assert client.post(reverse("jobs:cancel", args=[job.pk])).status_code == 404
        with pytest.raises(NotFound):
            services.job_cancel(user=user, job_id=job.pk)
    assert jobs_state() == before


def test_a_job_that_ran_cannot_be_cancelled(settings, facilitator):
    settings.MAILERS = OUTBOX_MAILERS
    job = services.schedule("mail.reminder", soon(), REMINDER, started_by=facilitator)
    run_worker_once()
    before = jobs_state()
    with pytest.raises(Conflict):
        services.job_cancel(user=facilitator, job_id=job.pk)
    assert jobs_state() == before


# --- The jobs page ---------------------------------------------------------------------------


def test_the_jobs_page_shows_the_starters_jobs_only(client, facilitator, other_facilitator, org):
    mine = services.schedule("mail.reminder", soon(60), REMINDER, started_by=facilitator)
    theirs = services.schedule(
        "mail.reminder",
        soon(60),
        {**REMINDER, "subject": "Van een ander"},
        started_by=other_facilitator,
    )
    client.force_login(facilitator)
    page = client.get(reverse("jobs:list")).content.decode()
    assert f'data-job-id="{mine.pk}"' in page
    assert "Herinnering: werksessie Zuid" in page
    assert 'data-status="scheduled"' in page
    assert reverse("jobs:cancel", args=[mine.pk]) in page
    assert f'data-job-id="{theirs.pk}"' not in page
    assert "Van een ander" not in page


def test_the_jobs_page_shows_progress_and_status(client, facilitator):
    job = Job.objects.create(
        kind="mail.reminder",
        payload=REMINDER,
        run_at=soon(-5),
        status=Job.Status.RUNNING,
        progress=40,
        progress_text="Bezig met verzenden",
        started_by=facilitator,
    )
    client.force_login(facilitator)
    page = client.get(reverse("jobs:list")).content.decode()
    assert f'data-job-id="{job.pk}" data-status="running"' in page
    assert 'value="40"' in page
    assert "Bezig met verzenden" in page
    assert reverse("jobs:cancel", args=[job.pk]) not in page


def test_anonymous_is_sent_to_login_from_the_jobs_page(client):
    response = client.get(reverse("jobs:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_running_worker_recovers_interrupted_jobs_periodically(facilitator):
    import threading
    import time

    from wijktafel.jobs.management.commands.jobs_worker import recover_periodically

    job = Job.objects.create(
        kind="mail.reminder",
        payload=REMINDER,
        run_at=soon(-60),
        status=Job.Status.RUNNING,
        lease_until=soon(-1),  # its worker died; the lease has passed
        started_by=facilitator,
    )
    stop = threading.Event()
    thread = threading.Thread(target=recover_periodically, args=(stop, 0.05), daemon=True)
    thread.start()
    try:
        deadline = timezone.now() + dt.timedelta(seconds=10)
        while timezone.now() < deadline:
            job.refresh_from_db()
            if job.status != Job.Status.RUNNING:
                break
            time.sleep(0.02)
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()
    assert job.status == Job.Status.FAILED
    assert job.result.startswith("interrupted")


def test_the_jobs_page_says_why_a_job_failed_in_plain_words(client, facilitator):
    broken = Job.objects.create(
        kind="mail.reminder",
        payload=REMINDER,
        run_at=soon(-60),
        status=Job.Status.FAILED,
        result="SMTPServerDisconnected: Connection unexpectedly closed",
        started_by=facilitator,
    )
    Job.objects.create(
        kind="mail.reminder",
        payload=REMINDER,
        run_at=soon(-60),
        status=Job.Status.FAILED,
        result=f"{services.INTERRUPTED}: the worker stopped",
        started_by=facilitator,
    )
    client.force_login(facilitator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("jobs:list")).content.decode()
    assert "SMTPServerDisconnected" not in page
    assert f"Ask your administrator to look at job {broken.pk}." in page
    assert "The work stopped halfway and was not started again" in page
