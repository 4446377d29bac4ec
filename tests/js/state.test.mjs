// Unit tests of static/js/state.js (run: node --test tests/js/).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  EVENT_KINDS, applyEvent, currentItem, formatRemaining, fromSnapshot, remaining, roundRemaining, wallLayout,
} from "../../static/js/state.js";

function base() {
  return fromSnapshot({
    head: 10,
    workshop: { id: 1, title: "Wijk", status: "live", joining_open: true },
    agenda: [
      { id: 1, position: 0, title: "Welkom", duration_minutes: 10, activity: "none", instruction: "" },
      { id: 2, position: 1, title: "Problemen", duration_minutes: 20, activity: "postits", instruction: "Schrijf" },
    ],
    timer: { state: "idle", current_item_id: null, ends_at: null, remaining_ms: null, status: "live" },
    participants: [{ id: 7, display_name: "Ans", organisation_name: "", role_text: "" }],
    columns: [{ id: 3, title: "Gemeente", position: 0 }],
    postits: [
      { id: 20, text: "a", why: "", column_id: 3, position: 1, parked: false, parked_note: "", merged_into_id: null, author_id: 7, version: 1 },
      { id: 21, text: "b", why: "", column_id: null, position: 2, parked: false, parked_note: "", merged_into_id: null, author_id: 7, version: 1 },
    ],
  });
}

const ev = (seq, kind, data) => ({ type: "event", seq, kind, data });

test("every event kind of the contract has a handler", () => {
  assert.deepEqual([...EVENT_KINDS].sort(), [
    "acquaintance.changed", "agenda.changed", "agreement.created", "agreement.deleted", "agreement.distributed",
    "agreement.progress_added", "agreement.updated", "ballot.changed", "ballot.deleted", "column.created",
    "column.deleted", "column.updated", "grouping.changed", "participant.joined", "participant.removed", "participant.updated",
    "pmi.changed", "pmi.entry_added", "pmi.entry_removed", "postit.created", "postit.deleted", "postit.updated", "round.changed", "spotlight.changed", "sticker.placed",
    "sticker.removed", "timer.changed", "topic.parked", "topic.removed", "topic.updated", "workshop.changed",
  ]);
});

test("grouping.changed replaces the groups of its kind only; acquaintance.changed only counts", () => {
  const duo = (id, position, members) => ({ id, kind: "duo", name: `Duo ${position + 1}`, position,
    member_ids: members, counted: members.length, status: members.length === 3 ? "trio" : "ok" });
  const breakout = { id: 9, kind: "breakout", name: "Breakout 1", position: 0, member_ids: [5], counted: 1, status: "ok" };
  const start = fromSnapshot({ head: 1, groups: [duo(1, 0, [1, 2]), breakout], group_sets: [],
    acquaintances: { answered: 0 } });
  const formed = applyEvent(start, ev(2, "grouping.changed", { kind: "duo", done: false,
    groups: [duo(4, 1, [3, 4]), duo(3, 0, [1, 2, 5])] }));
  assert.deepEqual(formed.groups.map((g) => g.id), [9, 3, 4]); // breakouts kept, duos replaced, in order
  assert.equal(formed.groups.find((g) => g.id === 3).status, "trio");
  assert.deepEqual(formed.group_sets, [{ kind: "duo", done: false }]);
  const done = applyEvent(formed, ev(3, "grouping.changed", { kind: "duo", done: true, groups: formed.groups.filter((g) => g.kind === "duo") }));
  assert.deepEqual(done.group_sets, [{ kind: "duo", done: true }]);
  assert.equal(start.groups.length, 2); // the input is never changed
  const counted = applyEvent(done, ev(4, "acquaintance.changed", { answered: 3 }));
  assert.deepEqual(counted.acquaintances, { answered: 3 });
});

test("participant.updated replaces the person's kind and roles in place", () => {
  const person = { id: 7, display_name: "Ans", organisation_name: "", role_text: "", kind: "", roles: ["participant"] };
  const other = { ...person, id: 8, display_name: "Bram" };
  const start = fromSnapshot({ participants: [person, other] });
  const next = applyEvent(start, ev(2, "participant.updated", { ...person, kind: "resident", roles: ["chair"] }));
  assert.deepEqual(next.participants.map((p) => [p.id, p.kind, p.roles]), [[7, "resident", ["chair"]], [8, "", ["participant"]]]);
  assert.equal(next.head, 2);
});

