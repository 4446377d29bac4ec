"""The kinds of job this app brings: ``mail.reminder``, a mail sent at a set time."""

from __future__ import annotations

from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from wijktafel.core.errors import Invalid

from . import mail, registry

SUBJECT_MAX_CHARS = 200
BODY_MAX_CHARS = 20_000


def check_reminder(payload: dict) -> None:
    """A reminder needs one or more valid addresses, a subject and a text."""
    to = payload.get("to")
    if not isinstance(to, list) or not to or len(to) > mail.MAX_RECIPIENTS:
        raise Invalid(_("Give between 1 and 50 addresses."), field="to")
    for address in to:
        try:
            validate_email(address)
        except Exception:
            raise Invalid(_("This is not a valid e-mail address."), field="to") from None
    subject, body = payload.get("subject"), payload.get("body")
    if not isinstance(subject, str) or not subject.strip() or len(subject) > SUBJECT_MAX_CHARS:
        raise Invalid(_("Give a subject of at most 200 characters."), field="subject")
    if "\n" in subject or "\r" in subject:
        raise Invalid(_("The subject must be one line."), field="subject")
    if not isinstance(body, str) or not body.strip() or len(body) > BODY_MAX_CHARS:
        raise Invalid(_("Give a text of at most 20,000 characters."), field="body")


@registry.register("mail.reminder", label=_("Reminder by e-mail"), check=check_reminder)
def send_reminder(job) -> str:
    """Send the reminder's mail. Its Message-ID comes from the job, so the outbox keeps it once
    whatever happens; the job's claim keeps SMTP from getting it twice."""
    payload = job.payload
    mail.deliver(
        {
            # Stable for this job (a second run would make the same id), unique across sites.
            "message_id": mail.message_id(f"job-{job.pk}-{job.created_at:%Y%m%d%H%M%S%f}"),
            "to": payload["to"],
            "subject": payload["subject"],
            "body": payload["body"],
            "html": payload.get("html", ""),
            "attachments": payload.get("attachments", []),
            "organisation_id": job.organisation_id,
            "caused_by_id": job.started_by_id,
            "cause": f"job {job.pk} ({job.kind})",
        }
    )
    return ""
