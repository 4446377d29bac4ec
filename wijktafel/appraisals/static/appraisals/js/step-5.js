// Step 5 of an appraisal (docs/methods.md §3.4): effects and extra costs; solution cards and core effects.
// Called through steps.js as a renderer (ctx) -> Node[]; ``ctx`` is described in panel.js.

import { reconcileChildren } from "../../js/ui.js";
import { cardTotals, cleanEffects, effectWarnings } from "./cards.js";
import { formatEuro as euro, lines, parseMoney, parseWhole } from "./format.js";
import {
  canEditGroupItem, candidates, emptyNote, folded, groupName, holder, pendingData, put, rowsEditor,
} from "./parts-5-8.js";
import { termHelp } from "./parts-1-4.js";

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

export function stepFive(ctx) {
  const { appraisal, h, gettext, ngettext, format, block } = ctx;
  const nodes = [];
  const horizon = horizonOf(appraisal);
  const context = [];
  context.push(block("a58-horizon", [horizon], () => h("p", { class: "a58-horizon a58-wide", id: "a58-horizon", data: { years: horizon ?? "" } },
    horizon
      ? format(gettext("Extra costs and income are counted against the baseline, over the same period: %(period)s."), { period: ctx.years(horizon) })
      : gettext("The horizon is not set yet. The facilitator sets it with the baseline (step 3)."))));
  context.push(coreEffectsBlock(ctx));
  const list = candidates(appraisal);
  if (!list.length) {
    nodes.push(...context, block("a58-no-solutions", [], () => emptyNote(ctx, gettext("There are no solutions yet. They are made in step 4."))));
    return nodes;
  }
  const mine = [];
  const others = [];
  for (const s of list) (canEditGroupItem(ctx, s.group_id) && !ctx.isFacilitator ? mine : others).push(s);
  if (ctx.isParticipant && !ctx.myGroup) {
    nodes.push(block("a58-nogroup", [], () => emptyNote(ctx, gettext("You are not in a group yet. You can read the cards; the facilitator puts you in a group."))));
  }
  if (ctx.isParticipant && mine.length) {
    // The phone: its group's cards, then the others folded, then the horizon and core effects.
    const section = holder(ctx, "a58CardsSection", {
      id: "a58-cards-section", cls: "a58-wide a58-cards-section", heading: gettext("The solution cards of your group"),
    });
    reconcileChildren(section.a58Body, mine.map((s) => solutionCard(ctx, s, horizon)));
    nodes.push(section, folded(ctx, "a58CardsOthers", {
      id: "a58-cards-others",
      summary: format(ngettext("The card of the other groups (%(count)s)", "The cards of the other groups (%(count)s)", others.length), { count: others.length }),
      nodes: others.map((s) => solutionCard(ctx, s, horizon)),
    }), ...context);
    return nodes;
  }
  const grid = [];
  for (const s of [...mine, ...others]) grid.push(solutionCard(ctx, s, horizon));
  const section = holder(ctx, "a58CardsSection", {
    id: "a58-cards-section", cls: "a58-wide a58-cards-section",
    heading: mine.length ? gettext("Your group's solution cards first, then the others") : gettext("Solution cards"),
  });
  reconcileChildren(section.a58Body, grid);
  // The big screen shows the cards first: they are what the room works on now.
  if (ctx.isScreen) nodes.push(section, ...context);
  else nodes.push(...context, section);
  return nodes;
}

function coreEffectsBlock(ctx) {
  const { appraisal, h, gettext, block } = ctx;
  const owners = new Map(appraisal.core_problems.map((cp) => [cp.id, cp.owner_name]));
  const pending = pendingData(ctx, "core_effects.set", () => true);
  const shown = pending ? pending.items : appraisal.core_effects;
  return block("a58-core-effects", [shown, appraisal.core_problems.map((c) => [c.id, c.owner_name]), ctx.error("core-effects")], () => {
    const box = h("section", { class: "a58-box a58-core-effects a58-wide", id: "a58-core-effects", "aria-labelledby": "a58-core-effects-title" },
      h("h3", { class: "utrecht-heading-3", id: "a58-core-effects-title" }, gettext("Core effects")),
      termHelp(ctx, "core_effect"),
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
    const article = h("article", { class: "a58-card", id: `card-${sid}`, data: { solutionId: sid, editable: editable ? "1" : "0", spot: `part:card-${sid}`, spotLabel: solution.title } },
      h("header", { class: "a58-card__head" },
        h("h4", { class: "utrecht-heading-4 a58-card__title" }, solution.title),
        h("p", { class: "a58-card__group" }, groupName(appraisal, solution.group_id) || gettext("No group"),
          solution.out_of_the_box ? h("span", { class: "a58-badge" }, gettext("out of the box")) : null)));
    const shown = pending ? { ...(card || {}), ...pending, effects: pending.effects || (card && card.effects) || [] } : card;
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
    help: [termHelp(ctx, "reach"), termHelp(ctx, "core_effect")],
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
        ctx.setError(form, format(gettext("%(field)s: type an amount in whole euros, for example 25000 or € 1.500."), { field: label }), k(name));
        return;
      }
      fields[name] = Number.isNaN(value) ? input.value : value;
    }
    const years = horizonInput.value.trim();
    if (years) fields.horizon_years = parseWhole(years) ?? years;
    ctx.send("solution_card.save", { ...fields, solution_id: sid, version: card ? card.version : null }, { form, keep: keys });
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
