// The meeting's panel (Samenwerken in de wijk) in the three live views, drawn with the engine's
// panel kit (static/js/panel-kit.js: drafts, forms whose refusals show at the form, cached blocks).
//
// What it shows follows the part that runs (the current agenda item's step, state.js PART):
//   console  the controls of the part (open and close the vote, settle a tie, the sheet, the
//            joint agreements, whose actions the screen shows, the follow-up, the ground rules),
//            and what only the organiser reads (the reflection answers, everyone's contacts),
//            fetched from the API when they change;
//   phone    the input of the part (reflection, stickers and a blank card, a note on a card, the
//            contact form, a reaction, an action) and what the others made;
//   screen   what the room looks at (the cards with their stickers, the top-three sheet, one
//            person's actions, the follow-up).
// The vote is the sticker block's (ballot.*, target.*, sticker.*), the duos the groups block's,
// the agreements and actions the register's (agreement.create); the method's own ops are
// flap_note.*, contact.*, reflection.save, follow_up.set, closing.set and actions.show.
// The cards and the sheet are drawn by cards.js, parts 8 to 11 by agreements.js.

import { mountPanelKit } from "../../js/panel-kit.js";
import { agreementsPart, actionsPart, closingForm, followUpFacts, followUpPart, groundRules } from "./agreements.js";
import { cardLabel, cardsWithNotes, sheetNoteForm, topSheet } from "./cards.js";
import { MIN_DUO_CARDS, PART, ballotOf, duoCoverage, duoOf, partNow, result } from "./state.js";

