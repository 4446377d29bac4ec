// Steps 5-8 of an appraisal (effects and extra costs, pre-selection, effect cards, choice).
// Called by panel.js as renderStep(step, ctx); see the ``ctx`` description there.
// Returns a list of Nodes, or null for the steps 1-4.
//
// Ranking (step 6): a group drags its cards (pointer events, so touch and mouse both work; no
// HTML5 drag and drop) or moves them with the buttons beside each card. A dropped order is kept
// as a draft (sessionStorage) and sent as ``ranking.set`` after a short pause; only one ranking op
// of this device per group is on its way at a time, so every op carries the right version and a
// phone that was offline stores its last order once. While an op waits (outbox, localStorage),
// the list shows the order that waits, not the server's.

import {
  cardTotals, cleanEffects, dropIndex, effectWarnings, formatEuro as euro, lines, longDate, moveItem,
  parseMoney, parseWhole, sameOrder, shouldSend, shownOrder,
} from "./rank.js";

const SEND_DELAY_MS = 400;
const AGGREGATE_FETCH_DELAY_MS = 800;

// Module state that must outlive one draw (ctx is new on every draw).
let latest = null; // the ctx of the last draw
let drag = null; // the drag in progress
let sendTimer = null;
let announcer = null;
const aggregateFetch = { key: null, data: null, timer: null };

export function renderStep(step, ctx) {
  if (step < 5 || step > 8) return null;
  latest = ctx;
  if (step === 5) return stepFive(ctx);
  if (step === 6) return stepSix(ctx);
  if (step === 7) return stepSeven(ctx);
  return stepEight(ctx);
}

// --- Shared ---------------------------------------------------------------------------------------

/** Append what is there: ``Element.append(null)`` would show the word "null". */
function put(parent, ...children) {
  for (const child of children.flat(Infinity)) if (child != null && child !== false) parent.append(child);
  return parent;
}

function candidates(appraisal) {
  return appraisal.solutions.filter((s) => s.merged_into_id == null);
}

function titleOf(appraisal, id) {
  const s = appraisal.solutions.find((x) => x.id === id);
  return s ? s.title : `#${id}`;
}

function groupName(appraisal, id) {
  const g = appraisal.all_groups.find((x) => x.id === id);
  return g ? g.name : "";
}

function horizonOf(appraisal) {
  if (appraisal.baseline && Number.isInteger(appraisal.baseline.horizon_years)) return appraisal.baseline.horizon_years;
  return Number.isInteger(appraisal.horizon_years) ? appraisal.horizon_years : null;
}

function warningText(ctx, w) {
  const { gettext, format } = ctx;
  if (w.code === "too_many_effects") {
    return format(gettext("This card has %(count)s effects. Keep the three to five most important ones."), { count: w.count });
  }
  if (w.code === "no_negative_effect") {
    return gettext("This card has no negative effect. Negative effects are easy to overlook: think again.");
  }
  if (w.code === "no_effects") return gettext("This card has no effects yet.");
  return String(w.code);
}

function reachOptions(ctx) {
  const { gettext } = ctx;
  return [["", gettext("Reach: not chosen")], ["complex", gettext("complex")], ["buurt", gettext("neighbourhood")],
    ["wijk", gettext("district")], ["stad", gettext("city")]];
}

function reachLabel(ctx, value) {
  const found = reachOptions(ctx).find(([v]) => v === value);
  return value && found ? found[1] : "";
}

/** The newest pending op of a kind whose data matches, or null (acked ones count: no flicker). */
function pendingData(ctx, kind, pred) {
  const list = ctx.pending.filter((p) => p.kind === kind && pred(p.data || {}));
  return list.length ? list[list.length - 1].data : null;
}

function emptyNote(ctx, text) {
  return ctx.h("p", { class: "appraisal-hint" }, text);
}

function canEditGroupItem(ctx, groupId) {
  if (ctx.isScreen) return false;
  if (ctx.isFacilitator) return true;
  return Boolean(ctx.myGroup && groupId != null && ctx.myGroup.id === groupId);
}

function persistentAnnouncer(ctx) {
  if (!announcer) {
    announcer = ctx.h("p", { class: "visually-hidden", id: "rank-announcer", role: "status", "aria-live": "polite" });
  }
  return announcer;
}

function announce(text) {
  if (!announcer) return;
  announcer.textContent = "";
  // A new text node in a second step, so screen readers read the same sentence twice as well.
  setTimeout(() => {
    announcer.textContent = text;
  }, 50);
}

/** Editable rows kept as one JSON draft (a new array on every change). */
function rowsEditor(ctx, { key, initial, columns, addLabel, removeLabel, blank, legend }) {
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
  return h("fieldset", { class: "a58-fieldset" }, h("legend", { class: "a58-legend" }, legend), list,
    rows.length ? null : h("p", { class: "appraisal-hint" }, gettext("Nothing yet.")), add);
}

// --- Step 5: solution cards and core effects -------------------------------------------------------

function stepFive(ctx) {
  const { appraisal, h, gettext, format, block } = ctx;
  const nodes = [];
  const horizon = horizonOf(appraisal);
  nodes.push(block("a58-horizon", [horizon], () => h("p", { class: "a58-horizon a58-wide", id: "a58-horizon", data: { years: horizon ?? "" } },
    horizon
      ? format(gettext("Extra costs and income are counted against the baseline, over the same period: %(period)s."), { period: ctx.years(horizon) })
      : gettext("The horizon is not set yet. The facilitator sets it with the baseline (step 3)."))));
  nodes.push(coreEffectsBlock(ctx));
  const list = candidates(appraisal);
  if (!list.length) {
    nodes.push(block("a58-no-solutions", [], () => emptyNote(ctx, gettext("There are no solutions yet. They are made in step 4."))));
    return nodes;
  }
  const mine = [];
  const others = [];
  for (const s of list) (canEditGroupItem(ctx, s.group_id) && !ctx.isFacilitator ? mine : others).push(s);
  if (ctx.isParticipant && !ctx.myGroup) {
    nodes.push(block("a58-nogroup", [], () => emptyNote(ctx, gettext("You are not in a group yet. You can read the cards; the facilitator puts you in a group."))));
  }
  const grid = [];
  for (const s of [...mine, ...others]) grid.push(solutionCard(ctx, s, horizon));
  const section = holder(ctx, "a58CardsSection", {
    id: "a58-cards-section", cls: "a58-wide a58-cards-section",
    heading: mine.length ? gettext("Your group's solution cards first, then the others") : gettext("Solution cards"),
  });
  reconcileChildren(section.a58Body, grid);
  nodes.push(section);
  return nodes;
}

