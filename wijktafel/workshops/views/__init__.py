"""Workshop pages, split by audience: facilitators (accounts) and participants (join by code)."""

from .facilitator import (
    agenda,
    agenda_add,
    agenda_move,
    agenda_remove,
    agenda_update,
    console,
    create,
    end,
    qr,
    remove_participant,
    rotate_code,
    screen,
    workshop_list,
)
from .participant import events, home, join, join_name, join_qr, participate

__all__ = [
    "agenda",
    "agenda_add",
    "agenda_move",
    "agenda_remove",
    "agenda_update",
    "console",
    "create",
    "end",
    "events",
    "home",
    "join",
    "join_name",
    "join_qr",
    "participate",
    "qr",
    "remove_participant",
    "rotate_code",
    "screen",
    "workshop_list",
]
