"""The meeting's report over the API (PDF and Word), and its exports: the actions (XLSX, CSV),
the calendar (ICS) and the shared contact list (vCard, CSV).

For the facilitators of the session (``facilitated_workshop``): its participants get 403, anyone
else 404, as if it did not exist; a session that is no Samenwerken meeting is refused with 409,
as the method's other routes do. Every file is made in the request, in the language of the
request (Dutch by default), and never stored: the answer is the file (binary,
``Content-Disposition: attachment``). Every file counts against the export limit of the
account (ten an hour; 429 with ``Retry-After`` past it).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router

from wijktafel.core.errors import Conflict
from wijktafel.workshops.api import ERRORS, ErrorOut
from wijktafel.workshops.api_auth import MEMBER_AUTH, facilitated_workshop

from . import documents, exports
from .models import Meeting
from .views_reports import export_response, report_response

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


def _meeting_workshop(request, workshop_id: int):
    workshop = facilitated_workshop(request, workshop_id)
    if not Meeting.objects.filter(workshop=workshop).exists():
        raise Conflict(_("This session is not a Samenwerken in de wijk meeting."))
    return workshop


def _report(request, workshop_id: int, extension: str):
    workshop = _meeting_workshop(request, workshop_id)
    return report_response(request.auth.user, workshop, extension)


def _export(request, workshop_id: int, kind: str):
    workshop = _meeting_workshop(request, workshop_id)
    return export_response(request.auth.user, workshop, kind)


def _file(kind: str) -> dict:
    content_type = exports.EXPORTS[kind].content_type.split(";")[0]
    return _binary(content_type, f"The {kind.replace('_', ' as ')} file")


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


@router.get(
    BASE + "/actions.xlsx",
    response=RESPONSES,
    auth=MEMBER_AUTH,
    summary="The meeting's actions as XLSX (facilitator)",
    description="The joint agreements and the individual actions of the register: kind, "
    "description, owners, due date, first step, with whom, report back and status. Typed text "
    "that starts like a formula is written as text behind an apostrophe.",
    openapi_extra=_file("actions_xlsx"),
)
def actions_xlsx(request, workshop_id: int):
    return _export(request, workshop_id, "actions_xlsx")


@router.get(
    BASE + "/actions.csv",
    response=RESPONSES,
    auth=MEMBER_AUTH,
    summary="The meeting's actions as CSV (facilitator)",
    description="The same table as the XLSX, as UTF-8 CSV with a byte-order mark.",
    openapi_extra=_file("actions_csv"),
)
def actions_csv(request, workshop_id: int):
    return _export(request, workshop_id, "actions_csv")


@router.get(
    BASE + "/calendar.ics",
    response=RESPONSES,
    auth=MEMBER_AUTH,
    summary="The meeting's calendar as ICS (facilitator)",
    description="A whole-day event per action's due date, the update deadline (a week before "
    "the next meeting) and the next meeting, in the time zone Europe/Amsterdam.",
    openapi_extra=_file("calendar_ics"),
)
def calendar_ics(request, workshop_id: int):
    return _export(request, workshop_id, "calendar_ics")


@router.get(
    BASE + "/contacts.vcf",
    response=RESPONSES,
    auth=MEMBER_AUTH,
    summary="The shared contact list as vCard (facilitator)",
    description="One vCard (4.0) per person who agreed to share their details, at this "
    "moment: name, organisation, function, phone and e-mail. Nobody else.",
    openapi_extra=_file("contacts_vcf"),
)
def contacts_vcf(request, workshop_id: int):
    return _export(request, workshop_id, "contacts_vcf")


@router.get(
    BASE + "/contacts.csv",
    response=RESPONSES,
    auth=MEMBER_AUTH,
    summary="The shared contact list as CSV (facilitator)",
    description="The same people as the vCard file, as UTF-8 CSV with a byte-order mark.",
    openapi_extra=_file("contacts_csv"),
)
def contacts_csv(request, workshop_id: int):
    return _export(request, workshop_id, "contacts_csv")
