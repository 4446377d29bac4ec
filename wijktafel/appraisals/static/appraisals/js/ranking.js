// The ranking editor of step 6 of an appraisal: a group orders its solution cards, best on top.
// Called by step-6.js; ``ctx`` is described in panel.js.
//
// A group drags its cards (pointer events, so touch and mouse both work; no HTML5 drag and drop)
// or moves them with the buttons beside each card. A dropped order is kept as a draft
// (sessionStorage) and sent as ``ranking.set`` after a short pause; only one ranking op of this
// device per group is on its way at a time, so every op carries the right version and a phone
// that was offline stores its last order once. While an op waits (outbox, localStorage), the list
// shows the order that waits, not the server's.

import { formatEuro as euro } from "./format.js";
import { dropIndex, moveItem, sameOrder, shouldSend, shownOrder } from "./order.js";
import { candidates, groupName, latest, put, titleOf } from "./parts-5-8.js";

const SEND_DELAY_MS = 400;

// Module state that must outlive one draw (ctx is new on every draw).
let drag = null; // the drag in progress
let sendTimer = null;
let announcer = null;

export function persistentAnnouncer(ctx) {
  if (!announcer) {
    announcer = ctx.h("p", { class: "visually-hidden", id: "rank-announcer", role: "status", "aria-live": "polite" });
  }
  return announcer;
}

function announce(text) {
  if (!announcer) return;
  announcer.textContent = "";
  // A new text node in a second step, so screen readers read the same sentence twice as well.
  setTimeout(() => {
    announcer.textContent = text;
  }, 50);
}

export function rankingOf(appraisal, groupId) {
  return appraisal.rankings.find((r) => r.group_id === groupId) || null;
}

export function rankDraftKey(groupId) {
  return `a58-rank-${groupId}`;
}

export function rankPending(ctx, groupId) {
  return ctx.pending.filter((p) => p.kind === "ranking.set" && p.data && p.data.group_id === groupId);
}

export function groupOrder(ctx, groupId) {
  const ids = candidates(ctx.appraisal).map((s) => s.id);
  const ranking = rankingOf(ctx.appraisal, groupId);
  const mine = ranksFor(ctx) === groupId;
  return shownOrder({
    serverOrder: ranking ? ranking.ordered_solution_ids : null,
    pendingOrders: mine ? rankPending(ctx, groupId).map((p) => p.data.ordered_solution_ids) : [],
    draftOrder: mine ? ctx.drafts.get(rankDraftKey(groupId), null) : null,
    candidates: ids,
  });
}

/**
 * Send the dragged order of a group when nothing of this device for that group is on its way.
 * While the connection is down the order stays a draft, so moves made offline become ONE op when
 * the connection is back; ``force`` (the page is being left) puts it into the outbox now, which
 * outlives the tab.
 */
function flushRanking(ctx, groupId, { force = false } = {}) {
  const draft = ctx.drafts.get(rankDraftKey(groupId), null);
  const ranking = rankingOf(ctx.appraisal, groupId);
  const pendingCount = rankPending(ctx, groupId).length;
  if (!Array.isArray(draft)) return;
  if (!ctx.online && !force) return;
  if (!shouldSend({ draftOrder: draft, pendingCount, serverOrder: ranking ? ranking.ordered_solution_ids : [] })) {
    if (!pendingCount && ranking && sameOrder(draft, ranking.ordered_solution_ids)) ctx.drafts.delete(rankDraftKey(groupId));
    return;
  }
  ctx.drafts.delete(rankDraftKey(groupId));
  ctx.send("ranking.set", {
    group_id: groupId,
    ordered_solution_ids: draft,
    solving_power: ranking ? ranking.solving_power || {} : {},
    notes: ranking ? ranking.notes || "" : "",
    version: ranking ? ranking.version : null,
  }, { form: `rank-${groupId}` });
}

/** The page is being left or hidden (phones may end it without notice): no dragged order is lost. */
function flushAllRankings() {
  if (!latest || drag) return;
  for (const key of latest.drafts.keys("a58-rank-")) {
    const groupId = Number(key.slice("a58-rank-".length));
    if (Number.isInteger(groupId)) flushRanking(latest, groupId, { force: true });
  }
  if (latest.drafts.flush) latest.drafts.flush();
}

let leaveHooked = false;
function hookLeaving() {
  if (leaveHooked) return;
  leaveHooked = true;
  window.addEventListener("pagehide", flushAllRankings);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flushAllRankings();
  });
}

