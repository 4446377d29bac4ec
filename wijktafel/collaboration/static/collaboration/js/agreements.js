// Parts 8 to 11 of the meeting in the panel (panel.js): the joint agreements, the individual
// actions and their round on the big screen, the follow-up and the ground rules. Agreements and
// actions are the register's rows (agreement.create); each function takes the panel's ctx.

import { cardLabel, topSheet } from "./cards.js";
import { result } from "./state.js";

// --- Part 8 and 9: agreements and actions -------------------------------------------------------------------

export function joint(ctx) {
  return (ctx.state.agreements || []).filter((a) => a.kind === "joint_agreement");
}

export function agreementsList(ctx) {
  const { h, gettext } = ctx;
  const list = joint(ctx);
  return ctx.kit.block("joint", [list], () => h("section", { class: "meeting-agreements" },
    h("h3", { class: "utrecht-heading-3" }, gettext("Joint agreements")),
    list.length ? h("ol", {}, list.map((a) => h("li", {},
      h("strong", {}, a.description),
      a.link && a.link.label ? h("span", {}, ` — ${a.link.label}`) : null,
      a.solution_direction ? h("span", {}, ` — ${gettext("Solution direction")}: ${a.solution_direction}`) : null,
      h("span", { class: "meeting-agreement__who" }, ` (${[ctx.names(a.owner_ids), a.owner_names].filter(Boolean).join(", ")}${a.due_date ? `, ${a.due_date}` : ""})`))))
      : h("p", { class: "meeting-hint" }, gettext("No joint agreements yet."))));
}

export function agreementForm(ctx) {
  const { h, gettext, ballot } = ctx;
  const top = ballot ? result(ballot).top : [];
  const people = ctx.state.participants;
  return ctx.kit.block("agreement-form", [top, people.map((p) => [p.id, p.display_name]), ctx.error("agreement")], () =>
    h("form", { class: "meeting-form", novalidate: true, on: { submit: (e) => {
      e.preventDefault();
      const description = String(ctx.drafts.get("agr-description", "")).trim();
      if (!description) return ctx.setError("agreement", gettext("Say what must happen."), "agr-description");
      const card = Number(ctx.drafts.get("agr-card", top[0] || 0));
      const owners = people.filter((p) => ctx.drafts.get(`agr-owner-${p.id}`, false)).map((p) => p.id);
      const data = {
        kind: "joint_agreement", description, owner_ids: owners,
        owner_names: String(ctx.drafts.get("agr-owner-names", "")).trim(),
        uses_existing: String(ctx.drafts.get("agr-existing", "")).trim(),
        solution_direction: String(ctx.drafts.get("agr-direction", "")).trim(),
      };
      const due = String(ctx.drafts.get("agr-due", "")).trim();
      if (due) data.due_date = due;
      if (card) Object.assign(data, { link_kind: "question", link_id: card, link_label: ctx.shorten(cardLabel(ctx, card), 200) });
      const keys = ["agr-description", "agr-owner-names", "agr-existing", "agr-direction", "agr-due", ...people.map((p) => `agr-owner-${p.id}`)];
      ctx.send("agreement.create", data, { form: "agreement", clear: keys });
      return null;
    } } },
    h("h3", { class: "utrecht-heading-3" }, gettext("New joint agreement")),
    ctx.field("agr-description", gettext("What must happen (small and concrete)"), ctx.textArea("agr-description", "", { rows: 2, maxlength: 500 })),
    ctx.field("agr-card", gettext("Question from the top three"), ctx.select("agr-card", top.map((id) => [id, ctx.shorten(cardLabel(ctx, id), 60)]), top[0])),
    ctx.field("agr-direction", gettext("Solution direction we use"), ctx.textInput("agr-direction", "", { maxlength: 300 })),
    h("fieldset", { class: "meeting-owners" }, h("legend", { class: "utrecht-form-label" }, gettext("Who does it")),
      people.map((p) => ctx.checkbox(`agr-owner-${p.id}`, false, p.display_name))),
    ctx.field("agr-owner-names", gettext("Others (names)"), ctx.textInput("agr-owner-names", "", { maxlength: 200 })),
    ctx.field("agr-due", gettext("By when"), ctx.textInput("agr-due", "", { type: "date" })),
    ctx.field("agr-existing", gettext("Existing contacts, means or processes it uses"), ctx.textInput("agr-existing", "", { maxlength: 500 })),
    ctx.errorBox("agreement"),
    ctx.button(gettext("Record the agreement"), null, { kind: "primary", type: "submit", key: "agr-add" })));
}

