// Step 4 of an appraisal (docs/methods.md §3.4): solutions, their effects and who notices them.
// Called through steps.js as a renderer (ctx) -> Node[]; ``ctx`` is described in panel.js.
// Every form is a ctx.block() so that other groups' events do not rebuild what someone types
// in, and every typed value lives in ctx.drafts (it survives redraws, reconnects and reloads).

import { actingGroup, groupName, myGroupLine, section, termHelp, writeForGroup } from "./parts-1-4.js";

const SOLUTION_KEYS = ["title", "effects", "who", "ootb", "from"];

export function solutions(ctx) {
  if (ctx.isParticipant) {
    // The phone: the group's own solutions (and its form) first.
    const group = ctx.myGroup;
    return [group ? solutionsOfGroup(ctx, group) : null, myGroupLine(ctx), group ? parkedIdeas(ctx, group) : null,
      solutionsOverview(ctx, group ? group.id : null)];
  }
  const nodes = [myGroupLine(ctx), solutionsOverview(ctx, null)];
  if (ctx.isFacilitator) {
    nodes.push(writeForGroup(ctx, "solution", (prefix, group) => solutionForm(ctx, { prefix, solution: null, group })),
      parkedIdeas(ctx, actingGroup(ctx), true));
  }
  return nodes;
}

function solutionForm(ctx, { prefix, solution, group, onDone }) {
  const { h, gettext } = ctx;
  const key = (n) => `${prefix}-${n}`;
  const fromId = solution ? null : Number(ctx.drafts.get(key("from"), "")) || null;
  const from = fromId ? ctx.postit(fromId) : null;
  const form = h("form", {
    class: "appraisal-form solution-form", id: prefix, novalidate: true,
    on: {
      submit: (event) => {
        event.preventDefault();
        const fields = {
          title: String(ctx.drafts.get(key("title"), solution ? solution.title : "")).trim(),
          effects_text: String(ctx.drafts.get(key("effects"), solution ? solution.effects_text : "")).trim(),
          who_experiences: String(ctx.drafts.get(key("who"), solution ? solution.who_experiences : "")).trim(),
          out_of_the_box: Boolean(ctx.drafts.get(key("ootb"), solution ? solution.out_of_the_box : false)),
        };
        if (!fields.title) {
          const input = document.getElementById(key("title"));
          if (input) input.focus();
          return;
        }
        const keys = SOLUTION_KEYS.map(key);
        if (solution) {
          ctx.send("solution.update", { ...fields, solution_id: solution.id, version: solution.version }, { form: prefix, keep: keys });
        } else {
          const data = { ...fields };
          if (ctx.isFacilitator && group) data.group_id = group.id;
          if (from) data.from_postit_id = from.id;
          ctx.send("solution.create", data, { form: prefix, clear: keys });
        }
        if (onDone) onDone();
      },
    },
  });
  if (from) {
    form.append(h("p", { class: "appraisal-hint solution-form__from" }, `${gettext("From the parked idea")}: `, h("bdi", { text: ctx.shorten(from.text, 80) }), " ",
      ctx.button(gettext("Not from this idea"), () => { ctx.drafts.delete(key("from")); ctx.redraw(); }, { kind: "subtle", key: `${key("from")}-clear` })));
  }
  form.append(h("div", { class: "solution-form__columns" },
    ctx.field(key("title"), gettext("Solution"), ctx.textArea(key("title"), solution ? solution.title : "", { rows: 2, maxLength: 200, required: true })),
    ctx.field(key("effects"), gettext("Effects"), ctx.textArea(key("effects"), solution ? solution.effects_text : "", { rows: 3, maxLength: 2000 })),
    ctx.field(key("who"), gettext("Who notices the effects?"), ctx.textArea(key("who"), solution ? solution.who_experiences : "", { rows: 3, maxLength: 2000 }))),
  ctx.checkbox(key("ootb"), solution ? solution.out_of_the_box : false, gettext("This is an out-of-the-box solution")),
  termHelp(ctx, "out_of_the_box"));
  const err = ctx.errorBox(prefix);
  if (err) form.append(err);
  const row = h("div", { class: "button-row" },
    ctx.button(solution ? gettext("Save solution") : gettext("Add solution"), null, { type: "submit", kind: "primary", key: `${prefix}-save` }));
  if (solution) {
    row.append(ctx.button(gettext("Cancel"), () => {
      for (const k of SOLUTION_KEYS.map(key)) ctx.drafts.delete(k);
      if (onDone) onDone();
      ctx.redraw();
    }, { kind: "subtle", key: `${prefix}-cancel` }));
  }
  form.append(row);
  return form;
}

