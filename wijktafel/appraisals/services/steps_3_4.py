"""Steps 3 and 4: the baseline, the shared horizon and the solutions."""

from __future__ import annotations

import uuid

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijktafel.core.errors import Conflict, Invalid
from wijktafel.workshops.ops import facilitators_only
from wijktafel.workshops.services import Actor, OpResult

from .. import actions, events, selectors
from ..models import Appraisal, Baseline, Solution, SolutionCard
from ._common import (
    _bool,
    _bump,
    _check_version,
    _group,
    _horizon,
    _id,
    _line,
    _may_write_group_item,
    _money,
    _ootb_count,
    _op,
    _postits_of,
    _require_own_group,
    _solution,
    _text,
)

# --- Step 3: baseline and the shared horizon ------------------------------------------------------

BASELINE_TEXTS = (
    "description",
    "decisions_taken",
    "legal_norms",
    "behaviour_change",
    "autonomous_change",
)
BASELINE_TEXT_MAX = 4000
BASELINE_MONEY = (
    "one_off_cost",
    "periodic_cost_per_year",
    "one_off_income",
    "periodic_income_per_year",
)


def _other_horizons(appraisal: Appraisal, years: int) -> list[int]:
    return sorted(
        set(
            SolutionCard.objects.filter(solution__appraisal=appraisal, horizon_years__isnull=False)
            .exclude(horizon_years=years)
            .values_list("horizon_years", flat=True)
        )
    )


@facilitators_only
def baseline_set(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    fields: dict,
    version: object = None,
) -> OpResult:
    """Describe the baseline alternative: text, checklist, horizon and four cost elements."""
    cleaned: dict = {}
    labels = {
        "description": _("Description"),
        "decisions_taken": _("Decisions already taken"),
        "legal_norms": _("Legal norms"),
        "behaviour_change": _("Behaviour change"),
        "autonomous_change": _("Autonomous change"),
    }
    for name in BASELINE_TEXTS:
        if name in fields:
            cleaned[name] = _text(fields[name], name, labels[name], max_length=BASELINE_TEXT_MAX)
    for name in BASELINE_MONEY:
        if name in fields:
            cleaned[name] = _money(fields[name], name)
    checklist = fields.get("checklist")
    if checklist is not None:
        if not isinstance(checklist, dict) or set(checklist) - set(selectors.BASELINE_CHECKS):
            raise Invalid(_("The checklist is not valid."), field="checklist")
        for name, value in checklist.items():
            cleaned[f"check_{name}"] = _bool(value, f"checklist.{name}")
    if "confirmed_in_session_two" in fields:
        cleaned["confirmed_in_session_two"] = _bool(
            fields["confirmed_in_session_two"], "confirmed_in_session_two"
        )
    if "horizon_years" in fields:
        cleaned["horizon_years"] = _horizon(fields["horizon_years"])
    if not cleaned:
        raise Invalid(_("Nothing to change."))

    def change(workshop, appraisal):
        baseline = Baseline.objects.filter(appraisal=appraisal).first()
        if baseline is None:
            years = cleaned.get("horizon_years") or appraisal.horizon_years
            if years is None:  # only the first write needs it, when the appraisal has none: 409
                raise Conflict(
                    _("Choose the horizon in years: the period over which costs are counted."),
                    field="horizon_years",
                )
            baseline = Baseline(appraisal=appraisal, horizon_years=years, version=0)
        else:
            _check_version(
                baseline,
                version,
                _("Someone else changed the baseline. Look at it again and try again."),
            )
        years = cleaned.get("horizon_years", baseline.horizon_years)
        others = _other_horizons(appraisal, years)
        if others:
            raise Conflict(
                ngettext(
                    "The baseline and every solution card use the same horizon. Solution cards use "
                    "%(others)s year; change the horizon of all at once instead.",
                    "The baseline and every solution card use the same horizon. Solution cards use "
                    "%(others)s years; change the horizon of all at once instead.",
                    others[0] if len(others) == 1 else 2,
                )
                % {"others": ", ".join(map(str, others))},
                field="horizon_years",
            )
        for name, value in {**cleaned, "horizon_years": years}.items():
            setattr(baseline, name, value)
        baseline.version += 1
        baseline.save()
        if appraisal.horizon_years != years:
            appraisal.horizon_years = years
            appraisal.save(update_fields=["horizon_years"])
        return events.BASELINE_CHANGED, {
            "baseline": selectors.baseline_payload(baseline),
            "horizon_years": years,
        }

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def horizon_set(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, horizon_years: object
) -> OpResult:
    """Change the horizon of the appraisal, the baseline and every solution card at once (A8)."""
    years = _horizon(horizon_years)

    def change(workshop, appraisal):
        appraisal.horizon_years = years
        appraisal.save(update_fields=["horizon_years"])
        Baseline.objects.filter(appraisal=appraisal).update(horizon_years=years)
        SolutionCard.objects.filter(solution__appraisal=appraisal).update(horizon_years=years)
        baseline = Baseline.objects.filter(appraisal=appraisal).first()
        cards = SolutionCard.objects.filter(solution__appraisal=appraisal).order_by("solution_id")
        return events.HORIZON_CHANGED, {
            "horizon_years": years,
            "baseline": selectors.baseline_payload(baseline),
            "cards": [selectors.card_payload(c) for c in cards],
        }

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


