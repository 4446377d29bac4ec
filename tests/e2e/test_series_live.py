"""Work session II of an appraisal in Chromium: the people of session I are recognised on their
phones (the name form says welcome back, or one tap on the code page) and join as themselves,
not as new people; a newcomer joins as usual; the facilitator takes over session I's group with
the people who came back and sees on the series page who came to which session."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.appraisal_browser import panel
from tests.support.appraisal_replay import create_session, session_groups
from tests.support.browser import LIVE_TIMEOUT, join_by_code, login, wait_online, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

PEOPLE = (("Ans", "phone", "Bewoners"), ("Bram", "desktop", "Corporatie"))
PEOPLE += (("Cor", "phone", "Gemeente"), ("Dewi", "desktop", "Bewoners"))


def open_console(detail, number: int):
    detail.locator(f"#session-{number} [data-link='console']").click()
    wait_online(detail)
    return detail


def show_groups(console) -> None:
    console.locator("#appraisal-step-choice").select_option("2")
    expect(panel(console)).to_have_attribute("data-step", "2", timeout=LIVE_TIMEOUT)


def test_session_two_recognises_the_people_of_session_one(new_context, server):
    fac = new_context("desktop")
    detail = fac.new_page()
    login(detail, server.info["email"], server.info["password"])
    detail.goto("/afwegingen/")
    detail.locator("#appraisal-start").click()
    detail.get_by_label("Title").fill("Afweging Julianadorp (reeks)")
    detail.locator("#starting-point-problem").check()
    detail.get_by_role("button", name="Start the appraisal").click()
    expect(detail).to_have_url(re.compile(r"/afwegingen/\d+/$"))
    detail_url = detail.url
    wid1, _ = create_session(detail, 1)
    console = open_console(detail, 1)
    code1 = console.locator(".join-code").first.inner_text().strip()

    contexts = {name: new_context(kind) for name, kind, _org in PEOPLE}
    for name, _kind, org in PEOPLE:
        join_by_code(contexts[name].new_page(), code1, name, org)
    show_groups(console)
    console.get_by_label("People per group").select_option("4")
    console.get_by_role("button", name="Form groups").click()
    wait_until(lambda: len(session_groups(console, wid1)) == 1, message="one group formed")
    assert session_groups(console, wid1)[0][1] == ["Ans", "Bram", "Cor", "Dewi"]

    # --- Work session II -------------------------------------------------------------------------
    detail.goto(detail_url)
    wid2, _ = create_session(detail, 2)
    console = open_console(detail, 2)
    code2 = console.locator(".join-code").first.inner_text().strip()

    # Ans and Bram type the code: their name form says welcome back, filled in.
    for name, _kind, org in PEOPLE[:2]:
        page = contexts[name].new_page()
        page.goto("/meedoen/")
        page.get_by_label("Session code").fill(code2)
        page.get_by_role("main").get_by_role("button", name="Next").click()
        expect(page.get_by_role("heading", name=f"Welcome back, {name}")).to_be_visible()
        expect(page.get_by_label("Your name")).to_have_value(name)
        expect(page.get_by_label("Organisation (optional)")).to_have_value(org)
        page.get_by_role("main").get_by_role("button", name="Join", exact=True).click()
        expect(page).to_have_url(re.compile(rf"/sessies/{wid2}/meedoen/$"))
        wait_online(page)
    # Cor opens the code page and joins with one tap, without the code.
    cor = contexts["Cor"].new_page()
    cor.goto("/meedoen/")
    cor.get_by_role("button", name="Join as Cor").click()
    expect(cor).to_have_url(re.compile(rf"/sessies/{wid2}/meedoen/$"))
    wait_online(cor)
    # Eva is new: the usual name form.
    eva = new_context("phone").new_page()
    join_by_code(eva, code2, "Eva", "Gemeente")

    # The facilitator takes over the group of session I: the three who came back.
    show_groups(console)
    console.get_by_role("button", name="Take over the groups of work session I").click()
    wait_until(lambda: len(session_groups(console, wid2)) == 1, message="group taken over")
    assert session_groups(console, wid2)[0][1] == ["Ans", "Bram", "Cor"]
    expect(console.locator("#groups-loose")).to_contain_text("Eva", timeout=LIVE_TIMEOUT)

    # The series page: who came to which session.
    console.goto("/reeksen/")
    console.get_by_role("link", name="Afweging Julianadorp (reeks)").click()
    came = {
        name: console.locator(f"#attendance tr:has(th:text-is('{name}'))").locator("td[data-came]")
        for name in ("Ans", "Dewi", "Eva")
    }
    expect(console.locator("#attendance tbody tr")).to_have_count(5)
    assert [c.get_attribute("data-came") for c in came["Ans"].all()] == ["1", "1"]
    assert [c.get_attribute("data-came") for c in came["Dewi"].all()] == ["1", "0"]
    assert [c.get_attribute("data-came") for c in came["Eva"].all()] == ["0", "1"]
