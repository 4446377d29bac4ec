"""The facilitator's pages of background work: the outbox and the jobs they started.

The outbox belongs to an organisation: its facilitators and admins (and platform admins) read
it; for anyone else a message does not exist (404). Jobs are followed by the person who started
them only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wijktafel.core.errors import Refused

from . import registry, rules, selectors, services
from .models import Job, OutboxAttachment, OutboxMessage


def _message_for(request, message_id: int) -> OutboxMessage:
    message = get_object_or_404(OutboxMessage, pk=message_id)
    if not rules.can_read_outbox(request.user, message.organisation_id):
        raise Http404
    return message


@login_required
@require_GET
def outbox(request):
    """The mail of the user's organisation that stayed in the app, newest first."""
    rows = selectors.outbox_for_user(request.user).prefetch_related("attachments")
    return render(
        request,
        "jobs/outbox.html",
        {"outbox": rows[: selectors.OUTBOX_PAGE_SIZE]},
    )


@login_required
@require_GET
def outbox_message(request, message_id: int):
    """One mail: addresses, subject, text and its attachments as downloads."""
    message = _message_for(request, message_id)
    return render(
        request,
        "jobs/outbox_message.html",
        {"message": message, "attachments": list(message.attachments.all())},
    )


@login_required
@require_GET
def outbox_attachment(request, message_id: int, attachment_id: int):
    """An attachment of a mail as a download."""
    message = _message_for(request, message_id)
    attachment = get_object_or_404(OutboxAttachment, pk=attachment_id, message=message)
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    ascii_name = "".join(
        c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in attachment.filename
    )
    response["Content-Disposition"] = f'attachment; filename="{ascii_name or "bijlage"}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def job_list(request):
    """The jobs the user started: what, when, status and progress."""
    kinds = registry.kinds()
    jobs = [
        {
            "job": job,
            "label": kinds[job.kind].label if job.kind in kinds else job.kind,
            "failure": _failure(job) if job.status == Job.Status.FAILED else "",
        }
        for job in selectors.jobs_started_by(request.user)[: selectors.JOBS_PAGE_SIZE]
    ]
    return render(request, "jobs/list.html", {"jobs": jobs})


def _failure(job: Job) -> str:
    """Why a job failed, in the user's words (the technical reason is in ``job.result``)."""
    if job.result.startswith(services.INTERRUPTED):
        return _(
            "The work stopped halfway and was not started again, so that nothing happens twice."
        )
    return _("This did not work. Ask your administrator to look at job %(id)s.") % {"id": job.pk}


@login_required
@require_POST
def job_cancel(request, job_id: int):
    """Cancel a scheduled job the user started."""
    try:
        services.job_cancel(user=request.user, job_id=job_id)
    except Refused as refusal:
        if refusal.http_status == 404:
            raise Http404 from None
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The job is cancelled."))
    return redirect("jobs:list")