/** A section that stays on the page (with its heading) while the cards in it come and go. */
function holder(ctx, key, { id, cls, heading, data = null, bodyClass = "a58-cards" }) {
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

function reconcileChildren(parent, nodes) {
  let index = 0;
  for (const node of nodes) {
    const current = parent.children[index];
    if (current !== node) parent.insertBefore(node, current || null);
    index += 1;
  }
  while (parent.children.length > index) parent.lastElementChild.remove();
}

function coreEffectsBlock(ctx) {
  const { appraisal, h, gettext, block } = ctx;
  const owners = new Map(appraisal.core_problems.map((cp) => [cp.id, cp.owner_name]));
  const pending = pendingData(ctx, "core_effects.set", () => true);
  const shown = pending ? pending.items : appraisal.core_effects;
  return block("a58-core-effects", [shown, appraisal.core_problems.map((c) => [c.id, c.owner_name]), ctx.error("core-effects")], () => {
    const box = h("section", { class: "a58-box a58-core-effects a58-wide", id: "a58-core-effects", "aria-labelledby": "a58-core-effects-title" },
      h("h3", { class: "utrecht-heading-3", id: "a58-core-effects-title" }, gettext("Core effects")),
      h("p", { class: "appraisal-hint" }, gettext("One or two effects on which we score the solutions. Ideally the mirror image of a core problem.")));
    if (shown.length) {
      put(box, h("ul", { class: "a58-list" }, shown.map((ce) => h("li", { data: { coreEffect: ce.id ?? "" } },
        h("strong", null, ce.text),
        ce.mirrors_core_problem_id ? ` (${ctx.format(gettext("mirror of the core problem of %(owner)s"), { owner: owners.get(ce.mirrors_core_problem_id) || "" })})` : ""))));
    } else {
      put(box, emptyNote(ctx, gettext("No core effects yet.")));
    }
    if (ctx.isFacilitator) {
      const initial = shown.map((ce) => ({ id: ce.id ?? null, text: ce.text, mirrors: ce.mirrors_core_problem_id ?? "" }));
      const cpOptions = [["", gettext("No core problem")], ...appraisal.core_problems.map((cp) => [cp.id, cp.owner_name])];
      const details = h("details", { class: "a58-edit", open: Boolean(ctx.ui.a58CoreEffectsOpen) },
        h("summary", null, gettext("Change the core effects")),
        rowsEditor(ctx, {
          key: "a58-ce", initial, legend: gettext("Core effects"), addLabel: gettext("Add a core effect"),
          removeLabel: gettext("Remove"), blank: { id: null, text: "", mirrors: "" },
          columns: [{ name: "text", label: gettext("The core effect") },
            { name: "mirrors", label: gettext("Mirror of the core problem of"), options: cpOptions }],
        }),
        ctx.errorBox("core-effects"),
        ctx.button(gettext("Save the core effects"), () => {
          const rows = ctx.drafts.has("a58-ce") ? ctx.drafts.get("a58-ce") : initial;
          const items = rows.filter((r) => String(r.text || "").trim()).map((r) => ({
            ...(r.id != null ? { id: r.id } : {}), text: String(r.text).trim(),
            mirrors_core_problem_id: r.mirrors === "" || r.mirrors == null ? null : Number(r.mirrors),
          }));
          ctx.send("core_effects.set", { items }, { form: "core-effects", keep: ["a58-ce"] });
        }, { kind: "primary", key: "a58-ce-save" }));
      details.addEventListener("toggle", () => {
        ctx.ui.a58CoreEffectsOpen = details.open;
      });
      put(box, details);
    }
    return box;
  });
}

function cardView(ctx, card, horizon) {
  const { h, gettext, format } = ctx;
  const parts = [];
  if (!card) return [emptyNote(ctx, gettext("This card is still empty."))];
  if (card.description) parts.push(h("p", { class: "a58-card__description" }, card.description));
  const effects = card.effects || [];
  if (effects.length) {
    parts.push(h("ul", { class: "a58-effects" }, effects.map((e) => h("li", {
      class: `a58-effect a58-effect--${e.sign === "-" ? "neg" : "pos"}`, data: { sign: e.sign },
    },
    h("span", { class: "a58-effect__sign", "aria-hidden": "true" }, e.sign === "-" ? "−" : "+"),
    h("span", { class: "visually-hidden" }, e.sign === "-" ? gettext("Negative:") : gettext("Positive:")),
    " ", h("span", { class: "a58-effect__text" }, e.text),
    e.who ? h("span", { class: "a58-effect__meta" }, ` · ${e.who}`) : null,
    e.reach ? h("span", { class: "a58-effect__meta" }, ` · ${reachLabel(ctx, e.reach)}`) : null))));
  }
  const totals = cardTotals(card, card.horizon_years ?? horizon);
  parts.push(h("dl", { class: "a58-money" },
    h("dt", null, gettext("Extra costs")), h("dd", { data: { total: "cost" } }, euro(card.extra_total_cost ?? totals.cost)),
    h("dt", null, gettext("Extra income")), h("dd", { data: { total: "income" } }, euro(card.extra_total_income ?? totals.income)),
    h("dt", null, gettext("Period")), h("dd", null, card.horizon_years
      ? ctx.years(card.horizon_years) : "–")));
  const list = (label, items) => (items && items.length
    ? h("div", { class: "a58-card__list" }, h("p", { class: "appraisal-label" }, label), h("ul", null, items.map((t) => h("li", null, t))))
    : null);
  parts.push(list(gettext("Uncertainties"), card.uncertainties));
  parts.push(list(gettext("Variants"), card.variants));
  parts.push(list(gettext("To investigate"), (card.to_investigate || []).map((a) => (a.owner_name ? `${a.title} (${a.owner_name})` : a.title))));
  return parts;
}

function warningsBox(ctx, warnings) {
  if (!warnings || !warnings.length) return null;
  return ctx.h("ul", { class: "a58-warnings", "aria-label": ctx.gettext("Warnings") },
    warnings.map((w) => ctx.h("li", { class: "a58-warning", data: { warning: w.code } }, warningText(ctx, w))));
}

function solutionCard(ctx, solution, horizon) {
  const { appraisal, h, gettext, block } = ctx;
  const sid = solution.id;
  const card = appraisal.cards.find((c) => c.solution_id === sid) || null;
  // As services._may_write_card: a card made in another session (session I), or by the
  // facilitator alone, is sharpened by any group of this session.
  const madeHere = solution.group_id != null && ctx.appraisal.groups.some((g) => g.id === solution.group_id);
  const editable = madeHere ? canEditGroupItem(ctx, solution.group_id)
    : !ctx.isScreen && (ctx.isFacilitator || Boolean(ctx.myGroup));
  const form = `card-${sid}`;
  const pending = pendingData(ctx, "solution_card.save", (d) => d.solution_id === sid);
  const sig = [solution.title, solution.group_id, solution.out_of_the_box, card, editable, horizon,
    appraisal.core_effects, pending, ctx.error(form), ctx.online];
  return block(`a58-card-${sid}`, sig, () => {
    const article = h("article", { class: "a58-card", id: `card-${sid}`, data: { solutionId: sid, editable: editable ? "1" : "0" } },
      h("header", { class: "a58-card__head" },
        h("h4", { class: "utrecht-heading-4 a58-card__title" }, solution.title),
        h("p", { class: "a58-card__group" }, groupName(appraisal, solution.group_id) || gettext("No group"),
          solution.out_of_the_box ? h("span", { class: "a58-badge" }, gettext("out of the box")) : null)));
    const shown = pending ? { ...(card || {}), ...pending.fields, effects: pending.fields.effects || (card && card.effects) || [] } : card;
    if (pending) put(article, h("p", { class: "a58-pending", role: "status" }, gettext("Waiting to be saved…")));
    put(article, warningsBox(ctx, shown ? (pending ? effectWarnings(shown.effects) : card.warnings) : null));
    if (!editable || ctx.isFacilitator) put(article, ...cardView(ctx, shown, horizon).filter(Boolean));
    if (editable) {
      const details = ctx.isFacilitator ? h("details", { class: "a58-edit", open: Boolean(ctx.ui[`a58open-${sid}`]) },
        h("summary", null, gettext("Change this card"))) : h("div", { class: "a58-edit" });
      put(details, cardForm(ctx, sid, card, horizon, form));
      if (ctx.isFacilitator) details.addEventListener("toggle", () => {
        ctx.ui[`a58open-${sid}`] = details.open;
      });
      put(article, details);
    }
    return article;
  });
}

function cardForm(ctx, sid, card, horizon, form) {
  const { h, gettext, format, drafts } = ctx;
  const k = (name) => `c5-${sid}-${name}`;
  const c = card || {};
  const ceOptions = [["", gettext("No core effect")], ...ctx.appraisal.core_effects.map((ce) => [ce.id, ce.text])];
  const effects = rowsEditor(ctx, {
    key: k("effects"),
    initial: (c.effects || []).map((e) => ({ text: e.text, sign: e.sign, who: e.who, reach: e.reach || "", core_effect_id: e.core_effect_id ?? "" })),
    legend: gettext("Effects compared with the baseline"), addLabel: gettext("Add an effect"), removeLabel: gettext("Remove"),
    blank: { text: "", sign: "+", who: "", reach: "", core_effect_id: "" },
    columns: [
      { name: "text", label: gettext("The effect (for example: less litter)") },
      { name: "sign", label: gettext("Positive or negative"), options: [["+", gettext("positive +")], ["-", gettext("negative −")]] },
      { name: "who", label: gettext("Who notices it") },
      { name: "reach", label: gettext("Reach"), options: reachOptions(ctx) },
      { name: "core_effect_id", label: gettext("Core effect"), options: ceOptions },
    ],
  });
  const money = [
    ["extra_one_off_cost", gettext("Extra one-off costs (€)")],
    ["extra_periodic_cost_per_year", gettext("Extra costs per year (€)")],
    ["extra_one_off_income", gettext("Extra one-off income (€)")],
    ["extra_periodic_income_per_year", gettext("Extra income per year (€)")],
  ];
  const totalsOut = h("p", { class: "a58-totals", id: k("totals"), "aria-live": "polite" });
  const horizonInput = ctx.numberInput(k("horizon"), horizon ?? c.horizon_years ?? "", { inputmode: "numeric" });
  const moneyInputs = money.map(([name, label]) => [name, ctx.numberInput(k(name), c[name] ?? 0), label]);
  const showTotals = () => {
    const values = Object.fromEntries(moneyInputs.map(([name, input]) => [name, parseMoney(input.value)]));
    const years = parseWhole(horizonInput.value);
    const t = cardTotals(values, years ?? horizon);
    totalsOut.textContent = format(gettext("Over %(period)s: %(cost)s extra costs, %(income)s extra income."),
      { period: ctx.years(t.years), cost: euro(t.cost), income: euro(t.income) });
  };
  for (const [, input] of moneyInputs) input.addEventListener("input", showTotals);
  horizonInput.addEventListener("input", showTotals);
  showTotals();
  const investigate = rowsEditor(ctx, {
    key: k("investigate"),
    initial: (c.to_investigate || []).map((a) => ({ title: a.title, owner_name: a.owner_name || "", due_date: a.due_date || "" })),
    legend: gettext("Things to find out (they become actions)"), addLabel: gettext("Add something to find out"),
    removeLabel: gettext("Remove"), blank: { title: "", owner_name: "", due_date: "" },
    columns: [{ name: "title", label: gettext("What to find out") }, { name: "owner_name", label: gettext("Who does it") },
      { name: "due_date", label: gettext("Ready on"), type: "date" }],
  });
  const keys = [k("description"), k("effects"), k("horizon"), k("uncertainties"), k("variants"), k("investigate"),
    ...money.map(([name]) => k(name))];
  const save = () => {
    const fields = {
      description: drafts.get(k("description"), c.description || ""),
      effects: cleanEffects(drafts.has(k("effects")) ? drafts.get(k("effects")) : (c.effects || [])),
      uncertainties: lines(drafts.get(k("uncertainties"), (c.uncertainties || []).join("\n"))),
      variants: lines(drafts.get(k("variants"), (c.variants || []).join("\n"))),
      to_investigate: (drafts.has(k("investigate")) ? drafts.get(k("investigate")) : (c.to_investigate || []))
        .filter((r) => String(r.title || "").trim())
        .map((r) => ({ title: String(r.title).trim(), owner_name: String(r.owner_name || "").trim(), due_date: r.due_date || null })),
    };
    for (const [name, input, label] of moneyInputs) {
      const value = parseMoney(input.value);
      if (Number.isNaN(value) && ctx.setError) {
        // Say which field it is about, here, before anything is sent.
        ctx.ui.focusAfter = k(name);
        ctx.setError(form, format(gettext("%(field)s: type an amount in whole euros, for example 25000."), { field: label }));
        return;
      }
      fields[name] = Number.isNaN(value) ? input.value : value;
    }
    const years = horizonInput.value.trim();
    if (years) fields.horizon_years = parseWhole(years) ?? years;
    ctx.send("solution_card.save", { solution_id: sid, fields, version: card ? card.version : null }, { form, keep: keys });
  };
  return h("form", { class: "a58-form", data: { form }, on: { submit: (e) => { e.preventDefault(); save(); } } },
    ctx.field(k("description"), gettext("Short description"), ctx.textArea(k("description"), c.description || "", { rows: 2 })),
    effects,
    h("fieldset", { class: "a58-fieldset" }, h("legend", { class: "a58-legend" }, gettext("Extra costs and income compared with the baseline")),
      ctx.field(k("horizon"), gettext("Period in years"), horizonInput,
        horizon ? format(gettext("Use the same period as the baseline: %(period)s."), { period: ctx.years(horizon) }) : null),
      h("div", { class: "a58-money-grid" }, moneyInputs.map(([name, input, label]) => ctx.field(k(name), label, input))),
      totalsOut),
    ctx.field(k("uncertainties"), gettext("Uncertainties (one per line)"), ctx.textArea(k("uncertainties"), (c.uncertainties || []).join("\n"), { rows: 2 })),
    ctx.field(k("variants"), gettext("Variants (one per line)"), ctx.textArea(k("variants"), (c.variants || []).join("\n"), { rows: 2 })),
    investigate,
    ctx.errorBox(form),
    h("div", { class: "a58-actions" }, ctx.button(gettext("Save the card"), null, { kind: "primary", key: `${form}-save`, type: "submit" })));
}

// --- Step 6: criteria, ranking, aggregate, selection -----------------------------------------------

function rankingOf(appraisal, groupId) {
  return appraisal.rankings.find((r) => r.group_id === groupId) || null;
}

function rankDraftKey(groupId) {
  return `a58-rank-${groupId}`;
}

function rankPending(ctx, groupId) {
  return ctx.pending.filter((p) => p.kind === "ranking.set" && p.data && p.data.group_id === groupId);
}

function groupOrder(ctx, groupId) {
  const ids = candidates(ctx.appraisal).map((s) => s.id);
  const ranking = rankingOf(ctx.appraisal, groupId);
  const mine = ranksFor(ctx) === groupId;
  return shownOrder({
    serverOrder: ranking ? ranking.ordered_solution_ids : null,
    pendingOrders: mine ? rankPending(ctx, groupId).map((p) => p.data.ordered_solution_ids) : [],
    draftOrder: mine ? ctx.drafts.get(rankDraftKey(groupId), null) : null,
    candidates: ids,
  });
}

/**
 * Send the dragged order of a group when nothing of this device for that group is on its way.
 * While the connection is down the order stays a draft, so moves made offline become ONE op when
 * the connection is back; ``force`` (the page is being left) puts it into the outbox now, which
 * outlives the tab.
 */
function flushRanking(ctx, groupId, { force = false } = {}) {
  const draft = ctx.drafts.get(rankDraftKey(groupId), null);
  const ranking = rankingOf(ctx.appraisal, groupId);
  const pendingCount = rankPending(ctx, groupId).length;
  if (!Array.isArray(draft)) return;
  if (!ctx.online && !force) return;
  if (!shouldSend({ draftOrder: draft, pendingCount, serverOrder: ranking ? ranking.ordered_solution_ids : [] })) {
    if (!pendingCount && ranking && sameOrder(draft, ranking.ordered_solution_ids)) ctx.drafts.delete(rankDraftKey(groupId));
    return;
  }
  ctx.drafts.delete(rankDraftKey(groupId));
  ctx.send("ranking.set", {
    group_id: groupId,
    ordered_solution_ids: draft,
    solving_power: ranking ? ranking.solving_power || {} : {},
    notes: ranking ? ranking.notes || "" : "",
    version: ranking ? ranking.version : null,
  }, { form: `rank-${groupId}` });
}

/** The page is being left or hidden (phones may end it without notice): no dragged order is lost. */
function flushAllRankings() {
  if (!latest || drag) return;
  for (const key of latest.drafts.keys("a58-rank-")) {
    const groupId = Number(key.slice("a58-rank-".length));
    if (Number.isInteger(groupId)) flushRanking(latest, groupId, { force: true });
  }
  if (latest.drafts.flush) latest.drafts.flush();
}

let leaveHooked = false;
function hookLeaving() {
  if (leaveHooked) return;
  leaveHooked = true;
  window.addEventListener("pagehide", flushAllRankings);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flushAllRankings();
  });
}

