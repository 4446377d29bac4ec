"""JSON shapes of the post-it wall in the API (the payloads of activities.selectors)."""

from __future__ import annotations

from ninja import Field, Schema

from wijktafel.parking.models import ParkedTopic
from wijktafel.workshops.ops import Chars, Flag, Id, Int, IntRange, OneOf, OpInput, id_of

from .services import COLUMN_TITLE_MAX, PARK_NOTE_MAX, POSITION_MAX, POSTIT_MAX, WHY_MAX

PostitText = Chars(POSTIT_MAX)
Why = Chars(WHY_MAX, empty=True)
ColumnTitle = Chars(COLUMN_TITLE_MAX)


class ColumnOut(Schema):
    id: int
    title: str
    position: int


class PostitOut(Schema):
    id: int
    text: str
    why: str
    column_id: int | None
    position: int
    parked: bool
    parked_note: str
    merged_into_id: int | None
    author_id: int | None = Field(
        description="The participant who wrote it; null when a facilitator did."
    )
    author_name: str
    by_facilitator: bool
    version: int = Field(
        description="Goes up by one with every change; send it back to detect edits by others."
    )


POSTIT = "The post-it."


class PostitCreateIn(OpInput):
    text: PostitText = Field(
        description="The post-it itself, at most 280 characters. Stored as typed (not HTML)."
    )
    why: Why | None = Field(None, description="Why is this a problem? At most 500 characters.")
    column_id: Id | None = Field(None, description="An existing column of this workshop.")
    column_title: Chars(COLUMN_TITLE_MAX, empty=True) | None = Field(
        None,
        description="Or a problem owner typed by the author; the column is made when it does not "
        "exist. Empty: no column.",
    )


class PostitIn(OpInput):
    postit_id: Id = id_of("postit_id", legacy="id", description=POSTIT)


class PostitUpdateIn(PostitIn):
    text: PostitText | None = Field(None, description="New text; left out = unchanged.")
    why: Why | None = Field(None, description="New reason; left out = unchanged.")
    version: Int | None = Field(
        None,
        description="The version you edited; when someone else changed the post-it since, you get 409.",
    )


class PostitMoveIn(PostitIn):
    column_id: Id | None = Field(description="Target column, or null for no column.")
    position: IntRange(0, POSITION_MAX) | None = None


class PostitMergeIn(PostitIn):
    into_id: Id = Field(description="The post-it this duplicate is merged into.")


class PostitParkIn(PostitIn):
    parked: Flag = True
    note: Chars(PARK_NOTE_MAX, empty=True) | None = Field(
        None, description="Why it is parked, at most 300 characters."
    )
    kind: OneOf(ParkedTopic.Kind.values) | None = Field(
        None,
        description="topic or solution_idea (it comes back where the method says ideas do); "
        "left out: the method decides by the step.",
    )


class PostitChangeOut(Schema):
    seq: int = Field(description="Sequence number of the change in the workshop's event log.")
    postit: PostitOut
    column: ColumnOut | None = Field(
        None, description="The column the new post-it went into, if any."
    )
    moved_ids: list[int] = Field(
        default_factory=list, description="Post-its that moved along with a merge."
    )


class PostitDeletedOut(Schema):
    seq: int
    id: int
    unmerged_ids: list[int] = Field(
        description="Post-its that were merged into it and are separate again."
    )


class ColumnIn(OpInput):
    title: ColumnTitle = Field(description="The problem owner or theme, at most 80 characters.")


class ColumnDeleteIn(OpInput):
    column_id: Id = id_of("column_id", legacy="id", description="The column.")


class ColumnRenameIn(ColumnDeleteIn, ColumnIn):
    pass


class ColumnChangeOut(Schema):
    seq: int
    column: ColumnOut


class ColumnDeletedOut(Schema):
    seq: int
    id: int
