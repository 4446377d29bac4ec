// Steps 1-4 of an appraisal (METHODS.md §3.4): inventory, sharpen, baseline, solutions.
// Called by panel.js as renderStep(step, ctx) -> Node[] | null; ``ctx`` is described there.
// Every form is a ctx.block() so that other groups' events do not rebuild what someone types
// in, and every typed value lives in ctx.drafts (it survives redraws, reconnects and reloads).

import { formatEuro as euros, lines, parseMoney } from "./rank.js";

export function renderStep(step, ctx) {
  if (step === 1) return inventory(ctx);
  if (step === 2) return sharpen(ctx);
  if (step === 3) return baseline(ctx);
  if (step === 4) return solutions(ctx);
  return null;
}

// --- Shared pieces ------------------------------------------------------------------------------------

const PITCH_MINUTES = 2;

// Marks a string for translation where it is defined; gettext() translates it where it is shown.
const gettext_noop = (text) => text; // eslint-disable-line camelcase

function section(ctx, key, title, children, extraClass = "") {
  const { h } = ctx;
  const headingId = `${key}-heading`;
  return h("section", { class: `appraisal-section ${extraClass}`.trim(), "aria-labelledby": headingId, data: { section: key } },
    h("h3", { class: "utrecht-heading-3 appraisal-section__title", id: headingId }, title),
    children);
}

function groupName(ctx, groupId) {
  const group = ctx.appraisal.all_groups.find((g) => g.id === groupId);
  return group ? group.name : ctx.gettext("No group");
}

function columnTitle(ctx, columnId) {
  const column = ctx.state.columns.find((c) => c.id === columnId);
  return column ? column.title : ctx.gettext("No problem owner yet");
}

/** "You are in Group 1 with Ans and Bram." (phone), or how to get into one. */
function myGroupLine(ctx) {
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
function actingGroup(ctx) {
  if (ctx.isParticipant) return ctx.myGroup;
  if (!ctx.isFacilitator) return null;
  const groups = ctx.appraisal.groups;
  if (ctx.ui.actGroup === 0) return null; // the facilitator writes without a group (a walk-through alone)
  const chosen = groups.find((g) => g.id === ctx.ui.actGroup);
  return chosen || groups[0] || null;
}

// --- Step 1: inventory ----------------------------------------------------------------------------------

function inventory(ctx) {
  const nodes = [];
  if (ctx.isParticipant) nodes.push(myProblemOne(ctx), myPitch(ctx));
  else nodes.push(tally(ctx), pitches(ctx)); // the tally is for the console and the big screen
  return nodes;
}

function myProblemOne(ctx) {
  const { h, gettext, format } = ctx;
  const mark = ctx.appraisal.problem_marks.find((m) => m.participant_id === ctx.me);
  const postit = mark ? ctx.postit(mark.postit_id) : null;
  const own = ctx.state.postits.filter((p) => p.author_id === ctx.me && !p.by_facilitator && !p.parked && p.merged_into_id == null);
  const busy = ctx.pendingOf("problem_mark.set").length + ctx.pendingOf("problem_mark.remove").length > 0;
  const sig = [mark, own.map((p) => [p.id, p.text]), busy, own.map((p) => ctx.error(`mark-${p.id}`)), ctx.online, ctx.closed];
  return ctx.block("my-problem-one", sig, () => {
    const children = [h("p", { class: "appraisal-status", id: "my-problem-one" },
      mark
        ? format(gettext("Your problem 1: “%(text)s”."), { text: ctx.shorten(postit ? postit.text : "", 80) })
        : (own.length
          ? gettext("Which of your post-its is your most important problem? Choose your problem 1.")
          : gettext("Write your problems on post-its first. Then choose your problem 1.")))];
    if (!mark && own.length) {
      // The same choice as on the wall's post-its, close at hand on a phone.
      children.push(h("ul", { class: "problem1-choices", id: "problem1-choices" }, own.map((p) => h("li", { class: "problem1-choice" },
        h("span", { dir: "auto", class: "problem1-choice__text" }, ctx.shorten(p.text, 80)),
        ctx.button(gettext("My problem 1"), () => ctx.send("problem_mark.set", { postit_id: p.id }, { form: `mark-${p.id}` }),
          { kind: "secondary", key: `panel-mark-${p.id}`, disabled: busy, label: ctx.shorten(p.text, 40) }),
        ctx.errorBox(`mark-${p.id}`)))));
    }
    return h("div", { class: "problem1-panel" }, children);
  });
}

function myPitch(ctx) {
  const { h, gettext, format } = ctx;
  const list = ctx.appraisal.pitches;
  const index = list.findIndex((p) => (p.member_ids || []).includes(ctx.me));
  if (index < 0) return null;
  const pitch = list[index];
  const partners = pitch.member_ids.filter((id) => id !== ctx.me);
  return ctx.block("my-pitch", [index, pitch, partners.map((id) => ctx.names([id]))], () => h("p", { class: "appraisal-status", id: "my-pitch" },
    format(gettext("Your pitch: number %(number)s of %(total)s."), { number: index + 1, total: list.length }),
    partners.length ? ` ${format(gettext("You pitch together with %(names)s."), { names: ctx.names(partners) })}` : "",
    pitch.done ? ` ${gettext("Done.")}` : ""));
}

/** The "probleem 1" tally per problem owner and the post-its with the most marks. */
function tally(ctx) {
  const { h, gettext, ngettext, format } = ctx;
  const appraisal = ctx.appraisal;
  const perColumn = appraisal.mark_tally.per_column || {};
  const perPostit = appraisal.mark_tally.per_postit || {};
  const marks = appraisal.problem_marks.length;
  const people = ctx.state.participants.length;
  const top = Object.entries(perPostit)
    .map(([id, n]) => ({ postit: ctx.postit(Number(id)), n }))
    .filter((row) => row.postit)
    .sort((a, b) => b.n - a.n || a.postit.id - b.postit.id)
    .slice(0, 5);
  const columns = ctx.state.columns.map((c) => [c.id, c.title, perColumn[String(c.id)] || 0]);
  return ctx.block("tally", [perColumn, top.map((r) => [r.postit.id, r.postit.text, r.n]), columns, marks, people], () => section(ctx, "tally",
    gettext("Problem 1: the tally"), [
      h("p", { class: "appraisal-hint", id: "tally-count" },
        format(ngettext("%(count)s of %(total)s person chose a problem 1.", "%(count)s of %(total)s people chose a problem 1.", people),
          { count: marks, total: people })),
      columns.length ? h("ul", { class: "tally-list", id: "tally-per-owner" }, columns.map(([id, title, n]) => h("li", {
        class: "tally-list__item", data: { columnId: id, count: n },
      }, h("span", { class: "tally-list__name", dir: "auto" }, title),
      h("span", { class: "tally-list__count" }, format(ngettext("%(count)s mark", "%(count)s marks", n), { count: n }))))) : null,
      top.length ? h("ol", { class: "tally-top", id: "tally-top" }, top.map(({ postit, n }) => h("li", { class: "tally-top__item", data: { postitId: postit.id, count: n } },
        h("span", { dir: "auto" }, ctx.shorten(postit.text, 80)), " ",
        h("span", { class: "tally-top__count" }, format(ngettext("(%(count)s mark)", "(%(count)s marks)", n), { count: n }))))) : null,
    ]));
}

function pitchTimer(ctx) {
  // The pitch timer is the session timer: a two-minute countdown on the step-1 agenda item
  // (or the current one), so every screen counts down the same pitch.
  const item = ctx.state.agenda.find((i) => i.id === ctx.state.timer.current_item_id)
    || ctx.state.agenda.find((i) => i.step === 1);
  if (!item) return false;
  ctx.send("timer.control", { action: "countdown", minutes: PITCH_MINUTES, item_id: item.id }, { form: "pitches" });
  return true;
}

function pitches(ctx) {
  const { h, gettext, ngettext, format } = ctx;
  const list = ctx.appraisal.pitches;
  const people = ctx.state.participants.length;
  const planning = ctx.pendingOf("pitches.plan").length > 0;
  const names = list.map((p) => ctx.names(p.member_ids));
  const busy = ctx.pending.filter((p) => p.kind === "pitch.update" && !p.acked).map((p) => p.data.pitch_id);
  const next = list.find((p) => !p.done);
  const sig = [list, names, people, planning, busy, ctx.error("pitches"), ctx.online, ctx.closed];
  return ctx.block("pitches", sig, () => {
    const children = [
      h("p", { class: "appraisal-hint" }, gettext("Everyone pitches for 2 minutes, at most 10 pitches; with more than 10 people, pairs pitch together. After each pitch: 1 or 2 questions to clarify, no discussion.")),
    ];
    if (ctx.isFacilitator) {
      const started = list.some((p) => p.done);
      children.push(h("div", { class: "button-row" }, ctx.button(
        planning ? gettext("Planning…") : (list.length ? gettext("Plan the pitches again") : gettext("Plan the pitches")),
        () => ctx.send("pitches.plan", {}, { form: "pitches" }),
        { kind: list.length ? "subtle" : "primary", key: "pitches-plan", disabled: planning || started || !people })));
      if (people > 10) {
        children.push(h("p", { class: "appraisal-hint" }, format(gettext("%(count)s people: they pitch in pairs."), { count: people })));
      }
    }
    const err = ctx.errorBox("pitches");
    if (err) children.push(err);
    if (!list.length) {
      children.push(h("p", { class: "appraisal-empty" }, gettext("No pitches are planned yet.")));
    } else {
      children.push(h("ol", { class: "pitch-list", id: "pitch-list" }, list.map((pitch, index) => {
        const isNext = next && pitch.id === next.id;
        const item = h("li", {
          class: `pitch${pitch.done ? " pitch--done" : ""}${isNext ? " pitch--next" : ""}`, data: { pitchId: pitch.id },
          "aria-current": isNext ? "step" : null,
        },
        h("span", { class: "pitch__number", "aria-hidden": "true" }, String(index + 1)),
        h("bdi", { class: "pitch__names", text: names[index] || gettext("Unknown") }),
        pitch.done ? h("span", { class: "utrecht-status-badge pitch__badge" }, gettext("Done")) : null,
        isNext && !ctx.isFacilitator ? h("span", { class: "utrecht-status-badge utrecht-status-badge--active pitch__badge" }, gettext("Next")) : null);
        if ((pitch.clarifying_questions || []).length) {
          item.append(h("ul", { class: "pitch__questions" }, pitch.clarifying_questions.map((q) => h("li", { dir: "auto" }, q))));
        }
        if (ctx.isFacilitator) {
          const label = format(gettext("pitch %(number)s"), { number: index + 1 });
          const wait = busy.includes(pitch.id);
          const row = h("div", { class: "button-row pitch__actions" },
            ctx.button(format(ngettext("Start %(count)s minute", "Start %(count)s minutes", PITCH_MINUTES), { count: PITCH_MINUTES }),
              () => pitchTimer(ctx), { kind: isNext ? "primary" : "secondary", key: `pitch-${pitch.id}-start`, label, disabled: pitch.done }),
            ctx.button(pitch.done ? gettext("Not done") : gettext("Done"),
              () => ctx.send("pitch.update", { pitch_id: pitch.id, done: !pitch.done }, { form: "pitches" }),
              { kind: "subtle", key: `pitch-${pitch.id}-done`, label, disabled: wait }));
          item.append(row, questionsForm(ctx, pitch, label));
        }
        return item;
      })));
    }
    return section(ctx, "pitches", format(ngettext("Pitches (%(count)s)", "Pitches (%(count)s)", list.length), { count: list.length }), children);
  });
}

function questionsForm(ctx, pitch, label) {
  const { h, gettext } = ctx;
  const key = `pitch-${pitch.id}-questions`;
  const details = h("details", {
    class: "pitch__more", open: ctx.ui[`${key}-open`] === true,
    on: { toggle: (e) => { ctx.ui[`${key}-open`] = e.target.open; } },
  }, h("summary", { data: { key: `${key}-summary` } }, gettext("Clarifying questions"), h("span", { class: "visually-hidden" }, `: ${label}`)));
  details.append(h("form", {
    class: "appraisal-form",
    on: {
      submit: (event) => {
        event.preventDefault();
        const questions = lines(ctx.drafts.get(key, (pitch.clarifying_questions || []).join("\n")));
        ctx.send("pitch.update", { pitch_id: pitch.id, clarifying_questions: questions }, { form: "pitches", keep: [key] });
      },
    },
  }, ctx.field(key, gettext("One or two questions, one per line"), ctx.textArea(key, (pitch.clarifying_questions || []).join("\n"), { rows: 2, maxLength: 620 })),
  ctx.button(gettext("Save questions"), null, { type: "submit", key: `${key}-save` })));
  return details;
}

// --- Step 2: sharpen ----------------------------------------------------------------------------------

const SOLVES = [["unknown", gettext_noop("Unknown")], ["yes", gettext_noop("Yes")], ["partly", gettext_noop("Partly")], ["no", gettext_noop("No")]];

function solvesLabel(ctx, value) {
  const row = SOLVES.find(([v]) => v === value);
  return ctx.gettext(row ? row[1] : "Unknown");
}

function sharpen(ctx) {
  const nodes = [myGroupLine(ctx)];
  nodes.push(ctx.isFacilitator ? groupsAdmin(ctx) : groupsOverview(ctx));
  if (!ctx.isScreen) nodes.push(devilsAdvocate(ctx));
  if (ctx.isParticipant) {
    const group = ctx.myGroup;
    if (group) nodes.push(coreProblemsOfGroup(ctx, group));
    nodes.push(coreProblemsOverview(ctx, group ? group.id : null));
  } else {
    nodes.push(coreProblemsOverview(ctx, null));
    if (ctx.isFacilitator) nodes.push(writeForGroup(ctx, "cp"));
  }
  return nodes;
}

/** Console: a collapsed form to write a core problem or a solution for a group. */
function writeForGroup(ctx, kind) {
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
    kind === "cp" ? coreProblemForm(ctx, { prefix, cp: null, group }) : solutionForm(ctx, { prefix, solution: null, group }));
    return details;
  });
}