function solutionRow(ctx, solution, { editable, mergeable, children = [] }) {
  const { h, gettext, format } = ctx;
  const prefix = `solution-${solution.id}`;
  const pendingUpdate = ctx.pendingOf("solution.update", (d) => d.solution_id === solution.id)[0];
  const shown = pendingUpdate ? { ...solution, ...pendingUpdate.data } : solution;
  const editing = ctx.ui.editSolution === solution.id;
  const from = solution.from_postit_id ? ctx.postit(solution.from_postit_id) : null;
  const row = h("li", {
    class: `solution${shown.out_of_the_box ? " solution--ootb" : ""}${pendingUpdate ? " solution--pending" : ""}`,
    id: prefix, data: { solutionId: solution.id, groupId: solution.group_id ?? "" },
  },
  h("div", { class: "solution__cells" },
    h("div", { class: "solution__cell" }, h("p", { class: "solution__label" }, gettext("Solution")),
      h("p", { class: "solution__title", dir: "auto" }, shown.title),
      shown.out_of_the_box ? h("span", { class: "utrecht-status-badge solution__ootb" }, gettext("Out of the box")) : null),
    h("div", { class: "solution__cell" }, h("p", { class: "solution__label" }, gettext("Effects")),
      h("p", { dir: "auto", class: "solution__text" }, shown.effects_text || "–")),
    h("div", { class: "solution__cell" }, h("p", { class: "solution__label" }, gettext("Who notices them")),
      h("p", { dir: "auto", class: "solution__text" }, shown.who_experiences || "–"))));
  if (from) row.append(h("p", { class: "appraisal-hint" }, `${gettext("From the parked idea")}: `, h("bdi", { text: ctx.shorten(from.text, 60) })));
  const target = solution.merged_into_id != null ? ctx.appraisal.solutions.find((s) => s.id === solution.merged_into_id) : null;
  if (target) {
    row.classList.add("solution--merged");
    row.append(h("p", { class: "appraisal-hint solution__merged-into" }, `${gettext("Merged into")}: `, h("bdi", { text: ctx.shorten(target.title, 60) }),
      ` · ${groupName(ctx, target.group_id)}`));
  }
  if (pendingUpdate) row.append(h("p", { class: "postit__pending" }, gettext("Change being sent…")));
  if (children.length) {
    row.append(h("div", { class: "solution__merged" },
      h("p", { class: "appraisal-label" }, format(gettext("Merged into this one (%(count)s)"), { count: children.length })),
      h("ul", { class: "solution__merged-list" }, children.map((child) => h("li", { data: { solutionId: child.id } },
        h("bdi", { text: child.title }), ` · ${groupName(ctx, child.group_id)}`,
        mergeable ? [" ", ctx.button(gettext("Separate"), () => ctx.send("solution.merge", { solution_id: child.id, into_id: null }, { form: "merge" }),
          { kind: "subtle", key: `solution-${child.id}-unmerge`, label: ctx.shorten(child.title, 30) })] : null)))));
  }
  const err = ctx.errorBox(prefix);
  if (err && !editing) row.append(err);
  if (editing) {
    row.append(solutionForm(ctx, { prefix, solution, group: null, onDone: () => { ctx.ui.editSolution = null; ctx.redraw(); } }));
    return row;
  }
  const label = ctx.shorten(solution.title, 30);
  const tools = h("div", { class: "button-row" });
  if (editable) {
    tools.append(ctx.button(gettext("Change"), () => { ctx.ui.editSolution = solution.id; ctx.redraw(); }, { key: `${prefix}-edit`, label }),
      ctx.button(gettext("Delete"), () => {
        if (window.confirm(format(gettext("Delete the solution “%(title)s”?"), { title: label }))) {
          ctx.send("solution.delete", { solution_id: solution.id }, { form: prefix });
        }
      }, { kind: "subtle", key: `${prefix}-delete`, label }));
  }
  if (tools.childNodes.length) row.append(tools);
  if (mergeable && solution.merged_into_id == null) {
    const targets = ctx.appraisal.solutions.filter((s) => s.id !== solution.id && s.merged_into_id == null);
    const mergeKey = `${prefix}-merge`;
    if (targets.length && ctx.ui.mergeOpen !== solution.id) {
      tools.append(ctx.button(gettext("Overlaps with…"), () => { ctx.ui.mergeOpen = solution.id; ctx.redraw(); },
        { kind: "subtle", key: `${mergeKey}-open`, label }));
      if (!tools.parentNode) row.append(tools);
    } else if (targets.length) {
      row.append(h("form", {
        class: "appraisal-form appraisal-form--row solution__merge",
        on: {
          submit: (event) => {
            event.preventDefault();
            const into = Number(ctx.drafts.get(mergeKey, String(targets[0].id)));
            if (into) ctx.send("solution.merge", { solution_id: solution.id, into_id: into }, { form: "merge", clear: [mergeKey] });
            ctx.ui.mergeOpen = null;
          },
        },
      }, ctx.field(mergeKey, gettext("Overlaps with"), ctx.select(mergeKey, targets.map((s) => [s.id, `${ctx.shorten(s.title, 40)} · ${groupName(ctx, s.group_id)}`]), targets[0].id)),
      ctx.button(gettext("Merge"), null, { type: "submit", key: `${mergeKey}-go`, label }),
      ctx.button(gettext("Cancel"), () => { ctx.ui.mergeOpen = null; ctx.redraw(); }, { kind: "subtle", key: `${mergeKey}-cancel` })));
    }
  }
  return row;
}

