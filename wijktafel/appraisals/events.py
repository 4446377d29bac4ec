"""Event kinds of an appraisal (Afwegen in de Wijk), documented in docs/realtime.md.

Appraisal changes are logged in the event log of the work session they were made in and
broadcast through ``wijktafel.workshops.events.broadcast_event`` (via ``apply_op``), so the
socket, its replay and its idempotency are the live session's own.
"""

APPRAISAL_CHANGED = "appraisal.changed"
APPRAISAL_LINKED = "appraisal.linked"
GROUP_CREATED = "group.created"
GROUP_UPDATED = "group.updated"
GROUP_DELETED = "group.deleted"
GROUPS_FORMED = "groups.formed"
PITCHES_PLANNED = "pitches.planned"
PITCH_UPDATED = "pitch.updated"
PROBLEM_MARK_SET = "problem_mark.set"
PROBLEM_MARK_REMOVED = "problem_mark.removed"
CORE_PROBLEM_CREATED = "core_problem.created"
CORE_PROBLEM_UPDATED = "core_problem.updated"
CORE_PROBLEM_DELETED = "core_problem.deleted"
BASELINE_CHANGED = "baseline.changed"
HORIZON_CHANGED = "horizon.changed"
SOLUTION_CREATED = "solution.created"
SOLUTION_UPDATED = "solution.updated"
SOLUTION_DELETED = "solution.deleted"
SOLUTION_CARD_CHANGED = "solution_card.changed"
CORE_EFFECTS_CHANGED = "core_effects.changed"
CRITERION_CREATED = "criterion.created"
CRITERION_DELETED = "criterion.deleted"
RANKING_CHANGED = "ranking.changed"
SELECTION_CHANGED = "selection.changed"
EFFECT_CARD_CHANGED = "effect_card.changed"
CHOICE_CHANGED = "choice.changed"
INSIGHT_CREATED = "insight.created"
INSIGHT_DELETED = "insight.deleted"
ACTION_CREATED = "action.created"
ACTION_UPDATED = "action.updated"
ACTION_DELETED = "action.deleted"

EVENT_KINDS = (
    APPRAISAL_CHANGED,
    APPRAISAL_LINKED,
    GROUP_CREATED,
    GROUP_UPDATED,
    GROUP_DELETED,
    GROUPS_FORMED,
    PITCHES_PLANNED,
    PITCH_UPDATED,
    PROBLEM_MARK_SET,
    PROBLEM_MARK_REMOVED,
    CORE_PROBLEM_CREATED,
    CORE_PROBLEM_UPDATED,
    CORE_PROBLEM_DELETED,
    BASELINE_CHANGED,
    HORIZON_CHANGED,
    SOLUTION_CREATED,
    SOLUTION_UPDATED,
    SOLUTION_DELETED,
    SOLUTION_CARD_CHANGED,
    CORE_EFFECTS_CHANGED,
    CRITERION_CREATED,
    CRITERION_DELETED,
    RANKING_CHANGED,
    SELECTION_CHANGED,
    EFFECT_CARD_CHANGED,
    CHOICE_CHANGED,
    INSIGHT_CREATED,
    INSIGHT_DELETED,
    ACTION_CREATED,
    ACTION_UPDATED,
    ACTION_DELETED,
)
