// Unit tests of the appraisal's state module (wijktafel/appraisals/static/appraisals/js/state.js)
// and its use in static/js/state.js once the method is registered (run: node --test tests/js/).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import "./register-static.mjs";
import { registeredMethods } from "../../static/js/methods.js";
import { applyEvent, fromSnapshot } from "../../static/js/state.js";

// The entry module registers the method (without touching a DOM); state.js then folds its events.
const APP = "../../wijktafel/appraisals/static/appraisals/js";
const { method } = await import(`${APP}/appraisal.js`);
const { APPRAISAL_EVENT_KINDS, emptyAppraisal, tallyOf } = await import(`${APP}/state.js`);

const ev = (seq, kind, data) => ({ type: "event", seq, kind, data });
const A = 5; // appraisal id

function group(id, extra = {}) {
  return { id, workshop_id: 1, name: `Groep ${id}`, member_ids: [], closed_steps: [], position: id, ...extra };
}

function cp(id, extra = {}) {
  return {
    id, owner_id: 3, owner_name: "Gemeente", group_id: 1, formulation: `kern ${id}`, original_wording: "a",
    source_postit_ids: [20], underlying_problems: [], nature: "", affected_count: null, affected_unit: "",
    what_if_unsolved: "", could_solve_itself: "unknown", solves_itself_explanation: "", confirmed_sharp: false,
    version: 1, ...extra,
  };
}

function solution(id, extra = {}) {
  return {
    id, group_id: 1, title: `oplossing ${id}`, effects_text: "", who_experiences: "", out_of_the_box: false,
    merged_into_id: null, from_postit_id: null, version: 1, ...extra,
  };
}

function card(solutionId, extra = {}) {
  return {
    solution_id: solutionId, description: "", horizon_years: 10, extra_one_off_cost: 0,
    extra_periodic_cost_per_year: 0, extra_one_off_income: 0, extra_periodic_income_per_year: 0,
    extra_total_cost: 0, extra_total_income: 0, effects: [], uncertainties: [], variants: [],
    to_investigate: [], warnings: [], version: 1, ...extra,
  };
}

function base(appraisal = {}) {
  return fromSnapshot({
    head: 10,
    workshop: { id: 1, title: "Wijk", status: "live", joining_open: true },
    columns: [{ id: 3, title: "Gemeente", position: 0 }, { id: 4, title: "Bewoners", position: 1 }],
    postits: [
      { id: 20, text: "a", column_id: 3, position: 1, parked: false, merged_into_id: null, author_id: 7, version: 1 },
      { id: 21, text: "b", column_id: 4, position: 2, parked: true, merged_into_id: null, author_id: 8, version: 1 },
    ],
    appraisal: { ...emptyAppraisal(A), title: "Afweging", horizon_years: 10, ...appraisal },
  });
}

/** Apply the frame, then again (a repeat from catch-up): the appraisal must be the same. */
function twice(state, frame) {
  const once = applyEvent(state, frame);
  const again = applyEvent(once, frame);
  assert.deepEqual(again.appraisal, once.appraisal, `${frame.kind} is not idempotent`);
  return once;
}

test("the appraisal registers itself once as the method afwegen", () => {
  assert.deepEqual(registeredMethods().map((m) => [m.key, m.stateKey]), [["afwegen", "appraisal"]]);
  assert.equal(registeredMethods()[0], method);
  assert.deepEqual([...method.resyncOn], ["appraisal.linked"]);
  assert.equal(typeof method.panel.mount, "function");
  assert.equal(typeof globalThis.document, "undefined", "importing it needs no DOM");
});

test("every appraisal event kind of events.py has a handler", () => {
  const source = readFileSync(new URL("../../wijktafel/appraisals/events.py", import.meta.url), "utf8");
  const kinds = [...source.matchAll(/^[A-Z_]+ = "([a-z_.]+)"$/gm)].map((m) => m[1]).sort();
  assert.ok(kinds.length >= 30);
  assert.deepEqual([...APPRAISAL_EVENT_KINDS].sort(), kinds);
});

