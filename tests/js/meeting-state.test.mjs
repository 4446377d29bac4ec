// Unit tests of Samenwerken in de wijk's state module
// (wijktafel/collaboration/static/collaboration/js/state.js), folded through static/js/state.js
// once the method is registered (run: node --test tests/js/).
import assert from "node:assert/strict";
import { test } from "node:test";

import "./register-static.mjs";
import { applyEvent, fromSnapshot } from "../../static/js/state.js";

const APP = "../../wijktafel/collaboration/static/collaboration/js";
await import(`${APP}/meeting.js`);
const { duoCoverage, result } = await import(`${APP}/state.js`);

const ev = (seq, kind, data) => ({ type: "event", seq, kind, data });
const note = (id, extra = {}) => ({
  id, card_id: 11, text: `Notitie ${id}`, round: "duo", origin: "practice", author_id: 1, duo_id: 7,
  reacts_to_id: null, on_sheet: false, ...extra,
});

function snapshot(meeting) {
  return {
    head: 1,
    workshop: { id: 1, title: "Samenwerken", status: "live", joining_open: true },
    agenda: [], timer: { state: "idle", current_item_id: null }, participants: [],
    meeting: {
      ballot_id: 3, questions: [], notes: [],
      contacts: { filled_ids: [], shared: [] }, reflection: { answered_ids: [], questions: [] },
      follow_up: {}, closing: {}, showing_actions_of: null, ...meeting,
    },
  };
}

test("notes are added, changed and removed with their reactions", () => {
  let state = fromSnapshot(snapshot());
  state = applyEvent(state, ev(2, "flap_note.added", note(1)));
  state = applyEvent(state, ev(3, "flap_note.added", note(2, { reacts_to_id: 1, round: "silent" })));
  state = applyEvent(state, ev(4, "flap_note.updated", note(1, { text: "Beter", on_sheet: true })));
  assert.deepEqual(state.meeting.notes.map((n) => [n.id, n.text, n.on_sheet]),
    [[1, "Beter", true], [2, "Notitie 2", false]]);
  state = applyEvent(state, ev(5, "flap_note.removed", { ids: [1, 2] }));
  assert.deepEqual(state.meeting.notes, []);
});

test("contact, reflection and meeting events carry no personal data and fold in", () => {
  let state = fromSnapshot(snapshot({ contacts: { filled_ids: [], shared: [{ participant_id: 4, name: "Ans" }] } }));
  state = applyEvent(state, ev(2, "contacts.changed", { filled_ids: [4, 5] }));
  assert.deepEqual(state.meeting.contacts, { filled_ids: [4, 5], shared: [{ participant_id: 4, name: "Ans" }] });
  state = applyEvent(state, ev(3, "reflection.changed", { answered_ids: [5] }));
  assert.deepEqual(state.meeting.reflection.answered_ids, [5]);
  const follow_up = { next_meeting_date: "2027-03-01", update_due: "2027-02-22" };
  state = applyEvent(state, ev(4, "meeting.changed", { follow_up, closing: { stays_here: true }, showing_actions_of: 5 }));
  assert.deepEqual(state.meeting.follow_up, follow_up);
  assert.equal(state.meeting.showing_actions_of, 5);
});

test("the vote's result is the server's: ranking, top three and a tie at the cut-off", () => {
  const ballot = {
    top_n: 3, settled: [],
    targets: [1, 2, 3, 4, 5].map((id) => ({ id })),
    stickers: [[1, 1], [1, 2], [2, 1], [3, 1], [4, 2], [5, 3], [6, 4]].map(([id, target_id]) => ({ id, target_id })),
  };
  const open = result(ballot);
  assert.deepEqual(open.ranking, [1, 2, 3, 4, 5]);
  assert.deepEqual(open.top, [1, 2, 3]);
  assert.deepEqual(open.tie, [3, 4]);
  const settled = result({ ...ballot, settled: [4, 3] });
  assert.deepEqual(settled.top, [1, 2, 4]);
  assert.deepEqual(settled.tie, []);
});

test("a duo's coverage counts the different cards it wrote on in the duo round", () => {
  const notes = [note(1), note(2), note(3, { card_id: 12 }), note(4, { card_id: 13, round: "silent" })];
  assert.deepEqual([...duoCoverage(notes)], [[7, 2]]);
});
