"""Steps 5 and 6: solution cards, core effects, criteria, rankings and the selection."""

from __future__ import annotations

import uuid

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijktafel.core.dates import parse_date
from wijktafel.core.errors import Conflict, Invalid, NotFound
from wijktafel.workshops.ops import facilitators_only
from wijktafel.workshops.services import Actor, OpResult

from .. import actions, events, selectors
from ..models import (
    ActionKind,
    Appraisal,
    Baseline,
    CoreEffect,
    Criterion,
    Effect,
    GroupRanking,
    Selection,
    SolutionCard,
)
from ._common import (
    MAX_LIST,
    OWNER_NAME_MAX,
    SELECTION_MAX,
    SELECTION_MIN,
    _check_version,
    _choice,
    _core_problem,
    _get,
    _group,
    _horizon,
    _id,
    _ids,
    _int,
    _line,
    _may_write_card,
    _may_write_group_item,
    _money,
    _op,
    _solution,
    _text,
    _texts,
)

MAX_CORE_EFFECTS = 2  # A12
EFFECT_MAX = 300  # an effect, a core effect, a thing to investigate
CRITERION_MAX = 120
SOLVING_POWER = (0, 100)  # a percentage


# --- Step 5: solution cards and core effects ------------------------------------------------------


def _clean_effects(values, appraisal: Appraisal) -> list[dict]:
    if not isinstance(values, (list, tuple)) or len(values) > MAX_LIST:
        raise Invalid(_("Send a list of at most 30 effects."), field="effects")
    core_effects = set(appraisal.core_effects.values_list("pk", flat=True))
    effects = []
    for value in values:
        if not isinstance(value, dict):
            raise Invalid(_("An effect is not valid."), field="effects")
        core_effect_id = value.get("core_effect_id")
        if core_effect_id is not None:
            core_effect_id = _id(core_effect_id, "effects.core_effect_id")
            if core_effect_id not in core_effects:
                raise NotFound(
                    _("This core effect does not exist."), field="effects.core_effect_id"
                )
        effects.append(
            {
                "text": _line(
                    value.get("text"),
                    "effects.text",
                    _("The effect"),
                    max_length=EFFECT_MAX,
                    required=True,
                ),
                "sign": _choice(value.get("sign"), Effect.Sign.values, "effects.sign"),
                "who": _line(value.get("who", ""), "effects.who", _("Who experiences it")),
                "reach": _choice(
                    value.get("reach") or "", ["", *Effect.Reach.values], "effects.reach"
                ),
                "core_effect_id": core_effect_id,
            }
        )
    return effects


def _clean_investigate(values) -> list[dict]:
    if values is None:
        return []
    if not isinstance(values, (list, tuple)) or len(values) > MAX_LIST:
        raise Invalid(_("Send a list of at most 30 things to investigate."), field="to_investigate")
    items = []
    for value in values:
        if not isinstance(value, dict):
            raise Invalid(_("A thing to investigate is not valid."), field="to_investigate")
        items.append(
            {
                "title": _line(
                    value.get("title"),
                    "to_investigate.title",
                    _("What to investigate"),
                    max_length=EFFECT_MAX,
                    required=True,
                ),
                "owner_name": _line(
                    value.get("owner_name", ""),
                    "to_investigate.owner_name",
                    _("Who"),
                    max_length=OWNER_NAME_MAX,
                ),
                "due_date": parse_date(value.get("due_date"), "to_investigate.due_date"),
            }
        )
    return items


CARD_MONEY = (
    "extra_one_off_cost",
    "extra_periodic_cost_per_year",
    "extra_one_off_income",
    "extra_periodic_income_per_year",
)


