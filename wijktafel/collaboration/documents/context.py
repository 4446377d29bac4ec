"""What the meeting report shows, built once from ``selectors.meeting_report``.

The PDF (HTML template through WeasyPrint) and the Word file (python-docx) both read this
context, so they hold the same sections in the same order (decision 0010). Everything here is
text in the active language (the requester's); nothing here knows about a file format.

Personal data: the attendance holds everyone's name and organisation, and contact details only
of those who agreed to share them (``meeting_report`` gives ``contact`` for them alone). The
report is made when asked for and never stored, so a withdrawn consent holds for the next one.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from wijktafel.agreements.models import Agreement
from wijktafel.workshops.models import Workshop

from ..models import Note
from ..selectors import meeting_report

# Reactions to reactions are indented up to this depth; deeper ones stand at this depth.
MAX_DEPTH = 3


def day(value) -> str:
    """A date (or ISO date) as "31 december 2026" in the active language, "" for none."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    elif isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return formats.date_format(value, "j F Y")


def stickers(count: int) -> str:
    return ngettext("%(count)d sticker", "%(count)d stickers", count) % {"count": count}


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _note(thread: dict) -> dict:
    origin = _label(Note.Origin, thread["origin"]) if thread["origin"] else ""
    return {
        "text": thread["text"],
        "origin": origin,
        "line": f"{thread['text']} ({origin})" if origin else thread["text"],
        "on_sheet": thread["on_sheet"],
        "reactions": [],
    }


def notes(threads: list[dict], depth: int = 1) -> list[dict]:
    """The notes of a card with their reactions nested, at most ``MAX_DEPTH`` deep: below that
    every further reaction stands in the list of the deepest note shown, in order."""
    out = []
    for thread in threads:
        note = _note(thread)
        if depth < MAX_DEPTH:
            note["reactions"] = notes(thread["reactions"], depth + 1)
        else:
            todo = list(reversed(thread["reactions"]))
            while todo:
                deeper = todo.pop()
                note["reactions"].append(_note(deeper))
                todo.extend(reversed(deeper["reactions"]))
        out.append(note)
    return out


def _on_sheet(threads: list[dict]) -> list[str]:
    """The notes of a card (reactions too) put on the top-three sheet, in order."""
    found, todo = [], list(reversed(threads))
    while todo:
        thread = todo.pop()
        if thread["on_sheet"]:
            found.append(_note(thread)["line"])
        todo.extend(reversed(thread["reactions"]))
    return found


def owners_text(agreement: dict) -> str:
    names = [o["name"] for o in agreement["owners"]]
    if agreement["owner_names"]:
        names.append(agreement["owner_names"])
    return ", ".join(names)


def _question(agreement: dict) -> str:
    link = agreement["link"]
    return link["label"] if link["kind"] == Agreement.LinkKind.QUESTION else ""


def _contact(contact: dict | None) -> list[str]:
    if not contact:
        return []
    return [part for part in (contact["function"], contact["phone"], contact["email"]) if part]


def report_context(workshop: Workshop) -> dict:
    """The whole report: the meeting's outputs in the order of its parts (METHODS.md §4.4, §9)."""
    data = meeting_report(workshop)
    nothing = _("Nothing recorded.")
    tally = [
        {
            "number": card["number"] or "",
            "label": card["label"],
            "count": card["count"],
            "stickers": stickers(card["count"]),
        }
        for card in data["tally"]
    ]
    # A card without stickers is not chosen, whatever its place.
    top = [
        {
            "label": card["label"],
            "number": card["number"],
            "stickers": stickers(card["count"]),
            "directions": list(card["directions"]),
            "notes": notes(card["notes"]),
        }
        for card in data["top"]
        if card["count"] > 0
    ]
    sheet = [
        {"label": card["label"], "notes": lines}
        for card in data["tally"]
        if (lines := _on_sheet(card["notes"]))
    ]
    joint = [
        {
            "description": a["description"],
            "question": _question(a),
            "solution_direction": a.get("solution_direction", ""),
            "owners": owners_text(a),
            "due": day(a["due_date"]),
            "uses_existing": a["uses_existing"],
            "status": _label(Agreement.Status, a["status"]),
        }
        for a in data["joint_agreements"]
    ]
    people = [
        {
            "name": person["name"],
            "actions": [
                {
                    "what": a["description"],
                    "first_step": a.get("first_step", ""),
                    "due": day(a["due_date"]),
                    "with_whom": a.get("with_whom", ""),
                    "report_back": a.get("report_back", ""),
                }
                for a in person["actions"]
            ],
        }
        for person in data["actions"]
    ]
    follow = data["follow_up"]
    attendance = [
        {
            "name": p["name"],
            "organisation": p["organisation"],
            "contact": _contact(p["contact"]),
        }
        for p in data["attendance"]
    ]
    pmi = data["pmi"]
    confidential = data["confidential"]
    return {
        "lang": (get_language() or "nl").split("-")[0],
        "title": data["title"],
        "document_title": _("Meeting report: %(title)s") % {"title": data["title"]},
        "kicker": _("Samenwerken in de wijk – meeting report"),
        "date": day(data["date"]),
        "made_on": day(timezone.localdate()),
        "confidential": confidential,
        "confidential_label": _("Confidential"),
        "confidential_note": _(
            "What is said here, stays here. Do not share this report outside the group."
        ),
        "attendance": attendance,
        "not_shared": _("Not shared"),
        "tally": tally,
        "tie": data["tie"],
        "top": top,
        "sheet": sheet,
        "joint": joint,
        "people": people,
        "follow_up": {
            "next_meeting": day(follow["next_meeting_date"]),
            "update_due": day(follow["update_due"]),
            "next_organiser": follow["next_organiser"] or "",
            "report_back": follow["report_back"],
        },
        "stays_here": data["stays_here"],
        "ground_rules": data["ground_rules"],
        "pmi": {
            "plus": pmi["plus"],
            "minus": pmi["minus"],
            "interesting": pmi["interesting"],
            "top_improvements": [
                {"text": i["text"], "stickers": stickers(i["dots"])}
                for i in pmi["top_improvements"]
            ],
        },
        "nothing": nothing,
    }