function scheduleRankingSend(groupId) {
  if (sendTimer) clearTimeout(sendTimer);
  sendTimer = setTimeout(() => {
    sendTimer = null;
    if (latest && !drag) flushRanking(latest, groupId);
    else if (drag) scheduleRankingSend(groupId);
  }, SEND_DELAY_MS);
}

function commitOrder(ctx, groupId, order, message) {
  ctx.drafts.set(rankDraftKey(groupId), order.slice());
  if (ctx.drafts.flush) ctx.drafts.flush();
  if (message) announce(message);
  scheduleRankingSend(groupId);
  ctx.redraw();
}

function placeMessage(ctx, order, sid) {
  return ctx.format(ctx.gettext("%(title)s is now at place %(place)s of %(total)s."), {
    title: titleOf(ctx.appraisal, sid), place: order.indexOf(sid) + 1, total: order.length,
  });
}

/**
 * The group whose order this device changes: a participant's own group; in the console the group
 * the facilitator chose to rank for (a walk-through alone, or a group without a device).
 */
function ranksFor(ctx) {
  if (ctx.isParticipant) return ctx.myGroup ? ctx.myGroup.id : null;
  if (!ctx.isFacilitator) return null;
  const chosen = Number(ctx.ui.a58RankFor);
  return ctx.appraisal.groups.some((g) => g.id === chosen) ? chosen : null;
}

function rankForChoice(ctx) {
  const { h, gettext } = ctx;
  const groups = ctx.appraisal.groups;
  return ctx.block("a58-rank-for", [groups.map((g) => [g.id, g.name]), ranksFor(ctx)], () => {
    const select = h("select", { class: "utrecht-select utrecht-select--html-select", id: "a58-rank-for", on: { change: (e) => {
      ctx.ui.a58RankFor = e.target.value;
      ctx.redraw();
    } } },
    h("option", { value: "", selected: ranksFor(ctx) == null }, gettext("No group (only look)")),
    groups.map((g) => h("option", { value: String(g.id), selected: ranksFor(ctx) === g.id }, g.name)));
    return h("div", { class: "a58-box a58-wide" },
      ctx.field("a58-rank-for", gettext("Rank for a group"), select,
        groups.length ? gettext("For a walk-through alone, or for a group without a phone or laptop.")
          : gettext("Make a group first (step 2), also when you work alone.")));
  });
}

function stepSix(ctx) {
  const { appraisal, h, gettext, block } = ctx;
  const nodes = [persistentAnnouncer(ctx)];
  nodes.push(criteriaBlock(ctx));
  if (!candidates(appraisal).length) {
    nodes.push(block("a58-rank-empty", [], () => emptyNote(ctx, gettext("There are no solution cards to rank yet."))));
    return nodes;
  }
  if (ctx.isFacilitator) nodes.push(rankForChoice(ctx));
  const gid = ranksFor(ctx);
  if (gid != null) {
    hookLeaving();
    // A dragged order waiting from before a reload, or waiting for an earlier op: send when free.
    if (ctx.drafts.has(rankDraftKey(gid)) && !sendTimer && !drag) scheduleRankingSend(gid);
    nodes.push(rankEditor(ctx, gid));
    nodes.push(rankingNotesBlock(ctx, gid));
    nodes.push(solvingPowerBlock(ctx, gid));
  } else if (ctx.isParticipant) {
    nodes.push(block("a58-rank-nogroup", [], () => emptyNote(ctx, gettext("You are not in a group yet, so you cannot rank. You can follow the rankings below."))));
  }
  nodes.push(sideBySide(ctx));
  nodes.push(aggregateBlock(ctx));
  nodes.push(selectionBlock(ctx));
  return nodes;
}

