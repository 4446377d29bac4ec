// Pure helpers of the ranking of step 6: reordering a ranking, and which order to show while an op
// waits in the outbox. No DOM, no clock, no network (tests: tests/js/appraisal-steps-5-8.test.mjs).

/** A copy of ``list`` with the item at ``from`` moved to ``to`` (indexes clamped). */
export function moveItem(list, from, to) {
  const next = list.slice();
  if (from < 0 || from >= next.length) return next;
  const target = Math.max(0, Math.min(next.length - 1, to));
  const [item] = next.splice(from, 1);
  next.splice(target, 0, item);
  return next;
}

export function sameOrder(a, b) {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((value, i) => value === b[i]);
}

/**
 * ``order`` limited to the candidates (merged or deleted cards drop out), followed by the
 * candidates it does not hold yet, in the candidates' own order.
 */
export function completeOrder(order, candidates) {
  const known = new Set(candidates);
  const seen = new Set();
  const out = [];
  for (const id of order || []) {
    if (known.has(id) && !seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  }
  for (const id of candidates) if (!seen.has(id)) out.push(id);
  return out;
}

/**
 * The order a group's ranking shows on this device and where it comes from:
 * "draft" (dragged here, not sent yet) before "pending" (sent, waiting in the outbox or for
 * its event) before "server" (the stored ranking) before "none" (no ranking yet).
 * ``pendingOrders``: the ordered_solution_ids of this device's ranking ops for the group, oldest
 * first; the newest wins.
 */
export function shownOrder({ serverOrder = null, pendingOrders = [], draftOrder = null, candidates = [] }) {
  if (Array.isArray(draftOrder) && draftOrder.length) {
    return { order: completeOrder(draftOrder, candidates), source: "draft" };
  }
  if (pendingOrders.length) {
    return { order: completeOrder(pendingOrders[pendingOrders.length - 1], candidates), source: "pending" };
  }
  if (Array.isArray(serverOrder) && serverOrder.length) {
    return { order: completeOrder(serverOrder, candidates), source: "server" };
  }
  return { order: completeOrder([], candidates), source: "none" };
}

/**
 * Whether a dragged order should be sent now: only one ranking op of a device per group is on
 * its way at a time (the next one needs the version the first one makes), and only an order
 * that differs from what is stored.
 */
export function shouldSend({ draftOrder, pendingCount, serverOrder }) {
  if (!Array.isArray(draftOrder) || !draftOrder.length) return false;
  if (pendingCount > 0) return false;
  return !sameOrder(draftOrder, serverOrder || []);
}

/** The index a dragged item lands on: the number of other items whose middle is above ``y``. */
export function dropIndex(y, middles) {
  let index = 0;
  for (const middle of middles) if (y > middle) index += 1;
  return index;
}
