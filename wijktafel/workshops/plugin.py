"""The engine's own live ops: the timer, the agenda, joining, ending, removing a participant."""

from __future__ import annotations

from . import events, services
from .ops import Op, Ref
from .schemas import (
    AgendaChangeOut,
    AgendaItemIn,
    AgendaItemRemoveIn,
    AgendaItemUpdateIn,
    AgendaOrderIn,
    JoiningIn,
    ParticipantChangeOut,
    ParticipantRemovedOut,
    ParticipantRemoveIn,
    ParticipantUpdateIn,
    RoundChangeOut,
    RoundStartIn,
    RoundStopIn,
    SpotlightChangeOut,
    SpotlightIn,
    TimerChangeOut,
    TimerIn,
    WorkshopChangeOut,
    WorkshopEndIn,
)
from .seam import Block, register


def _workshop(result, data) -> dict:
    return {"seq": result.seq, "workshop": result.event.payload}


def _timer(result, data) -> dict:
    return {"seq": result.seq, "timer": result.event.payload}


def _round(result, data) -> dict:
    return {"seq": result.seq, "round": result.event.payload}


def _spotlight(result, data) -> dict:
    return {"seq": result.seq, "spotlight": result.event.payload}


def _participant(result, data) -> dict:
    return {"seq": result.seq, "participant": result.event.payload}


def _agenda(result, data, item=None) -> dict:
    return {
        "seq": result.seq,
        "item": item,
        "items": result.event.payload["items"],
        "timer": result.event.payload["timer"],
    }


def _agenda_added(result, data) -> dict:
    items = result.event.payload["items"]
    return _agenda(result, data, max(items, key=lambda i: i["position"]) if items else None)


def _agenda_updated(result, data) -> dict:
    items = result.event.payload["items"]
    return _agenda(result, data, next((i for i in items if i["id"] == data["item_id"]), None))


OPS = (
    Op(
        "round.start",
        services.round_start,
        RoundStartIn,
        "POST",
        "/round",
        "Start a timed round beside the agenda timer, which keeps running",
        example={"preset": "silent"},
        response=RoundChangeOut,
        answer=_round,
    ),
    Op(
        "round.stop",
        services.round_stop,
        RoundStopIn,
        "DELETE",
        "/round",
        "Stop the timed round (done)",
        response=RoundChangeOut,
        answer=_round,
    ),
    Op(
        "spotlight.set",
        services.spotlight_set,
        SpotlightIn,
        "POST",
        "/spotlight",
        "Show one post-it, group or part of the step large on the big screen, or turn it off",
        example={"target": "part:tally"},
        response=SpotlightChangeOut,
        answer=_spotlight,
    ),
    Op(
        "timer.control",
        services.timer_control,
        TimerIn,
        "POST",
        "/timer",
        "Start, pause, resume, extend, stop or move the timer",
        example={"action": "start"},
        response=TimerChangeOut,
        answer=_timer,
    ),
    Op(
        "workshop.joining",
        services.workshop_set_joining,
        JoiningIn,
        "POST",
        "/joining",
        "Open or close joining by code",
        example={"open": False},
        response=WorkshopChangeOut,
        answer=_workshop,
        renames={"open": "open_"},
    ),
    Op(
        "workshop.end",
        services.workshop_end,
        WorkshopEndIn,
        "POST",
        "/end",
        "End the workshop for everyone",
        response=WorkshopChangeOut,
        answer=_workshop,
    ),
    Op(
        "participant.remove",
        services.participant_remove,
        ParticipantRemoveIn,
        "DELETE",
        "/participants/{participant_id}",
        "Remove a participant; their token stops working and their screen disconnects",
        example={"participant_id": Ref("participant", "second")},
        response=ParticipantRemovedOut,
    ),
    Op(
        "participant.update",
        services.participant_update,
        ParticipantUpdateIn,
        "PATCH",
        "/participants/{participant_id}",
        "Set a participant's kind and roles; a field left out stays as it is",
        example={
            "participant_id": Ref("participant", "second"),
            "kind": "resident",
            "roles": ["presenter"],
        },
        response=ParticipantChangeOut,
        answer=_participant,
        drop_nulls=True,
    ),
    Op(
        "agenda_item.add",
        services.agenda_item_add,
        AgendaItemIn,
        "POST",
        "/agenda-items",
        "Add an item at the end of the agenda",
        example={"title": "Pauze", "duration_minutes": 10},
        status=201,
        response=AgendaChangeOut,
        answer=_agenda_added,
        into_fields=True,
    ),
    Op(
        "agenda_item.update",
        services.agenda_item_update,
        AgendaItemUpdateIn,
        "PATCH",
        "/agenda-items/{item_id}",
        "Change an agenda item; fields left out stay as they are",
        example={"item_id": Ref("item"), "duration_minutes": 20},
        response=AgendaChangeOut,
        answer=_agenda_updated,
        into_fields=True,
        args=("item_id",),
        drop_nulls=True,
    ),
    Op(
        "agenda_item.remove",
        services.agenda_item_remove,
        AgendaItemRemoveIn,
        "DELETE",
        "/agenda-items/{item_id}",
        "Remove an agenda item",
        example={"item_id": Ref("item", "last")},
        response=AgendaChangeOut,
        answer=_agenda,
    ),
    Op(
        "agenda.reorder",
        services.agenda_reorder,
        AgendaOrderIn,
        "PUT",
        "/agenda-items/order",
        "Put the agenda in a new order",
        example={"item_ids": Ref("items", example=[2, 1])},
        response=AgendaChangeOut,
        answer=_agenda,
    ),
)


def _routers():
    from .api import router

    return [router]


register(
    Block(
        key="session",
        tag="workshops",
        ops=OPS,
        event_kinds=events.EVENT_KINDS,
        api_routers=_routers,
    )
)
