"""The big screen in presenter mode (templates/workshops/screen.html, static/js/board-screen.js):
it fits the projector without scrolling at 1920x1080, 1280x720 and 1024x768 with 60 post-its on
the wall, the newest post-it stays in view, no text is below 24 px at 1920x1080, the join box
is large before anyone joins and a corner after, an ended session shows no join code, live
and after a reload; four groups' rankings fit side by side, and the facilitator puts one thing in
the spotlight."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    LIVE_TIMEOUT,
    add_postit,
    axe_check,
    join_by_code,
    login,
    open_console,
    open_screen,
    snapshot,
    wait_online,
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


# A column of the wall on the screen: [post-its in view + the "+N earlier" count, all post-its].
COLUMN_COUNTS = """(column) => {
  const list = column.querySelector(".postit-list");
  const top = list.getBoundingClientRect().top;
  const cards = [...list.children];
  const inView = cards.filter((card) => card.getBoundingClientRect().top >= top - 1).length;
  const marker = column.querySelector(".wall-column__earlier");
  const earlier = marker && !marker.hidden ? Number(marker.textContent.match(/\\d+/)[0]) : 0;
  return [inView + earlier, cards.length];
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
        # Each column says how many of its older post-its are out of view: with the ones in view
        # that is all 20 of the column.
        for column in screen.locator(".wall-column").all():
            assert column.evaluate(COLUMN_COUNTS) == [20, 20], (label, column.inner_text()[:80])
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


def test_four_groups_rankings_fit_and_the_console_puts_one_thing_in_the_spotlight(
    new_context, server
):
    """Work session II at step 6 (seam ``Method.rehearse``): four groups' rankings side by side
    fit each projector; then the facilitator shows one group's ranking large, then one post-it,
    then everything again, from the console."""
    rehearsal = server.rehearse(("afwegen", 6))[0]
    wid = rehearsal["id"]
    fac = new_context("desktop", viewport={"width": 1280, "height": 800})
    console = fac.new_page()
    login(console, server.info["email"], server.info["password"])
    open_console(console, wid)
    wait_online(console)
    screen = fac.new_page()
    screen.set_viewport_size({"width": 1920, "height": 1080})
    open_screen(screen, wid)
    wait_online(screen)

    # The fourth group ranks too (the rehearsal leaves it to the phone), through the console's socket.
    appraisal = snapshot(console, wid)["appraisal"]
    groups = [g["id"] for g in appraisal["groups"]]
    solutions = [s["id"] for s in appraisal["solutions"]]
    console.evaluate(
        "([group, order]) => window.wijktafelLive.send('ranking.set', "
        "{group_id: group, ordered_solution_ids: order})",
        [groups[0], solutions[::-1]],
    )
    columns = screen.locator(".a58-side__col")
    expect(columns).to_have_count(4, timeout=LIVE_TIMEOUT)
    expect(screen.locator(".a58-side__col .a58-side__list")).to_have_count(4, timeout=LIVE_TIMEOUT)

    for width, height in SIZES:
        screen.set_viewport_size({"width": width, "height": height})
        label = f"four rankings at {width}x{height}"
        screen.wait_for_timeout(300)  # the resize redraw (one animation frame) and its fitting
        assert_fits(screen, label)
        # Side by side in one row across the screen (a stage too tall turns its pages, which moves
        # the row up and down, so the row is checked, not where the page stands).
        boxes = [columns.nth(n).bounding_box() for n in range(4)]
        assert len({round(b["y"]) for b in boxes}) == 1, (label, boxes)
        assert all(b["x"] >= 0 and b["x"] + b["width"] <= width for b in boxes), (label, boxes)
        if width == 1920:
            assert screen.evaluate(SMALL_TEXT, 24) == [], label
            axe_check(screen, label=label)
    screen.set_viewport_size({"width": 1920, "height": 1080})

    # One group's ranking in the spotlight: chosen in the console, alone and larger on the screen.
    third = f"part:ranking-{groups[2]}"
    small = screen.locator(f"[data-spot='{third}']").bounding_box()
    console.locator("#spotlight-target").select_option(third)
    console.locator("#spotlight-show").click()
    spotlit = screen.locator(".is-spotlit")
    expect(spotlit).to_have_attribute("data-spot", third, timeout=LIVE_TIMEOUT)
    expect(spotlit).to_be_in_viewport(ratio=1)
    expect(columns.nth(0)).to_be_hidden()
    expect(screen.locator("#a58-aggregate")).to_be_hidden()
    large = spotlit.bounding_box()
    assert large["width"] * large["height"] > 2 * small["width"] * small["height"], (small, large)
    expect(console.locator("#spotlight-now")).to_contain_text(appraisal["groups"][2]["name"])
    assert_fits(screen, "a ranking in the spotlight")
    axe_check(screen, label="a ranking in the spotlight")

    # A post-it, from its "Arrange" panel on the console's wall; the one spotlight replaces the other.
    console.evaluate(
        "text => window.wijktafelLive.send('postit.create', {text})", "Geen licht bij de ingang"
    )
    expect(console.locator(".postit", has_text="Geen licht bij de ingang")).to_be_visible(
        timeout=LIVE_TIMEOUT
    )
    postit = snapshot(console, wid)["postits"][0]
    card = console.locator(f"#postit-{postit['id']}")
    card.get_by_role("button", name="Arrange").click()
    card.get_by_role("button", name="Show large on the big screen").click()
    expect(spotlit).to_have_attribute("data-spot", f"postit:{postit['id']}", timeout=LIVE_TIMEOUT)
    expect(spotlit).to_contain_text(postit["text"])
    expect(screen.locator(f"[data-spot='{third}']")).to_be_hidden()
    expect(screen.locator(".postit").filter(visible=True)).to_have_count(1)
    assert_fits(screen, "a post-it in the spotlight")

    # Everything again, for every screen at once, and after a reload too.
    console.locator("#spotlight-off").click()
    expect(spotlit).to_have_count(0, timeout=LIVE_TIMEOUT)
    expect(columns.nth(0)).to_be_visible()
    screen.reload()
    expect(columns).to_have_count(4, timeout=LIVE_TIMEOUT)
    expect(screen.locator(".is-spotlit")).to_have_count(0)
