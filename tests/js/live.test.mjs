// Unit tests of static/js/live.js (and its outbox.js, retry.js) with a fake socket and storage
// (run: node --test tests/js/).
import assert from "node:assert/strict";
import { test } from "node:test";

import { LiveSession } from "../../static/js/live.js";
import { Outbox, newOpId } from "../../static/js/outbox.js";
import { backoffDelay, policyDelay } from "../../static/js/retry.js";

class FakeStorage {
  constructor() { this.data = new Map(); }
  getItem(k) { return this.data.has(k) ? this.data.get(k) : null; }
  setItem(k, v) { this.data.set(k, String(v)); }
  removeItem(k) { this.data.delete(k); }
}

function fakeSockets() {
  const sockets = [];
  class FakeSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      sockets.push(this);
    }
    send(text) { this.sent.push(JSON.parse(text)); }
    close() { this.readyState = 3; }
    open() { this.readyState = 1; this.onopen && this.onopen(); }
    receive(frame) { this.onmessage && this.onmessage({ data: JSON.stringify(frame) }); }
    serverClose(code) { this.readyState = 3; this.onclose && this.onclose({ code, reason: "" }); }
  }
  return { sockets, FakeSocket };
}

function session(extra = {}) {
  const { sockets, FakeSocket } = fakeSockets();
  const storage = extra.storage || new FakeStorage();
  const live = new LiveSession({
    wsPath: "/ws/workshops/1/", eventsUrl: "/sessies/1/events", workshopId: 1,
    participantId: extra.participantId ?? 7, view: extra.view ?? "participant",
    snapshot: { head: 5, workshop: { id: 1 }, postits: [], columns: [], participants: [], agenda: [] },
    storage, WebSocketImpl: FakeSocket, fetchImpl: null,
    location: { protocol: "https:", host: "example.test" }, win: null,
  });
  return { live, sockets, storage };
}

function welcome(ws, head = 5) {
  ws.open();
  ws.receive({ type: "welcome", role: "participant", participant_id: 7, head, now: new Date().toISOString() });
}

const postit = (id) => ({ id, text: `p${id}`, why: "", column_id: null, position: id, parked: false, merged_into_id: null });

test("op ids are version-4 UUIDs, also without crypto.randomUUID", () => {
  const pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  assert.match(newOpId(), pattern);
  const onlyRandomValues = { getRandomValues: (a) => globalThis.crypto.getRandomValues(a) };
  assert.match(newOpId(onlyRandomValues), pattern);
});

test("backoff stays between 0.5 s and 10 s", () => {
  assert.equal(backoffDelay(0, () => 0), 500);
  assert.equal(backoffDelay(0, () => 1), 500);
  assert.equal(backoffDelay(3, () => 1), 4000);
  assert.equal(backoffDelay(50, () => 1), 10000);
  assert.equal(backoffDelay(50, () => 0), 500);
});

test("hello carries last_seq and the socket URL follows the page scheme", () => {
  const { live, sockets } = session();
  live.started = true;
  live.connect();
  assert.equal(sockets[0].url, "wss://example.test/ws/workshops/1/");
  sockets[0].open();
  assert.deepEqual(sockets[0].sent[0], { type: "hello", last_seq: 5 });
  live.stop();
});

test("events apply in seq order; a gap is buffered and a resync asked once", () => {
  const { live, sockets } = session();
  live.started = true;
  live.connect();
  const ws = sockets[0];
  welcome(ws);
  ws.receive({ type: "event", seq: 7, kind: "postit.created", data: postit(2) });
  assert.equal(live.lastSeq, 5);
  assert.deepEqual(ws.sent.filter((f) => f.type === "resync"), [{ type: "resync", after: 5 }]);
  ws.receive({ type: "event", seq: 6, kind: "postit.created", data: postit(1) });
  assert.equal(live.lastSeq, 7);
  assert.deepEqual(live.state.postits.map((p) => p.id), [1, 2]);
  ws.receive({ type: "event", seq: 6, kind: "postit.deleted", data: { id: 1, unmerged_ids: [] } });
  assert.deepEqual(live.state.postits.map((p) => p.id), [1, 2], "seq <= last_seq is ignored");
  live.stop();
});

test("a snapshot replaces the state and the buffer drains after it", () => {
  const { live, sockets } = session();
  live.started = true;
  live.connect();
  const ws = sockets[0];
  welcome(ws);
  ws.receive({ type: "event", seq: 12, kind: "postit.created", data: postit(9) });
  ws.receive({ type: "snapshot", state: { head: 11, postits: [postit(3)], columns: [], participants: [], agenda: [] } });
  assert.equal(live.lastSeq, 12);
  assert.deepEqual(live.state.postits.map((p) => p.id), [3, 9]);
  live.stop();
});

