"""What a meeting's facilitator takes home besides the report (issue 14): the actions as a
spreadsheet (XLSX, CSV), a calendar of the deadlines and the next meeting (ICS), and the shared
contact list (vCard, CSV).

All are made with the shared writers of ``core.documents`` in the request, in the requester's
language, and never stored: like the report, they show the meeting as it is now. The
spreadsheets go through ``safe_cell`` (formula injection). The contact list is
``selectors.shared_contacts``: only those who agree to share their details at this moment, never
anyone else, so a withdrawal holds for the next file.

The vCard (RFC 6350, version 4.0) is written here, by hand: a handful of properties needs no
library, as long as every text is escaped (backslash, comma, semicolon, newline), lines end in
CRLF and long lines are folded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from wijktafel.agreements.models import Agreement
from wijktafel.agreements.selectors import agreement_payload
from wijktafel.core.documents import CSV, ICS, XLSX
from wijktafel.core.documents import filename as core_filename
from wijktafel.core.documents.calendar import CalendarEvent, ics_bytes
from wijktafel.core.documents.sheets import csv_text, xlsx_bytes
from wijktafel.workshops.models import Workshop

from .documents.context import owners_text
from .models import Meeting
from .selectors import shared_contacts, update_due

VCARD = "text/vcard; charset=utf-8"
KINDS = (Agreement.Kind.JOINT_AGREEMENT, Agreement.Kind.INDIVIDUAL_ACTION)
FOLD_AT = 75  # octets per line in a vCard (RFC 6350 §3.2)


# --- The actions -------------------------------------------------------------------------------


def _actions(workshop: Workshop) -> list[dict]:
    """The joint agreements, then the individual actions, each in the order they were made."""
    rows = Agreement.objects.filter(workshop=workshop, kind__in=KINDS).prefetch_related(
        "owners", "contributors", "progress"
    )
    register = [agreement_payload(a) for a in rows.order_by("pk")]
    return sorted(register, key=lambda a: KINDS.index(a["kind"]))


def _action_table(workshop: Workshop) -> tuple[list[str], list[list[object]]]:
    header = [
        _("Kind"),
        _("Description"),
        _("Owners"),
        _("Due date"),
        _("First step"),
        _("With whom"),
        _("Report back"),
        _("Status"),
    ]
    rows = [
        [
            str(Agreement.Kind(a["kind"]).label),
            a["description"],
            owners_text(a),
            dt.date.fromisoformat(a["due_date"]) if a["due_date"] else None,
            a["first_step"],
            a["with_whom"],
            a["report_back"],
            str(Agreement.Status(a["status"]).label),
        ]
        for a in _actions(workshop)
    ]
    return header, rows


def actions_xlsx(workshop: Workshop) -> bytes:
    header, rows = _action_table(workshop)
    return xlsx_bytes([(_("Actions"), header, rows)], title=workshop.title)


def actions_csv(workshop: Workshop) -> bytes:
    header, rows = _action_table(workshop)
    return csv_text(header, rows).encode()


# --- The calendar ------------------------------------------------------------------------------


def calendar_events(workshop: Workshop) -> list[CalendarEvent]:
    """A whole-day event per action's due date, the update deadline and the next meeting (of
    which only the day is agreed)."""
    meeting = Meeting.objects.get(workshop=workshop)
    host = f"samenwerken-{workshop.pk}@wijktafel"
    events = []
    for action in _actions(workshop):
        if not action["due_date"]:
            continue
        day = dt.date.fromisoformat(action["due_date"])
        owners = owners_text(action)
        events.append(
            CalendarEvent(
                uid=f"action-{action['id']}.{host}",
                start=day,
                end=day,
                all_day=True,
                summary=_("Due: %(action)s") % {"action": action["description"]},
                description="\n".join(
                    part
                    for part in (
                        _("Owners: %(names)s") % {"names": owners} if owners else "",
                        _("First step: %(step)s") % {"step": action["first_step"]}
                        if action["first_step"]
                        else "",
                        _("Report back: %(how)s") % {"how": action["report_back"]}
                        if action["report_back"]
                        else "",
                        workshop.title,
                    )
                    if part
                ),
            )
        )
    next_meeting = meeting.next_meeting_date
    if next_meeting:
        update = update_due(next_meeting)
        events.append(
            CalendarEvent(
                uid=f"update-due.{host}",
                start=update,
                end=update,
                all_day=True,
                summary=_("Send your update for %(title)s") % {"title": workshop.title},
                description=meeting.report_back,
            )
        )
        events.append(
            CalendarEvent(
                uid=f"next-meeting.{host}",
                start=next_meeting,
                end=next_meeting,
                all_day=True,
                summary=_("Next meeting: %(title)s") % {"title": workshop.title},
            )
        )
    return events


def calendar_ics(workshop: Workshop) -> bytes:
    return ics_bytes(calendar_events(workshop))


# --- The shared contact list -------------------------------------------------------------------


def vcard_text(value: object) -> str:
    """A text value of a vCard: backslash, comma and semicolon escaped, a line break as ``\\n``,
    other control characters dropped (RFC 6350 §3.4)."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for char in text:
        if char in "\\,;":
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            continue
        else:
            out.append(char)
    return "".join(out)


def _fold(line: str) -> str:
    """``line`` folded to at most ``FOLD_AT`` octets a line, never inside a character: each
    further line starts with a space (RFC 6350 §3.2)."""
    parts, current, size, limit = [], [], 0, FOLD_AT
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, FOLD_AT - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def vcards(contacts: list[dict]) -> str:
    """One VCARD (4.0) per person: FN, ORG, TITLE, TEL and EMAIL, each only when given."""
    lines = []
    for person in contacts:
        lines += ["BEGIN:VCARD", "VERSION:4.0", f"FN:{vcard_text(person['name'])}"]
        for key, prop in (
            ("organisation", "ORG"),
            ("function", "TITLE"),
            ("phone", "TEL;VALUE=text"),
            ("email", "EMAIL"),
        ):
            if person[key]:
                lines.append(f"{prop}:{vcard_text(person[key])}")
        lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def contacts_vcf(workshop: Workshop) -> bytes:
    return vcards(shared_contacts(Meeting.objects.get(workshop=workshop))).encode()


def contacts_csv(workshop: Workshop) -> bytes:
    contacts = shared_contacts(Meeting.objects.get(workshop=workshop))
    header = [_("Name"), _("Organisation"), _("Function"), _("Phone"), _("E-mail")]
    rows = [[c["name"], c["organisation"], c["function"], c["phone"], c["email"]] for c in contacts]
    return csv_text(header, rows).encode()


# --- What the routes give ----------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    render: Callable[[Workshop], bytes]
    content_type: str
    name: str  # the file name's last part ("acties")
    extension: str

    def filename(self, workshop: Workshop) -> str:
        """ "samenwerken-12-samenwerken-in-de-wijk-acties.xlsx"."""
        return core_filename(
            "samenwerken", workshop.pk, workshop.title, self.name, extension=self.extension
        )


EXPORTS = {
    "actions_xlsx": Export(actions_xlsx, XLSX, "acties", "xlsx"),
    "actions_csv": Export(actions_csv, CSV, "acties", "csv"),
    "calendar_ics": Export(calendar_ics, ICS, "agenda", "ics"),
    "contacts_vcf": Export(contacts_vcf, VCARD, "contacten", "vcf"),
    "contacts_csv": Export(contacts_csv, CSV, "contacten", "csv"),
}
