// The PMI evaluation in the live views (board.js), a building block of every session
// (wijktafel/evaluations):
//   console  open or close it, anonymous or not, start the dots on the minus points; the board;
//   phone    while open: a note in plus, minus or interesting; while the dots run: a sticker on
//            the minus points that matter most, within the budget;
//   screen   the board while it is open or the dots run.
//
// mountPmi(ctx) wires the controls and returns {draw}. Text goes in as text, never as HTML.

import { format, gettext, h, hiddenLabel, ngettext, setText } from "./ui.js";

const byId = (id) => document.getElementById(id);
const COLUMNS = Object.freeze(["plus", "minus", "interesting"]);
export const MINUS_KIND = "pmi_minus"; // the sticker vote on the minus points (evaluations/services.py)

function columnLabel(column) {
  return { plus: gettext("Plus"), minus: gettext("Minus"), interesting: gettext("Interesting") }[column];
}

/** The sticker vote on the minus points, if it started. */
export function minusBallot(state) {
  return state.ballots.find((b) => b.target_kind === MINUS_KIND) || null;
}

/** How many stickers ``voter`` placed on each choice of ``ballot``, and in all. */
export function stickersOf(ballot, voter) {
  const mine = new Map();
  let count = 0;
  for (const s of ballot.stickers) {
    if (s.voter_id !== voter) continue;
    mine.set(s.target_id, (mine.get(s.target_id) || 0) + 1);
    count += 1;
  }
  return { mine, count };
}

function tally(ballot) {
  const counts = new Map(ballot.targets.map((t) => [t.id, 0]));
  for (const s of ballot.stickers) if (counts.has(s.target_id)) counts.set(s.target_id, counts.get(s.target_id) + 1);
  return counts;
}

export function mountPmi(ctx) {
  const { live, view, me, ui } = ctx;
  const section = byId("pmi-section");
  if (!section) return { draw() {} };

  const openButton = byId("pmi-open");
  if (openButton) {
    openButton.addEventListener("click", () => live.send("pmi.update", { open: !ctx.state.pmi.open }));
    byId("pmi-anonymous").addEventListener("change", (e) => live.send("pmi.update", { anonymous: e.target.checked }));
    byId("pmi-dots").addEventListener("click", () => live.send("pmi.dots", {}));
  }

  const form = byId("pmi-form");
  if (form) {
    const text = byId("pmi-text");
    text.value = ui.drafts["pmi-text"] ?? "";
    text.addEventListener("input", () => { ui.drafts["pmi-text"] = text.value; });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const error = byId("pmi-error");
      const value = text.value.trim();
      if (!value) {
        setText(error, gettext("Type your note."));
        error.hidden = false;
        text.focus();
        return;
      }
      error.hidden = true;
      live.send("pmi.add", { column: new FormData(form).get("column"), text: value });
      text.value = "";
      delete ui.drafts["pmi-text"];
    });
  }

  function drawControls() {
    if (!openButton) return;
    const { pmi } = ctx.state;
    const offline = Boolean(ctx.closedMessage);
    setText(openButton, pmi.open ? gettext("Close the evaluation") : gettext("Open the evaluation on the phones"));
    openButton.disabled = offline;
    const anonymous = byId("pmi-anonymous");
    // A click not yet in the state (its op pending) stays as clicked: a draw for another
    // change must not flip the box back before the server has answered.
    const asked = ctx.pending.filter((e) => e.kind === "pmi.update" && "anonymous" in e.data).pop();
    anonymous.checked = asked ? asked.data.anonymous : pmi.anonymous;
    anonymous.disabled = offline;
    const hasMinus = pmi.entries.some((e) => e.column === "minus");
    byId("pmi-dots").disabled = offline || !hasMinus || Boolean(minusBallot(ctx.state));
  }

  function drawBoard() {
    const board = byId("pmi-board");
    const { pmi } = ctx.state;
    const signature = JSON.stringify([pmi.entries, pmi.anonymous, me]);
    if (board.dataset.signature === signature) return;
    board.dataset.signature = signature;
    board.replaceChildren(...COLUMNS.map((column) => {
      const entries = pmi.entries.filter((e) => e.column === column);
      return h("section", { class: `pmi-column pmi-column--${column}`, "aria-label": columnLabel(column) },
        h("h3", { class: "pmi-column__title" }, `${columnLabel(column)} (${entries.length})`),
        h("ul", { class: "pmi-column__list" }, entries.map((entry) => h("li", { class: "pmi-note" },
          h("bdi", { dir: "auto", text: entry.text }),
          (view === "console" || (me != null && entry.author_id === me)) && view !== "screen"
            ? h("button", {
              type: "button", class: "utrecht-button utrecht-button--subtle pmi-note__remove",
              data: { key: `pmi-${entry.id}-remove` },
              on: { click: () => live.send("pmi.remove", { entry_id: entry.id }) },
            }, gettext("Take back"), hiddenLabel(`: ${entry.text}`))
            : null))));
    }));
  }

  function drawDots() {
    const area = byId("pmi-dots-area");
    const ballot = minusBallot(ctx.state);
    area.hidden = !ballot;
    if (!ballot) return;
    const counts = tally(ballot);
    const { mine, count } = view === "participant" ? stickersOf(ballot, me) : { mine: new Map(), count: 0 };
    const left = ballot.budget - count;
    const voting = ballot.status === "voting";
    const signature = JSON.stringify([ballot, me, Boolean(ctx.closedMessage)]);
    if (area.dataset.signature === signature) return;
    area.dataset.signature = signature;
    const ordered = ballot.targets.slice().sort((a, b) => counts.get(b.id) - counts.get(a.id));
    area.replaceChildren(...[
      h("h3", { class: "utrecht-heading-3" }, gettext("Which improvement matters most?")),
      view === "participant" && voting
        ? h("p", { class: "pmi-dots__left", role: "status" },
          format(ngettext("You have %(count)s sticker left.", "You have %(count)s stickers left.", left), { count: left }))
        : null,
      h("ol", { class: "pmi-dots__list" }, (view === "participant" ? ballot.targets : ordered).map((target) => {
        const placed = mine.get(target.id) || 0;
        return h("li", { class: "pmi-dots__item" },
          h("bdi", { dir: "auto", text: target.label }),
          ballot.tally_hidden && view !== "console" ? null
            : h("span", { class: "pmi-dots__count" }, format(ngettext("%(count)s dot", "%(count)s dots", counts.get(target.id)),
              { count: counts.get(target.id) })),
          view === "participant" && voting
            ? h("button", {
              type: "button",
              class: `utrecht-button utrecht-button--${placed ? "primary" : "secondary"}-action`,
              "aria-pressed": placed ? "true" : "false",
              disabled: Boolean(ctx.closedMessage) || (!placed && left <= 0),
              data: { key: `pmi-dot-${target.id}` },
              on: {
                click: () => live.send(placed ? "sticker.remove" : "sticker.place",
                  { ballot_id: ballot.id, target_id: target.id }),
              },
            }, placed ? gettext("Take my sticker off") : gettext("Put a sticker here"), hiddenLabel(`: ${target.label}`))
            : null);
      })),
    ].filter(Boolean));
  }

  function draw() {
    const { pmi } = ctx.state;
    const ballot = minusBallot(ctx.state);
    if (view !== "console") section.hidden = !pmi.open && !(ballot && ballot.status === "voting");
    if (form) form.hidden = !pmi.open;
    const hint = byId("pmi-hint");
    if (hint) hint.hidden = !pmi.open;
    drawControls();
    drawBoard();
    drawDots();
  }

  return { draw };
}
