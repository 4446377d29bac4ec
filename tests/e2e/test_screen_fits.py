"""The big screen in presenter mode (templates/workshops/screen.html, static/js/board-screen.js):
it fits the projector without scrolling at 1920x1080, 1280x720 and 1024x768 with 60 post-its on
the wall, the newest post-it stays in view, no text is below 24 px at 1920x1080, the join box
is large before anyone joins and a corner after, and an ended session shows no join code, live
and after a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    LIVE_TIMEOUT,
    add_postit,
    axe_check,
    join_by_code,
    login,
    open_screen,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

SIZES = [(1920, 1080), (1280, 720), (1024, 768)]

# Every rendered, non-empty text node of the page that is inside the viewport, with its size.
SMALL_TEXT = """(limit) => {
  const out = [];
  const walker = document.createTreeWalker(document.getElementById("live-root"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || el.closest(".visually-hidden, [hidden]")) continue;
    const rect = el.getBoundingClientRect();
    if (!rect.width || !rect.height || rect.bottom <= 0 || rect.top >= innerHeight) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < limit) out.push(`${el.className || el.tagName}: ${node.textContent.trim().slice(0, 40)} (${size}px)`);
  }
  return out;
}"""


def page_size(page: Page) -> dict:
    return page.evaluate(
        """() => ({scrollHeight: document.documentElement.scrollHeight, height: innerHeight,
                   scrollWidth: document.documentElement.scrollWidth, width: innerWidth})"""
    )


def assert_fits(page: Page, label: str) -> None:
    size = page_size(page)
    assert size["scrollHeight"] <= size["height"], (label, size)
    assert size["scrollWidth"] <= size["width"], (label, size)


def test_the_big_screen_fits_each_projector_with_a_full_wall_and_ends_without_a_code(
    new_context, server
):
    seeded = server.seed(workshops=1, postits=60)["workshops"][0]
    fac = new_context("desktop", viewport={"width": 1920, "height": 1080})
    screen = fac.new_page()
    login(screen, server.info["email"], server.info["password"])
    open_screen(screen, seeded["id"])
    expect(screen.locator(".postit")).to_have_count(60, timeout=LIVE_TIMEOUT)
    # Two people wrote the post-its: the join box is a corner.
    expect(screen.locator("#screen-join")).to_have_attribute("data-size", "corner")

    for width, height in SIZES:
        screen.set_viewport_size({"width": width, "height": height})
        label = f"{width}x{height}"
        screen.wait_for_function(
            "() => document.getElementById('live-root').dataset.stageScale !== undefined"
        )
        screen.wait_for_timeout(300)  # the resize redraw (one animation frame) and its fitting
        assert_fits(screen, label)
        newest = screen.locator(".postit", has_text="Post-it 60:")
        expect(newest).to_be_in_viewport(ratio=1)
        expect(screen.locator(".join-code")).to_be_in_viewport()
        expect(screen.locator("#now-timer")).to_be_in_viewport()
        if width == 1920:
            assert screen.evaluate(SMALL_TEXT, 24) == [], label
            axe_check(screen, label=f"big screen {label}")

    # A post-it written now is in view at once, at the bottom of its column.
    phone = new_context("phone").new_page()
    join_by_code(phone, seeded["display_code"], "Zeynep")
    phone.locator("#postit-column").select_option(label="Gemeente")  # a full column
    add_postit(phone, "Post-it 61: de nieuwste")
    expect(screen.locator(".postit", has_text="Post-it 61:")).to_be_in_viewport(
        ratio=1, timeout=LIVE_TIMEOUT
    )
    assert_fits(screen, "1024x768 after a new post-it")

    # The session ends: the join code leaves the screen live, and is not in the page after a reload.
    console = fac.new_page()
    console.goto(f"/sessies/{seeded['id']}/afsluiten/")
    console.get_by_role("button", name="End the session").click()
    expect(screen.locator(".join-code")).to_have_count(0, timeout=LIVE_TIMEOUT)
    expect(screen.locator("#now-title")).to_have_text("The session has ended")
    screen.reload()
    expect(screen.locator("#now-title")).to_have_text("The session has ended")
    assert seeded["display_code"] not in screen.content()
    assert screen.locator("#screen-join").count() == 0
    assert_fits(screen, "ended")


def test_the_join_box_is_large_until_someone_joins(new_context, server, seeded):
    fac = new_context("desktop", viewport={"width": 1280, "height": 720})
    screen = fac.new_page()
    login(screen, server.info["email"], server.info["password"])
    open_screen(screen, seeded["id"])
    join = screen.locator("#screen-join")
    expect(join).to_have_attribute("data-size", "large")
    expect(screen.locator("img.live-join__qr")).to_be_in_viewport(ratio=1)
    assert_fits(screen, "nobody joined")
    large = join.bounding_box()

    join_by_code(new_context("phone").new_page(), seeded["display_code"], "Ans")
    expect(join).to_have_attribute("data-size", "corner", timeout=LIVE_TIMEOUT)
    corner = join.bounding_box()
    assert corner["width"] * corner["height"] < large["width"] * large["height"] / 2
    expect(screen.locator(".join-code")).to_be_in_viewport(ratio=1)
