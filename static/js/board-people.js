// The people in the live views (board.js): the join code and its QR code, the number of
// participants, and in the console the participant list with each one's kind and roles (which
// the facilitator can change), "Remove" and the joining toggle.
//
// mountPeople(ctx) wires the joining toggle and returns {draw}; ``ctx`` is the shared context
// of board.js. Names always go in a <bdi>.

import { format, gettext, h, hiddenLabel, ngettext, setText } from "./ui.js";

const byId = (id) => document.getElementById(id);

// people.Kind and people.Role (wijktafel/workshops/people.py), in their order.
const KINDS = () => [
  ["resident", gettext("resident")],
  ["former_resident", gettext("former resident")],
  ["professional", gettext("professional")],
  ["municipal_official", gettext("works for the municipality")],
  ["housing_association", gettext("works for a housing association")],
  ["volunteer", gettext("volunteer")],
  ["other", gettext("other")],
];
const ROLES = () => [
  ["organiser", gettext("organiser")],
  ["chair", gettext("chair")],
  ["facilitator", gettext("facilitator")],
  ["co_facilitator", gettext("co-facilitator")],
  ["tech_facilitator", gettext("technical facilitator")],
  ["map_expert", gettext("map expert")],
  ["devils_advocate", gettext("devil's advocate")],
  ["presenter", gettext("presenter")],
  ["participant", gettext("participant")],
];

/** "resident · chair, presenter": the kind and the roles other than the plain participant. */
export function describePerson(p) {
  const kind = KINDS().find(([key]) => key === p.kind);
  const roles = ROLES().filter(([key]) => key !== "participant" && (p.roles || []).includes(key));
  return [kind ? kind[1] : "", roles.map(([, label]) => label).join(", ")].filter(Boolean).join(" · ");
}

export function mountPeople(ctx) {
  const { live, isFacilitator } = ctx;

  function drawJoinCode() {
    // A rotated code arrives in workshop.changed; the old code and QR stop working at once.
    const code = ctx.state.workshop.join_code;
    if (!code) return;
    for (const el of document.querySelectorAll(".join-code")) setText(el, code);
    for (const img of document.querySelectorAll("img.live-join__qr")) {
      const url = new URL(img.getAttribute("src"), location.href);
      if (url.searchParams.get("v") !== code) {
        url.searchParams.set("v", code);
        img.setAttribute("src", url.pathname + url.search);
      }
    }
  }

  function drawJoining() {
    const { state } = ctx;
    const open = state.workshop.joining_open;
    setText(byId("joining-state"), open
      ? gettext("Joining with the code is open.") : gettext("Joining with the code is closed."));
    const button = byId("joining-toggle");
    if (button) {
      setText(button, open ? gettext("Close joining") : gettext("Open joining"));
      button.disabled = Boolean(ctx.closedMessage) || state.workshop.status === "ended";
    }
  }

  const joiningButton = byId("joining-toggle");
  if (joiningButton) {
    joiningButton.addEventListener("click", () => {
      live.send("workshop.joining", { open: !ctx.state.workshop.joining_open });
    });
  }

  function drawParticipantCount() {
    const el = byId("participant-count");
    if (!el) return;
    const n = ctx.state.participants.length;
    if (el.dataset.format === "short") {
      setText(el, `(${n})`);
      return;
    }
    setText(el, format(ngettext("%(count)s participant", "%(count)s participants", n), { count: n }));
  }

  const openEditors = new Set();  // participants whose "kind and roles" editor is open

  function editor(p, disabled) {
    const id = `participant-${p.id}`;
    const setRoles = (role, on) => {
      const roles = new Set(p.roles || []);
      if (on) roles.add(role); else roles.delete(role);
      live.send("participant.update", { participant_id: p.id, roles: [...roles] });
    };
    const details = h("details", { class: "participant__edit", open: openEditors.has(p.id),
      on: { toggle: () => (details.open ? openEditors.add(p.id) : openEditors.delete(p.id)) } },
    h("summary", {}, gettext("Kind and roles"), hiddenLabel(`: ${p.display_name}`)),
    h("label", { class: "utrecht-form-label", for: `${id}-kind` }, gettext("Kind")),
    h("select", {
      class: "utrecht-select utrecht-select--html-select", id: `${id}-kind`, disabled,
      data: { key: `${id}-kind` },
      on: { change: (e) => live.send("participant.update", { participant_id: p.id, kind: e.target.value }) },
    }, h("option", { value: "", selected: !p.kind }, gettext("not said")),
    ...KINDS().map(([key, label]) => h("option", { value: key, selected: p.kind === key }, label))),
    h("fieldset", { class: "participant__roles" },
      h("legend", { class: "utrecht-form-label" }, gettext("Roles in this session")),
      ...ROLES().filter(([key]) => key !== "participant").map(([key, label]) => h("label", { class: "participant__role" },
        h("input", { type: "checkbox", class: "utrecht-checkbox", checked: (p.roles || []).includes(key), disabled,
          data: { key: `${id}-role-${key}` }, on: { change: (e) => setRoles(key, e.target.checked) } }),
        ` ${label}`))));
    return details;
  }

  function drawParticipants() {
    drawParticipantCount();
    const list = byId("participant-list");
    if (!list) return;
    const { state, closedMessage } = ctx;
    const removing = new Set(ctx.pending.filter((p) => p.kind === "participant.remove").map((p) => p.data.participant_id ?? p.data.id));
    const signature = JSON.stringify([state.participants, [...removing], Boolean(closedMessage)]);
    if (list.dataset.signature === signature) return;
    list.dataset.signature = signature;
    ctx.keepFocus(() => {
      if (!state.participants.length) {
        list.replaceChildren(h("li", { class: "participant participant--none" }, gettext("Nobody has joined yet.")));
        return;
      }
      list.replaceChildren(...state.participants.map((p) => {
        const extra = [p.organisation_name, p.role_text, describePerson(p)].filter(Boolean).join(" · ");
        return h("li", { class: "participant" },
          h("span", { class: "participant__name" }, h("bdi", { text: p.display_name })),
          extra ? h("span", { class: "participant__extra" }, h("bdi", { text: extra })) : null,
          h("button", {
            type: "button",
            class: "utrecht-button utrecht-button--subtle participant__remove",
            data: { key: `participant-${p.id}-remove` },
            disabled: removing.has(p.id) || Boolean(closedMessage),
            on: {
              click: () => {
                const question = format(gettext("Remove %(name)s from the session? Their screen closes at once."),
                  { name: p.display_name });
                if (window.confirm(question)) live.send("participant.remove", { participant_id: p.id });
              },
            },
          }, removing.has(p.id) ? gettext("Removing…") : gettext("Remove"), hiddenLabel(`: ${p.display_name}`)),
          editor(p, removing.has(p.id) || Boolean(closedMessage)));
      }));
    });
  }

  function draw() {
    drawJoinCode();
    if (isFacilitator) {
      drawJoining();
      drawParticipants();
    } else {
      drawParticipantCount();
    }
  }

  return { draw };
}