test("the outbox is stored before sending, resent after a reconnect and cleared by the ack", () => {
  const { live, sockets, storage } = session();
  live.started = true;
  const op = live.send("postit.create", { text: "hallo" });
  const key = "wijktafel:outbox:1:7";
  assert.deepEqual(JSON.parse(storage.getItem(key)), [{ op, kind: "postit.create", data: { text: "hallo" } }]);
  live.connect();
  welcome(sockets[0]);
  assert.deepEqual(sockets[0].sent[1], { type: "op", op, kind: "postit.create", data: { text: "hallo" } });
  sockets[0].serverClose(1012);
  clearTimeout(live.timers.reconnect);
  live.connect();
  welcome(sockets[1]);
  assert.deepEqual(sockets[1].sent.filter((f) => f.type === "op").map((f) => f.op), [op], "same op id again");
  sockets[1].receive({ type: "ack", op, seq: 6 });
  assert.equal(storage.getItem(key), null);
  assert.deepEqual(live.pending().map((p) => [p.op, p.acked]), [[op, true]], "shown until its event arrives");
  sockets[1].receive({ type: "event", seq: 6, kind: "postit.created", data: postit(1) });
  assert.deepEqual(live.pending(), []);
  live.stop();
});

test("the outbox survives a reload", () => {
  const storage = new FakeStorage();
  const first = session({ storage }).live;
  const op = first.send("postit.create", { text: "offline" });
  const second = session({ storage }).live;
  assert.deepEqual(second.pending().map((p) => p.op), [op]);
});

test("the big screen does not share the console's outbox in the same browser", () => {
  const storage = new FakeStorage();
  const consolePage = session({ storage, participantId: "", view: "console" }).live;
  const op = consolePage.send("timer.control", { action: "start" });
  const screen = session({ storage, participantId: "", view: "screen" }).live;
  assert.deepEqual(screen.pending(), [], "the screen has nothing to send");
  const reloaded = session({ storage, participantId: "", view: "console" }).live;
  assert.deepEqual(reloaded.pending().map((p) => p.op), [op], "the console still resends after a reload");
});

test("a rejected op leaves the outbox and is reported", () => {
  const { live, sockets } = session();
  live.started = true;
  live.connect();
  welcome(sockets[0]);
  const op = live.send("postit.create", { text: "" });
  const seen = [];
  live.addEventListener("rejected", (e) => seen.push(e.detail));
  sockets[0].receive({ type: "rejected", op, code: "invalid", message: "Leeg", field: "text" });
  assert.deepEqual(live.pending(), []);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].message, "Leeg");
  assert.equal(seen[0].kind, "postit.create");
  live.stop();
});

test("removed, ended and unauthenticated closes are final and clear the outbox", () => {
  for (const code of [4401, 4403, 4408]) {
    const { live, sockets, storage } = session();
    live.started = true;
    live.send("postit.create", { text: "x" });
    live.connect();
    welcome(sockets[0]);
    let closed = null;
    live.addEventListener("closed", (e) => { closed = e.detail.code; });
    sockets[0].serverClose(code);
    assert.equal(closed, code);
    assert.equal(live.status, "closed");
    assert.equal(live.timers.reconnect, null, "no reconnect");
    assert.equal(storage.getItem("wijktafel:outbox:1:7"), null);
    live.stop();
  }
});

test("other closes reconnect, and three failed connects switch on polling", () => {
  const { live, sockets } = session();
  live.fetchImpl = async () => ({ ok: true, json: async () => ({ events: [], head: 5 }) });
  live.started = true;
  live.connect();
  welcome(sockets[0]);
  sockets[0].serverClose(1006);
  assert.equal(live.status, "reconnecting");
  assert.notEqual(live.timers.reconnect, null);
  for (let i = 0; i < 3; i += 1) {
    clearTimeout(live.timers.reconnect);
    live.connect();
    sockets.at(-1).serverClose(1006); // closed before a welcome: a failed connect
  }
  assert.equal(live.polling, true);
  clearTimeout(live.timers.reconnect);
  live.connect();
  welcome(sockets.at(-1));
  assert.equal(live.polling, false, "polling stops when the socket works again");
  live.stop();
});

test("the clock offset comes from the server time", () => {
  const { live, sockets } = session();
  live.started = true;
  live.connect();
  sockets[0].open();
  sockets[0].receive({ type: "welcome", role: "participant", head: 5, now: new Date(Date.now() + 60000).toISOString() });
  assert.ok(Math.abs(live.clockOffset() - 60000) < 1000);
  live.stop();
});

test("Outbox keeps only the op fields", () => {
  const box = new Outbox("k", new FakeStorage());
  box.add({ op: "a", kind: "postit.create", data: { text: "t" }, name: "Ans", email: "x@example.test" });
  assert.deepEqual(box.all(), [{ op: "a", kind: "postit.create", data: { text: "t" } }]);
});

