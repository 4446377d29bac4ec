// Pure helpers of the appraisal steps for what people type and read: amounts and whole numbers as
// typed (never guessed), the lines of a textarea, and amounts and dates written in the page's
// language. No DOM (only the page's language), no clock, no network
// (tests: tests/js/appraisal-steps-5-8.test.mjs).

/**
 * A whole-euro amount as people type it ("100.000", "€ 1 500", "1500 euro", "-2500", "1.500,-"): an integer;
 * ``empty`` for an empty field; NaN when it is not clearly whole euros ("12.5", "99,50", "10k"),
 * so the page asks again instead of guessing (a dot is a thousands point only before groups
 * of three digits).
 */
export function parseMoney(text, { empty = 0 } = {}) {
  if (typeof text === "number") return Number.isInteger(text) ? text : Number.NaN;
  if (String(text ?? "").trim() === "") return empty;
  let clean = String(text).replace(/\b(euro|eur)\b/gi, "").replace(/[\s\u00a0€'_]/g, "").replace(/^[−–]/, "-");
  clean = clean.replace(/(,-|,00?)$/, "");
  if (/^-?\d{1,3}(\.\d{3})+$/.test(clean)) clean = clean.replace(/\./g, "");
  return /^-?\d{1,13}$/.test(clean) ? Number(clean) : Number.NaN;
}

/**
 * A count as people type it, with what is counted after it ("120", "1.200", "40 gezinnen",
 * "ongeveer 40 gezinnen"): {count, unit} with unit "" when none was typed; {count: null, unit: ""}
 * for an empty field; null when it does not start with a whole number.
 */
export function parseCount(text) {
  const clean = String(text ?? "").trim().replace(/^(ca\.?|circa|ongeveer|zo'n|about|around)\s+/i, "");
  if (clean === "") return { count: null, unit: "" };
  const match = /^(\d{1,3}(?:[.\s\u00a0]\d{3})+|\d{1,9})(?!\d)(?![.,]\d)\s*(.*)$/.exec(clean);
  if (!match) return null;
  return { count: Number(match[1].replace(/[.\s\u00a0]/g, "")), unit: match[2].trim() };
}

/** A whole number as typed, or null. */
export function parseWhole(text) {
  const clean = String(text ?? "").trim();
  return /^\d{1,6}$/.test(clean) ? Number(clean) : null;
}

/** Lines of a textarea as a list of short texts (empty lines dropped). */
export function lines(text) {
  return String(text ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
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
