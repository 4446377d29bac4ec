"""Downloads: the appraisal report (PDF, Word) and the solution cards (PDF).

Only facilitators and admins of the appraisal's organisation (and platform admins) get a
document, the rule of ``GET /api/v1/appraisals/{id}``; anyone else logged in gets a 404, so an
appraisal of another organisation looks like one that does not exist. Documents are made at the
moment they are asked for (so they hold what the appraisal holds now) and never stored.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from wijktafel.core.documents.limits import take_export
from wijktafel.core.errors import TooManyAttempts

from . import documents, rules
from .models import Appraisal

# Exports are audit events (docs/reliability.md §4.8).
security_log = logging.getLogger("wijktafel.security")


def appraisal_for_documents(user, appraisal_id: int) -> Appraisal | None:
    """The appraisal if ``user`` may facilitate it, else None (the caller answers 404)."""
    appraisal = Appraisal.objects.select_related("area").filter(pk=appraisal_id).first()
    if appraisal is None or not rules.can_facilitate_appraisal(user, appraisal):
        return None
    return appraisal


def document_response(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


KINDS = {
    "report_pdf": (documents.report_pdf, documents.PDF, "rapport", "pdf"),
    "report_docx": (documents.report_docx, documents.DOCX, "rapport", "docx"),
    "cards_pdf": (documents.cards_pdf, documents.PDF, "oplossingskaarten", "pdf"),
}


def make_document(user, appraisal: Appraisal, kind: str) -> HttpResponse:
    """Count the export, render it, and answer it as a download."""
    render, content_type, label, extension = KINDS[kind]
    take_export(user)
    security_log.info("export kind=%s appraisal=%s user=%s", kind, appraisal.pk, user.pk)
    return document_response(
        render(appraisal), content_type, documents.filename(appraisal, label, extension)
    )


def _view(kind: str):
    @login_required
    @require_GET
    def view(request, appraisal_id: int):
        appraisal = appraisal_for_documents(request.user, appraisal_id)
        if appraisal is None:
            raise Http404
        try:
            return make_document(request.user, appraisal, kind)
        except TooManyAttempts as refusal:
            response = HttpResponse(
                str(refusal.message), status=429, content_type="text/plain; charset=utf-8"
            )
            response["Retry-After"] = str(refusal.retry_after)
            return response

    view.__name__ = kind
    view.__doc__ = f"The appraisal's {kind.replace('_', ' ')} as a download."
    return view


report_pdf = _view("report_pdf")
report_docx = _view("report_docx")
cards_pdf = _view("cards_pdf")

urlpatterns = [
    path("afwegingen/<int:appraisal_id>/rapport.pdf", report_pdf, name="report_pdf"),
    path("afwegingen/<int:appraisal_id>/rapport.docx", report_docx, name="report_docx"),
    path("afwegingen/<int:appraisal_id>/kaarten.pdf", cards_pdf, name="cards_pdf"),
]
