// Unit tests of static/js/ui.js's text helpers (run: node --test tests/js/).
import assert from "node:assert/strict";
import { test } from "node:test";

import { firstSentences } from "../../static/js/ui.js";

test("a short instruction is the task itself, with nothing more", () => {
  assert.deepEqual(firstSentences("Schrijf je post-its."), ["Schrijf je post-its.", ""]);
  assert.deepEqual(firstSentences(""), ["", ""]);
});

test("a long instruction gives its first sentence, and the second when the first is short", () => {
  const long = "Kort eerst. Dan iets meer uitleg over het doel. " + "Daarna een lange uitleg ".repeat(10) + "en klaar.";
  const [short, rest] = firstSentences(long, 160);
  assert.equal(short, "Kort eerst. Dan iets meer uitleg over het doel.");
  assert.equal(rest, long);
  const first = "Dit is een eerste zin die lang genoeg is om alleen te staan als taak van nu. ";
  assert.equal(firstSentences(first + "Tweede zin. ".repeat(20))[0], first.trim());
});

test("a sentence longer than the limit is cut at a word", () => {
  const [short, rest] = firstSentences("woord ".repeat(60), 50);
  assert.ok(short.endsWith("…") && short.length <= 50, short);
  assert.ok(!short.includes("  ") && rest.startsWith("woord woord"));
});
