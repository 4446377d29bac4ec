"""Small steps of the appraisal journeys in the browser (tests/e2e/test_appraisal_*.py): the
method's panel and the step it shows, the appraisal in the snapshot, a post-it on the wall, the
JSON API with the facilitator's session, and reading and dragging a group's ranking (mouse on a
laptop, touch on a phone)."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.support.browser import LIVE_TIMEOUT, snapshot, wait_until


def panel(page: Page):
    return page.locator("#appraisal-panel")


def goto_step(console: Page, workshop_id: int, step: int, others: list[Page]) -> None:
    """The facilitator starts the agenda item of this step; the phones and the screen follow."""
    item = next(i for i in snapshot(console, workshop_id)["agenda"] if i["step"] == step)
    console.locator("#timer-goto-item").select_option(str(item["id"]))
    console.locator("#timer-goto-button").click()
    for page in [console, *others]:
        expect(panel(page)).to_have_attribute("data-step", str(step), timeout=LIVE_TIMEOUT)


def appraisal_of(console: Page, workshop_id: int) -> dict:
    return snapshot(console, workshop_id)["appraisal"]


def own_card(page: Page, text: str):
    return page.locator("#wall .postit").filter(
        has=page.locator(".postit__text", has_text=re.compile("^" + re.escape(text) + "$"))
    )


# --- The JSON API with the facilitator's browser session --------------------------------------


class Api:
    """The JSON API with the facilitator's browser session (cookie plus CSRF header)."""

    def __init__(self, page: Page, workshop_id: int):
        self.page = page
        self.base = f"/api/v1/workshops/{workshop_id}"
        token = page.evaluate(
            "() => JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken']"
        )
        self.headers = {"X-CSRFToken": token, "Accept-Language": "en"}

    def call(self, method: str, path: str, data: dict | None = None, *, status: int = 200) -> dict:
        response = self.page.request.fetch(
            self.base + path, method=method, data=data, headers=self.headers
        )
        assert response.status == status, (
            method,
            path,
            data,
            response.status,
            response.text()[:400],
        )
        return response.json()


# --- Rankings ------------------------------------------------------------------------------------


def ranking_of(console: Page, workshop_id: int, group_id: int) -> dict | None:
    return next(
        (r for r in appraisal_of(console, workshop_id)["rankings"] if r["group_id"] == group_id),
        None,
    )


def shown_order(page: Page, selector: str) -> list[int]:
    return [
        int(v)
        for v in page.locator(selector).evaluate_all("els => els.map(e => e.dataset.solutionId)")
    ]


def editor_order(page: Page, group_id: int) -> list[int]:
    return shown_order(page, f"#rank-list-{group_id} > li")


def side_order(page: Page, group_id: int) -> list[int]:
    return shown_order(page, f"#a58-side [data-group-id='{group_id}'] li")


def expect_order(read, expected: list[int], what: str) -> None:
    wait_until(
        lambda: read() == expected, timeout=LIVE_TIMEOUT / 1000, message=f"{what} to be {expected}"
    )


def center_list(page: Page, group_id: int) -> None:
    page.locator(f"#rank-list-{group_id}").evaluate("el => el.scrollIntoView({block: 'center'})")


def handle_of(page: Page, group_id: int, solution_id: int):
    return page.locator(
        f"#rank-list-{group_id} > li[data-solution-id='{solution_id}'] .rank-item__handle"
    )


def item_box(page: Page, group_id: int, solution_id: int) -> dict:
    return page.locator(
        f"#rank-list-{group_id} > li[data-solution-id='{solution_id}']"
    ).bounding_box()


def mouse_drag(page: Page, group_id: int, solution_id: int, below_id: int) -> None:
    """Drag a card by its handle with the mouse until it is just below another card."""
    center_list(page, group_id)
    box = handle_of(page, group_id, solution_id).bounding_box()
    target = item_box(page, group_id, below_id)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, target["y"] + target["height"] * 0.8, steps=12)
    page.mouse.up()


def touch_drag(
    page: Page,
    group_id: int,
    solution_id: int,
    below_id: int | None = None,
    above_id: int | None = None,
) -> None:
    """Drag a card with a finger (real touch events through the DevTools protocol)."""
    center_list(page, group_id)
    box = handle_of(page, group_id, solution_id).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    if below_id is not None:
        target = item_box(page, group_id, below_id)
        to_y = target["y"] + target["height"] * 0.8
    else:
        target = item_box(page, group_id, above_id)
        to_y = target["y"] + target["height"] * 0.2
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    steps = 12
    for i in range(1, steps + 1):
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": "touchMove", "touchPoints": [{"x": x, "y": y + (to_y - y) * i / steps}]},
        )
        time.sleep(0.02)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def ranking_events(console: Page, workshop_id: int, group_id: int, after: int) -> list[dict]:
    events = console.request.get(f"/sessies/{workshop_id}/events?after={after}").json()["events"]
    return [
        e
        for e in events
        if e["kind"] == "ranking.changed" and e["data"]["ranking"]["group_id"] == group_id
    ]


def head_of(console: Page, workshop_id: int) -> int:
    return snapshot(console, workshop_id)["head"]
