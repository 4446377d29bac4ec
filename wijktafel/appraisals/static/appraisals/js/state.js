// Pure handlers that fold the events of an appraisal (Afwegen in de Wijk) into ``state.appraisal``;
// ``reduceAppraisal`` is the method's reducer (appraisal.js registers it with the engine's
// methods.js, so static/js/state.js runs it after every event).
//
// ``state.appraisal`` has the shape of ``selectors.appraisal_payload``
// (wijktafel/appraisals/selectors.py): the summary {id, title, trigger, trigger_warnings,
// starting_point, area_id, horizon_years, top_n, session_one_id, session_two_id, status} plus
// groups, pitches, problem_marks, mark_tally, core_problems, baseline, solutions, cards,
// core_effects, criteria, rankings, aggregate, selection, effect_cards, effect_cards_missing,
// choice, insights, actions. Event kinds and payloads: wijktafel/appraisals/events.py and
// docs/realtime.md. Every handler takes (appraisal, data, state) and returns a NEW appraisal;
// it never changes its input, and applying the same event twice gives the same result.
// No DOM, no clock, no network.

import { format, gettext } from "../../js/ui.js";

const SUMMARY_KEYS = ["id", "title", "trigger", "trigger_warnings", "starting_point", "area_id",
  "horizon_years", "top_n", "session_one_id", "session_two_id", "status"];

const LIST_KEYS = ["groups", "pitches", "problem_marks", "core_problems", "solutions", "cards",
  "core_effects", "criteria", "rankings", "effect_cards", "effect_cards_missing", "insights", "actions"];

/** An appraisal with empty parts, for an id we only know from an event. */
export function emptyAppraisal(id = null) {
  return {
    id,
    title: "",
    trigger: "",
    trigger_warnings: [],
    starting_point: "",
    area_id: null,
    horizon_years: null,
    top_n: 3,
    session_one_id: null,
    session_two_id: null,
    status: "",
    groups: [],
    pitches: [],
    problem_marks: [],
    mark_tally: { per_postit: {}, per_column: {} },
    core_problems: [],
    baseline: null,
    solutions: [],
    cards: [],
    core_effects: [],
    criteria: defaultCriteria([]),
    rankings: [],
    aggregate: null,
    selection: null,
    effect_cards: [],
    effect_cards_missing: [],
    choice: null,
    insights: [],
    actions: [],
  };
}

/** The appraisal part of a snapshot (null stays null; missing lists become empty). */
export function appraisalFromSnapshot(payload) {
  if (!payload || typeof payload !== "object") return null;
  const base = emptyAppraisal(payload.id ?? null);
  const next = { ...base, ...payload };
  for (const key of LIST_KEYS) next[key] = Array.isArray(payload[key]) ? payload[key].slice() : base[key];
  next.mark_tally = normaliseTally(payload.mark_tally);
  return next;
}

function normaliseTally(tally) {
  return {
    per_postit: { ...((tally && tally.per_postit) || {}) },
    per_column: { ...((tally && tally.per_column) || {}) },
  };
}

const byPosition = (a, b) => (a.position ?? 0) - (b.position ?? 0) || (a.id ?? 0) - (b.id ?? 0);

/** Replace the entry whose ``key`` matches, or append it; sorted by position when ``sort``. */
function upsert(list, entry, { key = "id", sort = false } = {}) {
  if (!entry || entry[key] == null) return list;
  let found = false;
  const next = list.map((old) => {
    if (old[key] === entry[key]) {
      found = true;
      return entry;
    }
    return old;
  });
  if (!found) next.push(entry);
  return sort ? next.sort(byPosition) : next;
}

function removeId(list, id, key = "id") {
  return list.filter((item) => item[key] !== id);
}

// --- Derived parts the events do not carry ------------------------------------------------------

function solvingPowerCriterion(cp) {
  return {
    key: `solving_power:${cp.id}`, kind: "solving_power", core_problem_id: cp.id,
    title: format(gettext("Solving power for %(owner)s"), { owner: cp.owner_name || "" }), id: null,
  };
}

