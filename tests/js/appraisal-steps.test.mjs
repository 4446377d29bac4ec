// Unit tests of the pure helpers of static/js/appraisal-steps-1-4.js (run: node --test tests/js/).
import assert from "node:assert/strict";
import { test } from "node:test";

import { parseEuros } from "../../static/js/appraisal-steps-1-4.js";

test("parseEuros reads whole euros as people type them", () => {
  assert.equal(parseEuros(""), null);
  assert.equal(parseEuros("   "), null);
  assert.equal(parseEuros("2500"), 2500);
  assert.equal(parseEuros("10.000"), 10000); // Dutch thousands
  assert.equal(parseEuros("1.250.000"), 1250000);
  assert.equal(parseEuros("€ 2 500"), 2500);
  assert.equal(parseEuros("99,50"), 99); // cents are dropped: whole euros
  assert.equal(parseEuros("-300"), -300);
  assert.equal(parseEuros("12.5"), 12); // not a thousands group: a decimal point
  assert.ok(Number.isNaN(parseEuros("veel")));
  assert.ok(Number.isNaN(parseEuros("10k")));
});
