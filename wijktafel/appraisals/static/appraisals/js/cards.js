// Pure helpers of the solution cards of step 5: money totals over the horizon, the rows of an
// effects editor ready to send, and the card warnings. No DOM, no clock, no network
// (tests: tests/js/appraisal-steps-5-8.test.mjs).

/** Extra costs and income of a card over the horizon: one-off + per year × years (A8, W7). */
export function cardTotals(money, horizon) {
  const years = Number.isInteger(horizon) && horizon > 0 ? horizon : 0;
  const n = (v) => (Number.isFinite(v) ? v : 0);
  const cost = n(money.extra_one_off_cost) + n(money.extra_periodic_cost_per_year) * years;
  const income = n(money.extra_one_off_income) + n(money.extra_periodic_income_per_year) * years;
  return { cost, income, net: cost - income, years };
}

/** The rows of an effects editor ready to send: blank rows dropped, fields trimmed. */
export function cleanEffects(rows) {
  return (rows || [])
    .filter((r) => r && String(r.text || "").trim())
    .map((r) => ({
      text: String(r.text).trim(),
      sign: r.sign === "-" ? "-" : "+",
      who: String(r.who || "").trim(),
      reach: r.reach || "",
      core_effect_id: r.core_effect_id == null || r.core_effect_id === "" ? null : Number(r.core_effect_id),
    }));
}

/** Client-side copy of the card warnings (A11) for a card being edited. */
export function effectWarnings(effects) {
  const list = cleanEffects(effects);
  const out = [];
  if (list.length > 5) out.push({ code: "too_many_effects", count: list.length });
  if (!list.length) out.push({ code: "no_effects" });
  else if (!list.some((e) => e.sign === "-")) out.push({ code: "no_negative_effect" });
  return out;
}
