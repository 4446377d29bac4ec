// Unit tests of static/js/panel-kit.js (and drafts.js) with a fake LiveSession, storage and page
// (run: node --test tests/js/): sending with a form, refusals shown at the form and typed text put
// back, drafts dropped once the state holds the change, the ctx, the error boundary.
import assert from "node:assert/strict";
import { test } from "node:test";

class FakeStorage {
  constructor() { this.data = new Map(); }
  getItem(k) { return this.data.has(k) ? this.data.get(k) : null; }
  setItem(k, v) { this.data.set(k, String(v)); }
  removeItem(k) { this.data.delete(k); }
}

// Just enough of a page for draw() and h(): no control is focused, elements are plain objects.
const frames = [];
globalThis.window = { sessionStorage: new FakeStorage(), addEventListener() {} };
globalThis.requestAnimationFrame = (fn) => frames.push(fn);
globalThis.Node = class {};
globalThis.document = {
  activeElement: null,
  createElement: (tag) => Object.assign(new globalThis.Node(), {
    tag, className: "", children: [], dataset: {}, attributes: {},
    append(child) { this.children.push(child); },
    setAttribute(name, value) { this.attributes[name] = value; },
    addEventListener() {},
  }),
};

const { mountPanelKit } = await import("../../static/js/panel-kit.js");

class FakeLive extends EventTarget {
  constructor() {
    super();
    this.status = "online";
    this.sent = [];
    this.queue = [];
  }
  send(kind, data) {
    const op = `op-${this.sent.length + 1}`;
    this.sent.push({ op, kind, data });
    this.queue.push({ op, kind, data, acked: false });
    return op;
  }
  pending() { return this.queue.slice(); }
  emit(type, detail = {}) { this.dispatchEvent(new CustomEvent(type, { detail })); }
}

function fakeSection() {
  return { hidden: false, children: [], contains: () => false, querySelector: () => null };
}

let workshops = 0;

function kitFor(options = {}) {
  const live = new FakeLive();
  let state = { head: 0, walk: {}, participants: [{ id: 7, display_name: "Ans" }], postits: [{ id: 3, text: "Te druk" }] };
  const section = fakeSection();
  const rendered = [];
  workshops += 1;
  const kit = mountPanelKit({
    section, live, view: "participant", me: 7, getState: () => state, workshopId: String(workshops),
    stateKey: "walk", render: (s) => { rendered.push(kit.ctx(s)); return []; }, ...options,
  });
  return {
    kit, live, section, rendered,
    setState(next) { state = { ...state, ...next }; },
    draw() { kit.draw(state); },
  };
}

test("a create form's drafts are emptied at once and put back when the server refuses", () => {
  const { kit, live } = kitFor();
  kit.drafts.set("new-text", "Meer bankjes");
  const ctx = kit.ctx({ participants: [], postits: [] });
  const op = ctx.send("walk.add", { text: "Meer bankjes" }, { form: "new", clear: ["new-text"] });
  assert.equal(op, "op-1");
  assert.equal(kit.drafts.has("new-text"), false);
  assert.equal(kit.handles(op), true, "the panel shows the refusal itself");
  live.emit("rejected", { op, message: "Te lang." });
  assert.equal(kit.handles(op), false);
  assert.equal(kit.drafts.get("new-text"), "Meer bankjes");
  assert.equal(kit.ctx({ participants: [], postits: [] }).error("new"), "Te lang.");
  assert.equal(kit.ctx({ participants: [], postits: [] }).error("other"), null);
});

test("what was typed after sending is not overwritten by the refused text", () => {
  const { kit, live } = kitFor();
  kit.drafts.set("new-text", "Eerst");
  const op = kit.ctx({ participants: [], postits: [] }).send("walk.add", {}, { form: "new", clear: ["new-text"] });
  kit.drafts.set("new-text", "Daarna");
  live.emit("rejected", { op });
  assert.equal(kit.drafts.get("new-text"), "Daarna");
  assert.equal(kit.ctx({ participants: [], postits: [] }).error("new"), "This could not be saved.");
});

test("an edit form's drafts stay until the state holds the change, then go if unchanged", () => {
  const { kit, live, setState, draw } = kitFor();
  kit.drafts.set("title", "Nieuw");
  kit.drafts.set("why", "Omdat");
  const op = kit.ctx({ participants: [], postits: [] }).send("walk.edit", {}, { form: "edit", keep: ["title", "why"] });
  kit.drafts.set("why", "Omdat het kan");
  live.emit("ack", { op, seq: 5 });
  setState({ head: 4 });
  draw();
  assert.equal(kit.drafts.get("title"), "Nieuw", "the event is not in the state yet");
  setState({ head: 5 });
  draw();
  assert.equal(kit.drafts.has("title"), false);
  assert.equal(kit.drafts.get("why"), "Omdat het kan", "typed after sending: kept");
});

