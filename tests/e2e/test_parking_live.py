"""Browser journey of the parking lot on the console (wijktafel/parking): a post-it parked on the
wall in step 2 of Afwegen's session I is a parked topic (a solution idea); when the facilitator
moves to the agenda item of step 4 it is shown on top as coming back now. The facilitator parks a
topic of their own, makes a follow-up action of it (in the register) and resolves the idea.
English contexts (the selectors use the msgids); the console at 1280×800."""

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
    card.get_by_role("button", name="Park").click()

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
