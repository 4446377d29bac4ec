// Unit tests of static/js/methods.js, the registry of methods, and its use in state.js
// (run: node --test tests/js/). Every test file runs in its own process, so the methods
// registered here are not seen by the other files.
import assert from "node:assert/strict";
import { test } from "node:test";

import { registerMethod, registeredMethods } from "../../static/js/methods.js";
import { applyEvent, fromSnapshot } from "../../static/js/state.js";

const ev = (seq, kind, data) => ({ type: "event", seq, kind, data });

// A fake method: its part counts the frames it saw and the post-its the engine added.
const calls = { fromSnapshot: [], reduce: [] };
const fake = registerMethod({
  key: "fake",
  stateKey: "tally",
  fromSnapshot(part) {
    calls.fromSnapshot.push(part);
    return part == null ? null : { seen: [], postits: 0, ...part };
  },
  reduce(prev, next, frame) {
    calls.reduce.push({ prev, next, frame });
    if (!next.tally) return next;
    const tally = { ...next.tally, seen: [...next.tally.seen, frame.kind] };
    if (frame.kind === "fake.bumped") tally.postits += frame.data.by;
    else if (frame.kind.startsWith("postit.")) tally.postits = next.postits.length; // an engine event, folded in
    return { ...next, tally };
  },
  resyncOn: ["fake.linked"],
});

function reset() {
  calls.fromSnapshot.length = 0;
  calls.reduce.length = 0;
}

test("registerMethod keeps a frozen entry; registeredMethods lists in registration order", () => {
  assert.equal(Object.isFrozen(fake), true);
  assert.deepEqual([...fake.resyncOn], ["fake.linked"]);
  assert.equal(fake.panel, null);
  const second = registerMethod({ key: "second", stateKey: "second", fromSnapshot: () => null, reduce: (_p, n) => n });
  assert.deepEqual(registeredMethods().map((m) => m.key), ["fake", "second"]);
  assert.deepEqual([...second.resyncOn], []);
  registeredMethods().pop(); // a copy: the registry itself does not change
  assert.equal(registeredMethods().length, 2);
});

test("a duplicate key, a taken stateKey or a missing function throws", () => {
  const base = { fromSnapshot: () => null, reduce: (_p, n) => n };
  assert.throws(() => registerMethod({ ...base, key: "fake", stateKey: "other" }), /key "fake" is registered already/);
  assert.throws(() => registerMethod({ ...base, key: "other", stateKey: "tally" }), /stateKey "tally"/);
  assert.throws(() => registerMethod({ ...base, key: "other", stateKey: "postits" }), /stateKey "postits"/);
  assert.throws(() => registerMethod({ key: "other", stateKey: "o", reduce: base.reduce }), /fromSnapshot/);
  assert.throws(() => registerMethod({ key: "other", stateKey: "o", fromSnapshot: base.fromSnapshot }), /reduce/);
  assert.throws(() => registerMethod({ ...base, key: "other", stateKey: "o", panel: {} }), /mount/);
  assert.throws(() => registerMethod({ ...base, key: "other", stateKey: "o", resyncOn: "x" }), /resyncOn/);
  assert.throws(() => registerMethod({ ...base, key: "", stateKey: "o" }), /key/);
  assert.throws(() => registerMethod(null), /object/);
  assert.equal(registeredMethods().some((m) => m.key === "other"), false);
});

test("fromSnapshot gives each method its part of the snapshot (null when missing)", () => {
  reset();
  const state = fromSnapshot({ head: 4, tally: { postits: 9 } });
  assert.deepEqual(state.tally, { seen: [], postits: 9 });
  assert.equal(state.second, null);
  assert.deepEqual(calls.fromSnapshot, [{ postits: 9 }]);
  reset();
  assert.equal(fromSnapshot({ head: 4 }).tally, null);
  assert.equal(fromSnapshot(null).tally, null);
  assert.deepEqual(calls.fromSnapshot, [undefined, undefined]);
});

test("reduce is called for every frame, after the engine's handler, and head moves", () => {
  const state = fromSnapshot({ head: 10, postits: [], tally: {} });
  const copy = JSON.parse(JSON.stringify(state));
  reset();
  let s = applyEvent(state, ev(11, "postit.created", { id: 1, text: "a", position: 1 }));
  s = applyEvent(s, ev(12, "fake.bumped", { by: 5 }));
  s = applyEvent(s, ev(13, "nobody.knows", {}));
  assert.deepEqual(calls.reduce.map((c) => c.frame.seq), [11, 12, 13]);
  // The engine's change is in ``next`` already; ``prev`` is the state before the event.
  const first = calls.reduce[0];
  assert.equal(first.prev, state);
  assert.deepEqual(first.next.postits.map((p) => p.id), [1]);
  assert.deepEqual(s.tally, { seen: ["postit.created", "fake.bumped", "nobody.knows"], postits: 6 });
  assert.equal(s.head, 13);
  assert.deepEqual(state, copy, "the input state is not changed");
});

test("a state without the method's part still passes every frame to reduce", () => {
  reset();
  const s = applyEvent(fromSnapshot({ head: 1 }), ev(2, "fake.bumped", { by: 1 }));
  assert.equal(calls.reduce.length, 1);
  assert.equal(s.tally, null);
  assert.equal(s.head, 2);
});
