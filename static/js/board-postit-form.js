// The participant's post-it form in the live views (board.js): text, why and problem owner (or a
// new one typed in), character counters, and what happens to a post-it that is sent, stored or
// refused. One task at a time: the form is open while post-its are asked (the agenda item's input,
// or before the session starts), a button "Write a post-it anyway" while another item runs, and
// gone in a method's step that has no post-its (methods.js, ``phone.postits``). What someone
// typed keeps the form open.
//
// mountPostitForm(ctx) wires the form and returns {draw, rejected}; ``ctx`` is the shared context
// of board.js.

import { phoneAnswer } from "./methods.js";
import { currentItem } from "./state.js";
import { format, gettext, h, ngettext, setText, shorten } from "./ui.js";

const byId = (id) => document.getElementById(id);

export function mountPostitForm(ctx) {
  const { live } = ctx;

  const NEW_COLUMN = "__new__";

  function drawColumnChoices() {
    const select = byId("postit-column");
    if (!select) return;
    const signature = JSON.stringify(ctx.state.columns.map((c) => [c.id, c.title]));
    if (select.dataset.signature === signature) return;
    select.dataset.signature = signature;
    const chosen = select.value;
    select.replaceChildren(
      h("option", { value: "" }, gettext("No choice")),
      ...ctx.state.columns.map((c) => h("option", { value: String(c.id) }, shorten(c.title, 60))),
      h("option", { value: NEW_COLUMN }, gettext("Someone else: type the name")),
    );
    if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
    showNewColumn();
  }

  function showNewColumn() {
    const select = byId("postit-column");
    const box = byId("postit-column-new-field");
    if (select && box) box.hidden = select.value !== NEW_COLUMN;
  }

  function counter(inputId, countId, max) {
    const input = byId(inputId);
    const out = byId(countId);
    const spoken = byId(`${countId}-live`);
    if (!input || !out) return;
    let lastSpoken = null;
    const update = () => {
      const left = max - input.value.length;
      setText(out, format(gettext("%(used)s of %(max)s characters"), { used: input.value.length, max }));
      out.classList.toggle("char-count--low", left <= 20);
      // Screen readers hear the count only near the limit, not at every key.
      if (spoken) {
        const message = left <= 20
          ? format(ngettext("%(count)s character left", "%(count)s characters left", left), { count: left })
          : "";
        const bucket = left <= 0 ? 0 : left <= 10 ? 10 : left <= 20 ? 20 : null;
        if (bucket !== lastSpoken) {
          lastSpoken = bucket;
          setText(spoken, message);
        }
      }
    };
    input.addEventListener("input", update);
    update();
    return update;
  }

  const postitForm = byId("postit-form");
  const updateTextCount = counter("postit-text", "postit-text-count", 280);
  const updateWhyCount = counter("postit-why", "postit-why-count", 500);
  let myCreates = new Set();

  function formError(message, focusId) {
    const el = byId("postit-error");
    if (!el) return;
    el.hidden = !message;
    setText(el, message || "");
    const target = focusId ? byId(focusId) : null;
    for (const id of ["postit-text", "postit-column-new"]) {
      const input = byId(id);
      if (input) input.removeAttribute("aria-invalid");
    }
    if (target) {
      target.setAttribute("aria-invalid", "true");
      target.focus();
    }
  }

  if (postitForm) {
    byId("postit-column").addEventListener("change", showNewColumn);
    postitForm.addEventListener("submit", (event) => {
      event.preventDefault();
      if (ctx.closedMessage) return;
      const textInput = byId("postit-text");
      const whyInput = byId("postit-why");
      const text = textInput.value.trim();
      if (!text) {
        formError(gettext("Write something on the post-it first."), "postit-text");
        return;
      }
      const data = { text };
      const why = whyInput.value.trim();
      if (why) data.why = why;
      const choice = byId("postit-column").value;
      if (choice === NEW_COLUMN) {
        const name = byId("postit-column-new").value.trim();
        if (!name) {
          formError(gettext("Type the name of the problem owner, or choose “No choice”."), "postit-column-new");
          return;
        }
        data.column_title = name;
      } else if (choice) {
        data.column_id = Number(choice);
      }
      formError(null);
      const op = live.send("postit.create", data);
      if (op) myCreates.add(op);
      textInput.value = "";
      whyInput.value = "";
      if (updateTextCount) updateTextCount();
      if (updateWhyCount) updateWhyCount();
      setText(byId("postit-feedback"), live.status === "online"
        ? gettext("Your post-it is being sent.")
        : gettext("Your post-it is kept and will be sent when you are online again."));
      textInput.focus();
    });
  }

  live.addEventListener("ack", (event) => {
    if (myCreates.delete(event.detail.op)) setText(byId("postit-feedback"), gettext("Your post-it is on the wall."));
  });

  /** A refused op: true when it was this form's post-it (the message is shown at the form). */
  function rejected(detail, text) {
    const { kind, data } = detail;
    if (kind !== "postit.create" || !postitForm) return false;
    myCreates.delete(detail.op);
    const textInput = byId("postit-text");
    if (textInput && !textInput.value && data) {
      textInput.value = data.text || "";
      byId("postit-why").value = data.why || "";
      if (updateTextCount) updateTextCount();
      if (updateWhyCount) updateWhyCount();
    }
    setText(byId("postit-feedback"), "");
    formError(text, detail.field === "column_title" ? "postit-column-new" : "postit-text");
    return true;
  }

  // --- Open, folded or gone --------------------------------------------------------------------------

  let revealed = false;
  const reveal = byId("postit-reveal");
  if (reveal) {
    reveal.addEventListener("click", () => {
      revealed = true;
      drawMode();
      byId("postit-text").focus();
    });
  }

  function mode() {
    const { state } = ctx;
    const typed = ["postit-text", "postit-why"].some((id) => byId(id) && byId(id).value.trim());
    if (state.workshop.status === "ended") return typed ? "open" : "gone";
    const item = currentItem(state);
    const running = Boolean(item) && state.timer.state !== "idle";
    const method = phoneAnswer(state, "postits");
    if (typed || method === true) return running ? "asked" : "open";
    if (method === false) return "gone";
    if (!running) return "open";
    if (item.activity === "postits") return "asked";
    return revealed ? "open" : "folded";
  }

  function drawMode() {
    const section = byId("postit-section");
    if (!section || !postitForm) return;
    const now = mode();
    if (now !== "folded" && now !== "open") revealed = false;
    section.hidden = now === "gone";
    placeFirst(section, now === "asked");
    section.dataset.mode = now;
    postitForm.hidden = now === "folded";
    if (reveal) {
      reveal.hidden = now !== "folded";
      reveal.setAttribute("aria-expanded", String(now !== "folded"));
    }
    const hint = byId("postit-hint");
    if (hint) {
      hint.hidden = now !== "asked" && now !== "folded";
      setText(hint, now === "asked" ? gettext("Now: write your post-its.") : gettext("No post-its are asked right now."));
      hint.classList.toggle("postit-hint--now", now === "asked");
    }
  }

  // While post-its are asked the form is the first thing of the now area (board.js, markNow);
  // otherwise it goes back after the method's panel.
  function placeFirst(section, first) {
    const area = byId("now-area");
    if (!area || (area.firstElementChild === section) === first) return;
    const focused = section.contains(document.activeElement) ? document.activeElement : null;
    if (first) area.prepend(section);
    else area.insertBefore(section, byId("groups-mine"));
    if (focused) focused.focus({ preventScroll: true });
  }

  function draw() {
    drawColumnChoices();
    drawMode();
  }

  return { draw, rejected };
}
