"""Groups of set sizes as a building block of every session: ops, events, snapshot keys."""

from __future__ import annotations

from wijktafel.workshops.ops import Op, Ref
from wijktafel.workshops.seam import Block, register

from . import events, services
from .schemas import (
    AcquaintanceOut,
    AcquaintanceSetIn,
    AcquaintancesOut,
    GroupCreateIn,
    GroupDoneIn,
    GroupFormIn,
    GroupIn,
    GroupingOut,
    GroupMoveIn,
    GroupOut,
    GroupSetOut,
)
from .selectors import groups_payload


def _known(result, data) -> dict:
    return {"seq": result.seq, "known_ids": sorted(set(data.get("known_ids", [])))}


OPS = (
    Op(
        "grouping.form",
        services.grouping_form,
        GroupFormIn,
        "POST",
        "/groups/form",
        "Let the app form groups of a kind from everyone present (replaces that kind's groups)",
        example={"kind": "duo"},
        status=201,
        response=GroupingOut,
    ),
    Op(
        "grouping.create",
        services.grouping_create,
        GroupCreateIn,
        "POST",
        "/groups",
        "Make a group by hand (members leave their group of that kind)",
        example={"kind": "breakout", "member_ids": [Ref("participant", "second")]},
        status=201,
        response=GroupingOut,
    ),
    Op(
        "grouping.move",
        services.grouping_move,
        GroupMoveIn,
        "POST",
        "/groups/move",
        "Move a participant into a group, or out of their group of a kind (group_id null)",
        example={"participant_id": Ref("participant"), "group_id": Ref("sized_group")},
        response=GroupingOut,
    ),
    Op(
        "grouping.delete",
        services.grouping_delete,
        GroupIn,
        "DELETE",
        "/groups/{group_id}",
        "Take a group away",
        example={"group_id": Ref("sized_group")},
        response=GroupingOut,
    ),
    Op(
        "grouping.done",
        services.grouping_done,
        GroupDoneIn,
        "PUT",
        "/groups/done",
        "Say the groups of a kind are complete (each must keep its rule), or not yet",
        example={"kind": "duo", "done": True},
        response=GroupingOut,
    ),
    Op(
        "acquaintance.set",
        services.acquaintance_set,
        AcquaintanceSetIn,
        "PUT",
        "/acquaintances",
        "Say which other participants you already know (participants; only a count is shared)",
        example={"known_ids": [Ref("participant", "second")]},
        response=AcquaintanceOut,
        answer=_known,
    ),
)


register(
    Block(
        key="groups",
        tag="groups",
        ops=OPS,
        event_kinds=events.EVENT_KINDS,
        snapshot=groups_payload,
        snapshot_schema={
            "groups": list[GroupOut],
            "group_sets": list[GroupSetOut],
            "acquaintances": AcquaintancesOut,
        },
    )
)