function criteriaBlock(ctx) {
  const { appraisal, h, gettext, block } = ctx;
  return block("a58-criteria", [appraisal.criteria, ctx.error("criteria"), ctx.isFacilitator], () => {
    const box = h("section", { class: "a58-box a58-criteria a58-wide", id: "a58-criteria", "aria-labelledby": "a58-criteria-title" },
      h("h3", { class: "utrecht-heading-3", id: "a58-criteria-title" }, gettext("Rank on these criteria")),
      h("p", { class: "appraisal-hint" }, gettext("For each card ask: is it better or worse than the cards above it? Best on top.")));
    put(box, h("ul", { class: "a58-list a58-criteria__list" }, appraisal.criteria.map((c) => h("li", { data: { criterion: c.key } },
      c.title,
      ctx.isFacilitator && c.kind === "extra" && c.id != null
        ? ctx.button(gettext("Remove"), () => ctx.send("criterion.remove", { criterion_id: c.id }, { form: "criteria" }),
          { kind: "subtle", key: `a58-crit-${c.id}-remove`, label: c.title })
        : null))));
    if (ctx.isFacilitator) {
      put(box, h("form", { class: "a58-inline-form", on: { submit: (e) => {
        e.preventDefault();
        const title = String(ctx.drafts.get("a58-crit-new", "")).trim();
        ctx.send("criterion.add", { title }, { form: "criteria", clear: ["a58-crit-new"] });
      } } },
      ctx.field("a58-crit-new", gettext("Extra criterion (for example: feasibility)"), ctx.textInput("a58-crit-new", "")),
      ctx.button(gettext("Add the criterion"), null, { kind: "secondary", key: "a58-crit-add", type: "submit" })));
      put(box, ctx.errorBox("criteria"));
    }
    return box;
  });
}

function rankEditor(ctx, gid) {
  const { appraisal, h, gettext, format, block } = ctx;
  if (drag && drag.groupId === gid && drag.container) return drag.container;
  const { order, source } = groupOrder(ctx, gid);
  const ranking = rankingOf(appraisal, gid);
  const pendingCount = rankPending(ctx, gid).length;
  const titles = order.map((sid) => titleOf(appraisal, sid));
  const form = `rank-${gid}`;
  const sync = source === "draft" || pendingCount ? (ctx.online ? "sending" : "waiting") : (ranking ? "saved" : "none");
  const costs = Object.fromEntries(appraisal.cards.map((c) => [c.solution_id, c.extra_total_cost]));
  return block(`a58-rank-edit-${gid}`, [order, titles, sync, ctx.error(form), costs, ctx.closed], () => {
    const list = h("ol", { class: "rank-list", id: `rank-list-${gid}`, data: { groupId: gid }, "aria-describedby": "rank-help" });
    order.forEach((sid, i) => {
      const title = titleOf(appraisal, sid);
      const handle = h("button", {
        type: "button", class: "rank-item__handle", data: { key: `rank-${sid}-handle` },
        "aria-label": format(gettext("Drag to move: %(title)s. Or use the arrow keys."), { title }),
      }, h("span", { class: "rank-item__grip", "aria-hidden": "true" }, "⠿"));
      const item = h("li", { class: "rank-item", data: { solutionId: sid } },
        handle,
        h("span", { class: "rank-item__body" },
          h("span", { class: "rank-item__title" }, h("span", { class: "rank-item__place", "aria-hidden": "true" }, String(i + 1)), title),
          costs[sid] != null ? h("span", { class: "rank-item__meta" }, format(gettext("extra costs %(amount)s"), { amount: euro(costs[sid]) })) : null),
        h("span", { class: "rank-item__moves" },
          moveButton(ctx, "↑", format(gettext("Move up: %(title)s"), { title }), `rank-${sid}-up`, () => keyMove(ctx, gid, sid, -1)),
          moveButton(ctx, "↓", format(gettext("Move down: %(title)s"), { title }), `rank-${sid}-down`, () => keyMove(ctx, gid, sid, 1))));
      handle.addEventListener("pointerdown", (event) => startDrag(event, ctx, gid, item, list));
      handle.addEventListener("keydown", (event) => {
        if (event.key === "ArrowUp" || event.key === "ArrowDown") {
          event.preventDefault();
          keyMove(ctx, gid, sid, event.key === "ArrowUp" ? -1 : 1);
        }
      });
      put(list, item);
    });
    const status = {
      saved: gettext("Your group's order is saved."),
      sending: gettext("Saving your order…"),
      waiting: gettext("No connection. Your order is kept on this device and is sent when the connection is back."),
      none: gettext("Not ranked yet. Put the best card on top."),
    }[sync];
    const box = h("section", { class: "a58-box a58-rank a58-wide", id: "a58-rank", data: { groupId: gid, sync }, "aria-labelledby": "a58-rank-title" },
      h("h3", { class: "utrecht-heading-3", id: "a58-rank-title" }, format(gettext("Ranking of %(group)s"), { group: groupName(appraisal, gid) })),
      h("p", { class: "appraisal-hint", id: "rank-help" }, gettext("Drag a card by its handle, or use the arrow buttons. Best on top.")),
      list,
      h("p", { class: `a58-sync a58-sync--${sync}`, id: "rank-sync" }, status),
      ctx.errorBox(form));
    return box;
  });
}

function moveButton(ctx, arrow, label, key, onClick) {
  const button = ctx.button(arrow, onClick, { kind: "secondary", key });
  button.setAttribute("aria-label", label);
  button.title = label;
  return button;
}

function keyMove(built, gid, sid, delta) {
  const ctx = latest || built; // the state of now, not of when the buttons were built
  const { order } = groupOrder(ctx, gid);
  const from = order.indexOf(sid);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= order.length) {
    announce(delta < 0 ? ctx.gettext("This card is already at the top.") : ctx.gettext("This card is already at the bottom."));
    return;
  }
  const next = moveItem(order, from, to);
  commitOrder(ctx, gid, next, placeMessage(ctx, next, sid));
}

function startDrag(event, ctx, gid, item, list) {
  if (drag || ctx.closed) return;
  if (event.pointerType === "mouse" && event.button !== 0) return;
  event.preventDefault();
  const container = list.closest(".a58-rank");
  drag = {
    groupId: gid, item, list, container, pointerId: event.pointerId,
    before: [...list.children].map((el) => Number(el.dataset.solutionId)),
  };
  item.classList.add("rank-item--dragging");
  list.classList.add("rank-list--dragging");
  try {
    event.currentTarget.setPointerCapture(event.pointerId);
  } catch (_err) {
    // capture is a help, not a need: the document listeners below follow the pointer
  }
  document.addEventListener("pointermove", onDragMove, { passive: false });
  document.addEventListener("pointerup", onDragEnd);
  document.addEventListener("pointercancel", onDragEnd);
}

function onDragMove(event) {
  if (!drag || event.pointerId !== drag.pointerId) return;
  event.preventDefault();
  const { list, item } = drag;
  const others = [...list.children].filter((el) => el !== item);
  const middles = others.map((el) => {
    const r = el.getBoundingClientRect();
    return r.top + r.height / 2;
  });
  const target = dropIndex(event.clientY, middles);
  const current = [...list.children].indexOf(item);
  // Move the other cards around the dragged one, so the dragged element never leaves the page
  // (that would end its pointer capture).
  if (target > current) {
    for (let k = current; k < target; k += 1) list.insertBefore(item.nextElementSibling, item);
  } else if (target < current) {
    for (let k = current; k > target; k -= 1) list.insertBefore(item.previousElementSibling, item.nextSibling);
  }
  [...list.children].forEach((el, i) => {
    const place = el.querySelector(".rank-item__place");
    if (place) place.textContent = String(i + 1);
  });
  const edge = 56;
  if (event.clientY < edge) window.scrollBy(0, -12);
  else if (event.clientY > window.innerHeight - edge) window.scrollBy(0, 12);
}

function onDragEnd(event) {
  if (!drag || event.pointerId !== drag.pointerId) return;
  document.removeEventListener("pointermove", onDragMove);
  document.removeEventListener("pointerup", onDragEnd);
  document.removeEventListener("pointercancel", onDragEnd);
  const { list, item, groupId, before } = drag;
  item.classList.remove("rank-item--dragging");
  list.classList.remove("rank-list--dragging");
  const after = [...list.children].map((el) => Number(el.dataset.solutionId));
  const sid = Number(item.dataset.solutionId);
  drag = null;
  const ctx = latest;
  if (!ctx) return;
  if (event.type === "pointercancel" || sameOrder(before, after)) {
    ctx.redraw();
    return;
  }
  commitOrder(ctx, groupId, after, placeMessage(ctx, after, sid));
}

