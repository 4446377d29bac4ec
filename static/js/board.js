// The three live views of a workshop: facilitator console, big screen, participant phone.
//
// Reads #live-root (data-view, data-ws-path, data-events-url, data-workshop-id,
// data-participant-id) and #live-snapshot, keeps a LiveSession, and draws with DOM APIs
// only: user text always goes in via textContent (never innerHTML), names in <bdi>.
// No inline styles or handlers (CSP); layout lives in static/css/live.css.
//
// The parts of the page (each ``mountX(ctx)`` wires its controls and returns what it draws):
//   board-now.js         current item, instruction, countdown, connection status, notices,
//                        the console's timer controls and agenda editor
//   board-people.js      join code, participant count, the console's participant list and joining
//   board-wall.js        the wall: columns, post-it cards, "Arrange" panel, parked post-its
//   board-postit-form.js the participant's post-it form
//   board-agreements.js  the register of agreements and actions ("My actions" on the phone)
//   board-parking.js  the parking lot on the console: parked topics, what comes back now
//   board-pmi.js   the PMI evaluation: points on the phones, the board, the dots on the minus points
//   board-groups.js      groups of set sizes: the console's panel, "Your group" and "Whom do you
//                        already know?" on the phone, the groups on the big screen
//   board-screen.js      the big screen's presenter mode: the join box, and the stage fitted to
//                        the screen without scrolling
//   board-spotlight.js   the spotlight: the console's choice, one thing shown large on the screen
// and the panel of every registered method (methods.js) whose part of the state is not null.
//
// ``ctx``, the context the parts share (one object for the page, changed in place):
//   root, view, me, isFacilitator, live   the page and its LiveSession
//   state, pending                        the live state and live.pending(), always the newest
//   closedMessage                         why the server ended this page, or null
//   ui                                    view state that is not live state (see below)
//   redraw(), keepFocus(fn)               draw soon; draw without losing focus or typed text

import { LiveSession } from "./live.js";
import { registeredMethods } from "./methods.js";
import { mountNow } from "./board-now.js";
import { mountPeople } from "./board-people.js";
import { mountPostitForm } from "./board-postit-form.js";
import { mountWall } from "./board-wall.js";
import { mountAgreements } from "./board-agreements.js";
import { mountParking } from "./board-parking.js";
import { mountPmi } from "./board-pmi.js";
import { mountGroups } from "./board-groups.js";
import { mountScreen } from "./board-screen.js";
import { mountSpotlight } from "./board-spotlight.js";
import { gettext } from "./ui.js";

const root = document.getElementById("live-root");
const snapshotNode = document.getElementById("live-snapshot");

if (root && snapshotNode) {
  main(root, JSON.parse(snapshotNode.textContent));
}

