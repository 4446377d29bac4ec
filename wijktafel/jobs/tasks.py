"""The tasks the worker runs. Thin: the logic is in ``services`` and ``mail``."""

from __future__ import annotations

from django.tasks import task

from . import mail, services


@task
def run_job(job_id: int) -> str:
    """Run job ``job_id`` unless another delivery already did (``services.job_run``)."""
    return services.job_run(job_id)


@task
def send_mail(data: mail.MailData) -> None:
    """Send one queued mail through the default mailer."""
    mail.deliver(data)
