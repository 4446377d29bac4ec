// The three live views of a workshop: facilitator console, big screen, participant phone.
//
// Reads #live-root (data-view, data-ws-path, data-events-url, data-workshop-id,
// data-participant-id) and #live-snapshot, keeps a LiveSession, and draws with DOM APIs
// only: user text always goes in via textContent (never innerHTML), names in <bdi>.
// No inline styles or handlers (CSP); layout lives in static/css/live.css.

import { CLOSE_ENDED, CLOSE_REMOVED, CLOSE_UNAUTHENTICATED, LiveSession } from "./live.js";
import { currentItem, formatRemaining, remaining, wallLayout } from "./state.js";
import { mountAppraisal } from "./appraisal.js";
import { format, gettext, h, ngettext } from "./ui.js";

const byId = (id) => document.getElementById(id);

function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

function shorten(text, max = 60) {
  const clean = String(text || "").replace(/\s+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function hiddenLabel(text) {
  return h("span", { class: "visually-hidden" }, text);
}

// --- Page set-up ----------------------------------------------------------------------------------

const root = byId("live-root");
const snapshotNode = byId("live-snapshot");

if (root && snapshotNode) {
  main(root, JSON.parse(snapshotNode.textContent));
}

function main(rootEl, snapshot) {
  const view = rootEl.dataset.view;
  const me = rootEl.dataset.participantId ? Number(rootEl.dataset.participantId) : null;
  const isFacilitator = view === "console";
  const live = new LiveSession({
    wsPath: rootEl.dataset.wsPath,
    eventsUrl: rootEl.dataset.eventsUrl,
    workshopId: rootEl.dataset.workshopId,
    participantId: rootEl.dataset.participantId || "",
    view,
    snapshot,
  });

  // View state that is not live state: which panels are open, what is being typed.
  const ui = {
    panel: null, // post-it id whose arrange panel is open (console)
    editing: null, // own post-it id being edited
    renaming: null, // column id being renamed (console)
    openMerged: new Set(), // post-it ids whose merged list is open
    drafts: {}, // data-key -> typed value, so a redraw never loses input
    focusKey: null, // data-key to focus after the next draw
  };
  let state = live.state;
  let pending = [];
  let drawQueued = false;
  let appraisalView = null; // the appraisal step panel, mounted once the state has an appraisal

  function redraw() {
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      draw();
    });
  }

  function draw() {
    drawNow(state);
    drawStatus();
    drawJoinCode();
    if (isFacilitator) {
      drawTimerControls();
      drawJoining();
      drawParticipants();
    } else {
      drawParticipantCount();
    }
    if (view === "participant") drawColumnChoices();
    keepFocus(() => {
      drawWall();
      drawParked();
      drawAppraisal();
    });
  }

  function drawAppraisal() {
    if (!appraisalView && state.appraisal) {
      appraisalView = mountAppraisal({ root: rootEl, live, view, me, getState: () => state });
    }
    if (appraisalView) appraisalView.draw(state);
  }

  // --- "Now": current item, instruction, countdown --------------------------------------------

  function drawNow(current) {
    const item = currentItem(current);
    const timer = current.timer;
    const ended = current.workshop.status === "ended";
    let title;
    if (ended) title = gettext("The session has ended");
    else if (item) title = item.title;
    else title = gettext("The session has not started yet");
    setText(byId("now-title"), title);
    setText(byId("now-instruction"), item && !ended ? item.instruction || "" : "");
    const meta = byId("now-meta");
    if (meta) {
      let text = "";
      if (item && !ended) {
        const index = current.agenda.findIndex((i) => i.id === item.id);
        text = format(gettext("Item %(number)s of %(total)s · %(minutes)s min"), {
          number: index + 1, total: current.agenda.length, minutes: item.duration_minutes,
        });
      }
      setText(meta, text);
    }
    const hint = byId("postit-hint");
    if (hint) {
      const askNow = item && item.activity === "postits" && timer.state !== "idle";
      const other = item && item.activity !== "postits" && timer.state !== "idle";
      hint.hidden = !(askNow || other);
      setText(hint, askNow
        ? gettext("Now: write your post-its.")
        : gettext("No post-its are asked right now. You can still add one."));
      hint.classList.toggle("postit-hint--now", Boolean(askNow));
    }
    tick();
  }

  function tick() {
    const box = byId("now-timer");
    const value = byId("now-timer-value");
    const label = byId("now-timer-state");
    if (!box || !value) return;
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
  }

  // --- Connection status -------------------------------------------------------------------------

  let closedMessage = null;

  function drawStatus() {
    const el = byId("live-status");
    if (!el) return;
    const waiting = pending.filter((p) => !p.acked).length;
    const waitText = waiting
      ? format(ngettext("%(count)s input waits to be sent.", "%(count)s inputs wait to be sent.", waiting),
        { count: waiting })
      : "";
    let text;
    let kind = live.status;
    if (closedMessage) {
      text = closedMessage;
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
    if (kind !== "error" || closedMessage) return;
    const shown = message;
    setTimeout(() => {
      if (el.textContent.includes(shown) && !closedMessage) notice(null);
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
    closedMessage = closedFor(event.detail.code);
    notice(closedMessage, event.detail.code === CLOSE_ENDED ? "info" : "warning");
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
    redraw();
  });

  // --- Console: timer controls, joining, participants ---------------------------------------------

  function drawTimerControls() {
    const online = live.status === "online" && !closedMessage;
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
      select.disabled = !hasItems || Boolean(closedMessage);
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

  function drawJoinCode() {
    // A rotated code arrives in workshop.changed; the old code and QR stop working at once.
    const code = state.workshop.join_code;
    if (!code) return;
    for (const el of document.querySelectorAll(".join-code")) setText(el, code);
    for (const img of document.querySelectorAll("img.live-join__qr")) {
      const url = new URL(img.getAttribute("src"), location.href);
      if (url.searchParams.get("v") !== code) {
        url.searchParams.set("v", code);
        img.setAttribute("src", url.pathname + url.search);
      }
    }
  }

  function drawJoining() {
    const open = state.workshop.joining_open;
    setText(byId("joining-state"), open
      ? gettext("Joining with the code is open.") : gettext("Joining with the code is closed."));
    const button = byId("joining-toggle");
    if (button) {
      setText(button, open ? gettext("Close joining") : gettext("Open joining"));
      button.disabled = Boolean(closedMessage) || state.workshop.status === "ended";
    }
  }

  const joiningButton = byId("joining-toggle");
  if (joiningButton) {
    joiningButton.addEventListener("click", () => {
      live.send("workshop.joining", { open: !state.workshop.joining_open });
    });
  }

  function drawParticipantCount() {
    const el = byId("participant-count");
    if (!el) return;
    const n = state.participants.length;
    if (el.dataset.format === "short") {
      setText(el, `(${n})`);
      return;
    }
    setText(el, format(ngettext("%(count)s participant", "%(count)s participants", n), { count: n }));
  }

  function drawParticipants() {
    drawParticipantCount();
    const list = byId("participant-list");
    if (!list) return;
    const removing = new Set(pending.filter((p) => p.kind === "participant.remove").map((p) => p.data.id));
    const signature = JSON.stringify([state.participants, [...removing], Boolean(closedMessage)]);
    if (list.dataset.signature === signature) return;
    list.dataset.signature = signature;
    keepFocus(() => {
      if (!state.participants.length) {
        list.replaceChildren(h("li", { class: "participant participant--none" }, gettext("Nobody has joined yet.")));
        return;
      }
      list.replaceChildren(...state.participants.map((p) => {
        const extra = [p.organisation_name, p.role_text].filter(Boolean).join(" · ");
        return h("li", { class: "participant" },
          h("span", { class: "participant__name" }, h("bdi", { text: p.display_name })),
          extra ? h("span", { class: "participant__extra" }, h("bdi", { text: extra })) : null,
          h("button", {
            type: "button",
            class: "utrecht-button utrecht-button--subtle participant__remove",
            data: { key: `participant-${p.id}-remove` },
            disabled: removing.has(p.id) || Boolean(closedMessage),
            on: {
              click: () => {
                const question = format(gettext("Remove %(name)s from the session? Their screen closes at once."),
                  { name: p.display_name });
                if (window.confirm(question)) live.send("participant.remove", { id: p.id });
              },
            },
          }, removing.has(p.id) ? gettext("Removing…") : gettext("Remove"), hiddenLabel(`: ${p.display_name}`)));
      }));
    });
  }

  // --- Wall ---------------------------------------------------------------------------------------

  function authorName(postit) {
    if (postit.by_facilitator) return gettext("Facilitator");
    return postit.author_name || gettext("Unknown");
  }

  function myName() {
    if (isFacilitator) return gettext("Facilitator");
    const mine = state.participants.find((p) => p.id === me);
    return mine ? mine.display_name : gettext("You");
  }

  function canEdit(postit) {
    return !closedMessage && (isFacilitator || (me != null && postit.author_id === me && !postit.by_facilitator));
  }

  /** Pending ops by post-it id, and the new post-its still on their way. */
  function pendingIndex() {
    const byPostit = new Map();
    const creates = [];
    for (const entry of pending) {
      if (entry.kind === "postit.create") creates.push(entry);
      else if (entry.kind.startsWith("postit.") && entry.data && entry.data.id != null) {
        byPostit.set(entry.data.id, entry);
      }
    }
    return { byPostit, creates };
  }

  function drawWall() {
    const wall = byId("wall");
    if (!wall) return;
    const layout = wallLayout(state);
    const { byPostit, creates } = pendingIndex();
    const columnIds = new Set(state.columns.map((c) => c.id));
    const byTitle = new Map(state.columns.map((c) => [c.title.toLocaleLowerCase(), c.id]));
    const ghosts = creates.map((entry) => {
      const typed = entry.data.column_title || "";
      const known = typed ? byTitle.get(typed.trim().toLocaleLowerCase()) : undefined;
      let columnId = columnIds.has(entry.data.column_id) ? entry.data.column_id : null;
      if (known !== undefined) columnId = known; // the server files it under the existing column
      return {
        ghost: entry,
        id: null,
        text: entry.data.text || "",
        why: entry.data.why || "",
        column_id: columnId,
        new_column: known === undefined ? typed : "",
        author_name: myName(),
      };
    });
    const topLevel = state.postits.filter((p) => p.merged_into_id == null || !state.postits.some((t) => t.id === p.merged_into_id));
    const context = { layout, byPostit, topLevel };

    const lanes = layout.columns.map(({ column, postits }) => drawColumn(column, postits,
      ghosts.filter((g) => g.column_id === column.id), context));
    const looseGhosts = ghosts.filter((g) => g.column_id == null);
    if (isFacilitator || layout.loose.length || looseGhosts.length || !layout.columns.length) {
      lanes.push(drawColumn(null, layout.loose, looseGhosts, context));
    }
    wall.replaceChildren(...lanes);
    wall.classList.toggle("wall--empty", !state.postits.length && !ghosts.length);
  }

  function drawColumn(column, postits, ghosts, context) {
    const headingId = column ? `column-${column.id}-heading` : "column-none-heading";
    const title = column ? column.title : gettext("No problem owner yet");
    const count = postits.length;
    const head = h("div", { class: "wall-column__head" },
      h("h3", { class: "wall-column__title utrecht-heading-3", id: headingId, dir: "auto" }, title),
      h("span", { class: "wall-column__count" }, format(ngettext("%(count)s post-it", "%(count)s post-its", count), { count })));
    const section = h("section", { class: `wall-column${column ? "" : " wall-column--loose"}`, "aria-labelledby": headingId }, head);
    if (column && isFacilitator) section.append(columnTools(column));
    const cards = [
      ...postits.map((p) => drawCard(p, context)),
      ...ghosts.map((g) => drawGhost(g)),
    ];
    if (cards.length) section.append(h("ul", { class: "postit-list" }, cards));
    else section.append(h("p", { class: "wall-column__empty" }, gettext("No post-its yet.")));
    return section;
  }

  function columnTools(column) {
    const removing = pending.some((p) => p.kind === "column.delete" && p.data.id === column.id);
    if (ui.renaming === column.id) {
      const key = `column-${column.id}-title`;
      const input = h("input", {
        class: "utrecht-textbox utrecht-textbox--html-input", id: key, type: "text", maxLength: 80,
        required: true, autocomplete: "off", data: { key }, value: ui.drafts[key] ?? column.title,
        on: { input: (e) => { ui.drafts[key] = e.target.value; } },
      });
      return h("form", {
        class: "column-rename", data: { key: `column-${column.id}-form` },
        on: {
          submit: (event) => {
            event.preventDefault();
            const title = (ui.drafts[key] ?? column.title).trim();
            if (!title) return;
            live.send("column.rename", { id: column.id, title });
            delete ui.drafts[key];
            ui.renaming = null;
            ui.focusKey = `column-${column.id}-rename`;
            redraw();
          },
        },
      },
      h("label", { class: "utrecht-form-label", for: key }, gettext("New name")),
      input,
      h("span", { class: "button-row" },
        h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", data: { key: `${key}-save` } }, gettext("Save")),
        h("button", {
          type: "button", class: "utrecht-button utrecht-button--subtle", data: { key: `${key}-cancel` },
          on: { click: () => { ui.renaming = null; delete ui.drafts[key]; ui.focusKey = `column-${column.id}-rename`; redraw(); } },
        }, gettext("Cancel"))));
    }
    return h("div", { class: "button-row wall-column__tools" },
      h("button", {
        type: "button", class: "utrecht-button utrecht-button--subtle", data: { key: `column-${column.id}-rename` },
        on: { click: () => { ui.renaming = column.id; ui.focusKey = `column-${column.id}-title`; redraw(); } },
      }, gettext("Rename"), hiddenLabel(`: ${column.title}`)),
      h("button", {
        type: "button", class: "utrecht-button utrecht-button--subtle", disabled: removing,
        data: { key: `column-${column.id}-delete` },
        on: {
          click: () => {
            const question = format(gettext("Delete the column “%(title)s”? Its post-its stay on the wall without a column."),
              { title: column.title });
            if (window.confirm(question)) live.send("column.delete", { id: column.id });
          },
        },
      }, gettext("Delete"), hiddenLabel(`: ${column.title}`)));
  }

  function postitBody(postit, shown) {
    const parts = [
      h("p", { class: "postit__text", dir: "auto" }, shown.text),
    ];
    if (shown.why) {
      parts.push(h("p", { class: "postit__why" },
        h("span", { class: "postit__label" }, `${gettext("Why")}: `), h("bdi", { text: shown.why })));
    }
    parts.push(h("p", { class: "postit__author" }, h("bdi", { text: authorName(postit) })));
    return parts;
  }

  function drawGhost(ghost) {
    return h("li", { class: "postit postit--pending postit--mine", "aria-busy": "true" },
      h("p", { class: "postit__text", dir: "auto" }, ghost.text),
      ghost.why ? h("p", { class: "postit__why" }, h("span", { class: "postit__label" }, `${gettext("Why")}: `),
        h("bdi", { text: ghost.why })) : null,
      ghost.new_column ? h("p", { class: "postit__note" }, `${gettext("New problem owner")}: `, h("bdi", { text: ghost.new_column })) : null,
      h("p", { class: "postit__author" }, h("bdi", { text: ghost.author_name })),
      h("p", { class: "postit__pending" }, gettext("Being sent…")));
  }

  function drawCard(postit, context) {
    const op = context.byPostit.get(postit.id);
    const shown = { text: postit.text, why: postit.why };
    let pendingText = "";
    if (op) {
      if (op.kind === "postit.update") {
        shown.text = op.data.text;
        shown.why = op.data.why ?? postit.why;
        pendingText = gettext("Change being sent…");
      } else if (op.kind === "postit.delete") {
        pendingText = gettext("Being deleted…");
      } else {
        pendingText = gettext("Being saved…");
      }
    }
    const mine = me != null && postit.author_id === me && !postit.by_facilitator;
    const classes = ["postit"];
    if (op) classes.push("postit--pending");
    if (mine) classes.push("postit--mine");
    if (postit.parked) classes.push("postit--parked");
    const card = h("li", { class: classes.join(" "), id: `postit-${postit.id}`, "aria-busy": op ? "true" : null },
      postitBody(postit, shown));
    if (mine && !isFacilitator) card.append(h("p", { class: "postit__mine" }, gettext("Your post-it")));
    if (postit.parked && postit.parked_note) {
      card.append(h("p", { class: "postit__note" }, `${gettext("Note")}: `, h("bdi", { text: postit.parked_note })));
    }
    if (pendingText) card.append(h("p", { class: "postit__pending" }, pendingText));
    const merged = context.layout.merged.get(postit.id) || [];
    if (merged.length) card.append(drawMerged(postit, merged));
    if (canEdit(postit) && !op) {
      if (ui.editing === postit.id) card.append(editForm(postit));
      else card.append(...cardActions(postit, context));
    }
    return card;
  }

  function drawMerged(target, merged) {
    const details = h("details", {
      class: "postit__merged", open: ui.openMerged.has(target.id),
      on: {
        toggle: (e) => {
          if (e.target.open) ui.openMerged.add(target.id);
          else ui.openMerged.delete(target.id);
        },
      },
    }, h("summary", { class: "postit__merged-summary", data: { key: `postit-${target.id}-merged` } },
      format(ngettext("+%(count)s merged", "+%(count)s merged", merged.length), { count: merged.length })));
    details.append(h("ul", { class: "postit__merged-list" }, merged.map((child) => h("li", { class: "postit__merged-item" },
      h("span", { dir: "auto" }, child.text),
      " — ",
      h("bdi", { text: authorName(child) }),
      isFacilitator && !closedMessage ? h("button", {
        type: "button", class: "utrecht-button utrecht-button--subtle", data: { key: `postit-${child.id}-unmerge` },
        on: { click: () => live.send("postit.unmerge", { id: child.id }) },
      }, gettext("Separate"), hiddenLabel(`: ${shorten(child.text, 40)}`)) : null))));
    return details;
  }

  function cardActions(postit, context) {
    const label = shorten(postit.text, 40);
    const row = h("div", { class: "button-row postit__actions" });
    if (isFacilitator) {
      const open = ui.panel === postit.id;
      row.append(h("button", {
        type: "button", class: "utrecht-button utrecht-button--secondary-action",
        "aria-expanded": open ? "true" : "false", "aria-controls": `postit-${postit.id}-panel`,
        data: { key: `postit-${postit.id}-arrange` },
        on: { click: () => { ui.panel = open ? null : postit.id; redraw(); } },
      }, gettext("Arrange"), hiddenLabel(`: ${label}`)));
    } else {
      row.append(h("button", {
        type: "button", class: "utrecht-button utrecht-button--secondary-action", data: { key: `postit-${postit.id}-edit` },
        on: { click: () => { ui.editing = postit.id; ui.focusKey = `postit-${postit.id}-text`; redraw(); } },
      }, gettext("Change"), hiddenLabel(`: ${label}`)));
    }
    row.append(h("button", {
      type: "button", class: "utrecht-button utrecht-button--subtle", data: { key: `postit-${postit.id}-delete` },
      on: {
        click: () => {
          if (window.confirm(format(gettext("Delete the post-it “%(text)s”?"), { text: label }))) {
            live.send("postit.delete", { id: postit.id });
          }
        },
      },
    }, gettext("Delete"), hiddenLabel(`: ${label}`)));
    const parts = [row];
    if (isFacilitator && ui.panel === postit.id) parts.push(arrangePanel(postit, context));
    return parts;
  }

  function field(key, labelText, control) {
    return h("div", { class: "utrecht-form-field live-field" },
      h("label", { class: "utrecht-form-label", for: key }, labelText), control);
  }

  function draftInput(tag, key, initial, props) {
    const el = h(tag, {
      id: key, data: { key }, value: ui.drafts[key] ?? initial,
      on: { input: (e) => { ui.drafts[key] = e.target.value; }, change: (e) => { ui.drafts[key] = e.target.value; } },
      ...props,
    });
    return el;
  }

  function selectWith(key, options, initial) {
    const select = h("select", {
      class: "utrecht-select utrecht-select--html-select", id: key, data: { key },
      on: { change: (e) => { ui.drafts[key] = e.target.value; } },
    }, options.map(([value, text]) => h("option", { value: String(value) }, text)));
    const chosen = ui.drafts[key] ?? String(initial ?? "");
    if (options.some(([value]) => String(value) === chosen)) select.value = chosen;
    return select;
  }

  function arrangePanel(postit, context) {
    const id = postit.id;
    const panel = h("div", { class: "postit__panel", id: `postit-${id}-panel` });

    const moveKey = `postit-${id}-move`;
    const moveOptions = [["", gettext("No problem owner")], ...state.columns.map((c) => [c.id, shorten(c.title, 40)])];
    panel.append(h("form", {
      class: "postit__tool",
      on: {
        submit: (event) => {
          event.preventDefault();
          const value = byId(moveKey).value;
          live.send("postit.move", { id, column_id: value ? Number(value) : null });
          delete ui.drafts[moveKey];
        },
      },
    }, field(moveKey, gettext("Problem owner"), selectWith(moveKey, moveOptions, postit.column_id ?? "")),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action", data: { key: `${moveKey}-go` } }, gettext("Move"))));

    const targets = context.topLevel.filter((p) => p.id !== id);
    if (targets.length) {
      const mergeKey = `postit-${id}-merge`;
      panel.append(h("form", {
        class: "postit__tool",
        on: {
          submit: (event) => {
            event.preventDefault();
            const into = Number(byId(mergeKey).value);
            if (into) live.send("postit.merge", { id, into_id: into });
            delete ui.drafts[mergeKey];
            ui.panel = null;
          },
        },
      }, field(mergeKey, gettext("Merge into (same meaning)"), selectWith(mergeKey,
        targets.map((p) => [p.id, shorten(p.text, 50)]), targets[0].id)),
      h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action", data: { key: `${mergeKey}-go` } }, gettext("Merge"))));
    }

    const noteKey = `postit-${id}-note`;
    if (postit.parked) {
      panel.append(h("div", { class: "postit__tool" }, h("button", {
        type: "button", class: "utrecht-button utrecht-button--secondary-action", data: { key: `postit-${id}-unpark` },
        on: { click: () => live.send("postit.park", { id, parked: false }) },
      }, gettext("Back to the wall"))));
    } else {
      panel.append(h("form", {
        class: "postit__tool",
        on: {
          submit: (event) => {
            event.preventDefault();
            const note = (ui.drafts[noteKey] || "").trim();
            live.send("postit.park", { id, parked: true, note });
            delete ui.drafts[noteKey];
            ui.panel = null;
          },
        },
      }, field(noteKey, gettext("Note for the parking lot (optional)"), draftInput("input", noteKey, "", {
        class: "utrecht-textbox utrecht-textbox--html-input", type: "text", maxLength: 300, autocomplete: "off",
      })),
      h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action", data: { key: `${noteKey}-go` } }, gettext("Park"))));
    }
    return panel;
  }

  function editForm(postit) {
    const textKey = `postit-${postit.id}-text`;
    const whyKey = `postit-${postit.id}-why`;
    const close = () => {
      delete ui.drafts[textKey];
      delete ui.drafts[whyKey];
      ui.editing = null;
      ui.focusKey = `postit-${postit.id}-edit`;
      redraw();
    };
    return h("form", {
      class: "postit__edit",
      on: {
        submit: (event) => {
          event.preventDefault();
          const text = (ui.drafts[textKey] ?? postit.text).trim();
          const why = (ui.drafts[whyKey] ?? postit.why).trim();
          if (!text) {
            byId(textKey).focus();
            return;
          }
          live.send("postit.update", { id: postit.id, text, why, version: postit.version });
          close();
        },
      },
    },
    field(textKey, gettext("Your post-it"), draftInput("textarea", textKey, postit.text, {
      class: "utrecht-textarea", rows: 3, maxLength: 280, required: true,
    })),
    field(whyKey, gettext("Why is this a problem? (optional)"), draftInput("textarea", whyKey, postit.why, {
      class: "utrecht-textarea", rows: 3, maxLength: 500,
    })),
    h("div", { class: "button-row" },
      h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", data: { key: `${textKey}-save` } }, gettext("Save")),
      h("button", { type: "button", class: "utrecht-button utrecht-button--subtle", data: { key: `${textKey}-cancel` }, on: { click: close } }, gettext("Cancel"))));
  }

  function drawParked() {
    const box = byId("parked");
    if (!box) return;
    const layout = wallLayout(state);
    const { byPostit } = pendingIndex();
    const topLevel = state.postits.filter((p) => p.merged_into_id == null);
    if (!layout.parked.length) {
      box.replaceChildren(h("p", { class: "wall-column__empty" }, gettext("Nothing is parked.")));
      return;
    }
    box.replaceChildren(h("ul", { class: "postit-list postit-list--parked" },
      layout.parked.map((p) => drawCard(p, { layout, byPostit, topLevel }))));
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

  // --- Console: add a column ---------------------------------------------------------------------

  const columnForm = byId("column-add");
  if (columnForm) {
    columnForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const input = byId("column-add-title");
      const title = input.value.trim();
      if (!title) {
        input.focus();
        return;
      }
      live.send("column.create", { title });
      input.value = "";
    });
  }

  // --- Participant: write a post-it --------------------------------------------------------------

  const NEW_COLUMN = "__new__";

  function drawColumnChoices() {
    const select = byId("postit-column");
    if (!select) return;
    const signature = JSON.stringify(state.columns.map((c) => [c.id, c.title]));
    if (select.dataset.signature === signature) return;
    select.dataset.signature = signature;
    const chosen = select.value;
    select.replaceChildren(
      h("option", { value: "" }, gettext("No choice")),
      ...state.columns.map((c) => h("option", { value: String(c.id) }, shorten(c.title, 60))),
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
      if (closedMessage) return;
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

  live.addEventListener("rejected", (event) => {
    const { kind, data, message } = event.detail;
    if (appraisalView && appraisalView.handles(event.detail.op)) return; // shown next to its form
    const text = message || gettext("This could not be saved.");
    if (kind === "postit.create" && postitForm) {
      myCreates.delete(event.detail.op);
      const textInput = byId("postit-text");
      if (textInput && !textInput.value && data) {
        textInput.value = data.text || "";
        byId("postit-why").value = data.why || "";
        if (updateTextCount) updateTextCount();
        if (updateWhyCount) updateWhyCount();
      }
      setText(byId("postit-feedback"), "");
      formError(text, event.detail.field === "column" ? "postit-column-new" : "postit-text");
      return;
    }
    notice(text, "error");
  });

  live.addEventListener("servererror", (event) => {
    if (event.detail.op) notice(event.detail.message || gettext("Something went wrong. We try again."), "warning");
  });

  // --- Console: keep the server-rendered agenda editor current ------------------------------------

  const agendaState = { dirty: false };

  function agendaBusy(agenda) {
    return agenda.contains(document.activeElement) || agenda.querySelector("details[open]") !== null;
  }

  function markCurrentAgendaItem() {
    const agenda = byId("agenda");
    if (!agenda) return;
    const current = state.timer.current_item_id;
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

  // --- Big screen: announce new post-its, not too often --------------------------------------------

  const announcer = byId("wall-announcer");
  let newPostits = [];
  let announceTimer = null;

  function announceLater(postit) {
    newPostits.push(postit);
    if (announceTimer) return;
    announceTimer = setTimeout(() => {
      announceTimer = null;
      const n = newPostits.length;
      const message = n === 1
        ? format(gettext("New post-it: %(text)s"), { text: shorten(newPostits[0].text, 80) })
        : format(ngettext("%(count)s new post-it", "%(count)s new post-its", n), { count: n });
      newPostits = [];
      setText(announcer, message);
    }, 5000);
  }

  // --- Wire up --------------------------------------------------------------------------------------

  live.addEventListener("state", (event) => {
    state = event.detail.state;
    const frame = event.detail.frame;
    if (isFacilitator && (frame.type === "snapshot" || frame.kind === "agenda.changed" || frame.kind === "timer.changed")) {
      if (frame.kind === "timer.changed") markCurrentAgendaItem();
      else {
        agendaState.dirty = true;
        refreshAgenda();
      }
    }
    if (announcer && frame.kind === "postit.created") announceLater(frame.data);
    // Linked to an appraisal while open: the event carries only its summary; ask for a whole
    // snapshot (a resync from null), so what session I made shows here at once.
    if (frame.kind === "appraisal.linked") live.rawSend({ type: "resync", after: null });
    if (frame.kind === "postit.deleted" || frame.type === "snapshot") {
      if (ui.editing != null && !state.postits.some((p) => p.id === ui.editing)) ui.editing = null;
      if (ui.panel != null && !state.postits.some((p) => p.id === ui.panel)) ui.panel = null;
    }
    redraw();
  });
  live.addEventListener("status", () => redraw());
  live.addEventListener("outbox", (event) => {
    pending = event.detail.pending;
    redraw();
  });

  setInterval(tick, 250);
  pending = live.pending();
  draw();
  live.start();
  window.wijktafelLive = live; // for the browser tests and for debugging in the console
}