function groupsOverview(ctx) {
  const { h, gettext } = ctx;
  const groups = ctx.appraisal.groups;
  const rows = groups.map((g) => [g.id, g.name, ctx.names(g.member_ids)]);
  return ctx.block("groups-overview", [rows], () => section(ctx, "groups", gettext("Groups"),
    rows.length ? h("ul", { class: "group-list" }, rows.map(([id, name, names]) => h("li", { class: "group-list__item", data: { groupId: id } },
      h("strong", {}, name), ": ", h("bdi", { text: names || gettext("nobody yet") }))))
      : h("p", { class: "appraisal-empty" }, gettext("There are no groups yet."))));
}

function groupsAdmin(ctx) {
  const { h, gettext, ngettext, format } = ctx;
  const groups = ctx.appraisal.groups;
  const people = ctx.state.participants;
  const grouped = new Set(groups.flatMap((g) => g.member_ids));
  const loose = people.filter((p) => !grouped.has(p.id));
  const busy = ctx.pending.filter((p) => !p.acked && (p.kind.startsWith("group") || p.kind === "groups.form")).length;
  const sig = [groups, people.map((p) => [p.id, p.display_name, p.organisation_name]), busy, ctx.error("groups"), ctx.ui.editGroup, ctx.online, ctx.closed];
  return ctx.block("groups-admin", sig, () => {
    const children = [];
    if (!groups.length) {
      const sizeKey = "groups-size";
      children.push(h("form", {
        class: "appraisal-form appraisal-form--row", id: "groups-form",
        on: {
          submit: (event) => {
            event.preventDefault();
            ctx.send("groups.form", { size: Number(ctx.drafts.get(sizeKey, "4")) }, { form: "groups" });
          },
        },
      }, ctx.field(sizeKey, gettext("People per group"), ctx.select(sizeKey, [["3", "3"], ["4", "4"]], "4")),
      ctx.button(gettext("Form groups"), null, { type: "submit", kind: "primary", key: "groups-form-go", disabled: busy > 0 || people.length < 2 })));
      children.push(h("p", { class: "appraisal-hint" }, gettext("The app mixes the organisations. You can change the groups by hand afterwards.")));
    }
    const err = ctx.errorBox("groups");
    if (err) children.push(err);
    if (groups.length) {
      children.push(h("ul", { class: "group-list group-list--admin", id: "group-admin-list" }, groups.map((g) => {
        const count = g.member_ids.length;
        const item = h("li", { class: "group-list__item", data: { groupId: g.id } },
          h("p", { class: "group-list__head" }, h("strong", {}, g.name), " ",
            h("span", { class: "appraisal-hint" }, format(ngettext("(%(count)s person)", "(%(count)s people)", count), { count }))),
          h("p", {}, h("bdi", { text: ctx.names(g.member_ids) || gettext("nobody yet") })));
        if (count && (count < 3 || count > 4)) {
          item.append(h("p", { class: "appraisal-warning" }, format(gettext("This group has %(count)s people. Groups of three or four work best."), { count })));
        }
        if (ctx.ui.editGroup === g.id) item.append(membersForm(ctx, g, loose));
        else {
          item.append(h("div", { class: "button-row" },
            ctx.button(gettext("Change members"), () => { ctx.ui.editGroup = g.id; ctx.redraw(); }, { kind: "secondary", key: `group-${g.id}-edit`, label: g.name }),
            ctx.button(gettext("Delete group"), () => {
              if (window.confirm(format(gettext("Delete %(group)s? What the group made stays."), { group: g.name }))) {
                ctx.send("group.delete", { group_id: g.id }, { form: "groups" });
              }
            }, { kind: "subtle", key: `group-${g.id}-delete`, label: g.name })));
        }
        return item;
      })));
    }
    children.push(newGroupForm(ctx, loose, groups.length));
    if (loose.length && groups.length) {
      children.push(h("p", { class: "appraisal-hint", id: "groups-loose" },
        `${gettext("Not in a group")}: `, h("bdi", { text: loose.map((p) => p.display_name).join(", ") })));
    }
    return section(ctx, "groups", gettext("Groups"), children);
  });
}

