"""What a session sees of its PMI, and what a report keeps of it."""

from __future__ import annotations

from wijktafel.stickers.models import Ballot
from wijktafel.stickers.selectors import ballot_payload, result
from wijktafel.workshops.models import Workshop

from .models import Pmi, PmiEntry


def entry_payload(entry: PmiEntry, *, anonymous: bool) -> dict:
    return {
        "id": entry.pk,
        "column": entry.column,
        "text": entry.text,
        "phase": entry.phase,
        "author_id": None if anonymous else entry.author_id,
    }


def pmi_payload(workshop: Workshop) -> dict:
    """The ``pmi`` key of the snapshot: the board and its notes (authors hidden when anonymous)."""
    board = Pmi.objects.filter(workshop=workshop).first()
    anonymous = bool(board and board.anonymous)
    return {
        "pmi": {
            "open": bool(board and board.open),
            "anonymous": anonymous,
            "entries": [
                entry_payload(e, anonymous=anonymous)
                for e in PmiEntry.objects.filter(workshop=workshop)
            ],
        }
    }


def pmi_report(workshop: Workshop) -> dict:
    """For a report: every note per column, the "interesting" ones word for word, and the top
    improvements by the dots on the minus notes (when they were voted on)."""
    entries = list(PmiEntry.objects.filter(workshop=workshop))
    board = Pmi.objects.filter(workshop=workshop).first()
    improvements = []
    if board and board.ballot_id:
        ballot = ballot_payload(Ballot.objects.get(pk=board.ballot_id))
        labels = {t["id"]: t["label"] for t in ballot["targets"]}
        outcome = result(ballot)
        counts = {r["target_id"]: r["count"] for r in outcome["ranking"]}
        improvements = [{"text": labels[t], "dots": counts[t]} for t in outcome["top"]]
    return {
        "plus": [e.text for e in entries if e.column == PmiEntry.Column.PLUS],
        "minus": [e.text for e in entries if e.column == PmiEntry.Column.MINUS],
        "interesting": [e.text for e in entries if e.column == PmiEntry.Column.INTERESTING],
        "top_improvements": improvements,
    }
