"""Reads of background work that the pages share."""

from __future__ import annotations

from .models import Job, OutboxMessage

OUTBOX_PAGE_SIZE = 100
JOBS_PAGE_SIZE = 100


def outbox_for_user(user):
    """The outbox messages the user may read: their organisation's (all for platform admins)."""
    if user.is_superuser:
        messages = OutboxMessage.objects.all()
    elif not user.organisation_id:
        return OutboxMessage.objects.none()
    else:
        messages = OutboxMessage.objects.filter(organisation_id=user.organisation_id)
    return messages.order_by("-created_at", "-pk")


def jobs_started_by(user):
    """The jobs the user started, latest run time first."""
    return Job.objects.filter(started_by=user).order_by("-run_at", "-pk")