function solvingPowerBlock(ctx, gid) {
  const { appraisal, h, gettext, format, block, drafts } = ctx;
  const ranking = rankingOf(appraisal, gid);
  const cps = appraisal.core_problems;
  const list = candidates(appraisal);
  const form = `sp-${gid}`;
  const pendingCount = rankPending(ctx, gid).length + (drafts.has(rankDraftKey(gid)) ? 1 : 0);
  const mine = (appraisal.aggregate && appraisal.aggregate.cost_effectiveness || []).filter((r) => r.group_id === gid);
  return block(`a58-sp-${gid}`, [ranking && ranking.solving_power, cps.map((c) => [c.id, c.owner_name]), list.map((s) => [s.id, s.title]),
    ctx.error(form), Boolean(pendingCount), Boolean(ctx.ui.a58SpOpen), mine], () => {
    const power = (ranking && ranking.solving_power) || {};
    const key = (cp, sid) => `a58-sp-${gid}-${cp}-${sid}`;
    const keys = [];
    const rows = [];
    for (const cp of cps) {
      for (const s of list) {
        keys.push(key(cp.id, s.id));
        const initial = power[String(cp.id)] && power[String(cp.id)][String(s.id)] != null ? power[String(cp.id)][String(s.id)] : "";
        rows.push(ctx.field(key(cp.id, s.id), format(gettext("%(solution)s solves the core problem of %(owner)s for … %"), { solution: s.title, owner: cp.owner_name }),
          ctx.numberInput(key(cp.id, s.id), initial)));
      }
    }
    const ratio = (r) => {
      if (r.kind === "dominant") return gettext("no extra costs: best value");
      if (r.kind === "no_effect") return gettext("no effect");
      if (r.kind === "unknown") return gettext("unknown");
      return format(gettext("%(points)s points per €100,000"), { points: Math.round(r.points_per_100k * 10) / 10 });
    };
    const details = h("details", { class: "a58-box a58-edit a58-sp a58-wide", open: Boolean(ctx.ui.a58SpOpen) },
      h("summary", null, gettext("Optional: solving power in % and cost-effectiveness")),
      h("p", { class: "appraisal-hint" }, gettext("Estimate how much of each core problem a solution solves. Compared with the extra costs this gives the cost-effectiveness.")),
      h("form", { class: "a58-form", on: { submit: (e) => {
        e.preventDefault();
        const next = {};
        for (const cp of cps) {
          for (const s of list) {
            const raw = String(drafts.get(key(cp.id, s.id), power[String(cp.id)] && power[String(cp.id)][String(s.id)] != null ? power[String(cp.id)][String(s.id)] : "")).trim();
            if (raw === "") continue;
            next[String(cp.id)] = next[String(cp.id)] || {};
            const n = parseWhole(raw);
            next[String(cp.id)][String(s.id)] = n == null ? raw : n;
          }
        }
        // The state of now, not of when this form was built: another member may have moved a card.
        const now = latest || ctx;
        const current = rankingOf(now.appraisal, gid);
        const { order } = groupOrder(now, gid);
        ctx.send("ranking.set", { group_id: gid, ordered_solution_ids: order, solving_power: next, notes: current ? current.notes || "" : "",
          version: current ? current.version : null }, { form, keep: keys });
      } } }, h("div", { class: "a58-sp__grid" }, rows), ctx.errorBox(form),
      ctx.button(gettext("Save the percentages"), null, { kind: "secondary", key: `${form}-save`, type: "submit", disabled: Boolean(pendingCount) })),
      mine.length ? h("table", { class: "a58-table" },
        h("caption", null, gettext("Cost-effectiveness")),
        h("thead", null, h("tr", null, h("th", { scope: "col" }, gettext("Solution")), h("th", { scope: "col" }, gettext("Core problem of")),
          h("th", { scope: "col" }, gettext("Solving power")), h("th", { scope: "col" }, gettext("Per €100,000")))),
        h("tbody", null, mine.map((r) => h("tr", null, h("td", null, titleOf(appraisal, r.solution_id)),
          h("td", null, (cps.find((c) => c.id === r.core_problem_id) || {}).owner_name || ""),
          h("td", null, `${r.solving_power_pct}%`), h("td", null, ratio(r)))))) : null);
    details.addEventListener("toggle", () => {
      ctx.ui.a58SpOpen = details.open;
    });
    return details;
  });
}

/**
 * Why the group chose this order, for the plenary (shown with the rankings side by side) and the
 * report. Only once the group has saved an order: notes alone would store the first order too.
 */
function rankingNotesBlock(ctx, gid) {
  const { appraisal, h, gettext, block, drafts } = ctx;
  const ranking = rankingOf(appraisal, gid);
  const form = `rank-notes-${gid}`;
  const key = `${form}-text`;
  const pendingCount = rankPending(ctx, gid).length + (drafts.has(rankDraftKey(gid)) ? 1 : 0);
  return block(`a58-notes-${gid}`, [ranking ? ranking.notes : null, ctx.error(form), Boolean(pendingCount)], () => {
    if (!ranking) return h("div", { hidden: true });
    return h("form", {
      class: "a58-box a58-edit a58-notes", id: form, novalidate: true,
      on: { submit: (e) => {
        e.preventDefault();
        // The state of now, not of when this form was built: another member may have moved a card.
        const now = latest || ctx;
        const current = rankingOf(now.appraisal, gid);
        ctx.send("ranking.set", {
          group_id: gid, ordered_solution_ids: groupOrder(now, gid).order,
          notes: String(drafts.get(key, current ? current.notes : "")).trim(),
          version: current ? current.version : null,
        }, { form, keep: [key] });
      } },
    },
    ctx.field(key, gettext("Why this order? (for the plenary and the report)"),
      ctx.textArea(key, ranking.notes || "", { rows: 2 })),
    ctx.errorBox(form),
    ctx.button(gettext("Save the notes"), null, { kind: "secondary", key: `${form}-save`, type: "submit", disabled: Boolean(pendingCount) }));
  });
}

function outlierOf(aggregate, sid) {
  return aggregate ? (aggregate.outliers || []).find((o) => o.solution_id === sid) || null : null;
}

function sideBySide(ctx) {
  const { appraisal, h, gettext, block } = ctx;
  const aggregate = currentAggregate(ctx);
  const columns = appraisal.groups.map((g) => {
    const { order, source } = groupOrder(ctx, g.id);
    const ranked = source !== "none";
    const ranking = rankingOf(appraisal, g.id);
    return { id: g.id, name: g.name, order: ranked ? order : [], source, notes: ranking ? ranking.notes || "" : "" };
  });
  return block("a58-side", [columns, appraisal.solutions.map((s) => [s.id, s.title]), aggregate && aggregate.outliers], () => {
    const box = h("section", { class: "a58-box a58-side a58-wide", id: "a58-side", "aria-labelledby": "a58-side-title" },
      h("h3", { class: "utrecht-heading-3", id: "a58-side-title" }, gettext("The rankings side by side")));
    if (!columns.length) {
      put(box, emptyNote(ctx, gettext("There are no groups yet.")));
      return box;
    }
    put(box, h("div", { class: "a58-side__cols" }, columns.map((col) => h("section", {
      class: "a58-side__col", data: { groupId: col.id, source: col.source }, "aria-label": col.name,
    },
    h("h4", { class: "utrecht-heading-4" }, col.name,
      col.source === "draft" || col.source === "pending" ? h("span", { class: "a58-badge a58-badge--pending" }, gettext("not saved yet")) : null),
    col.order.length ? h("ol", { class: "a58-side__list" }, col.order.map((sid) => {
      // The advice was computed from the stored orders: an order that is not saved yet gets no flags.
      const outlier = col.source === "draft" || col.source === "pending" ? null : outlierOf(aggregate, sid);
      const top = outlier && outlier.top_group_ids.includes(col.id);
      const bottom = outlier && outlier.bottom_group_ids.includes(col.id);
      return h("li", { data: { solutionId: sid }, class: outlier ? "a58-outlier" : null },
        titleOf(appraisal, sid),
        outlier ? h("span", { class: "a58-badge a58-badge--outlier" }, top ? gettext("outlier: top here") : bottom ? gettext("outlier: bottom here") : gettext("outlier")) : null);
    })) : emptyNote(ctx, gettext("Not ranked yet.")),
    col.notes ? h("p", { class: "a58-side__notes", dir: "auto" }, h("span", { class: "appraisal-label" }, `${gettext("Why")}: `), col.notes) : null))));
    return box;
  });
}

/** The aggregate from the state; when the state has none but there are rankings, fetch it. */
function currentAggregate(ctx) {
  const { appraisal } = ctx;
  if (appraisal.aggregate) return appraisal.aggregate;
  if (!appraisal.rankings.length) return null;
  const key = JSON.stringify(appraisal.rankings.map((r) => [r.group_id, r.version]));
  if (aggregateFetch.key === key) return aggregateFetch.data;
  if (!aggregateFetch.timer) {
    aggregateFetch.timer = setTimeout(async () => {
      aggregateFetch.timer = null;
      const workshopId = document.getElementById("live-root")?.dataset.workshopId;
      if (!workshopId) return;
      try {
        const response = await fetch(`/api/v1/workshops/${workshopId}/appraisal/aggregate`, {
          credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store",
        });
        if (!response.ok) return;
        aggregateFetch.data = await response.json();
        aggregateFetch.key = key;
        if (latest) latest.redraw();
      } catch (_err) {
        // offline: the next ranking event tries again
      }
    }, AGGREGATE_FETCH_DELAY_MS);
  }
  return aggregateFetch.data;
}