test("fromSnapshot keeps the appraisal, or null when the session has none", () => {
  assert.equal(fromSnapshot({}).appraisal, null);
  assert.equal(fromSnapshot({ appraisal: null }).appraisal, null);
  const state = fromSnapshot({ appraisal: { id: A, title: "X", groups: [group(1)] } });
  assert.equal(state.appraisal.title, "X");
  assert.deepEqual(state.appraisal.groups, [group(1)]);
  assert.deepEqual(state.appraisal.solutions, []); // missing lists get empty defaults
  assert.deepEqual(state.appraisal.mark_tally, { per_postit: {}, per_column: {} });
});

test("appraisal events leave the input alone and move head", () => {
  const state = base();
  const copy = JSON.parse(JSON.stringify(state));
  const next = applyEvent(state, ev(11, "group.created", { appraisal_id: A, group: group(1) }));
  assert.equal(next.head, 11);
  assert.deepEqual(JSON.parse(JSON.stringify(state)), copy);
});

test("an event of another appraisal changes nothing but head", () => {
  const state = base();
  const next = applyEvent(state, ev(11, "group.created", { appraisal_id: A + 1, group: group(1) }));
  assert.deepEqual(next.appraisal, state.appraisal);
  assert.equal(next.head, 11);
});

test("appraisal.linked and appraisal.changed set the summary, also without an appraisal yet", () => {
  const none = fromSnapshot({ head: 3 });
  const summary = { id: A, title: "Nieuw", trigger: "t", starting_point: "problem", area_id: null, horizon_years: 10,
    top_n: 3, session_one_id: 1, session_two_id: null, status: "open" };
  const linked = twice(none, ev(4, "appraisal.linked", { appraisal_id: A, session: 1, appraisal: summary }));
  assert.equal(linked.appraisal.id, A);
  assert.equal(linked.appraisal.title, "Nieuw");
  assert.deepEqual(linked.appraisal.groups, []);
  const changed = twice(linked, ev(5, "appraisal.changed", { appraisal_id: A, ...summary, title: "Anders", top_n: 4 }));
  assert.equal(changed.appraisal.title, "Anders");
  assert.equal(changed.appraisal.top_n, 4);
});

test("groups: created, updated, formed, deleted (its items stay without a group)", () => {
  let s = twice(base({ core_problems: [cp(1)], solutions: [solution(9)],
    rankings: [{ group_id: 1, ordered_solution_ids: [9], solving_power: {}, notes: "", version: 1 }] }),
  ev(11, "group.created", { appraisal_id: A, group: group(1), warnings: [] }));
  s = twice(s, ev(12, "group.updated", { appraisal_id: A, group: group(1, { member_ids: [7, 8], closed_steps: [4] }) }));
  assert.deepEqual(s.appraisal.groups.map((g) => g.member_ids), [[7, 8]]);
  s = twice(s, ev(13, "groups.formed", { appraisal_id: A, groups: [group(3), group(2)] }));
  assert.deepEqual(s.appraisal.groups.map((g) => g.id), [1, 2, 3]);
  s = twice(s, ev(14, "group.deleted", { appraisal_id: A, id: 1 }));
  assert.deepEqual(s.appraisal.groups.map((g) => g.id), [2, 3]);
  assert.equal(s.appraisal.core_problems[0].group_id, null);
  assert.equal(s.appraisal.solutions[0].group_id, null);
  assert.deepEqual(s.appraisal.rankings, []);
  const unknown = twice(s, ev(15, "group.deleted", { appraisal_id: A, id: 99 }));
  assert.deepEqual(unknown.appraisal.groups, s.appraisal.groups);
});

test("pitches: a plan replaces the old one; an update upserts", () => {
  const pitch = (id, extra = {}) => ({ id, workshop_id: 1, position: id, member_ids: [id], done: false, clarifying_questions: [], ...extra });
  let s = twice(base({ pitches: [pitch(1)] }), ev(11, "pitches.planned", { appraisal_id: A, pitches: [pitch(3), pitch(2)] }));
  assert.deepEqual(s.appraisal.pitches.map((p) => p.id), [2, 3]);
  s = twice(s, ev(12, "pitch.updated", { appraisal_id: A, pitch: pitch(2, { done: true, clarifying_questions: ["waarom?"] }) }));
  assert.equal(s.appraisal.pitches[0].done, true);
  assert.deepEqual(s.appraisal.pitches[0].clarifying_questions, ["waarom?"]);
});

