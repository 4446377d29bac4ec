"""Steps 5-8 of an appraisal (Afwegen in de Wijk) live in real Chromium.

A facilitator (console and big screen) and four participants in two groups, two of them on
360 px phones with touch: solution cards (the horizon rule refused with its message), core
effects, both groups ranking at the same time by dragging (mouse on a laptop, touch on a phone)
and with the keyboard, a phone that ranks offline and after a reload (its order is stored once),
the selection with a reason, effect cards, and the choice (refused without the baseline
considered, then accepted), insights and actions. English (``django_language=en``), so the
selectors use the English msgids. Screenshots go to /tmp/appr58-*.png.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.support.appraisal_browser import (
    Api,
    appraisal_of,
    editor_order,
    expect_order,
    goto_step,
    handle_of,
    head_of,
    mouse_drag,
    ranking_events,
    ranking_of,
    shown_order,
    side_order,
    touch_drag,
)
from tests.support.browser import (
    LIVE_TIMEOUT,
    axe_check,
    join_by_code,
    login,
    open_console,
    open_screen,
    snapshot,
    wait_online,
    wait_until,
)
from tests.support.live_server import NETWORK_NOISE

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(420)]

SHOTS = "/tmp/appr58-{}.png"
HORIZON = 10


def link_appraisal(server, workshop_id: int) -> int:
    """An appraisal of the seeded organisation with this workshop as work session II."""
    code = (
        "import json\n"
        "from wijktafel.accounts.models import User\n"
        "from wijktafel.appraisals import services as s\n"
        f"u = User.objects.get(email={server.info['email']!r})\n"
        "a = s.appraisal_create(user=u, title='Afweging Zuid', "
        "trigger='Veel klachten over zwerfvuil rond complex A, al jaren meer dan gemiddeld', "
        f"horizon_years={HORIZON})\n"
        f"s.appraisal_link(user=u, appraisal_id=a.pk, session=2, workshop_id={workshop_id})\n"
        "print(json.dumps({'id': a.pk}))\n"
    )
    out = server.manage("shell", "-c", code)
    return json.loads(out.strip().splitlines()[-1])["id"]


def shoot(pages: dict[str, Page], step: str) -> None:
    for name, page in pages.items():
        page.screenshot(path=SHOTS.format(f"{step}-{name}"), full_page=True)


def test_steps_five_to_eight_live_with_two_groups(new_context, server, allow_console):
    allow_console(*NETWORK_NOISE)
    seeded = server.seed(workshops=1, template="afwegen-2", title="E2E werksessie II")["workshops"][
        0
    ]
    wid = seeded["id"]
    appraisal_id = link_appraisal(server, wid)

    fac = new_context("desktop")
    console = fac.new_page()
    login(console, server.info["email"], server.info["password"])
    open_console(console, wid)
    screen = fac.new_page()
    open_screen(screen, wid)
    api = Api(console, wid)

    people: dict[str, Page] = {}
    for kind, name, org in (
        ("desktop", "Ans", "Gemeente"),
        ("phone", "Bram", "Corporatie"),
        ("desktop", "Cem", "Corporatie"),
        ("phone", "Dewi", "Bewoners"),
    ):
        page = new_context(kind).new_page()
        join_by_code(page, seeded["display_code"], name, org)
        people[name] = page
    ans, bram, cem, dewi = people["Ans"], people["Bram"], people["Cem"], people["Dewi"]

    # --- What sessions I made (through the API, so every page gets it live) ---------------------------
    ids = {p["display_name"]: p["id"] for p in snapshot(console, wid)["participants"]}
    g1 = api.call(
        "POST",
        "/appraisal/groups",
        {"name": "Groep Noord", "member_ids": [ids["Ans"], ids["Bram"]]},
        status=201,
    )["data"]["group"]["id"]
    g2 = api.call(
        "POST",
        "/appraisal/groups",
        {"name": "Groep Zuid", "member_ids": [ids["Cem"], ids["Dewi"]]},
        status=201,
    )["data"]["group"]["id"]
    owners = {}
    for title in ("Bewoners", "Corporatie"):
        column = api.call("POST", "/columns", {"title": title}, status=201)["column"]["id"]
        cp = api.call(
            "POST",
            "/appraisal/core-problems",
            {
                "owner_id": column,
                "formulation": f"Kernprobleem van {title.lower()}: zwerfvuil en onveilig gevoel",
            },
            status=201,
        )["data"]["core_problem"]["id"]
        owners[title] = cp
    api.call(
        "PUT",
        "/appraisal/baseline",
        {
            "description": "Huidig beheer, schoonmaak eens per week",
            "horizon_years": HORIZON,
            "one_off_cost": 0,
            "periodic_cost_per_year": 20000,
        },
    )
    titles = {
        g1: ["Buurtconciërge", "Extra afvalbakken", "Moestuin op het plein"],
        g2: ["Camera's bij de containers", "Bewonerscommissie schoonmaak"],
    }
    sol = {}
    for gid, names in titles.items():
        for i, title in enumerate(names):
            sol[title] = api.call(
                "POST",
                "/appraisal/solutions",
                {"title": title, "group_id": gid, "out_of_the_box": i == len(names) - 1},
                status=201,
            )["data"]["solution"]["id"]
    # Cards of every solution but the first (that one Bram fills in on his phone).
    for title, sid in sol.items():
        if title == "Buurtconciërge":
            continue
        api.call(
            "PUT",
            f"/appraisal/solutions/{sid}/card",
            {
                "description": f"{title}: uitgewerkt",
                "extra_one_off_cost": 10000 * len(title),
                "extra_periodic_cost_per_year": 1000,
                "effects": [
                    {
                        "text": "Minder zwerfvuil",
                        "sign": "+",
                        "who": "bewoners",
                        "reach": "complex",
                    },
                    {
                        "text": "Meer beheerkosten",
                        "sign": "-",
                        "who": "corporatie",
                        "reach": "buurt",
                    },
                ],
            },
        )

    everyone = [console, screen, ans, bram, cem, dewi]
    shots = {"console": console, "phone": bram, "screen": screen}

    # --- Step 5: solution cards, the horizon rule, core effects ------------------------------------
    goto_step(console, wid, 5, [screen, ans, bram, cem, dewi])
    card_id = sol["Buurtconciërge"]
    for page in everyone:
        expect(page.locator("#a58-horizon")).to_have_attribute(
            "data-years", str(HORIZON), timeout=LIVE_TIMEOUT
        )
    # Group Noord edits its own cards; group Zuid reads them.
    expect(bram.locator(f"#card-{card_id}")).to_have_attribute("data-editable", "1")
    expect(cem.locator(f"#card-{card_id}")).to_have_attribute("data-editable", "0")
    expect(cem.locator(f"#card-{card_id} form")).to_have_count(0)
    card = bram.locator(f"#card-{card_id}")
    card.get_by_label("Short description").fill("Een vaste conciërge voor complex A")
    card.get_by_role("button", name="Add an effect").click()
    card.locator(f"#c5-{card_id}-effects-0-text").fill("Schonere portieken")
    card.locator(f"#c5-{card_id}-effects-0-who").fill("bewoners")
    card.locator(f"#c5-{card_id}-effects-0-reach").select_option("complex")
    card.get_by_label("Extra one-off costs (€)").fill("5.000")
    card.get_by_label("Extra costs per year (€)").fill("40.000")
    expect(card.locator(f"#c5-{card_id}-totals")).to_contain_text("405,000")
    # Another horizon than the baseline's is refused with the service's message; nothing changes.
    card.get_by_label("Period in years").fill("5")
    card.get_by_role("button", name="Save the card").click()
    expect(card.locator(".appraisal-error")).to_contain_text(
        "same horizon as the baseline: 10 years", timeout=LIVE_TIMEOUT
    )
    assert not any(c["solution_id"] == card_id for c in appraisal_of(console, wid)["cards"])
    # An amount the page cannot read is named in the page; nothing is sent ("12.5" is not 125).
    card.get_by_label("Extra income per year (€)").fill("12.5")
    card.get_by_role("button", name="Save the card").click()
    expect(card.locator(".appraisal-error")).to_contain_text(
        "Extra income per year (€): type an amount"
    )
    expect(card.get_by_label("Extra income per year (€)")).to_be_focused()
    card.get_by_label("Extra income per year (€)").fill("0")
    assert not any(c["solution_id"] == card_id for c in appraisal_of(console, wid)["cards"])
    card.get_by_label("Period in years").fill(str(HORIZON))
    card.get_by_role("button", name="Save the card").click()
    # Saved: everyone sees it, with the warning that it has no negative effect. On the phones of
    # group Zuid the other groups' cards are folded: they open them.
    for page in (cem, dewi):
        page.locator("#a58-cards-others > summary").click()
    for page in (console, screen, cem, dewi):
        target = page.locator(f"#card-{card_id}")
        expect(target.locator(".a58-effect__text")).to_have_text(
            ["Schonere portieken"], timeout=LIVE_TIMEOUT
        )
        expect(target.locator("[data-warning='no_negative_effect']")).to_be_visible()
        expect(target.locator("[data-total='cost']")).to_contain_text("405,000")
    saved = next(c for c in appraisal_of(console, wid)["cards"] if c["solution_id"] == card_id)
    assert saved["horizon_years"] == HORIZON and saved["extra_total_cost"] == 405000
    expect(card.locator(".appraisal-error")).to_have_count(0)
    # Now a negative effect and a thing to find out (it becomes an action).
    card.get_by_role("button", name="Add an effect").click()
    card.locator(f"#c5-{card_id}-effects-1-text").fill("Hogere servicekosten")
    card.locator(f"#c5-{card_id}-effects-1-sign").select_option("-")
    card.get_by_role("button", name="Add something to find out").click()
    card.locator(f"#c5-{card_id}-investigate-0-title").fill("Wat kost een conciërge precies?")
    card.locator(f"#c5-{card_id}-investigate-0-owner_name").fill("Bram")
    card.get_by_role("button", name="Save the card").click()
    for page in (console, cem):
        expect(page.locator(f"#card-{card_id} [data-warning]")).to_have_count(
            0, timeout=LIVE_TIMEOUT
        )
        expect(page.locator(f"#card-{card_id} .a58-effect--neg")).to_have_count(1)
    wait_until(
        lambda: any(
            a["title"] == "Wat kost een conciërge precies?" and a["kind"] == "research_task"
            for a in appraisal_of(console, wid)["actions"]
        ),
        message="the research action",
    )
    # The facilitator names a core effect that mirrors a core problem.
    ce = console.locator("#a58-core-effects")
    ce.get_by_text("Change the core effects").click()
    ce.get_by_role("button", name="Add a core effect").click()
    ce.locator("#a58-ce-0-text").fill("Minder zwerfvuil rond complex A")
    ce.locator("#a58-ce-0-mirrors").select_option(str(owners["Bewoners"]))
    ce.get_by_role("button", name="Save the core effects").click()
    for page in (screen, bram, dewi):
        expect(page.locator("#a58-core-effects li")).to_contain_text(
            ["Minder zwerfvuil rond complex A"], timeout=LIVE_TIMEOUT
        )
    shoot(shots, "step5")
    shoot({"phone-dewi": dewi}, "step5")
    axe_check(bram, label="step 5 phone (own card)")
    axe_check(console, label="step 5 console")

    # --- Step 6: both groups rank at the same time -------------------------------------------------
    goto_step(console, wid, 6, [screen, ans, bram, cem, dewi])
    # The organiser adds a criterion; every phone shows it; it can be removed again.
    console.get_by_label("Extra criterion (for example: feasibility)").fill("Haalbaarheid")
    console.get_by_role("button", name="Add the criterion").click()
    for page in (screen, bram, cem):
        expect(page.locator("#a58-criteria li")).to_contain_text(
            ["Haalbaarheid"], timeout=LIVE_TIMEOUT
        )
    expect(console.locator("#a58-criteria li")).to_contain_text(
        ["Haalbaarheid"], timeout=LIVE_TIMEOUT
    )
    console.locator("#a58-criteria").get_by_role(
        "button", name="Remove: Haalbaarheid", exact=True
    ).click()
    for page in (screen, bram):
        expect(page.locator("#a58-criteria li")).to_have_count(4, timeout=LIVE_TIMEOUT)
    n1 = [sol[t] for t in titles[g1]] + [sol[t] for t in titles[g2]]
    expect_order(lambda: editor_order(ans, g1), n1, "the first order of group Noord")
    expect_order(lambda: editor_order(dewi, g2), n1, "the first order of group Zuid")
    a, b, c, d, e = n1
    # Ans drags with the mouse (laptop) while Dewi drags with her finger (phone).
    mouse_drag(ans, g1, a, below_id=c)
    touch_drag(dewi, g2, e, above_id=a)
    want1 = [b, c, a, d, e]
    want2 = [e, a, b, c, d]
    expect_order(lambda: editor_order(ans, g1), want1, "Ans's dragged order")
    expect_order(lambda: editor_order(dewi, g2), want2, "Dewi's dragged order")
    # The other group's overview and the big screen show the new orders.
    for page, gid, want in (
        (cem, g1, want1),
        (bram, g2, want2),
        (screen, g1, want1),
        (screen, g2, want2),
        (console, g1, want1),
        (console, g2, want2),
    ):
        expect_order(
            lambda page=page, gid=gid: side_order(page, gid), want, f"group {gid} on another page"
        )
    wait_until(
        lambda: (
            (ranking_of(console, wid, g1) or {}).get("ordered_solution_ids") == want1
            and (ranking_of(console, wid, g2) or {}).get("ordered_solution_ids") == want2
        ),
        message="both rankings stored",
    )
    # Cem moves a card down with the keyboard; the focus stays on the card's button.
    down = cem.get_by_role("button", name="Move down: Buurtconciërge", exact=True)
    down.focus()
    cem.keyboard.press("Enter")
    want2 = [e, b, a, c, d]
    expect_order(lambda: editor_order(cem, g2), want2, "Cem's keyboard order")
    assert (
        cem.evaluate("() => document.activeElement && document.activeElement.dataset.key")
        == f"rank-{a}-down"
    )
    expect(cem.locator("#rank-announcer")).to_contain_text("Buurtconciërge is now at place 3 of 5")
    for page in (ans, screen, dewi):
        expect_order(lambda page=page: side_order(page, g2), want2, "Cem's order elsewhere")
    # The arrow keys on a handle move the card too.
    handle_of(cem, g2, d).focus()
    cem.keyboard.press("ArrowUp")
    want2 = [e, b, a, d, c]
    expect_order(lambda: editor_order(cem, g2), want2, "the order after an arrow key")
    wait_until(
        lambda: (ranking_of(console, wid, g2) or {}).get("ordered_solution_ids") == want2,
        message="Cem's order stored",
    )
    expect(cem.locator("#a58-rank")).to_have_attribute("data-sync", "saved", timeout=LIVE_TIMEOUT)

    # A phone loses its connection while ranking: it keeps the order and stores it once.
    before = ranking_of(console, wid, g1)
    head = head_of(console, wid)
    bram.context.set_offline(True)
    expect(bram.locator("#live-root")).to_have_attribute(
        "data-status", "offline", timeout=LIVE_TIMEOUT
    )
    expect_order(lambda: editor_order(bram, g1), want1, "Bram's order before going offline")
    touch_drag(bram, g1, d, above_id=b)
    touch_drag(bram, g1, e, above_id=d)
    want1 = [e, d, b, c, a]
    expect_order(lambda: editor_order(bram, g1), want1, "Bram's offline order")
    expect(bram.locator("#a58-rank")).to_have_attribute(
        "data-sync", "waiting", timeout=LIVE_TIMEOUT
    )
    expect(bram.locator(f"#a58-side [data-group-id='{g1}']")).to_have_attribute(
        "data-source", re.compile("draft|pending")
    )
    shoot({"phone-offline": bram}, "step6")
    time.sleep(1.5)
    assert ranking_of(console, wid, g1) == before
    bram.context.set_offline(False)
    wait_online(bram, timeout=30_000)
    wait_until(
        lambda: (ranking_of(console, wid, g1) or {}).get("ordered_solution_ids") == want1,
        message="Bram's offline order stored",
    )
    for page in (ans, cem, screen):
        expect_order(lambda page=page: side_order(page, g1), want1, "Bram's order elsewhere")
    time.sleep(2)  # room for a duplicate to show up
    assert len(ranking_events(console, wid, g1, head)) == 1
    assert ranking_of(console, wid, g1)["version"] == before["version"] + 1

    # Offline again, a drag, and the page is left before the connection comes back: leaving puts
    # the order into the outbox (localStorage), and the page opened again sends it, once.
    head = head_of(console, wid)
    version = ranking_of(console, wid, g1)["version"]
    bram.context.set_offline(True)
    expect(bram.locator("#live-root")).to_have_attribute(
        "data-status", "offline", timeout=LIVE_TIMEOUT
    )
    touch_drag(bram, g1, a, above_id=e)
    want1 = [a, e, d, b, c]
    expect_order(lambda: editor_order(bram, g1), want1, "Bram's second offline order")
    bram.goto("about:blank")
    phone_context = bram.context
    phone_context.set_offline(False)
    bram.goto(f"/sessies/{wid}/meedoen/")
    expect_order(
        lambda: editor_order(bram, g1), want1, "the reopened page showing the waiting order"
    )
    wait_online(bram)
    wait_until(
        lambda: (ranking_of(console, wid, g1) or {}).get("ordered_solution_ids") == want1,
        message="the order from before the reload stored",
    )
    time.sleep(2)
    assert len(ranking_events(console, wid, g1, head)) == 1
    assert ranking_of(console, wid, g1)["version"] == version + 1
    for page in (cem, screen):
        expect_order(lambda page=page: side_order(page, g1), want1, "the reloaded order elsewhere")
    shots["phone"] = bram

    # Optional solving power: 50 % for €405,000 extra gives 12.3 points per €100,000 (W10 tip);
    # the order stays as it was.
    sp = ans.locator(".a58-sp")
    sp.locator("summary").click()
    sp.get_by_label("Buurtconciërge solves the core problem of Bewoners for … %").fill("50")
    sp.get_by_role("button", name="Save the percentages").click()
    expect(sp.locator("table")).to_contain_text("12.3 points per €100,000", timeout=LIVE_TIMEOUT)
    stored = ranking_of(console, wid, g1)
    assert stored["solving_power"] == {str(owners["Bewoners"]): {str(card_id): 50}}
    assert stored["ordered_solution_ids"] == want1

    # The group says why it chose this order: the notes travel with the ranking (order and solving
    # power untouched) and show under the group's column for the plenary.
    notes = ans.locator(f"#rank-notes-{g1}")
    notes.get_by_label("Why this order? (for the plenary and the report)").fill(
        "Wie het meeste oplost voor de bewoners staat bovenaan."
    )
    notes.get_by_role("button", name="Save the notes").click()
    for page in (screen, cem, console):
        expect(page.locator(f"#a58-side [data-group-id='{g1}'] .a58-side__notes")).to_contain_text(
            "Wie het meeste oplost voor de bewoners staat bovenaan.", timeout=LIVE_TIMEOUT
        )
    stored = ranking_of(console, wid, g1)
    assert stored["notes"] == "Wie het meeste oplost voor de bewoners staat bovenaan."
    assert stored["ordered_solution_ids"] == want1
    assert stored["solving_power"] == {str(owners["Bewoners"]): {str(card_id): 50}}
    expect(bram.locator(f"#rank-notes-{g1}-text")).to_have_value(
        "Wie het meeste oplost voor de bewoners staat bovenaan."
    )

    # The aggregate: rank sums and the consensus on every screen.
    aggregate = appraisal_of(console, wid)["aggregate"]
    for page in (console, screen, ans):
        expect(page.locator("#a58-aggregate-table tbody tr")).to_have_count(5, timeout=LIVE_TIMEOUT)
        expect_order(
            lambda page=page: shown_order(page, "#a58-aggregate-table tbody tr"),
            aggregate["order"],
            "the aggregate order",
        )
    expect(screen.locator("#a58-consensus li")).to_have_count(5)
    shoot(shots, "step6")
    axe_check(dewi, label="step 6 phone (ranking)")
    axe_check(screen, label="step 6 screen")

    # The facilitator selects: departing from the advice needs a reason (the service says so).
    top = aggregate["top"]
    chosen = [top[0], top[1], next(s for s in aggregate["order"] if s not in top[:3])]
    sel = console.locator("#a58-selection")
    for sid in aggregate["order"]:
        box = sel.locator(f"#a58-sel-{sid}")
        if (sid in chosen) != box.is_checked():
            box.click()
    sel.get_by_role("button", name="Save the selection").click()
    expect(sel.locator(".appraisal-error")).to_contain_text(
        "differs from the advice", timeout=LIVE_TIMEOUT
    )
    assert appraisal_of(console, wid)["selection"] is None
    sel.get_by_label(re.compile("^Why does the selection differ")).fill(
        "De moestuin heeft veel draagvlak"
    )
    sel.get_by_role("button", name="Save the selection").click()
    for page in (screen, ans, dewi):
        expect_order(
            lambda page=page: shown_order(page, "#a58-selection-list li"), chosen, "the selection"
        )
    stored = appraisal_of(console, wid)["selection"]
    assert stored["solution_ids"] == chosen and stored["departs_from_aggregate"] is True

    # --- Step 7: effect cards ----------------------------------------------------------------------
    goto_step(console, wid, 7, [screen, ans, bram, cem, dewi])
    first = chosen[0]
    form = f"ec-{first}-{owners['Bewoners']}"
    card = ans.locator(f"#{form}")
    card.get_by_label("Main effects (one per line, positive and negative)").fill(
        "Minder zwerfvuil\nMeer kosten"
    )
    card.get_by_label("How big is the effect?").select_option("large")
    card.get_by_role("button", name="Save the effect card").click()
    for page in (console, screen, dewi):
        expect(page.locator(f"#{form}")).to_have_attribute(
            "data-size", "large", timeout=LIVE_TIMEOUT
        )
        expect(page.locator(f"#{form} li")).to_have_text(["Minder zwerfvuil", "Meer kosten"])
    missing = len(chosen) * 2 - 1
    expect(screen.locator("#a58-ec-missing")).to_have_attribute("data-missing", str(missing))
    other = f"ec-{first}-{owners['Corporatie']}"
    console.locator(f"#{other}").get_by_label(
        "Main effects (one per line, positive and negative)"
    ).fill("Lagere schoonmaakkosten")
    console.locator(f"#{other}").get_by_role("button", name="Save the effect card").click()
    expect(dewi.locator(f"#{other}")).to_have_attribute("data-size", "medium", timeout=LIVE_TIMEOUT)
    expect(screen.locator("#a58-ec-missing")).to_have_attribute("data-missing", str(missing - 1))
    shoot(shots, "step7")
    axe_check(ans, label="step 7 laptop")

    # --- Step 8: the choice, insights, actions -------------------------------------------------------
    goto_step(console, wid, 8, [screen, ans, bram, cem, dewi])
    choice = console.locator("#a58-choice")
    choice.get_by_label("What do we choose?").select_option("solution")
    choice.locator(f"#a58-ch-s-{first}").check()
    choice.get_by_label("How will the decision be taken? Who decides, on what?").fill(
        "Het MT van de corporatie besluit"
    )
    choice.get_by_label("Other aspects, for example support among residents").fill(
        "Veel steun bij bewoners"
    )
    choice.get_by_label("This choice is final").check()
    choice.get_by_role("button", name="Save the choice").click()
    expect(choice.locator(".appraisal-error")).to_contain_text(
        "first consider the baseline", timeout=LIVE_TIMEOUT
    )
    assert appraisal_of(console, wid)["choice"] is None
    shoot({"console-refused": console}, "step8")
    choice.get_by_label(re.compile("^We considered the baseline")).check()
    choice.get_by_label("Why (not) the baseline").fill("De basis lost het zwerfvuil niet op")
    choice.get_by_role("button", name="Save the choice").click()
    for page in (screen, bram, cem):
        expect(page.locator("#a58-choice")).to_have_attribute(
            "data-final", "1", timeout=LIVE_TIMEOUT
        )
        expect(page.locator("#a58-choice-summary")).to_contain_text(
            next(t for t, s in sol.items() if s == first)
        )
    stored = appraisal_of(console, wid)
    assert stored["choice"]["is_final"] and stored["choice"]["baseline_considered"]
    assert stored["choice"]["solution_ids"] == [first] and stored["status"] == "decided"
    expect(choice.locator(".appraisal-error")).to_have_count(0)
    # An insight from a phone, an action with an owner and a date from the console.
    dewi.get_by_label("An insight").fill("Bewoners vertrouwen de corporatie weinig")
    dewi.get_by_role("button", name="Add the insight").click()
    for page in (console, screen, ans):
        expect(page.locator("#a58-insight-list")).to_contain_text(
            "Bewoners vertrouwen de corporatie weinig", timeout=LIVE_TIMEOUT
        )
    console.get_by_label("New action").fill("Offerte conciërge opvragen")
    console.get_by_label("Who does it").fill("Fenna")
    console.get_by_label("Ready on").fill("2026-12-31")
    console.get_by_role("button", name="Add the action").click()
    for page in (screen, bram):
        expect(page.locator("#a58-action-list")).to_contain_text(
            "Offerte conciërge opvragen", timeout=LIVE_TIMEOUT
        )
        expect(page.locator("#a58-action-list")).to_contain_text(
            re.compile(r"31 December 2026|December 31, 2026")
        )
    action = next(
        a
        for a in appraisal_of(console, wid)["actions"]
        if a["title"] == "Offerte conciërge opvragen"
    )
    assert action["owner_name"] == "Fenna" and action["due_date"] == "2026-12-31"
    # The console links to the report documents; phones do not.
    expect(console.locator("#a58-doc-pdf")).to_have_attribute(
        "href", f"/afwegingen/{appraisal_id}/rapport.pdf"
    )
    expect(console.locator("#a58-doc-docx")).to_have_attribute(
        "href", f"/afwegingen/{appraisal_id}/rapport.docx"
    )
    expect(console.locator("#a58-doc-cards")).to_have_attribute(
        "href", f"/afwegingen/{appraisal_id}/kaarten.pdf"
    )
    expect(bram.locator("#a58-docs")).to_have_count(0)
    shoot(shots, "step8")
    axe_check(console, label="step 8 console")
    axe_check(bram, label="step 8 phone")
