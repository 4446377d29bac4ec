"""The whole meeting "Samenwerken in de wijk" (wijktafel/collaboration, METHODS.md §4) in real
Chromium: a facilitator's console, the big screen at 1920x1080 and six participants of four
organisations (two on phones of 360x740) go through the eleven parts: the reflection, the sticker
vote with a blank card, notes in duos, the contact form (shared and not shared), a reaction in the
silent round, the top-three sheet, a joint agreement, individual actions shown on the screen, the
follow-up, the ground rules and the PMI. The panel's controls are found by their ``data-key``
(collaboration/js/panel.js). Screenshots go to /tmp/meeting-shots/ (not asserted). Contexts are
English (the texts are the msgids)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    LIVE_TIMEOUT,
    join_by_code,
    login,
    open_console,
    open_screen,
    snapshot,
)
from tests.support.documents import docx_text, pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(420)]

SHOTS = Path("/tmp/meeting-shots")
SCREEN = {"width": 1920, "height": 1080}

# name, organisation, phone-sized?
PEOPLE = (
    ("Ans", "Wijkteam Noord", True),
    ("Bram", "Woonstad", True),
    ("Cor", "Politie Utrecht", False),
    ("Dirk", "Wijkteam Noord", False),
    ("Eva", "Woonstad", False),
    ("Fatma", "GGD", False),
)
SECRET_EMAIL = "bram.prive@woonstad.example"  # Bram does not share his details
SHARED_EMAIL = "ans@wijkteamnoord.example"


def panel(page: Page):
    return page.locator("#meeting-panel")


def key(page: Page, name: str):
    """A control of the meeting's panel by its stable ``data-key``."""
    return panel(page).locator(f'[data-key="{name}"]')


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def screen_fits(screen: Page, label: str) -> None:
    size = screen.evaluate(
        "() => ({scrollHeight: document.scrollingElement.scrollHeight, height: innerHeight})"
    )
    assert size["scrollHeight"] <= size["height"], f"the big screen scrolls at {label}: {size}"


def goto_part(console: Page, workshop_id: int, step: int, others: list[Page]) -> None:
    """The facilitator starts the agenda item of this part on the console (its "goto" control);
    every page then shows that item as "now"."""
    item = next(i for i in snapshot(console, workshop_id)["agenda"] if i["step"] == step)
    console.locator("#timer-goto-item").select_option(str(item["id"]))
    console.locator("#timer-goto-button").click()
    expect(panel(console)).to_contain_text(f"Part {step} of 11", timeout=LIVE_TIMEOUT)
    for page in [console, *others]:
        expect(page.locator("#now-title")).to_have_text(item["title"], timeout=LIVE_TIMEOUT)


