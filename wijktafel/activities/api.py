"""API of the post-it wall: post-its and columns of one workshop.

Participants (bearer token or joined cookie session) add post-its and change or delete their
own; facilitators do everything. Each endpoint authorises, calls activities.services and
returns the changed resource with the ``seq`` of its log entry.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from wijktafel.core.errors import NotFound
from wijktafel.workshops.api import ERRORS, IdempotencyKey, mark_replay, op_id
from wijktafel.workshops.api_auth import MEMBER_AUTH, facilitated_workshop, member_workshop

from . import selectors, services
from .models import Postit
from .schemas import (
    ColumnChangeOut,
    ColumnDeletedOut,
    ColumnIn,
    ColumnOut,
    PostitChangeOut,
    PostitCreateIn,
    PostitDeletedOut,
    PostitMergeIn,
    PostitMoveIn,
    PostitOut,
    PostitParkIn,
    PostitUpdateIn,
)

router = Router(tags=["post-it wall"])

POSTIT_FIELDS = set(PostitOut.model_fields)


def _postit_change(result: services.OpResult) -> dict:
    payload = result.event.payload
    return {
        "seq": result.seq,
        "postit": {k: v for k, v in payload.items() if k in POSTIT_FIELDS},
        "column": payload.get("column"),
        "moved_ids": payload.get("moved_ids", []),
    }


# --- Post-its ---------------------------------------------------------------------------------

@router.get("/workshops/{int:workshop_id}/postits", response={200: list[PostitOut], **ERRORS},
            auth=MEMBER_AUTH, summary="Every post-it of the wall, parked and merged ones included")
def list_postits(request, workshop_id: int):
    workshop = member_workshop(request, workshop_id)
    return selectors.wall_payload(workshop)["postits"]


@router.post("/workshops/{int:workshop_id}/postits", response={201: PostitChangeOut, **ERRORS},
             auth=MEMBER_AUTH, summary="Add a post-it")
def create_postit(request, workshop_id: int, payload: PostitCreateIn, response: HttpResponse,
                  idempotency_key: IdempotencyKey = None):
    workshop = member_workshop(request, workshop_id)
    result = services.postit_create(
        workshop_id=workshop.pk, actor=request.auth.actor, client_op_id=op_id(idempotency_key),
        text=payload.text, why=payload.why or "", column_id=payload.column_id, column_title=payload.column_title,
    )
    mark_replay(response, result)
    return Status(201, _postit_change(result))


@router.patch("/workshops/{int:workshop_id}/postits/{int:postit_id}", response={200: PostitChangeOut, **ERRORS},
              auth=MEMBER_AUTH, summary="Change the text of a post-it (your own, or any as facilitator)")
def update_postit(request, workshop_id: int, postit_id: int, payload: PostitUpdateIn, response: HttpResponse,
                  idempotency_key: IdempotencyKey = None):
    workshop = member_workshop(request, workshop_id)
    current = Postit.objects.filter(workshop=workshop, pk=postit_id).values("text", "why").first()
    if current is None:
        raise NotFound(_("This post-it no longer exists."))
    result = services.postit_update(
        workshop_id=workshop.pk, actor=request.auth.actor, client_op_id=op_id(idempotency_key),
        postit_id=postit_id,
        text=current["text"] if payload.text is None else payload.text,
        why=current["why"] if payload.why is None else payload.why,
        version=payload.version,
    )
    mark_replay(response, result)
    return _postit_change(result)


@router.delete("/workshops/{int:workshop_id}/postits/{int:postit_id}", response={200: PostitDeletedOut, **ERRORS},
               auth=MEMBER_AUTH, summary="Delete a post-it (your own, or any as facilitator)")
def delete_postit(request, workshop_id: int, postit_id: int, response: HttpResponse,
                  idempotency_key: IdempotencyKey = None):
    workshop = member_workshop(request, workshop_id)
    result = services.postit_delete(workshop_id=workshop.pk, actor=request.auth.actor,
                                    client_op_id=op_id(idempotency_key), postit_id=postit_id)
    mark_replay(response, result)
    return {"seq": result.seq, **result.event.payload}


@router.post("/workshops/{int:workshop_id}/postits/{int:postit_id}/move", response={200: PostitChangeOut, **ERRORS},
             auth=MEMBER_AUTH, summary="Put a post-it in a column (or none) at a position")
def move_postit(request, workshop_id: int, postit_id: int, payload: PostitMoveIn, response: HttpResponse,
                idempotency_key: IdempotencyKey = None):
    workshop = facilitated_workshop(request, workshop_id)
    result = services.postit_move(workshop_id=workshop.pk, actor=request.auth.actor,
                                  client_op_id=op_id(idempotency_key), postit_id=postit_id,
                                  column_id=payload.column_id, position=payload.position)
    mark_replay(response, result)
    return _postit_change(result)


@router.post("/workshops/{int:workshop_id}/postits/{int:postit_id}/merge", response={200: PostitChangeOut, **ERRORS},
             auth=MEMBER_AUTH, summary="Merge a duplicate into another post-it")
def merge_postit(request, workshop_id: int, postit_id: int, payload: PostitMergeIn, response: HttpResponse,
                 idempotency_key: IdempotencyKey = None):
    workshop = facilitated_workshop(request, workshop_id)
    result = services.postit_merge(workshop_id=workshop.pk, actor=request.auth.actor,
                                   client_op_id=op_id(idempotency_key), postit_id=postit_id,
                                   into_id=payload.into_id)
    mark_replay(response, result)
    return _postit_change(result)


@router.post("/workshops/{int:workshop_id}/postits/{int:postit_id}/unmerge",
             response={200: PostitChangeOut, **ERRORS}, auth=MEMBER_AUTH, summary="Take a merged post-it out again")
def unmerge_postit(request, workshop_id: int, postit_id: int, response: HttpResponse,
                   idempotency_key: IdempotencyKey = None):
    workshop = facilitated_workshop(request, workshop_id)
    result = services.postit_unmerge(workshop_id=workshop.pk, actor=request.auth.actor,
                                     client_op_id=op_id(idempotency_key), postit_id=postit_id)
    mark_replay(response, result)
    return _postit_change(result)


@router.post("/workshops/{int:workshop_id}/postits/{int:postit_id}/park", response={200: PostitChangeOut, **ERRORS},
             auth=MEMBER_AUTH, summary="Move a post-it to the parking lot with a note, or back")
def park_postit(request, workshop_id: int, postit_id: int, payload: PostitParkIn, response: HttpResponse,
                idempotency_key: IdempotencyKey = None):
    workshop = facilitated_workshop(request, workshop_id)
    result = services.postit_park(workshop_id=workshop.pk, actor=request.auth.actor,
                                  client_op_id=op_id(idempotency_key), postit_id=postit_id,
                                  parked=payload.parked, note=payload.note or "")
    mark_replay(response, result)
    return _postit_change(result)


# --- Columns ------------------------------------------------------------------------------------

@router.get("/workshops/{int:workshop_id}/columns", response={200: list[ColumnOut], **ERRORS},
            auth=MEMBER_AUTH, summary="The columns (problem owners) of the wall")
def list_columns(request, workshop_id: int):
    workshop = member_workshop(request, workshop_id)
    return selectors.wall_payload(workshop)["columns"]


@router.post("/workshops/{int:workshop_id}/columns", response={201: ColumnChangeOut, **ERRORS},
             auth=MEMBER_AUTH, summary="Add a column at the end of the wall")
def create_column(request, workshop_id: int, payload: ColumnIn, response: HttpResponse,
                  idempotency_key: IdempotencyKey = None):
    workshop = facilitated_workshop(request, workshop_id)
    result = services.column_create(workshop_id=workshop.pk, actor=request.auth.actor,
                                    client_op_id=op_id(idempotency_key), title=payload.title)
    mark_replay(response, result)
    return Status(201, {"seq": result.seq, "column": result.event.payload})


@router.patch("/workshops/{int:workshop_id}/columns/{int:column_id}", response={200: ColumnChangeOut, **ERRORS},
              auth=MEMBER_AUTH, summary="Rename a column")
def rename_column(request, workshop_id: int, column_id: int, payload: ColumnIn, response: HttpResponse,
                  idempotency_key: IdempotencyKey = None):
    workshop = facilitated_workshop(request, workshop_id)
    result = services.column_rename(workshop_id=workshop.pk, actor=request.auth.actor,
                                    client_op_id=op_id(idempotency_key), column_id=column_id, title=payload.title)
    mark_replay(response, result)
    return {"seq": result.seq, "column": result.event.payload}


@router.delete("/workshops/{int:workshop_id}/columns/{int:column_id}", response={200: ColumnDeletedOut, **ERRORS},
               auth=MEMBER_AUTH, summary="Delete a column; its post-its stay on the wall without a column")
def delete_column(request, workshop_id: int, column_id: int, response: HttpResponse,
                  idempotency_key: IdempotencyKey = None):
    workshop = facilitated_workshop(request, workshop_id)
    result = services.column_delete(workshop_id=workshop.pk, actor=request.auth.actor,
                                    client_op_id=op_id(idempotency_key), column_id=column_id)
    mark_replay(response, result)
    return {"seq": result.seq, "id": result.event.payload["id"]}
