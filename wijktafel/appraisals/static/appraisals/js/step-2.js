// Step 2 of an appraisal (docs/methods.md §3.4): sharpen the problems; groups and core problems.
// Called through steps.js as a renderer (ctx) -> Node[]; ``ctx`` is described in panel.js.
// Every form is a ctx.block() so that other groups' events do not rebuild what someone types
// in, and every typed value lives in ctx.drafts (it survives redraws, reconnects and reloads).

import { lines, parseCount } from "./format.js";
import { columnTitle, gettext_noop, groupName, myGroupLine, section, writeForGroup } from "./parts-1-4.js";

const SOLVES = [["unknown", gettext_noop("Unknown")], ["yes", gettext_noop("Yes")], ["partly", gettext_noop("Partly")], ["no", gettext_noop("No")]];

function solvesLabel(ctx, value) {
  const row = SOLVES.find(([v]) => v === value);
  return ctx.gettext(row ? row[1] : "Unknown");
}

export function sharpen(ctx) {
  if (ctx.isParticipant) {
    // The phone: the group's own core problems (and its form) first.
    const group = ctx.myGroup;
    return [group ? coreProblemsOfGroup(ctx, group) : null, myGroupLine(ctx), devilsAdvocate(ctx), groupsOverview(ctx),
      coreProblemsOverview(ctx, group ? group.id : null)];
  }
  const nodes = [myGroupLine(ctx), ctx.isFacilitator ? groupsAdmin(ctx) : groupsOverview(ctx)];
  if (!ctx.isScreen) nodes.push(devilsAdvocate(ctx));
  nodes.push(coreProblemsOverview(ctx, null));
  if (ctx.isFacilitator) nodes.push(writeForGroup(ctx, "cp", (prefix, group) => coreProblemForm(ctx, { prefix, cp: null, group })));
  return nodes;
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

export function groupsAdmin(ctx) {
  const { h, gettext, ngettext, format } = ctx;
  const groups = ctx.appraisal.groups;
  const people = ctx.state.participants;
  const grouped = new Set(groups.flatMap((g) => g.member_ids));
  const loose = people.filter((p) => !grouped.has(p.id));
  const busy = ctx.pending.filter((p) => !p.acked && (p.kind.startsWith("group") || p.kind === "groups.form")).length;
  const sessionOneGroups = ctx.appraisal.all_groups.filter((g) => g.workshop_id === ctx.appraisal.session_one_id);
  const sig = [groups, people.map((p) => [p.id, p.display_name, p.organisation_name]), busy, ctx.error("groups"), ctx.ui.editGroup, ctx.online, ctx.closed, sessionOneGroups.length];
  return ctx.block("groups-admin", sig, () => {
    const children = [];
    if (!groups.length && ctx.appraisal.session_two_id === ctx.state.workshop.id && sessionOneGroups.length) {
      children.push(h("div", { class: "button-row", id: "groups-carry-over" },
        ctx.button(gettext("Take over the groups of work session I"), () => ctx.send("groups.carry_over", {}, { form: "groups" }),
          { kind: "primary", key: "groups-carry-over-go", disabled: busy > 0 })));
      children.push(h("p", { class: "appraisal-hint" }, gettext("The people of session I who came back are in their group again. Add whoever is new by hand.")));
    }
    if (!groups.length) {
      const sizeKey = "groups-size";
      children.push(h("form", {
        class: "appraisal-form appraisal-form--row", id: "appraisal-groups-form",
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
  // "40 gezinnen" in "How many?": 40, and "gezinnen" as what is counted unless that was typed.
  const count = parseCount(get("count", cp && cp.affected_count != null ? String(cp.affected_count) : ""));
  fields.affected_count = count ? count.count : Number.NaN;
  fields.affected_unit = String(get("unit", cp ? cp.affected_unit || "" : "")).trim() || (count ? count.unit : "");
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
  const { h, gettext, format } = ctx;
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
        if (fields.affected_count != null && !Number.isInteger(fields.affected_count)) {
          ctx.setError(prefix, format(gettext("%(field)s: start with a whole number, for example 120 or 40 households."),
            { field: gettext("How many?") }), `${prefix}-count`);
          ctx.ui.focusAfter = `${prefix}-count`;
          return;
        }
        const sources = [...own, ...rest].filter((p) => ctx.drafts.get(srcKey(p.id), chosenSources.includes(p.id))).map((p) => p.id);
        const keys = [...coreProblemKeys(prefix), ...sourceKeys(ctx, prefix)];
        if (cp) {
          ctx.send("core_problem.update", { ...fields, core_problem_id: cp.id, source_postit_ids: sources, version: cp.version },
            { form: prefix, keep: keys });
        } else {
          const data = { ...fields, owner_id: ownerId, source_postit_ids: sources };
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
      ctx.field(`${prefix}-count`, gettext("How many?"), ctx.numberInput(`${prefix}-count`, cp && cp.affected_count != null ? String(cp.affected_count) : "", { maxLength: 40, inputmode: "text" })),
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
  const shown = pendingUpdate ? { ...cp, ...pendingUpdate.data } : cp;
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
  return ctx.block(`cp-group-${group.id}`, sig, () => section(ctx, `cp-group-${group.id}`, format(gettext("Core problems of %(group)s"), { group: group.name }), [
    todo.length && ctx.state.columns.length ? h("p", { class: "appraisal-hint" }, `${gettext("Still to do (one core problem per problem owner)")}: `, h("bdi", { text: todo.join(", ") })) : null,
    h("ul", { class: "core-problem-list", id: `core-problems-group-${group.id}` },
      mine.map((cp) => coreProblemCard(ctx, cp, { editable: true, confirmable: false, mode: "full" })),
      creates.map((entry) => h("li", { class: "core-problem core-problem--pending", "aria-busy": "true" },
        h("p", { class: "core-problem__owner" }, h("bdi", { text: columnTitle(ctx, entry.data.owner_id) })),
        h("p", { dir: "auto", class: "core-problem__formulation" }, entry.data.formulation || ""),
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
  // (docs/methods.md §3 step 2). Counted over every group, also those this overview leaves out.
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
