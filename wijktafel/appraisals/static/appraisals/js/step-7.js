// Step 7 of an appraisal (docs/methods.md §3.4): analyse effects; an effect card per selected solution
// and problem owner.
// Called through steps.js as a renderer (ctx) -> Node[]; ``ctx`` is described in panel.js.

import { reconcileChildren } from "../../js/ui.js";
import { lines } from "./format.js";
import { emptyNote, groupName, holder, pendingData, put, titleOf } from "./parts-5-8.js";

function sizeLabel(ctx, size) {
  return { small: ctx.gettext("small"), medium: ctx.gettext("medium"), large: ctx.gettext("large") }[size] || "";
}

export function stepSeven(ctx) {
  const { appraisal, h, gettext, format, block } = ctx;
  const selection = appraisal.selection;
  if (!selection || !selection.solution_ids.length) {
    return [block("a58-ec-none", [], () => emptyNote(ctx, gettext("There is no pre-selection yet (step 6).")))];
  }
  const nodes = [];
  const missing = appraisal.effect_cards_missing || [];
  const count = block("a58-ec-missing", [missing, appraisal.solutions.map((s) => [s.id, s.title])], () => h("p", {
    class: `${missing.length ? "a58-warning" : "a58-ok"} a58-wide`, id: "a58-ec-missing", data: { missing: missing.length },
  }, missing.length
    ? format(ctx.ngettext("%(n)s effect card still to make.", "%(n)s effect cards still to make.", missing.length), { n: missing.length })
    : gettext("Every effect card is made.")));
  if (!ctx.isParticipant) nodes.push(count); // the phone starts with the cards, the count below them
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
  if (ctx.isParticipant) nodes.push(count);
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