function closeStep(ctx, group) {
  const { h, gettext } = ctx;
  const closed = (group.closed_steps || []).includes(4);
  const form = `close-${group.id}`;
  const busy = ctx.pendingOf("group.step_close", (d) => d.group_id === group.id).length > 0;
  const ootb = ctx.appraisal.solutions.filter((s) => s.group_id === group.id && s.out_of_the_box).length;
  return h("div", { class: "solution-close", id: `solution-close-${group.id}` },
    closed
      ? h("p", { class: "appraisal-status appraisal-status--ok" }, gettext("Your group has finished step 4."))
      : h("p", { class: "appraisal-hint" }, ootb
        ? gettext("Done? Close the step for your group.")
        : gettext("Every group makes at least one out-of-the-box solution before it closes the step.")),
    ctx.button(closed ? gettext("Open step 4 again") : gettext("Our group is done with step 4"),
      () => ctx.send("group.step_close", { group_id: group.id, step: 4, closed: !closed }, { form }),
      { kind: closed ? "subtle" : "primary", key: `${form}-go`, disabled: busy }),
    ctx.errorBox(form));
}

function solutionsOfGroup(ctx, group) {
  const { h, gettext, format } = ctx;
  const mine = ctx.appraisal.solutions.filter((s) => s.group_id === group.id);
  const creates = ctx.pendingOf("solution.create", (d) => !ctx.isFacilitator || d.group_id === group.id);
  const prefix = `solution-new-${group.id}`;
  const fromId = Number(ctx.drafts.get(`${prefix}-from`, "")) || null;
  const merges = ctx.appraisal.solutions.filter((s) => s.merged_into_id != null).map((s) => [s.id, s.merged_into_id, s.title, s.group_id]);
  const sig = [group, mine, merges, creates.map((c) => c.data), ctx.ui.editSolution, fromId, ctx.error(prefix), ctx.error(`close-${group.id}`),
    mine.map((s) => ctx.error(`solution-${s.id}`)), ctx.pending.filter((p) => p.kind === "group.step_close").length, ctx.online, ctx.closed,
    mine.map((s) => s.from_postit_id && (ctx.postit(s.from_postit_id) || {}).text)];
  return ctx.block(`solutions-group-${group.id}`, sig, () => section(ctx, `solutions-group-${group.id}`, format(gettext("Solutions of %(group)s"), { group: group.name }), [
    h("ul", { class: "solution-list", id: `solutions-group-${group.id}` },
      mine.map((s) => solutionRow(ctx, s, {
        editable: true, mergeable: ctx.isFacilitator && s.merged_into_id == null,
        children: ctx.appraisal.solutions.filter((c) => c.merged_into_id === s.id),
      })),
      creates.map((entry) => h("li", { class: "solution solution--pending", "aria-busy": "true" },
        h("p", { class: "solution__title", dir: "auto" }, entry.data.title || ""),
        h("p", { class: "postit__pending" }, gettext("Being sent…"))))),
    mine.length || creates.length ? null : h("p", { class: "appraisal-empty" }, gettext("No solutions yet.")),
    h("h4", { class: "utrecht-heading-4 appraisal-subtitle" }, gettext("New solution")),
    solutionForm(ctx, { prefix, solution: null, group }),
    closeStep(ctx, group),
  ], "appraisal-section--work"));
}