function scheduleRankingSend(groupId) {
  if (sendTimer) clearTimeout(sendTimer);
  sendTimer = setTimeout(() => {
    sendTimer = null;
    if (latest && !drag) flushRanking(latest, groupId);
    else if (drag) scheduleRankingSend(groupId);
  }, SEND_DELAY_MS);
}

function commitOrder(ctx, groupId, order, message) {
  ctx.drafts.set(rankDraftKey(groupId), order.slice());
  if (ctx.drafts.flush) ctx.drafts.flush();
  if (message) announce(message);
  scheduleRankingSend(groupId);
  ctx.redraw();
}

function placeMessage(ctx, order, sid) {
  return ctx.format(ctx.gettext("%(title)s is now at place %(place)s of %(total)s."), {
    title: titleOf(ctx.appraisal, sid), place: order.indexOf(sid) + 1, total: order.length,
  });
}

/**
 * The group whose order this device changes: a participant's own group; in the console the group
 * the facilitator chose to rank for (a walk-through alone, or a group without a device).
 */
export function ranksFor(ctx) {
  if (ctx.isParticipant) return ctx.myGroup ? ctx.myGroup.id : null;
  if (!ctx.isFacilitator) return null;
  const chosen = Number(ctx.ui.a58RankFor);
  return ctx.appraisal.groups.some((g) => g.id === chosen) ? chosen : null;
}

export function rankEditor(ctx, gid) {
  const { appraisal, h, gettext, format, block } = ctx;
  if (drag && drag.groupId === gid && drag.container) return drag.container;
  const { order, source } = groupOrder(ctx, gid);
  const ranking = rankingOf(appraisal, gid);
  const pendingCount = rankPending(ctx, gid).length;
  const titles = order.map((sid) => titleOf(appraisal, sid));
  const form = `rank-${gid}`;
  const sync = source === "draft" || pendingCount ? (ctx.online ? "sending" : "waiting") : (ranking ? "saved" : "none");
  const costs = Object.fromEntries(appraisal.cards.map((c) => [c.solution_id, c.extra_total_cost]));
  return block(`a58-rank-edit-${gid}`, [order, titles, sync, ctx.error(form), costs, ctx.closed], () => {
    // The phone's input in step 6 (board.js, markNow): every move is saved, so it has no button.
    const list = h("ol", { class: "rank-list", id: `rank-list-${gid}`, data: { groupId: gid, primary: "" }, "aria-describedby": "rank-help" });
    order.forEach((sid, i) => {
      const title = titleOf(appraisal, sid);
      const handle = h("button", {
        type: "button", class: "rank-item__handle", data: { key: `rank-${sid}-handle` },
        "aria-label": format(gettext("Drag to move: %(title)s. Or use the arrow keys."), { title }),
      }, h("span", { class: "rank-item__grip", "aria-hidden": "true" }, "⠿"));
      const item = h("li", { class: "rank-item", data: { solutionId: sid } },
        handle,
        h("span", { class: "rank-item__body" },
          h("span", { class: "rank-item__title" }, h("span", { class: "rank-item__place", "aria-hidden": "true" }, String(i + 1)), title),
          costs[sid] != null ? h("span", { class: "rank-item__meta" }, format(gettext("extra costs %(amount)s"), { amount: euro(costs[sid]) })) : null),
        h("span", { class: "rank-item__moves" },
          moveButton(ctx, "↑", format(gettext("Move up: %(title)s"), { title }), `rank-${sid}-up`, () => keyMove(ctx, gid, sid, -1)),
          moveButton(ctx, "↓", format(gettext("Move down: %(title)s"), { title }), `rank-${sid}-down`, () => keyMove(ctx, gid, sid, 1))));
      handle.addEventListener("pointerdown", (event) => startDrag(event, ctx, gid, item, list));
      handle.addEventListener("keydown", (event) => {
        if (event.key === "ArrowUp" || event.key === "ArrowDown") {
          event.preventDefault();
          keyMove(ctx, gid, sid, event.key === "ArrowUp" ? -1 : 1);
        }
      });
      put(list, item);
    });
    const status = {
      saved: gettext("Your group's order is saved."),
      sending: gettext("Saving your order…"),
      waiting: gettext("No connection. Your order is kept on this device and is sent when the connection is back."),
      none: gettext("Not ranked yet. Put the best card on top."),
    }[sync];
    const box = h("section", { class: "a58-box a58-rank a58-wide", id: "a58-rank", data: { groupId: gid, sync }, "aria-labelledby": "a58-rank-title" },
      h("h3", { class: "utrecht-heading-3", id: "a58-rank-title" }, format(gettext("Ranking of %(group)s"), { group: groupName(appraisal, gid) })),
      h("p", { class: "appraisal-hint", id: "rank-help" }, gettext("Drag a card by its handle, or use the arrow buttons. Best on top.")),
      list,
      h("p", { class: `a58-sync a58-sync--${sync}`, id: "rank-sync" }, status),
      ctx.errorBox(form));
    return box;
  });
}