test("stickers are placed and taken off inside their ballot only", () => {
  const ballot = (id) => ({ id, title: "V", budget: 3, cap: 1, top_n: 3, status: "voting", settled: [],
    targets: [{ id: 9, label: "A", ref_id: null, added_by_id: null }], stickers: [] });
  const start = fromSnapshot({ ballots: [ballot(5), ballot(6)] });
  const placed = applyEvent(start, ev(2, "sticker.placed", { ballot_id: 5, id: 1, target_id: 9, voter_id: 7 }));
  assert.deepEqual(placed.ballots[0].stickers, [{ id: 1, target_id: 9, voter_id: 7 }]);
  assert.deepEqual(placed.ballots[1].stickers, []);
  assert.deepEqual(start.ballots[0].stickers, []);  // the input is never changed
  const removed = applyEvent(placed, ev(3, "sticker.removed", { ballot_id: 5, id: 1 }));
  assert.deepEqual(removed.ballots[0].stickers, []);
  const gone = applyEvent(removed, ev(4, "ballot.deleted", { id: 5 }));
  assert.deepEqual(gone.ballots.map((b) => b.id), [6]);
});

test("the PMI folds its notes and a new board replaces them all", () => {
  const start = fromSnapshot({});
  assert.deepEqual(start.pmi, { open: false, anonymous: false, entries: [] });
  const open = applyEvent(start, ev(2, "pmi.changed", { open: true, anonymous: false, entries: [] }));
  const added = applyEvent(open, ev(3, "pmi.entry_added", { id: 4, column: "minus", text: "Te lang", phase: "", author_id: 7 }));
  assert.deepEqual(added.pmi.entries.map((e) => e.id), [4]);
  const anonymous = applyEvent(added, ev(4, "pmi.changed", { open: true, anonymous: true,
    entries: [{ id: 4, column: "minus", text: "Te lang", phase: "", author_id: null }] }));
  assert.equal(anonymous.pmi.entries[0].author_id, null);
  assert.deepEqual(applyEvent(anonymous, ev(5, "pmi.entry_removed", { id: 4 })).pmi.entries, []);
});

test("round.changed starts and stops a timed round and leaves the agenda timer alone", () => {
  const timer = { state: "running", current_item_id: 1, ends_at: "2026-12-03T09:45:00Z", remaining_ms: null, status: "live" };
  const start = fromSnapshot({ timer, round_presets: [{ key: "pitch", title: "Pitch", minutes: 2 }] });
  assert.deepEqual(start.round, { title: "", minutes: null, ends_at: null });
  const running = applyEvent(start, ev(2, "round.changed", { title: "Pitch", minutes: 2, ends_at: "2026-12-03T09:02:00Z" }));
  assert.equal(running.round.title, "Pitch");
  assert.deepEqual(running.timer, start.timer);
  assert.deepEqual(running.round_presets, [{ key: "pitch", title: "Pitch", minutes: 2 }]);
  assert.equal(roundRemaining(running.round, 0, Date.parse("2026-12-03T09:01:00Z")), 60000);
  assert.equal(roundRemaining(running.round, 0, Date.parse("2026-12-03T09:02:30Z")), -30000);
  const stopped = applyEvent(running, ev(3, "round.changed", { title: "", minutes: null, ends_at: null }));
  assert.equal(roundRemaining(stopped.round), null);
});

test("spotlight.changed sets what the big screen shows large, and null turns it off", () => {
  const start = fromSnapshot({ head: 1 });
  assert.deepEqual(start.spotlight, { target: null });
  const on = applyEvent(start, ev(2, "spotlight.changed", { target: "part:ranking-3" }));
  assert.equal(on.spotlight.target, "part:ranking-3");
  assert.deepEqual(fromSnapshot({ spotlight: { target: "postit:4" } }).spotlight, { target: "postit:4" });
  assert.equal(applyEvent(on, ev(3, "spotlight.changed", { target: null })).spotlight.target, null);
});