function aggregateBlock(ctx) {
  const { appraisal, h, gettext, format, block } = ctx;
  const aggregate = currentAggregate(ctx);
  const groups = appraisal.rankings.map((r) => r.group_id);
  return block("a58-aggregate", [aggregate, appraisal.solutions.map((s) => [s.id, s.title]), appraisal.groups.map((g) => [g.id, g.name])], () => {
    const box = h("section", { class: "a58-box a58-aggregate a58-wide", id: "a58-aggregate", "aria-labelledby": "a58-aggregate-title" },
      h("h3", { class: "utrecht-heading-3", id: "a58-aggregate-title" }, gettext("Advice from all rankings together")),
      h("p", { class: "appraisal-hint" }, gettext("This is advice, not a decision. Lower rank sum is better. You choose together.")));
    if (!aggregate || !(aggregate.summaries || []).length) {
      put(box, emptyNote(ctx, gettext("No rankings yet.")));
      return box;
    }
    const top = new Set(aggregate.top || []);
    const groupIds = groups.length ? groups : Object.keys(aggregate.summaries[0].ranks || {}).map(Number);
    put(box, h("div", { class: "a58-table-wrap", tabindex: "0", role: "region", "aria-label": gettext("Rank sum per solution") }, h("table", { class: "a58-table a58-aggregate__table", id: "a58-aggregate-table" },
      h("caption", { class: "visually-hidden" }, gettext("Rank sum per solution")),
      h("thead", null, h("tr", null,
        h("th", { scope: "col" }, gettext("Place")), h("th", { scope: "col" }, gettext("Solution")),
        h("th", { scope: "col" }, gettext("Rank sum")),
        groupIds.map((g) => h("th", { scope: "col", class: "a58-col-group" }, groupName(appraisal, g))),
        h("th", { scope: "col", class: "a58-col-placed" }, gettext("Placed by")))),
      h("tbody", null, aggregate.summaries.map((s) => h("tr", {
        data: { solutionId: s.solution_id }, class: top.has(s.solution_id) ? "a58-top" : null,
      },
      h("td", null, String(s.position)),
      h("th", { scope: "row" }, titleOf(appraisal, s.solution_id),
        top.has(s.solution_id) ? h("span", { class: "a58-badge a58-badge--top" }, format(gettext("top %(n)s"), { n: aggregate.top_n })) : null,
        outlierOf(aggregate, s.solution_id) ? h("span", { class: "a58-badge a58-badge--outlier" }, gettext("outlier")) : null),
      h("td", null, String(Math.round(s.rank_sum * 10) / 10)),
      groupIds.map((g) => h("td", { class: "a58-col-group" }, s.ranks[String(g)] == null ? "–" : String(s.ranks[String(g)]))),
      h("td", { class: "a58-col-placed" }, format(gettext("%(k)s of %(m)s groups"), { k: s.times_ranked, m: groupIds.length }))))))));
    if (aggregate.consensus) {
      put(box, h("div", { class: "a58-consensus", id: "a58-consensus" },
        h("h4", { class: "utrecht-heading-4" }, gettext("Consensus order (Kemeny–Young)")),
        h("p", { class: "appraisal-hint" }, gettext("The order that goes against the fewest choices of the groups.")),
        h("ol", { class: "a58-consensus__list" }, aggregate.consensus.order.map((sid) => h("li", { data: { solutionId: sid } }, titleOf(appraisal, sid)))),
        aggregate.consensus_agrees ? null
          : h("p", { class: "a58-warning" }, gettext("The consensus puts another card first than the rank sum. Talk about it."))));
    }
    if ((aggregate.outliers || []).length) {
      put(box, h("div", { class: "a58-outliers", id: "a58-outliers" },
        h("h4", { class: "utrecht-heading-4" }, gettext("Outliers: talk about these")),
        h("ul", { class: "a58-list" }, aggregate.outliers.map((o) => h("li", { data: { solutionId: o.solution_id } },
          format(gettext("%(title)s: at the top for %(top)s, at the bottom for %(bottom)s."), {
            title: titleOf(appraisal, o.solution_id),
            top: o.top_group_ids.map((g) => groupName(appraisal, g)).join(", "),
            bottom: o.bottom_group_ids.map((g) => groupName(appraisal, g)).join(", "),
          }))))));
    }
    if ((aggregate.dropouts || []).length) {
      put(box, h("div", { class: "a58-dropouts", id: "a58-dropouts" },
        h("h4", { class: "utrecht-heading-4" }, gettext("Dropouts: is dropping them right?")),
        h("ul", { class: "a58-list" }, aggregate.dropouts.map((d) => h("li", { data: { solutionId: d.solution_id } },
          titleOf(appraisal, d.solution_id),
          d.high_group_ids.length ? ` — ${format(gettext("high for %(groups)s"), { groups: d.high_group_ids.map((g) => groupName(appraisal, g)).join(", ") })}` : "",
          d.at_cut ? ` — ${gettext("equal at the cut: you decide")}` : "")))));
    }
    return box;
  });
}

function selectionBlock(ctx) {
  const { appraisal, h, gettext, format, block, drafts } = ctx;
  const aggregate = currentAggregate(ctx);
  const selection = appraisal.selection;
  const list = candidates(appraisal);
  const form = "selection";
  const pending = pendingData(ctx, "selection.set", () => true);
  return block("a58-selection", [selection, pending, aggregate && aggregate.top, list.map((s) => [s.id, s.title]), ctx.error(form), ctx.isFacilitator], () => {
    const shown = pending || selection;
    const box = h("section", { class: "a58-box a58-selection a58-wide", id: "a58-selection", "aria-labelledby": "a58-selection-title" },
      h("h3", { class: "utrecht-heading-3", id: "a58-selection-title" }, gettext("The pre-selection")));
    if (shown && shown.solution_ids.length) {
      put(box, h("ol", { class: "a58-selection__list", id: "a58-selection-list" }, shown.solution_ids.map((sid) => h("li", { data: { solutionId: sid } }, titleOf(appraisal, sid)))));
      if (shown.reason) put(box, h("p", null, h("span", { class: "appraisal-label" }, `${gettext("Why it differs from the advice")}: `), shown.reason));
      if (pending) put(box, h("p", { class: "a58-pending" }, gettext("Waiting to be saved…")));
    } else {
      put(box, emptyNote(ctx, gettext("Not chosen yet.")));
    }
    if (!ctx.isFacilitator) return box;
    const initialIds = new Set(selection ? selection.solution_ids : (aggregate ? aggregate.top || [] : []));
    const keys = list.map((s) => `a58-sel-${s.id}`);
    // Best first: in the order of the advice, then the other cards.
    const rank = new Map((aggregate ? aggregate.order || [] : []).map((id, i) => [id, i]));
    const ordered = [...list].sort((x, y) => (rank.get(x.id) ?? 1e9) - (rank.get(y.id) ?? 1e9));
    const checks = h("fieldset", { class: "a58-fieldset" }, h("legend", { class: "a58-legend" }, gettext("Choose three to five solutions")),
      ordered.map((s) => ctx.checkbox(`a58-sel-${s.id}`, initialIds.has(s.id), s.title)));
    const chosen = () => ordered.filter((s) => Boolean(drafts.get(`a58-sel-${s.id}`, initialIds.has(s.id)))).map((s) => s.id);
    const hint = h("p", { class: "appraisal-hint", id: "a58-sel-departs", "aria-live": "polite" });
    const update = () => {
      const top = new Set(aggregate ? aggregate.top || [] : []);
      const ids = chosen();
      const differs = ids.length !== top.size || ids.some((id) => !top.has(id));
      hint.textContent = top.size && differs ? gettext("This differs from the advice. Write down why.") : "";
    };
    checks.addEventListener("change", update);
    update();
    const f = h("form", { class: "a58-form", on: { submit: (e) => {
      e.preventDefault();
      ctx.send("selection.set", {
        solution_ids: chosen(),
        reason: String(drafts.get("a58-sel-reason", selection ? selection.reason : "")).trim(),
        outlier_notes: String(drafts.get("a58-sel-outliers", selection ? selection.outlier_notes : "")).trim(),
        dropout_notes: String(drafts.get("a58-sel-dropouts", selection ? selection.dropout_notes : "")).trim(),
      }, { form, keep: [...keys, "a58-sel-reason", "a58-sel-outliers", "a58-sel-dropouts"] });
    } } },
    checks, hint,
    ctx.field("a58-sel-reason", gettext("Why does the selection differ from the advice? (needed if it does)"), ctx.textArea("a58-sel-reason", selection ? selection.reason : "", { rows: 2 })),
    ctx.field("a58-sel-outliers", gettext("What did we say about the outliers?"), ctx.textArea("a58-sel-outliers", selection ? selection.outlier_notes : "", { rows: 2 })),
    ctx.field("a58-sel-dropouts", gettext("What did we say about the dropouts?"), ctx.textArea("a58-sel-dropouts", selection ? selection.dropout_notes : "", { rows: 2 })),
    ctx.errorBox(form),
    ctx.button(gettext("Save the selection"), null, { kind: "primary", key: "a58-sel-save", type: "submit" }));
    put(box, f);
    return box;
  });
}

// --- Step 7: effect cards --------------------------------------------------------------------------

function sizeLabel(ctx, size) {
  return { small: ctx.gettext("small"), medium: ctx.gettext("medium"), large: ctx.gettext("large") }[size] || "";
}

function stepSeven(ctx) {
  const { appraisal, h, gettext, format, block } = ctx;
  const selection = appraisal.selection;
  if (!selection || !selection.solution_ids.length) {
    return [block("a58-ec-none", [], () => emptyNote(ctx, gettext("There is no pre-selection yet (step 6).")))];
  }
  const nodes = [];
  const missing = appraisal.effect_cards_missing || [];
  nodes.push(block("a58-ec-missing", [missing, appraisal.solutions.map((s) => [s.id, s.title])], () => h("p", {
    class: `${missing.length ? "a58-warning" : "a58-ok"} a58-wide`, id: "a58-ec-missing", data: { missing: missing.length },
  }, missing.length
    ? format(ctx.ngettext("%(n)s effect card still to make.", "%(n)s effect cards still to make.", missing.length), { n: missing.length })
    : gettext("Every effect card is made."))));
  for (const sid of selection.solution_ids) {
    const parts = appraisal.core_problems.map((cp) => effectCard(ctx, sid, cp));
    const section = holder(ctx, `a58ec-${sid}`, {
      id: `a58-ec-solution-${sid}`, cls: "a58-ec-solution", data: { solutionId: sid }, heading: titleOf(appraisal, sid),
      bodyClass: "a58-ec-cards",
    });
    reconcileChildren(section.a58Body, parts);
    nodes.push(section);
  }
  if (!appraisal.core_problems.length) nodes.push(block("a58-ec-nocp", [], () => emptyNote(ctx, gettext("There are no core problems, so there is no problem owner to make a card for."))));
  return nodes;
}

