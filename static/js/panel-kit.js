// The machinery of a method's live panel (methods.js, ``panel.mount``): the drafts of what is typed,
// ops sent with a form whose refusal is shown at that form, cached blocks, form controls bound to
// the drafts, the redraw queue, keeping the focus, and an error boundary around a renderer. The
// method keeps only what it draws. Its ``panel.mount`` makes a kit and returns it (or its draw,
// handles and redraw) to board.js:
//
//   const kit = mountPanelKit({
//     section,        the panel's element (the method's template puts it on the live pages)
//     live, view, me, getState   as board.js hands them to ``panel.mount``
//     workshopId,     the workshop's id (root.dataset.workshopId): the drafts are kept per workshop
//     stateKey,       the method's part of the state: the section is hidden while it is null
//     render,         (state) -> Node | Node[] | null: what the section holds, in order (nested
//                     arrays are flattened, null and false left out); called on every draw once the
//                     drafts have settled, with the focus kept (keepFocus). It makes its ctx with
//                     kit.ctx(state, extra) and may hide the section or mark it itself.
//     storagePrefix,  optional, "wijktafel:drafts": the drafts are kept in sessionStorage under
//                     `${storagePrefix}:${workshopId}:${me || view}`
//     classPrefix,    optional, "panel": the method's class names for the hint ("<prefix>-hint"),
//                     the messages ("<prefix>-error"), a checkbox's row ("<prefix>-check") and a
//                     number field ("<prefix>-number"); its CSS styles them
//     clearsWith,     optional (form, other) -> boolean: whether sending with ``form`` also clears
//                     the refusal shown at the form ``other`` (say, one choice offered at many cards)
//     name,           optional, "panel": what the console's warning of a broken renderer names
//   });
//
//   kit.draw(state)      draw now (board.js, on every redraw)
//   kit.handles(op)      whether a refused op belongs to a form of this panel (board.js then does
//                        not show it again)
//   kit.redraw()         draw again soon (one draw per animation frame)
//   kit.ctx(state, extra)  the ctx below, with the method's own fields (``extra``) added
//   kit.guard(key, build)  build() -> Node | Node[] | null, but when it throws: a note "This step
//                        cannot be shown right now." (a block under `broken-${key}`) and a warning
//                        in the console. One broken renderer must not take the wall and the timer
//                        down with it.
//   kit.block, kit.ui, kit.drafts, kit.h   as in the ctx
//   kit.state            the state of the last draw; kit.closed: the page was ended
//
// The ``ctx`` object handed to the renderers (a new one on every draw; do not keep it):
//   state        the whole live state (static/js/state.js): agenda, participants, columns, postits, ...
//   view         "console" | "participant" | "screen"
//   isFacilitator, isScreen, isParticipant   booleans for the view
//   me           the participant id of this phone, or null (console, screen)
//   person(pid)  the participant payload, or null; names(ids) -> "Ans, Bram" (for text, not HTML)
//   postit(id)   the post-it on this session's wall, or null
//   online       the socket is open; closed: the page was ended (4401/4403/4408)
//   pending      ops of this page not yet in the state: [{op, kind, data, acked}] (live.pending());
//                acked ones are stored but their event has not been applied yet
//   pendingOf(kind, pred?) the pending ops of one kind (pred(data) filters), acked or not
//   send(kind, data, {form, clear, keep}) -> op id (null when the page is closed). ``form`` names the
//                form whose error box shows a refusal; ``clear`` lists draft keys that are emptied
//                now (a create form) and put back if the server refuses. Drafts of other forms
//                (``keep`` names them) are kept until the ack and then dropped, once the state
//                holds the change, if they still hold what was sent.
//   error(form)  the server's message of the last refusal for that form, or null;
//   setError(form, message, fieldKey?) shows a message of the page itself there (null clears it);
//                with the key of a field it stands right under that field (field() draws it)
//   errorBox(form) an element (role=alert) with that message, or null (also when it stands at a field)
//   drafts       store of typed text that survives redraws, reconnects and reloads (drafts.js):
//                get(key, fallback), set(key, value), has(key), delete(key), keys(prefix)
//   ui           a plain object for view state (open panels, chosen tabs) that survives redraws;
//                change it and call redraw(); ui.focusAfter = data-key focuses that control after
//                the next draw
//   redraw()     draw again soon
//   block(key, signature, build) -> Node: a cached piece of the panel, rebuilt only when the
//                signature (any JSON value) changes, so typing is not disturbed by other groups'
//                events. Use it for every form. A block not used in a draw is forgotten.
//   h(tag, props, ...children)  element helper (ui.js: class, text, on, data, value, checked,
//                disabled, hidden, open, selected, min, max, step; user text only as text children)
//   gettext, ngettext, format(text, {name}) ("%(name)s" placeholders), shorten(text, max)
//   field(key, label, control, hint?)  a labelled form field (label for=key)
//   textInput(key, initial, props), textArea(key, initial, props), numberInput(key, initial, props),
//   checkbox(key, initial, label, props), select(key, [[value, text]], initial, props)
//                controls bound to the drafts store under ``key`` (also their id and data-key)
//   button(text, onClick, {kind: "primary"|"secondary"|"subtle", key, disabled, label, type})
//                disabled while the page is closed
//
// No inline styles or handlers (CSP). Safe to import without a DOM (the node tests): it touches
// the page only when a kit is made.

