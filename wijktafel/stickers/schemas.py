"""Input and output of sticker votes (ops and API)."""

from __future__ import annotations

from ninja import Field, Schema

from wijktafel.workshops.ops import Flag, Id, Ids, Int, OpInput, Text, id_of


class TargetOut(Schema):
    id: int
    label: str
    ref_id: int | None
    added_by_id: int | None


class StickerOut(Schema):
    id: int
    target_id: int
    voter_id: int


class BallotOut(Schema):
    id: int
    title: str
    target_kind: str
    budget: int
    cap: int
    top_n: int
    tally_hidden: bool
    status: str = Field(description="collecting, voting or closed")
    settled: list[int] = Field(description="The tied choices at the cut-off, in settled order.")
    targets: list[TargetOut]
    stickers: list[StickerOut]


class BallotChangeOut(Schema):
    seq: int
    ballot: BallotOut


class BallotDeletedOut(Schema):
    seq: int
    id: int


class StickerChangeOut(Schema):
    seq: int
    ballot_id: int
    id: int


class BallotCreateIn(OpInput):
    title: Text
    target_kind: Text = Field("item", description="What the choices are: question, postit, ...")
    budget: Int = Field(3, description="Stickers per voter, 1-20.")
    cap: Int = Field(1, description="Stickers one voter may put on one choice, 1-20.")
    top_n: Int = Field(3, description="How many choices make the top.")
    tally_hidden: Flag = Field(False, description="Screens hide the counts while voting.")
    targets: list[Text] = Field(default_factory=list, description="The first choices (labels).")


class BallotUpdateIn(OpInput):
    ballot_id: Id = id_of("ballot_id")
    title: Text | None = None
    budget: Int | None = None
    cap: Int | None = None
    top_n: Int | None = None
    tally_hidden: Flag | None = None
    status: Text | None = Field(None, description="collecting, voting or closed")


class BallotIn(OpInput):
    ballot_id: Id = id_of("ballot_id")


class TargetAddIn(OpInput):
    ballot_id: Id = id_of("ballot_id")
    label: Text
    ref_id: Int | None = Field(None, description="The id of the method's object, if any.")


class TargetIn(OpInput):
    ballot_id: Id = id_of("ballot_id")
    target_id: Id = id_of("target_id")


class BallotSettleIn(OpInput):
    ballot_id: Id = id_of("ballot_id")
    target_ids: Ids = Field(description="Exactly the choices tied at the cut-off, in order.")
