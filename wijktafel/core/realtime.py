"""Hand events to the channel layer after commit. The database log is the truth;
the channel layer only wakes clients up, so a failed broadcast is logged, never raised."""

import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def workshop_group(workshop_id: int) -> str:
    return f"workshop.{workshop_id}"


def participant_group(participant_id: int) -> str:
    return f"participant.{participant_id}"


def encode(message: dict) -> str:
    """Encode a socket frame once, so every socket of a room gets the same bytes."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def send_to_group(group: str, message: dict) -> None:
    """Send a channel-layer message to a group; failures are logged and swallowed."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:  # the log, heartbeat and resync recover what is missed
        logger.exception("broadcast to %s failed", group)
