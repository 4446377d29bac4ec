"""Input and output of the parking lot (ops and API)."""

from __future__ import annotations

from ninja import Field, Schema

from wijktafel.workshops.ops import Chars, Id, IntRange, OneOf, OpInput, id_of

from .models import ParkedTopic
from .services import STEPS, TEXT_MAX

Reason = Chars(TEXT_MAX, empty=True)
Step = IntRange(*STEPS)


class ParkedTopicOut(Schema):
    id: int
    text: str
    reason: str
    kind: str = Field(description="topic or solution_idea")
    status: str = Field(description="parked, scheduled, resolved or dropped")
    raised_by_id: int | None
    raised_in_item_id: int | None
    return_at_step: int | None
    follow_up_id: int | None
    postit_id: int | None = Field(description="The post-it of the wall that is parked, if any.")


class TopicChangeOut(Schema):
    seq: int
    topic: ParkedTopicOut


class TopicRemovedOut(Schema):
    seq: int
    id: int


class TopicParkIn(OpInput):
    text: Chars(TEXT_MAX)
    reason: Reason = ""
    kind: OneOf(ParkedTopic.Kind.values) = Field(
        "topic", description="topic, or solution_idea (comes back at a step)"
    )
    return_at_step: Step | None = Field(None, description="The method's step where it comes back.")


class TopicUpdateIn(OpInput):
    topic_id: Id = id_of("topic_id")
    status: OneOf(ParkedTopic.Status.values) | None = None
    reason: Reason | None = None
    return_at_step: Step | None = None
    follow_up_id: Id | None = Field(None, description="An agreement of the register.")


class TopicIn(OpInput):
    topic_id: Id = id_of("topic_id")
