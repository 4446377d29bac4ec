// Step 8 of an appraisal (docs/methods.md §3.4): choose; the choice, what we learned, actions and the
// documents.
// Called through steps.js as a renderer (ctx) -> Node[]; ``ctx`` is described in panel.js.

import { longDate } from "./format.js";
import { candidates, emptyNote, put, titleOf } from "./parts-5-8.js";

function kindLabel(ctx, kind) {
  const { gettext } = ctx;
  return {
    solution: gettext("a solution"), combination: gettext("a combination"), baseline: gettext("the baseline"),
    investigate_more: gettext("find out more first (for example a social cost-benefit analysis)"),
  }[kind] || kind;
}

export function stepEight(ctx) {
  const nodes = ctx.isParticipant
    ? [insightsBlock(ctx), choiceBlock(ctx), actionsBlock(ctx)] // the phone writes what it learned
    : [choiceBlock(ctx), insightsBlock(ctx), actionsBlock(ctx)];
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
      ctx.send("choice.set", {
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
      }, { form, keep: keys });
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
    const box = h("section", { class: "a58-box a58-insights", id: "a58-insights", data: { spot: "part:insights" }, "aria-labelledby": "a58-insights-title" },
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
        a.status === "open" ? ctx.button(gettext("Done"), () => ctx.send("action.update", { action_id: a.id, status: "done" }, { form: "action" }),
          { kind: "secondary", key: `a58-act-${a.id}-done`, label: ctx.shorten(a.title, 40) })
          : ctx.button(gettext("Open again"), () => ctx.send("action.update", { action_id: a.id, status: "open" }, { form: "action" }),
            { kind: "subtle", key: `a58-act-${a.id}-open`, label: ctx.shorten(a.title, 40) }),
        ctx.button(gettext("Remove"), () => ctx.send("action.delete", { action_id: a.id }, { form: "action" }),
          { kind: "subtle", key: `a58-act-${a.id}-del`, label: ctx.shorten(a.title, 40) })) : null))));
    } else {
      put(box, emptyNote(ctx, gettext("No actions yet.")));
    }
    if (ctx.isFacilitator) {
      put(box, h("form", { class: "a58-form", on: { submit: (e) => {
        e.preventDefault();
        ctx.send("action.add", {
          title: String(ctx.drafts.get("a58-act-title", "")).trim(),
          owner_name: String(ctx.drafts.get("a58-act-owner", "")).trim(),
          due_date: ctx.drafts.get("a58-act-due", "") || null,
          kind: ctx.drafts.get("a58-act-kind", "follow_up"),
          source: "step8",
        }, { form: "action", clear: ["a58-act-title", "a58-act-owner", "a58-act-due"] });
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
