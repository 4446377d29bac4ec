// The spotlight of the big screen (wijktafel/workshops/services/spotlight.py): the facilitator
// shows one post-it, one group's work or one part of the step large; the rest of the stage steps
// aside until the spotlight is turned off.
//
// What can be in the spotlight is marked in the page with data-spot="<target>": the wall's
// post-its (postit:<id>, board-wall.js), the groups (group:<id>, board-groups.js) and the parts a
// method draws (part:<name>, such as a tally or one group's ranking). The console
// offers the groups and parts it shows itself (their name: data-spot-label, aria-label or their
// heading); a post-it is put in the spotlight from its "Arrange" panel.
//
// mountSpotlight(ctx) returns {draw} for the console's controls (#spotlight-controls);
// showSpotlight(stage, target) marks the chosen element on the big screen (board-screen.js).

import { format, gettext, h, shorten } from "./ui.js";

/** Mark the element of ``target`` in ``stage`` (.is-spotlit, its ancestors .spot-path) and the
 * stage itself; without a target, or when it is not shown on the stage, the whole stage shows. */
export function showSpotlight(stage, target) {
  for (const el of stage.querySelectorAll(".spot-path, .is-spotlit")) el.classList.remove("spot-path", "is-spotlit");
  let el = target ? stage.querySelector(`[data-spot="${CSS.escape(target)}"]`) : null;
  if (el && el.closest("[hidden]")) el = null; // not shown now (the PMI before it opens)
  stage.classList.toggle("presenter__stage--spotlight", Boolean(el));
  if (!el) return null;
  el.classList.add("is-spotlit");
  for (let up = el.parentElement; up && up !== stage; up = up.parentElement) up.classList.add("spot-path");
  return el;
}

/** The name of a marked element, for the console. */
function spotLabel(el) {
  if (el.dataset.spotLabel) return el.dataset.spotLabel;
  if (el.getAttribute("aria-label")) return el.getAttribute("aria-label");
  const by = el.getAttribute("aria-labelledby");
  const heading = (by && document.getElementById(by)) || el.querySelector("h2, h3, h4");
  return heading ? heading.textContent.trim() : "";
}

export function mountSpotlight(ctx) {
  const box = document.getElementById("spotlight-controls");
  let signature = null;

  /** What the console offers: the groups and parts it shows, each once, in page order. */
  function choices() {
    const seen = new Set();
    const found = [];
    for (const el of ctx.root.querySelectorAll("[data-spot]")) {
      const target = el.dataset.spot;
      if (target.startsWith("postit:") || seen.has(target) || !el.getClientRects().length) continue;
      const label = spotLabel(el);
      if (!label) continue;
      seen.add(target);
      found.push({ target, label: shorten(label, 60) });
    }
    return found;
  }

  /** The name of what is in the spotlight now. */
  function currentLabel(target, offered) {
    if (target.startsWith("postit:")) {
      const postit = ctx.state.postits.find((p) => `postit:${p.id}` === target);
      return postit ? format(gettext("post-it “%(text)s”"), { text: shorten(postit.text, 50) }) : gettext("a post-it that is gone");
    }
    const choice = offered.find((c) => c.target === target);
    return choice ? choice.label : gettext("a part of an earlier step");
  }

  function draw() {
    if (!box) return;
    const target = ctx.state.spotlight.target;
    const offered = choices();
    const online = ctx.live.status === "online" && !ctx.closedMessage;
    const next = JSON.stringify([target, offered, online, target ? currentLabel(target, offered) : ""]);
    if (next === signature) return;
    signature = next;
    // What was chosen but not shown yet stays chosen when the list changes.
    const old = document.getElementById("spotlight-target");
    const chosen = old && old.value ? old.value : target;
    const select = h("select", { class: "utrecht-select utrecht-select--html-select", id: "spotlight-target" },
      h("option", { value: "" }, offered.length ? gettext("Choose…") : gettext("Nothing to choose in this step")),
      offered.map((c) => h("option", { value: c.target, selected: c.target === chosen }, c.label)));
    const children = [
      h("form", {
        class: "spotlight-controls__form",
        on: {
          submit: (event) => {
            event.preventDefault();
            const value = select.value;
            if (value) ctx.live.send("spotlight.set", { target: value });
          },
        },
      },
      h("label", { class: "utrecht-form-label", for: "spotlight-target" }, gettext("Show large on the big screen")),
      h("div", { class: "spotlight-controls__row" }, select,
        h("button", {
          type: "submit", class: "utrecht-button utrecht-button--secondary-action", id: "spotlight-show",
          disabled: !online || !offered.length,
        }, gettext("Show large")))),
      h("p", { class: "spotlight-controls__hint" }, gettext("A post-it: “Arrange” on the wall, then “Show large on the big screen”.")),
    ];
    if (target) {
      children.unshift(h("p", { class: "spotlight-controls__now", id: "spotlight-now" },
        `${gettext("Large on the big screen now")}: `, h("bdi", { text: currentLabel(target, offered) }), " ",
        h("button", {
          type: "button", class: "utrecht-button utrecht-button--secondary-action", id: "spotlight-off", disabled: !online,
          on: { click: () => ctx.live.send("spotlight.set", { target: null }) },
        }, gettext("Show everything again"))));
    }
    const focused = box.contains(document.activeElement) ? document.activeElement.id : null;
    box.replaceChildren(...children);
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  }

  return { draw };
}
