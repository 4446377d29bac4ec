"""Every write of an appraisal (Afwegen in de Wijk), one function per user intention.

Writes inside a work session go through ``workshops.services.apply_op``: one transaction with
the next entry of that session's event log, broadcast after commit, and a repeated
``client_op_id`` of the same actor returns the first result and writes nothing. The method's
hard rules (docs/methods.md §3.8) are checked here, so pages, socket and API share them; a refusal
raises before anything is written.

One module per group of steps, all reached through this package (``services.group_create``):
``appraisals`` (the appraisal itself), ``groups``, ``steps_1_2`` (pitches, "probleem 1", core
problems), ``steps_3_4`` (baseline, horizon, solutions), ``steps_5_6`` (solution cards, core
effects, criteria, rankings, selection), ``steps_7_8`` (effect cards, choice, insights,
actions); ``_common`` holds the input cleaning and lookups they share.
"""

from __future__ import annotations

from ._common import MAX_HORIZON, MAX_ID, MAX_LIST, MAX_MONEY, SELECTION_MAX, SELECTION_MIN
from .appraisals import APPRAISAL_FIELDS, appraisal_create, appraisal_link, appraisal_update
from .groups import (
    group_create,
    group_delete,
    group_step_close,
    group_update,
    groups_carry_over,
    groups_form,
)
from .steps_1_2 import (
    CORE_PROBLEM_TEXTS,
    MAX_CLARIFYING_QUESTIONS,
    MAX_PITCHES,
    core_problem_confirm,
    core_problem_create,
    core_problem_delete,
    core_problem_update,
    pitch_update,
    pitches_plan,
    plan_pitches,
    problem_mark_remove,
    problem_mark_set,
)
from .steps_3_4 import (
    BASELINE_MONEY,
    BASELINE_TEXTS,
    baseline_set,
    horizon_set,
    solution_create,
    solution_delete,
    solution_merge,
    solution_update,
)
from .steps_5_6 import (
    CARD_MONEY,
    MAX_CORE_EFFECTS,
    card_save,
    core_effects_set,
    criterion_add,
    criterion_remove,
    ranking_set,
    selection_set,
)
from .steps_7_8 import (
    action_add,
    action_delete,
    action_update,
    choice_set,
    effect_card_set,
    insight_add,
    insight_delete,
)

__all__ = [
    "APPRAISAL_FIELDS",
    "BASELINE_MONEY",
    "BASELINE_TEXTS",
    "CARD_MONEY",
    "CORE_PROBLEM_TEXTS",
    "MAX_CLARIFYING_QUESTIONS",
    "MAX_CORE_EFFECTS",
    "MAX_HORIZON",
    "MAX_ID",
    "MAX_LIST",
    "MAX_MONEY",
    "MAX_PITCHES",
    "SELECTION_MAX",
    "SELECTION_MIN",
    "action_add",
    "action_delete",
    "action_update",
    "appraisal_create",
    "appraisal_link",
    "appraisal_update",
    "baseline_set",
    "card_save",
    "choice_set",
    "core_effects_set",
    "core_problem_confirm",
    "core_problem_create",
    "core_problem_delete",
    "core_problem_update",
    "criterion_add",
    "criterion_remove",
    "effect_card_set",
    "group_create",
    "group_delete",
    "group_step_close",
    "group_update",
    "groups_carry_over",
    "groups_form",
    "horizon_set",
    "insight_add",
    "insight_delete",
    "pitch_update",
    "pitches_plan",
    "plan_pitches",
    "problem_mark_remove",
    "problem_mark_set",
    "ranking_set",
    "selection_set",
    "solution_create",
    "solution_delete",
    "solution_merge",
    "solution_update",
]
