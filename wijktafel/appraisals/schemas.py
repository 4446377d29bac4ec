"""JSON shapes of the appraisal API (input parsing only; the rules live in services)."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import Field as PydanticField

from wijktafel.workshops.ops import Flag, Id, Ids, Int, OpInput, Text

OptionalText = str | None


class AppraisalCreateIn(Schema):
    title: str = Field(description="At most 200 characters.")
    trigger: OptionalText = Field(
        None, description="The aanleiding: as sharp and concrete as possible."
    )
    starting_point: str = Field("problem", description="problem | opportunity | intervention")
    area_id: Id | None = Field(None, description="A neighbourhood of your organisation.")
    horizon_years: Int | None = Field(
        None, description="Period over which costs are counted (1–100)."
    )
    top_n: Int = Field(3, description="Size of the pre-selection in step 6: 3, 4 or 5.")


class AppraisalUpdateIn(Schema):
    title: OptionalText = None
    trigger: OptionalText = None
    starting_point: OptionalText = None
    top_n: Int | None = None
    status: str | None = Field(None, description="open | decided | closed")


class WarningOut(Schema):
    code: str = Field(
        description="too_many_effects | no_negative_effect | no_effects | "
        "more_core_problems_for_owner | group_size | trigger_empty | "
        "trigger_vague"
    )
    message: str


class AppraisalOut(Schema):
    id: int
    title: str
    trigger: str
    trigger_warnings: list[dict] = Field(
        default_factory=list,
        description="Codes of the soft lint of the trigger: trigger_empty, "
        "trigger_vague (a message is in `warnings`).",
    )
    warnings: list[WarningOut] = Field(default_factory=list)
    starting_point: str
    area_id: int | None
    horizon_years: int | None
    top_n: int
    session_one_id: int | None
    session_two_id: int | None
    status: str


class SessionLinkIn(Schema):
    session: Int = Field(
        description="1 for werksessie I (steps 1–4), 2 for werksessie II (steps 5–8)."
    )
    workshop_id: Id = Field(description="A workshop of the same organisation.")


class ChangeOut(Schema):
    seq: int = Field(
        description="Number of the change in the event log of the workshop in the path."
    )
    kind: str = Field(description="The event kind (docs/realtime.md).")
    data: dict[str, Any] = Field(
        description="The event's data, as every member of the session receives it."
    )
    warnings: list[WarningOut] = Field(
        default_factory=list, description="Soft rules of the method: shown, never refused."
    )


# --- Inputs of the live ops (ops.py): path ids and body together, as on the socket ---------------

MaybeText = Text | None
Day = Annotated[str, PydanticField(strict=True, json_schema_extra={"format": "date"})]
DAY = "A date like 2026-12-31."
VERSION = "The version you edited; 409 when someone changed it since."


class GroupIn(OpInput):
    name: Text
    member_ids: Ids = Field(default_factory=list, description="Participants of this workshop.")


class GroupRef(OpInput):
    group_id: Id


class GroupUpdateIn(GroupRef):
    name: MaybeText = None
    member_ids: Ids | None = Field(None, description="The new members; left out = unchanged.")


class GroupsFormIn(OpInput):
    size: Int = Field(
        4, description="Wanted group size; groups get at least three people where possible."
    )


class GroupStepIn(GroupRef):
    step: Int = Field(description="1–8. Step 4 can only be closed with an out-of-the-box solution.")
    closed: Flag = True


class NothingIn(OpInput):
    """An op without data."""


class PitchIn(OpInput):
    pitch_id: Id
    done: Flag | None = None
    clarifying_questions: list[str] | None = Field(None, description="One or two, no discussion.")


class ProblemMarkIn(OpInput):
    postit_id: Id = Field(description="One of the participant's own post-its.")
    participant_id: Id | None = Field(None, description="Facilitators: for whom.")


class ProblemMarkRemoveIn(OpInput):
    participant_id: Id | None = Field(None, description="Whose mark; participants: their own.")


class CoreProblemFields(OpInput):
    underlying_problems: list[str] | None = None
    nature: MaybeText = None
    affected_count: Int | None = None
    affected_unit: MaybeText = None
    what_if_unsolved: MaybeText = None
    could_solve_itself: MaybeText = Field(None, description="yes | no | partly | unknown")
    solves_itself_explanation: MaybeText = None


class CoreProblemIn(CoreProblemFields):
    owner_id: Id = Field(description="The column (problem owner) of the step-1 wall.")
    formulation: Text
    source_postit_ids: Ids = Field(default_factory=list)
    original_wording: MaybeText = Field(
        None, description="Default: the texts of the source post-its."
    )
    group_id: Id | None = Field(
        None, description="Facilitators: for which group. Participants: their own."
    )


class CoreProblemRef(OpInput):
    core_problem_id: Id


class CoreProblemUpdateIn(CoreProblemFields, CoreProblemRef):
    formulation: MaybeText = None
    source_postit_ids: Ids | None = None
    version: Int | None = Field(None, description=VERSION)


class ConfirmIn(CoreProblemRef):
    confirmed: Flag = True


class BaselineIn(OpInput):
    description: MaybeText = None
    checklist: dict[str, bool] | None = Field(
        None,
        description="not_a_solution, decisions_taken, sober, legal_norms, behaviour_change, "
        "autonomous_change: visited or not.",
    )
    decisions_taken: MaybeText = None
    legal_norms: MaybeText = None
    behaviour_change: MaybeText = None
    autonomous_change: MaybeText = None
    horizon_years: Int | None = None
    one_off_cost: Int | None = Field(None, description="Whole euros.")
    periodic_cost_per_year: Int | None = None
    one_off_income: Int | None = None
    periodic_income_per_year: Int | None = None
    confirmed_in_session_two: Flag | None = None
    version: Int | None = None


class HorizonIn(OpInput):
    horizon_years: Int


class SolutionIn(OpInput):
    title: Text
    effects_text: MaybeText = None
    who_experiences: MaybeText = None
    out_of_the_box: Flag = False
    group_id: Id | None = Field(
        None, description="Facilitators: for which group. Participants: their own."
    )
    from_postit_id: Id | None = Field(
        None, description="A parked post-it whose idea comes back here."
    )


class SolutionRef(OpInput):
    solution_id: Id


class SolutionUpdateIn(SolutionRef):
    title: MaybeText = None
    effects_text: MaybeText = None
    who_experiences: MaybeText = None
    out_of_the_box: Flag | None = None
    version: Int | None = None


class MergeIn(SolutionRef):
    into_id: Id | None = Field(
        description="The solution it overlaps with; null takes it out again."
    )


class EffectIn(Schema):
    text: str = Field(description="Best with a comparative: less, better, higher.")
    sign: str = Field(description="+ or -")
    who: MaybeText = None
    reach: str | None = Field(None, description="complex | buurt | wijk | stad")
    core_effect_id: int | None = None


class InvestigateIn(Schema):
    title: str
    owner_name: MaybeText = None
    due_date: Day | None = Field(None, description=DAY)


class CardIn(SolutionRef):
    description: MaybeText = None
    horizon_years: Int | None = Field(None, description="Must equal the baseline's horizon.")
    extra_one_off_cost: Int | None = Field(None, description="Against the baseline, whole euros.")
    extra_periodic_cost_per_year: Int | None = None
    extra_one_off_income: Int | None = None
    extra_periodic_income_per_year: Int | None = None
    effects: list[EffectIn] | None = Field(None, description="Replaces the card's effects.")
    uncertainties: list[str] | None = None
    variants: list[str] | None = None
    to_investigate: list[InvestigateIn] | None = Field(None, description="Become research actions.")
    version: Int | None = None


class CoreEffectIn(Schema):
    id: int | None = None
    text: str
    mirrors_core_problem_id: int | None = None


class CoreEffectsIn(OpInput):
    items: list[CoreEffectIn] = Field(description="One or two core effects.")


class CriterionIn(OpInput):
    title: Text


class CriterionRef(OpInput):
    criterion_id: Id


class RankingIn(GroupRef):
    ordered_solution_ids: Ids = Field(
        description="Best first; a subset of the solutions is allowed."
    )
    solving_power: dict[str, dict[str, Int]] | None = Field(
        None,
        description='{"<core problem id>": {"<solution id>": percentage 0–100}}; '
        "left out: kept as it is ({} clears it)",
    )
    notes: MaybeText = Field(None, description='Left out: kept as it is ("" clears it).')
    version: Int | None = None


class SelectionIn(OpInput):
    solution_ids: Ids = Field(description="Three to five (or all when there are fewer).")
    reason: MaybeText = Field(
        None, description="Required when the selection departs from the aggregate."
    )
    outlier_notes: MaybeText = None
    dropout_notes: MaybeText = None


class EffectCardIn(OpInput):
    solution_id: Id = Field(description="A selected solution.")
    core_problem_id: Id = Field(description="The problem owner, by their core problem.")
    main_effects: list[str] = Field(description="The main effects for this problem owner.")
    size: Text = Field(description="small | medium | large")
    notes: MaybeText = None
    version: Int | None = None


class ChoiceIn(OpInput):
    kind: Text = Field(description="solution | combination | baseline | investigate_more")
    solution_ids: Ids = Field(default_factory=list)
    baseline_considered: Flag = False
    baseline_reason: MaybeText = None
    combinations_considered: MaybeText = None
    other_aspects: MaybeText = Field(None, description="For example support among residents.")
    decision_procedure: MaybeText = Field(None, description="Who decides, and how.")
    decided_by: MaybeText = None
    decision_date: Day | None = Field(None, description=DAY)
    is_final: Flag = Field(False, description="Only when the baseline was considered.")


class InsightIn(OpInput):
    text: Text
    shared_with_residents_present: Flag = False
    core_problem_ids: Ids = Field(default_factory=list)


class InsightRef(OpInput):
    insight_id: Id


class ActionIn(OpInput):
    title: Text
    owner_name: MaybeText = None
    due_date: Day | None = Field(None, description=DAY)
    kind: MaybeText = Field(None, description="work_agreement | research_task | follow_up")
    source: MaybeText = Field(None, description="Where it came from, e.g. step5 or choice.")


class ActionRef(OpInput):
    action_id: Id


class ActionUpdateIn(ActionRef):
    title: MaybeText = None
    owner_name: MaybeText = None
    due_date: Day | None = Field(None, description=DAY)
    kind: MaybeText = None
    source: MaybeText = None
    status: MaybeText = Field(None, description="open | done | dropped")