function effectCard(ctx, sid, cp) {
  const { appraisal, h, gettext, format, block, drafts } = ctx;
  const card = appraisal.effect_cards.find((c) => c.solution_id === sid && c.core_problem_id === cp.id) || null;
  const form = `ec-${sid}-${cp.id}`;
  const pending = pendingData(ctx, "effect_card.set", (d) => d.solution_id === sid && d.core_problem_id === cp.id);
  const editable = !ctx.isScreen && (ctx.isFacilitator || (ctx.myGroup && (!card || card.group_id == null || card.group_id === ctx.myGroup.id)));
  return block(`a58-ec-${sid}-${cp.id}`, [card, pending, editable, cp.owner_name, ctx.error(form)], () => {
    const shown = pending || card;
    const article = h("article", { class: "a58-card a58-ec", id: form, data: { solutionId: sid, coreProblemId: cp.id, size: shown ? shown.size : "" } },
      h("h4", { class: "utrecht-heading-4" }, format(gettext("For %(owner)s"), { owner: cp.owner_name })));
    if (shown) {
      put(article, h("p", { class: `a58-size a58-size--${shown.size}` }, h("span", { class: "appraisal-label" }, `${gettext("Size of the effect")}: `), sizeLabel(ctx, shown.size)),
        shown.main_effects.length ? h("ul", { class: "a58-list" }, shown.main_effects.map((t) => h("li", null, t))) : null,
        shown.notes ? h("p", null, shown.notes) : null);
      if (card && card.group_id) put(article, h("p", { class: "appraisal-hint" }, format(gettext("Made by %(group)s"), { group: groupName(appraisal, card.group_id) })));
      if (pending) put(article, h("p", { class: "a58-pending" }, gettext("Waiting to be saved…")));
    } else {
      put(article, emptyNote(ctx, gettext("Not made yet.")));
    }
    if (!editable) return article;
    const k = (n) => `${form}-${n}`;
    const keys = [k("effects"), k("size"), k("notes")];
    const f = h("form", { class: "a58-form", on: { submit: (e) => {
      e.preventDefault();
      ctx.send("effect_card.set", {
        solution_id: sid, core_problem_id: cp.id,
        main_effects: lines(drafts.get(k("effects"), card ? card.main_effects.join("\n") : "")),
        size: drafts.get(k("size"), card ? card.size : "medium"),
        notes: String(drafts.get(k("notes"), card ? card.notes : "")).trim(),
        version: card ? card.version : null,
      }, { form, keep: keys });
    } } },
    ctx.field(k("effects"), gettext("Main effects (one per line, positive and negative)"), ctx.textArea(k("effects"), card ? card.main_effects.join("\n") : "", { rows: 3 })),
    ctx.field(k("size"), gettext("How big is the effect?"), ctx.select(k("size"), [["small", gettext("small")], ["medium", gettext("medium")], ["large", gettext("large")]], card ? card.size : "medium")),
    ctx.field(k("notes"), gettext("Notes"), ctx.textArea(k("notes"), card ? card.notes : "", { rows: 2 })),
    ctx.errorBox(form),
    ctx.button(gettext("Save the effect card"), null, { kind: "primary", key: `${form}-save`, type: "submit" }));
    const details = h("details", { class: "a58-edit", open: ctx.ui[`a58ec-open-${form}`] ?? !card },
      h("summary", null, card ? gettext("Change this effect card") : gettext("Make this effect card")), f);
    // Remember what the person chose (a click on the summary), not the default: a card that is
    // made by someone else then folds its form away.
    details.firstElementChild.addEventListener("click", () => {
      ctx.ui[`a58ec-open-${form}`] = !details.open;
    });
    put(article, details);
    return article;
  });
}

// --- Step 8: choice, insights, actions -------------------------------------------------------------

function kindLabel(ctx, kind) {
  const { gettext } = ctx;
  return {
    solution: gettext("a solution"), combination: gettext("a combination"), baseline: gettext("the baseline"),
    investigate_more: gettext("find out more first (for example a social cost-benefit analysis)"),
  }[kind] || kind;
}

function stepEight(ctx) {
  const nodes = [choiceBlock(ctx), insightsBlock(ctx), actionsBlock(ctx)];
  if (ctx.isFacilitator) nodes.push(documentsBlock(ctx));
  return nodes;
}

function choiceBlock(ctx) {
  const { appraisal, h, gettext, format, block, drafts } = ctx;
  const choice = appraisal.choice;
  const form = "choice";
  const selected = appraisal.selection ? appraisal.selection.solution_ids : [];
  const list = [...candidates(appraisal)].sort((a, b) => (selected.includes(b.id) ? 1 : 0) - (selected.includes(a.id) ? 1 : 0));
  return block("a58-choice", [choice, list.map((s) => [s.id, s.title]), selected, ctx.error(form), ctx.isFacilitator, appraisal.status], () => {
    const box = h("section", { class: "a58-box a58-choice", id: "a58-choice", data: { final: choice && choice.is_final ? "1" : "0" }, "aria-labelledby": "a58-choice-title" },
      h("h3", { class: "utrecht-heading-3", id: "a58-choice-title" }, gettext("The choice")));
    if (choice) {
      const dl = h("dl", { class: "a58-dl", id: "a58-choice-summary" },
        h("dt", null, gettext("We choose")), h("dd", { data: { kind: choice.kind } }, kindLabel(ctx, choice.kind)),
        choice.solution_ids.length ? [h("dt", null, gettext("Solutions")), h("dd", null, choice.solution_ids.map((id) => titleOf(appraisal, id)).join(", "))] : null,
        h("dt", null, gettext("Baseline considered")), h("dd", null, choice.baseline_considered ? gettext("yes") : gettext("no")),
        choice.baseline_reason ? [h("dt", null, gettext("Why (not) the baseline")), h("dd", null, choice.baseline_reason)] : null,
        choice.combinations_considered ? [h("dt", null, gettext("Combinations")), h("dd", null, choice.combinations_considered)] : null,
        choice.other_aspects ? [h("dt", null, gettext("Other aspects")), h("dd", null, choice.other_aspects)] : null,
        choice.decision_procedure ? [h("dt", null, gettext("How the decision is taken")), h("dd", null, choice.decision_procedure)] : null,
        choice.decided_by ? [h("dt", null, gettext("Decided by")), h("dd", null, choice.decided_by)] : null,
        choice.decision_date ? [h("dt", null, gettext("Date of the decision")), h("dd", null, longDate(choice.decision_date))] : null,
        h("dt", null, gettext("Status")), h("dd", null, choice.is_final ? gettext("final") : gettext("not final yet")));
      put(box, dl);
    } else {
      put(box, emptyNote(ctx, gettext("No choice yet.")));
    }
    if (!ctx.isFacilitator) return box;
    const c = choice || {};
    const chosenInitial = new Set(c.solution_ids || []);
    const keys = ["a58-ch-kind", "a58-ch-baseline", "a58-ch-baseline-reason", "a58-ch-combinations", "a58-ch-other", "a58-ch-procedure",
      "a58-ch-by", "a58-ch-date", "a58-ch-final", ...list.map((s) => `a58-ch-s-${s.id}`)];
    const f = h("form", { class: "a58-form", id: "a58-choice-form", on: { submit: (e) => {
      e.preventDefault();
      const kind = drafts.get("a58-ch-kind", c.kind || "solution");
      ctx.send("choice.set", { fields: {
        kind,
        solution_ids: kind === "baseline" ? [] : list.filter((s) => Boolean(drafts.get(`a58-ch-s-${s.id}`, chosenInitial.has(s.id)))).map((s) => s.id),
        baseline_considered: Boolean(drafts.get("a58-ch-baseline", Boolean(c.baseline_considered))),
        baseline_reason: String(drafts.get("a58-ch-baseline-reason", c.baseline_reason || "")).trim(),
        combinations_considered: String(drafts.get("a58-ch-combinations", c.combinations_considered || "")).trim(),
        other_aspects: String(drafts.get("a58-ch-other", c.other_aspects || "")).trim(),
        decision_procedure: String(drafts.get("a58-ch-procedure", c.decision_procedure || "")).trim(),
        decided_by: String(drafts.get("a58-ch-by", c.decided_by || "")).trim(),
        decision_date: drafts.get("a58-ch-date", c.decision_date || "") || null,
        is_final: Boolean(drafts.get("a58-ch-final", Boolean(c.is_final))),
      } }, { form, keep: keys });
    } } },
    ctx.field("a58-ch-kind", gettext("What do we choose?"), ctx.select("a58-ch-kind", ["solution", "combination", "baseline", "investigate_more"].map((kd) => [kd, kindLabel(ctx, kd)]), c.kind || "solution")),
    h("fieldset", { class: "a58-fieldset" }, h("legend", { class: "a58-legend" }, gettext("Which solutions? (one, or two or more for a combination)")),
      list.map((s) => ctx.checkbox(`a58-ch-s-${s.id}`, chosenInitial.has(s.id), selected.includes(s.id) ? format(gettext("%(title)s (in the pre-selection)"), { title: s.title }) : s.title))),
    h("div", { class: "a58-callout" },
      ctx.checkbox("a58-ch-baseline", Boolean(c.baseline_considered), gettext("We considered the baseline: could doing no more than the baseline be the best?")),
      ctx.field("a58-ch-baseline-reason", gettext("Why (not) the baseline"), ctx.textArea("a58-ch-baseline-reason", c.baseline_reason || "", { rows: 2 }))),
    ctx.field("a58-ch-combinations", gettext("Which combinations did we consider?"), ctx.textArea("a58-ch-combinations", c.combinations_considered || "", { rows: 2 })),
    ctx.field("a58-ch-other", gettext("Other aspects, for example support among residents"), ctx.textArea("a58-ch-other", c.other_aspects || "", { rows: 2 })),
    ctx.field("a58-ch-procedure", gettext("How will the decision be taken? Who decides, on what?"), ctx.textArea("a58-ch-procedure", c.decision_procedure || "", { rows: 2 })),
    h("div", { class: "a58-two" },
      ctx.field("a58-ch-by", gettext("Decided by"), ctx.textInput("a58-ch-by", c.decided_by || "")),
      ctx.field("a58-ch-date", gettext("Date of the decision"), ctx.textInput("a58-ch-date", c.decision_date || "", { type: "date" }))),
    ctx.checkbox("a58-ch-final", Boolean(c.is_final), gettext("This choice is final")),
    ctx.errorBox(form),
    ctx.button(gettext("Save the choice"), null, { kind: "primary", key: "a58-ch-save", type: "submit" }));
    put(box, h("details", { class: "a58-edit", open: ctx.ui.a58ChoiceOpen ?? true }, h("summary", null, choice ? gettext("Change the choice") : gettext("Record the choice")), f));
    box.lastChild.addEventListener("toggle", (e) => {
      ctx.ui.a58ChoiceOpen = e.target.open;
    });
    return box;
  });
}

