"""Reads of an appraisal that the socket snapshot, the API and (later) the pages share."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wijktafel.workshops.models import Workshop

from . import ranking
from .actions import action_payload, actions_of, to_investigate
from .models import (
    Appraisal,
    Baseline,
    Choice,
    CoreEffect,
    CoreProblem,
    Criterion,
    EffectCard,
    Group,
    GroupRanking,
    Insight,
    Pitch,
    Selection,
    Solution,
    SolutionCard,
)
from .problem_1 import mark_tally, problem_marks


def appraisal_for_workshop(workshop: Workshop | int) -> Appraisal | None:
    """The appraisal a work session belongs to (as session I or II), if any."""
    pk = workshop if isinstance(workshop, int) else workshop.pk
    return (
        Appraisal.objects.filter(session_one_id=pk).first()
        or Appraisal.objects.filter(session_two_id=pk).first()
    )


def appraisals_for_user(user):
    if user.is_superuser:
        return Appraisal.objects.all()
    if not user.organisation_id:
        return Appraisal.objects.none()
    return Appraisal.objects.filter(organisation_id=user.organisation_id)


# --- Payloads (what every member of a linked session may see) -------------------------------------

WEAK_TRIGGERS = ("iets met", "iets doen", "niet tevreden", "something with")  # W13's weak examples
SHARP_TRIGGER_CHARS = 40


def trigger_warnings(trigger: str) -> list[dict]:
    """Soft lint of the aanleiding (W13, S1 lesson 5): as sharp and concrete as possible."""
    text = (trigger or "").strip()
    if not text:
        return [{"code": "trigger_empty"}]
    if len(text) < SHARP_TRIGGER_CHARS or any(weak in text.casefold() for weak in WEAK_TRIGGERS):
        return [{"code": "trigger_vague"}]
    return []


def appraisal_summary(appraisal: Appraisal) -> dict:
    return {
        "id": appraisal.pk,
        "title": appraisal.title,
        "trigger": appraisal.trigger,
        "trigger_warnings": trigger_warnings(appraisal.trigger),
        "starting_point": appraisal.starting_point,
        "area_id": appraisal.area_id,
        "horizon_years": appraisal.horizon_years,
        "top_n": appraisal.top_n,
        "session_one_id": appraisal.session_one_id,
        "session_two_id": appraisal.session_two_id,
        "status": appraisal.status,
    }


def group_payload(group: Group) -> dict:
    return {
        "id": group.pk,
        "workshop_id": group.workshop_id,
        "name": group.name,
        "member_ids": sorted(member.pk for member in group.members.all()),
        "closed_steps": sorted(group.closed_steps),
        "position": group.position,
    }


def pitch_payload(pitch: Pitch) -> dict:
    return {
        "id": pitch.pk,
        "workshop_id": pitch.workshop_id,
        "position": pitch.position,
        "member_ids": sorted(member.pk for member in pitch.members.all()),
        "done": pitch.done,
        "clarifying_questions": list(pitch.clarifying_questions),
    }


def core_problem_payload(cp: CoreProblem) -> dict:
    return {
        "id": cp.pk,
        "owner_id": cp.owner_id,
        "owner_name": cp.owner_name,
        "group_id": cp.group_id,
        "formulation": cp.formulation,
        "original_wording": cp.original_wording,
        "source_postit_ids": sorted(postit.pk for postit in cp.source_postits.all()),
        "underlying_problems": list(cp.underlying_problems),
        "nature": cp.nature,
        "affected_count": cp.affected_count,
        "affected_unit": cp.affected_unit,
        "what_if_unsolved": cp.what_if_unsolved,
        "could_solve_itself": cp.could_solve_itself,
        "solves_itself_explanation": cp.solves_itself_explanation,
        "confirmed_sharp": cp.confirmed_sharp,
        "version": cp.version,
    }


BASELINE_CHECKS = (
    "not_a_solution",
    "decisions_taken",
    "sober",
    "legal_norms",
    "behaviour_change",
    "autonomous_change",
)


def baseline_payload(baseline: Baseline | None) -> dict | None:
    if baseline is None:
        return None
    return {
        "description": baseline.description,
        "checklist": {name: getattr(baseline, f"check_{name}") for name in BASELINE_CHECKS},
        "decisions_taken": baseline.decisions_taken,
        "legal_norms": baseline.legal_norms,
        "behaviour_change": baseline.behaviour_change,
        "autonomous_change": baseline.autonomous_change,
        "horizon_years": baseline.horizon_years,
        "one_off_cost": baseline.one_off_cost,
        "periodic_cost_per_year": baseline.periodic_cost_per_year,
        "one_off_income": baseline.one_off_income,
        "periodic_income_per_year": baseline.periodic_income_per_year,
        "total_cost": baseline.total_cost,
        "total_income": baseline.total_income,
        "confirmed_in_session_two": baseline.confirmed_in_session_two,
        "version": baseline.version,
    }


def solution_payload(solution: Solution) -> dict:
    return {
        "id": solution.pk,
        "group_id": solution.group_id,
        "title": solution.title,
        "effects_text": solution.effects_text,
        "who_experiences": solution.who_experiences,
        "out_of_the_box": solution.out_of_the_box,
        "merged_into_id": solution.merged_into_id,
        "from_postit_id": solution.from_postit_id,
        "version": solution.version,
    }


def card_payload(card: SolutionCard, investigate: list | None = None) -> dict:
    """A solution card; ``investigate``: its research tasks when already read (else read here)."""
    if investigate is None:
        investigate = list(to_investigate(card.solution_id))
    effects = list(card.effects.all())
    return {
        "solution_id": card.solution_id,
        "description": card.description,
        "horizon_years": card.horizon_years,
        "extra_one_off_cost": card.extra_one_off_cost,
        "extra_periodic_cost_per_year": card.extra_periodic_cost_per_year,
        "extra_one_off_income": card.extra_one_off_income,
        "extra_periodic_income_per_year": card.extra_periodic_income_per_year,
        "extra_total_cost": card.extra_total_cost,
        "extra_total_income": card.extra_total_income,
        "effects": [
            {
                "text": e.text,
                "sign": e.sign,
                "who": e.who,
                "reach": e.reach,
                "core_effect_id": e.core_effect_id,
            }
            for e in effects
        ],
        "uncertainties": list(card.uncertainties),
        "variants": list(card.variants),
        "to_investigate": [action_payload(a) for a in investigate],
        "warnings": card_warnings(effects),
        "version": card.version,
    }


MAX_EFFECTS = 5  # A11: the 3–5 most important effects


def card_warnings(effects) -> list[dict]:
    """Soft rules of a solution card (A11): never a refusal, shown next to the card."""
    warnings = []
    if len(effects) > MAX_EFFECTS:
        warnings.append({"code": "too_many_effects", "count": len(effects)})
    if effects and not any(e.sign == "-" for e in effects):
        warnings.append({"code": "no_negative_effect"})
    elif not effects:
        warnings.append({"code": "no_effects"})
    return warnings


def warning_message(warning: dict) -> str:
    """A warning code in the language of the request."""
    code = warning.get("code")
    if code == "too_many_effects":
        return _("This card has %(count)d effects. Keep the three to five most important ones.") % {
            "count": warning.get("count", 0)
        }
    if code == "no_negative_effect":
        return _(
            "This card has no negative effect. Negative effects are easy to overlook: think again."
        )
    if code == "no_effects":
        return _("This card has no effects yet.")
    if code == "trigger_empty":
        return _("There is no trigger yet. Why are we doing this appraisal?")
    if code == "trigger_vague":
        return _(
            "Make the trigger sharper and more concrete, for example: “this complex has had "
            "far more complaints about litter than average for years”."
        )
    if code == "group_size":
        return _("This group has %(count)d people. Groups of three or four work best.") % {
            "count": warning.get("count", 0)
        }
    if code == "more_core_problems_for_owner":
        return _("This problem owner now has more than one core problem. Usually there is one.")
    return str(code)


def core_effect_payload(ce: CoreEffect) -> dict:
    return {"id": ce.pk, "text": ce.text, "mirrors_core_problem_id": ce.mirrors_id}


def criteria_payload(appraisal: Appraisal) -> list[dict]:
    """The ranking criteria (A13): solving power per problem owner, extra costs, other effects,
    and the extra criteria of the organiser."""
    criteria = [
        {
            "key": f"solving_power:{cp.pk}",
            "kind": "solving_power",
            "core_problem_id": cp.pk,
            "title": _("Solving power for %(owner)s") % {"owner": cp.owner_name},
            "id": None,
        }
        for cp in appraisal.core_problems.all()
    ]
    criteria.append(
        {
            "key": "extra_costs",
            "kind": "extra_costs",
            "core_problem_id": None,
            "title": _("Extra costs"),
            "id": None,
        }
    )
    criteria.append(
        {
            "key": "other_effects",
            "kind": "other_effects",
            "core_problem_id": None,
            "title": _("Other effects"),
            "id": None,
        }
    )
    criteria.extend(
        {
            "key": f"extra:{c.pk}",
            "kind": "extra",
            "core_problem_id": None,
            "title": c.title,
            "id": c.pk,
        }
        for c in appraisal.criteria.all()
    )
    return criteria


def criterion_payload(criterion: Criterion) -> dict:
    return {
        "key": f"extra:{criterion.pk}",
        "kind": "extra",
        "core_problem_id": None,
        "title": criterion.title,
        "id": criterion.pk,
    }


def ranking_payload(ranking: GroupRanking) -> dict:
    return {
        "group_id": ranking.group_id,
        "ordered_solution_ids": list(ranking.ordered_solution_ids),
        "solving_power": ranking.solving_power,
        "notes": ranking.notes,
        "version": ranking.version,
    }


def selection_payload(selection: Selection | None) -> dict | None:
    if selection is None:
        return None
    return {
        "solution_ids": list(selection.solution_ids),
        "reason": selection.reason,
        "departs_from_aggregate": selection.departs_from_aggregate,
        "outlier_notes": selection.outlier_notes,
        "dropout_notes": selection.dropout_notes,
        "version": selection.version,
    }


def effect_card_payload(card: EffectCard) -> dict:
    return {
        "id": card.pk,
        "solution_id": card.solution_id,
        "core_problem_id": card.core_problem_id,
        "group_id": card.group_id,
        "main_effects": list(card.main_effects),
        "size": card.size,
        "notes": card.notes,
        "version": card.version,
    }


def choice_payload(choice: Choice | None) -> dict | None:
    if choice is None:
        return None
    return {
        "kind": choice.kind,
        "solution_ids": list(choice.solution_ids),
        "baseline_considered": choice.baseline_considered,
        "baseline_reason": choice.baseline_reason,
        "combinations_considered": choice.combinations_considered,
        "other_aspects": choice.other_aspects,
        "decision_procedure": choice.decision_procedure,
        "decided_by": choice.decided_by,
        "decision_date": choice.decision_date.isoformat() if choice.decision_date else None,
        "is_final": choice.is_final,
        "version": choice.version,
    }


def insight_payload(insight: Insight) -> dict:
    return {
        "id": insight.pk,
        "text": insight.text,
        "shared_with_residents_present": insight.shared_with_residents_present,
        "core_problem_ids": sorted(cp.pk for cp in insight.core_problems.all()),
    }


def _one(model, appraisal):
    return model.objects.filter(appraisal=appraisal).first()


def appraisal_payload(appraisal: Appraisal) -> dict:
    """The whole appraisal as every member of a linked session may see it."""
    solutions = list(appraisal.solutions.all())
    cards = SolutionCard.objects.filter(solution__appraisal=appraisal).prefetch_related("effects")
    groups = Group.objects.filter(appraisal=appraisal).prefetch_related("members")
    actions = list(actions_of(appraisal))
    investigate: dict[int, list] = {}
    for action in to_investigate([s.pk for s in solutions]):
        investigate.setdefault(action.link_id, []).append(action)
    core_problems = appraisal.core_problems.prefetch_related("source_postits")
    insights = appraisal.insights.prefetch_related("core_problems")
    pitches = appraisal.pitches.prefetch_related("members")
    rankings = GroupRanking.objects.filter(group__appraisal=appraisal).order_by(
        "group__position", "group_id"
    )
    return {
        **appraisal_summary(appraisal),
        "groups": [group_payload(g) for g in groups],
        "pitches": [pitch_payload(p) for p in pitches],
        "problem_marks": problem_marks(appraisal),
        "mark_tally": mark_tally(appraisal),
        "core_problems": [core_problem_payload(cp) for cp in core_problems],
        "baseline": baseline_payload(_one(Baseline, appraisal)),
        "solutions": [solution_payload(s) for s in solutions],
        "cards": [
            card_payload(c, investigate.get(c.solution_id, []))
            for c in cards.order_by("solution__position", "solution_id")
        ],
        "core_effects": [core_effect_payload(ce) for ce in appraisal.core_effects.all()],
        "criteria": criteria_payload(appraisal),
        "rankings": [ranking_payload(r) for r in rankings],
        "aggregate": aggregate_payload(appraisal),
        "selection": selection_payload(_one(Selection, appraisal)),
        "effect_cards": [
            effect_card_payload(c) for c in EffectCard.objects.filter(solution__appraisal=appraisal)
        ],
        "effect_cards_missing": effect_cards_missing(appraisal),
        "choice": choice_payload(_one(Choice, appraisal)),
        "insights": [insight_payload(i) for i in insights],
        "actions": [action_payload(a) for a in actions],
    }


def effect_cards_missing(appraisal: Appraisal) -> list[dict]:
    """Step 7 asks for an effect card per selected solution and problem owner: the ones not made."""
    selection = Selection.objects.filter(appraisal=appraisal).first()
    if selection is None:
        return []
    made = set(
        EffectCard.objects.filter(solution__appraisal=appraisal).values_list(
            "solution_id", "core_problem_id"
        )
    )
    core_problems = list(appraisal.core_problems.values_list("pk", flat=True))
    return [
        {"solution_id": s, "core_problem_id": cp}
        for s in selection.solution_ids
        for cp in core_problems
        if (s, cp) not in made
    ]


def workshop_appraisal_payload(workshop: Workshop) -> dict | None:
    """The appraisal part of a workshop's snapshot, or None for a session outside an appraisal."""
    appraisal = appraisal_for_workshop(workshop)
    return appraisal_payload(appraisal) if appraisal is not None else None