function memberChecks(ctx, key, candidates, chosen) {
  const { h } = ctx;
  return h("fieldset", { class: "appraisal-checks" }, candidates.map((p) => {
    const box = ctx.checkbox(`${key}-${p.id}`, chosen.includes(p.id),
      [p.display_name, p.organisation_name ? ` (${p.organisation_name})` : ""].join(""));
    return box;
  }));
}

function checkedMembers(ctx, key, candidates, chosen) {
  return candidates.filter((p) => ctx.drafts.get(`${key}-${p.id}`, chosen.includes(p.id))).map((p) => p.id);
}

function membersForm(ctx, group, loose) {
  const { h, gettext } = ctx;
  const key = `group-${group.id}-members`;
  const candidates = [...ctx.state.participants.filter((p) => group.member_ids.includes(p.id)), ...loose];
  const keys = candidates.map((p) => `${key}-${p.id}`);
  const close = () => {
    for (const k of keys) ctx.drafts.delete(k);
    ctx.ui.editGroup = null;
    ctx.redraw();
  };
  return h("form", {
    class: "appraisal-form", id: key,
    on: {
      submit: (event) => {
        event.preventDefault();
        const members = checkedMembers(ctx, key, candidates, group.member_ids);
        ctx.send("group.update", { group_id: group.id, member_ids: members }, { form: "groups" });
        close();
      },
    },
  }, h("p", { class: "utrecht-form-label" }, gettext("Members")), memberChecks(ctx, key, candidates, group.member_ids),
  h("div", { class: "button-row" },
    ctx.button(gettext("Save members"), null, { type: "submit", kind: "primary", key: `${key}-save` }),
    ctx.button(gettext("Cancel"), close, { kind: "subtle", key: `${key}-cancel` })));
}

function newGroupForm(ctx, loose, count) {
  const { h, gettext, format } = ctx;
  const key = "group-new";
  const open = ctx.ui.newGroupOpen === true;
  const details = h("details", {
    class: "appraisal-more", open,
    on: { toggle: (e) => { ctx.ui.newGroupOpen = e.target.open; } },
  }, h("summary", { data: { key: `${key}-summary` } }, gettext("Make a group by hand")));
  const nameKey = `${key}-name`;
  details.append(h("form", {
    class: "appraisal-form", id: key,
    on: {
      submit: (event) => {
        event.preventDefault();
        const name = String(ctx.drafts.get(nameKey, "")).trim() || format(gettext("Group %(n)s"), { n: count + 1 });
        const members = checkedMembers(ctx, key, loose, []);
        ctx.send("group.create", { name, member_ids: members }, { form: "groups", clear: [nameKey, ...loose.map((p) => `${key}-${p.id}`)] });
      },
    },
  }, ctx.field(nameKey, gettext("Name of the group"), ctx.textInput(nameKey, "", { maxLength: 60, placeholder: format(gettext("Group %(n)s"), { n: count + 1 }) })),
  loose.length ? [h("p", { class: "utrecht-form-label" }, gettext("Members")), memberChecks(ctx, key, loose, [])]
    : h("p", { class: "appraisal-hint" }, gettext("Everyone is in a group already.")),
  ctx.button(gettext("Make group"), null, { type: "submit", key: `${key}-go` })));
  return details;
}

function devilsAdvocate(ctx) {
  const { h, gettext } = ctx;
  return ctx.block("devils-advocate", [ctx.ui.devilOpen === true], () => h("details", {
    class: "appraisal-more devils-advocate", id: "devils-advocate", open: ctx.ui.devilOpen === true,
    on: { toggle: (e) => { ctx.ui.devilOpen = e.target.open; } },
  }, h("summary", { data: { key: "devils-advocate-summary" } }, gettext("Questions of the devil's advocate")),
  h("p", { class: "appraisal-hint" }, gettext("One person in the group keeps asking these questions:")),
  h("ol", { class: "devils-advocate__list" },
    h("li", {}, gettext("What exactly is the problem? And what is the problem behind it?")),
    h("li", {}, gettext("How bad is it if the problem is not solved?")),
    h("li", {}, gettext("For whom is it bad?"))),
  h("p", { class: "appraisal-hint" }, gettext("Also ask:")),
  h("ul", { class: "devils-advocate__list" },
    h("li", {}, gettext("Do we have the right problem? Is there another problem behind it?")),
    h("li", {}, gettext("Could the problem solve itself, without a new intervention? For example because residents or businesses solve it, or because the situation changes anyway.")),
    h("li", {}, gettext("Who owns the problem? How many people or businesses notice it? What exactly goes wrong for them if nobody solves it?")))));
}

const CP_TEXT_FIELDS = ["formulation", "nature", "what_if_unsolved", "solves_itself_explanation"];

/** The fields of a core problem as typed in the form under ``prefix``. */
function coreProblemFields(ctx, prefix, cp) {
  const get = (name, fallback) => ctx.drafts.get(`${prefix}-${name}`, fallback);
  const fields = {};
  for (const name of CP_TEXT_FIELDS) fields[name] = String(get(name, cp ? cp[name] || "" : "")).trim();
  fields.underlying_problems = lines(get("underlying", cp ? (cp.underlying_problems || []).join("\n") : ""));
  const count = String(get("count", cp && cp.affected_count != null ? String(cp.affected_count) : "")).replace(/[\s.]/g, "");
  fields.affected_count = count === "" ? null : Number(count);
  fields.affected_unit = String(get("unit", cp ? cp.affected_unit || "" : "")).trim();
  fields.could_solve_itself = String(get("solves", cp ? cp.could_solve_itself || "unknown" : "unknown"));
  return fields;
}

function coreProblemKeys(prefix) {
  return [...CP_TEXT_FIELDS, "underlying", "count", "unit", "solves", "owner"].map((n) => `${prefix}-${n}`);
}

function sourceKeys(ctx, prefix) {
  return ctx.drafts.keys(`${prefix}-src-`);
}

/** Post-its of step 1 to pick as sources: those of the chosen owner first, then the rest. */
function sourceChoices(ctx, ownerId) {
  const postits = ctx.state.postits.filter((p) => p.merged_into_id == null && !p.parked);
  const own = postits.filter((p) => p.column_id === ownerId);
  const rest = postits.filter((p) => p.column_id !== ownerId);
  return { own, rest };
}

