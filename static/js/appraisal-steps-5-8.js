// Steps 5-8 of an appraisal (effects and extra costs, pre-selection, effect cards, choice).
// Called by appraisal.js as renderStep(step, ctx); see the ``ctx`` description there.
// Returns a Node, a list of Nodes, or null (nothing to show for this step yet).

export function renderStep(_step, _ctx) {
  return null;
}