# --- Aggregate of the group rankings (step 6) -----------------------------------------------------


def candidate_solution_ids(appraisal: Appraisal) -> list[int]:
    """Solutions that can be ranked and selected: not merged into another."""
    return list(appraisal.solutions.filter(merged_into__isnull=True).values_list("pk", flat=True))


def aggregate_payload(appraisal: Appraisal) -> dict:
    """The advisory aggregate of the group rankings (step 6), computed by ``ranking``."""
    candidates = candidate_solution_ids(appraisal)
    known = set(candidates)
    rankings: dict[int, list[int]] = {}
    solving_power: dict[int, dict] = {}
    for r in GroupRanking.objects.filter(group__appraisal=appraisal).order_by(
        "group__position", "group_id"
    ):
        order = [int(i) for i in r.ordered_solution_ids if int(i) in known]
        if order:
            rankings[r.group_id] = order
        if r.solving_power:
            solving_power[r.group_id] = r.solving_power
    payload = aggregate_rankings(rankings, candidates, top_n=appraisal.top_n)
    payload["cost_effectiveness"] = cost_effectiveness_payload(appraisal, solving_power)
    return payload


def aggregate_rankings(rankings: dict[int, list[int]], items: list[int], *, top_n: int) -> dict:
    """Rank sums (the reference for the top), the Kemeny–Young consensus, outliers and dropouts.

    ``rankings``: group id -> solution ids best first (a group may leave some out); ``items``:
    every solution that can be selected, in the order that breaks ties."""
    empty = {
        "method": "rank_sum",
        "top_n": top_n,
        "order": [],
        "top": [],
        "tiers": [],
        "summaries": [],
        "consensus": None,
        "consensus_agrees": True,
        "outliers": [],
        "dropouts": [],
    }
    if not rankings or not items or len(items) > ranking.MAX_SOLUTIONS:
        return empty
    result = ranking.aggregate(
        {g: ranking.strict_order(order) for g, order in rankings.items()}, items, top_n=top_n
    )
    groups = list(rankings)
    order = [s for tier in result.tiers for s in tier]
    consensus = result.consensus
    return {
        "method": "rank_sum",
        "top_n": top_n,
        "order": order,
        "top": order[:top_n],
        "tiers": [list(tier) for tier in result.tiers],
        "summaries": [
            {
                "solution_id": s.solution,
                "position": s.position,
                "rank_sum": s.rank_sum,
                "mean_rank": s.mean_rank,
                "median_rank": s.median_rank,
                "times_ranked": s.times_ranked,
                "spread": s.spread,
                "ranks": {str(g): rank for g, rank in zip(groups, s.ranks, strict=True)},
            }
            for s in result.summaries
        ],
        "consensus": {
            "order": list(consensus.order),
            "distance": consensus.distance,
            "lower_bound": consensus.lower_bound,
            "exact": consensus.exact,
            "unique": consensus.unique,
            "method": consensus.method,
        },
        "consensus_agrees": result.consensus_agrees,
        "outliers": [
            {
                "solution_id": o.solution,
                "top_group_ids": list(o.top_groups),
                "bottom_group_ids": list(o.bottom_groups),
            }
            for o in result.outliers
        ],
        "dropouts": [
            {
                "solution_id": d.solution,
                "position": d.position,
                "at_cut": d.at_cut,
                "high_group_ids": list(d.high_groups),
            }
            for d in result.dropouts
        ],
    }


def cost_effectiveness_payload(appraisal: Appraisal, solving_power: dict[int, dict]) -> list[dict]:
    """Per group, core problem and solution: percentage points of solving power per €100,000 of
    extra costs (W10 tip), from the group's percentages and the card's total extra costs."""
    costs = {
        card.solution_id: card.extra_total_cost
        for card in SolutionCard.objects.filter(solution__appraisal=appraisal)
    }
    rows = []
    for group_id, per_problem in solving_power.items():
        for cp_id, per_solution in per_problem.items():
            for solution_id, pct in per_solution.items():
                result = ranking.cost_effectiveness(pct, costs.get(int(solution_id)))
                rows.append(
                    {
                        "group_id": group_id,
                        "core_problem_id": int(cp_id),
                        "solution_id": int(solution_id),
                        "solving_power_pct": pct,
                        "extra_cost_eur": costs.get(int(solution_id)),
                        "kind": result.kind,
                        "points_per_100k": result.points_per_100k,
                    }
                )
    return rows


def departs_from_aggregate(selected: list[int], aggregate: dict) -> bool:
    """Whether a selection differs from the aggregate's top, ties taken into account."""
    if not aggregate["tiers"]:
        return False
    return ranking.departure(selected, aggregate["tiers"]).departs
