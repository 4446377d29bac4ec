// Pure functions over the live state of one workshop (no DOM, no clock, no network).
//
// The state has the shape of ``workshop_snapshot`` (wijktafel/workshops/selectors.py):
//   {head, workshop: {id, title, status, joining_open}, agenda: [item], timer, round,
//    round_presets: [preset], participants: [participant], columns: [column], postits: [postit],
//    ballots: [ballot with its targets and stickers],
//    agreements: [agreement], agreement_distributions: [distribution],
//    pmi: {open, anonymous, entries: [entry]}, parked_topics: [topic],
//    groups: [group], group_sets: [{kind, done}], acquaintances: {answered}}
// ``applyEvent`` folds one ``event`` frame ({type: "event", seq, kind, data}) into it and
// returns a NEW state; the input is never changed. Ordering (seq) is the caller's job
// (live.js); here an event simply moves ``head`` to its ``seq``.
// A registered method (methods.js) keeps its own part of the state under its ``stateKey``
// (null when the session does not use it) and folds every event into it after the engine.

import { registeredMethods } from "./methods.js";

const EMPTY = Object.freeze({
  head: 0,
  workshop: { id: null, title: "", status: "preparing", joining_open: false },
  agenda: [],
  timer: { state: "idle", current_item_id: null, ends_at: null, remaining_ms: null, status: "preparing" },
  round: { title: "", minutes: null, ends_at: null },
  round_presets: [],
  spotlight: { target: null },
  participants: [],
  columns: [],
  postits: [],
  ballots: [],
  agreements: [],
  agreement_distributions: [],
  pmi: { open: false, anonymous: false, entries: [] },
  parked_topics: [],
  groups: [],
  group_sets: [],
  acquaintances: { answered: 0 },
});

/** A full state from a snapshot (missing parts get empty defaults; each method makes its own). */
export function fromSnapshot(snapshot) {
  const s = snapshot || {};
  const state = {
    head: Number.isInteger(s.head) ? s.head : 0,
    workshop: { ...EMPTY.workshop, ...(s.workshop || {}) },
    agenda: Array.isArray(s.agenda) ? s.agenda.slice() : [],
    timer: { ...EMPTY.timer, ...(s.timer || {}) },
    round: { ...EMPTY.round, ...(s.round || {}) },
    round_presets: Array.isArray(s.round_presets) ? s.round_presets.slice() : [],
    spotlight: { ...EMPTY.spotlight, ...(s.spotlight || {}) },
    participants: Array.isArray(s.participants) ? s.participants.slice() : [],
    columns: sortByPosition(Array.isArray(s.columns) ? s.columns : []),
    postits: sortByPosition(Array.isArray(s.postits) ? s.postits : []),
    ballots: sortByPosition(Array.isArray(s.ballots) ? s.ballots : []),
    agreements: sortByPosition(Array.isArray(s.agreements) ? s.agreements : []),
    agreement_distributions: Array.isArray(s.agreement_distributions) ? s.agreement_distributions.slice() : [],
    pmi: { ...EMPTY.pmi, ...(s.pmi || {}), entries: Array.isArray(s.pmi?.entries) ? s.pmi.entries.slice() : [] },
    parked_topics: sortByPosition(Array.isArray(s.parked_topics) ? s.parked_topics : []),
    groups: sortGroups(Array.isArray(s.groups) ? s.groups : []),
    group_sets: Array.isArray(s.group_sets) ? s.group_sets.slice() : [],
    acquaintances: { ...EMPTY.acquaintances, ...(s.acquaintances || {}) },
  };
  for (const method of registeredMethods()) state[method.stateKey] = method.fromSnapshot(s[method.stateKey]);
  return state;
}

/**
 * A parked post-it is a topic of the parking lot: a wall event that parks it (or changes its
 * text) carries the topic as ``parked_topic``; null when it went back onto the wall.
 */
function withParkedPostit(topics, data) {
  if (!("parked_topic" in data)) return topics;
  if (data.parked_topic) return upsert(topics, data.parked_topic);
  return topics.filter((t) => t.postit_id !== data.id);
}

function byPosition(a, b) {
  return (a.position ?? 0) - (b.position ?? 0) || a.id - b.id;
}

function sortByPosition(list) {
  return list.slice().sort(byPosition);
}

/** Groups by kind, then position: the order the server sends them in. */
function sortGroups(list) {
  return list.slice().sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : byPosition(a, b)));
}

/** Replace the entry with the same id, or add it; keeps the list sorted when ``sort``. */
function upsert(list, entry, sort = true) {
  let found = false;
  const next = list.map((old) => {
    if (old.id === entry.id) {
      found = true;
      return entry;
    }
    return old;
  });
  if (!found) next.push(entry);
  return sort ? next.sort(byPosition) : next;
}

function without(obj, ...keys) {
  const copy = { ...obj };
  for (const key of keys) delete copy[key];
  return copy;
}

