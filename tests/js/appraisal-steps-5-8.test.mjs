// Unit tests of the pure helpers of the appraisal steps (run: node --test tests/js/):
// order.js, format.js and cards.js in wijktafel/appraisals/static/appraisals/js/.
import assert from "node:assert/strict";
import { test } from "node:test";

import { cardTotals, cleanEffects, effectWarnings } from "../../wijktafel/appraisals/static/appraisals/js/cards.js";
import {
  formatEuro, lines, longDate, parseCount, parseMoney, parseWhole,
} from "../../wijktafel/appraisals/static/appraisals/js/format.js";
import {
  completeOrder, dropIndex, moveItem, sameOrder, shouldSend, shownOrder,
} from "../../wijktafel/appraisals/static/appraisals/js/order.js";

test("moveItem moves one item and leaves the input alone", () => {
  const list = [1, 2, 3, 4];
  assert.deepEqual(moveItem(list, 0, 2), [2, 3, 1, 4]);
  assert.deepEqual(moveItem(list, 3, 0), [4, 1, 2, 3]);
  assert.deepEqual(moveItem(list, 1, 1), [1, 2, 3, 4]);
  assert.deepEqual(moveItem(list, 1, 99), [1, 3, 4, 2], "clamped to the end");
  assert.deepEqual(moveItem(list, 2, -5), [3, 1, 2, 4], "clamped to the start");
  assert.deepEqual(moveItem(list, 7, 0), [1, 2, 3, 4], "an unknown index changes nothing");
  assert.deepEqual(list, [1, 2, 3, 4]);
});

test("sameOrder compares element by element", () => {
  assert.equal(sameOrder([1, 2], [1, 2]), true);
  assert.equal(sameOrder([1, 2], [2, 1]), false);
  assert.equal(sameOrder([1], [1, 2]), false);
  assert.equal(sameOrder(null, []), false);
});

test("completeOrder drops merged cards and appends cards not ranked yet", () => {
  assert.deepEqual(completeOrder([3, 9, 1, 3], [1, 2, 3]), [3, 1, 2]);
  assert.deepEqual(completeOrder(null, [5, 6]), [5, 6]);
  assert.deepEqual(completeOrder([2, 1], []), []);
});

test("shownOrder: a draft beats the newest pending op, which beats the server", () => {
  const candidates = [1, 2, 3];
  assert.deepEqual(shownOrder({ serverOrder: [3, 2, 1], candidates }), { order: [3, 2, 1], source: "server" });
  assert.deepEqual(shownOrder({ serverOrder: [3, 2, 1], pendingOrders: [[2, 3, 1], [1, 3, 2]], candidates }),
    { order: [1, 3, 2], source: "pending" });
  assert.deepEqual(shownOrder({ serverOrder: [3, 2, 1], pendingOrders: [[2, 3, 1]], draftOrder: [2, 1], candidates }),
    { order: [2, 1, 3], source: "draft" });
  assert.deepEqual(shownOrder({ candidates }), { order: [1, 2, 3], source: "none" });
  assert.deepEqual(shownOrder({ serverOrder: [], draftOrder: [], candidates }), { order: [1, 2, 3], source: "none" });
});

test("shouldSend: one op at a time, and only an order that differs from the stored one", () => {
  assert.equal(shouldSend({ draftOrder: [2, 1], pendingCount: 0, serverOrder: [1, 2] }), true);
  assert.equal(shouldSend({ draftOrder: [2, 1], pendingCount: 1, serverOrder: [1, 2] }), false);
  assert.equal(shouldSend({ draftOrder: [1, 2], pendingCount: 0, serverOrder: [1, 2] }), false);
  assert.equal(shouldSend({ draftOrder: [1, 2], pendingCount: 0, serverOrder: null }), true, "the first ranking");
  assert.equal(shouldSend({ draftOrder: null, pendingCount: 0, serverOrder: [1] }), false);
});

test("dropIndex counts the middles above the pointer", () => {
  const middles = [20, 60, 100];
  assert.equal(dropIndex(0, middles), 0);
  assert.equal(dropIndex(20, middles), 0, "exactly on a middle stays above it");
  assert.equal(dropIndex(21, middles), 1);
  assert.equal(dropIndex(99, middles), 2);
  assert.equal(dropIndex(500, middles), 3);
  assert.equal(dropIndex(10, []), 0);
});

test("parseCount reads a count with what is counted, and refuses what is not a number", () => {
  const table = [
    ["120", { count: 120, unit: "" }], ["1.200", { count: 1200, unit: "" }],
    ["40 gezinnen", { count: 40, unit: "gezinnen" }], ["ongeveer 40 gezinnen", { count: 40, unit: "gezinnen" }],
    ["1 200 huishoudens", { count: 1200, unit: "huishoudens" }], ["", { count: null, unit: "" }],
    ["veel", null], ["12,5", null], ["12.5 mensen", null], ["gezinnen 40", null],
  ];
  for (const [input, want] of table) assert.deepEqual(parseCount(input), want, JSON.stringify(input));
});