import { draftStore } from "./drafts.js";
import { format, gettext, h, ngettext, reconcileChildren, shorten } from "./ui.js";

/** Ops queued before decision 0011 may still carry their content nested in ``fields``. */
function flatData(data) {
  if (!data || typeof data.fields !== "object" || data.fields === null) return data || {};
  const { fields, ...rest } = data;
  return { ...fields, ...rest };
}

export function mountPanelKit({
  section, live, view, me, getState, workshopId, stateKey, render,
  storagePrefix = "wijktafel:drafts", classPrefix = "panel", clearsWith = null, name = "panel",
}) {
  const isFacilitator = view === "console";
  const isScreen = view === "screen";
  const isParticipant = view === "participant";
  const drafts = draftStore(`${storagePrefix}:${workshopId}:${me || view}`);
  const ui = {};
  const errors = new Map(); // form -> message
  const fieldErrors = new Map(); // form -> the key of the field its message is about (shown beside it)
  const sentForms = new Map(); // op -> {form, sent: {key: value}, cleared: bool}
  let settling = []; // acked edits: [{seq, sent}] whose drafts go once the state reaches seq
  const cache = new Map(); // block key -> {sig, node}
  let used = new Set();
  let uiTick = 0;
  let closed = false;
  let drawQueued = false;
  let lastState = null;
  const hintClass = `${classPrefix}-hint`;
  const errorClass = `utrecht-form-field-error-message ${classPrefix}-error`;

  function redraw() {
    uiTick += 1;
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      draw(getState());
    });
  }

  // --- Ops sent with a form: a refusal is shown at the form, typed text is put back -------------------

  live.addEventListener("rejected", (event) => {
    const info = sentForms.get(event.detail.op);
    if (!info) return;
    sentForms.delete(event.detail.op);
    errors.set(info.form, event.detail.message || gettext("This could not be saved."));
    fieldErrors.delete(info.form);
    if (info.cleared) {
      // Put back what was typed, unless something new was typed in the meantime.
      for (const [key, value] of Object.entries(info.sent)) if (!drafts.get(key, "")) drafts.set(key, value);
    }
    redraw();
  });
  live.addEventListener("ack", (event) => {
    const info = sentForms.get(event.detail.op);
    if (!info) return;
    sentForms.delete(event.detail.op);
    // Drop the drafts once the state holds the change (its event), not at the ack: in between
    // the form would show the old values.
    if (!info.cleared) settling.push({ seq: Number.isInteger(event.detail.seq) ? event.detail.seq : 0, sent: info.sent });
    redraw();
  });

  function settle(state) {
    settling = settling.filter(({ seq, sent }) => {
      if (state.head < seq) return true;
      for (const [key, value] of Object.entries(sent)) if (drafts.get(key, undefined) === value) drafts.delete(key);
      return false;
    });
  }
  live.addEventListener("closed", () => {
    closed = true;
    redraw();
  });

  function send(kind, data, { form = null, clear = null, keep = null } = {}) {
    if (closed) return null;
    const keys = clear || keep || [];
    const sent = Object.fromEntries(keys.filter((k) => drafts.has(k)).map((k) => [k, drafts.get(k)]));
    const op = live.send(kind, data);
    if (!op) return null;
    if (form) {
      errors.delete(form);
      fieldErrors.delete(form);
      if (clearsWith) for (const other of [...errors.keys()]) if (clearsWith(form, other)) errors.delete(other);
      sentForms.set(op, { form, sent, cleared: Boolean(clear) });
    }
    if (clear) for (const key of clear) drafts.delete(key);
    redraw();
    return op;
  }

  function setError(form, message, fieldKey = null) {
    if (message) errors.set(form, message);
    else errors.delete(form);
    if (message && fieldKey) fieldErrors.set(form, fieldKey);
    else fieldErrors.delete(form);
    redraw();
  }

  function block(key, signature, build) {
    const sig = JSON.stringify([uiTick, signature]);
    used.add(key);
    const old = cache.get(key);
    if (old && old.sig === sig) return old.node;
    const node = build();
    cache.set(key, { sig, node });
    return node;
  }

  // --- Form controls bound to the drafts --------------------------------------------------------------

  function bind(el, key) {
    const store = () => drafts.set(key, el.type === "checkbox" ? el.checked : el.value);
    el.addEventListener("input", store);
    el.addEventListener("change", store);
    return el;
  }

  function textInput(key, initial = "", props = {}) {
    return bind(h("input", {
      class: "utrecht-textbox utrecht-textbox--html-input", type: "text", id: key, data: { key },
      autocomplete: "off", value: String(drafts.get(key, initial ?? "")), ...props,
    }), key);
  }

  function textArea(key, initial = "", props = {}) {
    return bind(h("textarea", {
      class: "utrecht-textarea", id: key, data: { key }, rows: 3, value: String(drafts.get(key, initial ?? "")), ...props,
    }), key);
  }

  function numberInput(key, initial = "", props = {}) {
    return bind(h("input", {
      class: `utrecht-textbox utrecht-textbox--html-input ${classPrefix}-number`, type: "text", inputmode: "numeric",
      id: key, data: { key }, autocomplete: "off", value: String(drafts.get(key, initial ?? "")), ...props,
    }), key);
  }

  function checkbox(key, initial, label, props = {}) {
    const input = bind(h("input", {
      class: "utrecht-checkbox utrecht-checkbox--html-input", type: "checkbox", id: key, data: { key },
      checked: Boolean(drafts.get(key, Boolean(initial))), ...props,
    }), key);
    return h("div", { class: `${classPrefix}-check` }, input, h("label", { class: "utrecht-form-label", for: key }, label));
  }

  function select(key, options, initial, props = {}) {
    const el = h("select", { class: "utrecht-select utrecht-select--html-select", id: key, data: { key }, ...props },
      options.map(([value, text]) => h("option", { value: String(value) }, text)));
    const chosen = String(drafts.get(key, initial ?? ""));
    if (options.some(([value]) => String(value) === chosen)) el.value = chosen;
    return bind(el, key);
  }

  function field(key, label, control, hint = null) {
    const hintId = hint ? `${key}-hint` : null;
    // A message of the page about this field stands right under it (setError with a field key).
    const form = [...fieldErrors].find(([, fieldKey]) => fieldKey === key)?.[0];
    const message = form ? errors.get(form) : null;
    const errorId = message ? `${key}-error` : null;
    const described = [hintId, errorId].filter(Boolean).join(" ");
    if (described) control.setAttribute("aria-describedby", described);
    if (message) control.setAttribute("aria-invalid", "true");
    return h("div", { class: `utrecht-form-field live-field${message ? " utrecht-form-field--invalid" : ""}` },
      h("label", { class: "utrecht-form-label", for: key }, label),
      hint ? h("p", { class: hintClass, id: hintId }, hint) : null,
      control,
      message ? h("p", { class: errorClass, id: errorId, role: "alert", data: { errorFor: form } }, message) : null);
  }

  function button(text, onClick, { kind = "secondary", key = null, disabled = false, label = null, type = "button" } = {}) {
    const cls = kind === "primary" ? "utrecht-button--primary-action"
      : kind === "subtle" ? "utrecht-button--subtle" : "utrecht-button--secondary-action";
    return h("button", {
      type, class: `utrecht-button ${cls}`, data: key ? { key } : null, disabled: disabled || closed,
      on: onClick ? { click: onClick } : null,
      // The visible text first in the name (WCAG 2.5.3), then what it is about.
      "aria-label": label ? `${text}: ${label}` : null,
    }, text);
  }

  function errorBox(form) {
    const message = errors.get(form);
    if (!message || fieldErrors.has(form)) return null; // shown beside its field
    return h("p", { class: errorClass, role: "alert", data: { errorFor: form } }, message);
  }

  // --- The ctx of the renderers ------------------------------------------------------------------------

  function ctx(state, extra = {}) {
    const person = (pid) => state.participants.find((p) => p.id === pid) || null;
    const pending = live.pending().map((p) => ({ ...p, data: flatData(p.data) }));
    return {
      state,
      view,
      isFacilitator,
      isScreen,
      isParticipant,
      me,
      person,
      names: (ids) => (ids || []).map((pid) => (person(pid) || {}).display_name || gettext("Unknown")).join(", "),
      postit: (id) => state.postits.find((p) => p.id === id) || null,
      online: live.status === "online" && !closed,
      closed,
      pending,
      pendingOf: (kind, pred = null) => pending.filter((p) => p.kind === kind && (!pred || pred(p.data || {}))),
      send,
      error: (form) => errors.get(form) || null,
      setError,
      errorBox,
      drafts,
      ui,
      redraw,
      block,
      h,
      gettext,
      ngettext,
      format,
      shorten,
      field,
      textInput,
      textArea,
      numberInput,
      checkbox,
      select,
      button,
      ...extra,
    };
  }

  function guard(key, build) {
    try {
      return build();
    } catch (err) {
      console.warn(`${name} renderer failed`, err); // eslint-disable-line no-console
      return block(`broken-${key}`, [], () => h("p", { class: hintClass }, gettext("This step cannot be shown right now.")));
    }
  }

  // --- Draw -----------------------------------------------------------------------------------------------

  // Redraw without losing the focus inside the section or the selection in a text field: a control
  // that was rebuilt is found again by its data-key.
  function keepFocus(fn) {
    const active = document.activeElement;
    const inside = active && section.contains(active) ? active : null;
    const key = inside && inside.dataset ? inside.dataset.key : null;
    let selection = null;
    if (inside && typeof inside.selectionStart === "number") {
      try {
        selection = [inside.selectionStart, inside.selectionEnd];
      } catch (_err) {
        selection = null;
      }
    }
    fn();
    if (!inside || document.activeElement === inside) return;
    const target = document.contains(inside) ? inside
      : (key ? section.querySelector(`[data-key="${CSS.escape(key)}"]`) : null);
    if (!target) return;
    target.focus({ preventScroll: true });
    if (selection && typeof target.setSelectionRange === "function") {
      try {
        target.setSelectionRange(selection[0], selection[1]);
      } catch (_err) {
        // not a text control
      }
    }
  }

  function draw(state) {
    lastState = state;
    const part = state && state[stateKey];
    section.hidden = !part;
    if (!part) return;
    settle(state);
    used = new Set();
    keepFocus(() => {
      const nodes = [render(state)].flat(Infinity).filter(Boolean);
      reconcileChildren(section, nodes);
    });
    for (const key of cache.keys()) if (!used.has(key)) cache.delete(key);
    if (ui.focusAfter) {
      // A renderer asked to focus a field after this draw (say, the one its message is about).
      const target = section.querySelector(`[data-key="${CSS.escape(ui.focusAfter)}"]`);
      ui.focusAfter = null;
      if (target) target.focus();
    }
  }

  return {
    draw,
    handles: (op) => sentForms.has(op),
    redraw,
    ctx,
    guard,
    block,
    ui,
    drafts,
    h,
    get state() {
      return lastState;
    },
    get closed() {
      return closed;
    },
  };
}
