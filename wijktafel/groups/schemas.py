"""Input and output of the groups block (ops and API)."""

from __future__ import annotations

from ninja import Field, Schema
from pydantic import ConfigDict

from wijktafel.workshops.ops import Flag, Id, IdsUpTo, IntRange, OneOf, OpInput, id_of

from .models import Kind
from .services import BREAKOUT_SIZE, MAX_KNOWN

GroupKind = OneOf(Kind.values)
People = IdsUpTo(MAX_KNOWN)


class GroupOut(Schema):
    id: int
    kind: str = Field(description="breakout, duo or trio")
    name: str
    position: int
    member_ids: list[int] = Field(description="Active members, helpers included.")
    counted: int = Field(description="Members who count towards the size (not helpers).")
    status: str = Field(
        description="ok; trio (the one duo of three an odd number needs); small; large"
    )


class GroupSetOut(Schema):
    kind: str
    done: bool = Field(description="The facilitator said the groups of this kind are complete.")


class AcquaintancesOut(Schema):
    answered: int = Field(description="How many participants said whom they already know.")


class GroupingOut(Schema):
    seq: int
    kind: str
    done: bool
    groups: list[GroupOut] = Field(description="Every group of this kind.")


class AcquaintanceOut(Schema):
    seq: int
    known_ids: list[int] = Field(description="Whom you said you know (only in your answer).")


class GroupFormIn(OpInput):
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"kind": {"not": {"const": Kind.BREAKOUT.value}}}},
            "then": {"properties": {"size": {"type": "null"}}},
        }
    )

    kind: GroupKind = Field(description="breakout, duo or trio")
    size: IntRange(*BREAKOUT_SIZE) | None = Field(
        None, description="Breakouts only: people per group, 2 to 5."
    )


class GroupCreateIn(OpInput):
    kind: GroupKind = Field(description="breakout, duo or trio")
    member_ids: People = Field(default_factory=list, description="Participants of this session.")


class GroupMoveIn(OpInput):
    model_config = ConfigDict(
        json_schema_extra={
            "if": {
                "not": {"required": ["group_id"], "properties": {"group_id": {"type": "integer"}}}
            },
            "then": {"required": ["kind"], "properties": {"kind": {"type": "string"}}},
        }
    )

    participant_id: Id = id_of("participant_id")
    group_id: Id | None = Field(None, description="Null: out of their group of ``kind``.")
    kind: GroupKind | None = Field(
        None, description="Needed when group_id is null; else the group's own kind."
    )


class GroupIn(OpInput):
    group_id: Id = id_of("group_id")


class GroupDoneIn(OpInput):
    kind: GroupKind = Field(description="breakout, duo or trio")
    done: Flag = True


class AcquaintanceSetIn(OpInput):
    known_ids: People = Field(description="Other active participants of this session; all of them.")
