// The register of agreements and actions in the live views (board.js), a building block of every
// session (wijktafel/agreements):
//   console  the agreements grouped by kind with owners, due date and status, status buttons,
//            a form to add one (kind, description, owners from the participants, due date, and
//            under "Fill in more" the action form's fields of its kind) and "record that they
//            were sent";
//   phone    "My actions": what I own, with a progress form each, and a form to add my own action
//            (its first step, with whom and how I report back under "Fill in more").
//
// mountAgreements(ctx) wires the form and returns {draw}; ``ctx`` is the shared context of
// board.js. Text always goes in as text (h() / textContent), names in <bdi>.

import { format, gettext, h, hiddenLabel, setText } from "./ui.js";

const byId = (id) => document.getElementById(id);

// The kinds in the order of the register (wijktafel/agreements/models.py: Agreement.Kind), and
// the statuses; their labels are looked up when drawn (the catalogue is loaded by then).
export const KINDS = Object.freeze(["work_agreement", "joint_agreement", "individual_action", "research_task",
  "follow_up"]);
const STATUSES = Object.freeze(["open", "done", "dropped"]);

// The action form's fields (METHODS.md §4.3 blocks 5 and 6, §4.7), in
// the form's and the list's order: a joint agreement's solution direction; an individual action's
// first step, with whom and how its owner reports back. The server takes each on every kind.
export const FORM_FIELDS = Object.freeze(["solution_direction", "first_step", "with_whom", "report_back"]);
const FIELDS_OF_KIND = Object.freeze({
  joint_agreement: ["solution_direction"],
  individual_action: ["first_step", "with_whom", "report_back"],
});

/** The action form's fields the form shows for ``kind`` (none for the other kinds). */
export function formFieldsOf(kind) {
  return FIELDS_OF_KIND[kind] || [];
}

function fieldLabel(name) {
  return {
    solution_direction: gettext("Solution direction: %(text)s"),
    first_step: gettext("First step: %(text)s"),
    with_whom: gettext("With whom: %(text)s"),
    report_back: gettext("Reporting back: %(text)s"),
  }[name];
}

/** The action form's fields an agreement has filled in: [[name, text]], in the form's order. */
export function filledFields(agreement) {
  return FORM_FIELDS.filter((name) => (agreement[name] || "").trim()).map((name) => [name, agreement[name]]);
}

function kindLabel(kind) {
  return {
    work_agreement: gettext("Work agreement"),
    joint_agreement: gettext("Joint agreement"),
    individual_action: gettext("Individual action"),
    research_task: gettext("Research task"),
    follow_up: gettext("Follow-up"),
  }[kind] || kind;
}

function statusLabel(status) {
  return { open: gettext("Open"), done: gettext("Done"), dropped: gettext("Dropped") }[status] || status;
}

/** The names of an agreement's owners: participants first, then the ones typed by name. */
export function ownerNames(agreement) {
  const names = (agreement.owners || []).map((o) => o.name);
  if (agreement.owner_names) names.push(agreement.owner_names);
  return names;
}

/** The agreements grouped by kind, in the register's order: [{kind, agreements}]. */
export function byKind(agreements) {
  return KINDS.map((kind) => ({ kind, agreements: agreements.filter((a) => a.kind === kind) }))
    .filter((group) => group.agreements.length);
}

/** The agreements ``me`` owns. */
export function ownedBy(agreements, me) {
  return agreements.filter((a) => (a.owner_ids || []).includes(me));
}

