"""Downloads of the meeting report: PDF and Word (``documents``); and of its actions (XLSX,
CSV), its calendar (ICS) and its shared contact list (vCard, CSV) (``exports``).

Only facilitators and admins of the meeting's organisation (and platform admins) get it, the
rule of the console; anyone else logged in gets a 404, so a meeting of another organisation
looks like one that does not exist, and so does a session that is no Samenwerken meeting.

The report is rendered synchronously, in the request and in the requester's language: one
meeting's report is a few pages (see ``documents``). Every report counts against the export
limit (ten an hour per account, 429 past it) and is never stored, so it always shows the meeting
as it is now: contact details only of those who agree to share them at this moment.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wijktafel.core.documents.limits import take_export
from wijktafel.core.errors import TooManyAttempts
from wijktafel.workshops import rules
from wijktafel.workshops.models import Workshop
from wijktafel.workshops.ops import MAX_ID

from . import documents, exports
from .models import Meeting

security_log = logging.getLogger("wijktafel.security")


def meeting_workshop(user, workshop_id: int) -> Workshop | None:
    """The session if it is a meeting ``user`` may facilitate, else None (the caller answers 404
    on a page)."""
    if not 0 < workshop_id <= MAX_ID:
        return None
    workshop = Workshop.objects.select_related("organisation").filter(pk=workshop_id).first()
    if workshop is None or not rules.can_facilitate(user, workshop):
        return None
    return workshop


def report_response(user, workshop: Workshop, extension: str) -> HttpResponse:
    """Count the report against the export limit (``TooManyAttempts`` past it), render it and
    answer with the file as a download."""
    render_report, content_type = documents.RENDERERS[extension]
    take_export(user)
    security_log.info(
        "export kind=meeting_report_%s workshop=%s user=%s", extension, workshop.pk, user.pk
    )
    content = render_report(workshop)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{documents.filename(workshop, extension)}"'
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def export_response(user, workshop: Workshop, kind: str) -> HttpResponse:
    """As ``report_response``, for one of ``exports.EXPORTS``."""
    export = exports.EXPORTS[kind]
    take_export(user)
    security_log.info("export kind=meeting_%s workshop=%s user=%s", kind, workshop.pk, user.pk)
    response = HttpResponse(export.render(workshop), content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename(workshop)}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _view(extension: str, *, export: str = ""):
    @never_cache
    @login_required
    @require_GET
    def view(request, workshop_id: int):
        workshop = meeting_workshop(request.user, workshop_id)
        if workshop is None or not Meeting.objects.filter(workshop=workshop).exists():
            raise Http404
        try:
            if export:
                return export_response(request.user, workshop, export)
            return report_response(request.user, workshop, extension)
        except TooManyAttempts as refusal:
            response = render(
                request,
                "collaboration/report_refused.html",
                {"workshop": workshop, "refusal": refusal.message, "export": bool(export)},
                status=429,
            )
            response["Retry-After"] = str(refusal.retry_after)
            return response

    view.__name__ = export or f"report_{extension}"
    view.__doc__ = (
        f"The meeting's {export.replace('_', ' as ')}, made now (a download)."
        if export
        else f"The meeting report as {extension.upper()}, made now (a download)."
    )
    return view


report_pdf = _view("pdf")
report_docx = _view("docx")
actions_xlsx = _view("xlsx", export="actions_xlsx")
actions_csv = _view("csv", export="actions_csv")
calendar_ics = _view("ics", export="calendar_ics")
contacts_vcf = _view("vcf", export="contacts_vcf")
contacts_csv = _view("csv", export="contacts_csv")