const HANDLERS = {
  "agenda.changed"(state, data) {
    return {
      ...state,
      agenda: Array.isArray(data.items) ? data.items.slice() : state.agenda,
      timer: data.timer ? { ...state.timer, ...data.timer } : state.timer,
    };
  },
  "timer.changed"(state, data) {
    const timer = { ...state.timer, ...data };
    const workshop = data.status ? { ...state.workshop, status: data.status } : state.workshop;
    return { ...state, timer, workshop };
  },
  "workshop.changed"(state, data) {
    const workshop = { ...state.workshop };
    for (const key of ["status", "joining_open", "title", "join_code"]) {
      if (key in data) workshop[key] = data[key];
    }
    const timer = data.status ? { ...state.timer, status: data.status } : state.timer;
    return { ...state, workshop, timer };
  },
  "round.changed"(state, data) {
    return { ...state, round: { ...EMPTY.round, ...data } };
  },
  "spotlight.changed"(state, data) {
    return { ...state, spotlight: { ...EMPTY.spotlight, ...data } };
  },
  "participant.joined"(state, data) {
    return { ...state, participants: upsert(state.participants, data, false) };
  },
  "participant.updated"(state, data) {
    return { ...state, participants: upsert(state.participants, data, false) };
  },
  "participant.removed"(state, data) {
    return { ...state, participants: state.participants.filter((p) => p.id !== data.id) };
  },
  "postit.created"(state, data) {
    const columns = data.column ? upsert(state.columns, data.column) : state.columns;
    return { ...state, columns, postits: upsert(state.postits, without(data, "column")) };
  },
  "postit.updated"(state, data) {
    const postit = without(data, "moved_ids", "column", "parked_topic");
    let postits = upsert(state.postits, postit);
    const moved = Array.isArray(data.moved_ids) ? new Set(data.moved_ids) : null;
    if (moved && postit.merged_into_id != null) {
      // A merge: everything merged into the target (also what was merged into the moved one).
      postits = postits.map((p) => (moved.has(p.id) && p.id !== postit.id
        ? { ...p, merged_into_id: postit.merged_into_id }
        : p));
    }
    return { ...state, postits, parked_topics: withParkedPostit(state.parked_topics, data) };
  },
  "postit.deleted"(state, data) {
    const freed = new Set(Array.isArray(data.unmerged_ids) ? data.unmerged_ids : []);
    const postits = state.postits
      .filter((p) => p.id !== data.id)
      .map((p) => (freed.has(p.id) || p.merged_into_id === data.id ? { ...p, merged_into_id: null } : p));
    // A parked post-it's topic goes with it (the database cascades).
    return { ...state, postits, parked_topics: state.parked_topics.filter((t) => t.postit_id !== data.id) };
  },
  "topic.parked"(state, data) {
    return { ...state, parked_topics: upsert(state.parked_topics, data) };
  },
  "topic.updated"(state, data) {
    return { ...state, parked_topics: upsert(state.parked_topics, data) };
  },
  "topic.removed"(state, data) {
    return { ...state, parked_topics: state.parked_topics.filter((t) => t.id !== data.id) };
  },
  // Groups of set sizes: every event carries all groups of one kind, which replace the old ones.
  "grouping.changed"(state, data) {
    const fresh = Array.isArray(data.groups) ? data.groups : [];
    const groups = sortGroups(state.groups.filter((g) => g.kind !== data.kind).concat(fresh));
    const set = { kind: data.kind, done: Boolean(data.done) };
    const sets = state.group_sets.filter((s) => s.kind !== data.kind).concat([set]);
    return { ...state, groups, group_sets: sets.sort((a, b) => (a.kind < b.kind ? -1 : 1)) };
  },
  // Only how many people said whom they know: the lists stay on each phone.
  "acquaintance.changed"(state, data) {
    return { ...state, acquaintances: { answered: Number.isInteger(data.answered) ? data.answered : 0 } };
  },
  "pmi.changed"(state, data) {
    return { ...state, pmi: { ...EMPTY.pmi, ...data, entries: (data.entries || []).slice() } };
  },
  "pmi.entry_added"(state, data) {
    return { ...state, pmi: { ...state.pmi, entries: upsert(state.pmi.entries, data, false) } };
  },
  "pmi.entry_removed"(state, data) {
    return { ...state, pmi: { ...state.pmi, entries: state.pmi.entries.filter((e) => e.id !== data.id) } };
  },
  "ballot.changed"(state, data) {
    return { ...state, ballots: upsert(state.ballots, data) };
  },
  "ballot.deleted"(state, data) {
    return { ...state, ballots: state.ballots.filter((b) => b.id !== data.id) };
  },
  "sticker.placed"(state, data) {
    const sticker = { id: data.id, target_id: data.target_id, voter_id: data.voter_id };
    return { ...state, ballots: state.ballots.map((b) => (b.id === data.ballot_id
      ? { ...b, stickers: upsert(b.stickers, sticker, false) } : b)) };
  },
  "sticker.removed"(state, data) {
    return { ...state, ballots: state.ballots.map((b) => (b.id === data.ballot_id
      ? { ...b, stickers: b.stickers.filter((s) => s.id !== data.id) } : b)) };
  },
  "column.created"(state, data) {
    return { ...state, columns: upsert(state.columns, data) };
  },
  "column.updated"(state, data) {
    return { ...state, columns: upsert(state.columns, data) };
  },
  "column.deleted"(state, data) {
    // The post-its of a deleted column stay on the wall without a column.
    const postits = state.postits.map((p) => (p.column_id === data.id ? { ...p, column_id: null } : p));
    return { ...state, columns: state.columns.filter((c) => c.id !== data.id), postits };
  },
  // The register of agreements and actions: every event but a deletion carries the whole agreement.
  "agreement.created"(state, data) {
    return { ...state, agreements: upsert(state.agreements, data) };
  },
  "agreement.updated"(state, data) {
    return { ...state, agreements: upsert(state.agreements, data) };
  },
  "agreement.progress_added"(state, data) {
    return { ...state, agreements: upsert(state.agreements, data) };
  },
  "agreement.deleted"(state, data) {
    return { ...state, agreements: state.agreements.filter((a) => a.id !== data.id) };
  },
  "agreement.distributed"(state, data) {
    return { ...state, agreement_distributions: upsert(state.agreement_distributions, data, false) };
  },
};

