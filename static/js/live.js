// The realtime transport of one workshop page (protocol: docs/realtime.md,
// design: docs/reliability.md §2.2).
//
//   const live = new LiveSession({wsPath, eventsUrl, workshopId, participantId, snapshot});
//   live.addEventListener("state", (e) => draw(e.detail.state));
//   live.start();
//   live.send("postit.create", {text: "..."});   // -> op id; kept in the outbox until acked
//
// Events (CustomEvent, details in brackets):
//   "state"    {state, frame}       the state changed (an event or a snapshot was applied)
//   "status"   {status, polling}    connecting | online | reconnecting | offline | limited | closed
//   "outbox"   {pending}            the list of ops not yet confirmed changed
//   "ack"      {op, seq}            the server stored an op
//   "rejected" {op, code, message, field}   the server refused an op; it left the outbox
//   "closed"   {code, reason}       the server ended this page for good (4401, 4403, 4408)
//   "limited"  {code, message, retryMs}  this person has too many screens open (4429): the page
//                                   tries again slowly; show the message (the outbox is kept)
//   "servererror" {message, op}     the server could not handle a frame (it will be retried)
//
// The outbox and op ids live in outbox.js, the waits between connects in retry.js.

import { Outbox, newOpId, safeStorage } from "./outbox.js";
import { backoffDelay, policyDelay } from "./retry.js";
import { applyEvent, fromSnapshot } from "./state.js";
import { gettext } from "./ui.js";

export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_REMOVED = 4403;
export const CLOSE_ENDED = 4408;
export const CLOSE_POLICY = 1008; // sent too many frames: come back, but not at once
export const CLOSE_TOO_MANY_SOCKETS = 4429; // open on too many screens: retry slowly
const FINAL_CODES = new Set([CLOSE_UNAUTHENTICATED, CLOSE_REMOVED, CLOSE_ENDED]);

const WATCHDOG_MS = 30000; // no frame at all for this long: the socket is dead
const FAILS_FOR_POLLING = 3; // failed connects ...
const FAIL_WINDOW_MS = 60000; // ... within this window switch on polling
const POLL_MS = 5000;
const RESYNC_RETRY_MS = 3000;
const MAX_BUFFERED = 5000; // events waiting for a gap to fill; beyond this, ask for a snapshot
const OFFSET_SAMPLES = 6;
const SERVER_ERROR_RETRIES = 3;
// Ops sent and not yet answered, per socket. A reconnecting phone with a long outbox sends
// the next op as each answer comes, so a slow server is never handed hundreds at once.
const OUTBOX_WINDOW = 16;
const SERVER_ERROR_RETRY_MS = 5000;
const POLICY_WINDOW_MS = 600000;
const LIMITED_RETRY_MS = 30000; // after a 4429: try again after 30-60 s

export class LiveSession extends EventTarget {
  constructor({
    wsPath, eventsUrl, workshopId, participantId = "", view = "", snapshot = null,
    storage = safeStorage(), WebSocketImpl = globalThis.WebSocket, fetchImpl = globalThis.fetch,
    location = globalThis.location, win = globalThis.window,
  }) {
    super();
    this.wsPath = wsPath;
    this.eventsUrl = eventsUrl;
    this.workshopId = String(workshopId);
    this.participantId = participantId ? String(participantId) : "";
    this.WebSocketImpl = WebSocketImpl;
    this.fetchImpl = fetchImpl ? fetchImpl.bind(globalThis) : null;
    this.location = location;
    this.win = win;
    // One outbox per person and workshop, so a reload resends; the big screen (same account as
    // the console, often the same browser) has its own, so it never sees or resends the console's.
    const who = this.participantId || (view === "screen" ? "screen" : "facilitator");
    this.outbox = new Outbox(`wijktafel:outbox:${this.workshopId}:${who}`, storage);
    this.inFlight = new Set(); // op ids sent on the current socket and not yet answered

    this.state = snapshot ? fromSnapshot(snapshot) : null;
    this.lastSeq = this.state ? this.state.head : null;
    this.buffer = new Map(); // seq -> event frame that arrived before its predecessors
    this.resyncAskedAt = 0;
    this.resyncBlockedUntil = 0;
    this.role = null;
    this.status = "connecting";
    this.polling = false;
    this.closedFor = null; // final close code
    this.offsetSamples = [];
    this.offsetMs = 0;
    this.acked = new Map(); // op -> {seq, entry}: acked, but its event is not applied yet (no flicker)
    this.offline = false;
    this.errorRetries = new Map();

    this.ws = null;
    this.welcomed = false;
    this.attempt = 0;
    this.failures = [];
    this.policyCloses = []; // times of 1008 closes (too many frames)
    this.lastError = null; // the last error frame, for the message of a close that follows it
    this.timers = { reconnect: null, watchdog: null, poll: null };
    this.started = false;

    this.onOffline = () => this.goOffline();
    this.onOnline = () => this.goOnline();
  }