def test_the_whole_meeting_with_six_people_of_four_organisations(new_context, server, tmp_path):
    seeded = server.seed(workshops=1, template="samenwerken", title="Samenwerken Noord")[
        "workshops"
    ][0]
    wid = seeded["id"]
    fac = new_context("desktop")
    console = fac.new_page()
    login(console, server.info["email"], server.info["password"])
    open_console(console, wid)
    screen = fac.new_page()
    screen.set_viewport_size(SCREEN)
    open_screen(screen, wid)

    pages: dict[str, Page] = {}
    for name, organisation, phone in PEOPLE:
        page = new_context("phone" if phone else "desktop").new_page()
        join_by_code(page, seeded["display_code"], name, organisation)
        pages[name] = page
    ans, bram, cor = pages["Ans"], pages["Bram"], pages["Cor"]
    everyone = list(pages.values())
    state = snapshot(console, wid)
    pid = {p["display_name"]: p["id"] for p in state["participants"]}
    assert set(pid) == {name for name, _, _ in PEOPLE}
    assert len({p["organisation_name"] for p in state["participants"]}) == 4

    # --- Part 2: two people answer the reflection on their phones ------------------------------
    goto_part(console, wid, 2, [screen, *everyone])
    key(ans, "reflection-works").fill("We kennen elkaar van het wijkoverleg.")
    key(ans, "reflection-stuck").fill("Wie betaalt de koffie?")
    key(ans, "reflection-save").click()
    expect(panel(ans).get_by_role("status")).to_contain_text(
        "Your answers are saved", timeout=LIVE_TIMEOUT
    )
    key(bram, "reflection-works").fill("De lijnen zijn kort.")
    key(bram, "reflection-save").click()
    expect(panel(bram).get_by_role("status")).to_contain_text(
        "Your answers are saved", timeout=LIVE_TIMEOUT
    )
    works = (
        panel(console)
        .locator(".meeting-reflection__question")
        .filter(has_text="What works well in how we work together now?")
    )
    expect(works.locator("li")).to_have_count(2, timeout=LIVE_TIMEOUT)
    expect(works).to_contain_text("Ans: We kennen elkaar van het wijkoverleg.")
    expect(works).to_contain_text("Bram: De lijnen zijn kort.")
    stuck = (
        panel(console)
        .locator(".meeting-reflection__question")
        .filter(has_text="Where does working together get stuck?")
    )
    expect(stuck.locator("li")).to_have_count(1)
    expect(stuck).to_contain_text("Ans: Wie betaalt de koffie?")
    expect(panel(console).locator(".meeting-missing")).to_have_text(
        "No answers from: Cor, Dirk, Eva, Fatma"
    )
    expect(panel(screen)).to_contain_text("2 people answered the reflection questions.")
    expect(panel(screen)).not_to_contain_text("wijkoverleg")  # only the facilitator reads them
    shoot(console, "02-console-reflection")
    shoot(ans, "02-phone-reflection")

    # --- Part 3: a blank card, three stickers each, the tally, the top three ------------------
    goto_part(console, wid, 3, [screen, *everyone])
    key(cor, "blank-label").fill("Wie is de regisseur bij een melding?")
    key(cor, "blank-add").click()
    expect(panel(screen)).to_contain_text("Wie is de regisseur", timeout=LIVE_TIMEOUT)
    state = snapshot(console, wid)
    cards = [
        q["target_id"] for q in sorted(state["meeting"]["questions"], key=lambda q: q["number"])
    ]
    ballot = next(b for b in state["ballots"] if b["id"] == state["meeting"]["ballot_id"])
    blank = next(t["id"] for t in ballot["targets"] if t["label"].startswith("Wie is de regisseur"))
    key(console, "vote-open").click()
    expect(key(console, "vote-close")).to_be_visible(timeout=LIVE_TIMEOUT)
    c = cards
    votes = {  # 6 on card 1, 4 on cards 2 and 3, 1 elsewhere: a top three without a tie
        "Ans": (c[0], c[1], c[2]),
        "Bram": (c[0], c[1], c[2]),
        "Cor": (c[0], c[1], blank),
        "Dirk": (c[0], c[1], c[3]),
        "Eva": (c[0], c[2], c[4]),
        "Fatma": (c[0], c[2], c[5]),
    }
    for name, chosen in votes.items():
        page = pages[name]
        for card in chosen:
            button = key(page, f"sticker-{card}")
            expect(button).to_be_enabled(timeout=LIVE_TIMEOUT)
            button.click()
            expect(button).to_have_text("Take my sticker off", timeout=LIVE_TIMEOUT)
        expect(panel(page).locator(".meeting-left")).to_have_text("You have 0 stickers left.")
        # A fourth sticker cannot be placed: every other card's button is disabled.
        other = next(t for t in [*c, blank] if t not in chosen)
        expect(key(page, f"sticker-{other}")).to_be_disabled()
    expect(panel(screen).locator(".meeting-card").first).to_contain_text(
        "6 stickers", timeout=LIVE_TIMEOUT
    )
    expect(panel(console).locator(".meeting-card").first).to_contain_text("6 stickers")
    # Hidden counts: the big screen and the phones show none (and no ranking), the console does.
    key(console, "vote-hide").check()
    expect(panel(screen).locator(".meeting-card__count")).to_have_count(0, timeout=LIVE_TIMEOUT)
    expect(panel(screen).locator(".meeting-card--top")).to_have_count(0)
    expect(panel(ans).locator(".meeting-card__count")).to_have_count(0, timeout=LIVE_TIMEOUT)
    expect(panel(console).locator(".meeting-card").first).to_contain_text("6 stickers")
    key(console, "vote-hide").uncheck()
    expect(panel(screen).locator(".meeting-card").first).to_contain_text(
        "6 stickers", timeout=LIVE_TIMEOUT
    )
    screen_fits(screen, "part 3, voting")
    shoot(screen, "03-screen-voting")
    shoot(ans, "03-phone-voting")
    key(console, "vote-close").click()
    sheet = panel(screen).locator(".meeting-sheet")
    expect(sheet.locator(".meeting-card")).to_have_count(3, timeout=LIVE_TIMEOUT)
    tops = [q for q in state["meeting"]["questions"] if q["target_id"] in c[:3]]
    for q in sorted(tops, key=lambda q: q["number"]):
        expect(sheet).to_contain_text(f"{q['number']}.")
    expect(panel(screen).locator(".meeting-cards--vote .meeting-card--top")).to_have_count(3)
    screen_fits(screen, "part 3, closed")
    shoot(screen, "03-screen-top-three")
    shoot(console, "03-console-top-three")

    # --- Part 4: duos (the Groups panel), notes with where the idea comes from ------------------
    groups = console.locator("#groups-section")
    groups.get_by_label("Kind of group").select_option("duo")
    groups.get_by_role("button", name="Divide everyone into groups").click()
    expect(groups.locator(".groups-card:not(.groups-card--loose)")).to_have_count(
        3, timeout=LIVE_TIMEOUT
    )
    goto_part(console, wid, 4, [screen, *everyone])
    expect(panel(ans)).to_contain_text("Your duo:", timeout=LIVE_TIMEOUT)
    notes = (
        (ans, c[0], "Elke maand samen lunchen", "practice"),
        (bram, c[1], "Een gedeelde sociale kaart", "invented"),
        (cor, c[2], "Casusoverleg zoals in Zuid", "elsewhere"),
    )
    for page, card, text, origin in notes:
        key(page, "duo-card").select_option(str(card))
        key(page, "note-text").fill(text)
        key(page, "duo-origin").select_option(origin)
        key(page, "note-add").click()
        expect(panel(console)).to_contain_text(text, timeout=LIVE_TIMEOUT)
    expect(
        panel(console).locator(".meeting-note", has_text="Elke maand samen lunchen")
    ).to_contain_text("(own practice)")
    expect(panel(console).locator(".meeting-note", has_text="Casusoverleg")).to_contain_text(
        "(found elsewhere)"
    )
    expect(panel(ans)).to_contain_text("Elke maand samen lunchen")  # her duo's notes
    expect(panel(console).locator(".meeting-duo")).to_have_count(3)
    shoot(console, "04-console-duos")
    shoot(ans, "04-phone-duo")

    # --- Part 5: contact forms; Ans shares, Bram does not ---------------------------------------
    goto_part(console, wid, 5, [screen, *everyone])
    key(ans, "contact-phone").fill("06 11112222")
    key(ans, "contact-email").fill(SHARED_EMAIL)
    key(ans, "contact-share").check()
    key(ans, "contact-save").click()
    key(bram, "contact-phone").fill("06 33334444")
    key(bram, "contact-email").fill(SECRET_EMAIL)
    expect(key(bram, "contact-share")).not_to_be_checked()  # not shared unless ticked
    key(bram, "contact-save").click()
    for page in (ans, bram):
        expect(panel(page).locator(".meeting-done")).to_be_visible(timeout=LIVE_TIMEOUT)
    table = panel(console).locator(".meeting-contacts table")
    ans_row = table.locator("tbody tr", has_text="Ans")
    bram_row = table.locator("tbody tr", has_text="Bram")
    expect(ans_row).to_contain_text(SHARED_EMAIL, timeout=LIVE_TIMEOUT)
    expect(ans_row.locator("td").last).to_have_text("yes")
    expect(bram_row).to_contain_text(SECRET_EMAIL, timeout=LIVE_TIMEOUT)
    expect(bram_row.locator("td").last).to_have_text("no")
    expect(panel(console).locator(".meeting-contacts .meeting-missing")).to_contain_text(
        "Cor, Dirk, Eva, Fatma"
    )
    for page in everyone:
        shared = panel(page).locator(".meeting-contacts .meeting-contact-list li")
        expect(shared).to_have_count(1, timeout=LIVE_TIMEOUT)
        expect(shared).to_contain_text(SHARED_EMAIL)
    expect(panel(screen)).to_contain_text("2 of 6 filled in their contact details.")
    for page in [*everyone, screen]:
        assert SECRET_EMAIL not in page.locator("body").inner_text(), page.url
    screen_fits(screen, "part 5")
    shoot(console, "05-console-contacts")
    shoot(cor, "05-desktop-participant-contacts")
    shoot(bram, "05-phone-contact-form")

    # --- Part 6: a reaction to a note in the silent round --------------------------------------
    goto_part(console, wid, 6, [screen, *everyone])
    state = snapshot(console, wid)
    lunch = next(n for n in state["meeting"]["notes"] if n["text"] == "Elke maand samen lunchen")
    key(cor, "silent-card").select_option(str(c[0]))
    expect(key(cor, "silent-reacts").locator("option")).to_have_count(2)
    key(cor, "silent-reacts").select_option(str(lunch["id"]))
    key(cor, "note-text").fill("Ja, en om de beurt bij een andere organisatie")
    key(cor, "note-add").click()
    for page in (console, screen, ans):
        reaction = panel(page).locator(
            f'[data-note="{lunch["id"]}"] .meeting-notes--reactions', has_text="om de beurt"
        )
        expect(reaction).to_be_visible(timeout=LIVE_TIMEOUT)
    shoot(ans, "06-phone-silent-round")

    # --- Part 7: the facilitator puts a note on the top-three sheet ------------------------------
    goto_part(console, wid, 7, [screen, *everyone])
    social = next(n for n in state["meeting"]["notes"] if n["text"] == "Een gedeelde sociale kaart")
    key(console, f"sheet-{social['id']}").click()
    for page in (console, screen):
        expect(panel(page).locator(f'[data-note="{social["id"]}"]')).to_have_class(
            "meeting-note meeting-note--sheet", timeout=LIVE_TIMEOUT
        )
    expect(key(console, f"sheet-{social['id']}")).to_have_text("Take off the sheet")
    # What came out in the plenary round, written straight onto the sheet.
    key(console, "sheet-text").fill("Tip: begin klein, met een lunch")
    key(console, "sheet-add").click()
    expect(panel(screen).locator(".meeting-sheet .meeting-note--sheet")).to_contain_text(
        ["Tip: begin klein, met een lunch"], timeout=LIVE_TIMEOUT
    )
    screen_fits(screen, "part 7")
    shoot(screen, "07-screen-sheet")

    # --- Part 8: a joint agreement --------------------------------------------------------------
    goto_part(console, wid, 8, [screen, *everyone])
    key(console, "agr-description").fill("Maandelijkse lunch van de wijkprofessionals")
    key(console, "agr-direction").fill("Elkaar kennen")
    key(console, f"agr-owner-{pid['Ans']}").check()
    key(console, f"agr-owner-{pid['Dirk']}").check()
    key(console, "agr-add").click()
    for page in (console, screen, ans):
        joint = panel(page).locator(".meeting-agreements li", has_text="Maandelijkse lunch")
        expect(joint).to_contain_text("Ans", timeout=LIVE_TIMEOUT)
        expect(joint).to_contain_text("Dirk")
    shoot(console, "08-console-agreement")

    # --- Part 9: individual actions on the phones, shown one person at a time -------------------
    goto_part(console, wid, 9, [screen, *everyone])
    actions = {
        "Ans": ("Ik bel de wijkagent", "Nummer opzoeken", "Cor", "In de app"),
        "Bram": ("Ik maak de sociale kaart", "Lijst van contacten", "Eva", "Per e-mail"),
    }
    due = (dt.date.today() + dt.timedelta(days=21)).isoformat()
    for name, (what, first_step, with_whom, report) in actions.items():
        page = pages[name]
        key(page, "act-what").fill(what)
        key(page, "act-first").fill(first_step)
        key(page, "act-due").fill(due)
        key(page, "act-with").fill(with_whom)
        key(page, "act-report").fill(report)
        key(page, "act-add").click()
        expect(panel(page).locator(".meeting-actions")).to_contain_text(what, timeout=LIVE_TIMEOUT)
    key(console, "showing-next").click()  # the first person: Ans
    showing = panel(screen).locator(".meeting-showing")
    expect(showing.get_by_role("heading")).to_have_text("Ans", timeout=LIVE_TIMEOUT)
    expect(showing).to_contain_text("Ik bel de wijkagent")
    expect(showing).to_contain_text("First step: Nummer opzoeken")
    expect(showing).to_contain_text(f"By: {due}")
    screen_fits(screen, "part 9")
    shoot(screen, "09-screen-actions-ans")
    expect(key(console, "showing-next")).to_have_text("Next person")
    key(console, "showing-next").click()
    expect(showing.get_by_role("heading")).to_have_text("Bram", timeout=LIVE_TIMEOUT)
    expect(showing).to_contain_text("Ik maak de sociale kaart")
    expect(showing).not_to_contain_text("wijkagent")
    key(console, "showing-next").click()  # Cor has none
    expect(showing.get_by_role("heading")).to_have_text("Cor", timeout=LIVE_TIMEOUT)
    expect(showing).to_contain_text("No actions yet.")
    shoot(console, "09-console-actions")
    shoot(bram, "09-phone-actions")

    # --- Part 10: the follow-up -----------------------------------------------------------------
    goto_part(console, wid, 10, [screen, *everyone])
    next_meeting = dt.date.today() + dt.timedelta(days=60)
    key(console, "fu-date").fill(next_meeting.isoformat())
    key(console, "fu-report").fill("Een week voor de volgende keer, in de app")
    key(console, "fu-name").fill("Eva")
    key(console, "fu-save").click()
    update_due = (next_meeting - dt.timedelta(days=7)).isoformat()
    for page in (console, screen, bram):
        facts = panel(page).locator(".meeting-facts")
        expect(facts).to_contain_text(next_meeting.isoformat(), timeout=LIVE_TIMEOUT)
        expect(facts).to_contain_text(update_due)
        expect(facts).to_contain_text("Eva")
    screen_fits(screen, "part 10")
    shoot(screen, "10-screen-follow-up")

    # --- Part 11: the ground rules and the PMI --------------------------------------------------
    goto_part(console, wid, 11, [screen, *everyone])
    key(console, "cl-stays").check()
    key(console, "cl-save").click()
    for page in (console, screen, ans):
        rules = panel(page).locator(".meeting-rules")
        expect(rules).to_contain_text("What is said here stays here.", timeout=LIVE_TIMEOUT)
        expect(rules).to_contain_text("The report is confidential.")
    pmi = console.locator("#pmi-section")
    pmi.get_by_role("button", name="Open the evaluation on the phones").click()
    phone_pmi = ans.locator("#pmi-section")
    expect(phone_pmi).to_be_visible(timeout=LIVE_TIMEOUT)
    phone_pmi.get_by_role("radio", name="Plus: went well").check()
    phone_pmi.get_by_label("Your note", exact=True).fill("Fijn om elkaar te zien")
    phone_pmi.get_by_role("button", name="Add note").click()
    for page in (console, screen):
        expect(page.locator(".pmi-column--plus")).to_contain_text(
            "Fijn om elkaar te zien", timeout=LIVE_TIMEOUT
        )
    for page in [*everyone, screen]:
        assert SECRET_EMAIL not in page.locator("body").inner_text(), page.url
    screen_fits(screen, "part 11")
    shoot(screen, "11-screen-closing")
    shoot(console, "11-console-closing")
    shoot(ans, "11-phone-closing")

    top_three = [q["wording"] for q in sorted(tops, key=lambda q: q["number"])]
    check_the_report(
        console,
        wid,
        tmp_path,
        expected=[
            *top_three,
            "Maandelijkse lunch van de wijkprofessionals",
            *(what for what, *_rest in actions.values()),
            *(first for _what, first, *_rest in actions.values()),
            SHARED_EMAIL,
        ],
    )


def check_the_report(console: Page, workshop_id: int, tmp_path, *, expected: list[str]) -> None:
    """The meeting's report as PDF and Word, read back: the top three, the agreement, every
    person's actions and the shared contact; never the contact of who did not share; confidential
    (the ground rule "stays here" was set)."""
    texts = {}
    for suffix, kind in ((".pdf", "application/pdf"), (".docx", "officedocument")):
        response = console.request.get(f"/samenwerken/{workshop_id}/verslag{suffix}")
        assert response.status == 200, (suffix, response.status, response.text()[:300])
        assert kind in response.headers["content-type"], response.headers
        body = response.body()
        texts[suffix] = pdf_text(body, tmp_path) if suffix == ".pdf" else docx_text(body)[0]
    for suffix, text in texts.items():
        for wanted in expected:
            assert " ".join(wanted.split()) in text, (suffix, wanted)
        assert SECRET_EMAIL not in text, suffix
        assert "Confidential" in text or "Vertrouwelijk" in text, suffix
