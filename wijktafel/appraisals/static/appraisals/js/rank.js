// Pure helpers of the appraisal steps: reordering a ranking, which order to show while an op
// waits in the outbox, money totals over the horizon, parsing amounts typed by people, writing
// amounts and dates in the page's language. No DOM (only the page's language), no clock, no network
// (tests: tests/js/appraisal-steps-5-8.test.mjs).

/** A copy of ``list`` with the item at ``from`` moved to ``to`` (indexes clamped). */
export function moveItem(list, from, to) {
  const next = list.slice();
  if (from < 0 || from >= next.length) return next;
  const target = Math.max(0, Math.min(next.length - 1, to));
  const [item] = next.splice(from, 1);
  next.splice(target, 0, item);
  return next;
}

export function sameOrder(a, b) {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((value, i) => value === b[i]);
}

/**
 * ``order`` limited to the candidates (merged or deleted cards drop out), followed by the
 * candidates it does not hold yet, in the candidates' own order.
 */
export function completeOrder(order, candidates) {
  const known = new Set(candidates);
  const seen = new Set();
  const out = [];
  for (const id of order || []) {
    if (known.has(id) && !seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  }
  for (const id of candidates) if (!seen.has(id)) out.push(id);
  return out;
}

/**
 * The order a group's ranking shows on this device and where it comes from:
 * "draft" (dragged here, not sent yet) before "pending" (sent, waiting in the outbox or for
 * its event) before "server" (the stored ranking) before "none" (no ranking yet).
 * ``pendingOrders``: the ordered_solution_ids of this device's ranking ops for the group, oldest
 * first; the newest wins.
 */
export function shownOrder({ serverOrder = null, pendingOrders = [], draftOrder = null, candidates = [] }) {
  if (Array.isArray(draftOrder) && draftOrder.length) {
    return { order: completeOrder(draftOrder, candidates), source: "draft" };
  }
  if (pendingOrders.length) {
    return { order: completeOrder(pendingOrders[pendingOrders.length - 1], candidates), source: "pending" };
  }
  if (Array.isArray(serverOrder) && serverOrder.length) {
    return { order: completeOrder(serverOrder, candidates), source: "server" };
  }
  return { order: completeOrder([], candidates), source: "none" };
}

/**
 * Whether a dragged order should be sent now: only one ranking op of a device per group is on
 * its way at a time (the next one needs the version the first one makes), and only an order
 * that differs from what is stored.
 */
export function shouldSend({ draftOrder, pendingCount, serverOrder }) {
  if (!Array.isArray(draftOrder) || !draftOrder.length) return false;
  if (pendingCount > 0) return false;
  return !sameOrder(draftOrder, serverOrder || []);
}

/** The index a dragged item lands on: the number of other items whose middle is above ``y``. */
export function dropIndex(y, middles) {
  let index = 0;
  for (const middle of middles) if (y > middle) index += 1;
  return index;
}

/**
 * A whole-euro amount as people type it ("100.000", "€ 1 500", "-2500", "1.500,-"): an integer;
 * ``empty`` for an empty field; NaN when it is not clearly whole euros ("12.5", "99,50", "10k"),
 * so the page asks again instead of guessing (a dot is a thousands point only before groups
 * of three digits).
 */
export function parseMoney(text, { empty = 0 } = {}) {
  if (typeof text === "number") return Number.isInteger(text) ? text : Number.NaN;
  let clean = String(text ?? "").replace(/[\s\u00a0€'_]/g, "").replace(/^[−–]/, "-");
  if (clean === "") return empty;
  clean = clean.replace(/(,-|,00?)$/, "");
  if (/^-?\d{1,3}(\.\d{3})+$/.test(clean)) clean = clean.replace(/\./g, "");
  return /^-?\d{1,13}$/.test(clean) ? Number(clean) : Number.NaN;
}

/** A whole number as typed, or null. */
export function parseWhole(text) {
  const clean = String(text ?? "").trim();
  return /^\d{1,6}$/.test(clean) ? Number(clean) : null;
}

/** Extra costs and income of a card over the horizon: one-off + per year × years (A8, W7). */
export function cardTotals(money, horizon) {
  const years = Number.isInteger(horizon) && horizon > 0 ? horizon : 0;
  const n = (v) => (Number.isFinite(v) ? v : 0);
  const cost = n(money.extra_one_off_cost) + n(money.extra_periodic_cost_per_year) * years;
  const income = n(money.extra_one_off_income) + n(money.extra_periodic_income_per_year) * years;
  return { cost, income, net: cost - income, years };
}

/** Lines of a textarea as a list of short texts (empty lines dropped). */
export function lines(text) {
  return String(text ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
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

/** The page's language as an Intl locale; English here writes dates the British way (31 December). */
export function pageLocale(lang = globalThis.document?.documentElement.lang) {
  const code = lang || "nl";
  return code === "en" ? "en-GB" : code;
}

/** Whole euros in the page's language ("€ 12.500"); "–" when there is no amount. */
export function formatEuro(amount, lang) {
  if (amount == null || !Number.isFinite(amount)) return "–";
  try {
    return new Intl.NumberFormat(pageLocale(lang), { style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(amount);
  } catch (_err) {
    return `€ ${amount}`;
  }
}

/** "2026-12-31" as "31 December 2026" in the page's language (the ISO text when unknown). */
export function longDate(iso, lang) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ""));
  if (!match) return String(iso || "");
  try {
    return new Intl.DateTimeFormat(pageLocale(lang), { day: "numeric", month: "long", year: "numeric" })
      .format(new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  } catch (_err) {
    return iso;
  }
}
