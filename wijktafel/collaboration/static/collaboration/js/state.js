// The meeting's part of the live state (``state.meeting``, the shape of selectors.meeting_payload)
// and what the screens compute from it and from the sticker vote on the cards. No DOM.

import { currentItem } from "../../js/state.js";

export const MEETING_EVENT_KINDS = Object.freeze([
  "flap_note.added", "flap_note.updated", "flap_note.removed",
  "contacts.changed", "reflection.changed", "meeting.changed",
]);

// The parts of the meeting (agenda.py), by step.
export const PART = Object.freeze({
  WELCOME: 1, REFLECTION: 2, VOTE: 3, DUOS: 4, BREAK: 5, SILENT: 6, FEEDBACK: 7,
  AGREEMENTS: 8, ACTIONS: 9, FOLLOW_UP: 10, CLOSING: 11,
});
export const MIN_DUO_CARDS = 3; // a duo discusses at least three different questions (S3)

export function meetingFromSnapshot(part) {
  return part ?? null;
}

function withNote(notes, note) {
  const i = notes.findIndex((n) => n.id === note.id);
  if (i < 0) return [...notes, note];
  const copy = notes.slice();
  copy[i] = note;
  return copy;
}

export function reduceMeeting(_prev, next, frame) {
  const meeting = next.meeting;
  if (!meeting || !MEETING_EVENT_KINDS.includes(frame.kind)) return next;
  const p = frame.data || {}; // the engine's frame: {kind, data, seq} (static/js/state.js applyEvent)
  let changed = meeting;
  switch (frame.kind) {
    case "flap_note.added":
    case "flap_note.updated":
      changed = { ...meeting, notes: withNote(meeting.notes, p) };
      break;
    case "flap_note.removed": {
      const gone = new Set(p.ids || []);
      changed = { ...meeting, notes: meeting.notes.filter((n) => !gone.has(n.id)) };
      break;
    }
    case "contacts.changed": // the shared list comes with the snapshot the page asks for next
      changed = { ...meeting, contacts: { ...meeting.contacts, filled_ids: p.filled_ids || [] } };
      break;
    case "reflection.changed":
      changed = { ...meeting, reflection: { ...meeting.reflection, answered_ids: p.answered_ids || [] } };
      break;
    case "meeting.changed":
      changed = { ...meeting, follow_up: p.follow_up, closing: p.closing, showing_actions_of: p.showing_actions_of };
      break;
    default:
      break;
  }
  return { ...next, meeting: changed };
}

/** The part of the meeting that runs now (the current agenda item's step), or null. */
export function partNow(state) {
  const item = currentItem(state);
  return item && Number.isInteger(item.step) ? item.step : null;
}

/** The sticker vote on the cards. */
export function ballotOf(state) {
  const meeting = state.meeting;
  return meeting ? (state.ballots || []).find((b) => b.id === meeting.ballot_id) || null : null;
}

/** The result of a vote as stickers/selectors.py ``result`` computes it: the choices by count
 * (ties in the settled order, then their own), the top N, the choices tied across the cut-off. */
export function result(ballot) {
  const counts = new Map(ballot.targets.map((t) => [t.id, 0]));
  for (const s of ballot.stickers) if (counts.has(s.target_id)) counts.set(s.target_id, counts.get(s.target_id) + 1);
  const settled = new Map(ballot.settled.map((id, n) => [id, n]));
  const order = new Map(ballot.targets.map((t, n) => [t.id, n]));
  const ranking = [...counts.keys()].sort((a, b) => (counts.get(b) - counts.get(a))
    || ((settled.has(a) ? settled.get(a) : settled.size) - (settled.has(b) ? settled.get(b) : settled.size))
    || (order.get(a) - order.get(b)));
  const topN = Math.min(ballot.top_n, ranking.length);
  let tie = [];
  if (topN > 0 && topN < ranking.length) {
    const cut = counts.get(ranking[topN - 1]);
    if (counts.get(ranking[topN]) === cut && cut > 0) {
      const tied = ranking.filter((t) => counts.get(t) === cut);
      if (!tied.every((t) => settled.has(t))) tie = tied;
    }
  }
  return { counts, ranking, top: ranking.slice(0, topN), tie };
}

/** Per duo (group id): on how many different cards it wrote in the duo round. */
export function duoCoverage(notes) {
  const cards = new Map();
  for (const n of notes) {
    if (n.round !== "duo" || n.duo_id == null) continue;
    if (!cards.has(n.duo_id)) cards.set(n.duo_id, new Set());
    cards.get(n.duo_id).add(n.card_id);
  }
  return new Map([...cards].map(([duo, set]) => [duo, set.size]));
}

/** The duo a participant is in (the groups block), or null. */
export function duoOf(state, pid) {
  return (state.groups || []).find((g) => g.kind === "duo" && (g.member_ids || []).includes(pid)) || null;
}