export function mountMeeting({ root, live, view, me, getState }) {
  const section = document.getElementById("meeting-panel");
  if (!section) return { draw() {}, handles: () => false };
  const workshopId = root.dataset.workshopId;
  const api = `/api/v1/workshops/${workshopId}/samenwerken`;
  // What the facilitator alone reads, fetched when an event says it changed.
  const fetched = { contacts: null, reflection: null };
  const fetchedAt = { contacts: "", reflection: "" };
  // The phone's own contact details and answers: in its page (never in the shared state), kept
  // up to date here with what it saves.
  const mineEl = document.getElementById("meeting-mine");
  const mine = mineEl ? JSON.parse(mineEl.textContent) : { contact: null, answers: {} };

  const kit = mountPanelKit({
    section, live, view, me, getState, workshopId,
    stateKey: "meeting",
    render,
    storagePrefix: "wijktafel:meeting-drafts",
    classPrefix: "meeting",
    name: "meeting part",
  });

  /** Read ``what`` from the API again when ``signature`` changed (an event said it did). */
  function refresh(what, path, signature) {
    if (fetchedAt[what] === signature) return;
    fetchedAt[what] = signature;
    fetch(`${api}/${path}`, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then((r) => (r.ok ? r.json() : null))
      .then((body) => {
        if (body) {
          fetched[what] = body;
          kit.redraw();
        }
      })
      .catch(() => { fetchedAt[what] = ""; });
  }

  // The contact details sent, taken as the phone's own once the server took them.
  let pendingContact = null;
  live.addEventListener("ack", () => {
    if (pendingContact) mine.contact = { ...pendingContact };
    pendingContact = null;
  });
  live.addEventListener("rejected", () => { pendingContact = null; });

  function render(state) {
    const meeting = state.meeting;
    const part = partNow(state);
    // The part modules (cards.js, agreements.js) cache their blocks through ``ctx.kit``.
    const ctx = kit.ctx(state, { meeting, part, ballot: ballotOf(state), kit });
    // Phones and the big screen show the panel only while a part of the meeting runs.
    section.hidden = !part && view !== "console";
    section.dataset.part = part ? String(part) : "";
    if (!part) {
      return view === "console"
        ? kit.block("idle", [], () => ctx.h("p", { class: "meeting-hint" },
          ctx.gettext("Start the agenda: each part of the meeting shows its work here.")))
        : null;
    }
    return kit.guard(`part-${part}`, () => [partHead(ctx), ...[PARTS[part]?.(ctx)].flat()]);
  }

  // --- Shared pieces ------------------------------------------------------------------------------

  /** Mark ``el`` as the phone's input for now (board.js markNow), when ``yes``. */
  function primaryIf(yes, el) {
    if (yes) el.dataset.primary = "";
    return el;
  }

  function partHead(ctx) {
    const { h, gettext, format, state } = ctx;
    const item = (state.agenda || []).find((i) => i.id === state.timer.current_item_id);
    if (!item || ctx.isParticipant) return null;
    return kit.block("head", [item.id, item.materials, item.work_form, item.duration_minutes, item.expected_output], () =>
      h("div", { class: "meeting-head" },
        h("p", { class: "meeting-head__kicker" }, format(gettext("Part %(n)s of 11"), { n: item.step })),
        h("ul", { class: "meeting-head__facts" },
          h("li", {}, format(gettext("%(minutes)s minutes"), { minutes: item.duration_minutes })),
          h("li", {}, workForm(ctx, item.work_form)),
          item.materials ? h("li", {}, `${gettext("Materials")}: `, item.materials) : null),
        item.expected_output ? h("p", { class: "meeting-head__expected" }, `${gettext("Expected")}: `, item.expected_output) : null));
  }

  function workForm(ctx, form) {
    const { gettext } = ctx;
    return {
      plenary: gettext("Plenary"), individual: gettext("On your own"), duos: gettext("In duos"),
      small_groups: gettext("In small groups"), break: gettext("Break"),
    }[form] || form;
  }


  // --- Part 1 and 2: the questions, the reflection --------------------------------------------------

  function questionsOverview(ctx) {
    const { h, meeting } = ctx;
    return kit.block("questions", [meeting.questions], () => h("ol", { class: "meeting-questions" },
      meeting.questions.map((q) => h("li", {}, q.wording, q.directions.length
        ? h("span", { class: "meeting-card__directions" }, ` — ${q.directions.join("; ")}`) : null))));
  }

  function reflectionPart(ctx) {
    const { h, gettext, format, meeting } = ctx;
    const questions = meeting.reflection.questions;
    if (ctx.isParticipant) {
      const answered = mine.answers;
      const done = meeting.reflection.answered_ids.includes(me);
      return kit.block("reflection-form", [answered, done, ctx.error("reflection")], () =>
        h("form", { class: "meeting-form", novalidate: true, on: { submit: (e) => {
          e.preventDefault();
          const answers = Object.fromEntries(questions.map((q) => [q.key, String(ctx.drafts.get(`reflection-${q.key}`, answered[q.key] || "")).trim()]));
          if (ctx.send("reflection.save", { answers }, { form: "reflection", keep: questions.map((q) => `reflection-${q.key}`) })) {
            mine.answers = Object.fromEntries(Object.entries(answers).filter(([, text]) => text));
          }
        } } },
        h("h3", { class: "utrecht-heading-3" }, gettext("Your reflection")),
        done ? h("p", { class: "meeting-done", role: "status" }, gettext("Your answers are saved. Only the facilitator reads them.")) : null,
        questions.map((q, n) => ctx.field(`reflection-${q.key}`, q.text,
          ctx.textArea(`reflection-${q.key}`, answered[q.key] || "", { rows: 2, maxlength: 1000, ...(n === 0 ? { "data-primary": "" } : {}) }))),
        ctx.errorBox("reflection"),
        ctx.button(gettext("Save my answers"), null, { kind: "primary", type: "submit", key: "reflection-save" })));
    }
    if (ctx.isScreen) {
      return [questionsOverview(ctx), h("p", { class: "meeting-count" },
        format(gettext("%(count)s people answered the reflection questions."), { count: meeting.reflection.answered_ids.length }))];
    }
    refresh("reflection", "reflection", JSON.stringify(meeting.reflection.answered_ids));
    const answers = fetched.reflection;
    return kit.block("reflection-answers", [answers], () => h("section", { class: "meeting-reflection" },
      h("h3", { class: "utrecht-heading-3" }, gettext("What people answered before the meeting")),
      !answers ? h("p", { class: "meeting-hint" }, gettext("Loading…")) : [
        answers.questions.map((q) => h("div", { class: "meeting-reflection__question" },
          h("h4", {}, q.text),
          q.answers.length
            ? h("ul", {}, q.answers.map((a) => h("li", {}, h("strong", {}, `${a.name}: `), h("bdi", { dir: "auto" }, a.text))))
            : h("p", { class: "meeting-hint" }, gettext("No answers.")))),
        h("p", { class: "meeting-missing" }, answers.none_from.length
          ? `${gettext("No answers from")}: ${answers.none_from.map((p) => p.name).join(", ")}`
          : gettext("Everyone answered.")),
      ]));
  }

  // --- Part 3: the vote ---------------------------------------------------------------------------------

  function votePart(ctx) {
    const { h, gettext, format, ngettext, ballot } = ctx;
    if (!ballot) return h("p", { class: "meeting-hint" }, gettext("The vote on the cards is missing."));
    const outcome = result(ballot);
    const voting = ballot.status === "voting";
    const collecting = ballot.status === "collecting";
    const mine = new Map();
    for (const s of ballot.stickers) if (s.voter_id === me) mine.set(s.target_id, (mine.get(s.target_id) || 0) + 1);
    const left = ballot.budget - [...mine.values()].reduce((a, b) => a + b, 0);
    const showCounts = view === "console" || !ballot.tally_hidden || ballot.status === "closed";
    const nodes = [];
    if (ctx.isFacilitator) {
      nodes.push(kit.block("vote-controls", [ballot.status, ballot.tally_hidden, ctx.online, ctx.error("vote")], () => h("div", { class: "button-row" },
        collecting ? ctx.button(gettext("Open the vote"), () => ctx.send("ballot.update", { ballot_id: ballot.id, status: "voting" }, { form: "vote" }), { kind: "primary", key: "vote-open" }) : null,
        voting ? ctx.button(gettext("Close the vote"), () => ctx.send("ballot.update", { ballot_id: ballot.id, status: "closed" }, { form: "vote" }), { kind: "primary", key: "vote-close" }) : null,
        ballot.status === "closed" ? ctx.button(gettext("Open the vote again"), () => ctx.send("ballot.update", { ballot_id: ballot.id, status: "voting" }, { form: "vote" }), { key: "vote-reopen" }) : null,
        // Against the bandwagon effect: the phones and the big screen show no counts until the
        // vote closes (the console always does).
        ballot.status !== "closed" ? h("label", { class: "meeting-check" },
          h("input", { type: "checkbox", class: "utrecht-checkbox", checked: ballot.tally_hidden, disabled: ctx.closed, data: { key: "vote-hide" },
            on: { change: (e) => ctx.send("ballot.update", { ballot_id: ballot.id, tally_hidden: e.target.checked }, { form: "vote" }) } }),
          gettext("Hide the counts on the screens until the vote closes")) : null,
        ctx.errorBox("vote"))));
      if (outcome.tie.length) {
        nodes.push(kit.block("tie", [outcome.tie, ctx.error("tie")], () => h("div", { class: "meeting-tie", role: "status" },
          h("p", {}, gettext("Tie at the third place. Choose which goes first:")),
          h("div", { class: "button-row" }, outcome.tie.map((id) => ctx.button(cardLabel(ctx, id), () => {
            ctx.send("ballot.settle", { ballot_id: ballot.id, target_ids: [id, ...outcome.tie.filter((t) => t !== id)] }, { form: "tie" });
          }, { key: `tie-${id}` }))),
          ctx.errorBox("tie"))));
      }
    }
    if (ctx.isParticipant) {
      if (collecting) nodes.push(h("p", { class: "meeting-hint" }, gettext("The vote opens soon. Is your issue missing? Add a blank card.")));
      if (voting) {
        nodes.push(h("p", { class: "meeting-left", role: "status" },
          format(ngettext("You have %(count)s sticker left.", "You have %(count)s stickers left.", left), { count: left })));
      }
    }
    if (ctx.isParticipant && collecting) nodes.push(blankForm(ctx, ballot));
    // In their own order while the counts are hidden: the order itself would tell the ranking.
    const order = ctx.isParticipant || collecting || !showCounts ? ballot.targets.map((t) => t.id) : outcome.ranking;
    nodes.push(kit.block("cards", [ballot, me, ctx.online, showCounts, ctx.error("sticker")], () => h("ol", { class: "meeting-cards meeting-cards--vote" },
      order.map((id, n) => {
        const placed = mine.get(id) || 0;
        const count = outcome.counts.get(id) || 0;
        const top = outcome.top.includes(id) && ballot.status !== "collecting" && showCounts;
        return h("li", { class: `meeting-card${top ? " meeting-card--top" : ""}` },
          h("span", { class: "meeting-card__title" }, cardLabel(ctx, id)),
          showCounts && !collecting ? h("span", { class: "meeting-card__count" },
            format(ngettext("%(count)s sticker", "%(count)s stickers", count), { count })) : null,
          ctx.isParticipant && voting ? primaryIf(n === 0, ctx.button(placed ? gettext("Take my sticker off") : gettext("Put a sticker here"), () => {
            ctx.send(placed ? "sticker.remove" : "sticker.place", { ballot_id: ballot.id, target_id: id }, { form: "sticker" });
          }, { kind: placed ? "primary" : "secondary", key: `sticker-${id}`, disabled: !placed && left <= 0, label: ctx.shorten(cardLabel(ctx, id), 40) })) : null);
      }))));
    if (ctx.isParticipant) nodes.push(ctx.errorBox("sticker"));
    if (!ctx.isParticipant && ballot.status === "closed") nodes.push(topSheet(ctx));
    return nodes;
  }

  function blankForm(ctx, ballot) {
    const { h, gettext } = ctx;
    return kit.block("blank", [ctx.error("blank")], () => h("form", { class: "meeting-form", novalidate: true, on: { submit: (e) => {
        e.preventDefault();
        const label = String(ctx.drafts.get("blank-label", "")).trim();
        if (!label) return ctx.setError("blank", gettext("Type your issue."), "blank-label");
        ctx.send("target.add", { ballot_id: ballot.id, label }, { form: "blank", clear: ["blank-label"] });
        return null;
      } } },
      ctx.field("blank-label", gettext("Your own issue (a blank card)"), ctx.textArea("blank-label", "", { rows: 2, maxlength: 200 })),
      ctx.errorBox("blank"),
      ctx.button(gettext("Add the card"), null, { kind: "primary", type: "submit", key: "blank-add" })));
  }

  // --- Part 4 and 6: notes on the cards ------------------------------------------------------------------

  function noteForm(ctx, { silent }) {
    const { h, gettext, ballot, meeting } = ctx;
    const cards = ballot ? ballot.targets.map((t) => t.id) : [];
    const cardKey = silent ? "silent-card" : "duo-card";
    const chosen = Number(ctx.drafts.get(cardKey, cards[0] || ""));
    const onCard = meeting.notes.filter((n) => n.card_id === chosen);
    return kit.block(`note-form-${silent}`, [cards, chosen, onCard.map((n) => [n.id, n.text]), ctx.error("note"), ctx.online], () =>
      h("form", { class: "meeting-form", novalidate: true, on: { submit: (e) => {
        e.preventDefault();
        const text = String(ctx.drafts.get("note-text", "")).trim();
        if (!text) return ctx.setError("note", gettext("Type your note."), "note-text");
        const data = { card_id: Number(ctx.drafts.get(cardKey, cards[0])), text };
        if (silent) {
          const to = ctx.drafts.get("silent-reacts", "");
          if (to) data.reacts_to_id = Number(to);
        } else {
          const origin = ctx.drafts.get("duo-origin", "");
          if (!origin) return ctx.setError("note", gettext("Say where the idea comes from."), "duo-origin");
          data.origin = origin;
        }
        ctx.send("flap_note.add", data, { form: "note", clear: ["note-text", "silent-reacts"] });
        return null;
      } } },
      ctx.field("note-text", silent ? gettext("Your reaction or addition") : gettext("Finding, solution, approach or idea"),
        ctx.textArea("note-text", "", { rows: 2, maxlength: 500 })),
      ctx.field(cardKey, gettext("On the card"), ctx.select(cardKey, cards.map((id) => [id, ctx.shorten(cardLabel(ctx, id), 60)]), cards[0], {
        on: { change: () => kit.redraw() } })),
      silent
        ? ctx.field("silent-reacts", gettext("Reacts to (optional)"), ctx.select("silent-reacts",
          [["", gettext("No note: an addition to the card")], ...onCard.map((n) => [n.id, ctx.shorten(n.text, 60)])], ""))
        : ctx.field("duo-origin", gettext("Where does it come from?"), ctx.select("duo-origin", [
          ["", gettext("Choose…")], ["practice", gettext("From our own practice")],
          ["invented", gettext("We invented it")], ["elsewhere", gettext("Found elsewhere")]], "")),
      ctx.errorBox("note"),
      ctx.button(gettext("Add note"), null, { kind: "primary", type: "submit", key: "note-add" })));
  }

  function duoPart(ctx) {
    const { h, gettext, format, state, meeting } = ctx;
    const coverage = duoCoverage(meeting.notes);
    const duos = (state.groups || []).filter((g) => g.kind === "duo");
    const nodes = [];
    if (ctx.isParticipant) {
      const duo = duoOf(state, me);
      const covered = duo ? coverage.get(duo.id) || 0 : 0;
      nodes.push(h("p", { class: "meeting-hint" }, duo
        ? format(gettext("Your duo: %(names)s."), { names: ctx.names(duo.member_ids) })
        : gettext("You are not in a duo yet.")));
      nodes.push(noteForm(ctx, { silent: false }));
      if (duo && covered < MIN_DUO_CARDS) {
        nodes.push(h("p", { class: "meeting-warning", role: "status" },
          format(gettext("Your duo wrote on %(count)s of at least 3 different questions. Try another question too."), { count: covered })));
      }
      const ours = meeting.notes.filter((n) => duo && n.duo_id === duo.id);
      if (ours.length) nodes.push(h("ul", { class: "meeting-notes" }, ours.map((n) => h("li", {}, h("strong", {}, `${cardLabel(ctx, n.card_id)}: `), n.text))));
      return nodes;
    }
    nodes.push(kit.block("duos", [duos, [...coverage]], () => h("ul", { class: "meeting-duos" }, duos.map((d) => {
      const covered = coverage.get(d.id) || 0;
      return h("li", { class: covered < MIN_DUO_CARDS ? "meeting-duo meeting-duo--short" : "meeting-duo" },
        `${ctx.names(d.member_ids)}: `, format(gettext("%(count)s different questions"), { count: covered }),
        covered < MIN_DUO_CARDS ? h("span", { class: "meeting-warning" }, ` — ${gettext("fewer than 3")}`) : null);
    }))));
    if (!duos.length && ctx.isFacilitator) nodes.push(h("p", { class: "meeting-hint" }, gettext("Divide everyone into duos under Groups.")));
    const written = ctx.ballot ? ctx.ballot.targets.map((t) => t.id).filter((id) => meeting.notes.some((n) => n.card_id === id)) : [];
    nodes.push(kit.block("duo-cards", [written, meeting.notes], () => cardsWithNotes(ctx, written)));
    return nodes;
  }

  function silentPart(ctx) {
    const { h, gettext, ballot, meeting } = ctx;
    if (ctx.isParticipant) {
      const ids = ballot ? ballot.targets.map((t) => t.id).filter((id) => meeting.notes.some((n) => n.card_id === id)) : [];
      return [noteForm(ctx, { silent: true }),
        h("h3", { class: "utrecht-heading-3" }, gettext("What the others wrote")),
        kit.block("silent-cards", [ids, meeting.notes], () => cardsWithNotes(ctx, ids))];
    }
    return topSheet(ctx);
  }

  // --- Part 5 and 11: contacts -------------------------------------------------------------------------------

  function contactForm(ctx) {
    const { h, gettext, meeting } = ctx;
    const saved = mine.contact;
    const me_ = ctx.person(me) || {};
    const filled = meeting.contacts.filled_ids.includes(me);
    const initial = saved || { name: me_.display_name || "", organisation: me_.organisation_name || "", function: me_.role_text || "", phone: "", email: "", share: false };
    return kit.block("contact-form", [saved, filled, ctx.error("contact")], () => h("form", { class: "meeting-form", novalidate: true, on: { submit: (e) => {
      e.preventDefault();
      const value = (k) => String(ctx.drafts.get(`contact-${k}`, initial[k] || "")).trim();
      const data = {
        name: value("name"), organisation: value("organisation"), function: value("function"),
        phone: value("phone"), email: value("email"), share: Boolean(ctx.drafts.get("contact-share", initial.share)),
      };
      const keys = ["contact-name", "contact-organisation", "contact-function", "contact-phone", "contact-email", "contact-share"];
      if (ctx.send("contact.save", data, { form: "contact", keep: keys })) pendingContact = data;
    } } },
    h("h3", { class: "utrecht-heading-3" }, gettext("Your contact details")),
    filled ? h("p", { class: "meeting-done", role: "status" }, gettext("Saved. Check them once more: are they correct and complete?")) : null,
    ctx.field("contact-phone", gettext("Phone"), ctx.textInput("contact-phone", initial.phone, { type: "tel", autocomplete: "tel", maxlength: 30 })),
    ctx.field("contact-email", gettext("E-mail"), ctx.textInput("contact-email", initial.email, { type: "email", autocomplete: "email", maxlength: 254 })),
    ctx.field("contact-name", gettext("Name"), ctx.textInput("contact-name", initial.name, { autocomplete: "name", maxlength: 100 })),
    ctx.field("contact-organisation", gettext("Organisation"), ctx.textInput("contact-organisation", initial.organisation, { autocomplete: "organization", maxlength: 100 })),
    ctx.field("contact-function", gettext("Function"), ctx.textInput("contact-function", initial.function, { maxlength: 100 })),
    ctx.checkbox("contact-share", initial.share, gettext("The other participants may see my details (not without your yes; you can change this later)")),
    ctx.errorBox("contact"),
    ctx.button(gettext("Save my details"), null, { kind: "primary", type: "submit", key: "contact-save" })));
  }

  function contactsList(ctx) {
    const { h, gettext, format, meeting } = ctx;
    if (ctx.isScreen) {
      return h("p", { class: "meeting-count" }, format(gettext("%(filled)s of %(all)s filled in their contact details."),
        { filled: meeting.contacts.filled_ids.length, all: ctx.state.participants.length }));
    }
    if (ctx.isFacilitator) refresh("contacts", "contacts", JSON.stringify([meeting.contacts.filled_ids, meeting.contacts.shared.map((c) => c.participant_id), ctx.state.head]));
    const list = ctx.isFacilitator ? fetched.contacts : { contacts: meeting.contacts.shared, missing: [] };
    return kit.block("contacts", [list], () => h("section", { class: "meeting-contacts" },
      h("h3", { class: "utrecht-heading-3" }, ctx.isFacilitator ? gettext("Contact details (only you see all of them)") : gettext("Shared contact list")),
      !list ? h("p", { class: "meeting-hint" }, gettext("Loading…"))
        // A phone has no room for a table: one line of details per person.
        : ctx.isParticipant ? (list.contacts.length
          ? h("ul", { class: "meeting-contact-list" }, list.contacts.map((c) => h("li", {},
            h("strong", {}, c.name), [c.function, c.organisation, c.phone, c.email].filter(Boolean).map((v) => h("span", {}, v)))))
          : h("p", { class: "meeting-hint" }, gettext("Nobody has shared their details yet.")))
        : h("table", { class: "meeting-table" },
        h("thead", {}, h("tr", {}, [gettext("Name"), gettext("Organisation"), gettext("Function"), gettext("Phone"), gettext("E-mail"),
          ctx.isFacilitator ? gettext("Shared") : null].filter(Boolean).map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, list.contacts.map((c) => h("tr", {}, [c.name, c.organisation, c.function, c.phone, c.email,
          ctx.isFacilitator ? (c.share ? gettext("yes") : gettext("no")) : null].filter((v) => v !== null).map((v) => h("td", {}, v)))))),
      list && list.missing.length ? h("p", { class: "meeting-missing" }, `${gettext("Not filled in yet")}: ${list.missing.map((p) => p.name).join(", ")}`) : null));
  }

  function breakPart(ctx) {
    return ctx.isParticipant ? [contactForm(ctx), contactsList(ctx)] : contactsList(ctx);
  }

  function closingPart(ctx) {
    if (ctx.isParticipant) return [contactForm(ctx), groundRules(ctx), followUpFacts(ctx)];
    if (ctx.isScreen) return [groundRules(ctx), followUpFacts(ctx), contactsList(ctx)];
    return [closingForm(ctx), groundRules(ctx), contactsList(ctx)];
  }

  const PARTS = {
    [PART.WELCOME]: questionsOverview,
    [PART.REFLECTION]: reflectionPart,
    [PART.VOTE]: votePart,
    [PART.DUOS]: duoPart,
    [PART.BREAK]: breakPart,
    [PART.SILENT]: silentPart,
    [PART.FEEDBACK]: (ctx) => (ctx.isFacilitator ? [topSheet(ctx), sheetNoteForm(ctx)] : topSheet(ctx)),
    [PART.AGREEMENTS]: agreementsPart,
    [PART.ACTIONS]: actionsPart,
    [PART.FOLLOW_UP]: followUpPart,
    [PART.CLOSING]: closingPart,
  };

  return { draw: kit.draw, handles: kit.handles, redraw: kit.redraw };
}