test("parseMoney reads whole euros the way people type them, and never guesses", () => {
  const table = [
    ["", 0], ["  ", 0], ["100000", 100000], ["100.000", 100000], ["1.250.000", 1250000], ["€ 1 500", 1500],
    ["€\u00a02\u00a0500", 2500], ["-2500", -2500], ["−2.500", -2500], ["1.500,-", 1500], ["250,00", 250],
    ["250,0", 250], [42, 42], ["1500 euro", 1500], ["1.500 EUR", 1500], ["€ 1.500", 1500],
    // Not clearly whole euros: the page asks again (12.5 was once read as 125).
    ["12.5", Number.NaN], ["1.0000", Number.NaN], ["99,50", Number.NaN], ["1,5", Number.NaN],
    ["abc", Number.NaN], ["euro", Number.NaN], ["10k", Number.NaN], ["12e3", Number.NaN], [1.5, Number.NaN],
    ["12345678901234", Number.NaN],
  ];
  for (const [input, want] of table) assert.deepEqual(parseMoney(input), want, JSON.stringify(input));
  // The baseline form tells an empty field from a zero.
  assert.equal(parseMoney(" ", { empty: null }), null);
  assert.equal(parseMoney("0", { empty: null }), 0);
});

test("parseWhole reads a small whole number or nothing", () => {
  assert.equal(parseWhole(" 10 "), 10);
  assert.equal(parseWhole("0"), 0);
  assert.equal(parseWhole("-1"), null);
  assert.equal(parseWhole("5 jaar"), null);
  assert.equal(parseWhole(""), null);
});

test("cardTotals multiplies the yearly amounts by the horizon", () => {
  const money = { extra_one_off_cost: 5000, extra_periodic_cost_per_year: 40000, extra_one_off_income: 1000,
    extra_periodic_income_per_year: 500 };
  assert.deepEqual(cardTotals(money, 10), { cost: 405000, income: 6000, net: 399000, years: 10 });
  assert.deepEqual(cardTotals(money, null), { cost: 5000, income: 1000, net: 4000, years: 0 }, "no horizon: one-off only");
  assert.deepEqual(cardTotals({ extra_one_off_cost: null }, 5), { cost: 0, income: 0, net: 0, years: 5 }, "missing is zero");
});

test("lines keeps the filled lines, trimmed", () => {
  assert.deepEqual(lines(" a \n\n b\r\nc "), ["a", "b", "c"]);
  assert.deepEqual(lines(""), []);
  assert.deepEqual(lines(null), []);
});

test("cleanEffects drops blank rows and normalises sign, reach and core effect", () => {
  assert.deepEqual(cleanEffects([
    { text: " Minder zwerfvuil ", sign: "+", who: " bewoners ", reach: "complex", core_effect_id: "7" },
    { text: "   ", sign: "-" },
    { text: "Hogere kosten", sign: "-", core_effect_id: "" },
    { text: "Iets", sign: "?" },
  ]), [
    { text: "Minder zwerfvuil", sign: "+", who: "bewoners", reach: "complex", core_effect_id: 7 },
    { text: "Hogere kosten", sign: "-", who: "", reach: "", core_effect_id: null },
    { text: "Iets", sign: "+", who: "", reach: "", core_effect_id: null },
  ]);
});

test("effectWarnings mirrors the card warnings of the server (A11)", () => {
  const pos = (n) => Array.from({ length: n }, (_v, i) => ({ text: `e${i}`, sign: "+" }));
  assert.deepEqual(effectWarnings([]), [{ code: "no_effects" }]);
  assert.deepEqual(effectWarnings(pos(2)), [{ code: "no_negative_effect" }]);
  assert.deepEqual(effectWarnings([...pos(2), { text: "min", sign: "-" }]), []);
  assert.deepEqual(effectWarnings([...pos(5), { text: "min", sign: "-" }]), [{ code: "too_many_effects", count: 6 }]);
  assert.deepEqual(effectWarnings(pos(6)), [{ code: "too_many_effects", count: 6 }, { code: "no_negative_effect" }]);
});

test("formatEuro and longDate write Dutch, and English the British way", () => {
  assert.equal(longDate("2026-12-31", "nl"), "31 december 2026");
  assert.equal(longDate("2026-12-31", "en"), "31 December 2026");
  assert.equal(longDate("31-12-2026", "en"), "31-12-2026"); // not ISO: shown as typed
  assert.equal(longDate(null, "nl"), "");
  assert.equal(formatEuro(12500, "en"), "€12,500");
  assert.match(formatEuro(12500, "nl"), /^€\s12\.500$/);
  assert.equal(formatEuro(null, "nl"), "–");
  assert.equal(formatEuro(Number.NaN, "nl"), "–");
});
