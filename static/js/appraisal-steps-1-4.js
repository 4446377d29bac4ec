// Steps 1-4 of an appraisal: inventory, sharpen, baseline, solutions.
// Called by appraisal.js as renderStep(step, ctx); see the ``ctx`` description there.

export function renderStep(_step, _ctx) {
  return null;
}