export function agreementsPart(ctx) {
  if (ctx.isFacilitator) {
    // One or two, small and concrete (S3): more is allowed, with a reminder.
    const many = joint(ctx).length >= 2
      ? ctx.h("p", { class: "meeting-warning", role: "status" }, ctx.gettext("Two joint agreements is plenty: keep them small and concrete."))
      : null;
    return [topSheet(ctx), many, agreementForm(ctx), agreementsList(ctx)];
  }
  return [topSheet(ctx), agreementsList(ctx)];
}

export function actionsOf(ctx, pid) {
  return (ctx.state.agreements || []).filter((a) => a.kind === "individual_action" && a.owner_ids.includes(pid));
}

export function actionItems(ctx, list) {
  const { h, gettext } = ctx;
  return h("ul", { class: "meeting-actions" }, list.map((a) => h("li", {},
    h("strong", {}, a.description),
    [a.first_step && `${gettext("First step")}: ${a.first_step}`, a.due_date && `${gettext("By")}: ${a.due_date}`,
      a.with_whom && `${gettext("With")}: ${a.with_whom}`, a.report_back && `${gettext("Reports back")}: ${a.report_back}`]
      .filter(Boolean).map((t) => h("span", { class: "meeting-action__fact" }, t)))));
}

export function actionForm(ctx) {
  const { h, gettext } = ctx;
  return ctx.kit.block("action-form", [ctx.error("action")], () => h("form", { class: "meeting-form", novalidate: true, on: { submit: (e) => {
    e.preventDefault();
    const v = (k) => String(ctx.drafts.get(`act-${k}`, "")).trim();
    if (!v("what")) return ctx.setError("action", gettext("Say what you will do."), "act-what");
    const data = { kind: "individual_action", description: v("what"), first_step: v("first"), with_whom: v("with"), report_back: v("report") };
    if (v("due")) data.due_date = v("due");
    ctx.send("agreement.create", data, { form: "action", clear: ["act-what", "act-first", "act-due", "act-with", "act-report"] });
    return null;
  } } },
  h("h3", { class: "utrecht-heading-3" }, gettext("My action")),
  ctx.field("act-what", gettext("What will you do?"), ctx.textArea("act-what", "", { rows: 2, maxlength: 500 })),
  ctx.field("act-first", gettext("Your first step"), ctx.textInput("act-first", "", { maxlength: 300 })),
  ctx.field("act-due", gettext("By when"), ctx.textInput("act-due", "", { type: "date" })),
  ctx.field("act-with", gettext("With whom"), ctx.textInput("act-with", "", { maxlength: 300 })),
  ctx.field("act-report", gettext("How do you report back?"), ctx.textInput("act-report", "", { maxlength: 300 })),
  ctx.errorBox("action"),
  ctx.button(gettext("Add my action"), null, { kind: "primary", type: "submit", key: "act-add" })));
}

export function actionsPart(ctx) {
  const { h, gettext, meeting, state } = ctx;
  if (ctx.isParticipant) {
    const mine = actionsOf(ctx, ctx.me);
    return [actionForm(ctx), mine.length ? actionItems(ctx, mine) : null, agreementsList(ctx)];
  }
  const showing = meeting.showing_actions_of;
  if (ctx.isScreen) {
    if (showing == null) return agreementsList(ctx);
    const person = ctx.person(showing);
    return ctx.kit.block("showing", [showing, actionsOf(ctx, showing)], () => h("section", { class: "meeting-showing" },
      h("h3", { class: "utrecht-heading-2" }, person ? person.display_name : ""),
      actionsOf(ctx, showing).length ? actionItems(ctx, actionsOf(ctx, showing)) : h("p", {}, gettext("No actions yet."))));
  }
  const ids = state.participants.map((p) => p.id);
  const at = ids.indexOf(showing);
  const next = ids[(at + 1) % Math.max(ids.length, 1)];
  return [
    ctx.kit.block("showing-controls", [showing, ids, ctx.online], () => h("div", { class: "button-row" },
      ctx.button(showing == null ? gettext("Show the first person's actions") : gettext("Next person"),
        () => ctx.send("actions.show", { participant_id: showing == null ? ids[0] : next }, { form: "showing" }),
        { kind: "primary", key: "showing-next", disabled: !ids.length }),
      showing != null ? ctx.button(gettext("Stop the round"), () => ctx.send("actions.show", { participant_id: null }, { form: "showing" }), { key: "showing-stop" }) : null,
      ctx.errorBox("showing"))),
    ctx.kit.block("all-actions", [state.participants, state.agreements, showing], () => h("ul", { class: "meeting-people" },
      state.participants.map((p) => h("li", { class: p.id === showing ? "meeting-person meeting-person--showing" : "meeting-person" },
        h("strong", {}, p.display_name), actionItems(ctx, actionsOf(ctx, p.id)))))),
  ];
}