/** The default criteria (A13): solving power per core problem, extra costs, other effects. */
function defaultCriteria(coreProblems, extra = []) {
  return [
    ...coreProblems.map(solvingPowerCriterion),
    { key: "extra_costs", kind: "extra_costs", core_problem_id: null, title: gettext("Extra costs"), id: null },
    { key: "other_effects", kind: "other_effects", core_problem_id: null, title: gettext("Other effects"), id: null },
    ...extra,
  ];
}

/** Criteria again after the core problems changed; server titles of kept ones stay. */
function withCriteria(appraisal) {
  const old = new Map(appraisal.criteria.map((c) => [c.key, c]));
  const extra = appraisal.criteria.filter((c) => c.kind === "extra");
  const criteria = defaultCriteria(appraisal.core_problems, extra).map((c) => {
    const known = old.get(c.key);
    if (!known || c.kind !== "solving_power") return known || c;
    const cp = appraisal.core_problems.find((p) => p.id === c.core_problem_id);
    // Keep the server's (translated) title unless the owner's name changed.
    return known.title.includes(cp.owner_name || "") ? known : c;
  });
  return { ...appraisal, criteria };
}

/** Step 7: per selected solution and core problem, the effect cards not made yet. */
function withMissing(appraisal) {
  if (!appraisal.selection) return { ...appraisal, effect_cards_missing: [] };
  const made = new Set(appraisal.effect_cards.map((c) => `${c.solution_id}:${c.core_problem_id}`));
  const missing = [];
  for (const s of appraisal.selection.solution_ids || []) {
    for (const cp of appraisal.core_problems) {
      if (!made.has(`${s}:${cp.id}`)) missing.push({ solution_id: s, core_problem_id: cp.id });
    }
  }
  return { ...appraisal, effect_cards_missing: missing };
}

/** The "probleem 1" tally from the marks and the post-its' columns (when a post-it went away). */
export function tallyOf(marks, postits) {
  const column = new Map((postits || []).map((p) => [p.id, p.column_id]));
  const perPostit = {};
  const perColumn = {};
  for (const mark of marks) {
    const key = String(mark.postit_id);
    perPostit[key] = (perPostit[key] || 0) + 1;
    const col = column.get(mark.postit_id);
    if (col != null) perColumn[String(col)] = (perColumn[String(col)] || 0) + 1;
  }
  return { per_postit: perPostit, per_column: perColumn };
}

function withAction(appraisal, action, remove = false) {
  const actions = remove ? removeId(appraisal.actions, action.id) : upsert(appraisal.actions, action);
  const cards = appraisal.cards.map((card) => {
    const list = card.to_investigate || [];
    const has = list.some((a) => a.id === action.id);
    const belongs = !remove && action.card_solution_id === card.solution_id;
    if (!has && !belongs) return card;
    return { ...card, to_investigate: belongs ? upsert(list, action) : list.filter((a) => a.id !== action.id) };
  });
  return { ...appraisal, actions, cards };
}

// --- Handlers ----------------------------------------------------------------------------------------

function summary(appraisal, data) {
  const next = { ...appraisal };
  for (const key of SUMMARY_KEYS) if (data && key in data) next[key] = data[key];
  return next;
}

function setGroups(appraisal, groups) {
  let list = appraisal.groups;
  for (const group of groups || []) list = upsert(list, group, { sort: true });
  return { ...appraisal, groups: list };
}