function insightsBlock(ctx) {
  const { appraisal, h, gettext, block } = ctx;
  const pending = ctx.pendingOf("insight.add");
  return block("a58-insights", [appraisal.insights, pending.map((p) => p.data.text), ctx.error("insight"), appraisal.core_problems.map((c) => [c.id, c.owner_name])], () => {
    const box = h("section", { class: "a58-box a58-insights", id: "a58-insights", "aria-labelledby": "a58-insights-title" },
      h("h3", { class: "utrecht-heading-3", id: "a58-insights-title" }, gettext("What did we learn?")),
      h("p", { class: "appraisal-hint" }, gettext("Sometimes the most important result is an insight about the real problem, not a solution.")));
    const items = appraisal.insights.map((i) => h("li", { data: { insightId: i.id } }, i.text,
      i.shared_with_residents_present ? h("span", { class: "a58-badge" }, gettext("residents were there")) : null,
      ctx.isFacilitator ? ctx.button(gettext("Remove"), () => ctx.send("insight.delete", { insight_id: i.id }, { form: "insight" }),
        { kind: "subtle", key: `a58-ins-${i.id}-del`, label: ctx.shorten(i.text, 40) }) : null));
    for (const p of pending) items.push(h("li", { class: "a58-pending-item" }, p.data.text, h("span", { class: "a58-badge a58-badge--pending" }, gettext("not saved yet"))));
    put(box, items.length ? h("ul", { class: "a58-list", id: "a58-insight-list" }, items) : emptyNote(ctx, gettext("No insights yet.")));
    if (!ctx.isScreen) {
      put(box, h("form", { class: "a58-form", on: { submit: (e) => {
        e.preventDefault();
        const text = String(ctx.drafts.get("a58-ins-text", "")).trim();
        ctx.send("insight.add", { text, shared_with_residents_present: Boolean(ctx.drafts.get("a58-ins-res", false)) },
          { form: "insight", clear: ["a58-ins-text", "a58-ins-res"] });
      } } },
      ctx.field("a58-ins-text", gettext("An insight"), ctx.textArea("a58-ins-text", "", { rows: 2 })),
      ctx.checkbox("a58-ins-res", false, gettext("Residents were there when we learned this")),
      ctx.errorBox("insight"),
      ctx.button(gettext("Add the insight"), null, { kind: "secondary", key: "a58-ins-add", type: "submit" })));
    }
    return box;
  });
}

function actionsBlock(ctx) {
  const { appraisal, h, gettext, format, block } = ctx;
  return block("a58-actions", [appraisal.actions, ctx.error("action"), ctx.isFacilitator, appraisal.solutions.map((s) => [s.id, s.title])], () => {
    const box = h("section", { class: "a58-box a58-actions-box", id: "a58-actions", "aria-labelledby": "a58-actions-title" },
      h("h3", { class: "utrecht-heading-3", id: "a58-actions-title" }, gettext("Actions and agreements")));
    if (appraisal.actions.length) {
      put(box, h("ul", { class: "a58-list a58-action-list", id: "a58-action-list" }, appraisal.actions.map((a) => h("li", {
        data: { actionId: a.id, status: a.status }, class: a.status !== "open" ? "a58-action--closed" : null,
      },
      h("span", { class: "a58-action__title" }, a.title),
      h("span", { class: "a58-action__meta" }, [a.owner_name ? format(gettext("who: %(name)s"), { name: a.owner_name }) : gettext("nobody yet"),
        a.due_date ? format(gettext("ready on %(date)s"), { date: longDate(a.due_date) }) : null,
        a.card_solution_id ? format(gettext("from the card %(title)s"), { title: titleOf(appraisal, a.card_solution_id) }) : null,
        a.status === "done" ? gettext("done") : a.status === "dropped" ? gettext("dropped") : null].filter(Boolean).join(" · ")),
      ctx.isFacilitator ? h("span", { class: "a58-action__buttons" },
        a.status === "open" ? ctx.button(gettext("Done"), () => ctx.send("action.update", { action_id: a.id, fields: { status: "done" } }, { form: "action" }),
          { kind: "secondary", key: `a58-act-${a.id}-done`, label: ctx.shorten(a.title, 40) })
          : ctx.button(gettext("Open again"), () => ctx.send("action.update", { action_id: a.id, fields: { status: "open" } }, { form: "action" }),
            { kind: "subtle", key: `a58-act-${a.id}-open`, label: ctx.shorten(a.title, 40) }),
        ctx.button(gettext("Remove"), () => ctx.send("action.delete", { action_id: a.id }, { form: "action" }),
          { kind: "subtle", key: `a58-act-${a.id}-del`, label: ctx.shorten(a.title, 40) })) : null))));
    } else {
      put(box, emptyNote(ctx, gettext("No actions yet.")));
    }
    if (ctx.isFacilitator) {
      put(box, h("form", { class: "a58-form", on: { submit: (e) => {
        e.preventDefault();
        ctx.send("action.add", { fields: {
          title: String(ctx.drafts.get("a58-act-title", "")).trim(),
          owner_name: String(ctx.drafts.get("a58-act-owner", "")).trim(),
          due_date: ctx.drafts.get("a58-act-due", "") || null,
          kind: ctx.drafts.get("a58-act-kind", "follow_up"),
          source: "step8",
        } }, { form: "action", clear: ["a58-act-title", "a58-act-owner", "a58-act-due"] });
      } } },
      ctx.field("a58-act-title", gettext("New action"), ctx.textInput("a58-act-title", "")),
      h("div", { class: "a58-two" },
        ctx.field("a58-act-owner", gettext("Who does it"), ctx.textInput("a58-act-owner", "")),
        ctx.field("a58-act-due", gettext("Ready on"), ctx.textInput("a58-act-due", "", { type: "date" }))),
      ctx.field("a58-act-kind", gettext("Kind"), ctx.select("a58-act-kind", [["follow_up", gettext("follow-up")], ["research_task", gettext("to investigate")],
        ["work_agreement", gettext("work agreement")]], "follow_up")),
      ctx.errorBox("action"),
      ctx.button(gettext("Add the action"), null, { kind: "secondary", key: "a58-act-add", type: "submit" })));
    }
    return box;
  });
}

function documentsBlock(ctx) {
  const { appraisal, h, gettext, block } = ctx;
  return block("a58-docs", [appraisal.id], () => h("section", { class: "a58-box a58-docs", id: "a58-docs", "aria-labelledby": "a58-docs-title" },
    h("h3", { class: "utrecht-heading-3", id: "a58-docs-title" }, gettext("Documents")),
    h("ul", { class: "a58-list a58-docs__list" },
      h("li", null, h("a", { class: "utrecht-link", href: `/afwegingen/${appraisal.id}/rapport.pdf`, id: "a58-doc-pdf" }, gettext("Report (PDF)"))),
      h("li", null, h("a", { class: "utrecht-link", href: `/afwegingen/${appraisal.id}/rapport.docx`, id: "a58-doc-docx" }, gettext("Report (Word)"))),
      h("li", null, h("a", { class: "utrecht-link", href: `/afwegingen/${appraisal.id}/kaarten.pdf`, id: "a58-doc-cards" }, gettext("Solution cards (PDF, one card a page)"))))));
}
