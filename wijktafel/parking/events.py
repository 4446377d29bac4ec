"""Event kinds of the parking lot (docs/realtime.md), logged and broadcast by ``apply_op``."""

TOPIC_PARKED = "topic.parked"
TOPIC_UPDATED = "topic.updated"
TOPIC_REMOVED = "topic.removed"

EVENT_KINDS = (TOPIC_PARKED, TOPIC_UPDATED, TOPIC_REMOVED)
