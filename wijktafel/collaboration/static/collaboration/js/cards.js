// The cards of the meeting and the top-three sheet, drawn by panel.js in several parts (the vote,
// the duo and silent rounds, the plenary feedback, the agreements). Each function takes the
// panel's ctx (panel-kit.js), whose ``kit`` caches the blocks and whose ``meeting``, ``ballot``
// and ``part`` are the meeting's.

import { PART, result } from "./state.js";

export function questionOf(ctx, cardId) {
  return ctx.meeting.questions.find((q) => q.target_id === cardId) || null;
}

export function cardLabel(ctx, cardId) {
  const card = ctx.ballot ? ctx.ballot.targets.find((t) => t.id === cardId) : null;
  const q = questionOf(ctx, cardId);
  const label = card ? card.label : ctx.gettext("Card");
  return q ? `${q.number}. ${label}` : label;
}

export function originLabel(ctx, origin) {
  const { gettext } = ctx;
  return { practice: gettext("own practice"), invented: gettext("invented"), elsewhere: gettext("found elsewhere") }[origin] || "";
}

export function notesList(ctx, cardId, { reactions = true, sheetToggle = false } = {}) {
  const { h, meeting } = ctx;
  const top = meeting.notes.filter((n) => n.card_id === cardId && n.reacts_to_id == null);
  const item = (note) => h("li", { class: `meeting-note${note.on_sheet ? " meeting-note--sheet" : ""}`, data: { note: note.id } },
    h("bdi", { dir: "auto" }, note.text),
    note.origin ? h("span", { class: "meeting-note__origin" }, ` (${originLabel(ctx, note.origin)})`) : null,
    sheetToggle ? ctx.button(note.on_sheet ? ctx.gettext("Take off the sheet") : ctx.gettext("On the sheet"), () => {
      ctx.send("flap_note.sheet", { note_id: note.id, on_sheet: !note.on_sheet }, { form: `sheet-${note.id}` });
    }, { kind: "subtle", key: `sheet-${note.id}`, label: ctx.shorten(note.text, 40) }) : null,
    reactions && meeting.notes.some((r) => r.reacts_to_id === note.id)
      ? h("ul", { class: "meeting-notes meeting-notes--reactions" },
        meeting.notes.filter((r) => r.reacts_to_id === note.id).map(item))
      : null);
  return top.length ? h("ul", { class: "meeting-notes" }, top.map(item)) : null;
}

export function cardsWithNotes(ctx, ids, options = {}) {
  const { h } = ctx;
  return h("ol", { class: "meeting-cards" }, ids.map((id) => h("li", { class: "meeting-card" },
    h("h3", { class: "meeting-card__title" }, cardLabel(ctx, id)),
    directions(ctx, id),
    notesList(ctx, id, options))));
}

export function directions(ctx, cardId) {
  const q = questionOf(ctx, cardId);
  if (!q || !q.directions.length) return null;
  return ctx.h("p", { class: "meeting-card__directions" }, `${ctx.gettext("Solution directions")}: ${q.directions.join("; ")}`);
}

export function topSheet(ctx) {
  const { h, gettext, ballot } = ctx;
  if (!ballot) return null;
  const outcome = result(ballot);
  return ctx.kit.block("sheet", [ballot.stickers.length, ballot.settled, ballot.targets, ctx.meeting.notes, ctx.view, ctx.part], () =>
    h("section", { class: "meeting-sheet", "aria-labelledby": "meeting-sheet-title" },
      h("h3", { class: "utrecht-heading-3", id: "meeting-sheet-title" }, gettext("The top three")),
      outcome.tie.length ? h("p", { class: "meeting-hint" }, gettext("There is a tie at the third place; the facilitator settles it.")) : null,
      cardsWithNotes(ctx, outcome.top, { sheetToggle: ctx.isFacilitator && ctx.part === PART.FEEDBACK })));
}

/** The facilitator writes what came out in the plenary feedback onto the sheet (part 7). */
export function sheetNoteForm(ctx) {
  const { h, gettext, ballot } = ctx;
  const top = ballot ? result(ballot).top : [];
  return ctx.kit.block("sheet-form", [top, ctx.error("sheet-note")], () => h("form", { class: "meeting-form", novalidate: true, on: { submit: (e) => {
    e.preventDefault();
    const text = String(ctx.drafts.get("sheet-text", "")).trim();
    if (!text) return ctx.setError("sheet-note", gettext("Type your note."), "sheet-text");
    ctx.send("flap_note.add", { card_id: Number(ctx.drafts.get("sheet-card", top[0])), text }, { form: "sheet-note", clear: ["sheet-text"] });
    return null;
  } } },
  ctx.field("sheet-text", gettext("What came out (goes on the sheet)"), ctx.textArea("sheet-text", "", { rows: 2, maxlength: 500 })),
  ctx.field("sheet-card", gettext("At the question"), ctx.select("sheet-card", top.map((id) => [id, ctx.shorten(cardLabel(ctx, id), 60)]), top[0])),
  ctx.errorBox("sheet-note"),
  ctx.button(gettext("Add to the sheet"), null, { kind: "primary", type: "submit", key: "sheet-add" })));
}
