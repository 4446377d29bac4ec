"""API of the post-it wall: what a member of a workshop may read of it.

Its writes are live ops (``plugin.py``), whose routes are made from their declarations.
"""

from __future__ import annotations

from ninja import Router

from wijktafel.workshops.api import ERRORS
from wijktafel.workshops.api_auth import MEMBER_AUTH, member_workshop

from . import selectors
from .schemas import ColumnOut, PostitOut

router = Router(tags=["post-it wall"])


@router.get(
    "/workshops/{int:workshop_id}/postits",
    response={200: list[PostitOut], **ERRORS},
    auth=MEMBER_AUTH,
    summary="Every post-it of the wall, parked and merged ones included",
)
def list_postits(request, workshop_id: int):
    workshop = member_workshop(request, workshop_id)
    return selectors.wall_payload(workshop)["postits"]


@router.get(
    "/workshops/{int:workshop_id}/columns",
    response={200: list[ColumnOut], **ERRORS},
    auth=MEMBER_AUTH,
    summary="The columns (problem owners) of the wall",
)
def list_columns(request, workshop_id: int):
    workshop = member_workshop(request, workshop_id)
    return selectors.wall_payload(workshop)["columns"]
