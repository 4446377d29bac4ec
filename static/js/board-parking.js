// The parking lot on the console (board.js), a building block of every session (wijktafel/parking):
// the session's parked topics (the wall's parked post-its among them) with their reason, who
// raised them where, and their status; the facilitator parks a topic, changes its status and
// makes a follow-up action in the register. A topic whose step is the current agenda item's
// step is shown on top: "Comes back now: ...".
//
// mountParking(ctx) wires the forms and returns {draw}. Text goes in as text, names in <bdi>.

import { format, gettext, h, hiddenLabel, setText } from "./ui.js";
import { currentItem } from "./state.js";

const byId = (id) => document.getElementById(id);
export const STATUSES = Object.freeze(["parked", "scheduled", "resolved", "dropped"]);
const OPEN = new Set(["parked", "scheduled"]);

function statusLabel(status) {
  return {
    parked: gettext("Parked"), scheduled: gettext("Scheduled"), resolved: gettext("Resolved"), dropped: gettext("Dropped"),
  }[status] || status;
}

/** The topics that come back at the current agenda item's step (still parked or scheduled). */
export function comingBack(state) {
  const item = currentItem(state);
  if (!item || item.step == null) return [];
  return state.parked_topics.filter((t) => t.return_at_step === item.step && OPEN.has(t.status));
}

/** The follow-up action of a topic in the register, or null. */
export function followUpOf(state, topic) {
  if (topic.follow_up_id == null) return null;
  return state.agreements.find((a) => a.id === topic.follow_up_id) || null;
}

export function mountParking(ctx) {
  const { live } = ctx;
  const section = byId("parking-section");
  if (!section) return { draw() {} };
  // Follow-ups this console asked for: when the register's row arrives, link it to its topic.
  const pending = new Set();

  const form = byId("parking-form");
  const error = byId("parking-error");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = byId("parking-text").value.trim();
    if (!text) {
      setText(error, gettext("Type the topic."));
      error.hidden = false;
      byId("parking-text").focus();
      return;
    }
    error.hidden = true;
    const reason = byId("parking-reason").value.trim();
    live.send("topic.park", reason ? { text, reason } : { text });
    form.reset();
  });

  function raisedBy(topic) {
    const person = ctx.state.participants.find((p) => p.id === topic.raised_by_id);
    return person ? person.display_name : "";
  }

  function meta(topic) {
    const parts = [];
    if (topic.kind === "solution_idea") parts.push(gettext("Solution idea"));
    const who = raisedBy(topic);
    if (who) parts.push(format(gettext("Raised by %(name)s"), { name: who }));
    const item = ctx.state.agenda.find((i) => i.id === topic.raised_in_item_id);
    if (item) parts.push(format(gettext("in “%(item)s”"), { item: item.title }));
    if (topic.return_at_step != null) {
      parts.push(format(gettext("comes back at step %(step)s"), { step: topic.return_at_step }));
    }
    return parts.length ? h("p", { class: "parking-topic__meta" }, h("bdi", { text: parts.join(" · ") })) : null;
  }

  function statusChoice(topic) {
    return h("select", {
      class: "utrecht-select utrecht-select--html-select parking-topic__status",
      "aria-label": format(gettext("Status of “%(topic)s”"), { topic: topic.text }),
      disabled: Boolean(ctx.closedMessage),
      data: { key: `topic-${topic.id}-status` },
      on: { change: (e) => live.send("topic.update", { topic_id: topic.id, status: e.target.value }) },
    }, STATUSES.map((value) => h("option", { value, selected: topic.status === value }, statusLabel(value))));
  }

  function followUp(topic) {
    const agreement = followUpOf(ctx.state, topic);
    if (agreement) {
      return h("p", { class: "parking-topic__follow-up" }, `${gettext("Follow-up")}: `, h("bdi", { text: agreement.description }));
    }
    const open = ctx.ui.parkingFollowUp === topic.id;
    if (!open) {
      return h("button", {
        type: "button",
        class: "utrecht-button utrecht-button--secondary-action parking-topic__make",
        disabled: Boolean(ctx.closedMessage),
        data: { key: `topic-${topic.id}-follow-up` },
        on: { click: () => { ctx.ui.parkingFollowUp = topic.id; ctx.ui.focusKey = `topic-${topic.id}-who`; ctx.redraw(); } },
      }, gettext("Make a follow-up action"), hiddenLabel(`: ${topic.text}`));
    }
    const key = `topic-${topic.id}-who`;
    const who = h("input", {
      class: "utrecht-textbox utrecht-textbox--html-input", type: "text", maxlength: "200", autocomplete: "off",
      "aria-label": gettext("Who will do it?"), placeholder: gettext("Who will do it?"), data: { key },
      on: { input: (e) => { ctx.ui.drafts[key] = e.target.value; } },
    });
    who.value = ctx.ui.drafts[key] ?? "";
    return h("form", {
      class: "parking-topic__follow-up-form",
      on: {
        submit: (event) => {
          event.preventDefault();
          const owner = who.value.trim();
          if (!owner) { who.focus(); return; }
          pending.add(topic.id);
          delete ctx.ui.drafts[key];
          live.send("agreement.create", {
            kind: "follow_up", description: topic.text, owner_names: owner,
            link_kind: "parked_topic", link_id: topic.id, link_label: topic.text.slice(0, 200),
          });
          ctx.ui.parkingFollowUp = null;
        },
      },
    }, who, h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action" }, gettext("Add the follow-up action")));
  }

  function topicItem(topic) {
    return h("li", { class: `parking-topic parking-topic--${topic.status}`, data: { topicId: topic.id } },
      h("div", { class: "parking-topic__head" },
        h("p", { class: "parking-topic__text", dir: "auto" }, h("bdi", { text: topic.text })),
        statusChoice(topic)),
      topic.reason ? h("p", { class: "parking-topic__reason", dir: "auto" }, `${gettext("Why")}: `, h("bdi", { text: topic.reason })) : null,
      meta(topic),
      followUp(topic));
  }

  /** Link a follow-up this console made, once its row is in the register. */
  function linkPending() {
    for (const id of [...pending]) {
      const topic = ctx.state.parked_topics.find((t) => t.id === id);
      if (!topic || topic.follow_up_id != null) { pending.delete(id); continue; }
      const made = ctx.state.agreements.filter((a) => a.link && a.link.kind === "parked_topic" && a.link.id === id);
      if (!made.length) continue;
      pending.delete(id);
      live.send("topic.update", { topic_id: id, follow_up_id: made[made.length - 1].id });
    }
  }

  function draw() {
    linkPending();
    const back = comingBack(ctx.state);
    const box = byId("parking-back");
    box.hidden = !back.length;
    box.replaceChildren(...back.map((t) => h("p", { class: "parking-back__item" },
      h("strong", {}, `${gettext("Comes back now")}: `), h("bdi", { text: t.text }),
      t.reason ? h("span", { class: "parking-back__reason" }, " (", h("bdi", { text: t.reason }), ")") : null)));
    const list = byId("parking-list");
    const topics = ctx.state.parked_topics;
    list.replaceChildren(topics.length
      ? h("ul", { class: "parking-list" }, topics.map(topicItem))
      : h("p", { class: "parking-empty" }, gettext("No topics are parked.")));
  }

  return { draw };
}