test("applyEvent returns a new state, moves head and leaves the input alone", () => {
  const state = base();
  const copy = JSON.parse(JSON.stringify(state));
  const next = applyEvent(state, ev(11, "participant.removed", { id: 7 }));
  assert.equal(next.head, 11);
  assert.deepEqual(next.participants, []);
  assert.deepEqual(JSON.parse(JSON.stringify(state)), copy);
});

test("unknown kinds only move head", () => {
  const state = base();
  const next = applyEvent(state, ev(11, "vote.set", { id: 1 }));
  assert.equal(next.head, 11);
  assert.deepEqual(next.postits, state.postits);
});

test("agenda.changed replaces the items and the timer", () => {
  const timer = { state: "running", current_item_id: 2, ends_at: "2030-01-01T10:00:00+00:00", remaining_ms: null, status: "live" };
  const next = applyEvent(base(), ev(11, "agenda.changed", { items: [{ id: 2, position: 0, title: "Problemen" }], timer }));
  assert.deepEqual(next.agenda.map((i) => i.id), [2]);
  assert.deepEqual(next.timer, timer);
});

test("timer.changed replaces the timer and copies the status to the workshop", () => {
  const timer = { state: "paused", current_item_id: 1, ends_at: null, remaining_ms: 5000, status: "live" };
  const state = applyEvent(fromSnapshot({ workshop: { status: "preparing" } }), ev(1, "timer.changed", timer));
  assert.deepEqual(state.timer, timer);
  assert.equal(state.workshop.status, "live");
});

test("workshop.changed updates status, joining and title", () => {
  const next = applyEvent(base(), ev(11, "workshop.changed", { status: "ended", joining_open: false, title: "Nieuw" }));
  assert.deepEqual(next.workshop, { id: 1, title: "Nieuw", status: "ended", joining_open: false });
  assert.equal(next.timer.status, "ended");
});

test("workshop.changed carries a rotated join code", () => {
  const next = applyEvent(base(), ev(11, "workshop.changed", { status: "live", joining_open: true, title: "T", join_code: "K7QM-4XTD" }));
  assert.equal(next.workshop.join_code, "K7QM-4XTD");
});

test("participant.joined adds once, even when repeated", () => {
  const bram = { id: 8, display_name: "Bram", organisation_name: "Buurthuis", role_text: "" };
  let state = applyEvent(base(), ev(11, "participant.joined", bram));
  state = applyEvent(state, ev(12, "participant.joined", bram));
  assert.deepEqual(state.participants.map((p) => p.id), [7, 8]);
});

test("postit.created adds the post-it and the column it brought", () => {
  const data = {
    id: 22, text: "c", why: "", column_id: 4, position: 3, parked: false, parked_note: "", merged_into_id: null,
    author_id: 7, version: 1, column: { id: 4, title: "Politie", position: 1 },
  };
  const next = applyEvent(base(), ev(11, "postit.created", data));
  assert.deepEqual(next.columns.map((c) => c.title), ["Gemeente", "Politie"]);
  const added = next.postits.find((p) => p.id === 22);
  assert.equal(added.text, "c");
  assert.equal("column" in added, false);
});

test("postit.updated replaces the post-it in place", () => {
  const old = base().postits[0];
  const next = applyEvent(base(), ev(11, "postit.updated", { ...old, text: "nieuw", version: 2 }));
  assert.deepEqual(next.postits.map((p) => [p.id, p.text]), [[20, "nieuw"], [21, "b"]]);
});

test("a merge moves everything in moved_ids under the target", () => {
  let state = base();
  state = applyEvent(state, ev(11, "postit.created", {
    id: 22, text: "c", why: "", column_id: null, position: 3, parked: false, parked_note: "", merged_into_id: 21, author_id: 7, version: 1,
  }));
  // 21 (with 22 inside it) is merged into 20: the server reports both under 20.
  const moved = { ...state.postits.find((p) => p.id === 21), merged_into_id: 20, column_id: 3, version: 2, moved_ids: [21, 22] };
  state = applyEvent(state, ev(12, "postit.updated", moved));
  assert.deepEqual(state.postits.map((p) => [p.id, p.merged_into_id]), [[20, null], [21, 20], [22, 20]]);
  assert.equal("moved_ids" in state.postits.find((p) => p.id === 21), false);
  const layout = wallLayout(state);
  assert.deepEqual(layout.merged.get(20).map((p) => p.id), [21, 22]);
  assert.deepEqual(layout.columns[0].postits.map((p) => p.id), [20]);
  assert.deepEqual(layout.loose, []);
});

