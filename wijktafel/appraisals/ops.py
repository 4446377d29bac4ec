"""Every appraisal write inside a work session, declared once as a live op (decision 0011).

Each op is a socket op and an API route under ``/workshops/{workshop_id}/appraisal``; both check
``data`` with its schema and call its service, which checks the contents and the method's rules.
Who may is stated on the service (``@facilitators_only``). The answer of every route is a
``ChangeOut``: the seq, the event kind and data, and the method's soft warnings.
"""

from __future__ import annotations

from wijktafel.workshops.ops import Op, OpInput, Ref

from . import selectors
from . import services as s
from .schemas import (
    CORE_PROBLEM_DROPPED,
    CORE_PROBLEM_FIELDS,
    ActionIn,
    ActionRef,
    ActionUpdateIn,
    BaselineIn,
    CardIn,
    ChangeOut,
    ChoiceIn,
    ConfirmIn,
    CoreEffectsIn,
    CoreProblemIn,
    CoreProblemRef,
    CoreProblemUpdateIn,
    CriterionIn,
    CriterionRef,
    EffectCardIn,
    GroupIn,
    GroupRef,
    GroupsFormIn,
    GroupStepIn,
    GroupUpdateIn,
    HorizonIn,
    InsightIn,
    InsightRef,
    MergeIn,
    NothingIn,
    PitchIn,
    ProblemMarkIn,
    ProblemMarkRemoveIn,
    RankingIn,
    SelectionIn,
    SolutionIn,
    SolutionRef,
    SolutionUpdateIn,
)


def change(result, data: dict) -> dict:
    """The answer of every appraisal op: the logged change with its warnings in words."""
    payload = result.event.payload
    warnings = [
        {"code": w["code"], "message": selectors.warning_message(w)}
        for w in payload.get("warnings", [])
    ]
    return {"seq": result.seq, "kind": result.event.kind, "data": payload, "warnings": warnings}


def _op(kind, service, schema, method, path, summary, example=None, **options) -> Op:
    return Op(
        kind,
        service,
        schema,
        method,
        "/appraisal" + path,
        summary,
        example=example or {},
        status=201 if method == "POST" and options.pop("creates", False) else 200,
        response=ChangeOut,
        answer=change,
        **options,
    )


# The core problem's fields whose null clears them; a null formulation or answer to "could it solve
# itself" is left as it is (the op drops it), as a PATCH does.
KEPT_NULLS = tuple(name for name in CORE_PROBLEM_FIELDS if name not in CORE_PROBLEM_DROPPED)

GROUP = "/groups/{group_id}"
CORE_PROBLEM = "/core-problems/{core_problem_id}"
SOLUTION = "/solutions/{solution_id}"

