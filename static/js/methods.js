// The methods a live session can be run with, each a plug-in of the engine (no DOM, no network).
//
// A method's module registers itself once, when the page loads it (before board.js runs):
//
//   registerMethod({
//     key,           unique method key, e.g. "walk"
//     stateKey,      the key of its part in the live state and in the server's snapshot
//     fromSnapshot,  (part) -> its state part; part may be undefined or null: then return null
//     reduce,        (prevState, nextState, frame) -> state, called for EVERY event frame after the
//                    engine's own handler (nextState already holds the engine's change); returns the
//                    new whole state, for its own event kinds and to fold engine events (post-its,
//                    columns, ...) into its part. Never changes its inputs.
//     panel,         optional {mount({root, live, view, me, getState}) -> {draw(state), handles(opId)}}:
//                    board.js mounts it once state[stateKey] is not null, calls draw(state) on every
//                    redraw and asks handles(op) whether a refused op is shown by the panel itself;
//                    mountPanelKit (panel-kit.js) gives a panel its drafts, forms and redraws
//     resyncOn,      optional list of event kinds after which the page asks for a whole snapshot
//     phone,         optional {task(state), postits(state)} for the phone's "now" view (board-now.js,
//                    board-postit-form.js), asked only while state[stateKey] is not null:
//                    task(state) -> {task, more: [text]} | null: the task of the current step in one
//                    or two short sentences, and what "More explanation" adds; null: the engine's own
//                    (the first sentence of the agenda item's instruction);
//                    postits(state) -> true | false | null: whether the post-it form belongs to the
//                    current step (false: it is not shown on the phone); null: the engine's rule
//                    (the agenda item's input)
//   });
//
// state.js folds the parts in (fromSnapshot, applyEvent); board.js mounts the panels.

// The engine's own parts of the state (state.js); a method keeps its part under another key.
const ENGINE_KEYS = new Set(["head", "workshop", "agenda", "timer", "round", "round_presets", "spotlight", "participants", "columns",
  "postits", "agreements", "agreement_distributions", "ballots", "pmi", "parked_topics",
  "groups", "group_sets", "acquaintances"]);

const methods = [];

function fail(message) {
  throw new Error(`registerMethod: ${message}`);
}

/** Add a method; throws when it is incomplete or its key or stateKey is taken. */
export function registerMethod(method) {
  if (!method || typeof method !== "object") fail("a method is an object");
  const { key, stateKey, fromSnapshot, reduce, panel = null, resyncOn = [], phone = null } = method;
  if (typeof key !== "string" || !key) fail("the key is a non-empty string");
  if (typeof stateKey !== "string" || !stateKey) fail(`the stateKey of "${key}" is a non-empty string`);
  if (typeof fromSnapshot !== "function") fail(`"${key}" has no fromSnapshot function`);
  if (typeof reduce !== "function") fail(`"${key}" has no reduce function`);
  if (panel != null && (typeof panel !== "object" || typeof panel.mount !== "function")) {
    fail(`the panel of "${key}" has no mount function`);
  }
  if (!Array.isArray(resyncOn) || !resyncOn.every((kind) => typeof kind === "string")) {
    fail(`the resyncOn of "${key}" is a list of event kinds`);
  }
  if (phone != null && (typeof phone !== "object"
      || !["task", "postits"].every((name) => phone[name] == null || typeof phone[name] === "function"))) {
    fail(`the phone of "${key}" has task and postits functions`);
  }
  if (methods.some((m) => m.key === key)) fail(`a method with the key "${key}" is registered already`);
  if (ENGINE_KEYS.has(stateKey) || methods.some((m) => m.stateKey === stateKey)) {
    fail(`the stateKey "${stateKey}" of "${key}" is taken`);
  }
  const entry = Object.freeze({
    key, stateKey, fromSnapshot, reduce, panel, resyncOn: Object.freeze(resyncOn.slice()), phone,
  });
  methods.push(entry);
  return entry;
}

/** The registered methods, in registration order. */
export function registeredMethods() {
  return methods.slice();
}

/** What the method the session runs says about the phone's ``question`` ("task" or "postits") in
 * this state: the first answer that is not null, or null when no method speaks. */
export function phoneAnswer(state, question) {
  for (const method of methods) {
    const ask = method.phone && method.phone[question];
    if (!ask || state[method.stateKey] == null) continue;
    const answer = ask(state);
    if (answer != null) return answer;
  }
  return null;
}
