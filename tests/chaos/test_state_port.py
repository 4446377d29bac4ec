"""The Python port (state.py) folds events exactly as static/js/state.js does in Node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.chaos.state import apply_event, from_snapshot

pytestmark = pytest.mark.chaos
ROOT = Path(__file__).resolve().parents[2]

# state.js folds the appraisal's events once the appraisal method is registered, as on the live
# pages (its modules import the engine by /static/ URL: register-static.mjs finds those on disk).
JS = """
import "./tests/js/register-static.mjs";
import { applyEvent, fromSnapshot } from "./static/js/state.js";
await import("./wijktafel/appraisals/static/appraisals/js/appraisal.js");
let text = "";
for await (const chunk of process.stdin) text += chunk;
const { snapshot, events } = JSON.parse(text);
const states = [];
let state = fromSnapshot(snapshot);
for (const frame of events) { state = applyEvent(state, frame); states.push(state); }
process.stdout.write(JSON.stringify(states));
"""


def _postit(pid, **extra):
    return {
        "id": pid,
        "text": f"p{pid}",
        "why": "",
        "column_id": None,
        "position": pid,
        "parked": False,
        "parked_note": "",
        "merged_into_id": None,
        "author_id": 1,
        "author_name": "Ans",
        "by_facilitator": False,
        "version": 1,
        **extra,
    }


GROUP = {
    "id": 3,
    "kind": "duo",
    "name": "Duo 1",
    "position": 0,
    "member_ids": [1, 2],
    "counted": 2,
    "status": "ok",
}
TOPIC = {
    "id": 2,
    "text": "Budget",
    "reason": "",
    "kind": "topic",
    "status": "parked",
    "raised_by_id": 1,
    "raised_in_item_id": None,
    "return_at_step": None,
    "follow_up_id": None,
}
BALLOT = {
    "id": 5,
    "title": "Vragen",
    "target_kind": "question",
    "budget": 3,
    "cap": 1,
    "top_n": 3,
    "tally_hidden": False,
    "status": "collecting",
    "settled": [],
    "targets": [{"id": 9, "label": "A", "ref_id": None, "added_by_id": None}],
    "stickers": [],
}


def _agreement(aid, **extra):
    return {
        "id": aid,
        "kind": "joint_agreement",
        "description": f"a{aid}",
        "owner_ids": [1, 2],
        "owners": [{"id": 1, "name": "Ans"}, {"id": 2, "name": "Bram"}],
        "owner_names": "",
        "contributor_ids": [],
        "contributors": [],
        "due_date": None,
        "link": {"kind": "", "id": None, "label": ""},
        "status": "open",
        "uses_existing": "",
        "created_by_id": None,
        "by_facilitator": True,
        "progress": [],
        "version": 1,
        **extra,
    }


SNAPSHOT = {
    "head": 3,
    "workshop": {"id": 9, "title": "Zuid", "status": "preparing", "joining_open": True},
    "agenda": [{"id": 1, "position": 0, "title": "Welkom"}],
    "timer": {
        "state": "idle",
        "current_item_id": None,
        "ends_at": None,
        "remaining_ms": None,
        "status": "preparing",
    },
    "participants": [
        {
            "id": 1,
            "display_name": "Ans",
            "organisation_name": "",
            "role_text": "",
            "kind": "",
            "roles": ["participant"],
        }
    ],
    "columns": [
        {"id": 2, "title": "Groen", "position": 1},
        {"id": 1, "title": "Wonen", "position": 0},
    ],
    "postits": [_postit(2), _postit(1)],
    "ballots": [BALLOT],
    "parked_topics": [TOPIC],
    "groups": [GROUP, {**GROUP, "id": 4, "kind": "breakout", "name": "Breakout 1"}],
    "group_sets": [{"kind": "breakout", "done": False}, {"kind": "duo", "done": True}],
    "acquaintances": {"answered": 1},
    "agreements": [_agreement(4), _agreement(2)],
    "agreement_distributions": [],
}
EVENTS = [
    (
        "grouping.changed",
        {
            "kind": "duo",
            "done": False,
            "groups": [
                {**GROUP, "id": 7, "position": 1, "name": "Duo 2", "member_ids": [2]},
                {**GROUP, "id": 6, "member_ids": [1], "status": "small", "counted": 1},
            ],
        },
    ),
    ("grouping.changed", {"kind": "trio", "done": True, "groups": []}),
    ("acquaintance.changed", {"answered": 2}),
    (
        "participant.joined",
        {
            "id": 2,
            "display_name": "Bram",
            "organisation_name": "Wijkteam",
            "role_text": "",
            "kind": "professional",
            "roles": ["participant"],
        },
    ),
    (
        "participant.updated",
        {
            "id": 2,
            "display_name": "Bram",
            "organisation_name": "Wijkteam",
            "role_text": "",
            "kind": "volunteer",
            "roles": ["chair", "presenter"],
        },
    ),
    (
        "postit.created",
        {
            **_postit(3, column_id=7, position=0),
            "column": {"id": 7, "title": "Verkeer", "position": 2},
        },
    ),
    ("postit.updated", {**_postit(1, text="nieuw", version=2)}),
    ("postit.updated", {**_postit(2, merged_into_id=3), "moved_ids": [1, 2]}),
    (
        "timer.changed",
        {
            "state": "running",
            "current_item_id": 1,
            "ends_at": "2026-12-03T09:10:00+00:00",
            "remaining_ms": None,
            "status": "live",
        },
    ),
    (
        "workshop.changed",
        {"status": "live", "joining_open": False, "title": "Zuid", "join_code": "K7QM-4XTD"},
    ),
    ("column.updated", {"id": 1, "title": "Wonen en zorg", "position": 3}),
    ("column.deleted", {"id": 7}),
    ("postit.deleted", {"id": 3, "unmerged_ids": [1, 2]}),
    (
        "agenda.changed",
        {
            "items": [{"id": 1, "position": 0, "title": "Start"}],
            "timer": {"state": "paused", "remaining_ms": 1000},
        },
    ),
    ("participant.removed", {"id": 1}),
    ("column.created", {"id": 8, "title": "Spelen", "position": 0}),
    ("round.changed", {"title": "Pitch", "minutes": 2, "ends_at": "2026-12-03T09:02:00+00:00"}),
    ("round.changed", {"title": "", "minutes": None, "ends_at": None}),
    ("spotlight.changed", {"target": "postit:3"}),
    ("spotlight.changed", {"target": None}),
    ("ballot.changed", {**BALLOT, "status": "voting"}),
    ("sticker.placed", {"ballot_id": 5, "id": 1, "target_id": 9, "voter_id": 1}),
    ("sticker.placed", {"ballot_id": 5, "id": 2, "target_id": 10, "voter_id": 2}),
    ("sticker.removed", {"ballot_id": 5, "id": 1}),
    ("ballot.changed", {**BALLOT, "id": 6, "stickers": []}),
    ("ballot.deleted", {"id": 6}),
    ("pmi.changed", {"open": True, "anonymous": False, "entries": []}),
    (
        "pmi.entry_added",
        {"id": 1, "column": "minus", "text": "Te lang", "phase": "", "author_id": 2},
    ),
    (
        "pmi.entry_added",
        {"id": 2, "column": "plus", "text": "Koffie", "phase": "", "author_id": None},
    ),
    ("pmi.entry_removed", {"id": 1}),
    ("topic.parked", {**TOPIC, "id": 3}),
    ("topic.updated", {**TOPIC, "status": "scheduled"}),
    ("topic.removed", {"id": 3}),
    ("agreement.created", _agreement(3, kind="individual_action", owner_ids=[2])),
    ("agreement.created", _agreement(3, kind="individual_action", owner_ids=[2])),
    ("agreement.updated", _agreement(4, status="done", version=2)),
    (
        "agreement.progress_added",
        _agreement(
            2,
            version=2,
            progress=[
                {
                    "id": 1,
                    "text": "Zaal geregeld",
                    "date": "2026-12-10",
                    "author_id": 2,
                    "author_name": "Bram",
                    "by_facilitator": False,
                }
            ],
        ),
    ),
    ("agreement.deleted", {"id": 4}),
    (
        "agreement.distributed",
        {
            "id": 1,
            "sent_at": "2026-12-06T20:00:00+00:00",
            "recipients": [{"participant_id": 2, "name": "Bram"}],
            "kinds": ["joint_agreement"],
            "agreement_ids": [2],
        },
    ),
    ("vote.cast", {"id": 1}),  # unknown kinds only move the head
]


def test_python_port_matches_state_js():
    node = shutil.which("node")
    assert node, "Node.js is required (scripts/setup.sh installs it)"
    frames = [
        {"type": "event", "seq": 4 + n, "kind": kind, "data": data, "at": "x"}
        for n, (kind, data) in enumerate(EVENTS)
    ]
    result = subprocess.run(
        [node, "--input-type=module", "-e", JS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        input=json.dumps({"snapshot": SNAPSHOT, "events": frames}),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    expected = json.loads(result.stdout)

    state = from_snapshot(SNAPSHOT)
    for frame, js_state in zip(frames, expected, strict=True):
        state = apply_event(state, frame)
        assert state == js_state, frame["kind"]
    assert state["head"] == 4 + len(EVENTS) - 1 and [p["id"] for p in state["postits"]] == [1, 2]
    assert [a["id"] for a in state["agreements"]] == [2, 3]
