"""The appraisal documents over the API: the report as PDF and Word, the solution cards as PDF.

For facilitators of the appraisal's organisation (cookie session), the rule of
``GET /appraisals/{appraisal_id}``: anyone else gets 404, as if it did not exist. The task worker
makes the documents (``document_jobs``): the answer is the file (binary, ``Content-Disposition:
attachment``) when it was made of the appraisal as it is now, else 202 with the job that makes it
and ``Retry-After``: ask the same URL again. Ten documents made an hour per account (429 with
``Retry-After`` after that); asking again while one is made, or for one already made, counts
nothing. Too large a document is refused with 409 before any work (the appraisal as it is now
is too large: trim it as the message says).
"""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from wijktafel.core.errors import NotFound
from wijktafel.workshops.api import ERRORS, ErrorOut
from wijktafel.workshops.api_auth import ACCOUNT_AUTH, account

from . import document_jobs, documents
from .models import AppraisalDocument
from .views_reports import REFRESH_SECONDS, appraisal_for_documents, document_response

router = Router(tags=["appraisals"])


class DocumentJobOut(Schema):
    job_id: int
    status: str = Field(description="scheduled | running | done | failed")
    progress: int = Field(description="Percent, 0–100; updated at least every 2 seconds.")
    progress_text: str


RESPONSES = {**ERRORS, 202: DocumentJobOut, 429: ErrorOut}


def _binary(content_type: str, description: str) -> dict:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _document(request, appraisal_id: int, kind: str):
    user = account(request)
    appraisal = appraisal_for_documents(user, appraisal_id)
    if appraisal is None:
        raise NotFound(_("This appraisal does not exist."))
    made = document_jobs.ask(user, appraisal, kind)
    if isinstance(made, AppraisalDocument):
        return document_response(made)
    response = JsonResponse(
        {
            "job_id": made.pk,
            "status": made.status,
            "progress": made.progress,
            "progress_text": made.progress_text,
        },
        status=202,
    )
    response["Retry-After"] = str(REFRESH_SECONDS)
    response["Location"] = request.get_full_path()
    response["Cache-Control"] = "no-store"
    return response


@router.get(
    "/appraisals/{int:appraisal_id}/report.pdf",
    response=RESPONSES,
    auth=ACCOUNT_AUTH,
    summary="The appraisal report as PDF",
    description="Every step's output in the method's order, in the language of the "
    "request (Dutch by default), as a tagged A4 PDF (PDF/UA-1).",
    openapi_extra=_binary(documents.PDF, "The report (PDF)"),
)
def report_pdf(request, appraisal_id: int):
    return _document(request, appraisal_id, "report_pdf")


@router.get(
    "/appraisals/{int:appraisal_id}/report.docx",
    response=RESPONSES,
    auth=ACCOUNT_AUTH,
    summary="The appraisal report as Word (.docx)",
    description="The same content as the PDF, as an editable Word document.",
    openapi_extra=_binary(documents.DOCX, "The report (Word)"),
)
def report_docx(request, appraisal_id: int):
    return _document(request, appraisal_id, "report_docx")


@router.get(
    "/appraisals/{int:appraisal_id}/cards.pdf",
    response=RESPONSES,
    auth=ACCOUNT_AUTH,
    summary="The solution cards as PDF, one card a page (for work session II)",
    openapi_extra=_binary(documents.PDF, "The solution cards (PDF)"),
)
def cards_pdf(request, appraisal_id: int):
    return _document(request, appraisal_id, "cards_pdf")