function parkedIdeas(ctx, group, withoutGroup = false) {
  const { h, gettext } = ctx;
  const parked = ctx.state.postits.filter((p) => p.parked && p.merged_into_id == null);
  const used = new Set(ctx.appraisal.solutions.map((s) => s.from_postit_id).filter(Boolean));
  let prefix = group ? `solution-new-${group.id}` : null;
  if (!group && withoutGroup) prefix = "solution-new-none";
  const rows = parked.map((p) => [p.id, p.text, p.parked_note, used.has(p.id)]);
  return ctx.block("parked-ideas", [rows, prefix, ctx.closed], () => section(ctx, "parked-ideas", gettext("Parked ideas"), [
    rows.length ? h("ul", { class: "parked-ideas" }, rows.map(([id, text, note, taken]) => h("li", { class: "parked-idea", data: { postitId: id } },
      h("p", { dir: "auto", class: "parked-idea__text" }, text),
      note ? h("p", { class: "appraisal-hint" }, h("bdi", { text: note })) : null,
      taken ? h("p", { class: "appraisal-hint" }, gettext("Already used for a solution.")) : null,
      prefix ? ctx.button(gettext("Use as solution"), () => {
        ctx.drafts.set(`${prefix}-from`, String(id));
        ctx.ui["write-solution-open"] = true;
        if (!String(ctx.drafts.get(`${prefix}-title`, "")).trim()) ctx.drafts.set(`${prefix}-title`, text);
        ctx.redraw();
        requestAnimationFrame(() => {
          const input = document.getElementById(`${prefix}-title`);
          if (input) input.focus();
        });
      }, { kind: "secondary", key: `parked-${id}-use`, label: ctx.shorten(text, 30) }) : null)))
      : h("p", { class: "appraisal-empty" }, gettext("No ideas were parked.")),
  ]));
}

function solutionsOverview(ctx, exceptGroupId) {
  const { h, gettext, format } = ctx;
  const groups = ctx.appraisal.groups.filter((g) => g.id !== exceptGroupId);
  const all = ctx.appraisal.solutions;
  const shown = all.filter((s) => exceptGroupId == null || s.group_id !== exceptGroupId);
  const title = exceptGroupId != null ? gettext("Solutions of the other groups") : gettext("All solutions");
  const sig = [all, groups, exceptGroupId, ctx.error("merge"), ctx.ui.editSolution, ctx.ui.mergeOpen, ctx.online, ctx.closed,
    all.map((s) => ctx.error(`solution-${s.id}`)), ctx.state.postits.filter((p) => p.parked).map((p) => [p.id, p.text])];
  return ctx.block(`solutions-overview-${exceptGroupId ?? "all"}`, sig, () => {
    const buckets = [...groups.map((g) => ({ id: g.id, name: g.name, closed: (g.closed_steps || []).includes(4) })),
      { id: null, name: gettext("Without a group"), closed: false }];
    const children = [];
    const err = ctx.errorBox("merge");
    if (err) children.push(err);
    for (const bucket of buckets) {
      const items = shown.filter((s) => (s.group_id ?? null) === bucket.id);
      if (!items.length && bucket.id == null) continue;
      const ootb = items.some((s) => s.out_of_the_box);
      children.push(h("div", { class: "solution-group", data: { groupId: bucket.id ?? "" } },
        h("h4", { class: "utrecht-heading-4 solution-group__title" }, bucket.name,
          bucket.closed ? h("span", { class: "utrecht-status-badge solution-group__badge" }, gettext("Step 4 done")) : null,
          !ootb && bucket.id != null ? h("span", { class: "solution-group__todo" }, ` · ${gettext("no out-of-the-box solution yet")}`) : null),
        items.length ? h("ul", { class: "solution-list" }, items.map((s) => solutionRow(ctx, s, {
          editable: ctx.isFacilitator,
          mergeable: ctx.isFacilitator,
          children: all.filter((c) => c.merged_into_id === s.id),
        }))) : h("p", { class: "appraisal-empty" }, gettext("No solutions yet."))));
    }
    if (!children.length) children.push(h("p", { class: "appraisal-empty" }, gettext("No solutions yet.")));
    return section(ctx, "solutions-overview", title, children, "solution-overview");
  });
}
