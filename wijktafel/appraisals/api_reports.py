"""The appraisal documents over the API: the report as PDF and Word, the solution cards as PDF.

For facilitators of the appraisal's organisation (cookie session), the rule of
``GET /appraisals/{appraisal_id}``: anyone else gets 404, as if it did not exist. The answer is
the file itself (binary, ``Content-Disposition: attachment``); ten documents an hour per account
(429 with ``Retry-After`` after that).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router

from wijktafel.core.errors import NotFound
from wijktafel.workshops.api import ERRORS, ErrorOut
from wijktafel.workshops.api_auth import ACCOUNT_AUTH, account

from . import documents
from .views_reports import appraisal_for_documents, make_document

router = Router(tags=["appraisals"])

RESPONSES = {**ERRORS, 429: ErrorOut}


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
    return make_document(user, appraisal, kind)


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
