"""Small steps the journeys share: log in, join, write a post-it, read the live pages, axe."""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LIVE_TIMEOUT = 15_000  # ms; "within a second" is the goal, the margin is for a busy 2-core CI box

_axe_source: list[str] = []


def axe_source() -> str:
    if not _axe_source:
        _axe_source.append(AXE_PATH.read_text())
    return _axe_source[0]


def axe_check(page: Page, *, label: str = "") -> None:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA) in the page; fail listing rule, help and targets."""
    # A page just reached by a form post may not have its stylesheets yet: judge the styled page.
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluate() is not subject to the page's CSP, unlike add_script_tag with a strict policy.
        page.evaluate(axe_source() + "\n;undefined")
    # Judge the settled page: let running CSS transitions/animations (hover, focus) finish.
    page.evaluate("""() => Promise.race([
        Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),
        new Promise(resolve => setTimeout(resolve, 2000)),
    ])""")
    violations = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                          summary: n.failureSummary || ''}))}));
        }""",
        AXE_TAGS,
    )
    if violations:
        size = page.viewport_size or {}
        lines = [
            f"axe: {len(violations)} violation(s) on {label or page.url} "
            f"({size.get('width')}x{size.get('height')}):"
        ]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"][:6]:
                summary = " | ".join(
                    s.strip() for s in node["summary"].splitlines()[1:3] if s.strip()
                )
                lines.append(f"    {node['target']}  {node['html']!r}  {summary}")
        try:  # keep evidence for a failure that does not show up again
            shot = Path(tempfile.mkdtemp(prefix="wijktafel-axe-")) / "page.png"
            page.screenshot(path=str(shot), full_page=True)
            shot.with_suffix(".html").write_text(page.content())
            lines.append(f"screenshot and HTML: {shot.parent}")
        except Exception:  # noqa: BLE001 - the violations are the message that matters
            pass
        raise AssertionError("\n".join(lines))


def skew_clock(context, ms: int) -> None:
    """Make this context's clock (Date, Date.now) run ``ms`` ahead of the real one; timers stay real."""
    context.add_init_script(f"""(() => {{
        const skew = {int(ms)};
        const RealDate = Date;
        class SkewedDate extends RealDate {{
            constructor(...args) {{ if (args.length === 0) super(RealDate.now() + skew); else super(...args); }}
            static now() {{ return RealDate.now() + skew; }}
        }}
        window.Date = SkewedDate;
    }})();""")


# --- facilitator ----------------------------------------------------------------------------


def login(page: Page, email: str, password: str) -> None:
    page.goto("/inloggen/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/sessies/$"))


def open_console(page: Page, workshop_id: int) -> None:
    page.goto(f"/sessies/{workshop_id}/")
    wait_online(page)


def open_screen(page: Page, workshop_id: int) -> None:
    page.goto(f"/sessies/{workshop_id}/scherm/")
    wait_online(page)


def timer_action(page: Page, name: str) -> None:
    button = page.get_by_role("group", name="Timer").get_by_role("button", name=name, exact=True)
    expect(button).to_be_enabled(timeout=LIVE_TIMEOUT)
    button.click()


# --- participant ----------------------------------------------------------------------------


def join_by_code(page: Page, code: str, name: str, organisation: str | None = None) -> int:
    """Type the code on the join page, then the name; returns the workshop id of the phone view."""
    page.goto("/meedoen/")
    page.get_by_label("Session code").fill(code)
    page.get_by_role("main").get_by_role("button", name="Next").click()
    expect(page).to_have_url(re.compile(r"/meedoen/naam/$"))
    page.get_by_label("Your name").fill(name)
    if organisation:
        page.get_by_label("Organisation (optional)").fill(organisation)
    page.get_by_role("main").get_by_role("button", name="Join", exact=True).click()
    expect(page).to_have_url(re.compile(r"/sessies/\d+/meedoen/$"))
    wait_online(page)
    return int(re.search(r"/sessies/(\d+)/meedoen/", page.url).group(1))


def add_postit(page: Page, text: str, why: str | None = None) -> None:
    """Write a post-it on a phone; while the agenda asks no post-its the form is folded behind
    "Write a post-it anyway" (board-postit-form.js), which a person taps first."""
    field, anyway = page.get_by_label("Your post-it", exact=True), page.locator("#postit-reveal")
    expect(field.or_(anyway).filter(visible=True).first).to_be_visible()
    if anyway.is_visible():
        anyway.click()
    field.fill(text)
    if why:
        page.get_by_label("Why is this a problem? (optional)").fill(why)
    page.get_by_role("button", name="Add post-it").click()


# --- reading the live pages -------------------------------------------------------------------


def wait_online(page: Page, timeout: float = LIVE_TIMEOUT) -> None:
    expect(page.locator("#live-root")).to_have_attribute("data-status", "online", timeout=timeout)


def postit_cards(page: Page, text: str):
    """Post-it cards (on the wall or in the parking lot) whose text is exactly ``text``."""
    return page.locator("#live-root .postit").filter(
        has=page.locator(".postit__text", has_text=re.compile("^" + re.escape(text) + "$"))
    )


def expect_postit_once(
    page: Page, text: str, *, confirmed: bool = True, timeout: float = LIVE_TIMEOUT
) -> None:
    cards = postit_cards(page, text)
    expect(cards).to_have_count(1, timeout=timeout)
    if confirmed:
        expect(cards.first).not_to_have_class(re.compile(r"\bpostit--pending\b"), timeout=timeout)


def snapshot(page: Page, workshop_id: int) -> dict:
    """A fresh server snapshot through the events endpoint, with the page's session."""
    response = page.request.get(f"/sessies/{workshop_id}/events")
    assert response.status == 200, (response.status, response.text()[:300])
    return response.json()["snapshot"]


def texts_in_snapshot(snap: dict) -> list[str]:
    return [p["text"] for p in snap["postits"]]


def timer_seconds(page: Page) -> int | None:
    """The countdown shown (mm:ss, maybe with a minus sign) in seconds; None when not running."""
    value = page.locator("#now-timer-value").inner_text().strip()
    match = re.fullmatch(r"([+−-])?(?:(\d+):)?(\d{1,2}):(\d{2})", value)
    if not match:
        return None
    sign, hours, minutes, seconds = match.groups()
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return -total if sign else total


def read_timers(pages: list[Page]) -> list[int | None]:
    """Read every page's countdown as close together in time as possible."""
    return [timer_seconds(p) for p in pages]


def wait_until(
    predicate, *, timeout: float = 15.0, interval: float = 0.2, message: str = "condition"
):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {message}; last value {last!r}")
