// Groups of set sizes in the live views (board.js), a building block of every session
// (wijktafel/groups):
//   console  choose a kind, let the app form the groups, make one by hand, move a member with a
//            select, say the groups are done; warnings and refusals beside the group;
//   phone    "Your group" (its name and the other members) and a compact "Whom do you already
//            know?" checklist, whose ticks the server rendered (they are never broadcast);
//   screen   the groups, compact, when there are any.
//
// mountGroups(ctx) wires the controls and returns {draw, rejected}. Names go in as text.

import { format, gettext, h, hiddenLabel, ngettext, setText } from "./ui.js";

const byId = (id) => document.getElementById(id);
export const KINDS = Object.freeze(["duo", "trio", "breakout"]);

export function kindLabel(kind) {
  return { duo: gettext("Duos"), trio: gettext("Trios"), breakout: gettext("Breakouts") }[kind] || kind;
}

/** What a group's status means, for the page ("" when it keeps the rule). */
export function statusText(group) {
  if (group.status === "trio") return gettext("This group is a trio, because the number is odd.");
  if (group.status === "small") {
    return group.kind === "breakout" ? gettext("This group is empty.") : gettext("This group is not complete yet.");
  }
  if (group.status === "large") return gettext("This group is too large.");
  return "";
}

/** The groups of ``kind`` in the state, with only the members still in the session. */
export function groupsOf(state, kind) {
  const present = new Set(state.participants.map((p) => p.id));
  return state.groups
    .filter((g) => g.kind === kind)
    .map((g) => ({ ...g, member_ids: g.member_ids.filter((id) => present.has(id)) }));
}

/** The groups ``me`` is in, one per kind. */
export function groupsOfMember(state, me) {
  return KINDS.flatMap((kind) => groupsOf(state, kind).filter((g) => g.member_ids.includes(me)));
}

