// The step panel of an appraisal (Afwegen in de Wijk) in the three live views, mounted by
// board.js as the panel of the method (appraisal.js registers it):
//
//   const view = mountAppraisal({root, live, view, me, getState});   // once
//   view.draw(state);                                                  // on every redraw
//
// It draws into <section id="appraisal-panel"> (console, phone, big screen): the step of the
// current agenda item (its ``step``; in the console the facilitator may also choose a step by
// hand, for a walk-through alone), the step's title, assignment and input, and below that what
// the step's renderer returns (steps.js: ``renderStep(step, ctx)`` -> Node | Node[] | null, one
// module per step: step-1.js ... step-8.js, with the shared parts-1-4.js and parts-5-8.js).
// It also puts the "probleem 1" tally and buttons on the post-its of the wall (step 1).
//
// The ``ctx`` object handed to the renderers (a new one on every draw; do not keep it):
//   state        the whole live state (static/js/state.js): agenda, participants, columns, postits, ...
//   appraisal    state.appraisal (shape of selectors.appraisal_payload), but ``groups`` only
//                this session's; ``all_groups`` every group of the appraisal
//   step         the step drawn (1-8)
//   view         "console" | "participant" | "screen"
//   isFacilitator, isScreen, isParticipant   booleans for the view
//   me           the participant id of this phone, or null (console, screen)
//   myGroup      the group this phone is in ({id, name, member_ids, closed_steps, ...}) or null
//   groupOf(pid) the group of a participant, or null
//   person(pid)  the participant payload, or null; names(ids) -> "Ans, Bram" (for text, not HTML)
//   postit(id)   the post-it on this session's wall, or null
//   online       the socket is open; closed: the page was ended (4401/4403/4408)
//   pending      ops of this page not yet in the state: [{op, kind, data, acked}] (live.pending());
//                acked ones are stored but their event has not been applied yet
//   pendingOf(kind, pred?) the pending ops of one kind (pred(data) filters), acked or not
//   send(kind, data, {form, clear}) -> op id (null when the page is closed). ``form`` names the
//                form whose error box shows a refusal; ``clear`` lists draft keys that are emptied
//                now (a create form) and put back if the server refuses. Drafts of other forms
//                are kept until the ack and then dropped if they still hold what was sent.
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
//                events. Use it for every form.
//   h(tag, props, ...children)  element helper (ui.js: class, text, on, data, value, checked,
//                disabled, hidden, open, selected, min, max, step; user text only as text children)
//   gettext, ngettext, format(text, {name}) ("%(name)s" placeholders), shorten(text, max)
//   field(key, label, control, hint?)  a labelled form field (label for=key)
//   textInput(key, initial, props), textArea(key, initial, props), numberInput(key, initial, props),
//   checkbox(key, initial, label, props), select(key, [[value, text]], initial, props)
//                controls bound to the drafts store under ``key`` (also their id and data-key)
//   button(text, onClick, {kind: "primary"|"secondary"|"subtle", key, disabled, label})
//
// No inline styles or handlers (CSP); layout in appraisals/css/appraisal.css.

import { format, gettext, h, ngettext, shorten } from "../../js/ui.js";
import { draftStore } from "../../js/drafts.js";
import { reconcileChildren } from "../../js/ui.js";
import { agendaStep, renderStep, stepTexts } from "./steps.js";

// --- The mount -------------------------------------------------------------------------------------

