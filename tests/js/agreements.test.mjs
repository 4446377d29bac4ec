// Unit tests of the pure helpers of static/js/board-agreements.js (run: node --test tests/js/).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  FORM_FIELDS, KINDS, byKind, filledFields, formFieldsOf, ownedBy, ownerNames,
} from "../../static/js/board-agreements.js";

const agreement = (id, kind, ownerIds, extra = {}) => ({
  id, kind, description: `a${id}`, owner_ids: ownerIds,
  owners: ownerIds.map((o) => ({ id: o, name: `p${o}` })), owner_names: "", ...extra,
});

test("the kinds follow the register's order", () => {
  assert.deepEqual([...KINDS], ["work_agreement", "joint_agreement", "individual_action", "research_task", "follow_up"]);
});

test("byKind groups in the register's order and leaves out empty kinds", () => {
  const groups = byKind([agreement(1, "follow_up", [7]), agreement(2, "work_agreement", [7]), agreement(3, "follow_up", [8])]);
  assert.deepEqual(groups.map((g) => [g.kind, g.agreements.map((a) => a.id)]), [
    ["work_agreement", [2]], ["follow_up", [1, 3]],
  ]);
});

test("ownedBy keeps what I own, also together with someone else", () => {
  const list = [agreement(1, "joint_agreement", [7, 8]), agreement(2, "individual_action", [8]), agreement(3, "follow_up", [])];
  assert.deepEqual(ownedBy(list, 7).map((a) => a.id), [1]);
  assert.deepEqual(ownedBy(list, 8).map((a) => a.id), [1, 2]);
});

test("ownerNames lists the participants and then the owners typed by name", () => {
  assert.deepEqual(ownerNames(agreement(1, "joint_agreement", [7, 8], { owner_names: "Gemeente" })), ["p7", "p8", "Gemeente"]);
  assert.deepEqual(ownerNames(agreement(2, "follow_up", [])), []);
});

test("the action form shows a joint agreement's solution direction and an action's own fields", () => {
  assert.deepEqual(formFieldsOf("joint_agreement"), ["solution_direction"]);
  assert.deepEqual(formFieldsOf("individual_action"), ["first_step", "with_whom", "report_back"]);
  for (const kind of ["work_agreement", "research_task", "follow_up", "wish"]) assert.deepEqual(formFieldsOf(kind), []);
  // Every field the form shows is one the list shows.
  for (const kind of KINDS) for (const name of formFieldsOf(kind)) assert.ok(FORM_FIELDS.includes(name));
});

test("filledFields lists what was filled in, in the form's order, whatever the kind", () => {
  const action = agreement(1, "individual_action", [7], {
    report_back: "Per e-mail", solution_direction: "", first_step: "Bellen", with_whom: "  ",
  });
  assert.deepEqual(filledFields(action), [["first_step", "Bellen"], ["report_back", "Per e-mail"]]);
  assert.deepEqual(filledFields(agreement(2, "follow_up", [], { solution_direction: "Samen" })), [["solution_direction", "Samen"]]);
  assert.deepEqual(filledFields(agreement(3, "joint_agreement", [7])), []);  // an older payload without them
});