test("postit.deleted removes it and frees what was merged into it", () => {
  let state = base();
  state = applyEvent(state, ev(11, "postit.updated", { ...state.postits[1], merged_into_id: 20, version: 2, moved_ids: [21] }));
  state = applyEvent(state, ev(12, "postit.deleted", { id: 20, unmerged_ids: [21] }));
  assert.deepEqual(state.postits.map((p) => [p.id, p.merged_into_id]), [[21, null]]);
});

test("column.created and column.updated keep the columns in position order", () => {
  let state = applyEvent(base(), ev(11, "column.created", { id: 5, title: "Woningcorporatie", position: -1 }));
  assert.deepEqual(state.columns.map((c) => c.id), [5, 3]);
  state = applyEvent(state, ev(12, "column.updated", { id: 5, title: "Corporatie", position: 9 }));
  assert.deepEqual(state.columns.map((c) => [c.id, c.title]), [[3, "Gemeente"], [5, "Corporatie"]]);
});

test("column.deleted keeps its post-its on the wall without a column", () => {
  const state = applyEvent(base(), ev(11, "column.deleted", { id: 3 }));
  assert.deepEqual(state.columns, []);
  assert.deepEqual(state.postits.map((p) => [p.id, p.column_id]), [[20, null], [21, null]]);
  assert.deepEqual(wallLayout(state).loose.map((p) => p.id), [20, 21]);
});

test("parked post-its leave their column and go to the parking lot", () => {
  let state = base();
  state = applyEvent(state, ev(11, "postit.updated", { ...state.postits[0], parked: true, parked_note: "later", version: 2 }));
  const layout = wallLayout(state);
  assert.deepEqual(layout.columns[0].postits, []);
  assert.deepEqual(layout.parked.map((p) => [p.id, p.parked_note]), [[20, "later"]]);
});

test("remaining counts down to ends_at with the clock offset", () => {
  const now = Date.parse("2030-01-01T10:00:00Z");
  const timer = { state: "running", ends_at: "2030-01-01T10:05:00+00:00", remaining_ms: null };
  assert.equal(remaining(timer, 0, now), 300000);
  assert.equal(remaining(timer, 2000, now), 298000); // the server is 2 s ahead of us
  assert.equal(remaining(timer, 0, now + 312000), -12000);
});

test("remaining is frozen when paused and null when idle", () => {
  assert.equal(remaining({ state: "paused", ends_at: null, remaining_ms: 65000 }, 5000, 0), 65000);
  assert.equal(remaining({ state: "idle", ends_at: null, remaining_ms: null }, 0, 0), null);
  assert.equal(remaining(null, 0, 0), null);
});

test("formatRemaining shows minutes, hours and overtime", () => {
  assert.equal(formatRemaining(300000), "5:00");
  assert.equal(formatRemaining(59001), "1:00");
  assert.equal(formatRemaining(200), "0:01");
  assert.equal(formatRemaining(3723000), "1:02:03");
  assert.equal(formatRemaining(-12000), "+0:12");
  assert.equal(formatRemaining(-200), "+0:00");
  assert.equal(formatRemaining(null), "");
});

test("currentItem follows the timer", () => {
  let state = base();
  assert.equal(currentItem(state), null);
  state = applyEvent(state, ev(11, "timer.changed", { state: "running", current_item_id: 2, ends_at: null, remaining_ms: null, status: "live" }));
  assert.equal(currentItem(state).title, "Problemen");
});

test("without a registered method the state has only the engine's parts", () => {
  // The engine knows no method: a snapshot's method part and its events are left alone.
  const state = fromSnapshot({ head: 1, appraisal: { id: 5, title: "X" } });
  assert.deepEqual(Object.keys(state).sort(), [
    "acquaintances", "agenda", "agreement_distributions", "agreements", "ballots", "columns", "group_sets",
    "groups", "head", "parked_topics", "participants", "pmi", "postits", "round", "round_presets", "spotlight",
    "timer", "workshop",
  ]);
  const next = applyEvent(state, ev(2, "group.created", { appraisal_id: 5, group: { id: 1 } }));
  assert.deepEqual(next, { ...state, head: 2 });
  assert.equal("appraisal" in applyEvent(null, ev(3, "appraisal.linked", { appraisal: { id: 5 } })), false);
});

