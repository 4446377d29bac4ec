// The pieces that steps 1-4 of an appraisal share (docs/methods.md §3.4): a titled section, group
// names, the phone's "You are in Group 1" line, the group the console writes for, and the
// console's collapsed "write it yourself" form. ``ctx`` is described in panel.js.

// Marks a string for translation where it is defined; gettext() translates it where it is shown.
export const gettext_noop = (text) => text; // eslint-disable-line camelcase

// The method's terms: the plain label is what people read, the term is small print after it
// (tests/test_b1.py), and one tap on "What does ... mean?" gives the one-sentence explanation.
const TERMS = {
  baseline: [gettext_noop("What does “without a new plan” mean?"),
    gettext_noop("Without a new plan (the baseline alternative): what happens in the coming years if nothing new comes. What has been decided already counts.")],
  core_effect: [gettext_noop("What does “weighs most” mean?"),
    gettext_noop("What weighs most (the core effect): the effect that really matters, mostly that a core problem gets smaller. We compare the solutions on it.")],
  reach: [gettext_noop("What does “how far it reaches” mean?"),
    gettext_noop("How far it reaches (the reach): where or for whom you notice the effect, for example one block of flats, the neighbourhood or the whole district.")],
  out_of_the_box: [gettext_noop("What does “surprising” mean?"),
    gettext_noop("A surprising idea (out of the box): a solution unlike what we usually do. Every group thinks of at least one.")],
};

/** The explanation of the method term ``key`` (one of TERMS), one tap away; stays open across draws. */
export function termHelp(ctx, key) {
  const { h, gettext } = ctx;
  const [question, answer] = TERMS[key];
  const uiKey = `term-${key}-open`;
  return h("details", {
    class: "term-help", open: ctx.ui[uiKey] === true, data: { term: key },
    on: { toggle: (e) => { ctx.ui[uiKey] = e.target.open; } },
  }, h("summary", { class: "term-help__question" }, gettext(question)), h("p", { class: "term-help__answer" }, gettext(answer)));
}

/** A section of a step; the big screen can show it large (``data-spot``, board-spotlight.js). */
export function section(ctx, key, title, children, extraClass = "") {
  const { h } = ctx;
  const headingId = `${key}-heading`;
  return h("section", { class: `appraisal-section ${extraClass}`.trim(), "aria-labelledby": headingId, data: { section: key, spot: `part:${key}` } },
    h("h3", { class: "utrecht-heading-3 appraisal-section__title", id: headingId }, title),
    children);
}

export function groupName(ctx, groupId) {
  const group = ctx.appraisal.all_groups.find((g) => g.id === groupId);
  return group ? group.name : ctx.gettext("No group");
}

export function columnTitle(ctx, columnId) {
  const column = ctx.state.columns.find((c) => c.id === columnId);
  return column ? column.title : ctx.gettext("No problem owner yet");
}

/** "You are in Group 1 with Ans and Bram." (phone), or how to get into one. */
export function myGroupLine(ctx) {
  if (!ctx.isParticipant) return null;
  const group = ctx.myGroup;
  const others = group ? group.member_ids.filter((id) => id !== ctx.me) : [];
  return ctx.block("my-group", [group && group.name, group && group.id, ctx.names(others)], () => myGroupText(ctx, group));
}

function myGroupText(ctx, group) {
  const { h, gettext, format } = ctx;
  if (!group) {
    return h("p", { class: "appraisal-mygroup appraisal-mygroup--none", id: "appraisal-mygroup" },
      gettext("You are not in a group yet. The facilitator puts you in one."));
  }
  const others = group.member_ids.filter((id) => id !== ctx.me);
  return h("p", { class: "appraisal-mygroup", id: "appraisal-mygroup", data: { groupId: group.id } },
    others.length
      ? format(gettext("You are in %(group)s with %(names)s."), { group: group.name, names: ctx.names(others) })
      : format(gettext("You are in %(group)s."), { group: group.name }));
}

/** The group the form writes for: the phone's own group, or the one the facilitator picked. */
export function actingGroup(ctx) {
  if (ctx.isParticipant) return ctx.myGroup;
  if (!ctx.isFacilitator) return null;
  const groups = ctx.appraisal.groups;
  if (ctx.ui.actGroup === 0) return null; // the facilitator writes without a group (a walk-through alone)
  const chosen = groups.find((g) => g.id === ctx.ui.actGroup);
  return chosen || groups[0] || null;
}

/**
 * Console: a collapsed form to write a core problem ("cp", step 2) or a solution ("solution",
 * step 4) for a group; ``form(prefix, group)`` builds the form itself.
 */
export function writeForGroup(ctx, kind, form) {
  const { h, gettext } = ctx;
  const group = actingGroup(ctx);
  const gid = group ? group.id : null;
  const openKey = `write-${kind}-open`;
  const prefix = kind === "cp" ? `cp-new-${gid ?? "none"}` : `solution-new-${gid ?? "none"}`;
  const creates = ctx.pendingOf(kind === "cp" ? "core_problem.create" : "solution.create", (d) => (d.group_id ?? null) === gid);
  const sig = [kind, ctx.appraisal.groups.map((g) => [g.id, g.name]), gid, ctx.ui[openKey], ctx.error(prefix), creates.map((c) => c.data),
    ctx.online, ctx.closed, kind === "cp" ? [ctx.state.columns, ctx.state.postits.map((p) => [p.id, p.text, p.column_id, p.parked]),
      ctx.appraisal.core_problems.filter((c) => (c.group_id ?? null) === gid).map((c) => c.owner_id)] : ctx.drafts.get(`${prefix}-from`, "")];
  return ctx.block(`write-${kind}`, sig, () => {
    const groups = ctx.appraisal.groups;
    const select = h("select", {
      class: "utrecht-select utrecht-select--html-select", id: `appraisal-act-group-${kind}`, data: { key: `appraisal-act-group-${kind}` },
      on: { change: (e) => { ctx.ui.actGroup = Number(e.target.value); ctx.redraw(); } },
    }, groups.map((g) => h("option", { value: String(g.id) }, g.name)),
    h("option", { value: "0" }, gettext("No group (for example when you work alone)")));
    select.value = String(gid ?? 0);
    const details = h("details", {
      class: "appraisal-more appraisal-write", id: `write-${kind}`, open: ctx.ui[openKey] === true,
      on: { toggle: (e) => { ctx.ui[openKey] = e.target.open; } },
    }, h("summary", { data: { key: `write-${kind}-summary` } },
      kind === "cp" ? gettext("Write a core problem yourself") : gettext("Write a solution yourself")),
    h("div", { class: "appraisal-inline-field" },
      h("label", { class: "utrecht-form-label", for: `appraisal-act-group-${kind}` }, gettext("Group")), select),
    creates.length ? h("p", { class: "postit__pending" }, gettext("Being sent…")) : null,
    form(prefix, group));
    return details;
  });
}