  // --- Public API ---------------------------------------------------------------------------

  start() {
    if (this.started) return this;
    this.started = true;
    if (this.win && this.win.addEventListener) {
      this.win.addEventListener("offline", this.onOffline);
      this.win.addEventListener("online", this.onOnline);
    }
    const nav = this.win && this.win.navigator;
    if (nav && nav.onLine === false) this.goOffline();
    else this.connect();
    this.emit("outbox", { pending: this.pending() });
    return this;
  }

  stop() {
    this.started = false;
    this.dropSocket();
    this.clearTimer("reconnect");
    this.stopPolling();
    if (this.win && this.win.removeEventListener) {
      this.win.removeEventListener("offline", this.onOffline);
      this.win.removeEventListener("online", this.onOnline);
    }
  }

  /** Queue an op; it is stored first, then sent when connected. Returns its op id. */
  send(kind, data = {}) {
    if (this.closedFor) return null;
    const op = newOpId();
    this.outbox.add({ op, kind, data });
    this.emit("outbox", { pending: this.pending() });
    this.flushOutbox();
    return op;
  }

  /**
   * Ops not yet visible in the state, oldest first: unconfirmed ones ({op, kind, data,
   * acked: false}) and acked ones whose event is still on its way (acked: true), so a view
   * can show them without flicker. Only the unconfirmed ones wait to be sent.
   */
  pending() {
    const list = this.outbox.all().map((e) => ({ ...e, acked: false }));
    for (const [op, { seq, entry }] of this.acked) {
      if (this.lastSeq != null && seq <= this.lastSeq) this.acked.delete(op);
      else list.unshift({ ...entry, acked: true });
    }
    return list;
  }

  /** How many ops wait to be sent or confirmed. */
  waitingCount() {
    return this.outbox.all().length;
  }

  /** Milliseconds to add to Date.now() to get the server's clock. */
  clockOffset() {
    return this.offsetMs;
  }

  // --- Connection -----------------------------------------------------------------------------

