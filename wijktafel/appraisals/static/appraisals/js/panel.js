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
// The machinery is the engine's panel kit (static/js/panel-kit.js): drafts, sending with a form,
// cached blocks, bound form controls, keeping the focus. The ``ctx`` handed to the renderers is
// the kit's (its fields are described there: state, view, me, send, error, drafts, ui, block,
// field, textInput, button, ...) with what the appraisal adds:
//   appraisal    state.appraisal (shape of selectors.appraisal_payload), but ``groups`` only
//                this session's; ``all_groups`` every group of the appraisal
//   step         the step drawn (1-8)
//   myGroup      the group this phone is in ({id, name, member_ids, closed_steps, ...}) or null
//   groupOf(pid) the group of a participant, or null
//   years(n)     "1 year" / "5 years": a period in whole years, in the page's language
//
// The kit's class names are the appraisal's (appraisal-hint, appraisal-error, appraisal-check,
// appraisal-number), its drafts are kept under wijktafel:drafts:<workshop>:<participant or view>,
// and a new try at one post-it's "probleem 1" answers the refusals shown at the other post-its.
// No inline styles or handlers (CSP); layout in appraisals/css/appraisal.css.

import { mountPanelKit } from "../../js/panel-kit.js";
import { format, gettext, h, ngettext, shorten } from "../../js/ui.js";
import { agendaStep, renderStep, stepTexts } from "./steps.js";

// --- The mount -------------------------------------------------------------------------------------

export function mountAppraisal({ root, live, view, me, getState }) {
  const panel = document.getElementById("appraisal-panel");
  if (!panel) return { draw() {}, handles: () => false };
  const isFacilitator = view === "console";
  const workshopId = root.dataset.workshopId;
  const kit = mountPanelKit({
    section: panel,
    live,
    view,
    me,
    getState,
    workshopId,
    stateKey: "appraisal",
    render,
    storagePrefix: "wijktafel:drafts",
    classPrefix: "appraisal",
    // One "probleem 1" each: a new try answers the refusals shown at the other post-its too.
    clearsWith: (form, other) => form.startsWith("mark-") && other.startsWith("mark-"),
    name: "appraisal step",
  });
  const { block, redraw, ui } = kit;

  const stepKey = `wijktafel:appraisal-step:${workshopId}`;
  try {
    const saved = window.sessionStorage.getItem(stepKey);
    ui.chosenStep = saved ? Number(saved) : null;
  } catch (_err) {
    ui.chosenStep = null;
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
    const { appraisal, button, send, errorBox } = ctx;
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
        Boolean(pendingRemove), ctx.online, ctx.closed, ctx.error(`mark-${id}`) || "", ctx.step,
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

  function makeCtx(state, step) {
    // The groups of THIS session: session II has its own groups (new participants); the groups
    // of session I stay in ``all_groups``, for the names of what they made.
    const appraisal = {
      ...state.appraisal,
      groups: state.appraisal.groups.filter((g) => g.workshop_id === state.workshop.id),
      all_groups: state.appraisal.groups,
    };
    const groupOf = (pid) => appraisal.groups.find((g) => (g.member_ids || []).includes(pid)) || null;
    return kit.ctx(state, {
      appraisal,
      step,
      myGroup: me != null ? groupOf(me) : null,
      groupOf,
      /** "1 year" / "5 years": a period in whole years, in the page's language. */
      years: (n) => format(ngettext("%(years)s year", "%(years)s years", Number(n)), { years: n }),
    });
  }

  // What the panel holds (the kit draws it while state.appraisal is not null).
  function render(state) {
    const step = stepOf(state);
    // Phones and the big screen show the panel only while an item of the appraisal runs.
    panel.hidden = !step && !isFacilitator;
    const ctx = makeCtx(state, step);
    decorateWall(ctx);
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
      nodes.push(kit.guard(step, () => renderStep(step, ctx)));
    }
    panel.dataset.step = step ? String(step) : "";
    return nodes;
  }

  return kit;
}
