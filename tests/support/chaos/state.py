"""The live state of one workshop as a client builds it: a port of static/js/state.js.

``from_snapshot`` and ``apply_event`` follow ``fromSnapshot`` and ``applyEvent`` line by line
(upsert by id, delete if present, lists kept in (position, id) order), so a client that
applied every event in order holds what a fresh snapshot holds.
"""

from __future__ import annotations

import copy

EMPTY_WORKSHOP = {"id": None, "title": "", "status": "preparing", "joining_open": False}
EMPTY_TIMER = {
    "state": "idle",
    "current_item_id": None,
    "ends_at": None,
    "remaining_ms": None,
    "status": "preparing",
}
EMPTY_ROUND = {"title": "", "minutes": None, "ends_at": None}
EMPTY_SPOTLIGHT = {"target": None}
EMPTY_PMI = {"open": False, "anonymous": False, "entries": []}


def _by_position(item: dict) -> tuple:
    return (item.get("position") or 0, item["id"])


def _by_kind(group: dict) -> tuple:
    return (group["kind"], *_by_position(group))


def _grouping_changed(state, data):
    fresh = list(data.get("groups") or [])
    groups = [g for g in state["groups"] if g["kind"] != data["kind"]] + fresh
    sets = [s for s in state["group_sets"] if s["kind"] != data["kind"]]
    sets.append({"kind": data["kind"], "done": bool(data.get("done"))})
    return {
        **state,
        "groups": sorted(groups, key=_by_kind),
        "group_sets": sorted(sets, key=lambda s: s["kind"]),
    }


def from_snapshot(snapshot: dict | None) -> dict:
    s = copy.deepcopy(snapshot or {})
    return {
        "head": s["head"] if isinstance(s.get("head"), int) else 0,
        "workshop": {**EMPTY_WORKSHOP, **(s.get("workshop") or {})},
        "agenda": list(s.get("agenda") or []),
        "timer": {**EMPTY_TIMER, **(s.get("timer") or {})},
        "round": {**EMPTY_ROUND, **(s.get("round") or {})},
        "round_presets": list(s.get("round_presets") or []),
        "spotlight": {**EMPTY_SPOTLIGHT, **(s.get("spotlight") or {})},
        "participants": list(s.get("participants") or []),
        "columns": sorted(s.get("columns") or [], key=_by_position),
        "postits": sorted(s.get("postits") or [], key=_by_position),
        "ballots": sorted(s.get("ballots") or [], key=_by_position),
        "agreements": sorted(s.get("agreements") or [], key=_by_position),
        "agreement_distributions": list(s.get("agreement_distributions") or []),
        "parked_topics": sorted(s.get("parked_topics") or [], key=_by_position),
        "groups": sorted(s.get("groups") or [], key=_by_kind),
        "group_sets": list(s.get("group_sets") or []),
        "acquaintances": {"answered": 0, **(s.get("acquaintances") or {})},
        "pmi": {
            **EMPTY_PMI,
            **(s.get("pmi") or {}),
            "entries": list((s.get("pmi") or {}).get("entries") or []),
        },
        # The chaos sessions belong to no appraisal; state.js folds appraisal events into this
        # (appraisals/js/state.js), the port keeps the snapshot's value and is checked against it.
        "appraisal": s.get("appraisal"),
    }


def _upsert(items: list[dict], entry: dict, sort: bool = True) -> list[dict]:
    found = False
    result = []
    for old in items:
        if old["id"] == entry["id"]:
            found = True
            result.append(entry)
        else:
            result.append(old)
    if not found:
        result.append(entry)
    return sorted(result, key=_by_position) if sort else result


def _without(data: dict, *keys: str) -> dict:
    return {k: v for k, v in data.items() if k not in keys}


def _agenda_changed(state, data):
    items = data.get("items")
    timer = {**state["timer"], **data["timer"]} if data.get("timer") else state["timer"]
    return {
        **state,
        "agenda": list(items) if isinstance(items, list) else state["agenda"],
        "timer": timer,
    }


def _timer_changed(state, data):
    workshop = state["workshop"]
    if data.get("status"):
        workshop = {**workshop, "status": data["status"]}
    return {**state, "timer": {**state["timer"], **data}, "workshop": workshop}


def _workshop_changed(state, data):
    workshop = dict(state["workshop"])
    for key in ("status", "joining_open", "title", "join_code"):
        if key in data:
            workshop[key] = data[key]
    timer = {**state["timer"], "status": data["status"]} if data.get("status") else state["timer"]
    return {**state, "workshop": workshop, "timer": timer}


def _postit_created(state, data):
    columns = _upsert(state["columns"], data["column"]) if data.get("column") else state["columns"]
    postits = _upsert(state["postits"], _without(data, "column"))
    return {**state, "columns": columns, "postits": postits}


def _with_parked_postit(topics, data):
    if "parked_topic" not in data:
        return topics
    if data["parked_topic"]:
        return _upsert(topics, data["parked_topic"])
    return [t for t in topics if t.get("postit_id") != data["id"]]


def _postit_updated(state, data):
    postit = _without(data, "moved_ids", "column", "parked_topic")
    postits = _upsert(state["postits"], postit)
    moved = set(data["moved_ids"]) if isinstance(data.get("moved_ids"), list) else None
    if moved and postit.get("merged_into_id") is not None:
        postits = [
            {**p, "merged_into_id": postit["merged_into_id"]}
            if p["id"] in moved and p["id"] != postit["id"]
            else p
            for p in postits
        ]
    return {
        **state,
        "postits": postits,
        "parked_topics": _with_parked_postit(state["parked_topics"], data),
    }


