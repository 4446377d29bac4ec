"""Input and output of the PMI evaluation (ops and API)."""

from __future__ import annotations

from ninja import Field, Schema

from wijktafel.stickers.schemas import BallotOut
from wijktafel.stickers.services import MAX_STICKERS, MAX_TOP
from wijktafel.workshops.ops import Chars, Flag, Id, IntRange, OneOf, OpInput, id_of

from .models import PmiEntry
from .services import PHASE_MAX, TEXT_MAX


class PmiEntryOut(Schema):
    id: int
    column: str = Field(description="plus, minus or interesting")
    text: str
    phase: str
    author_id: int | None = Field(description="Empty when the PMI is anonymous.")


class PmiOut(Schema):
    open: bool
    anonymous: bool
    entries: list[PmiEntryOut]


class PmiChangeOut(Schema):
    seq: int
    pmi: PmiOut


class PmiEntryChangeOut(Schema):
    seq: int
    entry: PmiEntryOut


class PmiEntryRemovedOut(Schema):
    seq: int
    id: int


class PmiDotsOut(Schema):
    seq: int
    ballot: BallotOut


class PmiUpdateIn(OpInput):
    open: Flag | None = Field(None, description="Phones show the PMI and take notes.")
    anonymous: Flag | None = Field(None, description="Nobody sees who wrote what.")


class PmiAddIn(OpInput):
    column: OneOf(PmiEntry.Column.values) = Field(description="plus, minus or interesting")
    text: Chars(TEXT_MAX)
    phase: Chars(PHASE_MAX, empty=True) = ""


class PmiRemoveIn(OpInput):
    entry_id: Id = id_of("entry_id")


class PmiDotsIn(OpInput):
    budget: IntRange(1, MAX_STICKERS) = Field(3, description="Dots per voter.")
    top_n: IntRange(1, MAX_TOP) = Field(3, description="How many improvements make the top.")
