"""Every write of the live session engine, one function per user intention.

Each change is stored in one transaction together with an entry in the workshop's
event log (next sequence number) and broadcast only after commit. A repeated
``client_op_id`` from the same actor returns the first result and writes nothing.

One module per subject, all reached through this package (``services.timer_control``):
``log`` (``Actor``, ``OpResult``, ``apply_op`` and the event log), ``workshop`` (creating,
joining open or closed, a new code, ending), ``agenda`` (agenda items, steps and the timer),
``rounds`` (timed rounds beside the agenda timer), ``spotlight`` (what the big screen shows
large), ``participants`` (finding a session by code
or token, joining, removing, their kind and roles).
"""

from __future__ import annotations

from .agenda import (
    TIMER_ACTIONS,
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
    agenda_reorder,
    timer_control,
)
from .log import Actor, Change, OpResult, apply_op, parse_op_id
from .participants import (
    Joined,
    find_workshop_by_code,
    find_workshop_by_token,
    participant_from_token,
    participant_join,
    participant_remove,
    participant_update,
)
from .rounds import round_start, round_stop
from .spotlight import spotlight_set
from .workshop import (
    join_code,
    join_token,
    workshop_create,
    workshop_end,
    workshop_rotate_code,
    workshop_set_joining,
)

__all__ = [
    "TIMER_ACTIONS",
    "Actor",
    "Change",
    "Joined",
    "OpResult",
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_item_update",
    "agenda_reorder",
    "apply_op",
    "find_workshop_by_code",
    "find_workshop_by_token",
    "join_code",
    "join_token",
    "parse_op_id",
    "participant_from_token",
    "participant_join",
    "participant_remove",
    "participant_update",
    "round_start",
    "round_stop",
    "spotlight_set",
    "timer_control",
    "workshop_create",
    "workshop_end",
    "workshop_rotate_code",
    "workshop_set_joining",
]