export function mountAppraisal({ root, live, view, me, getState }) {
  const panel = document.getElementById("appraisal-panel");
  if (!panel) return { draw() {}, handles: () => false };
  const isFacilitator = view === "console";
  const isScreen = view === "screen";
  const workshopId = root.dataset.workshopId;
  const drafts = draftStore(`wijktafel:drafts:${workshopId}:${me || view}`);
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

  const stepKey = `wijktafel:appraisal-step:${workshopId}`;
  try {
    const saved = window.sessionStorage.getItem(stepKey);
    ui.chosenStep = saved ? Number(saved) : null;
  } catch (_err) {
    ui.chosenStep = null;
  }

  function redraw() {
    uiTick += 1;
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      draw(getState());
    });
  }

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
      // One "probleem 1" each: a new try answers the refusals shown at the other post-its too.
      if (form.startsWith("mark-")) for (const key of [...errors.keys()]) if (key.startsWith("mark-")) errors.delete(key);
      sentForms.set(op, { form, sent, cleared: Boolean(clear) });
    }
    if (clear) for (const key of clear) drafts.delete(key);
    redraw();
    return op;
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
      class: "utrecht-textbox utrecht-textbox--html-input appraisal-number", type: "text", inputmode: "numeric",
      id: key, data: { key }, autocomplete: "off", value: String(drafts.get(key, initial ?? "")), ...props,
    }), key);
  }

  function checkbox(key, initial, label, props = {}) {
    const input = bind(h("input", {
      class: "utrecht-checkbox utrecht-checkbox--html-input", type: "checkbox", id: key, data: { key },
      checked: Boolean(drafts.get(key, Boolean(initial))), ...props,
    }), key);
    return h("div", { class: "appraisal-check" }, input, h("label", { class: "utrecht-form-label", for: key }, label));
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
      hint ? h("p", { class: "appraisal-hint", id: hintId }, hint) : null,
      control,
      message ? h("p", { class: "utrecht-form-field-error-message appraisal-error", id: errorId, role: "alert", data: { errorFor: form } }, message) : null);
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
    return h("p", { class: "utrecht-form-field-error-message appraisal-error", role: "alert", data: { errorFor: form } }, message);
  }

  // --- Which step --------------------------------------------------------------------------------------

  function stepOf(state) {
    if (isFacilitator && ui.chosenStep) return ui.chosenStep;
    return agendaStep(state);
  }

  function chooseStep(value) {
    ui.chosenStep = value ? Number(value) : null;
    try {
      if (ui.chosenStep) window.sessionStorage.setItem(stepKey, String(ui.chosenStep));
      else window.sessionStorage.removeItem(stepKey);
    } catch (_err) {
      // no storage: the choice lasts while the page is open
    }
    redraw();
  }

  function stepPicker(state) {
    const agenda = agendaStep(state);
    return block("step-picker", [ui.chosenStep, agenda], () => {
      const options = [["", agenda
        ? format(gettext("Follow the agenda (now step %(step)s)"), { step: agenda })
        : gettext("Follow the agenda")]];
      for (let s = 1; s <= 8; s += 1) options.push([s, stepTexts(s).title]);
      const el = h("select", {
        class: "utrecht-select utrecht-select--html-select", id: "appraisal-step-choice", data: { key: "appraisal-step-choice" },
        on: { change: (e) => chooseStep(e.target.value) },
      }, options.map(([value, text]) => h("option", { value: String(value) }, text)));
      el.value = ui.chosenStep ? String(ui.chosenStep) : "";
      return h("div", { class: "appraisal-step-picker" },
        h("label", { class: "utrecht-form-label", for: "appraisal-step-choice" }, gettext("Show step")), el);
    });
  }

  function header(step) {
    const texts = stepTexts(step);
    return block("step-header", [step], () => h("div", { class: "appraisal-step-head" },
      h("p", { class: "appraisal-step-head__kicker" }, format(gettext("Step %(step)s of 8"), { step })),
      h("h2", { class: "utrecht-heading-2 appraisal-step-head__title", id: "appraisal-step-title" }, texts.title),
      h("p", { class: "appraisal-step-head__assignment" }, texts.assignment),
      h("p", { class: "appraisal-step-head__input" }, h("span", { class: "appraisal-label" }, `${gettext("You work with")}: `), texts.input)));
  }

  // --- The wall: "probleem 1" tally and buttons ----------------------------------------------------

  function decorateWall(ctx) {
    const { appraisal } = ctx;
    const tally = appraisal.mark_tally.per_postit || {};
    const myMark = ctx.me != null ? appraisal.problem_marks.find((m) => m.participant_id === ctx.me) : null;
    const pendingMark = ctx.pendingOf("problem_mark.set")[0] || null;
    const pendingRemove = ctx.pendingOf("problem_mark.remove")[0] || null;
    for (const card of document.querySelectorAll("#wall .postit[id^='postit-'], #parked .postit[id^='postit-']")) {
      const id = Number(card.id.slice("postit-".length));
      if (!id) continue;
      const postit = ctx.postit(id);
      const count = tally[String(id)] || 0;
      const author = postit && !postit.by_facilitator ? postit.author_id : null;
      const authorMark = author != null ? appraisal.problem_marks.find((m) => m.participant_id === author) : null;
      const sig = JSON.stringify([count, myMark && myMark.postit_id, pendingMark && pendingMark.data.postit_id,
        Boolean(pendingRemove), ctx.online, closed, errors.get(`mark-${id}`) || "", ctx.step,
        authorMark && authorMark.postit_id]);
      let box = card.querySelector(":scope > .postit__problem1");
      if (box && box.dataset.sig === sig) continue;
      const next = h("div", { class: "postit__problem1", data: { sig } });
      if (count && !ctx.isParticipant) { // the tally is for the console and the big screen
        next.append(h("p", { class: "problem1-tally", data: { count } },
          h("span", { class: "problem1-tally__count", "aria-hidden": "true" }, String(count)),
          " ", format(ngettext("%(count)s person: problem 1", "%(count)s people: problem 1", count), { count })));
      }
      const mine = ctx.isParticipant && postit && postit.author_id === ctx.me && !postit.by_facilitator;
      // "Problem 1" is chosen in step 1; later the phone only says which one it is.
      if (mine && !postit.parked && ctx.step !== 1) {
        if (myMark && myMark.postit_id === id) next.append(h("p", { class: "problem1-mine" }, gettext("This is your problem 1.")));
      } else if (mine && !postit.parked) {
        const label = shorten(postit.text, 40);
        if (myMark && myMark.postit_id === id) {
          next.append(h("p", { class: "problem1-mine" }, gettext("This is your problem 1.")),
            button(pendingRemove ? gettext("Removing…") : gettext("Not my problem 1 after all"), () => {
              send("problem_mark.remove", {}, { form: `mark-${id}` });
            }, { kind: "subtle", key: `mark-${id}-remove`, disabled: Boolean(pendingRemove), label }));
        } else {
          const busy = pendingMark && pendingMark.data.postit_id === id;
          next.append(button(busy ? gettext("Being marked…") : gettext("This is my problem 1"), () => {
            send("problem_mark.set", { postit_id: id }, { form: `mark-${id}` });
          }, { kind: "secondary", key: `mark-${id}-set`, disabled: Boolean(busy), label }));
        }
        const err = errorBox(`mark-${id}`);
        if (err) next.append(err);
      }
      if (isFacilitator && ctx.step === 1 && author != null && postit && !postit.parked
          && (!authorMark || authorMark.postit_id === id)) {
        // For someone without a phone (or stuck), the facilitator marks on their behalf.
        const name = (ctx.person(author) || {}).display_name || gettext("Unknown");
        const label = shorten(postit.text, 40);
        next.append(authorMark
          ? button(format(gettext("Remove problem 1 of %(name)s"), { name }), () => {
            send("problem_mark.remove", { participant_id: author }, { form: `mark-${id}` });
          }, { kind: "subtle", key: `mark-${id}-remove`, label })
          : button(format(gettext("Problem 1 of %(name)s"), { name }), () => {
            send("problem_mark.set", { postit_id: id, participant_id: author }, { form: `mark-${id}` });
          }, { kind: "subtle", key: `mark-${id}-set`, label }));
        const err = errorBox(`mark-${id}`);
        if (err) next.append(err);
      }
      if (!next.childNodes.length) {
        if (box) box.remove();
        continue;
      }
      if (box) box.replaceWith(next);
      else {
        const actions = card.querySelector(":scope > .postit__actions, :scope > .postit__edit");
        card.insertBefore(next, actions || null);
      }
    }
  }

  // --- Draw -----------------------------------------------------------------------------------------------

  function keepFocus(fn) {
    const active = document.activeElement;
    const inside = active && panel.contains(active) ? active : null;
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
      : (key ? panel.querySelector(`[data-key="${CSS.escape(key)}"]`) : null);
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

  function flatData(data) {
    if (!data || typeof data.fields !== "object" || data.fields === null) return data || {};
    const { fields, ...rest } = data;
    return { ...fields, ...rest };
  }

  function makeCtx(state, step) {
    // The groups of THIS session: session II has its own groups (new participants); the groups
    // of session I stay in ``all_groups``, for the names of what they made.
    const appraisal = {
      ...state.appraisal,
      groups: state.appraisal.groups.filter((g) => g.workshop_id === state.workshop.id),
      all_groups: state.appraisal.groups,
    };
    const groupOf = (pid) => appraisal.groups.find((g) => (g.member_ids || []).includes(pid)) || null;
    const person = (pid) => state.participants.find((p) => p.id === pid) || null;
    // Ops queued before decision 0011 may still carry their content nested in ``fields``.
    const pending = live.pending().map((p) => ({ ...p, data: flatData(p.data) }));
    return {
      state,
      appraisal,
      step,
      view,
      isFacilitator,
      isScreen,
      isParticipant: view === "participant",
      me,
      myGroup: me != null ? groupOf(me) : null,
      groupOf,
      person,
      names: (ids) => (ids || []).map((pid) => (person(pid) || {}).display_name || gettext("Unknown")).join(", "),
      postit: (id) => state.postits.find((p) => p.id === id) || null,
      online: live.status === "online" && !closed,
      closed,
      pending,
      pendingOf: (kind, pred = null) => pending.filter((p) => p.kind === kind && (!pred || pred(p.data || {}))),
      send,
      error: (form) => errors.get(form) || null,
      setError: (form, message, fieldKey = null) => {
        if (message) errors.set(form, message);
        else errors.delete(form);
        if (message && fieldKey) fieldErrors.set(form, fieldKey);
        else fieldErrors.delete(form);
        redraw();
      },
      errorBox,
      drafts,
      ui,
      redraw,
      block,
      h,
      gettext,
      ngettext,
      format,
      /** "1 year" / "5 years": a period in whole years, in the page's language. */
      years: (n) => format(ngettext("%(years)s year", "%(years)s years", Number(n)), { years: n }),
      shorten,
      field,
      textInput,
      textArea,
      numberInput,
      checkbox,
      select,
      button,
    };
  }

  function draw(state) {
    lastState = state;
    const appraisal = state && state.appraisal;
    panel.hidden = !appraisal;
    if (!appraisal) return;
    settle(state);
    used = new Set();
    const step = stepOf(state);
    // Phones and the big screen show the panel only while an item of the appraisal runs.
    panel.hidden = !step && !isFacilitator;
    const ctx = makeCtx(state, step);
    decorateWall(ctx);
    keepFocus(() => {
      const nodes = [];
      if (isFacilitator) nodes.push(stepPicker(state));
      if (!step) {
        panel.classList.add("appraisal-panel--idle");
        if (isFacilitator) {
          nodes.push(block("no-step", [], () => h("p", { class: "appraisal-hint" },
            gettext("The current agenda item has no step of the appraisal. Choose a step to show it here."))));
        }
      } else {
        panel.classList.remove("appraisal-panel--idle");
        // The phone shows the step's task in its "now" view (steps.js, ``phone``) and the big
        // screen's bar shows the item and its instruction: only the console repeats them here.
        if (isFacilitator) nodes.push(header(step));
        let body = null;
        try {
          body = renderStep(step, ctx);
        } catch (err) {
          // One broken renderer must not take the wall and the timer down with it.
          console.warn("appraisal step renderer failed", err); // eslint-disable-line no-console
          body = block(`broken-${step}`, [], () => h("p", { class: "appraisal-hint" }, gettext("This step cannot be shown right now.")));
        }
        for (const node of [body].flat(Infinity)) if (node) nodes.push(node);
      }
      panel.dataset.step = step ? String(step) : "";
      reconcileChildren(panel, nodes);
    });
    for (const key of cache.keys()) if (!used.has(key)) cache.delete(key);
    if (ui.focusAfter) {
      // A renderer asked to focus a field after this draw (say, the one its message is about).
      const target = panel.querySelector(`[data-key="${CSS.escape(ui.focusAfter)}"]`);
      ui.focusAfter = null;
      if (target) target.focus();
    }
  }

  return {
    draw,
    /** Whether a refused op belongs to a form of this panel (so the page need not show it again). */
    handles: (op) => sentForms.has(op),
    redraw,
    get state() {
      return lastState;
    },
  };
}
