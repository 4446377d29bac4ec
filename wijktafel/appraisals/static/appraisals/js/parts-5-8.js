// The pieces that steps 5-8 of an appraisal share (docs/methods.md §3.4): the solutions still in the
// race and their titles, group names, pending ops, notes, an editor of rows kept as one draft, and
// sections that stay on the page while their cards come and go. ``ctx`` is described in panel.js.

import { reconcileChildren } from "../../js/ui.js";

/**
 * The ctx of the last draw of steps 5-8: timers and drag handlers that run after a draw work with
 * the state of now, not of when they were set up (ctx is new on every draw).
 */
export let latest = null;

export function remember(ctx) {
  latest = ctx;
}

/** Append what is there: ``Element.append(null)`` would show the word "null". */
export function put(parent, ...children) {
  for (const child of children.flat(Infinity)) if (child != null && child !== false) parent.append(child);
  return parent;
}

export function candidates(appraisal) {
  return appraisal.solutions.filter((s) => s.merged_into_id == null);
}

export function titleOf(appraisal, id) {
  const s = appraisal.solutions.find((x) => x.id === id);
  return s ? s.title : `#${id}`;
}

export function groupName(appraisal, id) {
  const g = appraisal.all_groups.find((x) => x.id === id);
  return g ? g.name : "";
}

/** The newest pending op of a kind whose data matches, or null (acked ones count: no flicker). */
export function pendingData(ctx, kind, pred) {
  const list = ctx.pending.filter((p) => p.kind === kind && pred(p.data || {}));
  return list.length ? list[list.length - 1].data : null;
}

export function emptyNote(ctx, text) {
  return ctx.h("p", { class: "appraisal-hint" }, text);
}

export function canEditGroupItem(ctx, groupId) {
  if (ctx.isScreen) return false;
  if (ctx.isFacilitator) return true;
  return Boolean(ctx.myGroup && groupId != null && ctx.myGroup.id === groupId);
}

/** Editable rows kept as one JSON draft (a new array on every change). */
export function rowsEditor(ctx, { key, initial, columns, addLabel, removeLabel, blank, legend, help = null }) {
  const { h, drafts, gettext } = ctx;
  const rows = drafts.has(key) ? drafts.get(key) : initial;
  const list = h("ul", { class: "a58-rows", "aria-label": legend });
  const store = (next) => drafts.set(key, next);
  rows.forEach((row, i) => {
    const cells = columns.map((col) => {
      const id = `${key}-${i}-${col.name}`;
      let control;
      if (col.options) {
        control = h("select", { class: "utrecht-select utrecht-select--html-select", id, data: { key: id } },
          col.options.map(([v, t]) => h("option", { value: String(v) }, t)));
        control.value = String(row[col.name] ?? "");
      } else {
        control = h("input", {
          class: "utrecht-textbox utrecht-textbox--html-input", type: col.type || "text", id, data: { key: id },
          autocomplete: "off", value: String(row[col.name] ?? ""),
        });
      }
      const update = () => {
        const current = (drafts.has(key) ? drafts.get(key) : initial).map((r) => ({ ...r }));
        if (!current[i]) return;
        current[i][col.name] = control.value;
        store(current);
      };
      control.addEventListener("input", update);
      control.addEventListener("change", update);
      return h("div", { class: `a58-rows__cell a58-rows__cell--${col.name}` },
        h("label", { class: "utrecht-form-label a58-rows__label", for: id }, col.label), control);
    });
    const remove = ctx.button(removeLabel, () => {
      const current = (drafts.has(key) ? drafts.get(key) : initial).filter((_r, j) => j !== i);
      store(current);
      ctx.redraw();
    }, { kind: "subtle", key: `${key}-${i}-remove`, label: String(row[columns[0].name] || i + 1) });
    put(list, h("li", { class: "a58-rows__row" }, cells, h("div", { class: "a58-rows__remove" }, remove)));
  });
  const add = ctx.button(addLabel, () => {
    store([...(drafts.has(key) ? drafts.get(key) : initial), { ...blank }]);
    ctx.redraw();
  }, { kind: "secondary", key: `${key}-add` });
  return h("fieldset", { class: "a58-fieldset" }, h("legend", { class: "a58-legend" }, legend), help, list,
    rows.length ? null : h("p", { class: "appraisal-hint" }, gettext("Nothing yet.")), add);
}

/** A section that stays on the page (with its heading) while the cards in it come and go. */
export function holder(ctx, key, { id, cls, heading, data = null, bodyClass = "a58-cards" }) {
  let el = ctx.ui[key];
  if (!el) {
    const headId = `${id}-title`;
    el = ctx.h("section", { class: cls, id, data, "aria-labelledby": headId });
    el.a58Head = ctx.h("h3", { class: "utrecht-heading-3", id: headId });
    el.a58Body = ctx.h("div", { class: bodyClass });
    el.append(el.a58Head, el.a58Body);
    ctx.ui[key] = el;
  }
  if (el.a58Head.textContent !== heading) el.a58Head.textContent = heading;
  return el;
}

/** A folded list that keeps its open state across draws (the phone's "the other groups"): a
 * <details> with ``summary`` and ``nodes``, or null when there are none. */
export function folded(ctx, key, { id, summary, nodes }) {
  if (!nodes.length) return null;
  let el = ctx.ui[key];
  if (!el) {
    el = ctx.h("details", { class: "a58-folded a58-wide", id });
    el.a58Summary = ctx.h("summary", { class: "a58-folded__summary" });
    el.a58Body = ctx.h("div", { class: "a58-folded__body" });
    el.append(el.a58Summary, el.a58Body);
    ctx.ui[key] = el;
  }
  if (el.a58Summary.textContent !== summary) el.a58Summary.textContent = summary;
  reconcileChildren(el.a58Body, nodes);
  return el;
}
