"""The PMI evaluation: the facilitator opens it, everyone writes plus, minus and interesting notes
on their phone without discussion (optionally anonymous), then dots go on the minus notes."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.core.text import clean_text
from wijktafel.stickers import events as sticker_events
from wijktafel.stickers.models import Ballot, Target
from wijktafel.stickers.selectors import ballot_payload
from wijktafel.stickers.services import MAX_STICKERS, MAX_TOP
from wijktafel.workshops.models import Workshop
from wijktafel.workshops.ops import facilitators_only
from wijktafel.workshops.services import Actor, OpResult, apply_op

from . import events
from .models import Pmi, PmiEntry
from .selectors import entry_payload, pmi_payload

MAX_ENTRIES = 500  # per session
TEXT_MAX = 280
PHASE_MAX = 60
MINUS_KIND = "pmi_minus"  # the target kind of the sticker vote on the minus notes


def _board(workshop: Workshop) -> Pmi:
    return Pmi.objects.get_or_create(workshop=workshop)[0]


def _flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise Invalid(_("Choose yes or no."), field=field)
    return value


@facilitators_only
def pmi_update(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    open: object = None,  # noqa: A002 - the word the API uses
    anonymous: object = None,
) -> OpResult:
    """Open or close the PMI on the phones, and make it anonymous or not (for all its notes)."""
    values = {}
    if open is not None:
        values["open"] = _flag(open, "open")
    if anonymous is not None:
        values["anonymous"] = _flag(anonymous, "anonymous")

    def change(workshop: Workshop) -> tuple[str, dict]:
        board = _board(workshop)
        for key, value in values.items():
            setattr(board, key, value)
        board.save()
        return events.PMI_CHANGED, pmi_payload(workshop)["pmi"]

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def pmi_add(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    column: object,
    text: object,
    phase: object = "",
) -> OpResult:
    """Write a note in a column (plus, minus, interesting) while the PMI is open."""
    if column not in PmiEntry.Column.values:
        raise Invalid(_("Choose plus, minus or interesting."), field="column")
    text = clean_text(text, max_length=TEXT_MAX, field="text", label=_("Your note"))
    phase = clean_text(
        phase, max_length=PHASE_MAX, field="phase", label=_("Part of the session"), required=False
    )

    def change(workshop: Workshop) -> tuple[str, dict]:
        board = _board(workshop)
        if not board.open and not actor.is_facilitator_of(workshop):
            raise Conflict(_("The evaluation is not open."), field="text")
        if PmiEntry.objects.filter(workshop=workshop).count() >= MAX_ENTRIES:
            raise Conflict(_("The evaluation has as many notes as it can take."), field="text")
        entry = PmiEntry.objects.create(
            workshop=workshop, column=column, text=text, phase=phase, author=actor.participant
        )
        return events.PMI_ENTRY_ADDED, entry_payload(entry, anonymous=board.anonymous)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def pmi_remove(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None = None, entry_id: object
) -> OpResult:
    """Take a note back (your own, or any as facilitator)."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        try:
            entry = PmiEntry.objects.get(workshop=workshop, pk=int(entry_id))  # type: ignore[arg-type]
        except (PmiEntry.DoesNotExist, TypeError, ValueError):
            raise NotFound(_("This note no longer exists.")) from None
        if not actor.is_facilitator_of(workshop) and (
            actor.participant is None or entry.author_id != actor.participant.pk
        ):
            raise NotAllowed(_("You can only take back your own notes."))
        pk = entry.pk
        entry.delete()
        return events.PMI_ENTRY_REMOVED, {"id": pk}

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def pmi_dots(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    budget: object = 3,
    top_n: object = 3,
) -> OpResult:
    """Start the dots on the minus notes: a sticker vote whose choices are the minus notes, open
    at once; its top is the list of the most important improvements."""
    for value, field, high in ((budget, "budget", MAX_STICKERS), (top_n, "top_n", MAX_TOP)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
            raise Invalid(_("Choose a number from 1 to %(max)d.") % {"max": high}, field=field)

    def change(workshop: Workshop) -> tuple[str, dict]:
        board = _board(workshop)
        if board.ballot_id is not None:
            raise Conflict(_("The dots on the minus notes have already started."))
        minus = list(PmiEntry.objects.filter(workshop=workshop, column=PmiEntry.Column.MINUS))
        if not minus:
            raise Conflict(_("There are no minus notes to put dots on yet."))
        ballot = Ballot.objects.create(
            workshop=workshop,
            title=_("Most important improvements"),
            target_kind=MINUS_KIND,
            budget=budget,
            cap=1,
            top_n=top_n,
            status=Ballot.Status.VOTING,
        )
        Target.objects.bulk_create(
            Target(ballot=ballot, label=e.text[:200], ref_id=e.pk, position=n)
            for n, e in enumerate(minus)
        )
        board.ballot = ballot
        board.save(update_fields=["ballot"])
        return sticker_events.BALLOT_CHANGED, ballot_payload(ballot)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)
