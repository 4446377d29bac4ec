"""Steps 1 and 2: pitches, "probleem 1" marks and core problems."""

from __future__ import annotations

import uuid

from django.db.models import Max
from django.utils.translation import gettext as _

from wijktafel.activities.models import Column, Postit
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.stickers import services as stickers
from wijktafel.stickers.models import Ballot
from wijktafel.workshops.models import Participant
from wijktafel.workshops.ops import facilitators_only
from wijktafel.workshops.services import Actor, OpResult

from .. import events, problem_1, selectors
from ..models import PROBLEM_1_PURPOSE, CoreProblem, Pitch
from ._common import (
    TEXT_MAX,
    _bool,
    _bump,
    _check_version,
    _choice,
    _core_problem,
    _get,
    _group,
    _id,
    _ids,
    _int,
    _line,
    _may_write_group_item,
    _op,
    _postits_of,
    _require_own_group,
    _text,
    _texts,
)

# --- Step 1: pitches ------------------------------------------------------------------------------

MAX_PITCHES = 10  # A4: at most ten pitches; pairs (or more) when more people take part
MAX_CLARIFYING_QUESTIONS = 2  # A5: one or two clarifying questions, no discussion [INFERRED cap]


def plan_pitches(participant_ids: list[int]) -> list[list[int]]:
    """Pitch units in join order: one each up to ten people, else units of the smallest size
    that keeps it at ten pitches (pairs for 11–20 people). Pure."""
    n = len(participant_ids)
    size = max(1, -(-n // MAX_PITCHES))
    return [participant_ids[i : i + size] for i in range(0, n, size)]


@facilitators_only
def pitches_plan(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None) -> OpResult:
    """Plan the step-1 pitches of everyone present: at most ten, in pairs when more than ten."""

    def change(workshop, appraisal):
        existing = Pitch.objects.filter(workshop=workshop)
        if existing.filter(done=True).exists():
            raise Conflict(_("The pitches have started. Finish them, or plan no new ones."))
        people = list(
            Participant.objects.filter(workshop=workshop, removed_at__isnull=True)
            .order_by("joined_at", "pk")
            .values_list("pk", flat=True)
        )
        if not people:
            raise Conflict(_("Nobody has joined yet, so there is nobody to pitch."))
        existing.delete()
        made = []
        for position, members in enumerate(plan_pitches(people)):
            pitch = Pitch.objects.create(appraisal=appraisal, workshop=workshop, position=position)
            pitch.members.set(members)
            made.append(selectors.pitch_payload(pitch))
        return events.PITCHES_PLANNED, {"pitches": made}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def pitch_update(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    pitch_id: object,
    done: object = None,
    clarifying_questions: object = None,
) -> OpResult:
    """Mark a pitch done and note its clarifying questions (one or two, no discussion)."""
    questions = None
    if clarifying_questions is not None:
        questions = _texts(clarifying_questions, "clarifying_questions", _("Clarifying question"))
        if len(questions) > MAX_CLARIFYING_QUESTIONS:
            raise Invalid(
                _(
                    "After a pitch there is room for one or two clarifying questions, "
                    "not for a discussion."
                ),
                field="clarifying_questions",
            )
    done = None if done is None else _bool(done, "done")
    if done is None and questions is None:
        raise Invalid(_("Nothing to change."))

    def change(workshop, appraisal):
        pitch = _get(
            Pitch,
            _("This pitch does not exist."),
            appraisal=appraisal,
            workshop=workshop,
            pk=_id(pitch_id, "pitch_id"),
        )
        if done is not None:
            pitch.done = done
        if questions is not None:
            pitch.clarifying_questions = questions
        pitch.save(update_fields=["done", "clarifying_questions"])
        return events.PITCH_UPDATED, {"pitch": selectors.pitch_payload(pitch)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


# --- Step 1: "probleem 1" -------------------------------------------------------------------------
# A sticker vote of the session that the appraisal owns (``PROBLEM_1_PURPOSE``): one sticker each,
# on a choice that stands for a post-it of the wall. The sticker block counts the budget and the
# cap under the op's write lock; the appraisal adds its own rule (only on one of your own
# post-its) before it places the sticker, and its own events.


def _problem_1_ballot(workshop) -> Ballot:
    return stickers.owned_ballot(
        workshop, PROBLEM_1_PURPOSE, title="probleem 1", target_kind="postit", budget=1, cap=1
    )


def problem_mark_set(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    postit_id: object,
    participant_id: object = None,
) -> OpResult:
    """Mark one of your own post-its as your most important problem ("probleem 1"); one each (A3).

    A facilitator marks on behalf of a participant with ``participant_id``."""

    def change(workshop, appraisal):
        if actor.is_facilitator_of(workshop):
            if participant_id is None:
                raise Invalid(_("Choose for whom this is problem 1."), field="participant_id")
            who = _get(
                Participant,
                _("This participant is not in the session."),
                workshop=workshop,
                pk=_id(participant_id, "participant_id"),
                removed_at__isnull=True,
            )
        else:
            who = actor.participant
        postit = _get(
            Postit,
            _("This post-it no longer exists."),
            workshop=workshop,
            pk=_id(postit_id, "postit_id"),
        )
        if postit.author_id != who.pk:
            raise NotAllowed(_("Problem 1 must be one of your own post-its."), field="postit_id")
        ballot = _problem_1_ballot(workshop)
        target = stickers.owned_target(ballot, postit.pk, postit.text, added_by=who)
        try:
            stickers.place(ballot, target, who)
        except Conflict:  # budget 1, cap 1: either way the one mark is spent (the op rolls back)
            raise Conflict(
                _(
                    "You have already chosen your problem 1. Everyone chooses only one. "
                    "Remove your mark first if you want to choose another."
                ),
                field="postit_id",
            ) from None
        return events.PROBLEM_MARK_SET, {
            "mark": {"participant_id": who.pk, "postit_id": postit.pk},
            "tally": problem_1.mark_tally(appraisal),
        }

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def problem_mark_remove(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, participant_id: object = None
) -> OpResult:
    """Take your "probleem 1" mark away (a facilitator: someone's, with ``participant_id``)."""

    def change(workshop, appraisal):
        if actor.is_facilitator_of(workshop):
            who_id = _id(participant_id, "participant_id")
        else:
            who_id = actor.participant.pk
            if participant_id is not None and _id(participant_id, "participant_id") != who_id:
                raise NotAllowed(_("You can only remove your own problem 1 mark."))
        ballot = Ballot.objects.filter(workshop=workshop, purpose=PROBLEM_1_PURPOSE).first()
        voter = Participant.objects.filter(pk=who_id, workshop=workshop).first()
        if ballot is None or voter is None or stickers.take_off(ballot, voter) is None:
            raise NotFound(_("There is no problem 1 mark to remove."))
        return events.PROBLEM_MARK_REMOVED, {
            "participant_id": who_id,
            "tally": problem_1.mark_tally(appraisal),
        }

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


# --- Step 2: core problems ------------------------------------------------------------------------

CORE_PROBLEM_TEXTS = {
    "formulation": TEXT_MAX,
    "nature": TEXT_MAX,
    "what_if_unsolved": TEXT_MAX,
    "solves_itself_explanation": TEXT_MAX,
}
AFFECTED_COUNT_MAX = 10**9
AFFECTED_UNIT_MAX = 80


def _clean_core_problem(fields: dict) -> dict:
    cleaned: dict = {}
    labels = {
        "formulation": _("The core problem"),
        "nature": _("Nature of the problem"),
        "what_if_unsolved": _("What happens if it is not solved"),
        "solves_itself_explanation": _("Explanation"),
    }
    for name, max_length in CORE_PROBLEM_TEXTS.items():
        if name in fields:
            cleaned[name] = _text(
                fields[name],
                name,
                labels[name],
                max_length=max_length,
                required=name == "formulation",
            )
    if "original_wording" in fields:
        cleaned["original_wording"] = _text(
            fields["original_wording"], "original_wording", _("Original wording")
        )
    if "underlying_problems" in fields:
        cleaned["underlying_problems"] = _texts(
            fields["underlying_problems"], "underlying_problems", _("Underlying problem")
        )
    if "affected_count" in fields:
        value = fields["affected_count"]
        cleaned["affected_count"] = (
            None
            if value is None
            else _int(
                value,
                "affected_count",
                low=0,
                high=AFFECTED_COUNT_MAX,
                message=_("Type a whole number of people."),
            )
        )
    if "affected_unit" in fields:
        cleaned["affected_unit"] = _line(
            fields["affected_unit"], "affected_unit", _("Of whom"), max_length=AFFECTED_UNIT_MAX
        )
    if "could_solve_itself" in fields:
        cleaned["could_solve_itself"] = _choice(
            fields["could_solve_itself"], CoreProblem.SolvesItself.values, "could_solve_itself"
        )
    return cleaned


def _core_problem_event(kind, cp: CoreProblem) -> tuple[str, dict]:
    data = {"core_problem": selectors.core_problem_payload(cp)}
    if (
        cp.owner_id
        and CoreProblem.objects.filter(appraisal=cp.appraisal, owner_id=cp.owner_id).count() > 1
    ):
        data["warnings"] = [{"code": "more_core_problems_for_owner"}]
    return kind, data


def core_problem_create(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    owner_id: object = None,
    fields: dict,
    source_postit_ids: object = (),
    group_id: object = None,
) -> OpResult:
    """A group writes the core problem of one problem owner (a column of the step-1 wall)."""
    cleaned = _clean_core_problem(fields)
    if "formulation" not in cleaned:
        raise Invalid(_("The core problem is empty. Please type something."), field="formulation")
    source_ids = _ids(source_postit_ids or [], "source_postit_ids")

    def change(workshop, appraisal):
        if actor.is_facilitator_of(workshop):
            group = None if group_id is None else _group(appraisal, workshop, group_id)
        else:
            group = _require_own_group(actor, workshop)
        owner = _get(
            Column,
            _("This problem owner does not exist."),
            pk=_id(owner_id, "owner_id"),
            workshop_id__in=appraisal.workshop_ids,
        )
        postits = _postits_of(appraisal, source_ids, "source_postit_ids")
        original = cleaned.pop("original_wording", "") or " / ".join(p.text for p in postits)
        top = appraisal.core_problems.aggregate(m=Max("position"))["m"]
        cp = CoreProblem.objects.create(
            appraisal=appraisal,
            owner=owner,
            owner_name=owner.title,
            group=group,
            original_wording=original or cleaned["formulation"],
            position=0 if top is None else top + 1,
            **cleaned,
        )
        cp.source_postits.set(postits)
        return _core_problem_event(events.CORE_PROBLEM_CREATED, cp)

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def core_problem_update(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    core_problem_id: object,
    fields: dict,
    source_postit_ids: object = None,
    version: object = None,
) -> OpResult:
    """Sharpen a core problem; the original wording stays. A new text needs a new confirmation."""
    cleaned = _clean_core_problem(fields)
    cleaned.pop("original_wording", None)  # the original wording is kept as it was
    source_ids = None if source_postit_ids is None else _ids(source_postit_ids, "source_postit_ids")
    if not cleaned and source_ids is None:
        raise Invalid(_("Nothing to change."))

    def change(workshop, appraisal):
        cp = _core_problem(appraisal, core_problem_id)
        _may_write_group_item(actor, workshop, cp.group_id)
        _check_version(
            cp,
            version,
            _("Someone else changed this core problem. Look at the new text and try again."),
        )
        for name, value in cleaned.items():
            setattr(cp, name, value)
        if "formulation" in cleaned and cp.confirmed_sharp:
            cp.confirmed_sharp = False
            cleaned["confirmed_sharp"] = False
        if source_ids is not None:
            cp.source_postits.set(_postits_of(appraisal, source_ids, "source_postit_ids"))
        _bump(cp, list(cleaned))
        return _core_problem_event(events.CORE_PROBLEM_UPDATED, cp)

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def core_problem_confirm(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    core_problem_id: object,
    confirmed: object = True,
) -> OpResult:
    """The facilitator confirms that a core problem is sharp enough (or takes that back)."""
    confirmed = _bool(confirmed, "confirmed")

    def change(workshop, appraisal):
        cp = _core_problem(appraisal, core_problem_id)
        cp.confirmed_sharp = confirmed
        _bump(cp, ["confirmed_sharp"])
        return _core_problem_event(events.CORE_PROBLEM_UPDATED, cp)

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def core_problem_delete(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, core_problem_id: object
) -> OpResult:
    def change(workshop, appraisal):
        cp = _core_problem(appraisal, core_problem_id)
        _may_write_group_item(actor, workshop, cp.group_id)
        pk = cp.pk
        cp.delete()
        return events.CORE_PROBLEM_DELETED, {"id": pk}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)
