// Step 6 of an appraisal (docs/methods.md §3.4): pre-selection; criteria, the rankings of the groups
// (the editor is in ranking.js), the advice of all rankings together and the selection.
// Called through steps.js as a renderer (ctx) -> Node[]; ``ctx`` is described in panel.js.

import { parseWhole } from "./format.js";
import { candidates, emptyNote, groupName, latest, pendingData, put, titleOf } from "./parts-5-8.js";
import {
  groupOrder, persistentAnnouncer, rankDraftKey, rankEditor, rankPending, rankingOf, ranksFor, resumeRanking,
} from "./ranking.js";

const AGGREGATE_FETCH_DELAY_MS = 800;
const aggregateFetch = { key: null, data: null, timer: null }; // outlives one draw

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

export function stepSix(ctx) {
  const { appraisal, h, gettext, block } = ctx;
  const nodes = [persistentAnnouncer(ctx)];
  // The phone ranks first and reads the criteria below its ranking.
  const ranksFirst = ctx.isParticipant && ranksFor(ctx) != null && candidates(appraisal).length > 0;
  // The big screen starts with the groups' rankings side by side; the criteria come last there.
  if (!ranksFirst && !ctx.isScreen) nodes.push(criteriaBlock(ctx));
  if (!candidates(appraisal).length) {
    nodes.push(block("a58-rank-empty", [], () => emptyNote(ctx, gettext("There are no solution cards to rank yet."))));
    return nodes;
  }
  if (ctx.isFacilitator) nodes.push(rankForChoice(ctx));
  const gid = ranksFor(ctx);
  if (gid != null) {
    resumeRanking(ctx, gid);
    nodes.push(rankEditor(ctx, gid));
    if (ranksFirst) nodes.push(criteriaBlock(ctx));
    nodes.push(rankingNotesBlock(ctx, gid));
    nodes.push(solvingPowerBlock(ctx, gid));
  } else if (ctx.isParticipant) {
    nodes.push(block("a58-rank-nogroup", [], () => emptyNote(ctx, gettext("You are not in a group yet, so you cannot rank. You can follow the rankings below."))));
  }
  nodes.push(sideBySide(ctx));
  nodes.push(aggregateBlock(ctx));
  nodes.push(selectionBlock(ctx));
  if (ctx.isScreen) nodes.push(criteriaBlock(ctx));
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
  const { appraisal, h, gettext, format, block } = ctx;
  const aggregate = currentAggregate(ctx);
  const columns = appraisal.groups.map((g) => {
    const { order, source } = groupOrder(ctx, g.id);
    const ranked = source !== "none";
    const ranking = rankingOf(appraisal, g.id);
    return { id: g.id, name: g.name, order: ranked ? order : [], source, notes: ranking ? ranking.notes || "" : "" };
  });
  return block("a58-side", [columns, appraisal.solutions.map((s) => [s.id, s.title]), aggregate && aggregate.outliers], () => {
    const box = h("section", { class: "a58-box a58-side a58-wide", id: "a58-side", "aria-labelledby": "a58-side-title", data: { spot: "part:rankings" } },
      h("h3", { class: "utrecht-heading-3", id: "a58-side-title" }, gettext("The rankings side by side")));
    if (!columns.length) {
      put(box, emptyNote(ctx, gettext("There are no groups yet.")));
      return box;
    }
    put(box, h("div", { class: "a58-side__cols" }, columns.map((col) => h("section", {
      class: "a58-side__col", data: { groupId: col.id, source: col.source, spot: `part:ranking-${col.id}`,
        spotLabel: format(gettext("Ranking of %(group)s"), { group: col.name }) }, "aria-label": col.name,
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
    const box = h("section", { class: "a58-box a58-aggregate a58-wide", id: "a58-aggregate", "aria-labelledby": "a58-aggregate-title", data: { spot: "part:advice" } },
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
