"""Browser journey of the PMI evaluation (wijktafel/evaluations): the facilitator opens it, two
phones write plus, minus and interesting notes that the console and the big screen show at once,
the facilitator makes it anonymous and starts the dots on the minus points, and a phone places
its stickers within the budget (the sticker vote block). Contexts are English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    LIVE_TIMEOUT,
    axe_check,
    join_by_code,
    login,
    open_console,
    open_screen,
    snapshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


def _note(phone, column: str, text: str) -> None:
    pmi = phone.locator("#pmi-section")
    pmi.get_by_role("radio", name=column).check()
    pmi.get_by_label("Your note", exact=True).fill(text)
    pmi.get_by_role("button", name="Add note").click()


def test_notes_on_phones_then_dots_on_the_minus_notes(new_context, server, seeded):
    fac = new_context("desktop")
    console = fac.new_page()
    login(console, server.info["email"], server.info["password"])
    open_console(console, seeded["id"])
    screen = fac.new_page()
    open_screen(screen, seeded["id"])
    ans = new_context("phone").new_page()
    join_by_code(ans, seeded["display_code"], "Ans")
    bram = new_context("phone").new_page()
    join_by_code(bram, seeded["display_code"], "Bram")
    expect(ans.locator("#pmi-section")).to_be_hidden()  # nothing to do there yet

    board = console.locator("#pmi-section")
    board.get_by_role("button", name="Open the evaluation on the phones").click()
    expect(ans.locator("#pmi-section")).to_be_visible(timeout=LIVE_TIMEOUT)
    expect(screen.locator("#pmi-section")).to_be_visible(timeout=LIVE_TIMEOUT)
    _note(ans, "Plus: went well", "Fijne zaal")
    _note(ans, "Minus: could be better", "Te lang")
    _note(bram, "Minus: could be better", "Geen koffie")
    _note(bram, "Interesting", "Dat de jongeren zelf een plan hadden")

    for page in (console, screen):
        expect(page.locator(".pmi-column--minus .pmi-note")).to_have_count(2, timeout=LIVE_TIMEOUT)
        expect(page.locator(".pmi-column--interesting")).to_contain_text("zelf een plan")
    # Ans sees her own notes with "Take back"; not Bram's.
    expect(ans.locator(".pmi-note", has_text="Te lang").get_by_role("button")).to_be_visible()
    expect(ans.locator(".pmi-note", has_text="Geen koffie").get_by_role("button")).to_have_count(0)

    board.get_by_label("Anonymous: nobody sees who wrote what").check()
    expect(ans.locator(".pmi-note", has_text="Te lang").get_by_role("button")).to_have_count(
        0, timeout=LIVE_TIMEOUT
    )
    board.get_by_role("button", name="Start the dots on the minus points").click()

    dots = ans.locator("#pmi-dots-area")
    expect(dots).to_contain_text("You have 3 stickers left.", timeout=LIVE_TIMEOUT)
    coffee = dots.locator("li", has_text="Geen koffie")
    coffee.get_by_role("button", name="Put a sticker here").click()
    expect(dots).to_contain_text("You have 2 stickers left.", timeout=LIVE_TIMEOUT)
    expect(coffee.get_by_role("button", name="Take my sticker off")).to_be_visible()
    expect(console.locator("#pmi-dots-area")).not_to_contain_text("null")
    expect(console.locator("#pmi-dots-area li", has_text="Geen koffie")).to_contain_text(
        "1 dot", timeout=LIVE_TIMEOUT
    )

    state = snapshot(console, seeded["id"])
    assert {e["author_id"] for e in state["pmi"]["entries"]} == {None}
    ballot = next(b for b in state["ballots"] if b["target_kind"] == "pmi_minus")
    # The choices are the minus notes in the order they reached the server (two phones race).
    minus = [e["text"] for e in state["pmi"]["entries"] if e["column"] == "minus"]
    assert sorted(minus) == ["Geen koffie", "Te lang"]
    assert [t["label"] for t in ballot["targets"]] == minus
    assert len(ballot["stickers"]) == 1
    axe_check(console, label="console with the PMI")
    axe_check(ans, label="phone with the dots")
