"""A whole appraisal (Afwegen in de Wijk) replayed in real Chromium, ending in its report.

The facilitator starts the appraisal on the appraisal pages, creates work session I and II from
the detail page, runs both from the console with the big screen open; six participants (two on
360 px phones with touch) join by code, the app forms two groups of three, and the groups work at
the same time (core problems in step 2, solutions in step 4, rankings in step 6, effect cards in
step 7). Every step is driven through the pages, as people would; the server state is only read
(the events endpoint) to find ids and to check. At the end the facilitator downloads the report as
PDF and Word and the solution cards from the detail page; their text must hold the chosen
solution, the selection and every core problem (original and sharpened wording). The report's
pages are rendered to /tmp/replay-png for a person to look at.

English (``django_language=en``), so the selectors use the English msgids.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.appraisal_browser import appraisal_of, goto_step, own_card, panel
from tests.support.appraisal_replay import (
    create_session,
    docx_text,
    download,
    form_groups,
    join_everyone,
    mouse_drag_to_top,
    open_session,
    rank_order,
    squash,
    touch_drag_to_top,
    writer_of,
)
from tests.support.browser import LIVE_TIMEOUT, login, snapshot, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

PNG_DIR = Path("/tmp/replay-png")
HORIZON = 10
OWNERS = ("Bewoners", "Corporatie")
POSTITS = {
    "Ans": [("Zwerfvuil bij de ondergrondse containers", "Bewoners")],
    "Bram": [("Leegstand in complex A duurt maanden", "Corporatie")],
    "Cor": [("Veel meldingen van overlast op het plein", "Bewoners")],
    "Dewi": [("Geen plek om buren te ontmoeten", "Bewoners")],
    "Eva": [("Hoge onderhoudskosten van de portieken", "Corporatie")],
    "Gijs": [("Woningen passen niet bij gezinnen", "Corporatie")],
}
# Per group (by position): owner, the post-it it comes from (the original wording), the sharpened one.
CORE = [
    (
        "Bewoners",
        "Zwerfvuil bij de ondergrondse containers",
        "Bewoners van complex A voelen zich niet thuis door zwerfvuil rond de containers",
    ),
    (
        "Corporatie",
        "Leegstand in complex A duurt maanden",
        "Complex A loopt leeg omdat de woningen slecht passen bij wie er wil wonen",
    ),
]
# Per group (by position): a usual solution and an out-of-the-box one.
SOLUTIONS = [
    ("Extra ondergrondse containers", "Buurtconciërge voor complex A"),
    ("Woningen samenvoegen tot gezinswoningen", "Moestuin op het plein"),
]


# --- the journey ------------------------------------------------------------------------------


def test_whole_appraisal_in_chromium_ends_in_its_report(new_context, server, task_worker, tmp_path):
    started = time.monotonic()
    fac = new_context("desktop")
    detail = fac.new_page()
    login(detail, server.info["email"], server.info["password"])

    # --- The appraisal pages: start an appraisal, create work session I ---------------------------
    detail.goto("/afwegingen/")
    detail.locator("#appraisal-start").click()
    detail.get_by_label("Title").fill("Afweging complex A (replay)")
    detail.get_by_label("Trigger (aanleiding)").fill(
        "Sinds drie jaar zijn er rond complex A twee keer zoveel klachten over zwerfvuil als in de rest van de wijk."
    )
    detail.locator("#starting-point-problem").check()
    detail.get_by_role("button", name="Start the appraisal").click()
    expect(detail).to_have_url(re.compile(r"/afwegingen/\d+/$"))
    appraisal_id = int(re.search(r"/afwegingen/(\d+)/", detail.url).group(1))
    detail_url = detail.url
    expect(detail.locator("#appraisal-status")).to_have_attribute("data-status", "open")
    wid1, _ = create_session(detail, 1)
    console, screen = open_session(detail, 1)
    code = console.locator(".join-code").first.inner_text().strip()
    assert code

    contexts: dict = {}
    people = join_everyone(new_context, code, contexts)
    everyone = [screen, *people.values()]
    for page in [console, *everyone]:
        expect(panel(page)).to_be_attached(timeout=LIVE_TIMEOUT)

    # --- Step 1: post-its with their owner, probleem 1 with its tally, pitches ---------------------
    for title in OWNERS:
        console.locator("#column-add-title").fill(title)
        console.get_by_role("button", name="Add column").click()
        expect(console.locator(".wall-column__title", has_text=title)).to_be_visible(
            timeout=LIVE_TIMEOUT
        )
    goto_step(console, wid1, 1, everyone)
    for name, items in POSTITS.items():
        page = people[name]
        for text, owner in items:
            page.get_by_label("Your post-it", exact=True).fill(text)
            page.get_by_label("Whose problem is it? (problem owner, optional)").select_option(
                label=owner
            )
            page.get_by_role("button", name="Add post-it").click()
            expect(own_card(page, text)).not_to_have_class(
                re.compile(r"postit--pending"), timeout=LIVE_TIMEOUT
            )
    for name, items in POSTITS.items():
        card = own_card(people[name], items[0][0])
        card.get_by_role("button", name=re.compile("^This is my problem 1")).click()
        expect(card.locator(".problem1-mine")).to_be_visible(timeout=LIVE_TIMEOUT)
    columns = {c["title"]: c["id"] for c in snapshot(console, wid1)["columns"]}
    for page in (console, screen):
        for owner in OWNERS:
            expect(
                page.locator(f"#tally-per-owner [data-column-id='{columns[owner]}']")
            ).to_have_attribute("data-count", "3", timeout=LIVE_TIMEOUT)
    console.get_by_role("button", name="Plan the pitches").click()
    expect(console.locator("#pitch-list > li")).to_have_count(6, timeout=LIVE_TIMEOUT)
    expect(screen.locator("#pitch-list > li")).to_have_count(6, timeout=LIVE_TIMEOUT)
    expect(people["Dewi"].locator("#my-pitch")).to_contain_text("of 6", timeout=LIVE_TIMEOUT)
    screen.screenshot(path=str(tmp_path / "screen-step1.png"), full_page=True)

    # --- Step 2: the app forms two groups; both write a core problem at the same time -------------
    goto_step(console, wid1, 2, everyone)
    groups = form_groups(console, wid1, people)
    writers = []
    for (gid, members), (owner, original, sharp) in zip(groups, CORE):
        writer = people[writer_of(members, "phone")]
        prefix = f"#cp-new-{gid}"
        writer.locator(f"{prefix}-owner").select_option(label=owner)
        writer.locator(f"{prefix} fieldset").get_by_label(original).check()
        writer.locator(f"{prefix}-formulation").fill(sharp)
        writer.locator(f"{prefix}-underlying").fill("Weinig sociale controle")
        writer.locator(f"{prefix}-count").fill("120")
        writer.locator(f"{prefix}-unit").fill("huishoudens")
        writer.locator(f"{prefix}-what_if_unsolved").fill("Meer mensen verhuizen")
        writers.append(writer)
    for writer in writers:  # both press save at (nearly) the same moment
        writer.locator("form.core-problem-form").get_by_role(
            "button", name="Add core problem"
        ).click()
    for index in range(len(groups)):
        sharp = CORE[index][2]
        other_members = groups[1 - index][1]
        viewers = [screen, console, people[other_members[0]]]
        for viewer in viewers:
            expect(viewer.locator(".core-problem__formulation", has_text=sharp)).to_be_visible(
                timeout=LIVE_TIMEOUT
            )
        expect(
            screen.locator(".core-problem", has_text=sharp).locator(".core-problem__original")
        ).to_contain_text(CORE[index][1])
        console.locator(".core-problem", has_text=sharp).get_by_role(
            "button", name=re.compile("^Confirm: sharp enough")
        ).click()
        expect(screen.locator(".core-problem", has_text=sharp)).to_have_class(
            re.compile("core-problem--confirmed"), timeout=LIVE_TIMEOUT
        )
    screen.screenshot(path=str(tmp_path / "screen-step2.png"), full_page=True)

    # --- Step 3: the baseline with the horizon and its costs --------------------------------------
    goto_step(console, wid1, 3, everyone)
    console.locator("#baseline-description").fill(
        "Huidig beheer: schoonmaak eens per week, verhuur zoals nu"
    )
    console.locator("#baseline-check-not_a_solution").check()
    console.locator("#baseline-horizon").fill(str(HORIZON))
    console.locator("#baseline-one_off_cost").fill("10000")
    console.locator("#baseline-periodic_cost_per_year").fill("2500")
    console.locator("#baseline-periodic_income_per_year").fill("1000")
    console.get_by_role("button", name="Add baseline").click()
    for page in (screen, people["Ans"], people["Dewi"]):
        expect(page.locator("#baseline-description")).to_have_text(
            "Huidig beheer: schoonmaak eens per week, verhuur zoals nu", timeout=LIVE_TIMEOUT
        )
        expect(page.locator("#baseline-total-cost")).to_contain_text("35")
    base = appraisal_of(console, wid1)["baseline"]
    assert (base["total_cost"], base["total_income"], base["horizon_years"]) == (
        35000,
        10000,
        HORIZON,
    )

    # --- Step 4: solutions per group, out of the box, each group closes the step -----------------
    goto_step(console, wid1, 4, everyone)
    for (gid, members), (usual, ootb) in zip(groups, SOLUTIONS):
        writer = people[writer_of(members, "desktop")]
        for title, is_ootb in ((usual, False), (ootb, True)):
            writer.locator(f"#solution-new-{gid}-title").fill(title)
            writer.locator(f"#solution-new-{gid}-effects").fill(f"Effect van {title.lower()}")
            writer.locator(f"#solution-new-{gid}-who").fill("Bewoners")
            if is_ootb:
                writer.locator(f"#solution-new-{gid}-ootb").check()
            writer.get_by_role("button", name="Add solution").click()
            expect(writer.locator(f"#solution-new-{gid}-title")).to_have_value(
                "", timeout=LIVE_TIMEOUT
            )
    for (gid, members), (usual, ootb) in zip(groups, SOLUTIONS):
        expect(screen.locator(".solution", has_text=ootb).locator(".solution__ootb")).to_be_visible(
            timeout=LIVE_TIMEOUT
        )
        expect(screen.locator(".solution__title", has_text=usual)).to_be_visible()
        closer = people[writer_of(members, "phone")]
        closer.get_by_role("button", name="Our group is done with step 4").click()
        expect(closer.locator(f"#solution-close-{gid}")).to_contain_text(
            "Your group has finished step 4", timeout=LIVE_TIMEOUT
        )
        expect(
            screen.locator(f".solution-group[data-group-id='{gid}'] .solution-group__badge")
        ).to_be_visible(timeout=LIVE_TIMEOUT)
    state = appraisal_of(console, wid1)
    assert sorted(g["closed_steps"] for g in state["groups"]) == [[4], [4]]
    solutions = {s["title"]: s["id"] for s in state["solutions"]}
    assert sorted(solutions) == sorted(t for pair in SOLUTIONS for t in pair)
    core_ids = {c["owner_name"]: c["id"] for c in state["core_problems"]}
    print(f"[replay] session I done after {time.monotonic() - started:.0f} s")

    # --- Work session II, created from the detail page; the same people join --------------------
    screen.close()
    detail.goto(detail_url)
    wid2, _ = create_session(detail, 2)
    console, screen = open_session(detail, 2)
    code2 = console.locator(".join-code").first.inner_text().strip()
    for page in people.values():
        page.close()
    people = join_everyone(new_context, code2, contexts)
    everyone = [screen, *people.values()]
    # Session II starts at step 5; its groups are at hand there on the console, open while there
    # are none. It forms its own groups (session I's are not listed here).
    goto_step(console, wid2, 5, everyone)
    expect(console.locator("#appraisal-groups-form")).to_be_visible()
    groups2 = form_groups(console, wid2, people, check_pages=False)
    expect(console.locator("#groups-at-hand")).not_to_have_attribute("open", "")
    expect(console.locator("#groups-at-hand > summary")).to_contain_text("Groups (2)")

    # --- Step 5: a card for every solution (extra costs over the same horizon, effects) ----------
    # The solutions were made by session I's groups; session II's groups sharpen the cards, each
    # group half of them, on their own laptops and phones at the same time.
    writers = [people[members[0]] for _gid, members in groups2]
    for page in writers:
        expect(page.locator(f"#card-{next(iter(solutions.values()))}")).to_be_attached(
            timeout=LIVE_TIMEOUT
        )
        assert set(
            page.locator(".a58-card").evaluate_all("els => els.map(e => e.dataset.editable)")
        ) == {"1"}
    expect(screen.locator(".a58-card[data-editable='1']")).to_have_count(0)
    for index, (title, sid) in enumerate(solutions.items()):
        card = writers[index % len(writers)].locator(f"#card-{sid}")
        card.get_by_label("Short description").fill(f"{title}: zo werkt het in complex A")
        card.get_by_role("button", name="Add an effect").click()
        card.locator(f"#c5-{sid}-effects-0-text").fill("Minder zwerfvuil")
        card.locator(f"#c5-{sid}-effects-0-who").fill("bewoners")
        card.locator(f"#c5-{sid}-effects-0-reach").select_option("complex")
        card.get_by_role("button", name="Add an effect").click()
        card.locator(f"#c5-{sid}-effects-1-text").fill("Meer beheerkosten")
        card.locator(f"#c5-{sid}-effects-1-sign").select_option("-")
        card.locator(f"#c5-{sid}-effects-1-who").fill("corporatie")
        card.get_by_label("Extra one-off costs (€)").fill(str(1000 * len(title)))
        card.get_by_label("Extra costs per year (€)").fill("1000")
        card.get_by_label("Period in years").fill(str(HORIZON))
        card.get_by_role("button", name="Save the card").click()
    for sid in solutions.values():
        expect(screen.locator(f"#card-{sid} .a58-effect__text")).to_have_text(
            ["Minder zwerfvuil", "Meer beheerkosten"], timeout=LIVE_TIMEOUT
        )
    assert len(appraisal_of(console, wid2)["cards"]) == len(solutions)

    # --- Step 6: both groups rank at the same time ---------------------------------------------
    goto_step(console, wid2, 6, everyone)
    ranked = {}
    for gid, members in groups2:
        page = people[members[0]]
        expect(page.locator(f"#rank-list-{gid} > li")).to_have_count(
            len(solutions), timeout=LIVE_TIMEOUT
        )
        ranked[gid] = rank_order(page, f"#rank-list-{gid} > li")
    # Group 1 drags with the mouse on a laptop, group 2 with a finger on a phone, at once.
    (g1, m1), (g2, m2) = groups2
    lap, phone = people[writer_of(m1, "desktop")], people[writer_of(m2, "phone")]
    first1, first2 = ranked[g1], ranked[g2]
    want1 = [first1[2]] + [s for s in first1 if s != first1[2]]
    want2 = [first2[3]] + [s for s in first2 if s != first2[3]]
    mouse_drag_to_top(lap, g1, first1[2], first1[0])
    touch_drag_to_top(phone, g2, first2[3], first2[0])
    wait_until(
        lambda: rank_order(lap, f"#rank-list-{g1} > li") == want1,
        message="the laptop's dragged order",
    )
    wait_until(
        lambda: rank_order(phone, f"#rank-list-{g2} > li") == want2,
        message="the phone's dragged order",
    )
    for gid, want in ((g1, want1), (g2, want2)):
        for viewer in (screen, console, people[(m2 if gid == g1 else m1)[0]]):
            wait_until(
                lambda viewer=viewer, gid=gid, want=want: (
                    rank_order(viewer, f"#a58-side [data-group-id='{gid}'] li") == want
                ),
                timeout=LIVE_TIMEOUT / 1000,
                message=f"group {gid}'s order side by side",
            )
    wait_until(
        lambda: (
            {
                r["group_id"]: r["ordered_solution_ids"]
                for r in appraisal_of(console, wid2)["rankings"]
            }
            == {g1: want1, g2: want2}
        ),
        message="both rankings stored",
    )
    aggregate = appraisal_of(console, wid2)["aggregate"]
    for page in (console, screen):
        expect(page.locator("#a58-aggregate-table tbody tr")).to_have_count(
            len(solutions), timeout=LIVE_TIMEOUT
        )
    screen.screenshot(path=str(tmp_path / "screen-step6.png"), full_page=True)
    # The facilitator selects the top three (a reason only when it departs from the advice).
    chosen = list(aggregate["top"][:3])
    sel = console.locator("#a58-selection")
    for sid in aggregate["order"]:
        box = sel.locator(f"#a58-sel-{sid}")
        if (sid in chosen) != box.is_checked():
            box.click()
    sel.get_by_role("button", name="Save the selection").click()
    wait_until(
        lambda: (
            (appraisal_of(console, wid2)["selection"] or {}).get("solution_ids") == chosen
            or sel.locator(".appraisal-error").count() > 0
        ),
        message="the selection stored or refused",
    )
    if appraisal_of(console, wid2)["selection"] is None:
        sel.get_by_label(re.compile("^Why does the selection differ")).fill(
            "De groepen wilden deze drie verder uitwerken"
        )
        sel.get_by_role("button", name="Save the selection").click()
    for page in (screen, people["Ans"], people["Dewi"]):
        wait_until(
            lambda page=page: rank_order(page, "#a58-selection-list li") == chosen,
            timeout=LIVE_TIMEOUT / 1000,
            message="the selection on every page",
        )
    titles = {sid: title for title, sid in solutions.items()}
    selected_titles = [titles[s] for s in chosen]

    # --- Step 7: effect cards, both groups at the same time --------------------------------------
    goto_step(console, wid2, 7, everyone)
    first = chosen[0]
    forms = []
    for (_gid, members), owner in zip(groups2, OWNERS):
        page = people[writer_of(members, "desktop")]
        form = page.locator(f"#ec-{first}-{core_ids[owner]}")
        form.get_by_label("Main effects (one per line, positive and negative)").fill(
            f"Minder zwerfvuil voor {owner.lower()}\nMeer kosten"
        )
        form.get_by_label("How big is the effect?").select_option("large")
        forms.append(form)
    for form in forms:
        form.get_by_role("button", name="Save the effect card").click()
    for form in forms:  # each writer's own save is acknowledged, not refused ...
        expect(form.locator(".a58-pending")).to_have_count(0, timeout=LIVE_TIMEOUT)
        expect(form.locator(".a58-size--large")).to_be_visible()
    for owner in OWNERS:  # ... and reaches the console and the big screen
        for page in (console, screen):
            expect(page.locator(f"#ec-{first}-{core_ids[owner]}")).to_have_attribute(
                "data-size", "large", timeout=LIVE_TIMEOUT
            )

    # --- Step 8: the choice (baseline considered), an insight, an action --------------------------
    goto_step(console, wid2, 8, everyone)
    choice = console.locator("#a58-choice")
    choice.get_by_label("What do we choose?").select_option("solution")
    choice.locator(f"#a58-ch-s-{first}").check()
    choice.get_by_label(re.compile("^We considered the baseline")).check()
    choice.get_by_label("Why (not) the baseline").fill("De basis lost het zwerfvuil niet op")
    choice.get_by_label("How will the decision be taken? Who decides, on what?").fill(
        "Het MT van de corporatie besluit"
    )
    choice.get_by_label("Other aspects, for example support among residents").fill(
        "Veel steun bij bewoners"
    )
    choice.get_by_label("This choice is final").check()
    choice.get_by_role("button", name="Save the choice").click()
    for page in (screen, people["Ans"]):
        expect(page.locator("#a58-choice")).to_have_attribute(
            "data-final", "1", timeout=LIVE_TIMEOUT
        )
        expect(page.locator("#a58-choice-summary")).to_contain_text(titles[first])
    insight = "Bewoners vertrouwen de corporatie weinig; daar zit het echte probleem"
    people["Dewi"].get_by_label("An insight").fill(insight)
    people["Dewi"].get_by_role("button", name="Add the insight").click()
    expect(screen.locator("#a58-insight-list")).to_contain_text(insight, timeout=LIVE_TIMEOUT)
    action = "Offerte voor een buurtconciërge opvragen"
    console.get_by_label("New action").fill(action)
    console.get_by_label("Who does it").fill("Bram")
    console.get_by_label("Ready on").fill("2026-12-31")
    console.get_by_role("button", name="Add the action").click()
    expect(screen.locator("#a58-action-list")).to_contain_text(action, timeout=LIVE_TIMEOUT)
    expect(screen.locator("#a58-action-list")).to_contain_text(
        re.compile(r"31 December 2026|December 31, 2026")
    )
    final = appraisal_of(console, wid2)
    assert final["status"] == "decided" and final["choice"]["solution_ids"] == [first]
    print(f"[replay] session II done after {time.monotonic() - started:.0f} s")

    # --- The documents, from the detail page -----------------------------------------------------
    detail.goto(detail_url)
    expect(detail.locator("#appraisal-status")).to_have_attribute("data-status", "decided")
    pdf = download(detail, "report_pdf", tmp_path / "rapport.pdf")
    docx = download(detail, "report_docx", tmp_path / "rapport.docx")
    cards = download(detail, "cards_pdf", tmp_path / "kaarten.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-" and cards.read_bytes()[:5] == b"%PDF-"
    pdf_text = squash(
        subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    )
    pdf_raw = squash(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
        ).stdout
    )
    word_text = squash(docx_text(docx))
    must = {
        "chosen solution": titles[first],
        "insight": insight,
        "action": action,
        **{f"selected {t}": t for t in selected_titles},
        **{f"core problem {o} (original)": orig for o, orig, _ in CORE},
        **{f"core problem {o} (sharpened)": sharp for o, _, sharp in CORE},
    }
    missing_pdf = [
        k for k, v in must.items() if squash(v) not in pdf_text and squash(v) not in pdf_raw
    ]
    missing_docx = [k for k, v in must.items() if squash(v) not in word_text]
    assert not missing_pdf, f"not in the PDF report: {missing_pdf}"
    assert not missing_docx, f"not in the Word report: {missing_docx}"
    info = subprocess.run(
        ["pdfinfo", str(cards)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages == len(solutions), info
    cards_text = squash(
        subprocess.run(
            ["pdftotext", str(cards), "-"], capture_output=True, text=True, check=True, timeout=60
        ).stdout
    )
    assert all(t in cards_text for t in solutions), cards_text[:500]

    # Pages as PNG for a person to look at (the test cannot judge the looks).
    shutil.rmtree(PNG_DIR, ignore_errors=True)
    PNG_DIR.mkdir(parents=True)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(pdf), str(PNG_DIR / "rapport")],
        check=True,
        timeout=120,
    )
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(cards), str(PNG_DIR / "kaarten")],
        check=True,
        timeout=120,
    )
    for shot in tmp_path.glob("screen-*.png"):
        shutil.copy(shot, PNG_DIR / shot.name)
    shutil.copy(pdf, PNG_DIR / "rapport.pdf")
    shutil.copy(docx, PNG_DIR / "rapport.docx")
    assert list(PNG_DIR.glob("rapport*.png"))
    print(
        f"[replay] appraisal #{appraisal_id} replayed in {time.monotonic() - started:.0f} s; PNGs in {PNG_DIR}"
    )
