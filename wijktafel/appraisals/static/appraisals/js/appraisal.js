// The appraisal method "Afwegen in de Wijk" (docs/methods.md) in the live session engine: registers
// its part of the live state (``state.appraisal``, state.js) and its step panel (panel.js) with
// the engine's method registry (static/js/methods.js). The live pages load this module before
// board.js, so the method is known before the page's state is made.
//
// Safe to import without a DOM (the node tests): the panel touches the page only when mounted.

import { registerMethod } from "../../js/methods.js";
import { mountAppraisal } from "./panel.js";
import { phone } from "./steps.js";
import { APPRAISAL_EVENT_KINDS, appraisalFromSnapshot, reduceAppraisal } from "./state.js";

export { APPRAISAL_EVENT_KINDS };

export const method = registerMethod({
  key: "afwegen",
  stateKey: "appraisal",
  fromSnapshot: appraisalFromSnapshot,
  reduce: reduceAppraisal,
  panel: { mount: mountAppraisal },
  phone,
  // Linked to an appraisal while open: the event carries only its summary; ask for a whole
  // snapshot, so what session I made shows here at once.
  resyncOn: ["appraisal.linked"],
});
