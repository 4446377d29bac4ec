"""Every appraisal write as a socket op (docs/realtime.md, "Appraisal ops").

An op kind's ``data`` keys are the service's keyword arguments after ``workshop_id, actor,
client_op_id``, with the same names (the shared contract of the live pages). The consumer
checks the JSON types; the services check the contents (``fields``, ``items``,
``solving_power``, ...) and the method's rules, as for the API. ``FACILITATORS`` marks the
kinds whose service is facilitator-only on every path (``facilitator_only=True``), the same
routes the API opens to facilitators only, so a participant is refused before the service.
"""

from __future__ import annotations

from wijktafel.workshops.opspec import (
    BOOL,
    EVERYONE,
    FACILITATORS,
    ID,
    IDS,
    INT,
    LIST,
    OBJECT,
    STR,
    Field,
    OpSpec,
)

from . import services as s


def _required(key: str, type_: str = ID) -> Field:
    return Field(key, type_, required=True)


APPRAISAL_OPS: dict[str, OpSpec] = {
    # Groups
    "group.create": OpSpec(s.group_create, (
        _required("name", STR), Field("member_ids", IDS)), FACILITATORS),
    "group.update": OpSpec(s.group_update, (
        _required("group_id"), Field("name", STR), Field("member_ids", IDS)), FACILITATORS),
    "group.delete": OpSpec(s.group_delete, (_required("group_id"),), FACILITATORS),
    "groups.form": OpSpec(s.groups_form, (Field("size", INT),), FACILITATORS),
    "group.step_close": OpSpec(s.group_step_close, (
        _required("group_id"), _required("step", INT), Field("closed", BOOL)), EVERYONE),
    # Step 1: pitches and "probleem 1"
    "pitches.plan": OpSpec(s.pitches_plan, (), FACILITATORS),
    "pitch.update": OpSpec(s.pitch_update, (
        _required("pitch_id"), Field("done", BOOL), Field("clarifying_questions", LIST)),
        FACILITATORS),
    "problem_mark.set": OpSpec(s.problem_mark_set, (
        _required("postit_id"), Field("participant_id", ID)), EVERYONE),
    "problem_mark.remove": OpSpec(s.problem_mark_remove, (Field("participant_id", ID),), EVERYONE),
    # Step 2: core problems
    "core_problem.create": OpSpec(s.core_problem_create, (
        _required("owner_id"), _required("fields", OBJECT), Field("source_postit_ids", IDS),
        Field("group_id", ID)), EVERYONE),
    "core_problem.update": OpSpec(s.core_problem_update, (
        _required("core_problem_id"), _required("fields", OBJECT),
        Field("source_postit_ids", IDS), Field("version", INT)), EVERYONE),
    "core_problem.confirm": OpSpec(s.core_problem_confirm, (
        _required("core_problem_id"), Field("confirmed", BOOL)), FACILITATORS),
    "core_problem.delete": OpSpec(s.core_problem_delete, (_required("core_problem_id"),), EVERYONE),
    # Step 3: baseline and horizon
    "baseline.set": OpSpec(s.baseline_set, (
        _required("fields", OBJECT), Field("version", INT)), FACILITATORS),
    "horizon.set": OpSpec(s.horizon_set, (_required("horizon_years", INT),), FACILITATORS),
    # Step 4: solutions
    "solution.create": OpSpec(s.solution_create, (
        _required("fields", OBJECT), Field("group_id", ID), Field("from_postit_id", ID)), EVERYONE),
    "solution.update": OpSpec(s.solution_update, (
        _required("solution_id"), _required("fields", OBJECT), Field("version", INT)), EVERYONE),
    "solution.delete": OpSpec(s.solution_delete, (_required("solution_id"),), EVERYONE),
    # ``into_id`` must be sent: null takes the solution out of its merge again (as postit.move).
    "solution.merge": OpSpec(s.solution_merge, (
        _required("solution_id"), Field("into_id", ID, required=True, nullable=True)),
        FACILITATORS),
    # Step 5: solution cards and core effects
    "solution_card.save": OpSpec(s.card_save, (
        _required("solution_id"), _required("fields", OBJECT), Field("version", INT)), EVERYONE),
    "core_effects.set": OpSpec(s.core_effects_set, (_required("items", LIST),), FACILITATORS),
    # Step 6: criteria, rankings, selection
    "criterion.add": OpSpec(s.criterion_add, (_required("title", STR),), FACILITATORS),
    "criterion.remove": OpSpec(s.criterion_remove, (_required("criterion_id"),), FACILITATORS),
    "ranking.set": OpSpec(s.ranking_set, (
        _required("group_id"), _required("ordered_solution_ids", IDS),
        Field("solving_power", OBJECT), Field("notes", STR), Field("version", INT)), EVERYONE),
    "selection.set": OpSpec(s.selection_set, (
        _required("solution_ids", IDS), Field("reason", STR), Field("outlier_notes", STR),
        Field("dropout_notes", STR)), FACILITATORS),
    # Step 7: effect cards
    "effect_card.set": OpSpec(s.effect_card_set, (
        _required("solution_id"), _required("core_problem_id"), _required("main_effects", LIST),
        _required("size", STR), Field("notes", STR), Field("version", INT)), EVERYONE),
    # Step 8: the choice, insights, actions
    "choice.set": OpSpec(s.choice_set, (_required("fields", OBJECT),), FACILITATORS),
    "insight.add": OpSpec(s.insight_add, (
        _required("text", STR), Field("shared_with_residents_present", BOOL),
        Field("core_problem_ids", IDS)), EVERYONE),
    "insight.delete": OpSpec(s.insight_delete, (_required("insight_id"),), FACILITATORS),
    "action.add": OpSpec(s.action_add, (_required("fields", OBJECT),), FACILITATORS),
    "action.update": OpSpec(s.action_update, (
        _required("action_id"), _required("fields", OBJECT)), FACILITATORS),
    "action.delete": OpSpec(s.action_delete, (_required("action_id"),), FACILITATORS),
}
