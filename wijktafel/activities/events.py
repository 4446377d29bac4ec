"""Event kinds of the post-it wall, documented in docs/realtime.md. They are logged and broadcast
by ``workshops.services.apply_op`` like every change of a session."""

POSTIT_CREATED = "postit.created"
POSTIT_UPDATED = "postit.updated"
POSTIT_DELETED = "postit.deleted"
COLUMN_CREATED = "column.created"
COLUMN_UPDATED = "column.updated"
COLUMN_DELETED = "column.deleted"

EVENT_KINDS = (
    POSTIT_CREATED,
    POSTIT_UPDATED,
    POSTIT_DELETED,
    COLUMN_CREATED,
    COLUMN_UPDATED,
    COLUMN_DELETED,
)