export const APPRAISAL_HANDLERS = {
  "appraisal.changed"(appraisal, data) {
    return summary(appraisal, data);
  },
  "appraisal.linked"(appraisal, data) {
    return summary(appraisal, data.appraisal || {});
  },
  "group.created"(appraisal, data) {
    return setGroups(appraisal, [data.group]);
  },
  "group.updated"(appraisal, data) {
    return setGroups(appraisal, [data.group]);
  },
  "group.deleted"(appraisal, data) {
    // What the group made stays, without a group; its ranking goes with it.
    const free = (item) => (item.group_id === data.id ? { ...item, group_id: null } : item);
    return {
      ...appraisal,
      groups: removeId(appraisal.groups, data.id),
      core_problems: appraisal.core_problems.map(free),
      solutions: appraisal.solutions.map(free),
      effect_cards: appraisal.effect_cards.map(free),
      rankings: appraisal.rankings.filter((r) => r.group_id !== data.id),
    };
  },
  "groups.formed"(appraisal, data) {
    return setGroups(appraisal, data.groups);
  },
  "pitches.planned"(appraisal, data) {
    // A new plan replaces the old one.
    return { ...appraisal, pitches: (data.pitches || []).slice().sort(byPosition) };
  },
  "pitch.updated"(appraisal, data) {
    return { ...appraisal, pitches: upsert(appraisal.pitches, data.pitch, { sort: true }) };
  },
  "problem_mark.set"(appraisal, data) {
    const mark = data.mark;
    if (!mark) return appraisal;
    const marks = [...removeId(appraisal.problem_marks, mark.participant_id, "participant_id"), mark];
    return { ...appraisal, problem_marks: marks, mark_tally: data.tally ? normaliseTally(data.tally) : appraisal.mark_tally };
  },
  "problem_mark.removed"(appraisal, data) {
    return {
      ...appraisal,
      problem_marks: removeId(appraisal.problem_marks, data.participant_id, "participant_id"),
      mark_tally: data.tally ? normaliseTally(data.tally) : appraisal.mark_tally,
    };
  },
  "core_problem.created"(appraisal, data) {
    const next = { ...appraisal, core_problems: upsert(appraisal.core_problems, data.core_problem) };
    return withMissing(withCriteria(next));
  },
  "core_problem.updated"(appraisal, data) {
    const next = { ...appraisal, core_problems: upsert(appraisal.core_problems, data.core_problem) };
    return withMissing(withCriteria(next));
  },
  "core_problem.deleted"(appraisal, data) {
    const next = {
      ...appraisal,
      core_problems: removeId(appraisal.core_problems, data.id),
      effect_cards: appraisal.effect_cards.filter((c) => c.core_problem_id !== data.id),
      core_effects: appraisal.core_effects.map((ce) => (ce.mirrors_core_problem_id === data.id
        ? { ...ce, mirrors_core_problem_id: null } : ce)),
      insights: appraisal.insights.map((i) => (i.core_problem_ids || []).includes(data.id)
        ? { ...i, core_problem_ids: i.core_problem_ids.filter((id) => id !== data.id) } : i),
    };
    return withMissing(withCriteria(next));
  },
  "baseline.changed"(appraisal, data) {
    const horizon = data.horizon_years ?? (data.baseline ? data.baseline.horizon_years : appraisal.horizon_years);
    return { ...appraisal, baseline: data.baseline ?? appraisal.baseline, horizon_years: horizon };
  },
  "horizon.changed"(appraisal, data) {
    let cards = appraisal.cards.map((c) => ({ ...c, horizon_years: data.horizon_years }));
    for (const card of data.cards || []) cards = upsert(cards, card, { key: "solution_id" });
    return {
      ...appraisal,
      horizon_years: data.horizon_years,
      baseline: data.baseline !== undefined ? data.baseline : appraisal.baseline,
      cards,
    };
  },
  "solution.created"(appraisal, data) {
    return { ...appraisal, solutions: upsert(appraisal.solutions, data.solution) };
  },
  "solution.updated"(appraisal, data) {
    const solution = data.solution;
    if (!solution) return appraisal;
    let solutions = upsert(appraisal.solutions, solution);
    if (solution.merged_into_id != null) {
      // A merge: what was merged into this one now belongs to the same target.
      solutions = solutions.map((s) => (s.merged_into_id === solution.id
        ? { ...s, merged_into_id: solution.merged_into_id } : s));
    }
    return { ...appraisal, solutions };
  },
  "solution.deleted"(appraisal, data) {
    const freed = new Set(data.unmerged_ids || []);
    return {
      ...appraisal,
      solutions: removeId(appraisal.solutions, data.id).map((s) => (freed.has(s.id) || s.merged_into_id === data.id
        ? { ...s, merged_into_id: null } : s)),
      cards: removeId(appraisal.cards, data.id, "solution_id"),
      effect_cards: appraisal.effect_cards.filter((c) => c.solution_id !== data.id),
      actions: appraisal.actions.filter((a) => a.card_solution_id !== data.id),
    };
  },
  "solution_card.changed"(appraisal, data) {
    const card = data.card;
    if (!card) return appraisal;
    let actions = appraisal.actions.filter((a) => a.card_solution_id !== card.solution_id);
    for (const action of card.to_investigate || []) actions = upsert(actions, action);
    return { ...appraisal, cards: upsert(appraisal.cards, card, { key: "solution_id" }), actions };
  },
  "core_effects.changed"(appraisal, data) {
    return { ...appraisal, core_effects: (data.core_effects || []).slice() };
  },
  "criterion.created"(appraisal, data) {
    return { ...appraisal, criteria: upsert(appraisal.criteria, data.criterion, { key: "key" }) };
  },
  "criterion.deleted"(appraisal, data) {
    return { ...appraisal, criteria: appraisal.criteria.filter((c) => !(c.kind === "extra" && c.id === data.id)) };
  },
  "ranking.changed"(appraisal, data) {
    return {
      ...appraisal,
      rankings: upsert(appraisal.rankings, data.ranking, { key: "group_id" }),
      aggregate: data.aggregate !== undefined ? data.aggregate : appraisal.aggregate,
    };
  },
  "selection.changed"(appraisal, data) {
    return withMissing({ ...appraisal, selection: data.selection ?? null });
  },
  "effect_card.changed"(appraisal, data) {
    return withMissing({ ...appraisal, effect_cards: upsert(appraisal.effect_cards, data.effect_card) });
  },
  "choice.changed"(appraisal, data) {
    return { ...appraisal, choice: data.choice ?? null, status: data.status ?? appraisal.status };
  },
  "insight.created"(appraisal, data) {
    return { ...appraisal, insights: upsert(appraisal.insights, data.insight) };
  },
  "insight.deleted"(appraisal, data) {
    return { ...appraisal, insights: removeId(appraisal.insights, data.id) };
  },
  "action.created"(appraisal, data) {
    return data.action ? withAction(appraisal, data.action) : appraisal;
  },
  "action.updated"(appraisal, data) {
    return data.action ? withAction(appraisal, data.action) : appraisal;
  },
  "action.deleted"(appraisal, data) {
    return withAction(appraisal, { id: data.id }, true);
  },
};