  url() {
    const loc = this.location;
    const scheme = loc && loc.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${loc ? loc.host : ""}${this.wsPath}`;
  }

  isOpen() {
    return Boolean(this.ws && this.welcomed && this.ws.readyState === 1);
  }

  connect() {
    if (!this.started || this.closedFor || this.offline) return;
    this.clearTimer("reconnect");
    this.dropSocket();
    this.setStatus(this.attempt === 0 && this.lastConnected === undefined ? "connecting" : "reconnecting");
    let ws;
    try {
      ws = new this.WebSocketImpl(this.url());
    } catch (_err) {
      this.connectFailed();
      return;
    }
    this.ws = ws;
    this.welcomed = false;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.armWatchdog();
      this.rawSend({ type: "hello", last_seq: this.lastSeq });
    };
    ws.onmessage = (message) => {
      if (this.ws !== ws) return;
      this.armWatchdog();
      let frame;
      try {
        frame = JSON.parse(message.data);
      } catch (_err) {
        return;
      }
      if (frame && typeof frame === "object") this.handleFrame(frame);
    };
    ws.onclose = (close) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.onSocketClosed(close.code, close.reason);
    };
    ws.onerror = () => {
      // a close event follows; nothing to do here
    };
  }

  dropSocket() {
    const ws = this.ws;
    this.ws = null;
    this.welcomed = false;
    this.clearTimer("watchdog");
    if (ws) {
      ws.onmessage = ws.onclose = ws.onerror = null;
      if (ws.readyState === 0) {
        // Closing a socket that is still connecting makes browsers log an error: close it once open.
        ws.onopen = () => ws.close(1000);
        return;
      }
      ws.onopen = null;
      try {
        ws.close(1000);
      } catch (_err) {
        // already closing
      }
    }
  }

  onSocketClosed(code, reason) {
    const wasWelcomed = this.welcomed;
    this.welcomed = false;
    this.clearTimer("watchdog");
    if (FINAL_CODES.has(code)) {
      this.finish(code, reason);
      return;
    }
    if (this.offline) return;
    if (code === CLOSE_TOO_MANY_SOCKETS) {
      this.limited(code);
      return;
    }
    if (code === CLOSE_POLICY) {
      const now = Date.now();
      this.policyCloses = this.policyCloses.filter((t) => now - t < POLICY_WINDOW_MS);
      this.policyCloses.push(now);
      this.scheduleReconnect(policyDelay(this.policyCloses.length));
      return;
    }
    if (!wasWelcomed) this.connectFailed();
    else this.scheduleReconnect();
  }

  connectFailed() {
    const now = Date.now();
    this.failures = this.failures.filter((t) => now - t < FAIL_WINDOW_MS);
    this.failures.push(now);
    if (this.failures.length >= FAILS_FOR_POLLING) this.startPolling();
    this.scheduleReconnect();
  }

  scheduleReconnect(minDelay = 0) {
    if (!this.started || this.closedFor || this.offline) return;
    this.setStatus("reconnecting");
    this.clearTimer("reconnect");
    const delay = Math.max(minDelay, backoffDelay(this.attempt));
    this.attempt += 1;
    this.timers.reconnect = setTimeout(() => this.connect(), delay);
  }

  /** Too many screens open (4429): no polling, no fast retries; keep the outbox and try slowly. */
  limited(code) {
    if (!this.started || this.closedFor) return;
    this.clearTimer("reconnect");
    const retryMs = Math.round(LIMITED_RETRY_MS * (1 + Math.random()));
    const error = this.lastError;
    // The server sends its (translated) text in an error frame before the 4429; else our own.
    const message = error && error.code === "too_many_sockets" && error.message ? error.message
      : gettext("You already have this session open on too many screens. Close it on another screen; this page then connects again by itself.");
    this.setStatus("limited");
    this.emit("limited", { code, message, retryMs });
    this.timers.reconnect = setTimeout(() => this.connect(), retryMs);
  }

  armWatchdog() {
    this.clearTimer("watchdog");
    this.timers.watchdog = setTimeout(() => {
      // Nothing heard for 30 s (not even a heartbeat): the socket is dead without knowing it.
      const welcomed = this.welcomed;
      this.dropSocket();
      if (welcomed) this.scheduleReconnect();
      else this.connectFailed();
    }, WATCHDOG_MS);
  }

  clearTimer(name) {
    if (this.timers[name]) {
      clearTimeout(this.timers[name]);
      clearInterval(this.timers[name]);
      this.timers[name] = null;
    }
  }

  goOffline() {
    this.offline = true;
    this.dropSocket();
    this.clearTimer("reconnect");
    this.stopPolling();
    this.setStatus("offline");
  }

  goOnline() {
    if (this.closedFor || !this.started) return;
    this.offline = false;
    this.attempt = 0;
    this.failures = [];
    this.lastConnected = this.lastConnected || 0;
    this.connect();
  }

  finish(code, reason) {
    this.closedFor = code;
    this.clearTimer("reconnect");
    this.stopPolling();
    this.dropSocket();
    // Removed, ended or no longer known: nothing in the outbox can ever be sent. Forget it.
    this.outbox.clear();
    this.acked.clear();
    this.setStatus("closed");
    this.emit("outbox", { pending: [] });
    this.emit("closed", { code, reason: reason || "" });
  }

  // --- Polling fallback (some networks break websockets) -----------------------------------

  startPolling() {
    if (this.polling || !this.eventsUrl || !this.fetchImpl) return;
    this.polling = true;
    this.emit("status", { status: this.status, polling: true });
    this.poll();
    this.timers.poll = setInterval(() => this.poll(), POLL_MS);
  }

  stopPolling() {
    this.clearTimer("poll");
    if (this.polling) {
      this.polling = false;
      this.emit("status", { status: this.status, polling: false });
    }
  }

  async poll() {
    if (!this.polling || this.pollBusy) return;
    this.pollBusy = true;
    try {
      const sep = this.eventsUrl.includes("?") ? "&" : "?";
      const after = this.lastSeq == null ? "" : `${sep}after=${encodeURIComponent(this.lastSeq)}`;
      const response = await this.fetchImpl(`${this.eventsUrl}${after}`, {
        credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store",
      });
      if (!response.ok) return;
      const body = await response.json();
      if (!this.polling) return;
      if (body.snapshot) this.handleFrame({ type: "snapshot", state: body.snapshot });
      if (Array.isArray(body.events)) {
        for (const frame of body.events) this.handleFrame({ type: "event", ...frame });
      }
    } catch (_err) {
      // the network is down as well; the next tick tries again
    } finally {
      this.pollBusy = false;
    }
  }

  // --- Frames ----------------------------------------------------------------------------------

  rawSend(frame) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    try {
      this.ws.send(JSON.stringify(frame));
      return true;
    } catch (_err) {
      return false;
    }
  }

  sendOp(entry) {
    const sent = this.rawSend({ type: "op", op: entry.op, kind: entry.kind, data: entry.data });
    if (sent) this.inFlight.add(entry.op);
    return sent;
  }

  /** Send the oldest unsent ops of the outbox, at most OUTBOX_WINDOW unanswered at a time. */
  flushOutbox() {
    if (!this.isOpen()) return;
    for (const entry of this.outbox.all()) {
      if (this.inFlight.size >= OUTBOX_WINDOW) break;
      if (this.inFlight.has(entry.op)) continue;
      if (!this.sendOp(entry)) break;
    }
  }

  handleFrame(frame) {
    switch (frame.type) {
      case "welcome":
        this.welcomed = true;
        this.lastError = null;
        this.role = frame.role || null;
        this.attempt = 0;
        this.failures = [];
        this.lastConnected = Date.now();
        this.noteClock(frame.now);
        this.stopPolling();
        this.setStatus("online");
        this.inFlight = new Set(); // a new socket: nothing of the outbox was sent on it yet
        this.flushOutbox(); // the same op ids again: the server answers repeats with the same ack
        break;
      case "event":
        this.receiveEvent(frame);
        break;
      case "snapshot":
        this.receiveSnapshot(frame.state);
        break;
      case "hb":
        this.noteClock(frame.now);
        if (Number.isInteger(frame.head) && (this.lastSeq == null || frame.head > this.lastSeq)) {
          this.askResync(true);
        }
        this.rawSend({ type: "hb_ack", last_seq: this.lastSeq });
        break;
      case "snapshot_required":
        this.rawSend({ type: "hello", last_seq: null });
        break;
      case "ack":
        this.receiveAck(frame);
        break;
      case "rejected":
        this.receiveRejected(frame);
        break;
      case "error":
        this.receiveError(frame);
        break;
      default:
        break;
    }
  }

  receiveEvent(frame) {
    const seq = frame.seq;
    if (!Number.isInteger(seq)) return;
    if (this.lastSeq == null) {
      // No base state yet: keep it until the snapshot comes.
      this.buffer.set(seq, frame);
      this.askResync(false);
      return;
    }
    if (seq <= this.lastSeq) return; // seen already (replay after reconnect, poll overlap)
    if (seq === this.lastSeq + 1) {
      this.apply(frame);
      this.drain();
      return;
    }
    this.buffer.set(seq, frame);
    if (this.buffer.size > MAX_BUFFERED) {
      this.buffer.clear();
      this.rawSend({ type: "hello", last_seq: null });
      return;
    }
    this.askResync(false);
  }

  drain() {
    for (let guard = 0; guard <= MAX_BUFFERED; guard += 1) {
      for (const seq of this.buffer.keys()) {
        if (seq <= this.lastSeq) this.buffer.delete(seq);
      }
      const next = this.buffer.get(this.lastSeq + 1);
      if (!next) break;
      this.buffer.delete(next.seq);
      this.apply(next);
    }
    if (this.buffer.size) this.askResync(false);
  }

  apply(frame) {
    this.state = applyEvent(this.state, frame);
    this.lastSeq = frame.seq;
    this.resyncAskedAt = 0;
    this.pruneAcked();
    this.emit("state", { state: this.state, frame });
  }

  receiveSnapshot(snapshot) {
    if (!snapshot || typeof snapshot !== "object") return;
    const state = fromSnapshot(snapshot);
    if (this.lastSeq != null && state.head < this.lastSeq && this.state) {
      // An older snapshot than what we have (a slow poll): ignore it.
      return;
    }
    this.state = state;
    this.lastSeq = state.head;
    this.resyncAskedAt = 0;
    this.pruneAcked();
    this.emit("state", { state: this.state, frame: { type: "snapshot" } });
    this.drain();
  }

  askResync(fromHeartbeat) {
    const now = Date.now();
    if (now < this.resyncBlockedUntil) return; // the server said to wait (error/slow_down)
    if (!fromHeartbeat && this.resyncAskedAt && now - this.resyncAskedAt < RESYNC_RETRY_MS) return;
    this.resyncAskedAt = now;
    if (this.lastSeq == null) this.rawSend({ type: "hello", last_seq: null });
    else if (!this.rawSend({ type: "resync", after: this.lastSeq }) && this.polling) this.poll();
  }

  pruneAcked() {
    let changed = false;
    for (const [op, { seq }] of this.acked) {
      if (this.lastSeq != null && seq <= this.lastSeq) {
        this.acked.delete(op);
        changed = true;
      }
    }
    if (changed) this.emit("outbox", { pending: this.pending() });
  }

  receiveAck(frame) {
    const entry = this.outbox.all().find((e) => e.op === frame.op) || null;
    const known = this.outbox.remove(frame.op);
    this.errorRetries.delete(frame.op);
    if (this.inFlight.delete(frame.op)) this.flushOutbox();
    if (!known) return;
    if (Number.isInteger(frame.seq) && (this.lastSeq == null || frame.seq > this.lastSeq)) {
      this.acked.set(frame.op, { seq: frame.seq, entry });
    }
    this.emit("ack", { op: frame.op, seq: frame.seq });
    this.emit("outbox", { pending: this.pending() });
  }

  receiveRejected(frame) {
    const entry = this.outbox.all().find((e) => e.op === frame.op) || null;
    const known = this.outbox.remove(frame.op);
    this.errorRetries.delete(frame.op);
    if (this.inFlight.delete(frame.op)) this.flushOutbox();
    if (!known) return;
    this.emit("rejected", {
      op: frame.op, kind: entry ? entry.kind : "", data: entry ? entry.data : null,
      code: frame.code || "invalid", message: frame.message || "", field: frame.field || null,
    });
    this.emit("outbox", { pending: this.pending() });
  }

  receiveError(frame) {
    this.lastError = frame;
    if (frame.code === "slow_down") {
      // Everything was sent to this socket just now: ask again only after the wait (the
      // heartbeat after it shows whether anything is still missing).
      const seconds = Number.isInteger(frame.retry_after) ? frame.retry_after : 5;
      this.resyncBlockedUntil = Date.now() + seconds * 1000;
      this.resyncAskedAt = 0;
      return;
    }
    const op = frame.op;
    this.emit("servererror", { message: frame.message || "", op: op || null, code: frame.code || "" });
    if (!op || !this.outbox.has(op)) return;
    // The server failed on our op (not a refusal): try again a few times, then at the next reconnect.
    const tries = (this.errorRetries.get(op) || 0) + 1;
    this.errorRetries.set(op, tries);
    if (tries > SERVER_ERROR_RETRIES) return;
    setTimeout(() => {
      const entry = this.outbox.all().find((e) => e.op === op);
      if (entry && this.isOpen()) this.sendOp(entry);
    }, SERVER_ERROR_RETRY_MS * tries);
  }

  noteClock(iso) {
    const server = Date.parse(iso);
    if (Number.isNaN(server)) return;
    // server time minus arrival time underestimates by the network delay: keep the largest
    // of the last few samples.
    this.offsetSamples.push(server - Date.now());
    if (this.offsetSamples.length > OFFSET_SAMPLES) this.offsetSamples.shift();
    this.offsetMs = Math.max(...this.offsetSamples);
  }

  // --- Events to the view ------------------------------------------------------------------------

  setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.emit("status", { status, polling: this.polling });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