function coreProblemForm(ctx, { prefix, cp, group, onDone }) {
  const { h, gettext } = ctx;
  const columns = ctx.state.columns;
  const ownerKey = `${prefix}-owner`;
  const gid = group ? group.id : null;
  const done = new Set(ctx.appraisal.core_problems.filter((c) => (c.group_id ?? null) === gid).map((c) => c.owner_id));
  const firstOpen = columns.find((c) => !done.has(c.id)) || columns[0];
  const ownerId = cp ? cp.owner_id : Number(ctx.drafts.get(ownerKey, firstOpen ? String(firstOpen.id) : "")) || null;
  const chosenSources = cp ? cp.source_postit_ids : [];
  const { own, rest } = sourceChoices(ctx, ownerId);
  const srcKey = (id) => `${prefix}-src-${id}`;
  const form = h("form", {
    class: "appraisal-form core-problem-form", id: prefix, novalidate: true,
    on: {
      submit: (event) => {
        event.preventDefault();
        const fields = coreProblemFields(ctx, prefix, cp);
        if (!fields.formulation) {
          const input = document.getElementById(`${prefix}-formulation`);
          if (input) input.focus();
          return;
        }
        if (fields.affected_count != null && (!Number.isInteger(fields.affected_count) || fields.affected_count < 0)) {
          ctx.setError(prefix, gettext("Type a whole number of people, for example 120."));
          ctx.ui.focusAfter = `${prefix}-count`;
          return;
        }
        const sources = [...own, ...rest].filter((p) => ctx.drafts.get(srcKey(p.id), chosenSources.includes(p.id))).map((p) => p.id);
        const keys = [...coreProblemKeys(prefix), ...sourceKeys(ctx, prefix)];
        if (cp) {
          ctx.send("core_problem.update", { core_problem_id: cp.id, fields, source_postit_ids: sources, version: cp.version },
            { form: prefix, keep: keys });
        } else {
          const data = { owner_id: ownerId, fields, source_postit_ids: sources };
          if (ctx.isFacilitator && group) data.group_id = group.id;
          ctx.send("core_problem.create", data, { form: prefix, clear: keys });
        }
        if (onDone) onDone();
      },
    },
  });
  if (!cp) {
    if (!columns.length) {
      form.append(h("p", { class: "appraisal-hint" }, gettext("There are no problem owners (columns) on the wall yet.")));
      return form;
    }
    const select = ctx.select(ownerKey, columns.map((c) => [c.id, ctx.shorten(c.title, 50)]), ownerId);
    select.addEventListener("change", () => ctx.redraw());
    form.append(ctx.field(ownerKey, gettext("Problem owner"), select));
  } else {
    form.append(h("p", { class: "appraisal-hint" }, `${gettext("Problem owner")}: `, h("bdi", { text: cp.owner_name })));
  }
  const sourceList = (list) => list.map((p) => ctx.checkbox(srcKey(p.id), chosenSources.includes(p.id), ctx.shorten(p.text, 70)));
  form.append(h("fieldset", { class: "appraisal-checks core-problem-form__sources" },
    h("legend", { class: "utrecht-form-label" }, gettext("The post-its it comes from")),
    own.length ? sourceList(own) : h("p", { class: "appraisal-hint" }, gettext("This problem owner has no post-its.")),
    rest.length ? h("details", { class: "appraisal-more", open: ctx.ui[`${prefix}-rest`] === true, on: { toggle: (e) => { ctx.ui[`${prefix}-rest`] = e.target.open; } } },
      h("summary", {}, gettext("Other post-its")), sourceList(rest)) : null));
  form.append(
    ctx.field(`${prefix}-formulation`, gettext("The core problem, as sharp as you can"),
      ctx.textArea(`${prefix}-formulation`, cp ? cp.formulation : "", { rows: 3, maxLength: 2000, required: true })),
    ctx.field(`${prefix}-underlying`, gettext("Underlying problems (one per line)"),
      ctx.textArea(`${prefix}-underlying`, cp ? (cp.underlying_problems || []).join("\n") : "", { rows: 3 })),
    ctx.field(`${prefix}-nature`, gettext("Nature of the problem"),
      ctx.textArea(`${prefix}-nature`, cp ? cp.nature : "", { rows: 2, maxLength: 2000 })),
    h("div", { class: "appraisal-pair" },
      ctx.field(`${prefix}-count`, gettext("How many?"), ctx.numberInput(`${prefix}-count`, cp && cp.affected_count != null ? String(cp.affected_count) : "", { maxLength: 10 })),
      ctx.field(`${prefix}-unit`, gettext("Of whom? (for example households, businesses)"), ctx.textInput(`${prefix}-unit`, cp ? cp.affected_unit : "", { maxLength: 80 }))),
    ctx.field(`${prefix}-what_if_unsolved`, gettext("What happens if nobody solves it?"),
      ctx.textArea(`${prefix}-what_if_unsolved`, cp ? cp.what_if_unsolved : "", { rows: 2, maxLength: 2000 })),
    ctx.field(`${prefix}-solves`, gettext("Could the problem solve itself?"),
      ctx.select(`${prefix}-solves`, SOLVES.map(([v, t]) => [v, gettext(t)]), cp ? cp.could_solve_itself : "unknown")),
    ctx.field(`${prefix}-solves_itself_explanation`, gettext("Why (not)?"),
      ctx.textArea(`${prefix}-solves_itself_explanation`, cp ? cp.solves_itself_explanation : "", { rows: 2, maxLength: 2000 })));
  const err = ctx.errorBox(prefix);
  if (err) form.append(err);
  const row = h("div", { class: "button-row" },
    ctx.button(cp ? gettext("Save core problem") : gettext("Add core problem"), null, { type: "submit", kind: "primary", key: `${prefix}-save` }));
  if (cp) {
    row.append(ctx.button(gettext("Cancel"), () => {
      for (const k of [...coreProblemKeys(prefix), ...sourceKeys(ctx, prefix)]) ctx.drafts.delete(k);
      if (onDone) onDone();
      ctx.redraw();
    }, { kind: "subtle", key: `${prefix}-cancel` }));
  }
  form.append(row);
  return form;
}

function coreProblemCard(ctx, cp, { editable, confirmable, mode = "full" }) {
  const { h, gettext, format } = ctx;
  const editing = ctx.ui.editCp === cp.id;
  const prefix = `cp-${cp.id}`;
  const pendingUpdate = ctx.pendingOf("core_problem.update", (d) => d.core_problem_id === cp.id)[0];
  const pendingConfirm = ctx.pendingOf("core_problem.confirm", (d) => d.core_problem_id === cp.id)[0];
  const shown = pendingUpdate ? { ...cp, ...pendingUpdate.data.fields } : cp;
  const card = h("li", {
    class: `core-problem${cp.confirmed_sharp ? " core-problem--confirmed" : ""}${pendingUpdate ? " core-problem--pending" : ""}`,
    id: `core-problem-${cp.id}`, data: { coreProblemId: cp.id, groupId: cp.group_id ?? "" },
  },
  h("p", { class: "core-problem__owner" }, h("bdi", { text: cp.owner_name || gettext("No problem owner") }),
    cp.group_id ? h("span", { class: "core-problem__group" }, ` · ${groupName(ctx, cp.group_id)}`) : null,
    cp.confirmed_sharp ? h("span", { class: "utrecht-status-badge core-problem__badge" }, gettext("Sharp enough")) : null),
  h("div", { class: "core-problem__wording" },
    h("div", { class: "core-problem__original" },
      h("p", { class: "appraisal-label" }, gettext("Original wording")),
      h("p", { dir: "auto", class: "core-problem__text" }, cp.original_wording || "–")),
    h("div", { class: "core-problem__sharp" },
      h("p", { class: "appraisal-label" }, gettext("Sharpened")),
      h("p", { dir: "auto", class: "core-problem__text core-problem__formulation" }, shown.formulation))));
  const details = [];
  if ((shown.underlying_problems || []).length) {
    details.push(h("p", {}, h("span", { class: "appraisal-label" }, `${gettext("Underlying problems")}: `), h("bdi", { text: shown.underlying_problems.join("; ") })));
  }
  if (shown.nature) details.push(h("p", {}, h("span", { class: "appraisal-label" }, `${gettext("Nature")}: `), h("bdi", { text: shown.nature })));
  if (shown.affected_count != null || shown.affected_unit) {
    details.push(h("p", {}, h("span", { class: "appraisal-label" }, `${gettext("Scale")}: `),
      h("bdi", { text: [shown.affected_count ?? "", shown.affected_unit || ""].join(" ").trim() })));
  }
  if (shown.what_if_unsolved) details.push(h("p", {}, h("span", { class: "appraisal-label" }, `${gettext("If nobody solves it")}: `), h("bdi", { text: shown.what_if_unsolved })));
  details.push(h("p", {}, h("span", { class: "appraisal-label" }, `${gettext("Could solve itself")}: `), solvesLabel(ctx, shown.could_solve_itself),
    shown.solves_itself_explanation ? [" — ", h("bdi", { text: shown.solves_itself_explanation })] : null));
  if (mode === "compact") {
    // Another group's core problem: the details fold away, so the overview stays short on a phone.
    const openKey = `cp-${cp.id}-details-open`;
    card.append(h("details", {
      class: "core-problem__more", open: ctx.ui[openKey] === true,
      on: { toggle: (e) => { ctx.ui[openKey] = e.target.open; } },
    }, h("summary", { data: { key: `${openKey}-summary` } }, gettext("Details")), h("div", { class: "core-problem__details" }, details)));
  } else {
    card.append(h("div", { class: "core-problem__details" }, details));
  }
  if (pendingUpdate) card.append(h("p", { class: "postit__pending" }, gettext("Change being sent…")));
  const err = ctx.errorBox(prefix);
  if (err && !editing) card.append(err);
  if (editing) {
    card.append(coreProblemForm(ctx, { prefix, cp, group: null, onDone: () => { ctx.ui.editCp = null; ctx.redraw(); } }));
    return card;
  }
  const row = h("div", { class: "button-row" });
  const label = ctx.shorten(cp.owner_name, 30);
  if (confirmable) {
    row.append(ctx.button(cp.confirmed_sharp ? gettext("Not sharp enough yet") : gettext("Confirm: sharp enough"),
      () => ctx.send("core_problem.confirm", { core_problem_id: cp.id, confirmed: !cp.confirmed_sharp }, { form: prefix }),
      { kind: cp.confirmed_sharp ? "subtle" : "primary", key: `${prefix}-confirm`, disabled: Boolean(pendingConfirm), label }));
  }
  if (editable) {
    row.append(ctx.button(gettext("Change"), () => { ctx.ui.editCp = cp.id; ctx.redraw(); }, { key: `${prefix}-edit`, label }),
      ctx.button(gettext("Delete"), () => {
        if (window.confirm(format(gettext("Delete the core problem of %(owner)s?"), { owner: cp.owner_name }))) {
          ctx.send("core_problem.delete", { core_problem_id: cp.id }, { form: prefix });
        }
      }, { kind: "subtle", key: `${prefix}-delete`, label }));
  }
  if (row.childNodes.length) card.append(row);
  return card;
}

