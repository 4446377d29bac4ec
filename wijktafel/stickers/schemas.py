"""Input and output of sticker votes (ops and API)."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema
from pydantic import ConfigDict

from wijktafel.workshops.ops import (
    MAX_ID,
    Chars,
    Flag,
    Id,
    IdsUpTo,
    IntRange,
    ListOf,
    OneOf,
    OpInput,
    id_of,
)

from .models import Ballot
from .services import LABEL_MAX, MAX_STICKERS, MAX_TARGETS, MAX_TOP, TARGET_KIND_MAX, TITLE_MAX

Title = Chars(TITLE_MAX)
Label = Chars(LABEL_MAX)
Stickers = IntRange(1, MAX_STICKERS)
Top = IntRange(1, MAX_TOP)
BUDGET, CAP = 3, 1  # when left out


def _cap_within_budget(*, default: bool = True) -> dict:
    """No more stickers on one choice than a voter has: ``cap`` at most ``budget`` (its default
    when left out, if ``default``), spelled out per budget since JSON Schema cannot compare two
    fields. Without ``default`` (a change) a cap or budget sent alone is held against the vote's
    own, which only the service knows (409)."""
    rules = [
        {
            "if": {"required": ["budget"], "properties": {"budget": {"const": budget}}},
            "then": {"properties": {"cap": {"maximum": budget}}},
        }
        for budget in range(1, MAX_STICKERS)
    ]
    if default:
        rules.append(
            {
                "if": {"not": {"required": ["budget"]}},
                "then": {"properties": {"cap": {"maximum": BUDGET}}},
            }
        )
    return {"allOf": rules}


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
    model_config = ConfigDict(json_schema_extra=_cap_within_budget())

    title: Title
    target_kind: Annotated[
        str,
        Field(
            strict=True,
            json_schema_extra={
                "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
                "maxLength": TARGET_KIND_MAX,
            },
        ),
    ] = Field("item", description="What the choices are: question, postit, ... (a word).")
    budget: Stickers = Field(BUDGET, description="Stickers per voter, 1-20.")
    cap: Stickers = Field(
        CAP, description="Stickers one voter may put on one choice, 1-20, not more than budget."
    )
    top_n: Top = Field(3, description="How many choices make the top, 1-50.")
    tally_hidden: Flag = Field(False, description="Screens hide the counts while voting.")
    targets: ListOf(Label, most=MAX_TARGETS) = Field(
        default_factory=list, description="The first choices (labels)."
    )


class BallotUpdateIn(OpInput):
    model_config = ConfigDict(json_schema_extra=_cap_within_budget(default=False))

    ballot_id: Id = id_of("ballot_id")
    title: Title | None = None
    budget: Stickers | None = Field(
        None, description="Not less than the cap (sent with it, or the vote's: else 409)."
    )
    cap: Stickers | None = Field(
        None, description="Not more than the budget (sent with it, or the vote's: else 409)."
    )
    top_n: Top | None = None
    tally_hidden: Flag | None = None
    status: OneOf(Ballot.Status.values) | None = Field(
        None, description="collecting, voting or closed"
    )


class BallotIn(OpInput):
    ballot_id: Id = id_of("ballot_id")


class TargetAddIn(OpInput):
    ballot_id: Id = id_of("ballot_id")
    label: Label
    ref_id: IntRange(1, MAX_ID) | None = Field(
        None, description="The id of the method's object, if any."
    )


class TargetIn(OpInput):
    ballot_id: Id = id_of("ballot_id")
    target_id: Id = id_of("target_id")


class BallotSettleIn(OpInput):
    ballot_id: Id = id_of("ballot_id")
    target_ids: IdsUpTo(MAX_TARGETS, unique=True) = Field(
        description="Exactly the choices tied at the cut-off now, in order (others: 409)."
    )