function agreement(id, extra = {}) {
  return {
    id, kind: "joint_agreement", description: `afspraak ${id}`, owner_ids: [7, 8],
    owners: [{ id: 7, name: "Ans" }, { id: 8, name: "Bram" }], owner_names: "", contributor_ids: [],
    contributors: [], due_date: null, link: { kind: "", id: null, label: "" }, status: "open", uses_existing: "",
    created_by_id: null, by_facilitator: true, progress: [], version: 1, ...extra,
  };
}

test("the register of agreements folds its events by id, idempotently", () => {
  let state = fromSnapshot({ head: 1, agreements: [agreement(5), agreement(2)] });
  assert.deepEqual(state.agreements.map((a) => a.id), [2, 5]);
  assert.deepEqual(state.agreement_distributions, []);
  state = applyEvent(state, ev(2, "agreement.created", agreement(9)));
  state = applyEvent(state, ev(3, "agreement.created", agreement(9)));
  assert.deepEqual(state.agreements.map((a) => a.id), [2, 5, 9]);
  const report = { id: 1, text: "Zaal geregeld", date: "2026-12-10", author_id: 8, author_name: "Bram", by_facilitator: false };
  state = applyEvent(state, ev(4, "agreement.progress_added", agreement(5, { progress: [report], version: 2 })));
  assert.deepEqual(state.agreements.find((a) => a.id === 5).progress, [report]);
  state = applyEvent(state, ev(5, "agreement.updated", agreement(2, { status: "done", version: 2 })));
  assert.equal(state.agreements.find((a) => a.id === 2).status, "done");
  state = applyEvent(state, ev(6, "agreement.deleted", { id: 9 }));
  state = applyEvent(state, ev(7, "agreement.deleted", { id: 9 }));
  assert.deepEqual(state.agreements.map((a) => a.id), [2, 5]);
  const sent = { id: 3, sent_at: "2026-12-06T20:00:00+00:00", recipients: [{ participant_id: 7, name: "Ans" }], kinds: ["joint_agreement"], agreement_ids: [2, 5] };
  state = applyEvent(state, ev(8, "agreement.distributed", sent));
  assert.deepEqual(state.agreement_distributions, [sent]);
  assert.equal(state.head, 8);
});

test("a parked post-it is a topic of the parking lot: parked, changed, back on the wall, deleted", () => {
  const topic = { id: 5, text: "b", reason: "Later", kind: "topic", status: "parked", raised_by_id: 7,
    raised_in_item_id: 2, return_at_step: null, follow_up_id: null, postit_id: 21 };
  const parkedPostit = { ...base().postits[1], parked: true, parked_note: "Later", version: 2 };
  let state = applyEvent(base(), ev(11, "postit.updated", { ...parkedPostit, parked_topic: topic }));
  assert.deepEqual(state.parked_topics, [topic]);
  assert.deepEqual(state.postits[1], parkedPostit, "the post-it does not keep the topic");
  // A repeat, or a new note, changes the same topic.
  state = applyEvent(state, ev(12, "postit.updated", { ...parkedPostit, parked_topic: { ...topic, reason: "Stap 4" } }));
  assert.deepEqual(state.parked_topics.map((t) => [t.id, t.reason]), [[5, "Stap 4"]]);
  // A wall event without the key leaves the parking lot alone.
  state = applyEvent(state, ev(13, "postit.updated", { ...parkedPostit, position: 3 }));
  assert.equal(state.parked_topics.length, 1);
  // Back on the wall: the topic goes.
  const back = applyEvent(state, ev(14, "postit.updated", { ...parkedPostit, parked: false, parked_note: "", parked_topic: null }));
  assert.deepEqual(back.parked_topics, []);
  // Deleted while parked: its topic goes with it, the other topics stay.
  const other = { ...topic, id: 6, postit_id: null };
  state = applyEvent(state, ev(15, "topic.parked", other));
  state = applyEvent(state, ev(16, "postit.deleted", { id: 21, unmerged_ids: [] }));
  assert.deepEqual(state.parked_topics, [other]);
});