def card_save(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    solution_id: object,
    fields: dict,
    version: object = None,
) -> OpResult:
    """Write a solution card: effects (+/−, who, reach), extra costs and income against the
    baseline over the same horizon (A8, A9), uncertainties, variants and things to investigate
    (actions).

    Lists sent replace the card's lists. More than five effects or no negative one are warnings."""
    cleaned: dict = {}
    if "description" in fields:
        cleaned["description"] = _text(fields["description"], "description", _("Description"))
    for name in CARD_MONEY:
        if name in fields:
            cleaned[name] = _money(fields[name], name)
    if "uncertainties" in fields:
        cleaned["uncertainties"] = _texts(
            fields["uncertainties"], "uncertainties", _("Uncertainty")
        )
    if "variants" in fields:
        cleaned["variants"] = _texts(fields["variants"], "variants", _("Variant"))
    horizon = None if fields.get("horizon_years") is None else _horizon(fields["horizon_years"])
    investigate = None
    if "to_investigate" in fields:
        investigate = _clean_investigate(fields["to_investigate"])

    def change(workshop, appraisal):
        solution = _solution(appraisal, solution_id)
        _may_write_card(actor, workshop, solution)
        if solution.merged_into_id is not None:
            raise Conflict(_("This solution is merged into another. Fill in the card of that one."))
        baseline = Baseline.objects.filter(appraisal=appraisal).first()
        shared = baseline.horizon_years if baseline is not None else appraisal.horizon_years
        if horizon is not None and shared is not None and horizon != shared:
            # The horizon the appraisal has now decides (409); the baseline's refuses the same.
            raise Conflict(
                ngettext(
                    "Use the same horizon as the baseline: %(years)d year. Costs can only be compared "
                    "over the same period.",
                    "Use the same horizon as the baseline: %(years)d years. Costs can only be compared "
                    "over the same period.",
                    shared,
                )
                % {"years": shared},
                field="horizon_years",
            )
        effects = None if "effects" not in fields else _clean_effects(fields["effects"], appraisal)
        card = SolutionCard.objects.filter(solution=solution).first()
        if card is None:
            card = SolutionCard(solution=solution, version=0)
        else:
            _check_version(
                card, version, _("Someone else changed this card. Look at it again and try again.")
            )
        for name, value in cleaned.items():
            setattr(card, name, value)
        card.horizon_years = horizon or shared or card.horizon_years
        card.version += 1
        card.save()
        if effects is not None:
            card.effects.all().delete()
            Effect.objects.bulk_create(
                Effect(card=card, position=i, **e) for i, e in enumerate(effects)
            )
        if investigate is not None:
            actions.to_investigate(solution.pk).delete()
            for item in investigate:
                actions.new_action(
                    workshop,
                    actor,
                    {"kind": ActionKind.RESEARCH_TASK, "source": actions.CARD_SOURCE, **item},
                    solution=solution,
                )
        payload = selectors.card_payload(card)
        return events.SOLUTION_CARD_CHANGED, {
            "card": payload,
            "warnings": payload["warnings"],
            # The card's research tasks as the register shows them (it stays live).
            "agreements": [
                actions.register_payload(a) for a in actions.to_investigate(solution.pk)
            ],
        }

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def core_effects_set(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, items: object
) -> OpResult:
    """Name the one or two core effects, each ideally the mirror of a core problem (A12).

    Items with an ``id`` keep it (and the effects linked to it); the others are new; the rest go."""
    if not isinstance(items, (list, tuple)):
        raise Invalid(_("Send a list of core effects."), field="items")
    if len(items) > MAX_CORE_EFFECTS:
        raise Invalid(_("Name one or two core effects, not more."), field="items")

    def change(workshop, appraisal):
        kept = []
        for value in items:
            if not isinstance(value, dict):
                raise Invalid(_("A core effect is not valid."), field="items")
            text = _line(
                value.get("text"),
                "items.text",
                _("The core effect"),
                max_length=EFFECT_MAX,
                required=True,
            )
            mirrors = value.get("mirrors_core_problem_id")
            mirrors = (
                None
                if mirrors is None
                else _core_problem(appraisal, mirrors, "items.mirrors_core_problem_id")
            )
            if value.get("id") is not None:
                ce = _get(
                    CoreEffect,
                    _("This core effect does not exist."),
                    appraisal=appraisal,
                    pk=_id(value["id"], "items.id"),
                )
                ce.text, ce.mirrors = text, mirrors
                ce.save(update_fields=["text", "mirrors"])
            else:
                ce = CoreEffect.objects.create(appraisal=appraisal, text=text, mirrors=mirrors)
            kept.append(ce.pk)
        appraisal.core_effects.exclude(pk__in=kept).delete()
        kept_effects = appraisal.core_effects.all()
        return events.CORE_EFFECTS_CHANGED, {
            "core_effects": [selectors.core_effect_payload(ce) for ce in kept_effects]
        }

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


# --- Step 6: criteria, rankings, selection --------------------------------------------------------