test("problem marks: one per participant, the tally comes from the event", () => {
  const tally = { per_postit: { 20: 1 }, per_column: { 3: 1 } };
  let s = twice(base(), ev(11, "problem_mark.set", { appraisal_id: A, mark: { participant_id: 7, postit_id: 20 }, tally }));
  assert.deepEqual(s.appraisal.problem_marks, [{ participant_id: 7, postit_id: 20 }]);
  assert.deepEqual(s.appraisal.mark_tally, tally);
  // A second mark of the same person replaces the first (the server refuses it, but a replay must not duplicate).
  s = twice(s, ev(12, "problem_mark.set", { appraisal_id: A, mark: { participant_id: 7, postit_id: 21 }, tally: { per_postit: { 21: 1 }, per_column: { 4: 1 } } }));
  assert.deepEqual(s.appraisal.problem_marks, [{ participant_id: 7, postit_id: 21 }]);
  s = twice(s, ev(13, "problem_mark.removed", { appraisal_id: A, participant_id: 7, tally: { per_postit: {}, per_column: {} } }));
  assert.deepEqual(s.appraisal.problem_marks, []);
  assert.deepEqual(s.appraisal.mark_tally.per_postit, {});
  const unknown = twice(s, ev(14, "problem_mark.removed", { appraisal_id: A, participant_id: 99, tally: { per_postit: {}, per_column: {} } }));
  assert.deepEqual(unknown.appraisal.problem_marks, []);
});

test("a deleted or moved post-it changes the marks and the tally", () => {
  const marks = [{ participant_id: 7, postit_id: 20 }, { participant_id: 8, postit_id: 21 }];
  let s = base({ problem_marks: marks, mark_tally: tallyOf(marks, base().postits) });
  assert.deepEqual(s.appraisal.mark_tally, { per_postit: { 20: 1, 21: 1 }, per_column: { 3: 1, 4: 1 } });
  s = applyEvent(s, ev(11, "postit.updated", { id: 20, text: "a", column_id: 4, position: 1, parked: false, merged_into_id: null, author_id: 7, version: 2 }));
  assert.deepEqual(s.appraisal.mark_tally.per_column, { 4: 2 });
  s = applyEvent(s, ev(12, "postit.deleted", { id: 20, unmerged_ids: [] }));
  assert.deepEqual(s.appraisal.problem_marks, [{ participant_id: 8, postit_id: 21 }]);
  assert.deepEqual(s.appraisal.mark_tally, { per_postit: { 21: 1 }, per_column: { 4: 1 } });
});

test("core problems: created, updated, deleted; criteria and missing effect cards follow", () => {
  let s = twice(base(), ev(11, "core_problem.created", { appraisal_id: A, core_problem: cp(1) }));
  assert.deepEqual(s.appraisal.core_problems.map((c) => c.id), [1]);
  assert.deepEqual(s.appraisal.criteria.map((c) => c.key), ["solving_power:1", "extra_costs", "other_effects"]);
  s = twice(s, ev(12, "core_problem.updated", { appraisal_id: A, core_problem: cp(1, { formulation: "scherper", version: 2 }), warnings: [] }));
  assert.equal(s.appraisal.core_problems[0].formulation, "scherper");
  s = twice(s, ev(13, "core_problem.created", { appraisal_id: A, core_problem: cp(2, { owner_id: 4, owner_name: "Bewoners" }),
    warnings: [{ code: "more_core_problems_for_owner" }] }));
  s = twice(s, ev(14, "selection.changed", { appraisal_id: A, selection: { solution_ids: [9], reason: "", departs_from_aggregate: false, outlier_notes: "", dropout_notes: "", version: 1 } }));
  assert.deepEqual(s.appraisal.effect_cards_missing, [{ solution_id: 9, core_problem_id: 1 }, { solution_id: 9, core_problem_id: 2 }]);
  s = twice(s, ev(15, "core_problem.deleted", { appraisal_id: A, id: 1 }));
  assert.deepEqual(s.appraisal.core_problems.map((c) => c.id), [2]);
  assert.deepEqual(s.appraisal.criteria.map((c) => c.key), ["solving_power:2", "extra_costs", "other_effects"]);
  assert.deepEqual(s.appraisal.effect_cards_missing, [{ solution_id: 9, core_problem_id: 2 }]);
  const unknown = twice(s, ev(16, "core_problem.deleted", { appraisal_id: A, id: 99 }));
  assert.deepEqual(unknown.appraisal.core_problems, s.appraisal.core_problems);
});

