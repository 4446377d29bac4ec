"""Frames for the live sockets and the calls that hand them to the fan-out hub after commit.

The database log is the truth; the hub (``wijktafel.core.fanout``) only wakes clients up, so a
failed broadcast is logged, never raised (the heartbeat and resync recover it)."""

import json

from wijktafel.core import fanout


def encode(message: dict) -> str:
    """Encode a socket frame once, so every socket of a room gets the same text."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def publish(room: int, seq: int, message: dict) -> None:
    """Send one committed event to every socket of ``room`` (a workshop id), in every worker."""
    fanout.hub().publish(room, seq, encode(message))


def close_room(room: int, code: int) -> None:
    """Close every socket of ``room`` with ``code``, in every worker."""
    fanout.hub().close_room(room, code)


def close_participant(participant_id: int, code: int) -> None:
    """Close every socket of one participant with ``code``, in every worker."""
    fanout.hub().close_participant(participant_id, code)
