"""Event kinds of the live session and the only calls that broadcast them."""

from wijktafel.core import realtime

# Event kinds (``<entity>.<past participle>``), documented in docs/realtime.md.
AGENDA_CHANGED = "agenda.changed"
TIMER_CHANGED = "timer.changed"
WORKSHOP_CHANGED = "workshop.changed"
PARTICIPANT_JOINED = "participant.joined"
PARTICIPANT_REMOVED = "participant.removed"
PARTICIPANT_UPDATED = "participant.updated"
ROUND_CHANGED = "round.changed"
SPOTLIGHT_CHANGED = "spotlight.changed"

EVENT_KINDS = (
    AGENDA_CHANGED,
    TIMER_CHANGED,
    WORKSHOP_CHANGED,
    PARTICIPANT_JOINED,
    PARTICIPANT_REMOVED,
    PARTICIPANT_UPDATED,
    ROUND_CHANGED,
    SPOTLIGHT_CHANGED,
)

# Close codes (docs/realtime.md).
CLOSE_UNAUTHENTICATED = 4401
CLOSE_REMOVED = 4403
CLOSE_ENDED = 4408


def broadcast_event(event) -> None:
    """Send one committed log entry to every socket of its workshop, encoded once (after commit)."""
    realtime.publish(event.workshop_id, event.seq, event.as_message())


def close_participant_sockets(participant_id: int) -> None:
    """Close every socket of a removed participant with 4403."""
    realtime.close_participant(participant_id, CLOSE_REMOVED)


def close_workshop_sockets(workshop_id: int) -> None:
    """Close every socket of an ended workshop with 4408."""
    realtime.close_room(workshop_id, CLOSE_ENDED)