OPS = (
    # Groups
    _op(
        "group.create",
        s.group_create,
        GroupIn,
        "POST",
        "/groups",
        "Make a group by hand",
        {"name": "Groep 1", "member_ids": []},
        creates=True,
    ),
    _op(
        "groups.form",
        s.groups_form,
        GroupsFormIn,
        "POST",
        "/groups/form",
        "Form groups of everyone present, mixing organisations",
        {"size": 3},
        creates=True,
    ),
    _op(
        "groups.carry_over",
        s.groups_carry_over,
        OpInput,
        "POST",
        "/groups/carry-over",
        "Work session II: the groups of session I again, with the people who came back",
        {},
        creates=True,
    ),
    _op(
        "group.update",
        s.group_update,
        GroupUpdateIn,
        "PATCH",
        GROUP,
        "Rename a group or set its members",
        {"group_id": Ref("group"), "name": "Groep Noord"},
    ),
    _op(
        "group.delete",
        s.group_delete,
        GroupRef,
        "DELETE",
        GROUP,
        "Remove a group",
        {"group_id": Ref("group")},
    ),
    _op(
        "group.step_close",
        s.group_step_close,
        GroupStepIn,
        "POST",
        GROUP + "/steps",
        "A group finishes (or reopens) a step; step 4 needs an out-of-the-box one",
        {"group_id": Ref("group"), "step": 2},
    ),
    # Step 1: pitches and "probleem 1"
    _op(
        "pitches.plan",
        s.pitches_plan,
        NothingIn,
        "POST",
        "/pitches/plan",
        "Plan the step-1 pitches: at most ten, in pairs when more than ten people",
        creates=True,
    ),
    _op(
        "pitch.update",
        s.pitch_update,
        PitchIn,
        "PATCH",
        "/pitches/{pitch_id}",
        "Mark a pitch done; note its one or two clarifying questions",
        {"pitch_id": Ref("pitch"), "done": True, "clarifying_questions": ["Waar precies?"]},
    ),
    _op(
        "problem_mark.set",
        s.problem_mark_set,
        ProblemMarkIn,
        "POST",
        "/problem-marks",
        'Mark one of your own post-its as "probleem 1" (one per participant)',
        {"postit_id": Ref("postit"), "participant_id": Ref("participant", mirror=False)},
        creates=True,
    ),
    _op(
        "problem_mark.remove",
        s.problem_mark_remove,
        ProblemMarkRemoveIn,
        "DELETE",
        "/problem-marks/{participant_id}",
        'Remove a "probleem 1" mark (participants: their own)',
        {"participant_id": Ref("participant", "second")},
    ),
    # Step 2: core problems
    _op(
        "core_problem.create",
        s.core_problem_create,
        CoreProblemIn,
        "POST",
        "/core-problems",
        "Write the core problem of a problem owner (participants: their group's)",
        {"owner_id": Ref("column"), "formulation": "Jongeren hebben geen plek om af te spreken"},
        creates=True,
        into_fields=True,
        args=("owner_id", "source_postit_ids", "group_id"),
        drop_nulls=True,
        keep_nulls=(*KEPT_NULLS, "original_wording"),
    ),
    _op(
        "core_problem.update",
        s.core_problem_update,
        CoreProblemUpdateIn,
        "PATCH",
        CORE_PROBLEM,
        "Sharpen a core problem; the original wording is kept",
        {"core_problem_id": Ref("core_problem"), "formulation": "Scherper geformuleerd"},
        into_fields=True,
        args=("core_problem_id", "source_postit_ids", "version"),
        drop_nulls=True,
        keep_nulls=KEPT_NULLS,
    ),
    _op(
        "core_problem.confirm",
        s.core_problem_confirm,
        ConfirmIn,
        "POST",
        CORE_PROBLEM + "/confirm",
        "The facilitator confirms a core problem is sharp enough",
        {"core_problem_id": Ref("core_problem"), "confirmed": True},
    ),
    _op(
        "core_problem.delete",
        s.core_problem_delete,
        CoreProblemRef,
        "DELETE",
        CORE_PROBLEM,
        "Delete a core problem (participants: of their own group)",
        {"core_problem_id": Ref("core_problem")},
    ),
    # Step 3: baseline and horizon
    _op(
        "baseline.set",
        s.baseline_set,
        BaselineIn,
        "PUT",
        "/baseline",
        "Describe the baseline: checklist, horizon and four cost elements",
        {"description": "Het huidige beheer gaat door", "horizon_years": 10},
        into_fields=True,
        args=("version",),
        drop_nulls=True,
        keep_nulls=tuple(s.BASELINE_TEXTS),
    ),
    _op(
        "horizon.set",
        s.horizon_set,
        HorizonIn,
        "PUT",
        "/horizon",
        "Change the horizon of the baseline and every solution card at once",
        {"horizon_years": 5},
    ),
    # Step 4: solutions
    _op(
        "solution.create",
        s.solution_create,
        SolutionIn,
        "POST",
        "/solutions",
        "Write a solution: solution | effects | who experiences them",
        {"title": "Een jongerenwerker in de avond"},
        creates=True,
        into_fields=True,
        args=("group_id", "from_postit_id"),
    ),
    _op(
        "solution.update",
        s.solution_update,
        SolutionUpdateIn,
        "PATCH",
        SOLUTION,
        "Change a solution (participants: of their own group)",
        {"solution_id": Ref("solution"), "title": "Twee jongerenwerkers"},
        into_fields=True,
        args=("solution_id", "version"),
        drop_nulls=True,
    ),
    _op(
        "solution.delete",
        s.solution_delete,
        SolutionRef,
        "DELETE",
        SOLUTION,
        "Delete a solution (participants: of their own group)",
        {"solution_id": Ref("solution")},
    ),
    # ``into_id`` must be sent: null takes the solution out of its merge again.
    _op(
        "solution.merge",
        s.solution_merge,
        MergeIn,
        "POST",
        SOLUTION + "/merge",
        "Merge an overlapping solution into another, or take it out again",
        {"solution_id": Ref("solution", mirror=False), "into_id": None},
    ),
    # Step 5: solution cards and core effects
    _op(
        "solution_card.save",
        s.card_save,
        CardIn,
        "PUT",
        SOLUTION + "/card",
        "Write the solution card: effects, extra costs against the baseline",
        {"solution_id": Ref("solution"), "description": "Avondwerk in het buurthuis"},
        into_fields=True,
        args=("solution_id", "version"),
        drop_nulls=True,
        keep_nulls=("description",),
    ),
    _op(
        "core_effects.set",
        s.core_effects_set,
        CoreEffectsIn,
        "PUT",
        "/core-effects",
        "Name the one or two core effects, the mirror of the core problems",
        {"items": [{"text": "Meer veiligheid op straat"}]},
    ),
    # Step 6: criteria, rankings, selection
    _op(
        "criterion.add",
        s.criterion_add,
        CriterionIn,
        "POST",
        "/criteria",
        "Add a ranking criterion to the defaults",
        {"title": "Haalbaarheid"},
        creates=True,
    ),
    _op(
        "criterion.remove",
        s.criterion_remove,
        CriterionRef,
        "DELETE",
        "/criteria/{criterion_id}",
        "Remove an added criterion",
        {"criterion_id": Ref("criterion")},
    ),
    _op(
        "ranking.set",
        s.ranking_set,
        RankingIn,
        "PUT",
        GROUP + "/ranking",
        "A group's order of the solution cards, best first",
        {"group_id": Ref("group"), "ordered_solution_ids": [Ref("solution", mirror=False)]},
    ),
    _op(
        "selection.set",
        s.selection_set,
        SelectionIn,
        "PUT",
        "/selection",
        "Select the top three to five; a reason where it departs from the aggregate",
        {"solution_ids": [Ref("solution")]},
    ),
    # Step 7: effect cards
    _op(
        "effect_card.set",
        s.effect_card_set,
        EffectCardIn,
        "PUT",
        "/effect-cards",
        "Effect card of a selected solution for one problem owner",
        {
            "solution_id": Ref("solution"),
            "core_problem_id": Ref("core_problem", mirror=False),
            "main_effects": ["Minder overlast"],
            "size": "small",
        },
    ),
    # Step 8: the choice, insights, actions
    _op(
        "choice.set",
        s.choice_set,
        ChoiceIn,
        "PUT",
        "/choice",
        "Record the choice; final only when the baseline was considered",
        {"kind": "baseline", "baseline_considered": True},
        into_fields=True,
    ),
    _op(
        "insight.add",
        s.insight_add,
        InsightIn,
        "POST",
        "/insights",
        "Record what we learnt about the real problem",
        {"text": "Het probleem zit bij de verlichting", "core_problem_ids": [Ref("core_problem")]},
        creates=True,
    ),
    _op(
        "insight.delete",
        s.insight_delete,
        InsightRef,
        "DELETE",
        "/insights/{insight_id}",
        "Delete an insight",
        {"insight_id": Ref("insight")},
    ),
    _op(
        "action.add",
        s.action_add,
        ActionIn,
        "POST",
        "/actions",
        "Record an action or agreement with an owner and a due date",
        {"title": "Gesprek met de woningcorporatie"},
        creates=True,
        into_fields=True,
        drop_nulls=True,
    ),
    _op(
        "action.update",
        s.action_update,
        ActionUpdateIn,
        "PATCH",
        "/actions/{action_id}",
        "Change an action",
        {"action_id": Ref("action"), "status": "done"},
        into_fields=True,
        args=("action_id",),
        drop_nulls=True,
        keep_nulls=("due_date",),
    ),
    _op(
        "action.delete",
        s.action_delete,
        ActionRef,
        "DELETE",
        "/actions/{action_id}",
        "Delete an action",
        {"action_id": Ref("action")},
    ),
)
