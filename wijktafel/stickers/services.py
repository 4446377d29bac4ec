"""Sticker votes: a facilitator makes a ballot, people add targets until voting opens, voters
place stickers within their budget and cap, the facilitator settles a tie at the cut-off.

Every write is one logged op (``apply_op``), which holds the session's write lock (a row lock on
PostgreSQL, an immediate transaction on SQLite) while it counts and inserts: two phones of one
person tapping at once are served one after the other, and the second finds the budget spent.

A method may own a ballot (``Ballot.purpose``, one per session): the generic ops below do not find
it, and the method writes it through ``owned_ballot``, ``owned_target``, ``place`` and ``take_off``
inside its own op, under the same lock and with the same counting.
"""

from __future__ import annotations

import uuid

from django.db.models import Max, ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.core.text import clean_text
from wijktafel.workshops import people
from wijktafel.workshops.models import Participant, Workshop
from wijktafel.workshops.ops import facilitators_only
from wijktafel.workshops.services import Actor, OpResult, apply_op

from . import events
from .models import Ballot, Sticker, Target
from .selectors import ballot_payload, result

MAX_BALLOTS = 50  # per session
MAX_TARGETS = 200  # per ballot
MAX_STICKERS = 20  # budget of one voter
MAX_TOP = 50
TITLE_MAX = 120
LABEL_MAX = 200
TARGET_KIND_MAX = 30  # an identifier: question, postit, ...


