"""The post-it wall as a building block of every session: its live ops and its snapshot part."""

from __future__ import annotations

from wijktafel.workshops.ops import Op, Ref
from wijktafel.workshops.seam import Block, register

from . import events, services
from .schemas import (
    ColumnChangeOut,
    ColumnDeletedOut,
    ColumnDeleteIn,
    ColumnIn,
    ColumnOut,
    ColumnRenameIn,
    PostitChangeOut,
    PostitCreateIn,
    PostitDeletedOut,
    PostitIn,
    PostitMergeIn,
    PostitMoveIn,
    PostitOut,
    PostitParkIn,
    PostitUpdateIn,
)
from .selectors import wall_payload

POSTIT_FIELDS = set(PostitOut.model_fields)


def _postit(result, data) -> dict:
    payload = result.event.payload
    return {
        "seq": result.seq,
        "postit": {k: v for k, v in payload.items() if k in POSTIT_FIELDS},
        "column": payload.get("column"),
        "moved_ids": payload.get("moved_ids", []),
    }


def _column(result, data) -> dict:
    return {"seq": result.seq, "column": result.event.payload}


def _deleted(result, data) -> dict:
    return {"seq": result.seq, "id": result.event.payload["id"]}


POSTIT = "/postits/{postit_id}"

OPS = (
    Op(
        "postit.create",
        services.postit_create,
        PostitCreateIn,
        "POST",
        "/postits",
        "Add a post-it",
        example={"text": "Zwerfvuil bij de flat", "column_id": Ref("column")},
        status=201,
        response=PostitChangeOut,
        answer=_postit,
    ),
    Op(
        "postit.update",
        services.postit_update,
        PostitUpdateIn,
        "PATCH",
        POSTIT,
        "Change the text of a post-it (your own, or any as facilitator)",
        example={"postit_id": Ref("postit"), "text": "Zwerfvuil bij de speeltuin"},
        response=PostitChangeOut,
        answer=_postit,
    ),
    Op(
        "postit.delete",
        services.postit_delete,
        PostitIn,
        "DELETE",
        POSTIT,
        "Delete a post-it (your own, or any as facilitator)",
        example={"postit_id": Ref("postit")},
        response=PostitDeletedOut,
    ),
    Op(
        "postit.move",
        services.postit_move,
        PostitMoveIn,
        "POST",
        POSTIT + "/move",
        "Put a post-it in a column (or none) at a position",
        example={"postit_id": Ref("postit"), "column_id": Ref("column", "second"), "position": 0},
        response=PostitChangeOut,
        answer=_postit,
    ),
    Op(
        "postit.merge",
        services.postit_merge,
        PostitMergeIn,
        "POST",
        POSTIT + "/merge",
        "Merge a duplicate into another post-it",
        example={"postit_id": Ref("postit", "other", mirror=False), "into_id": Ref("postit")},
        response=PostitChangeOut,
        answer=_postit,
    ),
    Op(
        "postit.unmerge",
        services.postit_unmerge,
        PostitIn,
        "POST",
        POSTIT + "/unmerge",
        "Take a merged post-it out again",
        example={"postit_id": Ref("postit", "merged")},
        response=PostitChangeOut,
        answer=_postit,
    ),
    Op(
        "postit.park",
        services.postit_park,
        PostitParkIn,
        "POST",
        POSTIT + "/park",
        "Move a post-it to the parking lot with a note, or back",
        example={"postit_id": Ref("postit"), "parked": True, "note": "Later"},
        response=PostitChangeOut,
        answer=_postit,
    ),
    Op(
        "column.create",
        services.column_create,
        ColumnIn,
        "POST",
        "/columns",
        "Add a column at the end of the wall",
        example={"title": "Woningcorporatie"},
        status=201,
        response=ColumnChangeOut,
        answer=_column,
    ),
    Op(
        "column.rename",
        services.column_rename,
        ColumnRenameIn,
        "PATCH",
        "/columns/{column_id}",
        "Rename a column",
        example={"column_id": Ref("column"), "title": "Huurders"},
        response=ColumnChangeOut,
        answer=_column,
    ),
    Op(
        "column.delete",
        services.column_delete,
        ColumnDeleteIn,
        "DELETE",
        "/columns/{column_id}",
        "Delete a column; its post-its stay on the wall without a column",
        example={"column_id": Ref("column", "second")},
        response=ColumnDeletedOut,
        answer=_deleted,
    ),
)


def _routers():
    from .api import router

    return [router]


register(
    Block(
        key="wall",
        tag="post-it wall",
        ops=OPS,
        event_kinds=events.EVENT_KINDS,
        snapshot=wall_payload,
        api_routers=_routers,
        snapshot_schema={"columns": list[ColumnOut], "postits": list[PostitOut]},
    )
)