test("baseline and horizon", () => {
  const baseline = { description: "zo", checklist: {}, horizon_years: 15, one_off_cost: 100, periodic_cost_per_year: 10,
    one_off_income: 0, periodic_income_per_year: 0, total_cost: 250, total_income: 0, version: 1 };
  let s = twice(base({ cards: [card(9)] }), ev(11, "baseline.changed", { appraisal_id: A, baseline, horizon_years: 15 }));
  assert.equal(s.appraisal.baseline.total_cost, 250);
  assert.equal(s.appraisal.horizon_years, 15);
  s = twice(s, ev(12, "horizon.changed", { appraisal_id: A, horizon_years: 20, baseline: { ...baseline, horizon_years: 20, version: 2 },
    cards: [card(9, { horizon_years: 20 })] }));
  assert.equal(s.appraisal.horizon_years, 20);
  assert.equal(s.appraisal.baseline.horizon_years, 20);
  assert.equal(s.appraisal.cards[0].horizon_years, 20);
});

test("solutions: created, updated, merged (chain follows), deleted (merged ones freed)", () => {
  let s = twice(base(), ev(11, "solution.created", { appraisal_id: A, solution: solution(1) }));
  s = twice(s, ev(12, "solution.created", { appraisal_id: A, solution: solution(2, { out_of_the_box: true, from_postit_id: 21 }) }));
  s = twice(s, ev(13, "solution.created", { appraisal_id: A, solution: solution(3) }));
  s = twice(s, ev(14, "solution.updated", { appraisal_id: A, solution: solution(3, { merged_into_id: 1, version: 2 }) }));
  s = twice(s, ev(15, "solution.updated", { appraisal_id: A, solution: solution(1, { merged_into_id: 2, version: 2 }) }));
  const merged = Object.fromEntries(s.appraisal.solutions.map((x) => [x.id, x.merged_into_id]));
  assert.deepEqual(merged, { 1: 2, 2: null, 3: 2 });
  s = twice(s, ev(16, "solution.deleted", { appraisal_id: A, id: 2, unmerged_ids: [1, 3] }));
  assert.deepEqual(s.appraisal.solutions.map((x) => [x.id, x.merged_into_id]), [[1, null], [3, null]]);
  const unknown = twice(s, ev(17, "solution.deleted", { appraisal_id: A, id: 99, unmerged_ids: [] }));
  assert.deepEqual(unknown.appraisal.solutions, s.appraisal.solutions);
});