export function mountAgreements(ctx) {
  const { live, isFacilitator, me, ui } = ctx;
  const section = byId("agreements-section");
  if (!section) return { draw() {} };
  const form = byId("agreement-form");
  const error = byId("agreement-error");

  const kindSelect = byId("agreement-kind");
  if (kindSelect) {
    kindSelect.replaceChildren(...KINDS.map((value) => h("option", { value }, kindLabel(value))));
    kindSelect.value = "joint_agreement";
  }

  // The action form's fields: those of the chosen kind are shown and sent, the rest hidden.
  const more = form.querySelector(".agreement-more");
  function showFieldsOf(kind) {
    const shown = formFieldsOf(kind);
    for (const wrap of form.querySelectorAll("[data-agreement-field]")) {
      wrap.hidden = !shown.includes(wrap.dataset.agreementField);
    }
    if (more) more.hidden = !shown.length;
  }
  if (kindSelect) kindSelect.addEventListener("change", () => showFieldsOf(kindSelect.value));
  showFieldsOf(kindSelect ? kindSelect.value : "individual_action");

  function showError(text) {
    setText(error, text || "");
    if (error) error.hidden = !text;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const description = byId("agreement-description").value.trim();
    if (!description) {
      showError(gettext("Type what is agreed."));
      byId("agreement-description").focus();
      return;
    }
    const data = { description };
    const due = byId("agreement-due").value;
    if (due) data.due_date = due;
    if (isFacilitator) {
      data.kind = kindSelect.value;
      data.owner_ids = [...byId("agreement-owners").selectedOptions].map((o) => Number(o.value));
      const others = byId("agreement-owner-names").value.trim();
      if (others) data.owner_names = others;
      if (!data.owner_ids.length && !others) {
        showError(gettext("Choose who owns this agreement."));
        byId("agreement-owners").focus();
        return;
      }
    } else {
      data.kind = "individual_action"; // the server makes me its owner
    }
    for (const name of formFieldsOf(data.kind)) {
      const field = form.elements.namedItem(name);
      const text = field ? field.value.trim() : "";
      if (text) data[name] = text;
    }
    showError("");
    live.send("agreement.create", data);
    form.reset();
    if (kindSelect) kindSelect.value = data.kind;
    showFieldsOf(data.kind);
  });

  const distribute = byId("agreement-distribute");
  if (distribute) {
    distribute.addEventListener("click", () => {
      if (window.confirm(gettext("Did you send the agreements to every participant? This records it."))) {
        live.send("agreement.distribute", {});
      }
    });
  }

  function drawOwnerChoices() {
    const select = byId("agreement-owners");
    if (!select) return;
    const signature = JSON.stringify(ctx.state.participants.map((p) => [p.id, p.display_name]));
    if (select.dataset.signature === signature) return;
    select.dataset.signature = signature;
    const chosen = new Set([...select.selectedOptions].map((o) => o.value));
    select.replaceChildren(...ctx.state.participants.map((p) => h("option", {
      value: String(p.id), selected: chosen.has(String(p.id)),
    }, p.display_name)));
  }

  function statusButtons(agreement) {
    return h("div", { class: "button-row agreement__status", role: "group", "aria-label": gettext("Status") },
      STATUSES.map((value) => h("button", {
        type: "button",
        class: `utrecht-button utrecht-button--${agreement.status === value ? "primary" : "secondary"}-action`,
        "aria-pressed": agreement.status === value ? "true" : "false",
        disabled: agreement.status === value || Boolean(ctx.closedMessage),
        data: { key: `agreement-${agreement.id}-status-${value}` },
        on: { click: () => live.send("agreement.update", { agreement_id: agreement.id, status: value }) },
      }, statusLabel(value), hiddenLabel(`: ${agreement.description}`))));
  }

  function meta(agreement) {
    const parts = [];
    const owners = ownerNames(agreement);
    if (owners.length) parts.push(format(gettext("Owners: %(names)s"), { names: owners.join(", ") }));
    if (agreement.due_date) parts.push(format(gettext("Due: %(date)s"), { date: agreement.due_date }));
    parts.push(format(gettext("Status: %(status)s"), { status: statusLabel(agreement.status) }));
    return h("p", { class: "agreement__meta" }, h("bdi", { text: parts.join(" · ") }));
  }

  function filled(agreement) {
    return filledFields(agreement).map(([name, text]) => h("p", { class: "agreement__meta", data: { field: name } },
      h("bdi", { text: format(fieldLabel(name), { text }) })));
  }

  function progressList(agreement) {
    if (!agreement.progress || !agreement.progress.length) return null;
    return h("ul", { class: "agreement__progress" }, agreement.progress.map((u) => h("li", {},
      h("span", { class: "agreement__date", text: `${u.date} ` }),
      h("bdi", { text: u.text }))));
  }

  function progressForm(agreement) {
    const key = `agreement-${agreement.id}-progress`;
    const field = h("textarea", {
      class: "utrecht-textarea", id: key, rows: 2, maxLength: 500, data: { key },
      value: ui.drafts[key] ?? "",
      on: { input: (e) => { ui.drafts[key] = e.target.value; } },
    });
    return h("form", {
      class: "agreement__progress-form",
      on: {
        submit: (event) => {
          event.preventDefault();
          const text = (ui.drafts[key] ?? "").trim();
          if (!text) return;
          live.send("agreement.progress", { agreement_id: agreement.id, text });
          delete ui.drafts[key];
          ui.focusKey = key;
          ctx.redraw();
        },
      },
    },
    h("label", { class: "utrecht-form-label", for: key }, gettext("How is it going?")),
    field,
    h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action" },
      gettext("Add update"), hiddenLabel(`: ${agreement.description}`)));
  }

  function item(agreement) {
    return h("li", { class: `agreement agreement--${agreement.status}` },
      h("p", { class: "agreement__description", dir: "auto" }, h("bdi", { text: agreement.description })),
      meta(agreement),
      filled(agreement),
      progressList(agreement),
      statusButtons(agreement),
      isFacilitator ? null : progressForm(agreement));
  }

  function drawList() {
    const list = byId("agreement-list");
    if (!list) return;
    const { agreements } = ctx.state;
    const shown = isFacilitator ? agreements : ownedBy(agreements, me);
    const signature = JSON.stringify([shown, Boolean(ctx.closedMessage)]);
    if (list.dataset.signature === signature) return;
    list.dataset.signature = signature;
    if (!shown.length) {
      list.replaceChildren(h("p", { class: "utrecht-paragraph agreement-list__none" }, isFacilitator
        ? gettext("No agreements yet.")
        : gettext("You have no actions yet.")));
      return;
    }
    if (!isFacilitator) {
      list.replaceChildren(h("ul", { class: "agreement-list__items" }, shown.map(item)));
      return;
    }
    list.replaceChildren(...byKind(shown).map((group) => h("section", { class: "agreement-group" },
      h("h3", { class: "utrecht-heading-3" }, kindLabel(group.kind)),
      h("ul", { class: "agreement-list__items" }, group.agreements.map(item)))));
  }

  function drawSent() {
    const out = byId("agreement-sent");
    if (!out) return;
    const sent = ctx.state.agreement_distributions;
    const last = sent.length ? sent[sent.length - 1] : null;
    setText(out, last
      ? format(gettext("Last sent on %(date)s to %(count)s participants."), {
        date: new Date(last.sent_at).toLocaleString(document.documentElement.lang || "nl"),
        count: last.recipients.length,
      })
      : gettext("The agreements have not been sent yet."));
  }

  function draw() {
    const ended = Boolean(ctx.closedMessage);
    for (const control of form.elements) control.disabled = ended;
    if (isFacilitator) {
      drawOwnerChoices();
      drawSent();
      if (distribute) distribute.disabled = ended || !ctx.state.agreements.length;
    }
    drawList();
  }

  return { draw };
}
