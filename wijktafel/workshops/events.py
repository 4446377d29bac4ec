"""Event kinds of the live session and the only calls that broadcast them."""

from wijktafel.core.realtime import encode, participant_group, send_to_group, workshop_group

# Event kinds (``<entity>.<past participle>``), documented in docs/realtime.md.
AGENDA_CHANGED = "agenda.changed"
TIMER_CHANGED = "timer.changed"
WORKSHOP_CHANGED = "workshop.changed"
PARTICIPANT_JOINED = "participant.joined"
PARTICIPANT_REMOVED = "participant.removed"
POSTIT_CREATED = "postit.created"
POSTIT_UPDATED = "postit.updated"
POSTIT_DELETED = "postit.deleted"
COLUMN_CREATED = "column.created"
COLUMN_UPDATED = "column.updated"
COLUMN_DELETED = "column.deleted"

EVENT_KINDS = (
    AGENDA_CHANGED, TIMER_CHANGED, WORKSHOP_CHANGED, PARTICIPANT_JOINED, PARTICIPANT_REMOVED,
    POSTIT_CREATED, POSTIT_UPDATED, POSTIT_DELETED, COLUMN_CREATED, COLUMN_UPDATED, COLUMN_DELETED,
)

# Close codes (docs/realtime.md).
CLOSE_UNAUTHENTICATED = 4401
CLOSE_REMOVED = 4403
CLOSE_ENDED = 4408


def broadcast_event(event) -> None:
    """Send one committed log entry to every socket of its workshop, encoded once."""
    send_to_group(
        workshop_group(event.workshop_id),
        {"type": "workshop.frame", "text": encode(event.as_message())},
    )


def close_participant_sockets(participant_id: int) -> None:
    """Close every socket of a removed participant with 4403."""
    send_to_group(participant_group(participant_id), {"type": "workshop.close", "code": CLOSE_REMOVED})


def close_workshop_sockets(workshop_id: int) -> None:
    """Close every socket of an ended workshop with 4408."""
    send_to_group(workshop_group(workshop_id), {"type": "workshop.close", "code": CLOSE_ENDED})