function coreProblemsOfGroup(ctx, group) {
  const { h, gettext, format } = ctx;
  const mine = ctx.appraisal.core_problems.filter((cp) => cp.group_id === group.id);
  const creates = ctx.pendingOf("core_problem.create", (d) => !ctx.isFacilitator || d.group_id === group.id);
  const done = new Set(mine.map((cp) => cp.owner_id));
  const todo = ctx.state.columns.filter((c) => !done.has(c.id)).map((c) => c.title);
  const prefix = `cp-new-${group.id}`;
  const sig = [group.id, mine, creates.map((c) => c.data), ctx.state.columns, ctx.state.postits.map((p) => [p.id, p.text, p.column_id, p.parked, p.merged_into_id]),
    ctx.ui.editCp, ctx.error(prefix), mine.map((cp) => ctx.error(`cp-${cp.id}`)), ctx.online, ctx.closed];
  return ctx.block(`cp-group-${group.id}`, sig, () => section(ctx, "cp-group", format(gettext("Core problems of %(group)s"), { group: group.name }), [
    todo.length && ctx.state.columns.length ? h("p", { class: "appraisal-hint" }, `${gettext("Still to do (one core problem per problem owner)")}: `, h("bdi", { text: todo.join(", ") })) : null,
    h("ul", { class: "core-problem-list", id: `core-problems-group-${group.id}` },
      mine.map((cp) => coreProblemCard(ctx, cp, { editable: true, confirmable: false, mode: "full" })),
      creates.map((entry) => h("li", { class: "core-problem core-problem--pending", "aria-busy": "true" },
        h("p", { class: "core-problem__owner" }, h("bdi", { text: columnTitle(ctx, entry.data.owner_id) })),
        h("p", { dir: "auto", class: "core-problem__formulation" }, (entry.data.fields || {}).formulation || ""),
        h("p", { class: "postit__pending" }, gettext("Being sent…"))))),
    h("h4", { class: "utrecht-heading-4 appraisal-subtitle" }, gettext("New core problem")),
    coreProblemForm(ctx, { prefix, cp: null, group }),
  ], "appraisal-section--work"));
}

/** Every core problem, grouped by problem owner (read-only, except the facilitator's check). */
function coreProblemsOverview(ctx, exceptGroupId) {
  const { h, gettext } = ctx;
  const list = ctx.appraisal.core_problems.filter((cp) => exceptGroupId == null || cp.group_id !== exceptGroupId);
  const owners = [];
  for (const cp of list) {
    const key = cp.owner_name || "";
    let entry = owners.find((o) => o.name === key);
    if (!entry) owners.push(entry = { name: key, ownerId: cp.owner_id ?? null, items: [] });
    entry.items.push(cp);
  }
  // One core problem per problem owner is the expected outcome; more is allowed, with a warning
  // (METHODS.md §3 step 2). Counted over every group, also those this overview leaves out.
  const perOwner = new Map();
  for (const cp of ctx.appraisal.core_problems) {
    if (cp.owner_id != null) perOwner.set(cp.owner_id, (perOwner.get(cp.owner_id) || 0) + 1);
  }
  const title = exceptGroupId != null ? gettext("Core problems of the other groups") : gettext("All core problems");
  const pendingConfirm = ctx.pending.filter((p) => p.kind === "core_problem.confirm").map((p) => p.data.core_problem_id);
  const sig = [list, [...perOwner], ctx.appraisal.groups.map((g) => [g.id, g.name]), exceptGroupId, pendingConfirm, list.map((cp) => ctx.error(`cp-${cp.id}`)), ctx.ui.editCp, ctx.online];
  return ctx.block(`cp-overview-${exceptGroupId ?? "all"}`, sig, () => section(ctx, "cp-overview", title,
    owners.length ? owners.map((owner) => h("div", { class: "core-problem-owner" },
      h("h4", { class: "utrecht-heading-4 core-problem-owner__title", dir: "auto" }, owner.name || gettext("No problem owner")),
      owner.ownerId != null && perOwner.get(owner.ownerId) > 1
        ? h("p", { class: "appraisal-warning core-problem-owner__warning" },
          gettext("This problem owner now has more than one core problem. Usually there is one."))
        : null,
      h("ul", { class: "core-problem-list" }, owner.items.map((cp) => coreProblemCard(ctx, cp, {
        editable: ctx.isFacilitator, confirmable: ctx.isFacilitator, mode: ctx.isScreen ? "screen" : "compact",
      })))))
      : h("p", { class: "appraisal-empty" }, gettext("No core problems yet.")), "core-problem-overview"));
}

// --- Step 3: baseline ------------------------------------------------------------------------------

const CHECKS = [
  ["not_a_solution", gettext_noop("Never a real solution: only what is needed to keep the problem within limits."), null],
  ["decisions_taken", gettext_noop("Decisions already taken are included."), "decisions_taken", gettext_noop("Which decisions?")],
  ["sober", gettext_noop("As sober as possible."), null],
  ["legal_norms", gettext_noop("Legal norms: the cheapest way to comply."), "legal_norms", gettext_noop("Which legal norms?")],
  ["behaviour_change", gettext_noop("Behaviour change: people may find their own way around the problem."), "behaviour_change", gettext_noop("Which behaviour change?")],
  ["autonomous_change", gettext_noop("Autonomous change: the situation may change by itself."), "autonomous_change", gettext_noop("Which change by itself?")],
];

const MONEY = [
  ["one_off_cost", gettext_noop("One-off costs (investment)")],
  ["periodic_cost_per_year", gettext_noop("Periodic costs per year (management)")],
  ["one_off_income", gettext_noop("One-off income (for example sales)")],
  ["periodic_income_per_year", gettext_noop("Periodic income per year (for example rent)")],
];

function totals(values, years) {
  const n = (v) => (v == null || Number.isNaN(v) ? 0 : v);
  const y = n(years);
  return {
    cost: n(values.one_off_cost) + n(values.periodic_cost_per_year) * y,
    income: n(values.one_off_income) + n(values.periodic_income_per_year) * y,
  };
}

function baseline(ctx) {
  return [ctx.isFacilitator ? baselineForm(ctx) : baselineView(ctx)];
}

