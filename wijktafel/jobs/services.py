"""Every write of background work: scheduling and running jobs, and queueing mail.

Exactly once (docs/decisions/0012-task-worker-and-mail.md):

* **At least once.** ``schedule`` writes the job and enqueues its task in the caller's
  transaction; the queue is a table of the same database (django-tasks-db), so both are
  committed or neither is, and the task waits there until ``run_at`` whatever happens to the
  worker processes in between.
* **At most once.** ``job_claim`` moves the job from scheduled to running with one conditional
  UPDATE; only the delivery that changes the row runs the handler. A second delivery of the same
  task, a second worker or a restarted one finds the job no longer scheduled and does nothing.
* A worker that dies while a handler runs leaves the job running; ``jobs_recover`` (at every
  worker's start and once a minute) marks it failed once its lease has passed, and never runs
  it again; unless its kind says the work is harmless to repeat (``registry.JobKind.retry``,
  documents): then it is scheduled again, up to ``registry.MAX_ATTEMPTS`` claims.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijktafel.core.errors import Conflict, Invalid, NotFound

from . import mail, registry
from .models import Job

logger = logging.getLogger(__name__)

# How long a claimed job may run without reporting progress before it counts as interrupted
# (unless its kind says otherwise: ``registry.JobKind.lease``).
LEASE = dt.timedelta(minutes=15)
RESULT_MAX_CHARS = 2000
# The start of the result of a job whose worker stopped while it ran (``jobs_recover``).
INTERRUPTED = "interrupted"


def schedule(
    kind: str,
    run_at: dt.datetime,
    payload: dict,
    *,
    started_by=None,
    organisation=None,
) -> Job:
    """Create a job of ``kind`` that runs once at (or soon after) ``run_at``."""
    from . import tasks

    entry = registry.get(kind)
    if entry is None:
        raise Invalid(_("This kind of job does not exist."), field="kind")
    if timezone.is_naive(run_at):
        raise Invalid(_("Give the time with its time zone."), field="run_at")
    if entry.check:
        entry.check(payload)
    if organisation is None and started_by is not None:
        organisation = started_by.organisation
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            payload=payload,
            run_at=run_at,
            started_by=started_by,
            organisation=organisation,
        )
        # In the same transaction: with the database backend the task row commits with the job.
        tasks.run_job.using(run_after=run_at).enqueue(job.pk)
    return job


def job_claim(job_id: int) -> Job | None:
    """Move the job from scheduled to running if it is due; ``None`` if this delivery may not
    run it (already claimed, finished, cancelled, not due or gone). One conditional UPDATE: of
    any number of deliveries, exactly one changes the row."""
    now = timezone.now()
    kind = Job.objects.filter(pk=job_id).values_list("kind", flat=True).first()
    with transaction.atomic():
        claimed = Job.objects.filter(
            pk=job_id, status=Job.Status.SCHEDULED, run_at__lte=now
        ).update(
            status=Job.Status.RUNNING,
            attempts=F("attempts") + 1,
            lease_until=now + _lease(kind),
            updated_at=now,
        )
    if not claimed:
        return None
    return Job.objects.get(pk=job_id)


def _lease(kind: str | None) -> dt.timedelta:
    entry = registry.get(kind) if kind else None
    return entry.lease if entry else LEASE


def job_progress(job: Job, *, percent: int, text: str = "") -> bool:
    """Record how far a running job is (0–100 %) and extend its lease; ``False`` if it no longer
    runs (recovered as interrupted)."""
    now = timezone.now()
    return bool(
        Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            progress=max(0, min(100, int(percent))),
            progress_text=text[:200],
            lease_until=now + _lease(job.kind),
            updated_at=now,
        )
    )


def job_finish(job: Job, *, result: str = "") -> bool:
    """Mark a running job done (100 %)."""
    return bool(
        Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.DONE,
            progress=100,
            result=result[:RESULT_MAX_CHARS],
            lease_until=None,
            updated_at=timezone.now(),
        )
    )


def job_fail(job: Job, *, error: str) -> bool:
    """Mark a running job failed with the reason; it is not run again."""
    return bool(
        Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED,
            result=error[:RESULT_MAX_CHARS],
            lease_until=None,
            updated_at=timezone.now(),
        )
    )


def job_run(job_id: int) -> str:
    """Run a job if this delivery wins its claim (the task ``run_job`` calls this)."""
    job = job_claim(job_id)
    if job is None:
        return "skipped"
    entry = registry.get(job.kind)
    if entry is None:
        job_fail(job, error=f"unknown job kind {job.kind!r}")
        return "failed"
    try:
        result = entry.handler(job)
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job_fail(job, error=f"{type(exc).__name__}: {exc}")
        return "failed"
    job_finish(job, result=result or "")
    return "done"


def job_cancel(*, user, job_id: int) -> Job:
    """Cancel a job the user started that has not started running."""
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.filter(pk=job_id, started_by=user).first() if user else None
        if job is None:
            raise NotFound(_("This job does not exist."))
        cancelled = Job.objects.filter(pk=job_id, status=Job.Status.SCHEDULED).update(
            status=Job.Status.CANCELLED, updated_at=now
        )
        if not cancelled:
            raise Conflict(_("This job has already started or ended; it cannot be cancelled."))
    job.refresh_from_db()
    return job


def jobs_recover(*, now: dt.datetime | None = None) -> int:
    """Deal with every running job whose lease has passed (its worker stopped in the middle):
    a kind that may repeat its work is scheduled again while it has attempts left; any other is
    marked failed and never run again, so nothing it did happens twice."""
    from . import tasks

    now = now or timezone.now()
    stopped = Job.objects.filter(status=Job.Status.RUNNING, lease_until__lt=now)
    retryable = [kind for kind, entry in registry.kinds().items() if entry.retry]
    again = 0
    for job_id in list(
        stopped.filter(kind__in=retryable, attempts__lt=registry.MAX_ATTEMPTS).values_list(
            "pk", flat=True
        )
    ):
        with transaction.atomic():  # the row and its task commit together, as in ``schedule``
            if stopped.filter(pk=job_id).update(
                status=Job.Status.SCHEDULED,
                run_at=min(now, timezone.now()),
                progress=0,
                progress_text="",
                lease_until=None,
                updated_at=now,
            ):
                tasks.run_job.enqueue(job_id)
                again += 1
    failed = stopped.update(
        status=Job.Status.FAILED,
        result=f"{INTERRUPTED}: the worker stopped while the job ran; it was not run again",
        lease_until=None,
        updated_at=now,
    )
    return again + failed


def mail_send(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    attachments: list[tuple[str, bytes, str]] = (),
    organisation=None,
    caused_by=None,
    cause: str = "",
) -> str:
    """Queue a mail for the worker (never sent in the request); returns its Message-ID.

    ``attachments`` are (file name, content, content type), each at most 2 MB and 5 MB together.
    """
    from . import tasks

    if not to or len(to) > mail.MAX_RECIPIENTS:
        raise Invalid(_("Give between 1 and 50 addresses."), field="to")
    total = 0
    encoded = []
    for filename, content, content_type in attachments:
        if len(content) > mail.MAX_ATTACHMENT_BYTES:
            raise Invalid(_("An attachment may be at most 2 MB."), field="attachments")
        total += len(content)
        encoded.append(mail.encode_attachment(filename, content, content_type))
    if total > mail.MAX_TOTAL_ATTACHMENT_BYTES:
        raise Invalid(_("The attachments may be at most 5 MB together."), field="attachments")
    if organisation is None and caused_by is not None:
        organisation = caused_by.organisation
    msgid = mail.message_id(f"mail-{timezone.now():%Y%m%d%H%M%S}-{_random_token()}")
    data: mail.MailData = {
        "message_id": msgid,
        "to": list(to),
        "subject": str(subject),
        "body": str(body),
        "html": html,
        "attachments": encoded,
        "organisation_id": organisation.pk if organisation else None,
        "caused_by_id": caused_by.pk if caused_by else None,
        "cause": cause,
    }
    tasks.send_mail.enqueue(data)
    return msgid


def _random_token() -> str:
    from django.utils.crypto import get_random_string

    return get_random_string(16)
