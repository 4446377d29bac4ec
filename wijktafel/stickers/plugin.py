"""Sticker votes as a building block of every session: ops, events and their part of the snapshot."""

from __future__ import annotations

from wijktafel.workshops.ops import Op, Ref
from wijktafel.workshops.seam import Block, register

from . import events, services
from .schemas import (
    BallotChangeOut,
    BallotCreateIn,
    BallotDeletedOut,
    BallotIn,
    BallotOut,
    BallotSettleIn,
    BallotUpdateIn,
    StickerChangeOut,
    TargetAddIn,
    TargetIn,
)
from .selectors import ballots_payload


def _ballot(result, data) -> dict:
    return {"seq": result.seq, "ballot": result.event.payload}


def _sticker(result, data) -> dict:
    payload = result.event.payload
    return {"seq": result.seq, "ballot_id": payload["ballot_id"], "id": payload["id"]}


BALLOT = "/ballots/{ballot_id}"

OPS = (
    Op(
        "ballot.create",
        services.ballot_create,
        BallotCreateIn,
        "POST",
        "/ballots",
        "Make a sticker vote (3 stickers each, 1 per choice, unless said otherwise)",
        example={"title": "Welke vragen eerst?", "targets": ["Wie doet wat?", "Wie ken je?"]},
        status=201,
        response=BallotChangeOut,
        answer=_ballot,
    ),
    Op(
        "ballot.update",
        services.ballot_update,
        BallotUpdateIn,
        "PATCH",
        BALLOT,
        "Change a vote or its phase (collecting, voting, closed); a field left out stays",
        example={"ballot_id": Ref("ballot", "collecting"), "status": "voting"},
        response=BallotChangeOut,
        answer=_ballot,
        drop_nulls=True,
    ),
    Op(
        "ballot.delete",
        services.ballot_delete,
        BallotIn,
        "DELETE",
        BALLOT,
        "Delete a vote with its stickers",
        example={"ballot_id": Ref("ballot", "collecting")},
        response=BallotDeletedOut,
    ),
    Op(
        "ballot.settle",
        services.ballot_settle,
        BallotSettleIn,
        "POST",
        BALLOT + "/settle",
        "Settle a tie at the cut-off: the tied choices in order",
        example={
            "ballot_id": Ref("ballot"),
            "target_ids": [Ref("target"), Ref("target", "second")],
        },
        response=BallotChangeOut,
        answer=_ballot,
    ),
    Op(
        "target.add",
        services.target_add,
        TargetAddIn,
        "POST",
        BALLOT + "/targets",
        "Add a choice (a blank card) while the vote is collecting",
        example={"ballot_id": Ref("ballot", "collecting"), "label": "Wie betaalt wat?"},
        status=201,
        response=BallotChangeOut,
        answer=_ballot,
    ),
    Op(
        "target.remove",
        services.target_remove,
        TargetIn,
        "DELETE",
        BALLOT + "/targets/{target_id}",
        "Remove a choice (participants: one they added, while collecting)",
        example={
            "ballot_id": Ref("ballot", "collecting"),
            "target_id": Ref("target", "collecting"),
        },
        response=BallotChangeOut,
        answer=_ballot,
    ),
    Op(
        "sticker.place",
        services.sticker_place,
        TargetIn,
        "POST",
        BALLOT + "/stickers",
        "Put one of your stickers on a choice (participants who vote)",
        example={"ballot_id": Ref("ballot"), "target_id": Ref("target")},
        status=201,
        response=StickerChangeOut,
        answer=_sticker,
    ),
    Op(
        "sticker.remove",
        services.sticker_remove,
        TargetIn,
        "DELETE",
        BALLOT + "/stickers/{target_id}",
        "Take one of your stickers off a choice",
        example={"ballot_id": Ref("ballot"), "target_id": Ref("target", "stickered")},
        response=StickerChangeOut,
        answer=_sticker,
    ),
)


register(
    Block(
        key="stickers",
        tag="sticker votes",
        ops=OPS,
        event_kinds=events.EVENT_KINDS,
        snapshot=ballots_payload,
        snapshot_schema={"ballots": list[BallotOut]},
    )
)