function moveButton(ctx, arrow, label, key, onClick) {
  const button = ctx.button(arrow, onClick, { kind: "secondary", key });
  button.setAttribute("aria-label", label);
  button.title = label;
  return button;
}

function keyMove(built, gid, sid, delta) {
  const ctx = latest || built; // the state of now, not of when the buttons were built
  const { order } = groupOrder(ctx, gid);
  const from = order.indexOf(sid);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= order.length) {
    announce(delta < 0 ? ctx.gettext("This card is already at the top.") : ctx.gettext("This card is already at the bottom."));
    return;
  }
  const next = moveItem(order, from, to);
  commitOrder(ctx, gid, next, placeMessage(ctx, next, sid));
}

function startDrag(event, ctx, gid, item, list) {
  if (drag || ctx.closed) return;
  if (event.pointerType === "mouse" && event.button !== 0) return;
  event.preventDefault();
  const container = list.closest(".a58-rank");
  drag = {
    groupId: gid, item, list, container, pointerId: event.pointerId,
    before: [...list.children].map((el) => Number(el.dataset.solutionId)),
  };
  item.classList.add("rank-item--dragging");
  list.classList.add("rank-list--dragging");
  try {
    event.currentTarget.setPointerCapture(event.pointerId);
  } catch (_err) {
    // capture is a help, not a need: the document listeners below follow the pointer
  }
  document.addEventListener("pointermove", onDragMove, { passive: false });
  document.addEventListener("pointerup", onDragEnd);
  document.addEventListener("pointercancel", onDragEnd);
}

function onDragMove(event) {
  if (!drag || event.pointerId !== drag.pointerId) return;
  event.preventDefault();
  const { list, item } = drag;
  const others = [...list.children].filter((el) => el !== item);
  const middles = others.map((el) => {
    const r = el.getBoundingClientRect();
    return r.top + r.height / 2;
  });
  const target = dropIndex(event.clientY, middles);
  const current = [...list.children].indexOf(item);
  // Move the other cards around the dragged one, so the dragged element never leaves the page
  // (that would end its pointer capture).
  if (target > current) {
    for (let k = current; k < target; k += 1) list.insertBefore(item.nextElementSibling, item);
  } else if (target < current) {
    for (let k = current; k > target; k -= 1) list.insertBefore(item.previousElementSibling, item.nextSibling);
  }
  [...list.children].forEach((el, i) => {
    const place = el.querySelector(".rank-item__place");
    if (place) place.textContent = String(i + 1);
  });
  const edge = 56;
  if (event.clientY < edge) window.scrollBy(0, -12);
  else if (event.clientY > window.innerHeight - edge) window.scrollBy(0, 12);
}

function onDragEnd(event) {
  if (!drag || event.pointerId !== drag.pointerId) return;
  document.removeEventListener("pointermove", onDragMove);
  document.removeEventListener("pointerup", onDragEnd);
  document.removeEventListener("pointercancel", onDragEnd);
  const { list, item, groupId, before } = drag;
  item.classList.remove("rank-item--dragging");
  list.classList.remove("rank-list--dragging");
  const after = [...list.children].map((el) => Number(el.dataset.solutionId));
  const sid = Number(item.dataset.solutionId);
  drag = null;
  const ctx = latest;
  if (!ctx) return;
  if (event.type === "pointercancel" || sameOrder(before, after)) {
    ctx.redraw();
    return;
  }
  commitOrder(ctx, groupId, after, placeMessage(ctx, after, sid));
}

/** Step 6 is drawn for group ``gid``: no order is lost when the page is left, and a dragged order
 * waiting from before a reload, or waiting for an earlier op, is sent when free. */
export function resumeRanking(ctx, gid) {
  hookLeaving();
  if (ctx.drafts.has(rankDraftKey(gid)) && !sendTimer && !drag) scheduleRankingSend(gid);
}
