"""Event kinds of sticker votes (docs/realtime.md), logged and broadcast by ``apply_op``."""

BALLOT_CHANGED = "ballot.changed"  # the whole ballot: made, changed, a target added or removed
BALLOT_DELETED = "ballot.deleted"
STICKER_PLACED = "sticker.placed"
STICKER_REMOVED = "sticker.removed"

EVENT_KINDS = (BALLOT_CHANGED, BALLOT_DELETED, STICKER_PLACED, STICKER_REMOVED)