function baselineView(ctx) {
  const { h, gettext, format } = ctx;
  const b = ctx.appraisal.baseline;
  const years = ctx.appraisal.horizon_years;
  return ctx.block("baseline-view", [b, years], () => {
    if (!b) {
      return section(ctx, "baseline", gettext("Baseline alternative"),
        h("p", { class: "appraisal-empty" }, gettext("The facilitator writes the baseline here together with you.")));
    }
    return section(ctx, "baseline", gettext("Baseline alternative"), [
      h("p", { class: "baseline__description", dir: "auto", id: "baseline-description" }, b.description || "–"),
      h("ul", { class: "baseline-checks" }, CHECKS.map(([name, text, note]) => h("li", {
        class: `baseline-check${b.checklist && b.checklist[name] ? " baseline-check--done" : ""}`,
      }, h("span", { class: "baseline-check__mark", "aria-hidden": "true" }, b.checklist && b.checklist[name] ? "✓" : "○"), " ",
      h("span", { class: "visually-hidden" }, b.checklist && b.checklist[name] ? `${gettext("Checked")}: ` : `${gettext("Not checked")}: `),
      gettext(text), note && b[note] ? h("span", { class: "baseline-check__note" }, " — ", h("bdi", { text: b[note] })) : null))),
      moneyTable(ctx, b, b.horizon_years ?? years, { total_cost: b.total_cost, total_income: b.total_income }),
    ]);
  });
}

function moneyTable(ctx, values, years, sums) {
  const { h, gettext, format } = ctx;
  return h("table", { class: "utrecht-table baseline-money", id: "baseline-money" },
    h("caption", { class: "utrecht-table__caption" }, years ? format(gettext("Costs and income over %(period)s"), { period: ctx.years(years) }) : gettext("Costs and income")),
    h("tbody", { class: "utrecht-table__body" },
      MONEY.map(([name, label]) => h("tr", { class: "utrecht-table__row" },
        h("th", { class: "utrecht-table__header-cell", scope: "row" }, gettext(label)),
        h("td", { class: "utrecht-table__cell utrecht-table__cell--numeric" }, euros(values[name])))),
      h("tr", { class: "utrecht-table__row baseline-money__total" },
        h("th", { class: "utrecht-table__header-cell", scope: "row" }, gettext("Total costs")),
        h("td", { class: "utrecht-table__cell utrecht-table__cell--numeric", id: "baseline-total-cost" }, euros(sums.total_cost))),
      h("tr", { class: "utrecht-table__row baseline-money__total" },
        h("th", { class: "utrecht-table__header-cell", scope: "row" }, gettext("Total income")),
        h("td", { class: "utrecht-table__cell utrecht-table__cell--numeric", id: "baseline-total-income" }, euros(sums.total_income)))));
}

function baselineForm(ctx) {
  const { h, gettext, format } = ctx;
  const b = ctx.appraisal.baseline;
  const years = ctx.appraisal.horizon_years;
  const busy = ctx.pending.filter((p) => (p.kind === "baseline.set" || p.kind === "horizon.set") && !p.acked).length;
  const sig = [b, years, busy, ctx.error("baseline"), ctx.error("horizon"), ctx.online, ctx.closed];
  return ctx.block("baseline-form", sig, () => {
    const prefix = "baseline";
    const horizonKey = `${prefix}-horizon`;
    const moneyKeys = MONEY.map(([name]) => `${prefix}-${name}`);
    const textKeys = ["description", "decisions_taken", "legal_norms", "behaviour_change", "autonomous_change"].map((n) => `${prefix}-${n}`);
    const checkKeys = CHECKS.map(([name]) => `${prefix}-check-${name}`);
    const costOut = h("output", { class: "baseline-total", id: "baseline-live-cost", for: [...moneyKeys, horizonKey].join(" ") });
    const incomeOut = h("output", { class: "baseline-total", id: "baseline-live-income", for: [...moneyKeys, horizonKey].join(" ") });
    const readMoney = () => Object.fromEntries(MONEY.map(([name]) => [name, parseMoney(ctx.drafts.get(`${prefix}-${name}`, b && b[name] != null ? String(b[name]) : ""), { empty: null })]));
    const readYears = () => {
      const v = Number(String(ctx.drafts.get(horizonKey, years != null ? String(years) : "")).trim());
      return Number.isInteger(v) && v > 0 ? v : null;
    };
    const update = () => {
      const sum = totals(readMoney(), readYears());
      costOut.textContent = euros(sum.cost);
      incomeOut.textContent = euros(sum.income);
    };
    const horizonInput = ctx.numberInput(horizonKey, years != null ? String(years) : "", { maxLength: 3 });
    horizonInput.addEventListener("input", update);
    const horizonForm = h("form", {
      class: "appraisal-form appraisal-form--row", id: "horizon-form", novalidate: true,
      on: {
        submit: (event) => {
          event.preventDefault();
          const value = readYears();
          if (!value) {
            horizonInput.focus();
            return;
          }
          ctx.send("horizon.set", { horizon_years: value }, { form: "horizon", keep: [horizonKey] });
        },
      },
    }, ctx.field(horizonKey, gettext("Horizon in years"), horizonInput,
      gettext("The same period for the baseline and every solution: for example 5 years for a small intervention, 10 or 20 for buildings.")),
    ctx.button(gettext("Set horizon"), null, { type: "submit", key: `${horizonKey}-save`, disabled: busy > 0 }));
    const herr = ctx.errorBox("horizon");
    if (herr) horizonForm.append(herr);

    const moneyFields = MONEY.map(([name, label]) => {
      const input = ctx.numberInput(`${prefix}-${name}`, b && b[name] != null ? String(b[name]) : "", { maxLength: 16 });
      input.addEventListener("input", update);
      return ctx.field(`${prefix}-${name}`, gettext(label), input);
    });
    const form = h("form", {
      class: "appraisal-form baseline-form", id: "baseline-form", novalidate: true,
      on: {
        submit: (event) => {
          event.preventDefault();
          const fields = {};
          for (const key of textKeys) fields[key.slice(prefix.length + 1)] = String(ctx.drafts.get(key, b ? b[key.slice(prefix.length + 1)] || "" : "")).trim();
          fields.checklist = Object.fromEntries(CHECKS.map(([name]) => [name, Boolean(ctx.drafts.get(`${prefix}-check-${name}`, b ? Boolean(b.checklist && b.checklist[name]) : false))]));
          const money = readMoney();
          for (const [name] of MONEY) {
            if (Number.isNaN(money[name])) {
              ctx.setError("baseline", gettext("Type an amount in whole euros, for example 25000."));
              ctx.ui.focusAfter = `${prefix}-${name}`;
              return;
            }
            fields[name] = money[name] ?? 0;
          }
          if (!b) {
            const value = readYears();
            if (value) fields.horizon_years = value;
          }
          const data = { fields };
          if (b) data.version = b.version;
          ctx.send("baseline.set", data, { form: "baseline", keep: [...textKeys, ...checkKeys, ...moneyKeys] });
        },
      },
    },
    ctx.field(`${prefix}-description`, gettext("What happens in the coming years without new policy or a new intervention?"),
      ctx.textArea(`${prefix}-description`, b ? b.description : "", { rows: 4, maxLength: 4000 })),
    h("fieldset", { class: "appraisal-checks baseline-checklist" },
      h("legend", { class: "utrecht-form-label" }, gettext("Checklist")),
      CHECKS.map(([name, text, note, noteLabel]) => h("div", { class: "baseline-checklist__item" },
        ctx.checkbox(`${prefix}-check-${name}`, b ? Boolean(b.checklist && b.checklist[name]) : false, gettext(text)),
        note ? ctx.field(`${prefix}-${note}`, gettext(noteLabel), ctx.textArea(`${prefix}-${note}`, b ? b[note] : "", { rows: 1, maxLength: 4000 })) : null))),
    h("fieldset", { class: "baseline-money-fields" },
      h("legend", { class: "utrecht-form-label" }, gettext("Costs and income in whole euros (rough amounts are fine)")),
      moneyFields,
      h("p", { class: "baseline-totals" },
        h("span", {}, `${gettext("Total costs")}: `, costOut),
        h("span", {}, `${gettext("Total income")}: `, incomeOut)),
      h("p", { class: "appraisal-hint" }, gettext("Total = one-off amount + amount per year × horizon in years."))));
    const err = ctx.errorBox("baseline");
    if (err) form.append(err);
    form.append(h("div", { class: "button-row" },
      ctx.button(b ? gettext("Save baseline") : gettext("Add baseline"), null, { type: "submit", kind: "primary", key: `${prefix}-save`, disabled: busy > 0 }),
      b ? h("span", { class: "appraisal-hint" }, format(gettext("Saved · version %(version)s"), { version: b.version })) : null));
    update();
    return section(ctx, "baseline", gettext("Baseline alternative"), [horizonForm, form], "appraisal-section--work");
  });
}