function main(rootEl, snapshot) {
  const view = rootEl.dataset.view;
  const me = rootEl.dataset.participantId ? Number(rootEl.dataset.participantId) : null;
  const live = new LiveSession({
    wsPath: rootEl.dataset.wsPath,
    eventsUrl: rootEl.dataset.eventsUrl,
    workshopId: rootEl.dataset.workshopId,
    participantId: rootEl.dataset.participantId || "",
    view,
    snapshot,
  });

  const ctx = {
    root: rootEl,
    view,
    me,
    isFacilitator: view === "console",
    live,
    state: live.state,
    pending: [],
    closedMessage: null,
    // View state that is not live state: which panels are open, what is being typed.
    ui: {
      panel: null, // post-it id whose arrange panel is open (console)
      editing: null, // own post-it id being edited
      renaming: null, // column id being renamed (console)
      openMerged: new Set(), // post-it ids whose merged list is open
      drafts: {}, // data-key -> typed value, so a redraw never loses input
      focusKey: null, // data-key to focus after the next draw
    },
    redraw,
    keepFocus,
  };
  const { ui } = ctx;
  let drawQueued = false;

  function redraw() {
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      draw();
    });
  }

  // Redraw without losing the keyboard focus or what someone is typing.
  function keepFocus(fn) {
    const active = document.activeElement;
    const key = active && active.dataset ? active.dataset.key : null;
    let selection = null;
    if (key && typeof active.selectionStart === "number") {
      selection = [active.selectionStart, active.selectionEnd];
    }
    fn();
    const wanted = ui.focusKey || (key && !document.contains(active) ? key : null);
    if (!wanted) return;
    const target = rootEl.querySelector(`[data-key="${CSS.escape(wanted)}"]`);
    if (target) {
      target.focus({ preventScroll: !ui.focusKey });
      if (selection && wanted === key && typeof target.setSelectionRange === "function") {
        try {
          target.setSelectionRange(selection[0], selection[1]);
        } catch (_err) {
          // not a text control
        }
      }
    }
    ui.focusKey = null;
  }

  const now = mountNow(ctx);
  const people = mountPeople(ctx);
  const wall = mountWall(ctx);
  const postitForm = mountPostitForm(ctx);
  const agreements = mountAgreements(ctx);
  const pmi = mountPmi(ctx);
  const parking = mountParking(ctx);
  const groups = mountGroups(ctx);
  const screen = view === "screen" ? mountScreen(ctx) : null;
  const spotlight = view === "console" ? mountSpotlight(ctx) : null;

  // --- Method panels: mounted once the state has the method's part ------------------------------

  const panels = new Map(); // method key -> {draw(state), handles(op)}

  function drawPanels() {
    for (const method of registeredMethods()) {
      if (!method.panel) continue;
      let panel = panels.get(method.key);
      if (!panel && ctx.state[method.stateKey] != null) {
        panel = method.panel.mount({ root: rootEl, live, view, me, getState: () => ctx.state });
        panels.set(method.key, panel);
      }
      if (panel) panel.draw(ctx.state);
    }
  }

  function panelHandles(op) {
    for (const panel of panels.values()) if (panel.handles && panel.handles(op)) return true;
    return false;
  }

  // The phone's input for what to do now: the first visible element a panel marked data-primary in
  // the now area, else the first field of its first visible form; its button is the one marked
  // data-primary-action there, else the form's submit button. Marked data-now="input" and
  // data-now="action": the button stays above the keyboard (phone.css), and the browser tests
  // check both are in the first screen for every step of every method (test_phone_now.py).
  function markNow() {
    const area = document.getElementById("now-area");
    if (!area) return;
    const shown = (el) => el.getClientRects().length > 0;
    let input = [...area.querySelectorAll("[data-primary]")].find(shown) || null;
    let box = input ? input.closest("form, section") : null;
    if (!input) {
      const form = [...area.querySelectorAll("form")].find(shown);
      input = form ? [...form.querySelectorAll("textarea, input:not([type=hidden]), select")].find(shown) || null : null;
      box = form;
    }
    const action = box ? [...box.querySelectorAll("[data-primary-action], button[type=submit]")].find(shown) || null : null;
    for (const el of area.querySelectorAll("[data-now]")) {
      if (el !== input && el !== action) delete el.dataset.now;
    }
    if (input) input.dataset.now = "input";
    if (action) action.dataset.now = "action";
  }

  function draw() {
    now.draw();
    people.draw();
    if (view === "participant") postitForm.draw();
    keepFocus(() => {
      wall.draw();
      agreements.draw();
      parking.draw();
      pmi.draw();
      groups.draw();
      drawPanels();
    });
    if (view === "participant") markNow();
    if (spotlight) spotlight.draw(); // after the panels: it offers what they show
    if (screen) screen.draw(); // last: it measures what the others drew
  }

  // --- Wire up --------------------------------------------------------------------------------------

  live.addEventListener("rejected", (event) => {
    if (panelHandles(event.detail.op)) return; // shown next to its form
    const text = event.detail.message || gettext("This could not be saved.");
    if (groups.rejected(event.detail, text)) return; // shown beside its group
    if (postitForm.rejected(event.detail, text)) return;
    now.notice(text, "error");
  });

  live.addEventListener("servererror", (event) => {
    if (event.detail.op) now.notice(event.detail.message || gettext("Something went wrong. We try again."), "warning");
  });

  live.addEventListener("state", (event) => {
    ctx.state = event.detail.state;
    const frame = event.detail.frame;
    now.onState(frame);
    wall.onState(frame);
    // A method whose event carries only a summary (say, the session was linked to something made
    // in another session) asks for a whole snapshot: a resync from null.
    if (frame.kind && registeredMethods().some((m) => m.resyncOn.includes(frame.kind))) {
      live.rawSend({ type: "resync", after: null });
    }
    redraw();
  });
  live.addEventListener("status", () => redraw());
  live.addEventListener("outbox", (event) => {
    ctx.pending = event.detail.pending;
    redraw();
  });

  // Little room on a phone: large text (a text size of 200 %) or landscape. The phone's view then
  // keeps only what is needed now (phone.css reads data-text-size and data-room on <html>).
  if (view === "participant") {
    const measure = () => {
      const px = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      const large = px >= 24;
      document.documentElement.dataset.textSize = large ? "large" : "normal";
      document.documentElement.dataset.room = large || (innerHeight < 512 && innerWidth > innerHeight) ? "tight" : "normal";
    };
    measure();
    window.addEventListener("resize", measure);
  }

  setInterval(now.tick, 250);
  ctx.pending = live.pending();
  draw();
  live.start();
  window.wijktafelLive = live; // for the browser tests and for debugging in the console
}