export function mountGroups(ctx) {
  const { live, view, me, ui } = ctx;
  const section = byId("groups-section");
  const errors = new Map(); // group id (or "panel") -> message of a refused op
  const sent = new Map(); // op id -> group id (or "panel"), to show a refusal beside it
  ui.groupsKind = ui.groupsKind || null;

  const nameOf = (id) => ctx.state.participants.find((p) => p.id === id)?.display_name || "?";
  const kindOf = () => ui.groupsKind || KINDS.find((k) => ctx.state.groups.some((g) => g.kind === k)) || "duo";

  function send(kind, data, where) {
    errors.delete(where);
    const op = live.send(kind, data);
    if (op) sent.set(op, where);
    ctx.redraw();
  }

  // --- Console controls ----------------------------------------------------------------------
  const kindSelect = byId("groups-kind");
  if (kindSelect) {
    kindSelect.addEventListener("change", () => {
      ui.groupsKind = kindSelect.value;
      ctx.redraw();
    });
    byId("groups-form").addEventListener("click", () => send("grouping.form", { kind: kindOf() }, "panel"));
    byId("groups-add").addEventListener("click", () => send("grouping.create", { kind: kindOf(), member_ids: [] }, "panel"));
    byId("groups-done").addEventListener("change", (e) => send("grouping.done", { kind: kindOf(), done: e.target.checked }, "panel"));
  }

  // --- Phone: whom I already know ------------------------------------------------------------
  const knows = byId("knows-list");
  if (knows) {
    knows.addEventListener("change", () => {
      const ids = [...knows.querySelectorAll("input:checked")].map((input) => Number(input.value));
      live.send("acquaintance.set", { known_ids: ids });
      setText(byId("knows-saved"), gettext("Saved. Only you see this."));
    });
  }

  function drawKnows() {
    if (!knows) return;
    const others = ctx.state.participants.filter((p) => p.id !== me);
    const signature = JSON.stringify(others.map((p) => [p.id, p.display_name]));
    if (knows.dataset.signature === signature) return;
    knows.dataset.signature = signature;
    const ticked = new Set([...knows.querySelectorAll("input:checked")].map((input) => Number(input.value)));
    knows.replaceChildren(...others.map((p) => h("label", { class: "knows__person" },
      h("input", { type: "checkbox", name: "known", value: String(p.id), checked: ticked.has(p.id) }), " ",
      h("bdi", { dir: "auto", text: p.display_name }))));
    byId("knows-empty").hidden = others.length > 0;
  }

  // --- Phone: my group -----------------------------------------------------------------------
  function drawMine() {
    const mine = byId("groups-mine");
    if (!mine) return;
    const found = groupsOfMember(ctx.state, me);
    mine.hidden = found.length === 0;
    const list = byId("groups-mine-list");
    const signature = JSON.stringify([found, ctx.state.participants.map((p) => [p.id, p.display_name])]);
    if (list.dataset.signature === signature) return;
    list.dataset.signature = signature;
    list.replaceChildren(...found.map((group) => {
      const others = group.member_ids.filter((id) => id !== me).map(nameOf);
      return h("p", { class: "groups-mine__group" },
        h("strong", { text: group.name }), " ",
        others.length
          ? [gettext("with"), " ", others.map((name, i) => [i ? ", " : "", h("bdi", { dir: "auto", text: name })])]
          : gettext("(nobody else yet)"),
        group.status === "trio" ? h("span", { class: "groups-mine__note" }, " ", statusText(group)) : null);
    }));
  }

  // --- Console and screen: the groups --------------------------------------------------------
  function memberItem(group, id, groups, kind) {
    const name = nameOf(id);
    const person = ctx.state.participants.find((p) => p.id === id);
    const helper = person && !countsInGroups(person);
    if (view !== "console") {
      return h("li", { class: "groups-card__member" }, h("bdi", { dir: "auto", text: name }),
        helper ? h("span", { class: "groups-card__helper" }, ` (${gettext("helper")})`) : null);
    }
    const key = `groups-move-${id}`;
    const select = h("select", {
      class: "utrecht-select utrecht-select--html-select groups-card__move", id: key, data: { key },
      disabled: Boolean(ctx.closedMessage),
      on: {
        change: (e) => {
          const target = e.target.value ? Number(e.target.value) : null;
          if (target == null && !group) return;
          send("grouping.move", target == null
            ? { participant_id: id, group_id: null, kind }
            : { participant_id: id, group_id: target }, target ?? group.id);
        },
      },
    },
    groups.map((g) => h("option", { value: String(g.id), selected: g.id === group?.id }, g.name)),
    h("option", { value: "", selected: !group }, gettext("No group")));
    return h("li", { class: "groups-card__member" },
      h("label", { for: key }, h("bdi", { dir: "auto", text: name }),
        helper ? ` (${gettext("helper")})` : null, hiddenLabel(` – ${gettext("move to")}`)),
      select);
  }

  function card(group, groups) {
    const warning = statusText(group);
    const error = errors.get(group.id);
    return h("section", { class: `groups-card groups-card--${group.status}`, "aria-label": group.name, data: { spot: `group:${group.id}` } },
      h("h3", { class: "groups-card__name" }, group.name,
        view === "console"
          ? h("button", {
            type: "button", class: "utrecht-button utrecht-button--subtle groups-card__delete",
            data: { key: `groups-delete-${group.id}` }, disabled: Boolean(ctx.closedMessage),
            on: { click: () => send("grouping.delete", { group_id: group.id }, "panel") },
          }, gettext("Remove"), hiddenLabel(`: ${group.name}`))
          : null),
      h("ul", { class: "groups-card__members" }, group.member_ids.map((id) => memberItem(group, id, groups, group.kind))),
      warning ? h("p", { class: "groups-card__warning" }, warning) : null,
      error ? h("p", { class: "groups-card__error", role: "alert" }, error) : null);
  }

  function drawConsole() {
    const kind = kindOf();
    kindSelect.value = kind;
    const groups = groupsOf(ctx.state, kind);
    const done = ctx.state.group_sets.some((s) => s.kind === kind && s.done);
    const offline = Boolean(ctx.closedMessage);
    for (const id of ["groups-form", "groups-add"]) byId(id).disabled = offline;
    const doneBox = byId("groups-done");
    doneBox.checked = done;
    doneBox.disabled = offline || groups.length === 0;
    const answered = ctx.state.acquaintances.answered;
    setText(byId("groups-answered"), format(ngettext(
      "%(count)s person said whom they already know.", "%(count)s people said whom they already know.", answered),
    { count: answered }));
    const panelError = byId("groups-error");
    setText(panelError, errors.get("panel") || "");
    panelError.hidden = !errors.has("panel");
    byId("groups-trio-note").hidden = !groups.some((g) => g.status === "trio");

    const list = byId("groups-list");
    const grouped = new Set(groups.flatMap((g) => g.member_ids));
    const loose = ctx.state.participants.filter((p) => !grouped.has(p.id));
    const signature = JSON.stringify([kind, groups, loose.map((p) => p.id), ctx.state.participants,
      [...errors], offline]);
    if (list.dataset.signature === signature) return;
    list.dataset.signature = signature;
    list.replaceChildren(...groups.map((g) => card(g, groups)),
      loose.length
        ? h("section", { class: "groups-card groups-card--loose", "aria-label": gettext("Not in a group yet") },
          h("h3", { class: "groups-card__name" }, gettext("Not in a group yet")),
          h("ul", { class: "groups-card__members" }, loose.map((p) => memberItem(null, p.id, groups, kind))))
        : null);
  }

  function drawScreen() {
    const list = byId("groups-list");
    const present = KINDS.filter((kind) => groupsOf(ctx.state, kind).length);
    section.hidden = present.length === 0;
    const signature = JSON.stringify([ctx.state.groups, ctx.state.participants]);
    if (list.dataset.signature === signature) return;
    list.dataset.signature = signature;
    list.replaceChildren(...present.map((kind) => {
      const groups = groupsOf(ctx.state, kind);
      return h("div", { class: "groups-kind" },
        h("h3", { class: "groups-kind__title" }, kindLabel(kind)),
        groups.some((g) => g.status === "trio")
          ? h("p", { class: "groups-kind__note" }, gettext("One group is a trio, because the number is odd."))
          : null,
        h("div", { class: "groups-grid" }, groups.map((g) => card(g, groups))));
    }));
  }

  function draw() {
    drawMine();
    drawKnows();
    if (!section) return;
    if (view === "console") drawConsole();
    else if (view === "screen") drawScreen();
  }

  /** Show a refused group op beside its group (or the panel); true when it was one of ours. */
  function rejected(detail, text) {
    if (!sent.has(detail.op)) return false;
    errors.set(sent.get(detail.op), text);
    sent.delete(detail.op);
    ctx.redraw();
    return true;
  }

  live.addEventListener("state", (event) => {
    if (event.detail.frame?.kind === "grouping.changed") errors.clear(); // a refusal is old news
  });

  return { draw, rejected };
}

const HELPER_ROLES = new Set(["facilitator", "co_facilitator", "tech_facilitator", "map_expert"]);

/** people.counts_in_groups: helpers do not count towards a group's size. */
export function countsInGroups(person) {
  return !(person.roles || []).some((role) => HELPER_ROLES.has(role));
}