// --- Step 4: solutions ------------------------------------------------------------------------------

const SOLUTION_KEYS = ["title", "effects", "who", "ootb", "from"];

function solutions(ctx) {
  const nodes = [myGroupLine(ctx)];
  if (ctx.isParticipant) {
    const group = ctx.myGroup;
    if (group) nodes.push(solutionsOfGroup(ctx, group), parkedIdeas(ctx, group));
    nodes.push(solutionsOverview(ctx, group ? group.id : null));
  } else {
    nodes.push(solutionsOverview(ctx, null));
    if (ctx.isFacilitator) nodes.push(writeForGroup(ctx, "solution"), parkedIdeas(ctx, actingGroup(ctx), true));
  }
  return nodes;
}

function solutionForm(ctx, { prefix, solution, group, onDone }) {
  const { h, gettext } = ctx;
  const key = (n) => `${prefix}-${n}`;
  const fromId = solution ? null : Number(ctx.drafts.get(key("from"), "")) || null;
  const from = fromId ? ctx.postit(fromId) : null;
  const form = h("form", {
    class: "appraisal-form solution-form", id: prefix, novalidate: true,
    on: {
      submit: (event) => {
        event.preventDefault();
        const fields = {
          title: String(ctx.drafts.get(key("title"), solution ? solution.title : "")).trim(),
          effects_text: String(ctx.drafts.get(key("effects"), solution ? solution.effects_text : "")).trim(),
          who_experiences: String(ctx.drafts.get(key("who"), solution ? solution.who_experiences : "")).trim(),
          out_of_the_box: Boolean(ctx.drafts.get(key("ootb"), solution ? solution.out_of_the_box : false)),
        };
        if (!fields.title) {
          const input = document.getElementById(key("title"));
          if (input) input.focus();
          return;
        }
        const keys = SOLUTION_KEYS.map(key);
        if (solution) {
          ctx.send("solution.update", { solution_id: solution.id, fields, version: solution.version }, { form: prefix, keep: keys });
        } else {
          const data = { fields };
          if (ctx.isFacilitator && group) data.group_id = group.id;
          if (from) data.from_postit_id = from.id;
          ctx.send("solution.create", data, { form: prefix, clear: keys });
        }
        if (onDone) onDone();
      },
    },
  });
  if (from) {
    form.append(h("p", { class: "appraisal-hint solution-form__from" }, `${gettext("From the parked idea")}: `, h("bdi", { text: ctx.shorten(from.text, 80) }), " ",
      ctx.button(gettext("Not from this idea"), () => { ctx.drafts.delete(key("from")); ctx.redraw(); }, { kind: "subtle", key: `${key("from")}-clear` })));
  }
  form.append(h("div", { class: "solution-form__columns" },
    ctx.field(key("title"), gettext("Solution"), ctx.textArea(key("title"), solution ? solution.title : "", { rows: 2, maxLength: 200, required: true })),
    ctx.field(key("effects"), gettext("Effects"), ctx.textArea(key("effects"), solution ? solution.effects_text : "", { rows: 3, maxLength: 2000 })),
    ctx.field(key("who"), gettext("Who notices the effects?"), ctx.textArea(key("who"), solution ? solution.who_experiences : "", { rows: 3, maxLength: 2000 }))),
  ctx.checkbox(key("ootb"), solution ? solution.out_of_the_box : false, gettext("This is an out-of-the-box solution")));
  const err = ctx.errorBox(prefix);
  if (err) form.append(err);
  const row = h("div", { class: "button-row" },
    ctx.button(solution ? gettext("Save solution") : gettext("Add solution"), null, { type: "submit", kind: "primary", key: `${prefix}-save` }));
  if (solution) {
    row.append(ctx.button(gettext("Cancel"), () => {
      for (const k of SOLUTION_KEYS.map(key)) ctx.drafts.delete(k);
      if (onDone) onDone();
      ctx.redraw();
    }, { kind: "subtle", key: `${prefix}-cancel` }));
  }
  form.append(row);
  return form;
}

function solutionRow(ctx, solution, { editable, mergeable, children = [] }) {
  const { h, gettext, format } = ctx;
  const prefix = `solution-${solution.id}`;
  const pendingUpdate = ctx.pendingOf("solution.update", (d) => d.solution_id === solution.id)[0];
  const shown = pendingUpdate ? { ...solution, ...pendingUpdate.data.fields } : solution;
  const editing = ctx.ui.editSolution === solution.id;
  const from = solution.from_postit_id ? ctx.postit(solution.from_postit_id) : null;
  const row = h("li", {
    class: `solution${shown.out_of_the_box ? " solution--ootb" : ""}${pendingUpdate ? " solution--pending" : ""}`,
    id: prefix, data: { solutionId: solution.id, groupId: solution.group_id ?? "" },
  },
  h("div", { class: "solution__cells" },
    h("div", { class: "solution__cell" }, h("p", { class: "solution__label" }, gettext("Solution")),
      h("p", { class: "solution__title", dir: "auto" }, shown.title),
      shown.out_of_the_box ? h("span", { class: "utrecht-status-badge solution__ootb" }, gettext("Out of the box")) : null),
    h("div", { class: "solution__cell" }, h("p", { class: "solution__label" }, gettext("Effects")),
      h("p", { dir: "auto", class: "solution__text" }, shown.effects_text || "–")),
    h("div", { class: "solution__cell" }, h("p", { class: "solution__label" }, gettext("Who notices them")),
      h("p", { dir: "auto", class: "solution__text" }, shown.who_experiences || "–"))));
  if (from) row.append(h("p", { class: "appraisal-hint" }, `${gettext("From the parked idea")}: `, h("bdi", { text: ctx.shorten(from.text, 60) })));
  const target = solution.merged_into_id != null ? ctx.appraisal.solutions.find((s) => s.id === solution.merged_into_id) : null;
  if (target) {
    row.classList.add("solution--merged");
    row.append(h("p", { class: "appraisal-hint solution__merged-into" }, `${gettext("Merged into")}: `, h("bdi", { text: ctx.shorten(target.title, 60) }),
      ` · ${groupName(ctx, target.group_id)}`));
  }
  if (pendingUpdate) row.append(h("p", { class: "postit__pending" }, gettext("Change being sent…")));
  if (children.length) {
    row.append(h("div", { class: "solution__merged" },
      h("p", { class: "appraisal-label" }, format(gettext("Merged into this one (%(count)s)"), { count: children.length })),
      h("ul", { class: "solution__merged-list" }, children.map((child) => h("li", { data: { solutionId: child.id } },
        h("bdi", { text: child.title }), ` · ${groupName(ctx, child.group_id)}`,
        mergeable ? [" ", ctx.button(gettext("Separate"), () => ctx.send("solution.merge", { solution_id: child.id, into_id: null }, { form: "merge" }),
          { kind: "subtle", key: `solution-${child.id}-unmerge`, label: ctx.shorten(child.title, 30) })] : null)))));
  }
  const err = ctx.errorBox(prefix);
  if (err && !editing) row.append(err);
  if (editing) {
    row.append(solutionForm(ctx, { prefix, solution, group: null, onDone: () => { ctx.ui.editSolution = null; ctx.redraw(); } }));
    return row;
  }
  const label = ctx.shorten(solution.title, 30);
  const tools = h("div", { class: "button-row" });
  if (editable) {
    tools.append(ctx.button(gettext("Change"), () => { ctx.ui.editSolution = solution.id; ctx.redraw(); }, { key: `${prefix}-edit`, label }),
      ctx.button(gettext("Delete"), () => {
        if (window.confirm(format(gettext("Delete the solution “%(title)s”?"), { title: label }))) {
          ctx.send("solution.delete", { solution_id: solution.id }, { form: prefix });
        }
      }, { kind: "subtle", key: `${prefix}-delete`, label }));
  }
  if (tools.childNodes.length) row.append(tools);
  if (mergeable && solution.merged_into_id == null) {
    const targets = ctx.appraisal.solutions.filter((s) => s.id !== solution.id && s.merged_into_id == null);
    const mergeKey = `${prefix}-merge`;
    if (targets.length && ctx.ui.mergeOpen !== solution.id) {
      tools.append(ctx.button(gettext("Overlaps with…"), () => { ctx.ui.mergeOpen = solution.id; ctx.redraw(); },
        { kind: "subtle", key: `${mergeKey}-open`, label }));
      if (!tools.parentNode) row.append(tools);
    } else if (targets.length) {
      row.append(h("form", {
        class: "appraisal-form appraisal-form--row solution__merge",
        on: {
          submit: (event) => {
            event.preventDefault();
            const into = Number(ctx.drafts.get(mergeKey, String(targets[0].id)));
            if (into) ctx.send("solution.merge", { solution_id: solution.id, into_id: into }, { form: "merge", clear: [mergeKey] });
            ctx.ui.mergeOpen = null;
          },
        },
      }, ctx.field(mergeKey, gettext("Overlaps with"), ctx.select(mergeKey, targets.map((s) => [s.id, `${ctx.shorten(s.title, 40)} · ${groupName(ctx, s.group_id)}`]), targets[0].id)),
      ctx.button(gettext("Merge"), null, { type: "submit", key: `${mergeKey}-go`, label }),
      ctx.button(gettext("Cancel"), () => { ctx.ui.mergeOpen = null; ctx.redraw(); }, { kind: "subtle", key: `${mergeKey}-cancel` })));
    }
  }
  return row;
}

