"""The whole-appraisal journey's own steps (tests/e2e/test_appraisal_replay.py): its six people,
creating and opening the work sessions from the detail page, joining, forming groups, dragging a
solution to the top of a ranking, and the documents it downloads."""

from __future__ import annotations

import re
import time
from pathlib import Path

from docx import Document
from playwright.sync_api import Page, expect

from tests.support.browser import LIVE_TIMEOUT, join_by_code, snapshot, wait_online, wait_until

# name, kind, organisation; the app sorts by organisation and deals round-robin, so each group
# gets one phone and one person of every organisation.
PEOPLE = (
    ("Ans", "phone", "Bewoners"),
    ("Bram", "desktop", "Corporatie"),
    ("Cor", "desktop", "Gemeente"),
    ("Dewi", "phone", "Bewoners"),
    ("Eva", "desktop", "Corporatie"),
    ("Gijs", "desktop", "Gemeente"),
)


def create_session(detail: Page, number: int) -> tuple[int, str]:
    """Create work session I or II on the detail page; returns its id and console URL."""
    label = "I" if number == 1 else "II"
    box = detail.locator(f"#session-{number}")
    expect(box).to_have_attribute("data-linked", "no")
    box.get_by_role("button", name=f"Create work session {label}", exact=True).click()
    expect(detail.locator(f"#session-{number}")).to_have_attribute(
        "data-linked", "yes", timeout=LIVE_TIMEOUT
    )
    href = detail.locator(f"#session-{number} [data-link='console']").get_attribute("href")
    return int(re.search(r"/sessies/(\d+)/", href).group(1)), href


def open_session(detail: Page, number: int) -> tuple[Page, Page]:
    """Open the console and (a new window) the big screen from the detail page."""
    box = detail.locator(f"#session-{number}")
    with detail.context.expect_page() as popup:
        box.locator("[data-link='screen']").click()
    screen = popup.value
    wait_online(screen)
    box.locator("[data-link='console']").click()
    wait_online(detail)
    return detail, screen


def join_everyone(new_context, code: str, contexts: dict) -> dict[str, Page]:
    people = {}
    for name, kind, org in PEOPLE:
        if name not in contexts:
            contexts[name] = new_context(kind)
        page = contexts[name].new_page()
        join_by_code(page, code, name, org)
        people[name] = page
    return people


def session_groups(console: Page, workshop_id: int) -> list[tuple[int, list[str]]]:
    """(group id, member names) of the groups of this work session."""
    snap = snapshot(console, workshop_id)
    names = {p["id"]: p["display_name"] for p in snap["participants"]}
    return [
        (g["id"], sorted(names[m] for m in g["member_ids"]))
        for g in snap["appraisal"]["groups"]
        if g["workshop_id"] == workshop_id
    ]


def expect_in_groups(people: dict[str, Page], groups) -> None:
    for _gid, members in groups:
        for name in members:
            others = [n for n in members if n != name]
            expect(people[name].locator("#appraisal-mygroup")).to_contain_text(
                others[0], timeout=LIVE_TIMEOUT
            )


def form_groups(
    console: Page, workshop_id: int, people: dict[str, Page], *, check_pages: bool = True
) -> list[tuple[int, list[str]]]:
    """The facilitator lets the app form groups of three; returns (group id, member names) per group.

    ``check_pages``: each participant's page says who is in their group (only while step 2 runs)."""
    console.get_by_label("People per group").select_option("3")
    console.get_by_role("button", name="Form groups").click()
    wait_until(lambda: len(session_groups(console, workshop_id)) == 2, message="two groups formed")
    groups = session_groups(console, workshop_id)
    assert all(len(m) == 3 for _, m in groups), groups
    if check_pages:
        expect_in_groups(people, groups)
    return groups


def writer_of(members: list[str], kind: str) -> str:
    """The member of the group on this kind of device (each group has one phone)."""
    return next(n for n, k, _ in PEOPLE if n in members and k == kind)


def rank_order(page: Page, selector: str) -> list[int]:
    return [
        int(v)
        for v in page.locator(selector).evaluate_all("els => els.map(e => e.dataset.solutionId)")
    ]


def handle_box(page: Page, group_id: int, solution_id: int) -> tuple[float, float]:
    page.locator(f"#rank-list-{group_id}").evaluate("el => el.scrollIntoView({block: 'center'})")
    box = page.locator(
        f"#rank-list-{group_id} > li[data-solution-id='{solution_id}'] .rank-item__handle"
    ).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def target_y(page: Page, group_id: int, solution_id: int, below: bool) -> float:
    box = page.locator(
        f"#rank-list-{group_id} > li[data-solution-id='{solution_id}']"
    ).bounding_box()
    return box["y"] + box["height"] * (0.8 if below else 0.2)


def mouse_drag_to_top(page: Page, group_id: int, solution_id: int, top_id: int) -> None:
    x, y = handle_box(page, group_id, solution_id)
    to_y = target_y(page, group_id, top_id, below=False)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, to_y, steps=12)
    page.mouse.up()


def touch_drag_to_top(page: Page, group_id: int, solution_id: int, top_id: int) -> None:
    """A finger drag through the DevTools protocol (real touch events)."""
    x, y = handle_box(page, group_id, solution_id)
    to_y = target_y(page, group_id, top_id, below=False)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 13):
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": "touchMove", "touchPoints": [{"x": x, "y": y + (to_y - y) * i / 12}]},
        )
        time.sleep(0.02)  # a finger moves over time; the drag code reads the moves
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def download(detail: Page, document: str, target: Path) -> Path:
    """Ask for a document on the appraisal's page: its job's page follows the worker and starts
    the download when the file is ready (up to 60 s on a loaded machine); then back."""
    overview = detail.url
    with detail.expect_download(timeout=60_000) as info:
        detail.locator(f"#documents [data-document='{document}']").click(no_wait_after=True)
    info.value.save_as(target)
    assert info.value.failure() is None
    detail.goto(overview)
    return target


def squash(text: str) -> str:
    """Text with every run of white space as one space (PDF text breaks lines anywhere)."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)
