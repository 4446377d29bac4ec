// The big screen's presenter mode (board.js, view "screen"): the page never scrolls.
//
// * The join box is large while nobody has joined, a corner once people are in, and gone when
//   the session has ended (the server leaves it out of an ended session's page too).
// * The wall and the parked post-its take part of the stage only when they have something.
// * The spotlight (board-spotlight.js): the one thing the facilitator chose fills the stage.
// * fitScale(): the stage's type shrinks in steps until its content fits, never below the floor
//   of screen.css (--stage-scale-min: small print of 24 px at 1920 px wide). fitPages(): a panel
//   still too tall at the floor shows in pages that turn by themselves (PAGE_MS), marked
//   "Page 1 of 3". The wall needs no pages: each column keeps its newest post-its in view and
//   says how many older ones are out of it ("+12 earlier", countEarlier()).
//
// mountScreen(ctx) returns {draw}; ``ctx`` is the shared context of board.js.

import { showSpotlight } from "./board-spotlight.js";
import { format, gettext } from "./ui.js";

const PAGE_MS = 8000;
const STEPS = 12; // scale steps between 1 and the floor

export function mountScreen(ctx) {
  const root = ctx.root;
  const stage = document.getElementById("screen-stage");
  const join = document.getElementById("screen-join");
  const pages = new Map(); // panel element -> {page, count, marker}

  function drawJoin() {
    if (!join) return;
    const ended = ctx.state.workshop.status === "ended";
    if (ended) {
      join.remove(); // no code on the wall of a session that has ended
      return;
    }
    join.dataset.size = ctx.state.participants.length ? "corner" : "large";
  }

  function drawSections() {
    const wall = document.getElementById("screen-wall");
    if (wall) wall.hidden = !ctx.state.postits.some((p) => !p.parked);
    const parked = document.getElementById("screen-parked");
    if (parked) parked.hidden = !ctx.state.postits.some((p) => p.parked);
  }

  function overflows(el) {
    return el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
  }

  function visiblePanels() {
    return [...stage.children].filter((el) => !el.hidden && el.getClientRects().length);
  }

  // Type as large as fits: try from 1 down to the floor, stop at the first that fits.
  function fitScale() {
    const min = parseFloat(getComputedStyle(root).getPropertyValue("--stage-scale-min")) || 0.75;
    let scale = 1;
    for (let step = 0; step <= STEPS; step += 1) {
      scale = 1 - ((1 - min) * step) / STEPS;
      root.style.setProperty("--stage-scale", String(scale));
      if (!overflows(stage) && !visiblePanels().some((el) => el.id !== "screen-wall" && overflows(el))) break;
    }
    root.dataset.stageScale = scale.toFixed(2);
  }

  // A panel that is still too tall turns its pages: its content moves up one panel height at a time.
  function fitPages() {
    for (const panel of visiblePanels()) {
      if (panel.id === "screen-wall") continue;
      const height = panel.clientHeight;
      const count = height ? Math.ceil(panel.scrollHeight / height) : 1;
      let entry = pages.get(panel);
      if (count <= 1) {
        if (entry) {
          entry.marker.remove();
          panel.classList.remove("presenter-paged");
          panel.style.removeProperty("--page-offset");
          pages.delete(panel);
        }
        continue;
      }
      if (!entry) {
        entry = { page: 0, count, marker: document.createElement("p") };
        entry.marker.className = "presenter-page";
        pages.set(panel, entry);
      }
      entry.count = count;
      entry.page = Math.min(entry.page, count - 1);
      panel.classList.add("presenter-paged");
      panel.append(entry.marker);
      showPage(panel, entry);
    }
  }

  function showPage(panel, entry) {
    panel.style.setProperty("--page-offset", `${-entry.page * panel.clientHeight}px`);
    entry.marker.textContent = format(gettext("Page %(page)s of %(count)s"), { page: entry.page + 1, count: entry.count });
  }

  setInterval(() => {
    for (const [panel, entry] of pages) {
      if (!panel.isConnected) {
        pages.delete(panel);
        continue;
      }
      entry.page = (entry.page + 1) % entry.count;
      showPage(panel, entry);
    }
  }, PAGE_MS);

  // Each column of the wall keeps its newest post-its in view; how many older ones slid out at the
  // top (or are cut off there) it says above them: "+12 earlier".
  function countEarlier() {
    for (const list of stage.querySelectorAll(".wall-column .postit-list")) {
      let marker = list.previousElementSibling;
      if (!marker || !marker.classList.contains("wall-column__earlier")) {
        marker = document.createElement("p");
        marker.className = "wall-column__earlier";
        list.before(marker);
      }
      marker.hidden = false; // measured with the marker in place: it takes a line of the column
      if (!marker.textContent) marker.textContent = "+0";
      const top = list.getBoundingClientRect().top;
      let hidden = 0;
      for (const card of list.children) if (card.getBoundingClientRect().top < top - 1) hidden += 1;
      marker.hidden = hidden === 0;
      marker.textContent = format(gettext("+%(count)s earlier"), { count: hidden });
    }
  }

  function draw() {
    if (!stage) return;
    drawJoin();
    drawSections();
    showSpotlight(stage, ctx.state.spotlight.target);
    fitScale();
    fitPages();
    countEarlier();
  }

  window.addEventListener("resize", () => ctx.redraw());
  return { draw };
}
