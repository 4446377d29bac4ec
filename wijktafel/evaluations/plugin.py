"""The PMI evaluation as a building block of every session: ops, events, its snapshot key."""

from __future__ import annotations

from wijktafel.workshops.ops import Op, Ref
from wijktafel.workshops.seam import Block, register

from . import events, services
from .schemas import (
    PmiAddIn,
    PmiChangeOut,
    PmiDotsIn,
    PmiDotsOut,
    PmiEntryChangeOut,
    PmiEntryRemovedOut,
    PmiOut,
    PmiRemoveIn,
    PmiUpdateIn,
)
from .selectors import pmi_payload

OPS = (
    Op(
        "pmi.update",
        services.pmi_update,
        PmiUpdateIn,
        "PATCH",
        "/pmi",
        "Open or close the PMI on the phones; make it anonymous or not",
        example={"open": True, "anonymous": True},
        response=PmiChangeOut,
        answer=lambda result, data: {"seq": result.seq, "pmi": result.event.payload},
        drop_nulls=True,
    ),
    Op(
        "pmi.add",
        services.pmi_add,
        PmiAddIn,
        "POST",
        "/pmi/entries",
        "Write a plus, minus or interesting note while the PMI is open",
        example={"column": "interesting", "text": "Dat bewoners zelf de kaart vulden"},
        status=201,
        response=PmiEntryChangeOut,
        answer=lambda result, data: {"seq": result.seq, "entry": result.event.payload},
    ),
    Op(
        "pmi.remove",
        services.pmi_remove,
        PmiRemoveIn,
        "DELETE",
        "/pmi/entries/{entry_id}",
        "Take a note back (your own, or any as facilitator)",
        example={"entry_id": Ref("pmi_entry")},
        response=PmiEntryRemovedOut,
    ),
    Op(
        "pmi.dots",
        services.pmi_dots,
        PmiDotsIn,
        "POST",
        "/pmi/dots",
        "Start the dots on the minus notes: a sticker vote whose top is the improvements",
        example={"budget": 3, "top_n": 3},
        status=201,
        response=PmiDotsOut,
        answer=lambda result, data: {"seq": result.seq, "ballot": result.event.payload},
    ),
)


register(
    Block(
        key="pmi",
        tag="PMI evaluation",
        ops=OPS,
        event_kinds=events.EVENT_KINDS,
        snapshot=pmi_payload,
        snapshot_schema={"pmi": PmiOut},
    )
)