/** The appraisal event kinds this module understands (the same list as events.py). */
export const APPRAISAL_EVENT_KINDS = Object.freeze(Object.keys(APPRAISAL_HANDLERS));

const KINDS = new Set(APPRAISAL_EVENT_KINDS);

export function isAppraisalKind(kind) {
  return KINDS.has(kind);
}

/**
 * The state after one appraisal event: ``state.appraisal`` folded. An event of another
 * appraisal than the one in the state is ignored (the session belongs to one appraisal); an
 * event before any snapshot of the appraisal starts an empty one with the event's id.
 */
export function applyAppraisalEvent(state, kind, data) {
  const handler = APPRAISAL_HANDLERS[kind];
  if (!handler) return state;
  const payload = data || {};
  const id = payload.appraisal_id ?? (payload.appraisal && payload.appraisal.id) ?? payload.id ?? null;
  let appraisal = state.appraisal;
  if (!appraisal) {
    if (kind === "appraisal.changed" || kind === "appraisal.linked" || id != null) {
      appraisal = emptyAppraisal(kind === "appraisal.changed" ? payload.id ?? id : id);
    } else {
      return state;
    }
  } else if (payload.appraisal_id != null && appraisal.id != null && payload.appraisal_id !== appraisal.id) {
    return state;
  }
  return { ...state, appraisal: handler(appraisal, payload, state) };
}

