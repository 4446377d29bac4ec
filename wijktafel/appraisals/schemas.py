"""JSON shapes of the appraisal API (input parsing only; the rules live in services)."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import ConfigDict
from pydantic import Field as PydanticField

from wijktafel.agreements.models import Agreement
from wijktafel.workshops.ops import (
    MAX_ID,
    Chars,
    Day,
    Flag,
    Id,
    IdsUpTo,
    Int,
    IntRange,
    ListOf,
    OneOf,
    OpInput,
    one_of_given,
)

from .models import MAX_STEP, ActionKind, Appraisal, Choice, CoreProblem, Effect, EffectCard
from .selectors import BASELINE_CHECKS
from .services import _common as common
from .services import groups, steps_1_2, steps_3_4, steps_5_6, steps_7_8

# The inputs' types, each with the limit its service keeps (``services._common`` and the steps).
Title = Chars(common.LINE_MAX)
Line = Chars(common.LINE_MAX, empty=True)  # one line, may be empty
Lines = Chars(common.TEXT_MAX, empty=True)  # several lines, may be empty
Item = Chars(common.LIST_ITEM_MAX, empty=True)  # one text of a list (empty ones are left out)
Items = ListOf(Item, most=common.MAX_LIST)
Ids = IdsUpTo(common.MAX_IDS, unique=True)
Horizon = IntRange(1, common.MAX_HORIZON)
Money = IntRange(-common.MAX_MONEY, common.MAX_MONEY)  # whole euros, as far as ``Int`` reaches
TopN = IntRange(common.SELECTION_MIN, common.SELECTION_MAX)
OwnerName = Chars(common.OWNER_NAME_MAX, empty=True)
# An id inside a list's item (read by ``_common._id``, which also takes one as digits).
RowId = Annotated[int, PydanticField(json_schema_extra={"minimum": 1, "maximum": MAX_ID})]


class AppraisalCreateIn(Schema):
    title: Title = Field(description="At most 200 characters.")
    trigger: Lines | None = Field(
        None, description="The aanleiding: as sharp and concrete as possible."
    )
    starting_point: OneOf(Appraisal.StartingPoint.values) = Field(
        "problem", description="problem | opportunity | intervention"
    )
    area_id: Id | None = Field(None, description="A neighbourhood of your organisation.")
    horizon_years: Horizon | None = Field(
        None, description="Period over which costs are counted (1–100)."
    )
    top_n: TopN = Field(3, description="Size of the pre-selection in step 6: 3, 4 or 5.")


class AppraisalUpdateIn(Schema):
    model_config = ConfigDict(
        json_schema_extra=one_of_given("title", "trigger", "starting_point", "top_n", "status")
    )

    title: Title | None = None
    trigger: Lines | None = None
    starting_point: OneOf(Appraisal.StartingPoint.values) | None = None
    top_n: TopN | None = None
    status: OneOf(Appraisal.Status.values) | None = Field(
        None, description="open | decided | closed"
    )


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
    session: IntRange(1, 2) = Field(
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

DAY = "A date like 2026-12-31."
VERSION = "The version you edited; 409 when someone changed it since."
GroupName = Chars(groups.NAME_MAX)


class GroupIn(OpInput):
    name: GroupName
    member_ids: Ids = Field(default_factory=list, description="Participants of this workshop.")


class GroupRef(OpInput):
    group_id: Id


class GroupUpdateIn(GroupRef):
    name: GroupName | None = None
    member_ids: Ids | None = Field(None, description="The new members; left out = unchanged.")


class GroupsFormIn(OpInput):
    size: IntRange(*groups.GROUP_SIZE) = Field(
        4, description="Wanted group size; groups get at least three people where possible."
    )


class GroupStepIn(GroupRef):
    step: IntRange(1, MAX_STEP) = Field(
        description="1–8. Step 4 can only be closed with an out-of-the-box solution."
    )
    closed: Flag = True


class NothingIn(OpInput):
    """An op without data."""


class PitchIn(OpInput):
    model_config = ConfigDict(json_schema_extra=one_of_given("done", "clarifying_questions"))

    pitch_id: Id
    done: Flag | None = None
    clarifying_questions: ListOf(Item, most=steps_1_2.MAX_CLARIFYING_QUESTIONS) | None = Field(
        None, description="One or two, no discussion."
    )


class ProblemMarkIn(OpInput):
    postit_id: Id = Field(description="One of the participant's own post-its.")
    participant_id: Id | None = Field(None, description="Facilitators: for whom.")


class ProblemMarkRemoveIn(OpInput):
    participant_id: Id | None = Field(None, description="Whose mark; participants: their own.")


CORE_PROBLEM_FIELDS = (
    "underlying_problems",
    "nature",
    "affected_count",
    "affected_unit",
    "what_if_unsolved",
    "could_solve_itself",
    "solves_itself_explanation",
)
# A null is "as it is" for these (the op drops it); the others' null clears them.
CORE_PROBLEM_DROPPED = ("formulation", "could_solve_itself")


class CoreProblemFields(OpInput):
    underlying_problems: Items | None = None
    nature: Lines | None = None
    affected_count: IntRange(0, steps_1_2.AFFECTED_COUNT_MAX) | None = None
    affected_unit: Chars(steps_1_2.AFFECTED_UNIT_MAX, empty=True) | None = None
    what_if_unsolved: Lines | None = None
    could_solve_itself: OneOf(CoreProblem.SolvesItself.values) | None = Field(
        None, description="yes | no | partly | unknown; null: as it is"
    )
    solves_itself_explanation: Lines | None = None


class CoreProblemIn(CoreProblemFields):
    owner_id: Id = Field(description="The column (problem owner) of the step-1 wall.")
    formulation: Chars(steps_1_2.CORE_PROBLEM_TEXTS["formulation"])
    source_postit_ids: Ids = Field(default_factory=list)
    original_wording: Lines | None = Field(
        None, description="Default: the texts of the source post-its."
    )
    group_id: Id | None = Field(
        None, description="Facilitators: for which group. Participants: their own."
    )


class CoreProblemRef(OpInput):
    core_problem_id: Id


class CoreProblemUpdateIn(CoreProblemFields, CoreProblemRef):
    model_config = ConfigDict(
        json_schema_extra=one_of_given(
            "formulation",
            *CORE_PROBLEM_FIELDS,
            "source_postit_ids",
            nulls=tuple(n for n in CORE_PROBLEM_FIELDS if n not in CORE_PROBLEM_DROPPED),
        )
    )

    formulation: Chars(steps_1_2.CORE_PROBLEM_TEXTS["formulation"]) | None = Field(
        None, description="Null: as it is."
    )
    source_postit_ids: Ids | None = None
    version: Int | None = Field(None, description=VERSION)


class ConfirmIn(CoreProblemRef):
    confirmed: Flag = True


BaselineText = Chars(steps_3_4.BASELINE_TEXT_MAX, empty=True)
Checklist = Annotated[
    dict[str, bool],
    PydanticField(
        json_schema_extra={"propertyNames": {"enum": list(BASELINE_CHECKS)}},
    ),
]


class BaselineIn(OpInput):
    # Something to change: a text (null clears it) or a value that is not null.
    model_config = ConfigDict(
        json_schema_extra=one_of_given(
            *steps_3_4.BASELINE_TEXTS,
            "checklist",
            "horizon_years",
            *steps_3_4.BASELINE_MONEY,
            "confirmed_in_session_two",
            nulls=steps_3_4.BASELINE_TEXTS,
        )
    )

    description: BaselineText | None = None
    checklist: Checklist | None = Field(
        None,
        description="not_a_solution, decisions_taken, sober, legal_norms, behaviour_change, "
        "autonomous_change: visited or not.",
    )
    decisions_taken: BaselineText | None = None
    legal_norms: BaselineText | None = None
    behaviour_change: BaselineText | None = None
    autonomous_change: BaselineText | None = None
    horizon_years: Horizon | None = None
    one_off_cost: Money | None = Field(None, description="Whole euros.")
    periodic_cost_per_year: Money | None = None
    one_off_income: Money | None = None
    periodic_income_per_year: Money | None = None
    confirmed_in_session_two: Flag | None = None
    version: Int | None = None


class HorizonIn(OpInput):
    horizon_years: Horizon


class SolutionIn(OpInput):
    title: Title
    effects_text: Lines | None = None
    who_experiences: Lines | None = None
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
    model_config = ConfigDict(
        json_schema_extra=one_of_given("title", "effects_text", "who_experiences", "out_of_the_box")
    )

    title: Title | None = None
    effects_text: Lines | None = None
    who_experiences: Lines | None = None
    out_of_the_box: Flag | None = None
    version: Int | None = None


class MergeIn(SolutionRef):
    into_id: Id | None = Field(
        description="The solution it overlaps with; null takes it out again."
    )


EffectText = Chars(steps_5_6.EFFECT_MAX)


class EffectIn(Schema):
    text: EffectText = Field(description="Best with a comparative: less, better, higher.")
    sign: OneOf(Effect.Sign.values) = Field(description="+ or -")
    who: Line | None = None
    reach: OneOf(["", *Effect.Reach.values]) | None = Field(
        None, description="complex | buurt | wijk | stad"
    )
    core_effect_id: RowId | None = None


class InvestigateIn(Schema):
    title: EffectText
    owner_name: OwnerName | None = None
    due_date: Day | None = Field(None, description=DAY)


class CardIn(SolutionRef):
    description: Lines | None = None
    horizon_years: Horizon | None = Field(None, description="Must equal the baseline's horizon.")
    extra_one_off_cost: Money | None = Field(None, description="Against the baseline, whole euros.")
    extra_periodic_cost_per_year: Money | None = None
    extra_one_off_income: Money | None = None
    extra_periodic_income_per_year: Money | None = None
    effects: ListOf(EffectIn, most=common.MAX_LIST) | None = Field(
        None, description="Replaces the card's effects."
    )
    uncertainties: Items | None = None
    variants: Items | None = None
    to_investigate: ListOf(InvestigateIn, most=common.MAX_LIST) | None = Field(
        None, description="Become research actions."
    )
    version: Int | None = None


class CoreEffectIn(Schema):
    id: RowId | None = None
    text: EffectText
    mirrors_core_problem_id: RowId | None = None


class CoreEffectsIn(OpInput):
    items: ListOf(CoreEffectIn, most=steps_5_6.MAX_CORE_EFFECTS) = Field(
        description="One or two core effects."
    )


class CriterionIn(OpInput):
    title: Chars(steps_5_6.CRITERION_MAX)


class CriterionRef(OpInput):
    criterion_id: Id


# An id as the key of an object: digits (18 at most, so always a row id the database can hold).
KEY = {"pattern": "^[0-9]{1,18}$"}
Percentages = Annotated[
    dict[str, IntRange(*steps_5_6.SOLVING_POWER)],
    PydanticField(json_schema_extra={"propertyNames": KEY}),
]
SolvingPower = Annotated[
    dict[str, Percentages], PydanticField(json_schema_extra={"propertyNames": KEY})
]


class RankingIn(GroupRef):
    ordered_solution_ids: Ids = Field(
        description="Best first; a subset of the solutions is allowed."
    )
    solving_power: SolvingPower | None = Field(
        None,
        description='{"<core problem id>": {"<solution id>": percentage 0–100}}; '
        "left out: kept as it is ({} clears it)",
    )
    notes: Lines | None = Field(None, description='Left out: kept as it is ("" clears it).')
    version: Int | None = None


class SelectionIn(OpInput):
    solution_ids: IdsUpTo(common.SELECTION_MAX, least=1, unique=True) = Field(
        description="Three to five (or all when there are fewer)."
    )
    reason: Lines | None = Field(
        None, description="Required when the selection departs from the aggregate."
    )
    outlier_notes: Lines | None = None
    dropout_notes: Lines | None = None


class EffectCardIn(OpInput):
    solution_id: Id = Field(description="A selected solution.")
    core_problem_id: Id = Field(description="The problem owner, by their core problem.")
    main_effects: Items = Field(description="The main effects for this problem owner.")
    size: OneOf(EffectCard.Size.values) = Field(description="small | medium | large")
    notes: Lines | None = None
    version: Int | None = None


def _how_many(kind: str, **limits: int) -> dict:
    then: dict = {"properties": {"solution_ids": limits}}
    if limits.get("minItems"):
        then["required"] = ["solution_ids"]
    return {"if": {"properties": {"kind": {"const": kind}}}, "then": then}


class ChoiceIn(OpInput):
    # How many solutions each kind of choice names, and a final choice only when the baseline was
    # considered (``steps_7_8.choice_set``).
    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                _how_many(Choice.Kind.SOLUTION, minItems=1, maxItems=1),
                _how_many(Choice.Kind.COMBINATION, minItems=2),
                _how_many(Choice.Kind.BASELINE, maxItems=0),
                {
                    "if": {"required": ["is_final"], "properties": {"is_final": {"const": True}}},
                    "then": {
                        "required": ["baseline_considered"],
                        "properties": {"baseline_considered": {"const": True}},
                    },
                },
            ]
        }
    )

    kind: OneOf(Choice.Kind.values) = Field(
        description="solution | combination | baseline | investigate_more"
    )
    solution_ids: Ids = Field(
        default_factory=list,
        description="One for a solution, two or more for a combination, none for the baseline.",
    )
    baseline_considered: Flag = False
    baseline_reason: Lines | None = None
    combinations_considered: Lines | None = None
    other_aspects: Lines | None = Field(None, description="For example support among residents.")
    decision_procedure: Lines | None = Field(None, description="Who decides, and how.")
    decided_by: Line | None = None
    decision_date: Day | None = Field(None, description=DAY)
    is_final: Flag = Field(False, description="Only when the baseline was considered.")


class InsightIn(OpInput):
    text: Chars(common.TEXT_MAX)
    shared_with_residents_present: Flag = False
    core_problem_ids: Ids = Field(default_factory=list)


class InsightRef(OpInput):
    insight_id: Id


ActionTitle = Chars(steps_7_8.ACTION_TITLE_MAX)
ActionKindIn = OneOf(ActionKind.values)
Source = Chars(steps_7_8.SOURCE_MAX, empty=True)


class ActionIn(OpInput):
    title: ActionTitle
    owner_name: OwnerName | None = None
    due_date: Day | None = Field(None, description=DAY)
    kind: ActionKindIn | None = Field(
        None, description="work_agreement | research_task | follow_up"
    )
    source: Source | None = Field(None, description="Where it came from, e.g. step5 or choice.")


class ActionRef(OpInput):
    action_id: Id


class ActionUpdateIn(ActionRef):
    model_config = ConfigDict(
        json_schema_extra=one_of_given(
            "title", "owner_name", "due_date", "kind", "source", "status", nulls=("due_date",)
        )
    )

    title: ActionTitle | None = None
    owner_name: OwnerName | None = None
    due_date: Day | None = Field(None, description=DAY)
    kind: ActionKindIn | None = None
    source: Source | None = None
    status: OneOf(Agreement.Status.values) | None = Field(None, description="open | done | dropped")