test("solution cards, core effects and criteria", () => {
  const action = { id: 40, title: "uitzoeken", owner_name: "Ans", due_date: null, kind: "research", source: "card", card_solution_id: 9, status: "open" };
  let s = twice(base(), ev(11, "solution_card.changed", { appraisal_id: A, card: card(9, { to_investigate: [action] }), warnings: [] }));
  assert.equal(s.appraisal.cards.length, 1);
  assert.deepEqual(s.appraisal.actions.map((a) => a.id), [40]);
  s = twice(s, ev(12, "solution_card.changed", { appraisal_id: A, card: card(9, { description: "x", version: 2 }), warnings: [] }));
  assert.equal(s.appraisal.cards[0].description, "x");
  assert.deepEqual(s.appraisal.actions, []);
  s = twice(s, ev(13, "core_effects.changed", { appraisal_id: A, core_effects: [{ id: 1, text: "veiliger", mirrors_core_problem_id: null }] }));
  assert.equal(s.appraisal.core_effects.length, 1);
  const criterion = { key: "extra:7", kind: "extra", core_problem_id: null, title: "Draagvlak", id: 7 };
  s = twice(s, ev(14, "criterion.created", { appraisal_id: A, criterion }));
  assert.deepEqual(s.appraisal.criteria.at(-1), criterion);
  s = twice(s, ev(15, "criterion.deleted", { appraisal_id: A, id: 7 }));
  assert.ok(!s.appraisal.criteria.some((c) => c.key === "extra:7"));
  const unknown = twice(s, ev(16, "criterion.deleted", { appraisal_id: A, id: 99 }));
  assert.deepEqual(unknown.appraisal.criteria, s.appraisal.criteria);
});

test("rankings, selection, effect cards, choice", () => {
  const ranking = { group_id: 1, ordered_solution_ids: [2, 1], solving_power: {}, notes: "", version: 1 };
  const aggregate = { method: "rank_sum", order: [2, 1], top: [2, 1] };
  let s = twice(base({ core_problems: [cp(1)] }), ev(11, "ranking.changed", { appraisal_id: A, ranking, aggregate }));
  s = twice(s, ev(12, "ranking.changed", { appraisal_id: A, ranking: { ...ranking, ordered_solution_ids: [1, 2], version: 2 }, aggregate }));
  assert.deepEqual(s.appraisal.rankings.map((r) => r.ordered_solution_ids), [[1, 2]]);
  assert.deepEqual(s.appraisal.aggregate, aggregate);
  s = twice(s, ev(13, "selection.changed", { appraisal_id: A, selection: { solution_ids: [1, 2], reason: "", departs_from_aggregate: false, outlier_notes: "", dropout_notes: "", version: 1 } }));
  assert.equal(s.appraisal.effect_cards_missing.length, 2);
  const effectCard = { id: 30, solution_id: 1, core_problem_id: 1, group_id: 1, main_effects: ["minder"], size: "large", notes: "", version: 1 };
  s = twice(s, ev(14, "effect_card.changed", { appraisal_id: A, effect_card: effectCard }));
  assert.deepEqual(s.appraisal.effect_cards_missing, [{ solution_id: 2, core_problem_id: 1 }]);
  const choice = { kind: "solution", solution_ids: [1], baseline_considered: true, is_final: true, version: 1 };
  s = twice(s, ev(15, "choice.changed", { appraisal_id: A, choice, status: "decided" }));
  assert.deepEqual(s.appraisal.choice, choice);
  assert.equal(s.appraisal.status, "decided");
});

test("insights and actions, unknown ids ignored", () => {
  const insight = { id: 3, text: "echt probleem", shared_with_residents_present: false, core_problem_ids: [] };
  let s = twice(base({ cards: [card(9)] }), ev(11, "insight.created", { appraisal_id: A, insight }));
  assert.deepEqual(s.appraisal.insights, [insight]);
  s = twice(s, ev(12, "insight.deleted", { appraisal_id: A, id: 3 }));
  assert.deepEqual(s.appraisal.insights, []);
  s = twice(s, ev(13, "insight.deleted", { appraisal_id: A, id: 99 }));
  const action = { id: 40, title: "MKBA", owner_name: "", due_date: null, kind: "research", source: "choice", card_solution_id: 9, status: "open" };
  s = twice(s, ev(14, "action.created", { appraisal_id: A, action }));
  assert.deepEqual(s.appraisal.actions, [action]);
  assert.deepEqual(s.appraisal.cards[0].to_investigate, [action]);
  s = twice(s, ev(15, "action.updated", { appraisal_id: A, action: { ...action, status: "done" } }));
  assert.equal(s.appraisal.actions[0].status, "done");
  assert.equal(s.appraisal.cards[0].to_investigate[0].status, "done");
  s = twice(s, ev(16, "action.deleted", { appraisal_id: A, id: 40 }));
  assert.deepEqual(s.appraisal.actions, []);
  assert.deepEqual(s.appraisal.cards[0].to_investigate, []);
  s = twice(s, ev(17, "action.deleted", { appraisal_id: A, id: 99 }));
  assert.deepEqual(s.appraisal.actions, []);
});

