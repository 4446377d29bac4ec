"""The meeting's report over the API (PDF and Word).

For the facilitators of the session (``facilitated_workshop``): its participants get 403, anyone
else 404, as if it did not exist; a session that is no Samenwerken meeting is refused with 409,
as the method's other routes do. The report is made in the request, in the language of the
request (Dutch by default), and never stored: the answer is the file (binary,
``Content-Disposition: attachment``). Every report counts against the export limit of the
account (ten an hour; 429 with ``Retry-After`` past it).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router

from wijktafel.core.errors import Conflict
from wijktafel.workshops.api import ERRORS, ErrorOut
from wijktafel.workshops.api_auth import MEMBER_AUTH, facilitated_workshop

from . import documents
from .models import Meeting
from .views_reports import report_response

router = Router(tags=["samenwerken in de wijk"])
BASE = "/workshops/{int:workshop_id}/samenwerken"
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


def _report(request, workshop_id: int, extension: str):
    workshop = facilitated_workshop(request, workshop_id)
    if not Meeting.objects.filter(workshop=workshop).exists():
        raise Conflict(_("This session is not a Samenwerken in de wijk meeting."))
    return report_response(request.auth.user, workshop, extension)


@router.get(
    BASE + "/report.pdf",
    response=RESPONSES,
    auth=MEMBER_AUTH,
    summary="The meeting report as PDF (facilitator)",
    description="Attendance (contact details only of those who agreed to share them), the "
    "questions by stickers, the top three with their notes, the joint agreements, everyone's "
    "actions, the follow-up and the evaluation, in the language of the request (Dutch by "
    "default), as a tagged A4 PDF (PDF/UA-1). A confidential meeting says so on every page.",
    openapi_extra=_binary(documents.PDF, "The report (PDF)"),
)
def report_pdf(request, workshop_id: int):
    return _report(request, workshop_id, "pdf")


@router.get(
    BASE + "/report.docx",
    response=RESPONSES,
    auth=MEMBER_AUTH,
    summary="The meeting report as Word (.docx, facilitator)",
    description="The same content as the PDF, as an editable Word document.",
    openapi_extra=_binary(documents.DOCX, "The report (Word)"),
)
def report_docx(request, workshop_id: int):
    return _report(request, workshop_id, "docx")