// --- Part 10 and 11: follow-up and closing --------------------------------------------------------------------

export function followUpFacts(ctx) {
  const { h, gettext, meeting } = ctx;
  const f = meeting.follow_up;
  const organiser = f.next_organiser_id != null ? (ctx.person(f.next_organiser_id) || {}).display_name : f.next_organiser_name;
  return ctx.kit.block("follow-up", [f, organiser], () => h("dl", { class: "meeting-facts" },
    h("dt", {}, gettext("Next meeting")), h("dd", {}, f.next_meeting_date || "–"),
    h("dt", {}, gettext("Update to the next organiser by")), h("dd", {}, f.update_due || "–"),
    h("dt", {}, gettext("Next organiser")), h("dd", {}, organiser || "–"),
    h("dt", {}, gettext("Reporting back on actions")), h("dd", {}, f.report_back || "–")));
}

export function followUpForm(ctx) {
  const { h, gettext, meeting, state } = ctx;
  const f = meeting.follow_up;
  return ctx.kit.block("follow-up-form", [f, state.participants.map((p) => p.id), ctx.error("follow-up")], () => h("form", { class: "meeting-form", novalidate: true, on: { submit: (e) => {
    e.preventDefault();
    const v = (k, initial) => String(ctx.drafts.get(`fu-${k}`, initial ?? "")).trim();
    const organiser = v("organiser", f.next_organiser_id ?? "");
    const data = { report_back: v("report", f.report_back), next_meeting_date: v("date", f.next_meeting_date) || null };
    if (organiser) data.next_organiser_id = Number(organiser);
    else data.next_organiser_name = v("name", f.next_organiser_name);
    ctx.send("follow_up.set", data, { form: "follow-up", keep: ["fu-date", "fu-report", "fu-organiser", "fu-name"] });
  } } },
  ctx.field("fu-date", gettext("Next meeting"), ctx.textInput("fu-date", f.next_meeting_date || "", { type: "date" }),
    gettext("Everyone sends an update on their action to the next organiser a week before.")),
  ctx.field("fu-report", gettext("When and how does everyone report back?"), ctx.textInput("fu-report", f.report_back, { maxlength: 300 })),
  ctx.field("fu-organiser", gettext("Next organiser"), ctx.select("fu-organiser",
    [["", gettext("Someone else (type the name)")], ...state.participants.map((p) => [p.id, p.display_name])], f.next_organiser_id ?? "")),
  ctx.field("fu-name", gettext("Name of the next organiser"), ctx.textInput("fu-name", f.next_organiser_name, { maxlength: 100 })),
  ctx.errorBox("follow-up"),
  ctx.button(gettext("Save the follow-up"), null, { kind: "primary", type: "submit", key: "fu-save" })));
}

export function followUpPart(ctx) {
  return ctx.isFacilitator ? [followUpForm(ctx), followUpFacts(ctx)] : followUpFacts(ctx);
}

export function groundRules(ctx) {
  const { h, gettext, meeting } = ctx;
  const c = meeting.closing;
  return ctx.kit.block("rules", [c], () => h("section", { class: "meeting-rules" },
    h("h3", { class: "utrecht-heading-3" }, gettext("Ground rules we agreed")),
    h("ul", {}, [c.stays_here ? gettext("What is said here stays here.") : null, ...c.ground_rules].filter(Boolean).map((r) => h("li", {}, r))),
    c.confidential ? h("p", { class: "meeting-confidential" }, gettext("The report is confidential.")) : null));
}

export function closingForm(ctx) {
  const { h, gettext, meeting } = ctx;
  const c = meeting.closing;
  return ctx.kit.block("closing-form", [c, ctx.error("closing")], () => h("form", { class: "meeting-form", novalidate: true, on: { submit: (e) => {
    e.preventDefault();
    const rules = String(ctx.drafts.get("cl-rules", c.ground_rules.join("\n"))).split("\n").map((r) => r.trim()).filter(Boolean);
    ctx.send("closing.set", { stays_here: Boolean(ctx.drafts.get("cl-stays", c.stays_here)), ground_rules: rules },
      { form: "closing", keep: ["cl-rules", "cl-stays"] });
  } } },
  ctx.checkbox("cl-stays", c.stays_here, gettext("What is said here stays here (the report is confidential)")),
  ctx.field("cl-rules", gettext("Other ground rules (one per line)"), ctx.textArea("cl-rules", c.ground_rules.join("\n"), { rows: 2 })),
  ctx.errorBox("closing"),
  ctx.button(gettext("Save the ground rules"), null, { kind: "primary", type: "submit", key: "cl-save" })));
}

