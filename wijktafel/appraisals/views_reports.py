"""Downloads: the appraisal report (PDF, Word) and the solution cards (PDF).

Only facilitators and admins of the appraisal's organisation (and platform admins) get a
document, the rule of ``GET /api/v1/appraisals/{id}``; anyone else logged in gets a 404, so an
appraisal of another organisation looks like one that does not exist.

A document is made by the task worker, never in the request (``document_jobs``). Asking for one
serves it at once when it was made of the appraisal as it is now; otherwise it leads to a page
that shows the job's progress (it reloads itself every 2 seconds, no script needed) and
starts the download when the file is ready, also after a reload or from another tab.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wijktafel.core.errors import Conflict, Invalid, TooManyAttempts
from wijktafel.jobs.models import Job

from . import document_jobs, rules
from .models import Appraisal, AppraisalDocument

REFRESH_SECONDS = 2


def appraisal_for_documents(user, appraisal_id: int) -> Appraisal | None:
    """The appraisal if ``user`` may facilitate it, else None (the caller answers 404)."""
    appraisal = Appraisal.objects.select_related("area").filter(pk=appraisal_id).first()
    if appraisal is None or not rules.can_facilitate_appraisal(user, appraisal):
        return None
    return appraisal


def document_response(document: AppraisalDocument) -> HttpResponse:
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _appraisal_or_404(request, appraisal_id: int) -> Appraisal:
    appraisal = appraisal_for_documents(request.user, appraisal_id)
    if appraisal is None:
        raise Http404
    return appraisal


def _job_or_404(request, appraisal_id: int, job_id: int) -> tuple[Appraisal, Job]:
    appraisal = _appraisal_or_404(request, appraisal_id)
    job = document_jobs.job_of(appraisal, job_id)
    if job is None:
        raise Http404
    return appraisal, job


def _page(request, appraisal: Appraisal, context: dict, status: int = 200) -> HttpResponse:
    response = render(
        request, "appraisals/document.html", {"appraisal": appraisal, **context}, status=status
    )
    response["Cache-Control"] = "no-store"
    return response


def _view(kind: str):
    @never_cache
    @login_required
    @require_GET
    def view(request, appraisal_id: int):
        appraisal = _appraisal_or_404(request, appraisal_id)
        try:
            made = document_jobs.ask(request.user, appraisal, kind)
        except TooManyAttempts as refusal:
            response = _page(request, appraisal, {"refusal": refusal.message}, status=429)
            response["Retry-After"] = str(refusal.retry_after)
            return response
        except (Invalid, Conflict) as refusal:  # too large now: 409
            return _page(
                request, appraisal, {"refusal": refusal.message}, status=refusal.http_status
            )
        if isinstance(made, AppraisalDocument):
            return document_response(made)
        url = reverse("appraisals:document_job", args=[appraisal.pk, made.pk])
        return redirect(f"{url}?wacht=1")

    view.__name__ = kind
    view.__doc__ = f"The appraisal's {kind.replace('_', ' ')}: the file, or its job's page."
    return view


@never_cache
@login_required
@require_GET
def document_job(request, appraisal_id: int, job_id: int):
    """How far the worker is with a document; the download once it is ready."""
    appraisal, job = _job_or_404(request, appraisal_id, job_id)
    kind = job.payload["kind"]
    waiting = job.status in (Job.Status.SCHEDULED, Job.Status.RUNNING)
    file_url = reverse("appraisals:document_file", args=[appraisal.pk, job.pk])
    return _page(
        request,
        appraisal,
        {
            "job": job,
            "kind": kind,
            "waiting": waiting,
            "refresh": REFRESH_SECONDS if waiting else None,
            # Right after the wait, start the download by itself (once: not on a plain visit).
            "download_now": job.status == Job.Status.DONE and "wacht" in request.GET,
            "file_url": file_url,
            "again_url": reverse(f"appraisals:{kind}", args=[appraisal.pk]),
        },
    )


@never_cache
@login_required
@require_GET
def document_file(request, appraisal_id: int, job_id: int):
    """The file a job made; once a later one replaced it, the document as asked for now (the
    newest, or a new job)."""
    appraisal, job = _job_or_404(request, appraisal_id, job_id)
    document = document_jobs.document_of(job)
    if document is None:
        return redirect(f"appraisals:{job.payload['kind']}", appraisal.pk)
    return document_response(document)


report_pdf = _view("report_pdf")
report_docx = _view("report_docx")
cards_pdf = _view("cards_pdf")

urlpatterns = [
    path("afwegingen/<int:appraisal_id>/rapport.pdf", report_pdf, name="report_pdf"),
    path("afwegingen/<int:appraisal_id>/rapport.docx", report_docx, name="report_docx"),
    path("afwegingen/<int:appraisal_id>/kaarten.pdf", cards_pdf, name="cards_pdf"),
    path(
        "afwegingen/<int:appraisal_id>/documenten/<int:job_id>/",
        document_job,
        name="document_job",
    ),
    path(
        "afwegingen/<int:appraisal_id>/documenten/<int:job_id>/bestand",
        document_file,
        name="document_file",
    ),
]