# --- Step 4: solutions ----------------------------------------------------------------------------


def _clean_solution(fields: dict, *, creating: bool) -> dict:
    cleaned: dict = {}
    if "title" in fields or creating:
        cleaned["title"] = _line(fields.get("title"), "title", _("The solution"), required=True)
    if "effects_text" in fields:
        cleaned["effects_text"] = _text(fields["effects_text"], "effects_text", _("Effects"))
    if "who_experiences" in fields:
        cleaned["who_experiences"] = _text(
            fields["who_experiences"], "who_experiences", _("Who experiences them")
        )
    if "out_of_the_box" in fields:
        cleaned["out_of_the_box"] = _bool(fields["out_of_the_box"], "out_of_the_box")
    return cleaned


def _keeps_ootb(solution: Solution, *, losing: bool) -> None:
    """A group that finished step 4 keeps at least one out-of-the-box solution (A10)."""
    group = solution.group
    if not losing or group is None or 4 not in group.closed_steps or not solution.out_of_the_box:
        return
    if _ootb_count(group) <= 1:
        raise Conflict(
            _(
                "This is the only out-of-the-box solution of a group that finished step "
                "4. "
                "Every group keeps at least one."
            ),
            field="out_of_the_box",
        )


def solution_create(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    fields: dict,
    group_id: object = None,
    from_postit_id: object = None,
) -> OpResult:
    """Write a solution in the three columns; a parked idea from steps 1–3 can come back."""
    cleaned = _clean_solution(fields, creating=True)

    def change(workshop, appraisal):
        if actor.is_facilitator_of(workshop):
            group = None if group_id is None else _group(appraisal, workshop, group_id)
        else:
            group = _require_own_group(actor, workshop)
        postit = None
        if from_postit_id is not None:
            postit = _postits_of(
                appraisal, [_id(from_postit_id, "from_postit_id")], "from_postit_id"
            )[0]
            if not postit.parked:
                raise Conflict(
                    _("Only a parked post-it can come back as a solution."), field="from_postit_id"
                )
        top = appraisal.solutions.aggregate(m=Max("position"))["m"]
        solution = Solution.objects.create(
            appraisal=appraisal,
            group=group,
            from_postit=postit,
            position=0 if top is None else top + 1,
            **cleaned,
        )
        return events.SOLUTION_CREATED, {"solution": selectors.solution_payload(solution)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def solution_update(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    solution_id: object,
    fields: dict,
    version: object = None,
) -> OpResult:
    cleaned = _clean_solution(fields, creating=False)
    if not cleaned:
        raise Invalid(_("Nothing to change."))

    def change(workshop, appraisal):
        solution = _solution(appraisal, solution_id)
        _may_write_group_item(actor, workshop, solution.group_id)
        _check_version(
            solution,
            version,
            _("Someone else changed this solution. Look at it again and try again."),
        )
        _keeps_ootb(solution, losing=cleaned.get("out_of_the_box") is False)
        for name, value in cleaned.items():
            setattr(solution, name, value)
        _bump(solution, list(cleaned))
        return events.SOLUTION_UPDATED, {"solution": selectors.solution_payload(solution)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def solution_delete(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, solution_id: object
) -> OpResult:
    def change(workshop, appraisal):
        solution = _solution(appraisal, solution_id)
        _may_write_group_item(actor, workshop, solution.group_id)
        _keeps_ootb(solution, losing=True)
        pk = solution.pk
        freed = list(solution.merged.values_list("pk", flat=True))
        actions.to_investigate(pk).delete()  # its card's research tasks go with it
        solution.delete()
        return events.SOLUTION_DELETED, {"id": pk, "unmerged_ids": freed}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def solution_merge(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    solution_id: object,
    into_id: object = None,
) -> OpResult:
    """Merge an overlapping solution into another (``into_id`` null: take it out again)."""

    def change(workshop, appraisal):
        solution = _solution(appraisal, solution_id)
        if into_id is None:
            solution.merged_into = None
        else:
            target = _solution(appraisal, into_id, "into_id")
            # Refused for the solutions as stored (409), as a post-it's merge is.
            if target.pk == solution.pk:
                raise Conflict(_("A solution cannot be merged with itself."), field="into_id")
            if target.merged_into_id is not None:
                raise Conflict(
                    _("Merge into a solution that is not merged itself."), field="into_id"
                )
            Solution.objects.filter(merged_into=solution).update(merged_into=target)
            solution.merged_into = target
        _bump(solution, ["merged_into"])
        return events.SOLUTION_UPDATED, {"solution": selectors.solution_payload(solution)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)
