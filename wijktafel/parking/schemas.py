"""Input and output of the parking lot (ops and API)."""

from __future__ import annotations

from ninja import Field, Schema

from wijktafel.workshops.ops import Id, Int, OpInput, Text, id_of


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
    text: Text
    reason: Text = ""
    kind: Text = Field("topic", description="topic, or solution_idea (comes back at a step)")
    return_at_step: Int | None = Field(None, description="The method's step where it comes back.")


class TopicUpdateIn(OpInput):
    topic_id: Id = id_of("topic_id")
    status: Text | None = None
    reason: Text | None = None
    return_at_step: Int | None = None
    follow_up_id: Id | None = Field(None, description="An agreement of the register.")


class TopicIn(OpInput):
    topic_id: Id = id_of("topic_id")
