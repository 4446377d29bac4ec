// Step 1 of an appraisal (docs/methods.md §3.4): inventory of problems; "problem 1" and pitches.
// Called through steps.js as a renderer (ctx) -> Node[]; ``ctx`` is described in panel.js.
// Every form is a ctx.block() so that other groups' events do not rebuild what someone types
// in, and every typed value lives in ctx.drafts (it survives redraws, reconnects and reloads).

import { lines } from "./format.js";
import { section } from "./parts-1-4.js";


export function inventory(ctx) {
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
  // A pitch is a timed round beside the step's own timer, which keeps running: every screen
  // counts down the same two minutes.
  ctx.send("round.start", { preset: "pitch" }, { form: "pitches" });
}

function pitchDone(ctx, pitch) {
  // Done with a pitch: the round of that pitch stops too.
  ctx.send("pitch.update", { pitch_id: pitch.id, done: !pitch.done }, { form: "pitches" });
  if (!pitch.done && ctx.state.round && ctx.state.round.ends_at) ctx.send("round.stop", {}, { form: "pitches" });
}

function pitches(ctx) {
  const { h, gettext, ngettext, format } = ctx;
  const list = ctx.appraisal.pitches;
  const people = ctx.state.participants.length;
  const planning = ctx.pendingOf("pitches.plan").length > 0;
  const names = list.map((p) => ctx.names(p.member_ids));
  const busy = ctx.pending.filter((p) => p.kind === "pitch.update" && !p.acked).map((p) => p.data.pitch_id);
  const next = list.find((p) => !p.done);
  const pitchMinutes = (ctx.state.round_presets.find((p) => p.key === "pitch") || { minutes: 2 }).minutes;
  const running = Boolean(ctx.state.round && ctx.state.round.ends_at);
  const sig = [list, names, people, planning, busy, ctx.error("pitches"), ctx.online, ctx.closed, pitchMinutes, running];
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
        // While a round runs, the first pitch not done is the one being given: "now", not "next".
        isNext && (running || !ctx.isFacilitator)
          ? h("span", { class: "utrecht-status-badge utrecht-status-badge--active pitch__badge" }, running ? gettext("Pitching now") : gettext("Next"))
          : null);
        if ((pitch.clarifying_questions || []).length) {
          item.append(h("ul", { class: "pitch__questions" }, pitch.clarifying_questions.map((q) => h("li", { dir: "auto" }, q))));
        }
        if (ctx.isFacilitator) {
          const label = format(gettext("pitch %(number)s"), { number: index + 1 });
          const wait = busy.includes(pitch.id);
          const row = h("div", { class: "button-row pitch__actions" },
            ctx.button(format(ngettext("Start %(count)s minute", "Start %(count)s minutes", pitchMinutes), { count: pitchMinutes }),
              () => pitchTimer(ctx), { kind: isNext ? "primary" : "secondary", key: `pitch-${pitch.id}-start`, label, disabled: pitch.done }),
            ctx.button(pitch.done ? gettext("Not done") : gettext("Done"),
              () => pitchDone(ctx, pitch),
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
