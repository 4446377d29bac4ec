"""The phone's "now" view for every step of every registered method (seam ``Method.rehearse``).

For each step a method's rehearsal makes a session at that step, with a participant placed where
a phone would be. On that phone, in real Chromium, the first screen must hold what to do now:
the task (``#now-task``) and, where the step has an input, the input (``data-now="input"``,
board.js ``markNow``) with at least a finger's height of it visible, and its button
(``data-now="action"``) whole and not covering it once the input has the focus (it stays above the
keyboard while someone types). Checked at 360x740 with touch, in landscape
(740x360) and with the text at 200 %, with axe on the portrait view. A method without a
rehearsal fails here, so every method that comes after inherits these rules.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import axe_check, wait_online
from wijktafel.workshops import seam

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

FINGER = 44  # px of the input that must show: a touch target (WCAG 2.5.5)

# Every step of every method the live server runs (config.settings: the test method of
# tests/settings.py is not installed there; its rehearsal is run in tests/workshops/test_seam.py).
STEPS = [
    (m.key, step)
    for m in seam.methods()
    if m.snapshot.__module__.startswith("wijktafel.")
    for step in m.steps
]

WHERE = """() => {
  const box = (selector) => {
    const el = document.querySelector(selector);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, tag: el.tagName.toLowerCase(), id: el.id};
  };
  return {task: box("#now-task"), input: box('[data-now="input"]'), action: box('[data-now="action"]'),
          height: innerHeight, scrolled: scrollY, taskText: document.getElementById("now-task").textContent};
}"""


def first_screen(page: Page, label: str, phone_input: bool) -> list[str]:
    """What is wrong with the first screen at the page's current size ([] when nothing): the task
    and a finger's height of the input are in it; once the input has the focus (a tap, the
    keyboard comes up) its button is in it too, without covering the input, and nothing scrolled."""
    page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.wait_for_timeout(150)  # the resize redraw (one animation frame) and markNow after it
    at = page.evaluate(WHERE)
    problems = []
    task = at["task"]
    if not at["taskText"].strip() or task["bottom"] > at["height"]:
        problems.append(f"{label}: the task is not in the first screen: {at}")
    if not phone_input:
        if at["input"]:
            problems.append(f"{label}: a step without a phone input shows one: {at}")
        return problems
    field = at["input"]
    if field is None:
        return [*problems, f"{label}: no input for now: {at}"]
    if field["top"] < 0 or field["top"] + FINGER > at["height"]:
        problems.append(f"{label}: the input is not in the first screen: {at}")
    if field["tag"] not in ("textarea", "input", "select"):
        return problems  # a list that saves every move (a ranking) has no button
    page.evaluate(
        """() => document.querySelector('[data-now="input"]').focus({preventScroll: true})"""
    )
    page.wait_for_timeout(100)
    typing = page.evaluate(WHERE)
    action, field = typing["action"], typing["input"]
    if action is None:
        problems.append(f"{label}: the input has no button: {typing}")
    elif action["top"] < 0 or action["bottom"] > typing["height"] + 0.5 or typing["scrolled"]:
        problems.append(f"{label}: while typing the button is not in the first screen: {typing}")
    elif field["top"] + FINGER > action["top"]:
        problems.append(f"{label}: while typing the button covers the input: {typing}")
    page.evaluate("() => document.activeElement.blur()")
    return problems


@pytest.fixture(scope="module")
def rehearsals(live_server_proc) -> dict[tuple[str, int], dict]:
    """Every step's rehearsal, made in one run of the seed command (a Django start costs seconds)."""
    return dict(zip(STEPS, live_server_proc.rehearse(*STEPS), strict=True))


@pytest.mark.parametrize(("method", "step"), STEPS, ids=[f"{m}-{s}" for m, s in STEPS])
def test_the_first_screen_of_the_phone_holds_the_task_and_its_input(
    new_context, server, rehearsals, method, step
):
    rehearsal = rehearsals[(method, step)]
    context = new_context("phone", lang="nl", locale="nl-NL")
    context.add_cookies([{**rehearsal["cookie"], "url": server.url}])
    page = context.new_page()
    page.goto(f"/sessies/{rehearsal['id']}/meedoen/")
    wait_online(page)
    expect(page.locator("#now-task")).not_to_be_empty()
    phone_input = rehearsal["phone_input"]

    problems = first_screen(page, "360x740", phone_input)
    axe_check(page, label=f"{method} step {step} on a phone")

    page.set_viewport_size({"width": 740, "height": 360})
    problems += first_screen(page, "landscape 740x360", phone_input)

    page.set_viewport_size({"width": 360, "height": 740})
    page.evaluate(
        """() => { document.documentElement.style.fontSize = "200%";
                   window.dispatchEvent(new Event("resize")); }"""
    )
    expect(page.locator("html")).to_have_attribute("data-text-size", "large")
    problems += first_screen(page, "200 % text", phone_input)
    assert problems == [], "\n".join(problems)


def test_an_appraisal_phone_shows_only_the_step_that_runs(new_context, server, rehearsals):
    """In work session I's step 4 the problem post-it form of step 1 is gone, and the phone's own
    post-it on the wall no longer offers to make it its problem 1."""
    rehearsal = rehearsals[("afwegen", 4)]
    context = new_context("phone", lang="en")
    context.add_cookies([{**rehearsal["cookie"], "url": server.url}])
    page = context.new_page()
    page.goto(f"/sessies/{rehearsal['id']}/meedoen/")
    wait_online(page)
    expect(page.locator('[data-now="input"]')).to_be_visible()
    expect(page.locator("#postit-section")).to_be_hidden()
    expect(page.locator(".postit", has_text="Niemand ruimt het grasveld op")).to_be_visible()
    expect(page.get_by_role("button", name="This is my problem 1")).to_have_count(0)
    expect(page.locator("#now-task")).to_have_text(
        "With your group, think of solutions. Write down what each one changes, and for whom."
    )
    page.get_by_text("More explanation").click()
    expect(page.locator("#now-more-body")).to_contain_text("three columns")


def test_a_method_term_is_small_print_and_explained_on_one_tap(new_context, server, rehearsals):
    """Step 5's card editor on the phone: "how far it reaches" is the label, the method's term
    (reikwijdte) small print in brackets, and one tap explains it."""
    rehearsal = rehearsals[("afwegen", 5)]
    context = new_context("phone", lang="nl", locale="nl-NL")
    context.add_cookies([{**rehearsal["cookie"], "url": server.url}])
    page = context.new_page()
    page.goto(f"/sessies/{rehearsal['id']}/meedoen/")
    wait_online(page)
    card = page.locator(".a58-card[data-editable='1']").first
    card.get_by_role("button", name="Een effect toevoegen").click()
    expect(card.get_by_label("Hoe ver het reikt (reikwijdte)")).to_be_visible()
    help_ = card.locator("details.term-help[data-term='reach']")
    answer = help_.locator(".term-help__answer")
    expect(answer).to_be_hidden()
    help_.get_by_text("Wat betekent “hoe ver het reikt”?").click()
    expect(answer).to_be_visible()
    expect(answer).to_contain_text("Hoe ver het reikt (de reikwijdte): waar of bij wie")
    axe_check(page, label="a term explained on the phone")
