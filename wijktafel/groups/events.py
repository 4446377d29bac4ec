"""Event kinds of the groups block (docs/realtime.md), logged and broadcast by ``apply_op``.

``grouping.changed`` carries every group of one kind (a form, a move or a deletion can change
several at once); ``acquaintance.changed`` carries only how many people said whom they know,
never who knows whom (decision 0013, "Hidden tallies")."""

GROUPING_CHANGED = "grouping.changed"
ACQUAINTANCE_CHANGED = "acquaintance.changed"

EVENT_KINDS = (GROUPING_CHANGED, ACQUAINTANCE_CHANGED)
