"""Reads shared by pages, the socket and the API."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from . import seam
from .models import AgendaItem, Participant, Workshop, WorkshopEvent

# Den Helder rule: a break at least every 2.5 hours (docs/methods.md §6.2).
BREAK_EVERY_MINUTES = 150


def agenda_payload(workshop: Workshop) -> list[dict]:
    """The agenda as every member may see it."""
    return [
        {
            "id": item.pk,
            "position": index,
            "title": item.title,
            "duration_minutes": item.duration_minutes,
            "work_form": item.work_form,
            "step": item.step,
            "instruction": item.instruction,
            "expected_output": item.expected_output,
            "materials": item.materials,
            "activity": item.activity,
            "gap_before_minutes": item.gap_before_minutes,
        }
        for index, item in enumerate(workshop.agenda_items.order_by("position", "pk"))
    ]


def timer_payload(workshop: Workshop) -> dict:
    """The server-authoritative timer: clients count down to ``ends_at`` with their clock offset."""
    return {
        "state": workshop.timer_state,
        "current_item_id": workshop.current_item_id,
        "ends_at": workshop.item_ends_at.isoformat() if workshop.item_ends_at else None,
        "remaining_ms": workshop.paused_remaining_ms,
        "status": workshop.status,
    }


def round_payload(workshop: Workshop) -> dict:
    """The timed round beside the agenda timer: clients count down to ``ends_at`` (null: none)."""
    return {
        "title": workshop.round_title,
        "minutes": workshop.round_minutes,
        "ends_at": workshop.round_ends_at.isoformat() if workshop.round_ends_at else None,
    }


def spotlight_payload(workshop: Workshop) -> dict:
    """What the big screen shows large (``target``, null: the whole stage)."""
    return {"target": workshop.spotlight or None}


def round_presets_payload(workshop: Workshop) -> list[dict]:
    """The rounds the facilitator can start with one tap, in the language of the request."""
    return [
        {"key": p.key, "title": str(p.title), "minutes": p.minutes}
        for p in seam.round_presets(workshop)
    ]


def participant_payload(participant: Participant) -> dict:
    """What the group sees of a participant: what they typed to be shown."""
    return {
        "id": participant.pk,
        "display_name": participant.display_name,
        "organisation_name": participant.organisation_name,
        "role_text": participant.role_text,
        "kind": participant.kind,
        "roles": list(participant.roles),
    }


def active_participants(workshop: Workshop):
    return workshop.participants.filter(removed_at__isnull=True).order_by("joined_at", "pk")


def workshop_snapshot(workshop: Workshop) -> dict:
    """The whole live state at ``head``; events after ``head`` bring it up to date. Every
    building block adds its keys, every method its part (None when the session does not run it)."""
    snapshot = {
        "head": workshop.last_seq,
        "workshop": {
            "id": workshop.pk,
            "title": workshop.title,
            "status": workshop.status,
            "joining_open": workshop.joining_open,
        },
        "agenda": agenda_payload(workshop),
        "timer": timer_payload(workshop),
        "round": round_payload(workshop),
        "round_presets": round_presets_payload(workshop),
        "spotlight": spotlight_payload(workshop),
        "participants": [participant_payload(p) for p in active_participants(workshop)],
    }
    for block in seam.blocks():
        if block.snapshot is not None:
            snapshot.update(block.snapshot(workshop))
    for method in seam.methods():
        snapshot[method.snapshot_key] = (
            method.snapshot(workshop) if workshop.method == method.key else None
        )
    return snapshot


# A room's snapshot at its head, encoded, in one language: the same for every member (it takes
# no viewer), so the pages, the API and the sockets that ask at the same head share one build
# instead of each costing the one database thread (issue 12). The key has the room's creation
# time, as an id can come again; one head per room is kept.
_SHARED: dict[tuple, str] = {}
_SHARED_ROOMS = 256  # then the cache starts again


def shared_snapshot_text(workshop: Workshop) -> str:
    """``workshop_snapshot`` as JSON text, built once per room, head and language."""
    from django.utils import translation

    from wijktafel.core.realtime import encode

    key = (workshop.pk, workshop.created_at, workshop.last_seq, translation.get_language())
    text = _SHARED.get(key)
    if text is None:
        text = encode(workshop_snapshot(workshop))
        if len(_SHARED) >= _SHARED_ROOMS:
            _SHARED.clear()
        for old in [k for k in _SHARED if k[0] == workshop.pk and k[2] != key[2]]:
            del _SHARED[old]  # an older head of this room is never asked for again
        _SHARED[key] = text
    return text


def shared_snapshot(workshop: Workshop) -> dict:
    """``workshop_snapshot`` from the shared build: a fresh copy, the caller's to change."""
    return json.loads(shared_snapshot_text(workshop))


def events_after(*, workshop: Workshop, after: int, limit: int = 500) -> list[dict] | None:
    """Log entries after ``after`` as socket frames, or None when the gap is too old to replay."""
    if after < 0 or after > workshop.last_seq:
        return None
    if workshop.last_seq - after > settings.WIJKTAFEL["RESYNC_MAX_EVENTS"]:
        return None
    qs = WorkshopEvent.objects.filter(workshop=workshop, seq__gt=after).order_by("seq")[:limit]
    return [event.as_message() for event in qs]


@dataclass(frozen=True)
class PlannedItem:
    item: AgendaItem
    starts_at: dt.datetime
    ends_at: dt.datetime


@dataclass(frozen=True)
class AgendaPlan:
    items: list[PlannedItem]
    ends_at: dt.datetime
    total_minutes: int
    gaps: list[PlannedItem]  # items preceded by an unexplained gap
    missing_break_at: dt.datetime | None  # first moment 2.5 h pass without a break


def agenda_plan(workshop: Workshop) -> AgendaPlan:
    """Start and end of every item, the planned end, gaps, and a missing break within 2.5 hours."""
    start = timezone.localtime(workshop.planned_start)
    cursor = start
    planned: list[PlannedItem] = []
    gaps: list[PlannedItem] = []
    since_break = 0
    missing_break_at = None
    for item in workshop.agenda_items.order_by("position", "pk"):
        if item.gap_before_minutes:
            cursor += dt.timedelta(minutes=item.gap_before_minutes)
        entry = PlannedItem(item, cursor, cursor + dt.timedelta(minutes=item.duration_minutes))
        if item.gap_before_minutes:
            gaps.append(entry)
        planned.append(entry)
        if item.work_form == AgendaItem.WorkForm.BREAK:
            since_break = 0
        else:
            if (
                missing_break_at is None
                and since_break + item.duration_minutes > BREAK_EVERY_MINUTES
            ):
                missing_break_at = cursor + dt.timedelta(minutes=BREAK_EVERY_MINUTES - since_break)
            since_break += item.duration_minutes + item.gap_before_minutes
        cursor = entry.ends_at
    return AgendaPlan(
        items=planned,
        ends_at=cursor,
        total_minutes=int((cursor - start).total_seconds() // 60),
        gaps=gaps,
        missing_break_at=missing_break_at,
    )


def workshops_for_user(user):
    """The workshops a facilitator may see: their organisation's; all for platform admins."""
    if user.is_superuser:
        return Workshop.objects.all()
    if not user.organisation_id:
        return Workshop.objects.none()
    return Workshop.objects.filter(organisation_id=user.organisation_id)
