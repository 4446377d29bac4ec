"""Browser journey of the register of agreements and actions (wijktafel/agreements): the
facilitator adds an agreement with two owners on the console, each owner sees it under "My
actions" and reports on it, a participant adds an action of their own, and the facilitator
records that the agreements were sent. Contexts are English (the selectors use the msgids)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    LIVE_TIMEOUT,
    axe_check,
    join_by_code,
    login,
    open_console,
    snapshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


def test_an_agreement_with_two_owners_reaches_both_and_they_report(new_context, server, seeded):
    fac = new_context("desktop")
    console = fac.new_page()
    login(console, server.info["email"], server.info["password"])
    open_console(console, seeded["id"])
    ans = new_context("desktop").new_page()
    join_by_code(ans, seeded["display_code"], "Ans")
    bram = new_context("phone").new_page()
    join_by_code(bram, seeded["display_code"], "Bram")
    register = console.locator("#agreements-section")
    for name in ("Ans", "Bram"):
        expect(register.get_by_label("Owners", exact=True)).to_contain_text(
            name, timeout=LIVE_TIMEOUT
        )

    register.get_by_label("Kind").select_option(label="Joint agreement")
    register.get_by_label("What is agreed? Small and concrete.").fill(
        "Bewonersavond over de hangplek"
    )
    register.get_by_label("Owners", exact=True).select_option(label=["Ans", "Bram"])
    register.get_by_label("Due date (optional)").fill("2027-01-15")
    # The action form's fields are closed until wanted, and only those of the kind show.
    register.get_by_text("Fill in more").click()
    expect(register.get_by_label("First step")).to_be_hidden()
    register.get_by_label("Solution direction we use").fill("Vaste contactpersoon")
    register.get_by_role("button", name="Add agreement").click()

    item = register.locator(".agreement", has_text="Bewonersavond over de hangplek")
    expect(item).to_contain_text("Owners: Ans, Bram", timeout=LIVE_TIMEOUT)
    expect(item).to_contain_text("Solution direction: Vaste contactpersoon")
    expect(item).to_contain_text("Due: 2027-01-15")
    expect(register.get_by_role("heading", name="Joint agreement")).to_be_visible()
    for phone in (ans, bram):
        mine = phone.locator("#agreements-section .agreement", has_text="Bewonersavond")
        expect(mine).to_have_count(1, timeout=LIVE_TIMEOUT)

    # Bram reports; everyone sees the update.
    mine = bram.locator("#agreements-section .agreement", has_text="Bewonersavond")
    mine.get_by_label("How is it going?").fill("Zaal geregeld")
    mine.get_by_role("button", name="Add update").click()
    expect(item).to_contain_text("Zaal geregeld", timeout=LIVE_TIMEOUT)
    expect(ans.locator("#agreements-section")).to_contain_text("Zaal geregeld")

    # Ans adds an action of her own: hers alone, under "Individual action" on the console.
    ans.get_by_text("Add an action of my own").click()  # the form is closed until wanted
    ans.get_by_label("What will you do? Small and concrete.").fill("Ik bel de wijkagent")
    ans.get_by_text("Fill in more").click()
    ans.get_by_label("First step").fill("Nummer opzoeken")
    ans.get_by_label("How you report back").fill("Per e-mail aan de volgende organisator")
    ans.get_by_role("button", name="Add action").click()
    expect(register.locator(".agreement", has_text="Ik bel de wijkagent")).to_have_count(
        1, timeout=LIVE_TIMEOUT
    )
    expect(register.locator(".agreement", has_text="Ik bel de wijkagent")).to_contain_text(
        "First step: Nummer opzoeken"
    )
    expect(ans.locator("#agreements-section .agreement", has_text="Ik bel")).to_contain_text(
        "Reporting back: Per e-mail aan de volgende organisator"
    )
    expect(register.get_by_role("heading", name="Individual action")).to_be_visible()
    expect(ans.locator("#agreements-section .agreement")).to_have_count(2)
    expect(bram.locator("#agreements-section .agreement")).to_have_count(1)

    # Ans marks it done herself; the facilitator records that the agreements were sent.
    own = ans.locator("#agreements-section .agreement", has_text="Ik bel de wijkagent")
    own.get_by_role("button", name="Done").click()
    expect(register.locator(".agreement", has_text="Ik bel de wijkagent")).to_contain_text(
        "Status: Done", timeout=LIVE_TIMEOUT
    )
    console.once("dialog", lambda dialog: dialog.accept())
    register.get_by_role("button", name="Record that the agreements were sent").click()
    expect(console.locator("#agreement-sent")).to_contain_text(
        "to 2 participants", timeout=LIVE_TIMEOUT
    )

    state = snapshot(console, seeded["id"])
    joint = next(a for a in state["agreements"] if a["kind"] == "joint_agreement")
    assert [o["name"] for o in joint["owners"]] == ["Ans", "Bram"]
    assert [u["text"] for u in joint["progress"]] == ["Zaal geregeld"]
    assert joint["solution_direction"] == "Vaste contactpersoon" and joint["first_step"] == ""
    action = next(a for a in state["agreements"] if a["kind"] == "individual_action")
    assert (action["first_step"], action["with_whom"], action["report_back"]) == (
        "Nummer opzoeken",
        "",
        "Per e-mail aan de volgende organisator",
    )
    assert [r["name"] for r in state["agreement_distributions"][0]["recipients"]] == [
        "Ans",
        "Bram",
    ]
    axe_check(console, label="console with agreements")
    axe_check(bram, label="phone with my actions")
