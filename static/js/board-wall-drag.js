// Working the wall directly on the console (board-wall.js): drag a post-it onto another to merge
// (cluster) them, into a column to move it, onto the parking lot to park it, or onto "a solution
// idea" to park it as one. Every drag has a single-pointer alternative, the post-it's "Arrange"
// panel (WCAG 2.2, 2.5.7), and every arrangement can be undone (board-wall.js ``arrange``).
//
// wireWallDrag(root, {drop(postitId, action)}): listens on ``root`` once, so the wall may be drawn
// again while someone drags. What can be dragged and where it can go is read from the page:
//   .postit[data-postit-id][draggable]   a post-it (the console's, not parked, not pending)
//   .postit[data-postit-id]              another post-it: merge into it
//   [data-drop="park"|"idea"]            the drop zones under the wall, and #parked
//   .wall-column[data-column-id]         a column ("" is the post-its without a column): move
// ``action`` is {kind: "merge", into} | {kind: "move", column} | {kind: "park", idea}.

const TYPE = "application/x-wijktafel-postit";

export function wireWallDrag(root, { drop }) {
  let dragging = null; // {id, column}
  let marked = null;

  function actionAt(el) {
    if (!dragging || !(el instanceof Element)) return null;
    const zone = el.closest("[data-drop]");
    if (zone) return { kind: "park", idea: zone.dataset.drop === "idea", el: zone };
    if (el.closest("#parked")) return { kind: "park", idea: false, el: el.closest("#parked") };
    const card = el.closest(".postit[data-postit-id]");
    if (card && !card.closest("#parked")) {
      const into = Number(card.dataset.postitId);
      return into === dragging.id ? null : { kind: "merge", into, el: card };
    }
    const column = el.closest(".wall-column[data-column-id]");
    if (column) {
      const id = column.dataset.columnId === "" ? null : Number(column.dataset.columnId);
      return id === dragging.column ? null : { kind: "move", column: id, el: column };
    }
    return null;
  }

  function mark(el) {
    if (marked === el) return;
    if (marked) marked.classList.remove("is-drop-target");
    marked = el;
    if (marked) marked.classList.add("is-drop-target");
  }

  function stop() {
    dragging = null;
    mark(null);
    root.classList.remove("is-dragging-postit");
  }

  root.addEventListener("dragstart", (event) => {
    const card = event.target instanceof Element ? event.target.closest(".postit[draggable='true']") : null;
    if (!card) return;
    const columnEl = card.closest(".wall-column[data-column-id]");
    dragging = {
      id: Number(card.dataset.postitId),
      column: columnEl && columnEl.dataset.columnId !== "" ? Number(columnEl.dataset.columnId) : null,
    };
    event.dataTransfer.setData(TYPE, String(dragging.id));
    event.dataTransfer.setData("text/plain", card.querySelector(".postit__text")?.textContent || "");
    event.dataTransfer.effectAllowed = "move";
    root.classList.add("is-dragging-postit");
  });

  root.addEventListener("dragover", (event) => {
    const action = actionAt(event.target);
    mark(action ? action.el : null);
    if (!action) return;
    event.preventDefault(); // this is a place to drop
    event.dataTransfer.dropEffect = "move";
  });

  root.addEventListener("drop", (event) => {
    const action = actionAt(event.target);
    const id = dragging ? dragging.id : null;
    stop();
    if (!action || id == null) return;
    event.preventDefault();
    delete action.el;
    drop(id, action);
  });

  // The source may have been drawn again meanwhile: its dragend then never reaches the root.
  window.addEventListener("dragend", stop, true);
}
