"""Steps 7 and 8: effect cards, the choice, insights and actions."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from wijktafel.agreements.models import Agreement
from wijktafel.core.dates import parse_date
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.workshops.ops import facilitators_only, follow_up
from wijktafel.workshops.services import Actor, OpResult

from .. import actions, events, selectors
from ..models import ActionKind, Appraisal, Baseline, Choice, EffectCard, Insight, Selection
from ._common import (
    OWNER_NAME_MAX,
    _bool,
    _check_version,
    _choice,
    _core_problem,
    _get,
    _id,
    _ids,
    _line,
    _op,
    _require_own_group,
    _solution,
    _text,
    _texts,
)

ACTION_TITLE_MAX = 300
SOURCE_MAX = 40  # where an action came from: step5, choice, ...

# --- Step 7: effect cards -------------------------------------------------------------------------


def effect_card_set(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    solution_id: object,
    core_problem_id: object,
    main_effects: object,
    size: object,
    notes: object = "",
    version: object = None,
) -> OpResult:
    """For a selected solution and one problem owner: the main effects and their size (A15)."""
    effects = _texts(main_effects, "main_effects", _("Main effect"))
    size = _choice(size, EffectCard.Size.values, "size")
    notes = _text(notes, "notes", _("Notes"))

    def change(workshop, appraisal):
        solution = _solution(appraisal, solution_id)
        selection = Selection.objects.filter(appraisal=appraisal).first()
        if selection is None or solution.pk not in selection.solution_ids:
            raise Conflict(
                _("Effect cards are made for the selected solutions only."), field="solution_id"
            )
        cp = _core_problem(appraisal, core_problem_id)
        group = None if actor.is_facilitator_of(workshop) else _require_own_group(actor, workshop)
        card = EffectCard.objects.filter(solution=solution, core_problem=cp).first()
        if card is None:
            card = EffectCard(solution=solution, core_problem=cp, group=group, version=0)
        else:
            if group is not None and card.group_id not in (None, group.pk):
                raise NotAllowed(_("Another group is making this effect card."))
            _check_version(
                card,
                version,
                _("Someone else changed this effect card. Look at it again and try again."),
            )
        card.main_effects, card.size, card.notes = effects, size, notes
        card.version += 1
        card.save()
        return events.EFFECT_CARD_CHANGED, {"effect_card": selectors.effect_card_payload(card)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


# --- Step 8: the choice, insights, actions --------------------------------------------------------


@follow_up
@facilitators_only
def choice_set(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, fields: dict
) -> OpResult:
    """Record the choice. It can only be final when the baseline was considered (A16)."""
    kind = _choice(fields.get("kind"), Choice.Kind.values, "kind")
    ids = _ids(fields.get("solution_ids") or [], "solution_ids")
    cleaned = {
        "kind": kind,
        "solution_ids": ids,
        "baseline_considered": _bool(
            fields.get("baseline_considered", False), "baseline_considered"
        ),
        "baseline_reason": _text(
            fields.get("baseline_reason", ""), "baseline_reason", _("Why (not) the baseline")
        ),
        "combinations_considered": _text(
            fields.get("combinations_considered", ""), "combinations_considered", _("Combinations")
        ),
        "other_aspects": _text(
            fields.get("other_aspects", ""), "other_aspects", _("Other aspects")
        ),
        "decision_procedure": _text(
            fields.get("decision_procedure", ""),
            "decision_procedure",
            _("How the decision is taken"),
        ),
        "decided_by": _line(fields.get("decided_by", ""), "decided_by", _("Decided by")),
        "decision_date": parse_date(fields.get("decision_date"), "decision_date"),
        "is_final": _bool(fields.get("is_final", False), "is_final"),
    }
    if kind == Choice.Kind.SOLUTION and len(ids) != 1:
        raise Invalid(
            _("Choose exactly one solution, or choose a combination."), field="solution_ids"
        )
    if kind == Choice.Kind.COMBINATION and len(ids) < 2:
        raise Invalid(_("A combination has at least two solutions."), field="solution_ids")
    if kind == Choice.Kind.BASELINE and ids:
        raise Invalid(_("When the baseline is chosen, choose no solution."), field="solution_ids")
    if cleaned["is_final"] and not cleaned["baseline_considered"]:
        raise Invalid(
            _(
                "The choice cannot be final yet: first consider the baseline. Could doing "
                "no "
                "more than the baseline be the best solution?"
            ),
            field="baseline_considered",
        )

    def change(workshop, appraisal):
        known = set(appraisal.solutions.values_list("pk", flat=True))
        if set(ids) - known:
            raise NotFound(_("One of these solutions does not exist."), field="solution_ids")
        if cleaned["is_final"] and not Baseline.objects.filter(appraisal=appraisal).exists():
            raise Conflict(
                _("The choice cannot be final yet: the baseline has not been described."),
                field="baseline_considered",
            )
        choice = Choice.objects.filter(appraisal=appraisal).first() or Choice(
            appraisal=appraisal, version=0
        )
        for name, value in cleaned.items():
            setattr(choice, name, value)
        choice.version += 1
        choice.save()
        status = Appraisal.Status.DECIDED if choice.is_final else Appraisal.Status.OPEN
        if appraisal.status != status and appraisal.status != Appraisal.Status.CLOSED:
            appraisal.status = status
            appraisal.save(update_fields=["status"])
        return events.CHOICE_CHANGED, {
            "choice": selectors.choice_payload(choice),
            "status": appraisal.status,
        }

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def insight_add(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    text: object,
    shared_with_residents_present: object = False,
    core_problem_ids: object = (),
) -> OpResult:
    """Record what we learnt about the real problem (every member may)."""
    text = _text(text, "text", _("The insight"), required=True)
    shared = _bool(shared_with_residents_present, "shared_with_residents_present")
    cp_ids = _ids(core_problem_ids or [], "core_problem_ids")

    def change(workshop, appraisal):
        cps = list(appraisal.core_problems.filter(pk__in=cp_ids))
        if len(cps) != len(cp_ids):
            raise NotFound(_("This core problem does not exist."), field="core_problem_ids")
        insight = Insight.objects.create(
            appraisal=appraisal, text=text, shared_with_residents_present=shared
        )
        insight.core_problems.set(cps)
        return events.INSIGHT_CREATED, {"insight": selectors.insight_payload(insight)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def insight_delete(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, insight_id: object
) -> OpResult:
    def change(workshop, appraisal):
        insight = _get(
            Insight,
            _("This insight does not exist."),
            appraisal=appraisal,
            pk=_id(insight_id, "insight_id"),
        )
        pk = insight.pk
        insight.delete()
        return events.INSIGHT_DELETED, {"id": pk}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def _clean_action(fields: dict, *, creating: bool) -> dict:
    cleaned: dict = {}
    if "title" in fields or creating:
        cleaned["title"] = _line(
            fields.get("title"),
            "title",
            _("The action"),
            max_length=ACTION_TITLE_MAX,
            required=True,
        )
    if "owner_name" in fields:
        cleaned["owner_name"] = _line(
            fields["owner_name"], "owner_name", _("Who"), max_length=OWNER_NAME_MAX
        )
    if "due_date" in fields:
        cleaned["due_date"] = parse_date(fields["due_date"], "due_date")
    if "kind" in fields:
        cleaned["kind"] = _choice(fields["kind"], ActionKind.values, "kind")
    if "source" in fields:
        cleaned["source"] = _line(fields["source"], "source", _("Source"), max_length=SOURCE_MAX)
    if "status" in fields:
        cleaned["status"] = _choice(fields["status"], Agreement.Status.values, "status")
    return cleaned


def _action_change(agreement: Agreement) -> dict:
    return {
        "action": actions.action_payload(agreement),
        "agreement": actions.register_payload(agreement),
    }


def _action(appraisal: Appraisal, action_id: object) -> Agreement:
    return _get(
        Agreement,
        _("This action does not exist."),
        workshop_id__in=appraisal.workshop_ids,
        origin=actions.ORIGIN,
        pk=_id(action_id, "action_id"),
    )


@follow_up
@facilitators_only
def action_add(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, fields: dict
) -> OpResult:
    """Record an action or agreement with an owner and a due date (in the register)."""
    cleaned = _clean_action(fields, creating=True)

    def change(workshop, appraisal):
        agreement = actions.new_action(workshop, actor, cleaned)
        return events.ACTION_CREATED, _action_change(agreement)

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@follow_up
@facilitators_only
def action_update(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    action_id: object,
    fields: dict,
) -> OpResult:
    cleaned = _clean_action(fields, creating=False)
    if not cleaned:
        raise Invalid(_("Nothing to change."))

    def change(workshop, appraisal):
        agreement = _action(appraisal, action_id)
        for name, value in cleaned.items():
            setattr(agreement, actions.FIELDS[name], value)
        agreement.version += 1
        agreement.save()
        return events.ACTION_UPDATED, _action_change(agreement)

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@follow_up
@facilitators_only
def action_delete(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, action_id: object
) -> OpResult:
    def change(workshop, appraisal):
        agreement = _action(appraisal, action_id)
        pk = agreement.pk
        agreement.delete()
        return events.ACTION_DELETED, {"id": pk}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)