/**
 * The wall changed under the marks (the events of the wall do not carry the tally): a deleted
 * post-it takes its "probleem 1" marks with it (the database cascades), a post-it moved to
 * another column moves its marks in the per-column tally. ``prev`` is the state before the
 * wall event, ``state`` the one after it.
 */
export function foldWallIntoMarks(prev, state, kind, data) {
  const appraisal = state.appraisal;
  if (!appraisal || !data || !appraisal.problem_marks.some((m) => m.postit_id === data.id)) return state;
  if (kind === "postit.deleted") {
    const marks = appraisal.problem_marks.filter((m) => m.postit_id !== data.id);
    return { ...state, appraisal: { ...appraisal, problem_marks: marks, mark_tally: tallyOf(marks, state.postits) } };
  }
  if (kind === "postit.updated") {
    const before = prev.postits.find((p) => p.id === data.id);
    if (!before || before.column_id === data.column_id) return state;
    const known = new Set(state.postits.map((p) => p.id));
    // Marks on post-its of another session (session I, seen from II): keep the server's tally.
    if (!appraisal.problem_marks.every((m) => known.has(m.postit_id))) return state;
    return { ...state, appraisal: { ...appraisal, mark_tally: tallyOf(appraisal.problem_marks, state.postits) } };
  }
  return state;
}

// --- The actions live in the register of agreements (wijktafel/appraisals/actions.py) -------------

const ORIGIN = "appraisal";

function linkedTo(agreement, solutionId) {
  return agreement.origin === ORIGIN && agreement.link && agreement.link.kind === "solution"
    && agreement.link.id === solutionId;
}

/** An agreement of the register as the appraisal shows its action. */
export function actionOf(agreement) {
  const link = agreement.link || {};
  return {
    id: agreement.id,
    title: agreement.description,
    owner_name: agreement.owner_names,
    due_date: agreement.due_date,
    kind: agreement.kind,
    source: agreement.source,
    card_solution_id: link.kind === "solution" ? link.id : null,
    status: agreement.status,
  };
}

/**
 * An action event of the appraisal changes the register too (the event carries the register's
 * row, ``agreement``; a card its research tasks, ``agreements``): fold it into ``agreements``.
 */
export function foldIntoRegister(state, kind, data) {
  const list = state.agreements || [];
  if ((kind === "action.created" || kind === "action.updated") && data.agreement) {
    return { ...state, agreements: upsert(list, data.agreement) };
  }
  if (kind === "action.deleted") return { ...state, agreements: removeId(list, data.id) };
  if (kind === "solution_card.changed" && data.card && Array.isArray(data.agreements)) {
    let agreements = list.filter((a) => !linkedTo(a, data.card.solution_id));
    for (const agreement of data.agreements) agreements = upsert(agreements, agreement);
    return { ...state, agreements };
  }
  if (kind === "solution.deleted") {
    return { ...state, agreements: list.filter((a) => !linkedTo(a, data.id)) };
  }
  return state;
}

/** A change made in the register to one of the appraisal's actions shows in the appraisal too. */
export function foldFromRegister(state, kind, data) {
  const appraisal = state.appraisal;
  if (!appraisal) return state;
  if (kind === "agreement.deleted") {
    const known = appraisal.actions.some((a) => a.id === data.id);
    return known ? { ...state, appraisal: withAction(appraisal, { id: data.id }, true) } : state;
  }
  if (data.origin !== ORIGIN || data.id == null) return state;
  return { ...state, appraisal: withAction(appraisal, actionOf(data)) };
}

/**
 * The method's reducer (methods.js): after the engine handled ``frame`` (``next``), fold an
 * appraisal event into ``next.appraisal``, or the wall's change into the marks (``prev`` is the
 * state before the event).
 */
export function reduceAppraisal(prev, next, frame) {
  const data = frame.data || {};
  if (isAppraisalKind(frame.kind)) return foldIntoRegister(applyAppraisalEvent(next, frame.kind, data), frame.kind, data);
  if (frame.kind.startsWith("agreement.")) return foldFromRegister(next, frame.kind, data);
  return foldWallIntoMarks(prev, next, frame.kind, data);
}