def _number(value: object, field: str, low: int, high: int, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(message, field=field)
    return value


def _flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise Invalid(_("Choose yes or no."), field=field)
    return value


def _title(value: object) -> str:
    return clean_text(value, max_length=TITLE_MAX, field="title", label=_("Name of the vote"))


def _label(value: object, field: str = "label") -> str:
    return clean_text(value, max_length=LABEL_MAX, field=field, label=_("What people vote on"))


def _ballot(workshop: Workshop, ballot_id: object) -> Ballot:
    """One of the session's own votes; a ballot a method owns is not found by the generic ops."""
    try:
        return Ballot.objects.get(workshop=workshop, purpose="", pk=int(ballot_id))  # type: ignore[arg-type]
    except (Ballot.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This vote does not exist.")) from None


def _target(ballot: Ballot, target_id: object) -> Target:
    try:
        return Target.objects.get(ballot=ballot, pk=int(target_id))  # type: ignore[arg-type]
    except (Target.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This choice is not part of the vote."), field="target_id") from None


def _changed(ballot: Ballot) -> tuple[str, dict]:
    return events.BALLOT_CHANGED, ballot_payload(Ballot.objects.get(pk=ballot.pk))


def _add_target(ballot: Ballot, label: str, ref_id, added_by=None) -> Target:
    if ballot.targets.count() >= MAX_TARGETS:
        raise Conflict(_("This vote has as many choices as it can take."), field="label")
    top = ballot.targets.aggregate(m=Max("position"))["m"]
    return Target.objects.create(
        ballot=ballot,
        label=label,
        ref_id=ref_id,
        added_by=added_by,
        position=0 if top is None else top + 1,
    )


def _settings(budget, cap, top_n, tally_hidden) -> dict:
    values = {}
    if budget is not None:
        values["budget"] = _number(
            budget, "budget", 1, MAX_STICKERS, _("Give everyone 1 to 20 stickers.")
        )
    if cap is not None:
        values["cap"] = _number(
            cap, "cap", 1, MAX_STICKERS, _("Allow 1 to 20 stickers on one choice.")
        )
    if top_n is not None:
        values["top_n"] = _number(top_n, "top_n", 1, MAX_TOP, _("Choose a top of 1 to 50."))
    if tally_hidden is not None:
        values["tally_hidden"] = _flag(tally_hidden, "tally_hidden")
    return values


@facilitators_only
def ballot_create(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    title: object,
    target_kind: object = "item",
    budget: object = 3,
    cap: object = 1,
    top_n: object = 3,
    tally_hidden: object = False,
    targets: object = (),
) -> OpResult:
    """Make a sticker vote, optionally with its first choices (labels)."""
    title = _title(title)
    if (
        not isinstance(target_kind, str)
        or not target_kind.isidentifier()
        or len(target_kind) > TARGET_KIND_MAX
    ):
        raise Invalid(_("Say what kind of thing people vote on."), field="target_kind")
    values = _settings(budget, cap, top_n, tally_hidden)
    if values["cap"] > values["budget"]:
        raise Invalid(_("No more stickers on one choice than a voter has."), field="cap")
    if not isinstance(targets, (list, tuple)) or len(targets) > MAX_TARGETS:
        raise Invalid(_("Give the choices as a list."), field="targets")
    labels = [_label(label, "targets") for label in targets]

    def change(workshop: Workshop) -> tuple[str, dict]:
        if Ballot.objects.filter(workshop=workshop, purpose="").count() >= MAX_BALLOTS:
            raise Conflict(_("This session has as many votes as it can take."))
        ballot = Ballot.objects.create(
            workshop=workshop, title=title, target_kind=target_kind, **values
        )
        for label in labels:
            _add_target(ballot, label, None)
        return _changed(ballot)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def ballot_update(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    ballot_id: object,
    title: object = None,
    budget: object = None,
    cap: object = None,
    top_n: object = None,
    tally_hidden: object = None,
    status: object = None,
) -> OpResult:
    """Change a vote: its name, the number of stickers, the top, whether screens show the
    counts, and its phase (collecting choices, voting, closed). A field left out stays.

    Budget and cap are fixed once stickers are placed; back to collecting only without stickers."""
    new_title = None if title is None else _title(title)
    values = _settings(budget, cap, top_n, tally_hidden)
    if status is not None and status not in Ballot.Status.values:
        raise Invalid(_("Choose collecting, voting or closed."), field="status")

    def change(workshop: Workshop) -> tuple[str, dict]:
        ballot = _ballot(workshop, ballot_id)
        placed = ballot.stickers.exists()
        if placed and {"budget", "cap"} & values.keys():
            raise Conflict(
                _("Stickers have been placed: the number of stickers can no longer change."),
                field="budget" if "budget" in values else "cap",
            )
        if placed and status == Ballot.Status.COLLECTING:
            raise Conflict(
                _("Stickers have been placed: the vote cannot go back to collecting."),
                field="status",
            )
        for key, value in values.items():
            setattr(ballot, key, value)
        if ballot.cap > ballot.budget:
            if {"budget", "cap"} <= values.keys():  # the request itself asks for it
                raise Invalid(_("No more stickers on one choice than a voter has."), field="cap")
            # One of the two against the other as the vote has it now.
            if "cap" in values:
                raise Conflict(
                    ngettext(
                        "This vote gives everyone %(count)d sticker: allow no more than that "
                        "on one choice.",
                        "This vote gives everyone %(count)d stickers: allow no more than that "
                        "on one choice.",
                        ballot.budget,
                    )
                    % {"count": ballot.budget},
                    field="cap",
                )
            raise Conflict(
                ngettext(
                    "This vote allows %(count)d sticker on one choice: give everyone at least "
                    "that many.",
                    "This vote allows %(count)d stickers on one choice: give everyone at least "
                    "that many.",
                    ballot.cap,
                )
                % {"count": ballot.cap},
                field="budget",
            )
        if new_title is not None:
            ballot.title = new_title
        if status is not None:
            ballot.status = status
        ballot.save()
        return _changed(ballot)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def ballot_delete(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None = None, ballot_id: object
) -> OpResult:
    def change(workshop: Workshop) -> tuple[str, dict]:
        ballot = _ballot(workshop, ballot_id)
        pk = ballot.pk
        try:
            ballot.delete()
        except (ProtectedError, RestrictedError):
            # The session's method is built on this vote (Samenwerken: its cards): it stays.
            raise Conflict(_("This vote is part of the meeting's method and stays.")) from None
        return events.BALLOT_DELETED, {"id": pk}

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def target_add(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    ballot_id: object,
    label: object,
    ref_id: object = None,
) -> OpResult:
    """Add a choice (a blank card with your own issue) while the vote is still collecting."""
    label = _label(label)
    if ref_id is not None:
        ref_id = _number(ref_id, "ref_id", 1, 2**63 - 1, _("This is not a valid id."))

    def change(workshop: Workshop) -> tuple[str, dict]:
        ballot = _ballot(workshop, ballot_id)
        if ballot.status != Ballot.Status.COLLECTING:
            raise Conflict(_("Voting has started: no choices can be added now."), field="label")
        _add_target(ballot, label, ref_id, added_by=actor.participant)
        return _changed(ballot)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def target_remove(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    ballot_id: object,
    target_id: object,
) -> OpResult:
    """Take a choice away while collecting (participants: one they added)."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        ballot = _ballot(workshop, ballot_id)
        target = _target(ballot, target_id)
        if not actor.is_facilitator_of(workshop):
            if actor.participant is None or target.added_by_id != actor.participant.pk:
                raise NotAllowed(_("You can only remove a choice that you added."))
            if ballot.status != Ballot.Status.COLLECTING:
                raise Conflict(_("Voting has started: choices stay as they are."))
        pk = target.pk
        try:
            target.delete()
        except (ProtectedError, RestrictedError):
            # A method keeps what was written on it (Samenwerken: the notes on a card).
            raise Conflict(
                _("Something was written on this choice: it stays."), field="target_id"
            ) from None
        if pk in ballot.settled:
            ballot.settled = [t for t in ballot.settled if t != pk]
            ballot.save(update_fields=["settled"])
        return _changed(ballot)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def place(ballot: Ballot, target: Target, voter: Participant) -> Sticker:
    """Put one of ``voter``'s stickers on ``target``: at most the cap on one choice, at most the
    budget in all, or a ``Conflict``. Counted and inserted inside the caller's op, which holds the
    session's write lock, so two taps at once cannot both pass the count."""
    mine = Sticker.objects.filter(ballot=ballot, voter=voter)
    if mine.filter(target=target).count() >= ballot.cap:
        raise Conflict(
            ngettext(
                "You can put only one sticker on this choice.",
                "You can put at most %(count)d stickers on this choice.",
                ballot.cap,
            )
            % {"count": ballot.cap},
            field="target_id",
        )
    if mine.count() >= ballot.budget:
        raise Conflict(
            ngettext(
                "You have placed your sticker. Take it off first to place it elsewhere.",
                "You have placed all your %(count)d stickers. Take one off first to "
                "place it elsewhere.",
                ballot.budget,
            )
            % {"count": ballot.budget},
            field="target_id",
        )
    return Sticker.objects.create(ballot=ballot, target=target, voter=voter)


def take_off(ballot: Ballot, voter: Participant, target: Target | None = None) -> int | None:
    """Take ``voter``'s last sticker off ``target`` (or off any choice); its id, or None if there
    was none."""
    mine = Sticker.objects.filter(ballot=ballot, voter=voter)
    sticker = (mine if target is None else mine.filter(target=target)).last()
    if sticker is None:
        return None
    pk = sticker.pk
    sticker.delete()
    return pk


def owned_ballot(
    workshop: Workshop, purpose: str, *, title: str, target_kind: str, budget: int, cap: int
) -> Ballot:
    """The ballot a method owns in this session for ``purpose``, made on first use and open for
    voting at once. Call it inside the method's op (the write lock makes it one per session)."""
    ballot, _made = Ballot.objects.get_or_create(
        workshop=workshop,
        purpose=purpose,
        defaults={
            "title": title,
            "target_kind": target_kind,
            "budget": budget,
            "cap": cap,
            "status": Ballot.Status.VOTING,
        },
    )
    return ballot


def owned_target(ballot: Ballot, ref_id: int, label: str, added_by=None) -> Target:
    """The choice of an owned ballot that stands for the method's object ``ref_id``, made on
    first use."""
    found = ballot.targets.filter(ref_id=ref_id).first()
    return found or _add_target(ballot, label[:LABEL_MAX], ref_id, added_by=added_by)


def _voting(workshop: Workshop, actor: Actor, ballot_id, target_id):
    """The ballot and choice a sticker goes on or off, and the voter, while voting is open.
    Another session's ids are not found before it is asked who the actor is."""
    ballot = _ballot(workshop, ballot_id)
    target = _target(ballot, target_id)
    if actor.participant is None:
        raise NotAllowed(_("Only participants place stickers."))
    voter = Participant.objects.get(pk=actor.participant.pk)  # roles as they are now
    if ballot.status != Ballot.Status.VOTING:
        raise Conflict(_("Voting is not open."), field="target_id")
    return ballot, target, voter


def sticker_place(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    ballot_id: object,
    target_id: object,
) -> OpResult:
    """Put one of your stickers on a choice: within your budget, and at most the cap on one."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        ballot, target, voter = _voting(workshop, actor, ballot_id, target_id)
        if not people.may_vote(voter):
            raise NotAllowed(_("In your role you do not vote in this session."))
        sticker = place(ballot, target, voter)
        return events.STICKER_PLACED, {
            "ballot_id": ballot.pk,
            "id": sticker.pk,
            "target_id": target.pk,
            "voter_id": voter.pk,
        }

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def sticker_remove(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    ballot_id: object,
    target_id: object,
) -> OpResult:
    """Take one of your stickers off a choice while voting is open."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        ballot, target, voter = _voting(workshop, actor, ballot_id, target_id)
        pk = take_off(ballot, voter, target)
        if pk is None:
            raise NotFound(_("You have no sticker on this choice."), field="target_id")
        return events.STICKER_REMOVED, {"ballot_id": ballot.pk, "id": pk}

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def ballot_settle(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    ballot_id: object,
    target_ids: object,
) -> OpResult:
    """Settle a tie at the cut-off: the tied choices in the order the facilitator chooses.

    The list must name the choices tied now: the tie changes with every sticker, so a list of
    other choices of the vote is refused for the vote as it is (409), not as wrong input."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        ballot = _ballot(workshop, ballot_id)  # another session's vote: 404 before the rest
        if not isinstance(target_ids, (list, tuple)) or len(target_ids) > MAX_TARGETS:
            raise Invalid(_("Put exactly the tied choices in order."), field="target_ids")
        for target_id in target_ids:
            _number(target_id, "target_ids", 1, 2**63 - 1, _("This is not a valid id."))
        if len(set(target_ids)) != len(target_ids):
            raise Invalid(_("Each item may appear only once."), field="target_ids")
        if set(target_ids) - set(ballot.targets.values_list("pk", flat=True)):
            raise NotFound(_("This choice is not part of the vote."), field="target_ids")
        tie = result({**ballot_payload(ballot), "settled": []})["tie"]
        if not tie:
            raise Conflict(_("There is no tie at the cut-off to settle."), field="target_ids")
        if sorted(target_ids) != sorted(tie):
            raise Conflict(
                _(
                    "These are not the choices tied at the cut-off now. Look at the vote again "
                    "and put exactly the tied choices in order."
                ),
                field="target_ids",
            )
        ballot.settled = list(target_ids)
        ballot.save(update_fields=["settled"])
        return _changed(ballot)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)