def _postit_deleted(state, data):
    freed = set(data.get("unmerged_ids") or [])
    postits = [
        {**p, "merged_into_id": None}
        if p["id"] in freed or p.get("merged_into_id") == data["id"]
        else p
        for p in state["postits"]
        if p["id"] != data["id"]
    ]
    topics = [t for t in state["parked_topics"] if t.get("postit_id") != data["id"]]
    return {**state, "postits": postits, "parked_topics": topics}


def _column_deleted(state, data):
    postits = [
        {**p, "column_id": None} if p.get("column_id") == data["id"] else p
        for p in state["postits"]
    ]
    return {
        **state,
        "columns": [c for c in state["columns"] if c["id"] != data["id"]],
        "postits": postits,
    }


def _stickers(state, ballot_id, change):
    return {
        **state,
        "ballots": [
            {**b, "stickers": change(b["stickers"])} if b["id"] == ballot_id else b
            for b in state["ballots"]
        ],
    }


def _sticker_placed(state, data):
    sticker = {"id": data["id"], "target_id": data["target_id"], "voter_id": data["voter_id"]}
    return _stickers(state, data["ballot_id"], lambda old: _upsert(old, sticker, False))


def _sticker_removed(state, data):
    return _stickers(
        state, data["ballot_id"], lambda old: [s for s in old if s["id"] != data["id"]]
    )


def _pmi_entries(state, change):
    return {**state, "pmi": {**state["pmi"], "entries": change(state["pmi"]["entries"])}}


HANDLERS = {
    "agenda.changed": _agenda_changed,
    "timer.changed": _timer_changed,
    "workshop.changed": _workshop_changed,
    "round.changed": lambda s, d: {**s, "round": {**EMPTY_ROUND, **d}},
    "spotlight.changed": lambda s, d: {**s, "spotlight": {**EMPTY_SPOTLIGHT, **d}},
    "participant.joined": lambda s, d: {**s, "participants": _upsert(s["participants"], d, False)},
    "participant.updated": lambda s, d: {**s, "participants": _upsert(s["participants"], d, False)},
    "participant.removed": lambda s, d: {
        **s,
        "participants": [p for p in s["participants"] if p["id"] != d["id"]],
    },
    "postit.created": _postit_created,
    "postit.updated": _postit_updated,
    "postit.deleted": _postit_deleted,
    "column.created": lambda s, d: {**s, "columns": _upsert(s["columns"], d)},
    "column.updated": lambda s, d: {**s, "columns": _upsert(s["columns"], d)},
    "column.deleted": _column_deleted,
    "ballot.changed": lambda s, d: {**s, "ballots": _upsert(s["ballots"], d)},
    "ballot.deleted": lambda s, d: {
        **s,
        "ballots": [b for b in s["ballots"] if b["id"] != d["id"]],
    },
    "topic.parked": lambda s, d: {**s, "parked_topics": _upsert(s["parked_topics"], d)},
    "topic.updated": lambda s, d: {**s, "parked_topics": _upsert(s["parked_topics"], d)},
    "topic.removed": lambda s, d: {
        **s,
        "parked_topics": [t for t in s["parked_topics"] if t["id"] != d["id"]],
    },
    "pmi.changed": lambda s, d: {
        **s,
        "pmi": {**EMPTY_PMI, **d, "entries": list(d.get("entries") or [])},
    },
    "pmi.entry_added": lambda s, d: _pmi_entries(s, lambda old: _upsert(old, d, False)),
    "pmi.entry_removed": lambda s, d: _pmi_entries(
        s, lambda old: [e for e in old if e["id"] != d["id"]]
    ),
    "grouping.changed": _grouping_changed,
    "acquaintance.changed": lambda s, d: {
        **s,
        "acquaintances": {"answered": d["answered"] if isinstance(d.get("answered"), int) else 0},
    },
    "sticker.placed": _sticker_placed,
    "sticker.removed": _sticker_removed,
    # The register of agreements: every event but a deletion carries the whole agreement.
    "agreement.created": lambda s, d: {**s, "agreements": _upsert(s["agreements"], d)},
    "agreement.updated": lambda s, d: {**s, "agreements": _upsert(s["agreements"], d)},
    "agreement.progress_added": lambda s, d: {**s, "agreements": _upsert(s["agreements"], d)},
    "agreement.deleted": lambda s, d: {
        **s,
        "agreements": [a for a in s["agreements"] if a["id"] != d["id"]],
    },
    "agreement.distributed": lambda s, d: {
        **s,
        "agreement_distributions": _upsert(s["agreement_distributions"], d, False),
    },
}


def apply_event(state: dict | None, frame: dict) -> dict:
    """The state after one ``event`` frame; unknown kinds only move ``head``."""
    base = state if state is not None else from_snapshot(None)
    handler = HANDLERS.get(frame.get("kind"))
    data = copy.deepcopy(frame.get("data") or {})
    result = handler(base, data) if handler else dict(base)
    result["head"] = frame["seq"] if isinstance(frame.get("seq"), int) else base["head"]
    return result
