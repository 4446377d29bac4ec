"""JSON shapes of the appraisal API (input parsing only; the rules live in services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

Text = str | None


class AppraisalCreateIn(Schema):
    title: str = Field(description="At most 200 characters.")
    trigger: Text = Field(None, description="The aanleiding: as sharp and concrete as possible.")
    starting_point: str = Field("problem", description="problem | opportunity | intervention")
    area_id: int | None = Field(None, description="A neighbourhood of your organisation.")
    horizon_years: int | None = Field(None,
        description="Period over which costs are counted (1–100).")
    top_n: int = Field(3, description="Size of the pre-selection in step 6: 3, 4 or 5.")


class AppraisalUpdateIn(Schema):
    title: Text = None
    trigger: Text = None
    starting_point: Text = None
    top_n: int | None = None
    status: str | None = Field(None, description="open | decided | closed")


class WarningOut(Schema):
    code: str = Field(description="too_many_effects | no_negative_effect | no_effects | "
                                  "more_core_problems_for_owner | group_size | trigger_empty | "
                                  "trigger_vague")
    message: str


class AppraisalOut(Schema):
    id: int
    title: str
    trigger: str
    trigger_warnings: list[dict] = Field(
        default_factory=list, description="Codes of the soft lint of the trigger: trigger_empty, "
                                          "trigger_vague (a message is in `warnings`).")
    warnings: list[WarningOut] = Field(default_factory=list)
    starting_point: str
    area_id: int | None
    horizon_years: int | None
    top_n: int
    session_one_id: int | None
    session_two_id: int | None
    status: str


class SessionLinkIn(Schema):
    session: int = Field(
        description="1 for werksessie I (steps 1–4), 2 for werksessie II (steps 5–8).")
    workshop_id: int = Field(description="A workshop of the same organisation.")


class ChangeOut(Schema):
    seq: int = Field(
        description="Number of the change in the event log of the workshop in the path.")
    kind: str = Field(description="The event kind (docs/realtime.md).")
    data: dict[str, Any] = Field(
        description="The event's data, as every member of the session receives it.")
    warnings: list[WarningOut] = Field(
        default_factory=list, description="Soft rules of the method: shown, never refused.")


class GroupIn(Schema):
    name: str
    member_ids: list[int] = Field(default_factory=list,
        description="Participants of this workshop.")


class GroupUpdateIn(Schema):
    name: Text = None
    member_ids: list[int] | None = Field(None, description="The new members; left out = unchanged.")


class GroupsFormIn(Schema):
    size: int = Field(4,
        description="Wanted group size; groups get at least three people where possible.")


class GroupStepIn(Schema):
    step: int = Field(
        description="1–8. Step 4 can only be closed with an out-of-the-box solution.")
    closed: bool = True


class ProblemMarkIn(Schema):
    postit_id: int = Field(description="One of the participant's own post-its.")
    participant_id: int | None = Field(None, description="Facilitators: for whom.")


class CoreProblemIn(Schema):
    owner_id: int = Field(description="The column (problem owner) of the step-1 wall.")
    formulation: str
    source_postit_ids: list[int] = Field(default_factory=list)
    underlying_problems: list[str] = Field(default_factory=list)
    nature: Text = None
    affected_count: int | None = None
    affected_unit: Text = None
    what_if_unsolved: Text = None
    could_solve_itself: str | None = Field(None, description="yes | no | partly | unknown")
    solves_itself_explanation: Text = None
    original_wording: Text = Field(None, description="Default: the texts of the source post-its.")
    group_id: int | None = Field(None,
        description="Facilitators: for which group. Participants: their own.")


class CoreProblemUpdateIn(Schema):
    formulation: Text = None
    source_postit_ids: list[int] | None = None
    underlying_problems: list[str] | None = None
    nature: Text = None
    affected_count: int | None = None
    affected_unit: Text = None
    what_if_unsolved: Text = None
    could_solve_itself: str | None = None
    solves_itself_explanation: Text = None
    version: int | None = Field(None,
        description="The version you edited; 409 when someone changed it since.")


class ConfirmIn(Schema):
    confirmed: bool = True


class BaselineIn(Schema):
    description: Text = None
    checklist: dict[str, bool] | None = Field(
        None, description="not_a_solution, decisions_taken, sober, legal_norms, behaviour_change, "
                          "autonomous_change: visited or not.")
    decisions_taken: Text = None
    legal_norms: Text = None
    behaviour_change: Text = None
    autonomous_change: Text = None
    horizon_years: int | None = None
    one_off_cost: int | None = Field(None, description="Whole euros.")
    periodic_cost_per_year: int | None = None
    one_off_income: int | None = None
    periodic_income_per_year: int | None = None
    confirmed_in_session_two: bool | None = None
    version: int | None = None


class HorizonIn(Schema):
    horizon_years: int


class SolutionIn(Schema):
    title: str
    effects_text: Text = None
    who_experiences: Text = None
    out_of_the_box: bool = False
    group_id: int | None = Field(None,
        description="Facilitators: for which group. Participants: their own.")
    from_postit_id: int | None = Field(None,
        description="A parked post-it whose idea comes back here.")


class SolutionUpdateIn(Schema):
    title: Text = None
    effects_text: Text = None
    who_experiences: Text = None
    out_of_the_box: bool | None = None
    version: int | None = None


class MergeIn(Schema):
    into_id: int | None = Field(
        description="The solution it overlaps with; null takes it out again.")


class EffectIn(Schema):
    text: str = Field(description="Best with a comparative: less, better, higher.")
    sign: str = Field(description="+ or -")
    who: Text = None
    reach: str | None = Field(None, description="complex | buurt | wijk | stad")
    core_effect_id: int | None = None


class InvestigateIn(Schema):
    title: str
    owner_name: Text = None
    due_date: dt.date | None = None


class CardIn(Schema):
    description: Text = None
    horizon_years: int | None = Field(None, description="Must equal the baseline's horizon.")
    extra_one_off_cost: int | None = Field(None, description="Against the baseline, whole euros.")
    extra_periodic_cost_per_year: int | None = None
    extra_one_off_income: int | None = None
    extra_periodic_income_per_year: int | None = None
    effects: list[EffectIn] | None = Field(None, description="Replaces the card's effects.")
    uncertainties: list[str] | None = None
    variants: list[str] | None = None
    to_investigate: list[InvestigateIn] | None = Field(None, description="Become research actions.")
    version: int | None = None


class CoreEffectIn(Schema):
    id: int | None = None
    text: str
    mirrors_core_problem_id: int | None = None


class CoreEffectsIn(Schema):
    items: list[CoreEffectIn] = Field(description="One or two core effects.")


class CriterionIn(Schema):
    title: str


class RankingIn(Schema):
    ordered_solution_ids: list[int] = Field(
        description="Best first; a subset of the solutions is allowed.")
    solving_power: dict[str, dict[str, int]] | None = Field(
        None, description='{"<core problem id>": {"<solution id>": percentage 0–100}}; '
                          'left out: kept as it is ({} clears it)')
    notes: Text = Field(None, description='Left out: kept as it is ("" clears it).')
    version: int | None = None


class SelectionIn(Schema):
    solution_ids: list[int] = Field(description="Three to five (or all when there are fewer).")
    reason: Text = Field(None,
        description="Required when the selection departs from the aggregate.")
    outlier_notes: Text = None
    dropout_notes: Text = None


class EffectCardIn(Schema):
    solution_id: int = Field(description="A selected solution.")
    core_problem_id: int = Field(description="The problem owner, by their core problem.")
    main_effects: list[str] = Field(default_factory=list)
    size: str = Field(description="small | medium | large")
    notes: Text = None
    version: int | None = None


class ChoiceIn(Schema):
    kind: str = Field(description="solution | combination | baseline | investigate_more")
    solution_ids: list[int] = Field(default_factory=list)
    baseline_considered: bool = False
    baseline_reason: Text = None
    combinations_considered: Text = None
    other_aspects: Text = Field(None, description="For example support among residents.")
    decision_procedure: Text = Field(None, description="Who decides, and how.")
    decided_by: Text = None
    decision_date: dt.date | None = None
    is_final: bool = Field(False, description="Only when the baseline was considered.")


class InsightIn(Schema):
    text: str
    shared_with_residents_present: bool = False
    core_problem_ids: list[int] = Field(default_factory=list)


class ActionIn(Schema):
    title: str
    owner_name: Text = None
    due_date: dt.date | None = None
    kind: str | None = Field(None, description="work_agreement | research_task | follow_up")
    source: Text = Field(None, description="Where it came from, e.g. step5 or choice.")


class ActionUpdateIn(Schema):
    title: Text = None
    owner_name: Text = None
    due_date: dt.date | None = None
    kind: str | None = None
    source: Text = None
    status: str | None = Field(None, description="open | done | dropped")


class PitchIn(Schema):
    done: bool | None = None
    clarifying_questions: list[str] | None = Field(None, description="One or two, no discussion.")
