// The wall in the live views (board.js): the columns (problem owners) with their post-it cards,
// the post-its on their way (ghosts), merged post-its, the console's column tools, "Arrange" panel
// and drag and drop (board-wall-drag.js) with undo, the phone's own post-its to change or delete,
// the parking lot, and on the big screen the announcement of new post-its.
//
// mountWall(ctx) wires the console's "add a column" form and returns {draw, onState}; ``ctx`` is
// the shared context of board.js. Names go in a <bdi>, user texts get dir="auto".

import { wireWallDrag } from "./board-wall-drag.js";
import { wallLayout } from "./state.js";
import { format, gettext, h, hiddenLabel, ngettext, setText, shorten } from "./ui.js";

const byId = (id) => document.getElementById(id);

/** The post-it a pending op is about; outboxes queued before decision 0011 said ``id``. */
const postitOf = (data) => data.postit_id ?? data.id;

export function mountWall(ctx) {
  const { live, me, isFacilitator, ui } = ctx;

  // --- Wall ---------------------------------------------------------------------------------------

  function authorName(postit) {
    if (postit.by_facilitator) return gettext("Facilitator");
    return postit.author_name || gettext("Unknown");
  }

  function myName() {
    if (isFacilitator) return gettext("Facilitator");
    const mine = ctx.state.participants.find((p) => p.id === me);
    return mine ? mine.display_name : gettext("You");
  }

  function canEdit(postit) {
    return !ctx.closedMessage && (isFacilitator || (me != null && postit.author_id === me && !postit.by_facilitator));
  }

  /** Pending ops by post-it id, and the new post-its still on their way. */
  function pendingIndex() {
    const byPostit = new Map();
    const creates = [];
    for (const entry of ctx.pending) {
      if (entry.kind === "postit.create") creates.push(entry);
      else if (entry.kind.startsWith("postit.") && entry.data && postitOf(entry.data) != null) {
        byPostit.set(postitOf(entry.data), entry);
      }
    }
    return { byPostit, creates };
  }

  // --- Console: arranging, by drag or from the "Arrange" panel, with one step of undo -------------

  /** Send an arrangement of ``postit`` (move, merge, park, unpark) and keep how to undo it. */
  function arrange(postit, action) {
    const label = shorten(postit.text, 40);
    let op;
    let undo;
    let done;
    if (action.kind === "move") {
      op = ["postit.move", { postit_id: postit.id, column_id: action.column }];
      undo = ["postit.move", { postit_id: postit.id, column_id: postit.column_id ?? null }];
      const column = ctx.state.columns.find((c) => c.id === action.column);
      done = format(gettext("“%(text)s” is now under %(column)s."),
        { text: label, column: column ? column.title : gettext("No problem owner") });
    } else if (action.kind === "merge") {
      const into = ctx.state.postits.find((p) => p.id === action.into);
      op = ["postit.merge", { postit_id: postit.id, into_id: action.into }];
      undo = ["postit.unmerge", { postit_id: postit.id }];
      done = format(gettext("“%(text)s” is merged into “%(into)s”."), { text: label, into: into ? shorten(into.text, 40) : "" });
    } else if (action.kind === "park") {
      const data = { postit_id: postit.id, parked: true, note: action.note || "" };
      if (action.idea) data.kind = "solution_idea";
      op = ["postit.park", data];
      undo = ["postit.park", { postit_id: postit.id, parked: false }];
      done = format(action.idea ? gettext("“%(text)s” is parked as a solution idea.") : gettext("“%(text)s” is parked."), { text: label });
    } else {
      const topic = ctx.state.parked_topics.find((t) => t.postit_id === postit.id);
      op = ["postit.park", { postit_id: postit.id, parked: false }];
      undo = ["postit.park", { postit_id: postit.id, parked: true, note: postit.parked_note || "", ...(topic ? { kind: topic.kind } : {}) }];
      done = format(gettext("“%(text)s” is back on the wall."), { text: label });
    }
    if (!live.send(...op)) return;
    ui.undo = { text: done, op: undo };
    ui.panel = null;
    ctx.redraw();
  }

  function drawUndo() {
    const box = byId("wall-undo");
    if (!box) return;
    const undo = ui.undo;
    const shown = box.dataset.shown || "";
    if (shown === (undo ? undo.text : "")) return;
    box.dataset.shown = undo ? undo.text : "";
    box.replaceChildren(...(undo ? [
      h("span", { dir: "auto" }, undo.text), " ",
      h("button", {
        type: "button", class: "utrecht-button utrecht-button--secondary-action", id: "wall-undo-button",
        disabled: Boolean(ctx.closedMessage),
        on: { click: () => { ui.undo = null; live.send(...undo.op); ctx.redraw(); } },
      }, gettext("Undo")),
    ] : []));
  }

  if (isFacilitator) {
    wireWallDrag(ctx.root, {
      drop(id, action) {
        const postit = ctx.state.postits.find((p) => p.id === id);
        if (postit) arrange(postit, action);
      },
    });
  }

  function drawWall() {
    const wall = byId("wall");
    if (!wall) return;
    const layout = wallLayout(ctx.state);
    const { byPostit, creates } = pendingIndex();
    const columnIds = new Set(ctx.state.columns.map((c) => c.id));
    const byTitle = new Map(ctx.state.columns.map((c) => [c.title.toLocaleLowerCase(), c.id]));
    const ghosts = creates.map((entry) => {
      const typed = entry.data.column_title || "";
      const known = typed ? byTitle.get(typed.trim().toLocaleLowerCase()) : undefined;
      let columnId = columnIds.has(entry.data.column_id) ? entry.data.column_id : null;
      if (known !== undefined) columnId = known; // the server files it under the existing column
      return {
        ghost: entry,
        id: null,
        text: entry.data.text || "",
        why: entry.data.why || "",
        column_id: columnId,
        new_column: known === undefined ? typed : "",
        author_name: myName(),
      };
    });
    const topLevel = ctx.state.postits.filter((p) => p.merged_into_id == null || !ctx.state.postits.some((t) => t.id === p.merged_into_id));
    const context = { layout, byPostit, topLevel };

    const lanes = layout.columns.map(({ column, postits }) => drawColumn(column, postits,
      ghosts.filter((g) => g.column_id === column.id), context));
    const looseGhosts = ghosts.filter((g) => g.column_id == null);
    if (isFacilitator || layout.loose.length || looseGhosts.length || !layout.columns.length) {
      lanes.push(drawColumn(null, layout.loose, looseGhosts, context));
    }
    wall.replaceChildren(...lanes);
    wall.classList.toggle("wall--empty", !ctx.state.postits.length && !ghosts.length);
  }

  function drawColumn(column, postits, ghosts, context) {
    const headingId = column ? `column-${column.id}-heading` : "column-none-heading";
    const title = column ? column.title : gettext("No problem owner yet");
    const count = postits.length;
    const head = h("div", { class: "wall-column__head" },
      h("h3", { class: "wall-column__title utrecht-heading-3", id: headingId, dir: "auto" }, title),
      h("span", { class: "wall-column__count" }, format(ngettext("%(count)s post-it", "%(count)s post-its", count), { count })));
    const section = h("section", {
      class: `wall-column${column ? "" : " wall-column--loose"}`, "aria-labelledby": headingId,
      data: { columnId: column ? column.id : "" },
    }, head);
    if (column && isFacilitator) section.append(columnTools(column));
    const cards = [
      ...postits.map((p) => drawCard(p, context)),
      ...ghosts.map((g) => drawGhost(g)),
    ];
    if (cards.length) section.append(h("ul", { class: "postit-list" }, cards));
    else section.append(h("p", { class: "wall-column__empty" }, gettext("No post-its yet.")));
    return section;
  }

  function columnTools(column) {
    const removing = ctx.pending.some((p) => p.kind === "column.delete" && (p.data.column_id ?? p.data.id) === column.id);
    if (ui.renaming === column.id) {
      const key = `column-${column.id}-title`;
      const input = h("input", {
        class: "utrecht-textbox utrecht-textbox--html-input", id: key, type: "text", maxLength: 80,
        required: true, autocomplete: "off", data: { key }, value: ui.drafts[key] ?? column.title,
        on: { input: (e) => { ui.drafts[key] = e.target.value; } },
      });
      return h("form", {
        class: "column-rename", data: { key: `column-${column.id}-form` },
        on: {
          submit: (event) => {
            event.preventDefault();
            const title = (ui.drafts[key] ?? column.title).trim();
            if (!title) return;
            live.send("column.rename", { column_id: column.id, title });
            delete ui.drafts[key];
            ui.renaming = null;
            ui.focusKey = `column-${column.id}-rename`;
            ctx.redraw();
          },
        },
      },
      h("label", { class: "utrecht-form-label", for: key }, gettext("New name")),
      input,
      h("span", { class: "button-row" },
        h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", data: { key: `${key}-save` } }, gettext("Save")),
        h("button", {
          type: "button", class: "utrecht-button utrecht-button--subtle", data: { key: `${key}-cancel` },
          on: { click: () => { ui.renaming = null; delete ui.drafts[key]; ui.focusKey = `column-${column.id}-rename`; ctx.redraw(); } },
        }, gettext("Cancel"))));
    }
    return h("div", { class: "button-row wall-column__tools" },
      h("button", {
        type: "button", class: "utrecht-button utrecht-button--subtle", data: { key: `column-${column.id}-rename` },
        on: { click: () => { ui.renaming = column.id; ui.focusKey = `column-${column.id}-title`; ctx.redraw(); } },
      }, gettext("Rename"), hiddenLabel(`: ${column.title}`)),
      h("button", {
        type: "button", class: "utrecht-button utrecht-button--subtle", disabled: removing,
        data: { key: `column-${column.id}-delete` },
        on: {
          click: () => {
            const question = format(gettext("Delete the column “%(title)s”? Its post-its stay on the wall without a column."),
              { title: column.title });
            if (window.confirm(question)) live.send("column.delete", { column_id: column.id });
          },
        },
      }, gettext("Delete"), hiddenLabel(`: ${column.title}`)));
  }

  function postitBody(postit, shown) {
    const parts = [
      h("p", { class: "postit__text", dir: "auto" }, shown.text),
    ];
    if (shown.why) {
      parts.push(h("p", { class: "postit__why" },
        h("span", { class: "postit__label" }, `${gettext("Why")}: `), h("bdi", { text: shown.why })));
    }
    parts.push(h("p", { class: "postit__author" }, h("bdi", { text: authorName(postit) })));
    return parts;
  }

  function drawGhost(ghost) {
    return h("li", { class: "postit postit--pending postit--mine", "aria-busy": "true" },
      h("p", { class: "postit__text", dir: "auto" }, ghost.text),
      ghost.why ? h("p", { class: "postit__why" }, h("span", { class: "postit__label" }, `${gettext("Why")}: `),
        h("bdi", { text: ghost.why })) : null,
      ghost.new_column ? h("p", { class: "postit__note" }, `${gettext("New problem owner")}: `, h("bdi", { text: ghost.new_column })) : null,
      h("p", { class: "postit__author" }, h("bdi", { text: ghost.author_name })),
      h("p", { class: "postit__pending" }, gettext("Being sent…")));
  }

  function drawCard(postit, context) {
    const op = context.byPostit.get(postit.id);
    const shown = { text: postit.text, why: postit.why };
    let pendingText = "";
    if (op) {
      if (op.kind === "postit.update") {
        shown.text = op.data.text;
        shown.why = op.data.why ?? postit.why;
        pendingText = gettext("Change being sent…");
      } else if (op.kind === "postit.delete") {
        pendingText = gettext("Being deleted…");
      } else {
        pendingText = gettext("Being saved…");
      }
    }
    const mine = me != null && postit.author_id === me && !postit.by_facilitator;
    const classes = ["postit"];
    if (op) classes.push("postit--pending");
    if (mine) classes.push("postit--mine");
    if (postit.parked) classes.push("postit--parked");
    // The console drags a post-it that is on the wall and not on its way (board-wall-drag.js).
    const draggable = isFacilitator && !op && !postit.parked && !ctx.closedMessage;
    const card = h("li", {
      class: classes.join(" "), id: `postit-${postit.id}`, "aria-busy": op ? "true" : null,
      draggable: draggable ? "true" : null, data: { spot: `postit:${postit.id}`, postitId: postit.id },
    },
      postitBody(postit, shown));
    if (mine && !isFacilitator) card.append(h("p", { class: "postit__mine" }, gettext("Your post-it")));
    if (postit.parked && postit.parked_note) {
      card.append(h("p", { class: "postit__note" }, `${gettext("Note")}: `, h("bdi", { text: postit.parked_note })));
    }
    if (pendingText) card.append(h("p", { class: "postit__pending" }, pendingText));
    const merged = context.layout.merged.get(postit.id) || [];
    if (merged.length) card.append(drawMerged(postit, merged));
    if (canEdit(postit) && !op) {
      if (ui.editing === postit.id) card.append(editForm(postit));
      else card.append(...cardActions(postit, context));
    }
    return card;
  }

  function drawMerged(target, merged) {
    const details = h("details", {
      class: "postit__merged", open: ui.openMerged.has(target.id),
      on: {
        toggle: (e) => {
          if (e.target.open) ui.openMerged.add(target.id);
          else ui.openMerged.delete(target.id);
        },
      },
    }, h("summary", { class: "postit__merged-summary", data: { key: `postit-${target.id}-merged` } },
      format(ngettext("+%(count)s merged", "+%(count)s merged", merged.length), { count: merged.length })));
    details.append(h("ul", { class: "postit__merged-list" }, merged.map((child) => h("li", { class: "postit__merged-item" },
      h("span", { dir: "auto" }, child.text),
      " — ",
      h("bdi", { text: authorName(child) }),
      isFacilitator && !ctx.closedMessage ? h("button", {
        type: "button", class: "utrecht-button utrecht-button--subtle", data: { key: `postit-${child.id}-unmerge` },
        on: { click: () => live.send("postit.unmerge", { postit_id: child.id }) },
      }, gettext("Separate"), hiddenLabel(`: ${shorten(child.text, 40)}`)) : null))));
    return details;
  }

  function cardActions(postit, context) {
    const label = shorten(postit.text, 40);
    const row = h("div", { class: "button-row postit__actions" });
    if (isFacilitator) {
      const open = ui.panel === postit.id;
      row.append(h("button", {
        type: "button", class: "utrecht-button utrecht-button--secondary-action",
        "aria-expanded": open ? "true" : "false", "aria-controls": `postit-${postit.id}-panel`,
        data: { key: `postit-${postit.id}-arrange` },
        on: { click: () => { ui.panel = open ? null : postit.id; ctx.redraw(); } },
      }, gettext("Arrange"), hiddenLabel(`: ${label}`)));
    } else {
      row.append(h("button", {
        type: "button", class: "utrecht-button utrecht-button--secondary-action", data: { key: `postit-${postit.id}-edit` },
        on: { click: () => { ui.editing = postit.id; ui.focusKey = `postit-${postit.id}-text`; ctx.redraw(); } },
      }, gettext("Change"), hiddenLabel(`: ${label}`)));
    }
    row.append(h("button", {
      type: "button", class: "utrecht-button utrecht-button--subtle", data: { key: `postit-${postit.id}-delete` },
      on: {
        click: () => {
          if (window.confirm(format(gettext("Delete the post-it “%(text)s”?"), { text: label }))) {
            live.send("postit.delete", { postit_id: postit.id });
          }
        },
      },
    }, gettext("Delete"), hiddenLabel(`: ${label}`)));
    const parts = [row];
    if (isFacilitator && ui.panel === postit.id) parts.push(arrangePanel(postit, context));
    return parts;
  }

  function field(key, labelText, control) {
    return h("div", { class: "utrecht-form-field live-field" },
      h("label", { class: "utrecht-form-label", for: key }, labelText), control);
  }

  function draftInput(tag, key, initial, props) {
    const el = h(tag, {
      id: key, data: { key }, value: ui.drafts[key] ?? initial,
      on: { input: (e) => { ui.drafts[key] = e.target.value; }, change: (e) => { ui.drafts[key] = e.target.value; } },
      ...props,
    });
    return el;
  }

  function selectWith(key, options, initial) {
    const select = h("select", {
      class: "utrecht-select utrecht-select--html-select", id: key, data: { key },
      on: { change: (e) => { ui.drafts[key] = e.target.value; } },
    }, options.map(([value, text]) => h("option", { value: String(value) }, text)));
    const chosen = ui.drafts[key] ?? String(initial ?? "");
    if (options.some(([value]) => String(value) === chosen)) select.value = chosen;
    return select;
  }

  function arrangePanel(postit, context) {
    const id = postit.id;
    const panel = h("div", { class: "postit__panel", id: `postit-${id}-panel` });

    const moveKey = `postit-${id}-move`;
    const moveOptions = [["", gettext("No problem owner")], ...ctx.state.columns.map((c) => [c.id, shorten(c.title, 40)])];
    panel.append(h("form", {
      class: "postit__tool",
      on: {
        submit: (event) => {
          event.preventDefault();
          const value = byId(moveKey).value;
          delete ui.drafts[moveKey];
          arrange(postit, { kind: "move", column: value ? Number(value) : null });
        },
      },
    }, field(moveKey, gettext("Problem owner"), selectWith(moveKey, moveOptions, postit.column_id ?? "")),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action", data: { key: `${moveKey}-go` } }, gettext("Move"))));

    const targets = context.topLevel.filter((p) => p.id !== id);
    if (targets.length) {
      const mergeKey = `postit-${id}-merge`;
      panel.append(h("form", {
        class: "postit__tool",
        on: {
          submit: (event) => {
            event.preventDefault();
            const into = Number(byId(mergeKey).value);
            delete ui.drafts[mergeKey];
            if (into) arrange(postit, { kind: "merge", into });
          },
        },
      }, field(mergeKey, gettext("Merge into (same meaning)"), selectWith(mergeKey,
        targets.map((p) => [p.id, shorten(p.text, 50)]), targets[0].id)),
      h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action", data: { key: `${mergeKey}-go` } }, gettext("Merge"))));
    }

    const spotted = ctx.state.spotlight.target === `postit:${id}`;
    panel.append(h("div", { class: "postit__tool" }, h("button", {
      type: "button", class: "utrecht-button utrecht-button--secondary-action", data: { key: `postit-${id}-spot` },
      "aria-pressed": spotted ? "true" : "false",
      on: { click: () => live.send("spotlight.set", { target: spotted ? null : `postit:${id}` }) },
    }, gettext("Show large on the big screen"))));

    const noteKey = `postit-${id}-note`;
    if (postit.parked) {
      panel.append(h("div", { class: "postit__tool" }, h("button", {
        type: "button", class: "utrecht-button utrecht-button--secondary-action", data: { key: `postit-${id}-unpark` },
        on: { click: () => arrange(postit, { kind: "unpark" }) },
      }, gettext("Back to the wall"))));
    } else {
      const park = (idea) => {
        const note = (ui.drafts[noteKey] || "").trim();
        delete ui.drafts[noteKey];
        arrange(postit, { kind: "park", idea, note });
      };
      panel.append(h("form", {
        class: "postit__tool",
        on: { submit: (event) => { event.preventDefault(); park(false); } },
      }, field(noteKey, gettext("Note for the parking lot (optional)"), draftInput("input", noteKey, "", {
        class: "utrecht-textbox utrecht-textbox--html-input", type: "text", maxLength: 300, autocomplete: "off",
      })),
      h("span", { class: "button-row" },
        h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action", data: { key: `${noteKey}-go` } }, gettext("Park")),
        h("button", {
          type: "button", class: "utrecht-button utrecht-button--secondary-action", data: { key: `${noteKey}-idea` },
          on: { click: () => park(true) },
        }, gettext("Park as a solution idea")))));
    }
    return panel;
  }

  function editForm(postit) {
    const textKey = `postit-${postit.id}-text`;
    const whyKey = `postit-${postit.id}-why`;
    const close = () => {
      delete ui.drafts[textKey];
      delete ui.drafts[whyKey];
      ui.editing = null;
      ui.focusKey = `postit-${postit.id}-edit`;
      ctx.redraw();
    };
    return h("form", {
      class: "postit__edit",
      on: {
        submit: (event) => {
          event.preventDefault();
          const text = (ui.drafts[textKey] ?? postit.text).trim();
          const why = (ui.drafts[whyKey] ?? postit.why).trim();
          if (!text) {
            byId(textKey).focus();
            return;
          }
          live.send("postit.update", { postit_id: postit.id, text, why, version: postit.version });
          close();
        },
      },
    },
    field(textKey, gettext("Your post-it"), draftInput("textarea", textKey, postit.text, {
      class: "utrecht-textarea", rows: 3, maxLength: 280, required: true,
    })),
    field(whyKey, gettext("Why is this a problem? (optional)"), draftInput("textarea", whyKey, postit.why, {
      class: "utrecht-textarea", rows: 3, maxLength: 500,
    })),
    h("div", { class: "button-row" },
      h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", data: { key: `${textKey}-save` } }, gettext("Save")),
      h("button", { type: "button", class: "utrecht-button utrecht-button--subtle", data: { key: `${textKey}-cancel` }, on: { click: close } }, gettext("Cancel"))));
  }

  function drawParked() {
    const box = byId("parked");
    if (!box) return;
    const layout = wallLayout(ctx.state);
    const { byPostit } = pendingIndex();
    const topLevel = ctx.state.postits.filter((p) => p.merged_into_id == null);
    if (!layout.parked.length) {
      box.replaceChildren(h("p", { class: "wall-column__empty" }, gettext("Nothing is parked.")));
      return;
    }
    box.replaceChildren(h("ul", { class: "postit-list postit-list--parked" },
      layout.parked.map((p) => drawCard(p, { layout, byPostit, topLevel }))));
  }

  // --- Console: add a column ---------------------------------------------------------------------

  const columnForm = byId("column-add");
  if (columnForm) {
    columnForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const input = byId("column-add-title");
      const title = input.value.trim();
      if (!title) {
        input.focus();
        return;
      }
      live.send("column.create", { title });
      input.value = "";
    });
  }

  // --- Big screen: announce new post-its, not too often --------------------------------------------

  const announcer = byId("wall-announcer");
  let newPostits = [];
  let announceTimer = null;

  function announceLater(postit) {
    newPostits.push(postit);
    if (announceTimer) return;
    announceTimer = setTimeout(() => {
      announceTimer = null;
      const n = newPostits.length;
      const message = n === 1
        ? format(gettext("New post-it: %(text)s"), { text: shorten(newPostits[0].text, 80) })
        : format(ngettext("%(count)s new post-it", "%(count)s new post-its", n), { count: n });
      newPostits = [];
      setText(announcer, message);
    }, 5000);
  }

  /** A new state arrived (``frame``: the event or snapshot frame). */
  function onState(frame) {
    if (announcer && frame.kind === "postit.created") announceLater(frame.data);
    if (frame.kind === "postit.deleted" || frame.type === "snapshot") {
      const { postits } = ctx.state;
      if (ui.editing != null && !postits.some((p) => p.id === ui.editing)) ui.editing = null;
      if (ui.panel != null && !postits.some((p) => p.id === ui.panel)) ui.panel = null;
    }
  }

  function draw() {
    drawWall();
    drawParked();
    drawUndo();
  }

  return { draw, onState };
}