test("clearsWith: a new try at one form clears the refusals shown at its kind", () => {
  const { kit, live } = kitFor({ clearsWith: (form, other) => form.startsWith("pick-") && other.startsWith("pick-") });
  const ctx = kit.ctx({ participants: [], postits: [] });
  live.emit("rejected", { op: ctx.send("walk.pick", {}, { form: "pick-1" }), message: "Nee." });
  live.emit("rejected", { op: ctx.send("walk.note", {}, { form: "note" }), message: "Ook nee." });
  ctx.send("walk.pick", {}, { form: "pick-2" });
  const after = kit.ctx({ participants: [], postits: [] });
  assert.equal(after.error("pick-1"), null);
  assert.equal(after.error("note"), "Ook nee.");
});

test("setError with a field key stands at the field, not in the error box", () => {
  const { kit } = kitFor({ classPrefix: "walk" });
  const ctx = kit.ctx({ participants: [], postits: [] });
  ctx.setError("edit", "Vul een getal in.", "edit-count");
  assert.equal(ctx.error("edit"), "Vul een getal in.");
  assert.equal(ctx.errorBox("edit"), null);
  const control = document.createElement("input");
  const field = ctx.field("edit-count", "Aantal", control);
  assert.equal(control.attributes["aria-invalid"], "true");
  const message = field.children.at(-1);
  assert.equal(message.className, "utrecht-form-field-error-message walk-error");
  assert.deepEqual(message.children, ["Vul een getal in."]);
  ctx.setError("edit", "Los van een veld.");
  assert.equal(ctx.errorBox("edit").className, "utrecht-form-field-error-message walk-error");
  ctx.setError("edit", null);
  assert.equal(ctx.errorBox("edit"), null);
});

test("the drafts are kept per workshop and participant under the storage prefix", () => {
  const { kit } = kitFor({ storagePrefix: "wijktafel:walk-drafts" });
  kit.drafts.set("a", "b");
  kit.drafts.flush();
  assert.equal(window.sessionStorage.getItem(`wijktafel:walk-drafts:${workshops}:7`), '{"a":"b"}');
});

test("the ctx: the view, people, post-its and the pending ops with old nested data", () => {
  const { kit, live } = kitFor();
  live.queue.push({ op: "old", kind: "walk.edit", data: { id: 4, fields: { title: "Oud" } }, acked: true });
  const ctx = kit.ctx({ participants: [{ id: 7, display_name: "Ans" }], postits: [{ id: 3 }] }, { extra: 1 });
  assert.equal(ctx.isParticipant, true);
  assert.equal(ctx.isFacilitator, false);
  assert.equal(ctx.me, 7);
  assert.equal(ctx.extra, 1);
  assert.equal(ctx.names([7, 8]), "Ans, Unknown");
  assert.deepEqual(ctx.postit(3), { id: 3 });
  assert.deepEqual(ctx.pendingOf("walk.edit")[0].data, { title: "Oud", id: 4 });
  assert.equal(ctx.pendingOf("walk.edit", (d) => d.id === 5).length, 0);
  assert.equal(ctx.online, true);
});

test("a closed page sends nothing and its ctx says so", () => {
  const { kit, live } = kitFor();
  live.emit("closed");
  const ctx = kit.ctx({ participants: [], postits: [] });
  assert.equal(ctx.send("walk.add", {}), null);
  assert.equal(live.sent.length, 0);
  assert.equal(ctx.closed, true);
  assert.equal(ctx.online, false);
  assert.equal(kit.closed, true);
});

test("draw hides the section while the method's part is null and asks render otherwise", () => {
  const { kit, section, rendered, setState, draw } = kitFor();
  setState({ walk: null });
  draw();
  assert.equal(section.hidden, true);
  assert.equal(rendered.length, 0);
  setState({ walk: {} });
  draw();
  assert.equal(section.hidden, false);
  assert.equal(rendered.length, 1);
  assert.equal(kit.state.walk !== null, true);
});

test("redraw draws once per animation frame", () => {
  const { kit, rendered } = kitFor();
  frames.length = 0;
  kit.redraw();
  kit.redraw();
  assert.equal(frames.length, 1);
  frames.shift()();
  assert.equal(rendered.length, 1);
});

test("blocks are rebuilt only when their signature changes or after a redraw", () => {
  const { kit } = kitFor();
  let builds = 0;
  const build = () => { builds += 1; return { n: builds }; };
  const first = kit.block("form", [1], build);
  assert.equal(kit.block("form", [1], build), first);
  assert.notEqual(kit.block("form", [2], build), first);
  kit.redraw();
  kit.block("form", [2], build);
  assert.equal(builds, 3);
});

test("guard: a broken renderer becomes a note and a warning", (t) => {
  const { kit } = kitFor({ classPrefix: "walk", name: "walk step" });
  const warn = t.mock.method(console, "warn", () => {});
  assert.equal(kit.guard(2, () => "fine"), "fine");
  const note = kit.guard(2, () => { throw new Error("boom"); });
  assert.equal(note.className, "walk-hint");
  assert.deepEqual(note.children, ["This step cannot be shown right now."]);
  assert.equal(warn.mock.calls[0].arguments[0], "walk step renderer failed");
});