test("every kind can be applied to a session without a snapshot appraisal without throwing", () => {
  for (const kind of APPRAISAL_EVENT_KINDS) {
    const next = applyEvent(fromSnapshot({ head: 1 }), ev(2, kind, { appraisal_id: A }));
    assert.equal(next.head, 2, kind);
  }
});

// --- The actions live in the register (wijktafel/appraisals/actions.py) -----------------------------

function registerRow(id, extra = {}) {
  return {
    id, kind: "follow_up", description: `actie ${id}`, owner_ids: [], owners: [], owner_names: "Fenna",
    contributor_ids: [], contributors: [], due_date: null, link: { kind: "", id: null, label: "" },
    source: "", origin: "appraisal", status: "open", uses_existing: "", created_by_id: null,
    by_facilitator: true, progress: [], version: 1, ...extra,
  };
}

test("an action of the appraisal is a row of the register, live both ways", () => {
  const row = registerRow(40);
  const action = { id: 40, title: "actie 40", owner_name: "Fenna", due_date: null, kind: "follow_up",
    source: "", card_solution_id: null, status: "open" };
  let state = twice(base(), ev(11, "action.created", { appraisal_id: A, action, agreement: row }));
  assert.deepEqual(state.agreements, [row]);
  assert.deepEqual(state.appraisal.actions, [action]);

  // Changed in the register: the appraisal shows it as its action.
  const done = { ...row, status: "done", description: "Conciërge gebeld", version: 2 };
  state = twice(state, ev(12, "agreement.updated", done));
  assert.deepEqual(state.appraisal.actions, [{ ...action, status: "done", title: "Conciërge gebeld" }]);
  // The register's own agreements do not become actions of the appraisal.
  state = twice(state, ev(13, "agreement.created", registerRow(41, { origin: "" })));
  assert.deepEqual(state.appraisal.actions.map((a) => a.id), [40]);
  assert.deepEqual(state.agreements.map((a) => a.id), [40, 41]);

  // Deleted as an action: gone from the register too; deleted in the register: gone from both.
  state = twice(state, ev(14, "action.deleted", { appraisal_id: A, id: 40 }));
  assert.deepEqual(state.agreements.map((a) => a.id), [41]);
  assert.deepEqual(state.appraisal.actions, []);
  state = twice(state, ev(15, "agreement.deleted", { id: 41 }));
  assert.deepEqual(state.agreements, []);
});

test("a card's research tasks replace its rows in the register; a deleted solution takes them", () => {
  const link = { kind: "solution", id: 9, label: "oplossing 9" };
  const old = registerRow(50, { kind: "research_task", source: "card", link });
  const other = registerRow(51, { kind: "research_task", source: "card", link: { ...link, id: 8 } });
  let state = fromSnapshot({ ...base({ solutions: [solution(8), solution(9)] }), agreements: [old, other] });
  const task = registerRow(52, { kind: "research_task", source: "card", link });
  const investigate = [{ id: 52, title: "actie 52", owner_name: "Fenna", due_date: null,
    kind: "research_task", source: "card", card_solution_id: 9, status: "open" }];
  state = twice(state, ev(11, "solution_card.changed", {
    appraisal_id: A, card: card(9, { to_investigate: investigate }), warnings: [], agreements: [task],
  }));
  assert.deepEqual(state.agreements.map((a) => a.id), [51, 52]);
  assert.deepEqual(state.appraisal.actions.map((a) => a.id), [52]);
  state = twice(state, ev(12, "solution.deleted", { appraisal_id: A, id: 9, unmerged_ids: [] }));
  assert.deepEqual(state.agreements.map((a) => a.id), [51]);
  assert.deepEqual(state.appraisal.actions, []);
});
