// Unit tests of the pure helpers of static/js/board-parking.js (run: node --test tests/js/).
import assert from "node:assert/strict";
import { test } from "node:test";

import { STATUSES, comingBack, followUpOf } from "../../static/js/board-parking.js";
import { fromSnapshot } from "../../static/js/state.js";

const topic = (id, extra = {}) => ({
  id, text: `t${id}`, reason: "", kind: "solution_idea", status: "parked", raised_by_id: null,
  raised_in_item_id: null, return_at_step: 4, follow_up_id: null, postit_id: null, ...extra,
});

function state(currentItemId, topics, agreements = []) {
  return fromSnapshot({
    agenda: [{ id: 1, position: 0, title: "Stap 2", step: 2 }, { id: 2, position: 1, title: "Stap 4", step: 4 },
      { id: 3, position: 2, title: "Pauze", step: null }],
    timer: { state: "running", current_item_id: currentItemId, ends_at: null, remaining_ms: null, status: "live" },
    parked_topics: topics,
    agreements,
  });
}

test("the statuses are the model's, in its order", () => {
  assert.deepEqual([...STATUSES], ["parked", "scheduled", "resolved", "dropped"]);
});

test("a topic comes back at its step while it is parked or scheduled", () => {
  const topics = [topic(1), topic(2, { status: "scheduled" }), topic(3, { status: "resolved" }),
    topic(4, { status: "dropped" }), topic(5, { return_at_step: null, kind: "topic" }), topic(6, { return_at_step: 2 })];
  assert.deepEqual(comingBack(state(2, topics)).map((t) => t.id), [1, 2]);
  assert.deepEqual(comingBack(state(1, topics)).map((t) => t.id), [6]);
  assert.deepEqual(comingBack(state(3, topics)), [], "an item without a step brings nothing back");
  assert.deepEqual(comingBack(state(null, topics)), [], "nor does a session that has not started");
});

test("a topic's follow-up is its action in the register", () => {
  const agreement = { id: 9, kind: "follow_up", description: "Budget navragen" };
  const s = state(null, [topic(1, { follow_up_id: 9 }), topic(2), topic(3, { follow_up_id: 77 })], [agreement]);
  assert.equal(followUpOf(s, s.parked_topics[0]), agreement);
  assert.equal(followUpOf(s, s.parked_topics[1]), null);
  assert.equal(followUpOf(s, s.parked_topics[2]), null, "deleted from the register");
});