/**
 * The state after one event frame: the engine's handler (none for kinds it does not know), then
 * every registered method's ``reduce``; kinds nobody knows only move ``head``.
 */
export function applyEvent(state, frame) {
  const base = state || fromSnapshot(null);
  const handler = HANDLERS[frame.kind];
  let next = handler ? handler(base, frame.data || {}) : { ...base };
  for (const method of registeredMethods()) next = method.reduce(base, next, frame);
  return { ...next, head: Number.isInteger(frame.seq) ? frame.seq : base.head };
}

/** The event kinds the engine itself understands (methods add their own). */
export const EVENT_KINDS = Object.freeze(Object.keys(HANDLERS));

/**
 * Milliseconds left on the timer, negative in overtime, null when idle.
 * ``offsetMs`` is server clock minus client clock; ``nowMs`` defaults to Date.now().
 */
export function remaining(timer, offsetMs = 0, nowMs = Date.now()) {
  if (!timer || timer.state === "idle") return null;
  if (timer.state === "paused") return Number.isFinite(timer.remaining_ms) ? timer.remaining_ms : null;
  if (!timer.ends_at) return null;
  const ends = Date.parse(timer.ends_at);
  if (Number.isNaN(ends)) return null;
  return ends - (nowMs + offsetMs);
}

/** Milliseconds left in the timed round, negative when it ran over, null when none runs. */
export function roundRemaining(round, offsetMs = 0, nowMs = Date.now()) {
  if (!round || !round.ends_at) return null;
  const ends = Date.parse(round.ends_at);
  return Number.isNaN(ends) ? null : ends - (nowMs + offsetMs);
}

/** "12:05", "1:02:03", and "+0:12" in overtime; "" when there is no time. */
export function formatRemaining(ms) {
  if (ms == null || !Number.isFinite(ms)) return "";
  const over = ms < 0;
  // Count down in whole seconds: 0.2 s left shows 0:01, 0.2 s over shows +0:00.
  const seconds = over ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const ss = String(s).padStart(2, "0");
  const text = h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
  return over ? `+${text}` : text;
}

/** The agenda item the timer points at, or null. */
export function currentItem(state) {
  const id = state && state.timer ? state.timer.current_item_id : null;
  if (id == null) return null;
  return state.agenda.find((item) => item.id === id) || null;
}

/**
 * The wall as the views draw it:
 *   {columns: [{column, postits}], loose: [postit], parked: [postit], merged: Map(targetId -> [postit])}
 * Parked post-its leave their column; merged post-its are shown inside their target.
 */
export function wallLayout(state) {
  const merged = new Map();
  const top = [];
  for (const p of state.postits) {
    if (p.merged_into_id != null && state.postits.some((t) => t.id === p.merged_into_id)) {
      if (!merged.has(p.merged_into_id)) merged.set(p.merged_into_id, []);
      merged.get(p.merged_into_id).push(p);
    } else {
      top.push(p);
    }
  }
  const columnIds = new Set(state.columns.map((c) => c.id));
  const columns = state.columns.map((column) => ({
    column,
    postits: top.filter((p) => !p.parked && p.column_id === column.id),
  }));
  const loose = top.filter((p) => !p.parked && (p.column_id == null || !columnIds.has(p.column_id)));
  const parked = top.filter((p) => p.parked);
  return { columns, loose, parked, merged };
}
