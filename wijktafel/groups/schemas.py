"""Input and output of the groups block (ops and API)."""

from __future__ import annotations

from ninja import Field, Schema

from wijktafel.workshops.ops import Flag, Id, Ids, Int, OpInput, Text, id_of


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
    kind: Text = Field(description="breakout, duo or trio")
    size: Int | None = Field(None, description="Breakouts only: people per group, 2 to 5.")


class GroupCreateIn(OpInput):
    kind: Text = Field(description="breakout, duo or trio")
    member_ids: Ids = Field(default_factory=list, description="Participants of this session.")


class GroupMoveIn(OpInput):
    participant_id: Id = id_of("participant_id")
    group_id: Id | None = Field(None, description="Null: out of their group of ``kind``.")
    kind: Text | None = Field(None, description="Needed when group_id is null.")


class GroupIn(OpInput):
    group_id: Id = id_of("group_id")


class GroupDoneIn(OpInput):
    kind: Text = Field(description="breakout, duo or trio")
    done: Flag = True


class AcquaintanceSetIn(OpInput):
    known_ids: Ids = Field(description="Other active participants of this session; all of them.")