function closeStep(ctx, group) {
  const { h, gettext } = ctx;
  const closed = (group.closed_steps || []).includes(4);
  const form = `close-${group.id}`;
  const busy = ctx.pendingOf("group.step_close", (d) => d.group_id === group.id).length > 0;
  const ootb = ctx.appraisal.solutions.filter((s) => s.group_id === group.id && s.out_of_the_box).length;
  return h("div", { class: "solution-close", id: `solution-close-${group.id}` },
    closed
      ? h("p", { class: "appraisal-status appraisal-status--ok" }, gettext("Your group has finished step 4."))
      : h("p", { class: "appraisal-hint" }, ootb
        ? gettext("Done? Close the step for your group.")
        : gettext("Every group makes at least one out-of-the-box solution before it closes the step.")),
    ctx.button(closed ? gettext("Open step 4 again") : gettext("Our group is done with step 4"),
      () => ctx.send("group.step_close", { group_id: group.id, step: 4, closed: !closed }, { form }),
      { kind: closed ? "subtle" : "primary", key: `${form}-go`, disabled: busy }),
    ctx.errorBox(form));
}

function solutionsOfGroup(ctx, group) {
  const { h, gettext, format } = ctx;
  const mine = ctx.appraisal.solutions.filter((s) => s.group_id === group.id);
  const creates = ctx.pendingOf("solution.create", (d) => !ctx.isFacilitator || d.group_id === group.id);
  const prefix = `solution-new-${group.id}`;
  const fromId = Number(ctx.drafts.get(`${prefix}-from`, "")) || null;
  const merges = ctx.appraisal.solutions.filter((s) => s.merged_into_id != null).map((s) => [s.id, s.merged_into_id, s.title, s.group_id]);
  const sig = [group, mine, merges, creates.map((c) => c.data), ctx.ui.editSolution, fromId, ctx.error(prefix), ctx.error(`close-${group.id}`),
    mine.map((s) => ctx.error(`solution-${s.id}`)), ctx.pending.filter((p) => p.kind === "group.step_close").length, ctx.online, ctx.closed,
    mine.map((s) => s.from_postit_id && (ctx.postit(s.from_postit_id) || {}).text)];
  return ctx.block(`solutions-group-${group.id}`, sig, () => section(ctx, "solutions-group", format(gettext("Solutions of %(group)s"), { group: group.name }), [
    h("ul", { class: "solution-list", id: `solutions-group-${group.id}` },
      mine.map((s) => solutionRow(ctx, s, {
        editable: true, mergeable: ctx.isFacilitator && s.merged_into_id == null,
        children: ctx.appraisal.solutions.filter((c) => c.merged_into_id === s.id),
      })),
      creates.map((entry) => h("li", { class: "solution solution--pending", "aria-busy": "true" },
        h("p", { class: "solution__title", dir: "auto" }, (entry.data.fields || {}).title || ""),
        h("p", { class: "postit__pending" }, gettext("Being sent…"))))),
    mine.length || creates.length ? null : h("p", { class: "appraisal-empty" }, gettext("No solutions yet.")),
    h("h4", { class: "utrecht-heading-4 appraisal-subtitle" }, gettext("New solution")),
    solutionForm(ctx, { prefix, solution: null, group }),
    closeStep(ctx, group),
  ], "appraisal-section--work"));
}

function parkedIdeas(ctx, group, withoutGroup = false) {
  const { h, gettext } = ctx;
  const parked = ctx.state.postits.filter((p) => p.parked && p.merged_into_id == null);
  const used = new Set(ctx.appraisal.solutions.map((s) => s.from_postit_id).filter(Boolean));
  let prefix = group ? `solution-new-${group.id}` : null;
  if (!group && withoutGroup) prefix = "solution-new-none";
  const rows = parked.map((p) => [p.id, p.text, p.parked_note, used.has(p.id)]);
  return ctx.block("parked-ideas", [rows, prefix, ctx.closed], () => section(ctx, "parked-ideas", gettext("Parked ideas"), [
    rows.length ? h("ul", { class: "parked-ideas" }, rows.map(([id, text, note, taken]) => h("li", { class: "parked-idea", data: { postitId: id } },
      h("p", { dir: "auto", class: "parked-idea__text" }, text),
      note ? h("p", { class: "appraisal-hint" }, h("bdi", { text: note })) : null,
      taken ? h("p", { class: "appraisal-hint" }, gettext("Already used for a solution.")) : null,
      prefix ? ctx.button(gettext("Use as solution"), () => {
        ctx.drafts.set(`${prefix}-from`, String(id));
        ctx.ui["write-solution-open"] = true;
        if (!String(ctx.drafts.get(`${prefix}-title`, "")).trim()) ctx.drafts.set(`${prefix}-title`, text);
        ctx.redraw();
        requestAnimationFrame(() => {
          const input = document.getElementById(`${prefix}-title`);
          if (input) input.focus();
        });
      }, { kind: "secondary", key: `parked-${id}-use`, label: ctx.shorten(text, 30) }) : null)))
      : h("p", { class: "appraisal-empty" }, gettext("No ideas were parked.")),
  ]));
}

function solutionsOverview(ctx, exceptGroupId) {
  const { h, gettext, format } = ctx;
  const groups = ctx.appraisal.groups.filter((g) => g.id !== exceptGroupId);
  const all = ctx.appraisal.solutions;
  const shown = all.filter((s) => exceptGroupId == null || s.group_id !== exceptGroupId);
  const title = exceptGroupId != null ? gettext("Solutions of the other groups") : gettext("All solutions");
  const sig = [all, groups, exceptGroupId, ctx.error("merge"), ctx.ui.editSolution, ctx.ui.mergeOpen, ctx.online, ctx.closed,
    all.map((s) => ctx.error(`solution-${s.id}`)), ctx.state.postits.filter((p) => p.parked).map((p) => [p.id, p.text])];
  return ctx.block(`solutions-overview-${exceptGroupId ?? "all"}`, sig, () => {
    const buckets = [...groups.map((g) => ({ id: g.id, name: g.name, closed: (g.closed_steps || []).includes(4) })),
      { id: null, name: gettext("Without a group"), closed: false }];
    const children = [];
    const err = ctx.errorBox("merge");
    if (err) children.push(err);
    for (const bucket of buckets) {
      const items = shown.filter((s) => (s.group_id ?? null) === bucket.id);
      if (!items.length && bucket.id == null) continue;
      const ootb = items.some((s) => s.out_of_the_box);
      children.push(h("div", { class: "solution-group", data: { groupId: bucket.id ?? "" } },
        h("h4", { class: "utrecht-heading-4 solution-group__title" }, bucket.name,
          bucket.closed ? h("span", { class: "utrecht-status-badge solution-group__badge" }, gettext("Step 4 done")) : null,
          !ootb && bucket.id != null ? h("span", { class: "solution-group__todo" }, ` · ${gettext("no out-of-the-box solution yet")}`) : null),
        items.length ? h("ul", { class: "solution-list" }, items.map((s) => solutionRow(ctx, s, {
          editable: ctx.isFacilitator,
          mergeable: ctx.isFacilitator,
          children: all.filter((c) => c.merged_into_id === s.id),
        }))) : h("p", { class: "appraisal-empty" }, gettext("No solutions yet."))));
    }
    if (!children.length) children.push(h("p", { class: "appraisal-empty" }, gettext("No solutions yet.")));
    return section(ctx, "solutions-overview", title, children, "solution-overview");
  });
}
