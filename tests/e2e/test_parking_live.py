"""Browser journey of the parking lot on the console (wijktafel/parking): a post-it parked on the
wall in step 2 of Afwegen's session I is a parked topic (a solution idea); when the facilitator
moves to the agenda item of step 4 it is shown on top as coming back now. The facilitator parks a
topic of their own, makes a follow-up action of it (in the register) and resolves the idea.
The console works the wall by dragging, with undo and without dragging too. English contexts
(the selectors use the msgids); the console at 1280×800."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    LIVE_TIMEOUT,
    add_postit,
    axe_check,
    join_by_code,
    login,
    open_console,
    snapshot,
    wait_until,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


def goto_step(console: Page, workshop_id: int, step: int) -> None:
    item = next(i for i in snapshot(console, workshop_id)["agenda"] if i["step"] == step)
    console.locator("#timer-goto-item").select_option(str(item["id"]))
    console.locator("#timer-goto-button").click()
    expect(console.locator("#now-title")).to_contain_text(item["title"], timeout=LIVE_TIMEOUT)


def test_a_post_it_parked_in_step_2_comes_back_at_step_4(new_context, server, seeded):
    fac = new_context("desktop")
    console = fac.new_page()
    console.set_viewport_size({"width": 1280, "height": 800})
    login(console, server.info["email"], server.info["password"])
    open_console(console, seeded["id"])
    ans = new_context("phone").new_page()
    join_by_code(ans, seeded["display_code"], "Ans")
    goto_step(console, seeded["id"], 2)

    idea = "Idee: een buurtconciërge"
    add_postit(ans, idea)
    card = console.locator("#wall .postit").filter(has_text=idea)
    card.get_by_role("button", name=re.compile("^Arrange")).click(timeout=LIVE_TIMEOUT)
    card.get_by_label("Note for the parking lot (optional)").fill("Een oplossing: stap 4")
    card.get_by_role("button", name="Park", exact=True).click()

    lot = console.locator("#parking-section")
    topic = lot.locator(".parking-topic", has_text=idea)
    expect(topic).to_contain_text("Why: Een oplossing: stap 4", timeout=LIVE_TIMEOUT)
    expect(topic).to_contain_text("Raised by Ans")
    expect(topic).to_contain_text("comes back at step 4")
    expect(lot.locator("#parking-back")).to_be_hidden()

    goto_step(console, seeded["id"], 4)
    back = lot.locator("#parking-back")
    expect(back).to_be_visible(timeout=LIVE_TIMEOUT)
    expect(back).to_contain_text(f"Comes back now: {idea}")
    # On top of the panel, above the form and the list, and within the console's first screen.
    assert back.bounding_box()["y"] < lot.locator("#parking-list").bounding_box()["y"]

    # A topic of the facilitator's own, with a follow-up action in the register.
    lot.get_by_label("Park a topic").fill("Budget voor het buurtfeest")
    lot.get_by_label("Why parked (optional)").fill("Hoort niet bij vandaag")
    lot.get_by_role("button", name="Park", exact=True).click()
    budget = lot.locator(".parking-topic", has_text="Budget voor het buurtfeest")
    expect(budget).to_contain_text("Why: Hoort niet bij vandaag", timeout=LIVE_TIMEOUT)
    budget.get_by_role("button", name=re.compile("^Make a follow-up action")).click()
    budget.get_by_label("Who will do it?").fill("Gemeente")
    budget.get_by_role("button", name="Add the follow-up action").click()
    expect(budget).to_contain_text("Follow-up: Budget voor het buurtfeest", timeout=LIVE_TIMEOUT)
    expect(
        console.locator("#agreements-section .agreement", has_text="Budget voor het buurtfeest")
    ).to_contain_text("Owners: Gemeente")

    # The idea is dealt with: resolved, it no longer comes back.
    topic.get_by_label(re.compile("^Status of")).select_option("resolved")
    expect(back).to_be_hidden(timeout=LIVE_TIMEOUT)
    snap = snapshot(console, seeded["id"])
    topics = {t["text"]: t for t in snap["parked_topics"]}
    assert topics[idea]["status"] == "resolved" and topics[idea]["kind"] == "solution_idea"
    follow_up = next(a for a in snap["agreements"] if a["kind"] == "follow_up")
    assert topics["Budget voor het buurtfeest"]["follow_up_id"] == follow_up["id"]
    assert follow_up["link"]["kind"] == "parked_topic"
    axe_check(console, label="console with the parking lot")


def test_the_console_works_the_wall_by_dragging_and_undoes_each_step(new_context, server):
    """Drag a post-it into another column, onto another post-it (merge), onto the parking lot as
    a solution idea; "Undo" takes each back. The same without dragging: "Arrange", then choose."""
    seeded = server.seed(workshops=1, postits=3)["workshops"][0]
    wid = seeded["id"]
    console = new_context("desktop").new_page()
    console.set_viewport_size({"width": 1280, "height": 800})
    login(console, server.info["email"], server.info["password"])
    open_console(console, wid)
    texts = {n: f"Post-it {n}: te weinig plekken om elkaar te ontmoeten" for n in (1, 2, 3)}
    cards = {n: console.locator("#wall .postit").filter(has_text=f"Post-it {n}:") for n in texts}
    expect(cards[3]).to_be_visible(timeout=LIVE_TIMEOUT)
    columns = {c["title"]: c["id"] for c in snapshot(console, wid)["columns"]}
    undo = console.locator("#wall-undo")

    def state_of(n: int) -> dict:
        return next(p for p in snapshot(console, wid)["postits"] if p["text"] == texts[n])

    def settled(n: int, key: str, value) -> None:
        wait_until(lambda: state_of(n)[key] == value, message=f"post-it {n}: {key} = {value}")

    # Into another column: post-it 1 (Woningcorporatie) to Bewoners; undo puts it back.
    bewoners = console.locator(f"#wall .wall-column[data-column-id='{columns['Bewoners']}']")
    cards[1].drag_to(bewoners.locator(".wall-column__head"))
    settled(1, "column_id", columns["Bewoners"])
    expect(undo).to_contain_text("is now under Bewoners")
    undo.get_by_role("button", name="Undo").click()
    settled(1, "column_id", columns["Woningcorporatie"])
    expect(undo).to_be_empty()

    # Onto another post-it: merged (a cluster); undo separates them again.
    cards[1].drag_to(cards[2])
    settled(1, "merged_into_id", state_of(2)["id"])
    expect(cards[2].locator(".postit__merged-summary")).to_have_text("+1 merged")
    undo.get_by_role("button", name="Undo").click()
    settled(1, "merged_into_id", None)

    # Onto the parking lot as a solution idea (a drop zone under the wall); undo.
    cards[3].drag_to(console.locator(".wall-drop [data-drop='idea']"))
    settled(3, "parked", True)
    topics = snapshot(console, wid)["parked_topics"]
    assert [(t["text"], t["kind"]) for t in topics] == [(texts[3], "solution_idea")]
    expect(console.locator("#parking-section .parking-topic")).to_contain_text("Solution idea")
    undo.get_by_role("button", name="Undo").click()
    settled(3, "parked", False)
    assert snapshot(console, wid)["parked_topics"] == []

    # Without dragging: "Arrange", then "Park as a solution idea" (WCAG 2.5.7).
    cards[2].get_by_role("button", name=re.compile("^Arrange")).click()
    cards[2].get_by_role("button", name="Park as a solution idea").click()
    settled(2, "parked", True)
    assert [t["kind"] for t in snapshot(console, wid)["parked_topics"]] == ["solution_idea"]
    expect(undo).to_contain_text("is parked as a solution idea")
    axe_check(console, label="console wall after arranging")