test("a 1008 (too many frames) reconnects, but only after 5 s, and slower each time", () => {
  assert.equal(policyDelay(1, () => 0), 5000);
  assert.equal(policyDelay(2, () => 0), 10000);
  assert.equal(policyDelay(9, () => 0), 60000);
  assert.equal(policyDelay(1, () => 1), 6000);
  const { live, sockets, storage } = session();
  live.started = true;
  live.send("postit.create", { text: "bewaard" });
  const delays = [];
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = (fn, ms) => { delays.push(ms); return realSetTimeout(() => {}, 0); };
  try {
    live.connect();
    welcome(sockets[0]);
    sockets[0].serverClose(1008);
    live.connect();
    welcome(sockets[1]);
    sockets[1].serverClose(1008);
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  const reconnects = delays.filter((ms) => ms >= 5000 && ms !== 30000); // not the watchdog
  assert.ok(reconnects[0] >= 5000 && reconnects[0] <= 6000, String(delays));
  assert.ok(reconnects[1] >= 10000 && reconnects[1] <= 12000, String(delays));
  assert.equal(live.status, "reconnecting");
  assert.notEqual(storage.getItem("wijktafel:outbox:1:7"), null, "the outbox is kept");
  live.stop();
});

test("a 4429 (too many screens) shows the server's message, keeps the outbox and retries slowly", () => {
  const { live, sockets, storage } = session();
  live.fetchImpl = async () => ({ ok: true, json: async () => ({ events: [], head: 5 }) });
  live.started = true;
  live.send("postit.create", { text: "bewaard" });
  const seen = [];
  live.addEventListener("limited", (e) => seen.push(e.detail));
  live.addEventListener("closed", () => assert.fail("4429 is not final"));
  for (let i = 0; i < 3; i += 1) { // refused three times in a row: still no polling
    clearTimeout(live.timers.reconnect);
    live.connect();
    sockets.at(-1).open();
    sockets.at(-1).receive({ type: "error", code: "too_many_sockets", message: "Te veel schermen" });
    sockets.at(-1).serverClose(4429);
  }
  assert.equal(seen.length, 3);
  assert.equal(seen[0].code, 4429);
  assert.equal(seen[0].message, "Te veel schermen");
  assert.ok(seen.every((d) => d.retryMs >= 30000 && d.retryMs <= 60000));
  assert.equal(live.status, "limited");
  assert.equal(live.polling, false, "no polling around the limit");
  assert.notEqual(live.timers.reconnect, null, "it tries again later");
  assert.notEqual(storage.getItem("wijktafel:outbox:1:7"), null, "the outbox is kept");
  // Once another screen is closed, the retry gets in and sends the outbox.
  clearTimeout(live.timers.reconnect);
  live.connect();
  welcome(sockets.at(-1));
  assert.equal(live.status, "online");
  assert.deepEqual(sockets.at(-1).sent.filter((f) => f.type === "op").map((f) => f.data.text), ["bewaard"]);
  live.stop();
});

test("a 4429 without its error frame still has a message", () => {
  const { live, sockets } = session();
  live.started = true;
  const seen = [];
  live.addEventListener("limited", (e) => seen.push(e.detail));
  live.connect();
  sockets[0].open();
  sockets[0].serverClose(4429);
  assert.match(seen[0].message, /too many screens/);
  live.stop();
});

test("a long outbox is sent in a window: the next op goes when an answer comes", () => {
  const { live, sockets } = session();
  live.started = true;
  const ops = Array.from({ length: 40 }, (_, i) => live.send("postit.create", { text: `t${i}` }));
  live.connect();
  welcome(sockets[0]);
  const sentOps = () => sockets[0].sent.filter((f) => f.type === "op").map((f) => f.op);
  assert.deepEqual(sentOps(), ops.slice(0, 16), "the oldest 16, in order");
  sockets[0].receive({ type: "ack", op: ops[0], seq: 6 });
  sockets[0].receive({ type: "rejected", op: ops[1], code: "invalid", message: "nee" });
  assert.deepEqual(sentOps(), ops.slice(0, 18), "each answer lets the next one go");
  live.send("postit.create", { text: "new" });
  assert.equal(sentOps().length, 18, "a new op waits its turn too");
  sockets[0].serverClose(1012);
  clearTimeout(live.timers.reconnect);
  live.connect();
  welcome(sockets[1]);
  assert.deepEqual(sockets[1].sent.filter((f) => f.type === "op").map((f) => f.op), ops.slice(2, 18),
    "a new socket starts again from the oldest unanswered op");
  live.stop();
});

test("slow_down holds every resync back for retry_after, quietly", () => {
  const { live, sockets } = session();
  live.started = true;
  live.connect();
  const ws = sockets[0];
  welcome(ws);
  const errors = [];
  live.addEventListener("servererror", (e) => errors.push(e.detail));
  ws.receive({ type: "error", code: "slow_down", retry_after: 30, message: "wacht" });

  ws.receive({ type: "event", seq: 8, kind: "postit.created", data: postit(8) });
  ws.receive({ type: "hb", head: 9, now: new Date().toISOString() });
  assert.deepEqual(ws.sent.filter((f) => f.type === "resync"), []);
  assert.deepEqual(errors, []);

  live.resyncBlockedUntil = Date.now() - 1; // the wait is over
  ws.receive({ type: "hb", head: 9, now: new Date().toISOString() });
  assert.deepEqual(ws.sent.filter((f) => f.type === "resync"), [{ type: "resync", after: 5 }]);
  live.stop();
});