@facilitators_only
def criterion_add(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, title: object
) -> OpResult:
    """Add a ranking criterion (e.g. a policy goal or feasibility) to the defaults."""
    title = _line(title, "title", _("The criterion"), max_length=CRITERION_MAX, required=True)

    def change(workshop, appraisal):
        top = appraisal.criteria.aggregate(m=Max("position"))["m"]
        criterion = Criterion.objects.create(
            appraisal=appraisal, title=title, position=0 if top is None else top + 1
        )
        return events.CRITERION_CREATED, {"criterion": selectors.criterion_payload(criterion)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def criterion_remove(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, criterion_id: object
) -> OpResult:
    def change(workshop, appraisal):
        criterion = _get(
            Criterion,
            _("This criterion does not exist."),
            appraisal=appraisal,
            pk=_id(criterion_id, "criterion_id"),
        )
        pk = criterion.pk
        criterion.delete()
        return events.CRITERION_DELETED, {"id": pk}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def _clean_solving_power(value, appraisal: Appraisal, candidates: set[int]) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Invalid(_("The solving power is not valid."), field="solving_power")
    core_problems = set(appraisal.core_problems.values_list("pk", flat=True))
    cleaned: dict = {}
    for cp_key, per_solution in value.items():
        cp_id = _id(cp_key, "solving_power")
        if cp_id not in core_problems:
            raise NotFound(_("This core problem does not exist."), field="solving_power")
        if not isinstance(per_solution, dict):
            raise Invalid(_("The solving power is not valid."), field="solving_power")
        row = {}
        for solution_key, pct in per_solution.items():
            solution_id = _id(solution_key, "solving_power")
            if solution_id not in candidates:
                raise NotFound(_("This solution does not exist."), field="solving_power")
            row[str(solution_id)] = _int(
                pct,
                "solving_power",
                low=SOLVING_POWER[0],
                high=SOLVING_POWER[1],
                message=_("Solving power is a percentage from 0 to 100."),
            )
        cleaned[str(cp_id)] = row
    return cleaned


def ranking_set(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    group_id: object,
    ordered_solution_ids: object,
    solving_power: object = None,
    notes: object = None,
    version: object = None,
) -> OpResult:
    """A group puts the solution cards in order, best first (a subset is allowed). Solving power
    and notes left out (None) stay as they are, so an order dragged on a phone keeps them."""
    order = _ids(ordered_solution_ids, "ordered_solution_ids")
    notes = None if notes is None else _text(notes, "notes", _("Notes"))

    def change(workshop, appraisal):
        group = _group(appraisal, workshop, group_id)
        _may_write_group_item(actor, workshop, group.pk)
        candidates = set(selectors.candidate_solution_ids(appraisal))
        if set(order) - candidates:
            raise NotFound(
                _("One of these solutions does not exist or is merged into another."),
                field="ordered_solution_ids",
            )
        power = (
            None
            if solving_power is None
            else _clean_solving_power(solving_power, appraisal, candidates)
        )
        ranking = GroupRanking.objects.filter(group=group).first()
        if ranking is None:
            ranking = GroupRanking(group=group, version=0)
        else:
            _check_version(
                ranking,
                version,
                _("Someone in your group changed the order. Look at it again and try again."),
            )
        ranking.ordered_solution_ids = order
        if power is not None:
            ranking.solving_power = power
        if notes is not None:
            ranking.notes = notes
        ranking.version += 1
        ranking.save()
        return events.RANKING_CHANGED, {
            "ranking": selectors.ranking_payload(ranking),
            "aggregate": selectors.aggregate_payload(appraisal),
        }

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def selection_set(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    solution_ids: object,
    reason: object = "",
    outlier_notes: object = "",
    dropout_notes: object = "",
) -> OpResult:
    """Select the top three to five together (A14); departing from the aggregate needs a reason."""
    ids = _ids(solution_ids, "solution_ids")
    reason = _text(reason, "reason", _("Reason"))
    outlier_notes = _text(outlier_notes, "outlier_notes", _("Outliers"))
    dropout_notes = _text(dropout_notes, "dropout_notes", _("Dropouts"))

    def change(workshop, appraisal):
        candidates = selectors.candidate_solution_ids(appraisal)
        if set(ids) - set(candidates):
            raise NotFound(
                _("One of these solutions does not exist or is merged into another."),
                field="solution_ids",
            )
        # One to five is the request's own rule (400); how few are too few, and whether a
        # reason is needed, depends on the solutions and the rankings there are now (409).
        how_many = _("Select three to five solutions (or all of them when there are fewer).")
        if not 1 <= len(ids) <= SELECTION_MAX:
            raise Invalid(how_many, field="solution_ids")
        if len(ids) < min(SELECTION_MIN, len(candidates)):
            raise Conflict(how_many, field="solution_ids")
        aggregate = selectors.aggregate_payload(appraisal)
        departs = selectors.departs_from_aggregate(ids, aggregate)
        if departs and not reason:
            raise Conflict(
                _("This selection differs from the advice of the rankings. Write down why."),
                field="reason",
            )
        selection = Selection.objects.filter(appraisal=appraisal).first() or Selection(
            appraisal=appraisal, version=0
        )
        selection.solution_ids, selection.reason = ids, reason
        selection.departs_from_aggregate = departs
        selection.outlier_notes, selection.dropout_notes = outlier_notes, dropout_notes
        selection.version += 1
        selection.save()
        return events.SELECTION_CHANGED, {"selection": selectors.selection_payload(selection)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)
