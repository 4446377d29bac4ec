"""The parking lot as a building block of every session: ops, events, its snapshot key."""

from __future__ import annotations

from wijktafel.workshops.ops import Op, Ref
from wijktafel.workshops.seam import Block, register

from . import events, services
from .schemas import (
    ParkedTopicOut,
    TopicChangeOut,
    TopicIn,
    TopicParkIn,
    TopicRemovedOut,
    TopicUpdateIn,
)
from .selectors import parking_payload


def _topic(result, data) -> dict:
    return {"seq": result.seq, "topic": result.event.payload}


OPS = (
    Op(
        "topic.park",
        services.topic_park,
        TopicParkIn,
        "POST",
        "/parked-topics",
        "Park a topic for later, with a reason (the current agenda item is noted)",
        example={"text": "Budget voor het buurtfeest", "reason": "Hoort bij stap 4"},
        status=201,
        response=TopicChangeOut,
        answer=_topic,
    ),
    Op(
        "topic.update",
        services.topic_update,
        TopicUpdateIn,
        "PATCH",
        "/parked-topics/{topic_id}",
        "Schedule, resolve or drop a parked topic, or link its follow-up action",
        example={"topic_id": Ref("topic"), "status": "scheduled"},
        response=TopicChangeOut,
        answer=_topic,
        drop_nulls=True,
    ),
    Op(
        "topic.remove",
        services.topic_remove,
        TopicIn,
        "DELETE",
        "/parked-topics/{topic_id}",
        "Take a parked topic away (participants: their own, while parked)",
        example={"topic_id": Ref("topic")},
        response=TopicRemovedOut,
    ),
)


register(
    Block(
        key="parking",
        tag="parking lot",
        ops=OPS,
        event_kinds=events.EVENT_KINDS,
        snapshot=parking_payload,
        snapshot_schema={"parked_topics": list[ParkedTopicOut]},
    )
)
