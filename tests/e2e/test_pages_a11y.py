"""axe-core (WCAG 2.0/2.1/2.2 A and AA) on every page of the live-session issue, desktop and phone.

The live pages are checked with content on them (participants, a post-it, a running timer),
and the forms also with their error messages shown.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    LIVE_TIMEOUT,
    add_postit,
    axe_check,
    expect_postit_once,
    login,
    timer_action,
    wait_online,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

# A form posted with an error answers 400 (or 403/404 for a refused code); Chromium logs
# that status as a console error, which is right, not an app fault.
HTTP_ERROR_STATUS = r"Failed to load resource: the server responded with a status of 4\d\d"


@pytest.mark.parametrize("kind", ["desktop", "phone"])
def test_no_axe_violations_on_any_page(kind, new_context, server, seeded, allow_console):
    allow_console(HTTP_ERROR_STATUS)
    checked = []

    def check(page, label):
        axe_check(page, label=f"{label} [{kind}]")
        if kind == "phone":  # works on a 360-pixel-wide phone: nothing sticks out sideways
            overflow = page.evaluate("""() => {
                const width = document.documentElement.clientWidth;
                return [...document.querySelectorAll('body *')]
                    .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
                    .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                        + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''));
            }""")
            scroll = page.evaluate("() => document.documentElement.scrollWidth")
            assert scroll <= 360 and not overflow, (
                f"{label}: wider than the phone ({scroll}px): {overflow}"
            )
        checked.append(label)

    # Anonymous visitor: landing, login (also with an error), join by code (also with an error).
    visitor = new_context(kind).new_page()
    visitor.goto("/")
    check(visitor, "landing")
    visitor.goto("/inloggen/")
    check(visitor, "login")
    visitor.get_by_label("E-mail address").fill("nobody@example.nl")
    visitor.get_by_label("Password", exact=True).fill("wrong-password")
    visitor.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(
        visitor.locator(".utrecht-form-field-error-message, .utrecht-alert").first
    ).to_be_visible()
    check(visitor, "login with error")
    visitor.goto("/meedoen/")
    check(visitor, "join (code)")
    visitor.get_by_label("Session code").fill("ZZZZ-ZZZZ")
    visitor.get_by_role("main").get_by_role("button", name="Next").click()
    expect(visitor.get_by_text("We do not know this code.")).to_be_visible()
    check(visitor, "join (wrong code)")
    visitor.get_by_label("Session code").fill(seeded["display_code"])
    visitor.get_by_role("main").get_by_role("button", name="Next").click()
    expect(visitor).to_have_url(re.compile(r"/meedoen/naam/$"))
    check(visitor, "join name")
    visitor.get_by_role("main").get_by_role("button", name="Join", exact=True).click()
    expect(visitor.locator(".utrecht-form-field-error-message").first).to_be_visible()
    check(visitor, "join name (empty name)")
    visitor.get_by_label("Your name").fill("Ans")
    visitor.get_by_label("Organisation (optional)").fill("Buurthuis")
    visitor.get_by_role("main").get_by_role("button", name="Join", exact=True).click()
    expect(visitor).to_have_url(re.compile(r"/sessies/\d+/meedoen/$"))
    wait_online(visitor)

    # Facilitator: dashboard, create form (also with an error), console, big screen, end page.
    fac = new_context(kind).new_page()
    login(fac, server.info["email"], server.info["password"])
    check(fac, "dashboard")
    fac.goto("/sessies/nieuw/")
    check(fac, "create form")
    fac.get_by_label("Title").fill("")
    fac.get_by_role("main").get_by_role("button").last.click()
    expect(
        fac.locator(".utrecht-form-field-error-message, .utrecht-alert--error").first
    ).to_be_visible()
    check(fac, "create form with error")

    fac.goto(f"/sessies/{seeded['id']}/")
    wait_online(fac)
    timer_action(fac, "Start")
    # The first item asks no post-its: the phone folds its form ("Write a post-it anyway").
    expect(visitor.locator("#postit-reveal")).to_be_visible(timeout=LIVE_TIMEOUT)
    add_postit(visitor, "Een post-it voor axe", why="Omdat het kan")
    expect_postit_once(fac, "Een post-it voor axe")
    expect(fac.locator("#participant-list")).to_contain_text("Ans")
    check(fac, "console")
    expect_postit_once(visitor, "Een post-it voor axe")
    check(visitor, "participant view")
    # The participant's form with its error shown.
    visitor.get_by_role("button", name="Add post-it").click()
    expect(visitor.locator("#postit-error")).to_be_visible()
    check(visitor, "participant view with error")

    fac.goto(f"/sessies/{seeded['id']}/scherm/")
    wait_online(fac)
    expect_postit_once(fac, "Een post-it voor axe")
    check(fac, "big screen")
    fac.goto(f"/sessies/{seeded['id']}/afsluiten/")
    check(fac, "end session confirmation")

    # Appraisals (Afwegen in de Wijk): list, start form (also with an error), overview, change form.
    fac.goto("/afwegingen/")
    check(fac, "appraisal list")
    fac.goto("/afwegingen/nieuw/")
    check(fac, "appraisal start form")
    fac.locator("#appraisal-form button[type=submit]").click()
    expect(fac.locator("#id_title_error")).to_be_visible()
    check(fac, "appraisal start form with error")
    fac.get_by_label("Title").fill("Afweging voor axe")
    fac.locator("#appraisal-form button[type=submit]").click()
    expect(fac).to_have_url(re.compile(r"/afwegingen/\d+/$"))
    check(fac, "appraisal overview")
    fac.locator("#appraisal-edit").click()
    expect(fac.locator("#appraisal-form")).to_be_visible()
    check(fac, "appraisal change form")

    # Background work: the outbox with a mail (and its page), the jobs with a scheduled reminder.
    server.manage("shell", "--no-imports", "-c", BACKGROUND_WORK % (server.info["email"], kind))
    fac.goto("/postvak-uit/")
    check(fac, "outbox")
    fac.locator("#outbox-table a").first.click()
    expect(fac.locator("#message-attachments")).to_contain_text("agenda.txt")
    check(fac, "outbox message")
    fac.goto("/taken/")
    expect(fac.locator("#job-table")).to_contain_text("Herinnering werksessie")
    check(fac, "jobs")
    assert len(checked) == 23


# A mail with an attachment in the facilitator's outbox and a reminder for tomorrow, made the
# app's way (the outbox mail backend, jobs.services.schedule) in the server's database.
BACKGROUND_WORK = """
import datetime as dt
from django.utils import timezone
from wijktafel.accounts.models import User
from wijktafel.jobs import mail, services
user = User.objects.get(email=%r)
kind = %r
data = {"message_id": mail.message_id("a11y-" + kind), "to": ["ans@example.nl"],
    "subject": "Uitnodiging werksessie " + kind, "body": "Beste Ans, tot morgen.",
    "attachments": [mail.encode_attachment("agenda.txt", b"Agenda", "text/plain")],
    "organisation_id": user.organisation_id, "caused_by_id": user.pk}
mail.OutboxBackend(alias="a11y").send_messages([mail.build_message(data)])
services.schedule("mail.reminder", timezone.now() + dt.timedelta(days=1),
    {"to": ["ans@example.nl"], "subject": "Herinnering werksessie", "body": "Morgen."},
    started_by=user)
"""


def test_axe_check_itself_reports_a_violation(new_context, server):
    """The harness is not vacuous: an image without alt text on a real page fails the check."""
    page = new_context("desktop").new_page()
    page.goto("/meedoen/")
    axe_check(page, label="join before the break")
    page.evaluate("""() => {
        const img = document.createElement('img');
        img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
        img.width = 10; img.height = 10;
        document.querySelector('main').append(img);
    }""")
    with pytest.raises(AssertionError, match=r"image-alt"):
        axe_check(page, label="join with a broken image")
