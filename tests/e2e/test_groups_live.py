"""Browser journey of the groups block (wijktafel/groups): five people join, one phone ticks whom
she already knows, the facilitator lets the app form duos (five people: one trio, and every
screen says so), the phone shows its group live, and a move that would make a second trio is
refused beside the group. Contexts are English."""

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

TRIO_NOTE = "One group is a trio, because the number is odd."


def test_duos_of_five_with_one_trio_reach_the_phone(
    new_context, server, seeded, playwright_instance
):
    fac = new_context("desktop")
    console = fac.new_page()
    login(console, server.info["email"], server.info["password"])
    open_console(console, seeded["id"])
    screen = fac.new_page()
    open_screen(screen, seeded["id"])
    ans = new_context("phone").new_page()
    join_by_code(ans, seeded["display_code"], "Ans")
    expect(ans.locator("#groups-mine")).to_be_hidden()

    people = playwright_instance.request.new_context(base_url=server.url)
    for name in ("Bram", "Cor", "Dirk", "Eva"):
        joined = people.post(
            "/api/v1/join", data={"code": seeded["display_code"], "display_name": name}
        )
        assert joined.status == 201, joined.text()[:300]

    knows = ans.locator("#knows")
    knows.get_by_text("Whom do you already know?").click()
    knows.get_by_role("checkbox", name="Bram").check(timeout=LIVE_TIMEOUT)  # joined after her
    expect(knows.get_by_role("status")).to_contain_text("Only you see this.")

    panel = console.locator("#groups-section")
    expect(console.locator("#groups-answered")).to_contain_text(
        "1 person said whom they already know.", timeout=LIVE_TIMEOUT
    )
    # Stored (the console counts it): after a reload her page has the tick from the server and
    # everyone else from the snapshot.
    ans.reload()
    knows.get_by_text("Whom do you already know?").click()
    expect(knows.get_by_role("checkbox", name="Bram")).to_be_checked(timeout=LIVE_TIMEOUT)
    for name in ("Cor", "Dirk", "Eva"):
        expect(knows.get_by_role("checkbox", name=name)).not_to_be_checked()
    panel.get_by_label("Kind of group").select_option("duo")
    panel.get_by_role("button", name="Divide everyone into groups").click()

    expect(panel.locator(".groups-card:not(.groups-card--loose)")).to_have_count(
        2, timeout=LIVE_TIMEOUT
    )
    expect(panel.locator("#groups-trio-note")).to_have_text(TRIO_NOTE)
    expect(screen.locator("#groups-section")).to_be_visible(timeout=LIVE_TIMEOUT)
    expect(screen.locator("#groups-section")).to_contain_text(TRIO_NOTE)
    mine = ans.locator("#groups-mine")
    expect(mine).to_be_visible(timeout=LIVE_TIMEOUT)
    expect(mine).to_contain_text("Duo")
    expect(mine).to_contain_text("with")

    state = snapshot(console, seeded["id"])
    by_name = {p["display_name"]: p["id"] for p in state["participants"]}
    duos = state["groups"]
    assert sorted(len(g["member_ids"]) for g in duos) == [2, 3]
    assert sorted(g["status"] for g in duos) == ["ok", "trio"]
    assert not any({by_name["Ans"], by_name["Bram"]} <= set(g["member_ids"]) for g in duos)
    assert "acquaintances" in state and "known" not in str(state["acquaintances"])
    ans_group = next(g for g in duos if by_name["Ans"] in g["member_ids"])
    for other in ans_group["member_ids"]:
        name = next(n for n, pid in by_name.items() if pid == other)
        if name != "Ans":
            expect(mine).to_contain_text(name)

    # A second trio is refused, beside the group, and nothing moves.
    pair = next(g for g in duos if g["status"] == "ok")
    trio = next(g for g in duos if g["status"] == "trio")
    console.locator(f"#groups-move-{pair['member_ids'][0]}").select_option(str(trio["id"]))
    card = panel.locator(".groups-card", has_text=trio["name"])
    expect(card.locator(".groups-card__error")).to_contain_text(
        "A duo has 2 people", timeout=LIVE_TIMEOUT
    )
    assert snapshot(console, seeded["id"])["groups"] == duos

    axe_check(console, label="console with groups")
    axe_check(ans, label="phone with its group")
