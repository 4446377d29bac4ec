"""Browser journeys of one live session: facilitator, big screen and participants on phones.

Contexts are set to English (``django_language=en``) so the selectors use the English msgids;
``test_join_page_is_dutch_by_default`` checks the Dutch default once.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    LIVE_TIMEOUT,
    add_postit,
    expect_postit_once,
    join_by_code,
    login,
    open_console,
    open_screen,
    postit_cards,
    read_timers,
    skew_clock,
    snapshot,
    texts_in_snapshot,
    timer_action,
    wait_online,
    wait_until,
)
from tests.support.live_server import NETWORK_NOISE

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


def facilitator_pages(new_context, server, workshop):
    """A logged-in facilitator with the console and the big screen open (one context, two tabs)."""
    context = new_context("desktop")
    console = context.new_page()
    login(console, server.info["email"], server.info["password"])
    open_console(console, workshop["id"])
    screen = context.new_page()
    open_screen(screen, workshop["id"])
    return context, console, screen


def join_three(new_context, workshop, phone_clock_skew_ms: int = 0):
    """Three participants in separate contexts; the last one on a phone-sized screen."""
    people = []
    for kind, name, organisation in (
        ("desktop", "Ans", "Buurthuis De Kuil"),
        ("desktop", "Bram", None),
        ("phone", "Cem", "Woningstichting"),
    ):
        context = new_context(kind)
        if kind == "phone" and phone_clock_skew_ms:
            skew_clock(context, phone_clock_skew_ms)
        page = context.new_page()
        join_by_code(page, workshop["display_code"], name, organisation)
        people.append(page)
    return people


def test_facilitator_and_three_participants_see_every_postit_and_the_same_timer(
    new_context, server, seeded
):
    _fac, console, screen = facilitator_pages(new_context, server, seeded)
    # Cem's phone clock is 7 minutes fast; the countdown must be corrected for it.
    ans, bram, cem = join_three(new_context, seeded, phone_clock_skew_ms=7 * 60 * 1000)
    assert (
        cem.evaluate("() => Date.now() - performance.timeOrigin - performance.now()")
        > 6 * 60 * 1000
    )
    everyone = [console, screen, ans, bram, cem]

    expect(screen.locator(".join-code")).to_have_text(seeded["display_code"])
    expect(console.locator(".join-code")).to_have_text(seeded["display_code"])
    # The console lists who is present.
    for name in ("Ans", "Bram", "Cem"):
        expect(console.locator("#participant-list")).to_contain_text(name, timeout=LIVE_TIMEOUT)

    texts = {
        ans: "Te weinig bankjes op het plein",
        bram: "Hangjongeren bij de supermarkt",
        cem: "Losliggende stoeptegels Middenweg",
    }
    for page, text in texts.items():
        add_postit(page, text)
    for text in texts.values():
        for page in everyone:
            expect_postit_once(page, text)
    assert sorted(texts_in_snapshot(snapshot(console, seeded["id"]))) == sorted(texts.values())

    # The timer, started on the console, shows the same remaining time on every screen.
    timer_action(console, "Start")
    for page in everyone:
        expect(page.locator("#now-timer")).not_to_have_class(
            re.compile(r"live-timer--idle"), timeout=LIVE_TIMEOUT
        )
    first_item = snapshot(console, seeded["id"])["agenda"][0]
    for _round in range(3):
        shown = read_timers(everyone)
        assert all(s is not None for s in shown), shown
        assert max(shown) - min(shown) <= 1, f"timers differ: {shown}"
        assert 0 < max(shown) <= first_item["duration_minutes"] * 60, shown
        time.sleep(0.7)
    # Paused: every screen freezes on the same value.
    timer_action(console, "Pause")
    for page in everyone:
        expect(page.locator("#now-timer")).to_have_class(
            re.compile(r"live-timer--paused"), timeout=LIVE_TIMEOUT
        )
    shown = read_timers(everyone)
    assert max(shown) - min(shown) <= 1, f"paused timers differ: {shown}"


def test_offline_participant_keeps_two_postits_and_each_arrives_exactly_once(
    new_context, server, seeded, allow_console
):
    allow_console(*NETWORK_NOISE)
    _fac, console, screen = facilitator_pages(new_context, server, seeded)
    ans, bram, cem = join_three(new_context, seeded)
    everyone = [console, screen, ans, bram, cem]
    add_postit(ans, "Voor het offline gaan")
    for page in everyone:
        expect_postit_once(page, "Voor het offline gaan")

    cem.context.set_offline(True)
    expect(cem.locator("#live-root")).to_have_attribute(
        "data-status", "offline", timeout=LIVE_TIMEOUT
    )
    offline_texts = ["Offline geschreven een", "Offline geschreven twee"]
    for text in offline_texts:
        add_postit(cem, text)
    for text in offline_texts:
        cards = postit_cards(cem, text)
        expect(cards).to_have_count(1)
        expect(cards.first).to_have_class(re.compile(r"\bpostit--pending\b"))
    expect(cem.locator("#live-status")).to_contain_text("2 inputs wait to be sent")
    # Meanwhile the others go on; nothing of Cem's arrives yet.
    add_postit(bram, "Terwijl Cem offline is")
    for page in (console, screen, ans, bram):
        expect_postit_once(page, "Terwijl Cem offline is")
    assert not set(offline_texts) & set(texts_in_snapshot(snapshot(console, seeded["id"])))

    cem.context.set_offline(False)
    wait_online(cem, timeout=30_000)
    for text in [*offline_texts, "Terwijl Cem offline is"]:
        for page in everyone:
            expect_postit_once(page, text)
    # Give a duplicate (a second send of the outbox) time to show up, then count again.
    time.sleep(2.5)
    for text in offline_texts:
        for page in everyone:
            expect(postit_cards(page, text)).to_have_count(1)
    texts = texts_in_snapshot(snapshot(console, seeded["id"]))
    assert sorted(texts) == sorted(
        ["Voor het offline gaan", "Terwijl Cem offline is", *offline_texts]
    )
    events = console.request.get(f"/sessies/{seeded['id']}/events?after=0").json()["events"]
    created = [e["data"]["text"] for e in events if e["kind"] == "postit.created"]
    assert sorted(created) == sorted(texts)
    seqs = [e["seq"] for e in events]
    assert seqs == list(range(1, len(seqs) + 1))
    expect(cem.locator("#live-status")).not_to_contain_text("wait")


def test_a_postit_whose_ack_was_lost_is_sent_again_after_a_reload_and_stored_once(
    new_context, server, seeded
):
    """The outbox survives a page reload; the server answers the repeated op id with the same seq."""
    _fac, console, _screen = facilitator_pages(new_context, server, seeded)
    ans = new_context("phone").new_page()
    join_by_code(ans, seeded["display_code"], "Ans")
    bram = new_context("desktop").new_page()
    join_by_code(bram, seeded["display_code"], "Bram")

    lose_acks = {"on": True, "lost": 0}
    sent_ops: list[str] = []

    def relay(ws):
        upstream = ws.connect_to_server()

        def from_page(message):
            frame = json.loads(message) if isinstance(message, str) else {}
            if frame.get("type") == "op" and frame.get("kind") == "postit.create":
                sent_ops.append(frame["op"])
            upstream.send(message)

        ws.on_message(from_page)

        def from_server(message):
            if (
                lose_acks["on"]
                and isinstance(message, str)
                and json.loads(message).get("type") == "ack"
            ):
                lose_acks["lost"] += 1
                return
            ws.send(message)

        upstream.on_message(from_server)

    ans.context.route_web_socket(re.compile(r"/ws/workshops/\d+/$"), relay)
    ans.reload()  # the new socket goes through the relay
    wait_online(ans)
    add_postit(ans, "Het antwoord ging verloren")
    for page in (console, bram):
        expect_postit_once(page, "Het antwoord ging verloren")
    wait_until(lambda: lose_acks["lost"] >= 1, message="the ack to be dropped")
    outbox = ans.evaluate(
        "() => Object.keys(localStorage).filter(k => localStorage.getItem(k).includes("
        "'Het antwoord ging verloren')).length"
    )
    assert outbox == 1, "the unconfirmed post-it is not kept in localStorage"

    lose_acks["on"] = False
    ans.reload()
    wait_online(ans)
    for page in (console, bram, ans):
        expect_postit_once(page, "Het antwoord ging verloren")
    wait_until(
        lambda: (
            ans.evaluate(
                "() => Object.keys(localStorage).filter(k => (localStorage.getItem(k) "
                "|| '').includes('Het antwoord ging verloren')).length"
            )
            == 0
        ),
        message="the outbox to be empty after the repeated op was acknowledged",
    )
    time.sleep(1.0)
    for page in (console, bram, ans):
        expect(postit_cards(page, "Het antwoord ging verloren")).to_have_count(1)
    assert texts_in_snapshot(snapshot(console, seeded["id"])) == ["Het antwoord ging verloren"]
    # It really was sent twice, with the same idempotency key.
    assert len(sent_ops) >= 2 and len(set(sent_ops)) == 1, sent_ops


def test_every_page_reconnects_after_a_server_restart_and_converges_without_reload(
    new_context, server, seeded, allow_console
):
    allow_console(*NETWORK_NOISE)
    _fac, console, screen = facilitator_pages(new_context, server, seeded)
    ans, bram, cem = join_three(new_context, seeded)
    everyone = [console, screen, ans, bram, cem]
    add_postit(ans, "Voor de herstart")
    for page in everyone:
        expect_postit_once(page, "Voor de herstart")
    timer_action(console, "Start")
    for page in everyone:
        expect(page.locator("#now-timer")).not_to_have_class(
            re.compile(r"live-timer--idle"), timeout=LIVE_TIMEOUT
        )
    urls = [page.url for page in everyone]
    navigations = {id(page): 0 for page in everyone}
    for page in everyone:
        page.on(
            "framenavigated",
            lambda frame, page=page: (
                frame == page.main_frame
                and navigations.__setitem__(id(page), navigations[id(page)] + 1)
            ),
        )

    server.stop()
    for page in everyone:  # every page notices that the connection is gone
        expect(page.locator("#live-root")).not_to_have_attribute(
            "data-status", "online", timeout=20_000
        )
    # Written while the server is down: kept in the outbox and sent after the reconnect.
    add_postit(bram, "Tijdens de herstart")
    server.start()

    for page in everyone:
        wait_online(page, timeout=30_000)
    add_postit(cem, "Na de herstart")
    for text in ("Voor de herstart", "Tijdens de herstart", "Na de herstart"):
        for page in everyone:
            expect_postit_once(page, text)
    assert sorted(texts_in_snapshot(snapshot(console, seeded["id"]))) == sorted(
        ["Voor de herstart", "Tijdens de herstart", "Na de herstart"]
    )
    # The timer survived the restart and still agrees everywhere.
    shown = read_timers(everyone)
    assert all(s is not None for s in shown) and max(shown) - min(shown) <= 1, shown
    assert [page.url for page in everyone] == urls
    assert all(count == 0 for count in navigations.values()), "a page reloaded or navigated"


def test_removed_participant_sees_the_message_and_can_no_longer_add_postits(
    new_context, server, seeded
):
    _fac, console, screen = facilitator_pages(new_context, server, seeded)
    ans, bram, cem = join_three(new_context, seeded)
    add_postit(bram, "Bram was hier")
    expect_postit_once(console, "Bram was hier")

    console.once("dialog", lambda dialog: dialog.accept())
    # (Chromium computes "Remove : Bram": the visually hidden span is absolutely positioned.)
    console.get_by_role("button", name=re.compile(r"^Remove\s*:\s*Bram$")).click()
    removed = "The facilitator removed you from this session."
    expect(bram.locator("#live-notice")).to_be_visible(timeout=LIVE_TIMEOUT)
    expect(bram.locator("#live-notice")).to_contain_text(removed)
    expect(bram.get_by_role("button", name="Add post-it")).to_be_disabled()
    expect(console.locator("#participant-list")).not_to_contain_text("Bram", timeout=LIVE_TIMEOUT)
    expect(console.locator("#participant-list")).to_contain_text("Ans")
    before = snapshot(console, seeded["id"])
    assert [p["display_name"] for p in before["participants"]] == ["Ans", "Cem"]

    # Forcing the form does not send anything either.
    bram.evaluate("""() => {
        const t = document.getElementById('postit-text');
        t.disabled = false; t.value = 'Toch nog een post-it';
        document.getElementById('postit-form').requestSubmit();
    }""")
    # The session is no longer his: the events endpoint refuses, a reload leads back to joining.
    assert bram.request.get(f"/sessies/{seeded['id']}/events").status == 403
    bram.reload()
    expect(bram).to_have_url(re.compile(r"/meedoen/$"))
    expect(bram.get_by_label("Session code")).to_be_visible()
    add_postit(ans, "Ans gaat door")
    expect_postit_once(console, "Ans gaat door")
    after = snapshot(console, seeded["id"])
    assert "Toch nog een post-it" not in texts_in_snapshot(after)
    assert after["head"] == before["head"] + 1  # only Ans's post-it
    # The others stay online.
    wait_online(ans)
    wait_online(cem)


XSS = "<img src=x onerror=window.__xss=1>"


def test_long_and_html_input_is_limited_or_refused_and_shown_literally(
    new_context, server, seeded, allow_console
):
    allow_console(r"Failed to load resource: the server responded with a status of 400")
    _fac, console, screen = facilitator_pages(new_context, server, seeded)
    ans = new_context("desktop").new_page()
    join_by_code(ans, seeded["display_code"], "Ans")

    # A 5,000-character name: the field stops at its limit; forced past it, the form refuses.
    evil = new_context("phone").new_page()
    evil.goto("/meedoen/")
    evil.get_by_label("Session code").fill(seeded["display_code"])
    evil.get_by_role("main").get_by_role("button", name="Next").click()
    name_field = evil.get_by_label("Your name")
    name_field.fill("n" * 5000)
    assert len(name_field.input_value()) == int(name_field.get_attribute("maxlength")) == 60
    evil.evaluate("""() => {
        const f = document.querySelector('input[name=display_name]');
        f.removeAttribute('maxlength'); f.value = 'n'.repeat(5000);
    }""")
    evil.get_by_role("main").get_by_role("button", name="Join", exact=True).click()
    expect(evil).to_have_url(re.compile(r"/meedoen/naam/$"))
    expect(evil.locator(".utrecht-form-field-error-message").first).to_be_visible()
    expect(evil.get_by_label("Your name")).to_have_attribute("aria-invalid", "true")
    assert [p["display_name"] for p in snapshot(console, seeded["id"])["participants"]] == ["Ans"]
    # HTML as the name is accepted as text.
    evil.get_by_label("Your name").fill(XSS)
    evil.get_by_role("main").get_by_role("button", name="Join", exact=True).click()
    expect(evil).to_have_url(re.compile(r"/sessies/\d+/meedoen/$"))
    wait_online(evil)
    everyone = [console, screen, ans, evil]

    # 5,000 characters: the field stops at its limit ...
    field = evil.get_by_label("Your post-it", exact=True)
    field.fill("x" * 5000)
    max_chars = int(field.get_attribute("maxlength"))
    assert max_chars == 280
    assert len(field.input_value()) == max_chars
    field.fill("")
    # ... and forced past it, the server refuses with a clear message and stores nothing.
    head = snapshot(console, seeded["id"])["head"]
    evil.evaluate("""() => {
        const t = document.getElementById('postit-text');
        t.removeAttribute('maxlength'); t.value = 'y'.repeat(5000);
        document.getElementById('postit-form').requestSubmit();
    }""")
    error = evil.locator("#postit-error")
    expect(error).to_be_visible(timeout=LIVE_TIMEOUT)
    expect(error).not_to_be_empty()
    expect(evil.get_by_label("Your post-it", exact=True)).to_have_attribute("aria-invalid", "true")
    snap = snapshot(console, seeded["id"])
    assert snap["head"] == head and not snap["postits"]
    for page in everyone:
        expect(page.locator(".postit")).to_have_count(0)

    # HTML and script as post-it text and as display name: shown as text, never run.
    evil.get_by_label("Your post-it", exact=True).fill("")
    add_postit(evil, XSS, why=XSS)
    for page in everyone:
        expect_postit_once(page, XSS)
        card = postit_cards(page, XSS).first
        expect(card.locator(".postit__author")).to_have_text(XSS)
        expect(card.locator(".postit__why")).to_contain_text(XSS)
    expect(console.locator("#participant-list")).to_contain_text(XSS)
    expect(evil.locator(".live-me")).to_contain_text(XSS)
    for page in everyone:
        assert page.locator("#live-root img[src='x']").count() == 0
        assert page.evaluate("() => typeof window.__xss") == "undefined"
    assert [p["display_name"] for p in snapshot(console, seeded["id"])["participants"]] == [
        "Ans",
        XSS,
    ]


def test_qr_link_leads_to_the_name_form_without_the_token_in_the_address(
    new_context, server, seeded
):
    phone = new_context("phone").new_page()
    token = seeded["join_url"].rstrip("/").rsplit("/", 1)[-1]
    phone.goto(seeded["join_url"])
    expect(phone).to_have_url(re.compile(r"/meedoen/naam/$"))
    assert token not in phone.url
    expect(phone.get_by_role("heading", level=1)).to_have_text("Who are you?")
    phone.get_by_label("Your name").fill("Dewi")
    phone.get_by_role("main").get_by_role("button", name="Join", exact=True).click()
    expect(phone).to_have_url(re.compile(rf"/sessies/{seeded['id']}/meedoen/$"))
    assert token not in phone.url
    wait_online(phone)
    add_postit(phone, "Via de QR-code")
    expect_postit_once(phone, "Via de QR-code")


def test_join_page_is_dutch_by_default(new_context, server, seeded):
    """No language cookie and a browser that asks for neither Dutch nor English: Dutch."""
    phone = new_context("phone", lang=None, locale="de-DE").new_page()
    phone.goto("/meedoen/")
    assert phone.locator("html").get_attribute("lang") == "nl"
    expect(phone.get_by_role("heading", level=1)).to_have_text("Meedoen aan een sessie")
    phone.get_by_label("Code van de sessie").fill(seeded["display_code"])
    phone.get_by_role("main").get_by_role("button", name="Volgende").click()
    expect(phone).to_have_url(re.compile(r"/meedoen/naam/$"))
    phone.get_by_label("Je naam").fill("Femke")
    phone.get_by_role("main").get_by_role("button", name="Meedoen", exact=True).click()
    expect(phone).to_have_url(re.compile(r"/sessies/\d+/meedoen/$"))
    wait_online(phone)
    expect(phone.locator("#live-status")).to_have_text(re.compile(r"\S"))
    assert phone.locator("html").get_attribute("lang") == "nl"
    # The JavaScript texts come from the Dutch catalogue too.
    assert (
        phone.evaluate("() => gettext('The facilitator removed you from this session.')")
        == "De begeleider heeft je uit deze sessie verwijderd."
    )
