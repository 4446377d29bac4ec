// "Now" in the live views (board.js): the current agenda item, its instruction and countdown,
// a timed round beside it, the connection status and the notices; in the console also the timer
// and round controls and the server-rendered agenda editor kept current.
//
// mountNow(ctx) wires the controls and the live session's status events and returns
// {draw, tick, notice, onState}; ``ctx`` is the shared context of board.js.

import { CLOSE_ENDED, CLOSE_REMOVED, CLOSE_UNAUTHENTICATED } from "./live.js";
import { currentItem, formatRemaining, remaining, roundRemaining } from "./state.js";
import { phoneAnswer } from "./methods.js";
import { firstSentences, format, gettext, h, ngettext, setText, shorten } from "./ui.js";

const byId = (id) => document.getElementById(id);

export function mountNow(ctx) {
  const { live, root: rootEl, view, isFacilitator } = ctx;

  // --- Current item, instruction, countdown ------------------------------------------------------

  function drawNow(current) {
    const item = currentItem(current);
    const ended = current.workshop.status === "ended";
    let title;
    if (ended) title = gettext("The session has ended");
    else if (item) title = item.title;
    else title = gettext("The session has not started yet");
    setText(byId("now-title"), title);
    const instruction = item && !ended ? item.instruction || "" : "";
    if (byId("now-task")) drawTask(current, instruction);
    else setText(byId("now-instruction"), instruction);
    const meta = byId("now-meta");
    if (meta) {
      let text = "";
      if (item && !ended) {
        const index = current.agenda.findIndex((i) => i.id === item.id);
        // The phone is short: its timer shows the minutes.
        text = view === "participant"
          ? format(gettext("%(number)s of %(total)s"), { number: index + 1, total: current.agenda.length })
          : format(gettext("Item %(number)s of %(total)s · %(minutes)s min"), {
            number: index + 1, total: current.agenda.length, minutes: item.duration_minutes,
          });
      }
      setText(meta, text);
    }
    tick();
  }

  // The phone: the task in one or two sentences, the rest behind "More explanation". A method
  // gives the task of its step (methods.js, ``phone.task``); otherwise it is the start of the
  // agenda item's instruction.
  function drawTask(current, instruction) {
    const own = instruction ? phoneAnswer(current, "task") : null;
    let task;
    let more = [];
    let rest = instruction;
    if (own) {
      task = own.task;
      more = own.more || [];
    } else {
      [task, rest] = firstSentences(instruction);
    }
    setText(byId("now-task"), task || "");
    setText(byId("now-instruction"), rest);
    const body = byId("now-more-body");
    const signature = JSON.stringify(more);
    if (body.dataset.signature !== signature) {
      body.dataset.signature = signature;
      body.replaceChildren(...more.map((text) => h("p", { class: "live-now__more-text" }, text)));
    }
    byId("now-more").hidden = !rest && !more.length;
  }

  function tick() {
    const box = byId("now-timer");
    const value = byId("now-timer-value");
    const label = byId("now-timer-state");
    if (!box || !value) return;
    const { state } = ctx;
    const timer = state.timer;
    const ms = state.workshop.status === "ended" ? null : remaining(timer, live.clockOffset());
    setText(value, ms == null ? "–:––" : formatRemaining(ms));
    let stateText = "";
    if (ms == null) stateText = gettext("Timer not running");
    else if (timer.state === "paused") stateText = gettext("Paused");
    else if (ms < 0) stateText = gettext("Over time");
    setText(label, stateText);
    box.classList.toggle("live-timer--over", ms != null && ms < 0);
    box.classList.toggle("live-timer--paused", timer.state === "paused");
    box.classList.toggle("live-timer--idle", ms == null);
    tickRound();
  }

  // --- A timed round beside the timer (a pitch, a duo round, a silent round) -----------------------

  function tickRound() {
    const box = byId("now-round");
    if (!box) return;
    const { state } = ctx;
    const ms = state.workshop.status === "ended" ? null : roundRemaining(state.round, live.clockOffset());
    box.hidden = ms == null;
    if (ms == null) return;
    setText(byId("now-round-title"), state.round.title);
    setText(byId("now-round-value"), formatRemaining(ms));
    setText(byId("now-round-state"), ms < 0 ? gettext("Time is up") : "");
    box.classList.toggle("live-round--over", ms < 0);
  }

  function drawRoundControls() {
    const box = byId("round-controls");
    if (!box) return;
    const { state } = ctx;
    const online = live.status === "online" && !ctx.closedMessage;
    const running = Boolean(state.round.ends_at);
    const signature = JSON.stringify([state.round_presets, running, online]);
    if (box.dataset.signature === signature) return;
    box.dataset.signature = signature;
    box.replaceChildren(
      ...state.round_presets.map((preset) => h("button", {
        type: "button", class: "utrecht-button utrecht-button--secondary-action",
        data: { roundPreset: preset.key }, disabled: !online,
        on: { click: () => live.send("round.start", { preset: preset.key }) },
      }, format(gettext("%(title)s (%(minutes)s min)"), { title: preset.title, minutes: preset.minutes }))),
      h("button", {
        type: "button", class: "utrecht-button utrecht-button--subtle", id: "round-stop",
        disabled: !online || !running, on: { click: () => live.send("round.stop", {}) },
      }, gettext("Round done")),
    );
  }

  // --- Connection status -------------------------------------------------------------------------

  function drawStatus() {
    const el = byId("live-status");
    if (!el) return;
    const waiting = ctx.pending.filter((p) => !p.acked).length;
    const waitText = waiting
      ? format(ngettext("%(count)s input waits to be sent.", "%(count)s inputs wait to be sent.", waiting),
        { count: waiting })
      : "";
    let text;
    let kind = live.status;
    if (ctx.closedMessage) {
      text = ctx.closedMessage;
      kind = "closed";
    } else if (live.status === "online") {
      text = gettext("Online");
    } else if (live.status === "offline") {
      text = `${gettext("Offline — your input is kept.")} ${waitText}`;
    } else if (live.polling) {
      text = `${gettext("The live connection does not work on this network. The page updates every 5 seconds.")} ${waitText}`;
      kind = "polling";
    } else if (live.status === "limited") {
      text = `${gettext("Open on too many screens — your input is kept.")} ${waitText}`;
    } else if (live.status === "connecting") {
      text = gettext("Connecting…");
    } else {
      text = `${gettext("Connection lost. Reconnecting… Your input is kept.")} ${waitText}`;
    }
    setText(el, text.trim());
    el.dataset.status = kind;
    rootEl.dataset.status = kind;
  }

  function notice(message, kind = "error") {
    const el = byId("live-notice");
    if (!el) return;
    el.replaceChildren();
    if (!message) {
      el.hidden = true;
      return;
    }
    el.hidden = false;
    el.className = `live-notice utrecht-alert utrecht-alert--${kind}`;
    el.setAttribute("role", kind === "error" ? "alert" : "status");
    const content = h("div", { class: "utrecht-alert__content" },
      h("p", { class: "utrecht-alert__message utrecht-paragraph" }, message));
    el.append(content);
    if (kind !== "error" || ctx.closedMessage) return;
    const shown = message;
    setTimeout(() => {
      if (el.textContent.includes(shown) && !ctx.closedMessage) notice(null);
    }, 15000);
  }

  function closedFor(code) {
    if (code === CLOSE_REMOVED) return gettext("The facilitator removed you from this session.");
    if (code === CLOSE_ENDED) return gettext("This session has ended. Thank you for taking part.");
    if (code === CLOSE_UNAUTHENTICATED) {
      return isFacilitator || view === "screen"
        ? gettext("You are no longer logged in. Please log in again.")
        : gettext("This device is no longer part of the session. Please join again.");
    }
    return gettext("The connection was closed.");
  }

  // Too many screens (4429): say why this page waits, instead of "reconnecting".
  let limitedMessage = null;
  live.addEventListener("limited", (event) => {
    limitedMessage = event.detail.message;
    notice(limitedMessage, "warning");
  });
  live.addEventListener("status", () => {
    if (limitedMessage && live.status === "online") {
      limitedMessage = null;
      notice(null);
    }
  });

  live.addEventListener("closed", (event) => {
    ctx.closedMessage = closedFor(event.detail.code);
    notice(ctx.closedMessage, event.detail.code === CLOSE_ENDED ? "info" : "warning");
    const box = byId("live-notice");
    if (box && event.detail.code === CLOSE_UNAUTHENTICATED) {
      const href = rootEl.dataset.rejoinUrl;
      if (href) {
        box.querySelector(".utrecht-alert__content").append(h("p", { class: "utrecht-paragraph" },
          h("a", { class: "utrecht-link", href }, isFacilitator || view === "screen"
            ? gettext("Log in") : gettext("Join again"))));
      }
    }
    for (const control of rootEl.querySelectorAll("button, input, select, textarea")) {
      if (!control.closest("#agenda")) control.disabled = true;
    }
    ctx.redraw();
  });

  // --- Console: timer controls -------------------------------------------------------------------

  function drawTimerControls() {
    const { state } = ctx;
    const online = live.status === "online" && !ctx.closedMessage;
    const timerState = state.timer.state;
    const hasItems = state.agenda.length > 0;
    const allowed = {
      start: timerState === "idle" && hasItems,
      pause: timerState === "running",
      resume: timerState === "paused",
      extend: timerState !== "idle",
      next: hasItems,
      stop: timerState !== "idle",
    };
    for (const button of rootEl.querySelectorAll("[data-timer-action]")) {
      button.disabled = !online || !allowed[button.dataset.timerAction];
    }
    const select = byId("timer-goto-item");
    if (select) {
      const chosen = select.value;
      const signature = JSON.stringify(state.agenda.map((i) => [i.id, i.title]));
      if (select.dataset.signature !== signature) {
        select.replaceChildren(...state.agenda.map((item, index) => h("option", { value: String(item.id) },
          `${index + 1}. ${shorten(item.title, 50)}`)));
        select.dataset.signature = signature;
        if (chosen && state.agenda.some((i) => String(i.id) === chosen)) select.value = chosen;
      }
      select.disabled = !hasItems || Boolean(ctx.closedMessage);
      const go = byId("timer-goto-button");
      if (go) go.disabled = !online || !hasItems;
    }
  }

  function sendTimer(action, extra = {}) {
    live.send("timer.control", { action, ...extra });
  }

  for (const button of rootEl.querySelectorAll("[data-timer-action]")) {
    button.addEventListener("click", () => {
      const minutes = button.dataset.minutes ? Number(button.dataset.minutes) : undefined;
      sendTimer(button.dataset.timerAction, minutes === undefined ? {} : { minutes });
    });
  }
  const gotoForm = byId("timer-goto");
  if (gotoForm) {
    gotoForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const id = Number(byId("timer-goto-item").value);
      if (id) sendTimer("goto", { item_id: id });
    });
  }

  // --- Console: keep the server-rendered agenda editor current ------------------------------------

  const agendaState = { dirty: false };

  function agendaBusy(agenda) {
    return agenda.contains(document.activeElement) || agenda.querySelector("details[open]") !== null;
  }

  function markCurrentAgendaItem() {
    const agenda = byId("agenda");
    if (!agenda) return;
    const current = ctx.state.timer.current_item_id;
    for (const li of agenda.querySelectorAll("[data-item-id]")) {
      const isCurrent = Number(li.dataset.itemId) === current;
      li.classList.toggle("agenda-item--current", isCurrent);
      if (isCurrent) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
      const title = li.querySelector(".agenda-item__title");
      const badge = title ? title.querySelector(".utrecht-status-badge") : null;
      if (isCurrent && title && !badge) {
        title.append(" ", h("span", { class: "utrecht-status-badge utrecht-status-badge--active" }, gettext("Now")));
      } else if (!isCurrent && badge) {
        badge.remove();
      }
    }
  }

  function refreshAgenda() {
    const agenda = byId("agenda");
    if (!agenda || !agendaState.dirty) return;
    if (agendaBusy(agenda) || !window.htmx) {
      markCurrentAgendaItem(); // the full refresh waits until nobody is editing
      return;
    }
    agendaState.dirty = false;
    const url = agenda.dataset.agendaUrl;
    if (url) window.htmx.ajax("GET", url, { target: "#agenda", swap: "outerHTML" });
  }

  if (isFacilitator) {
    document.addEventListener("focusout", () => setTimeout(refreshAgenda, 0));
    document.addEventListener("toggle", () => setTimeout(refreshAgenda, 0), true);
    document.body.addEventListener("htmx:afterSwap", (event) => {
      if (event.target && event.target.id === "agenda") markCurrentAgendaItem();
    });
  }

  /** A new state arrived (``frame``: the event or snapshot frame): keep the agenda editor current. */
  function onState(frame) {
    if (isFacilitator && (frame.type === "snapshot" || frame.kind === "agenda.changed" || frame.kind === "timer.changed")) {
      if (frame.kind === "timer.changed") markCurrentAgendaItem();
      else {
        agendaState.dirty = true;
        refreshAgenda();
      }
    }
  }

  function draw() {
    drawNow(ctx.state);
    drawStatus();
    if (isFacilitator) {
      drawTimerControls();
      drawRoundControls();
    }
  }

  return { draw, tick, notice, onState };
}
