"""Browser journeys: a real uvicorn server process and real Chromium (no network).

The server runs in another process on its own temporary SQLite file, so these tests do
not use pytest-django's test database; they read state through the events endpoint with
a logged-in browser session.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support.live_server import (
    CHROMIUM,
    CSP_INIT,
    DESKTOP,
    PHONE,
    BrowserProblems,
    LiveServer,
)


@pytest.fixture(scope="session")
def live_server_proc():
    workdir = Path(tempfile.mkdtemp(prefix="wijktafel-e2e-"))
    server = LiveServer(workdir)
    try:
        server.manage("migrate", "--noinput", timeout=300)
        server.info = server.seed(workshops=1)  # type: ignore[attr-defined]
        first = server.info["workshops"][0]  # type: ignore[attr-defined]
        print(f"\n[e2e] server {server.url} db {server.db_path}")
        print(
            f"[e2e] workshop #{first['id']} code {first['display_code']} join {first['join_url']}"
        )
        server.start()
        yield server
    finally:
        server.stop()
        server.close_commands()
        log = server.log_text()
        if os.environ.get("WIJKTAFEL_E2E_KEEP"):
            print(f"[e2e] kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
        # Surface server-side crashes even when every browser assertion passed.
        if "Traceback" in log:
            print("[e2e] server log contains a traceback:\n" + log[-6000:])


@pytest.fixture
def server(live_server_proc):
    """The running server; started again if an earlier test left it stopped."""
    if live_server_proc.process is None or live_server_proc.process.poll() is not None:
        live_server_proc.start()
    return live_server_proc


@pytest.fixture
def task_worker(server):
    """The task worker beside the server, as ``make run`` starts it (documents are made there),
    for this test only; the test may stop and start it."""
    server.start_worker()
    yield server
    server.stop_worker()


@pytest.fixture
def seeded(server):
    """A fresh workshop for one test (so journeys do not see each other's post-its)."""
    return server.seed(workshops=1)["workshops"][0]


@pytest.fixture
def server_log_mark(server):
    """Offset of the server log before the test; the test fails on new tracebacks or 1011 closes."""
    start = len(server.log_text())
    yield
    new = server.log_text()[start:]
    assert "Traceback" not in new, "server logged a traceback during the test:\n" + new[-6000:]


# --- Playwright ------------------------------------------------------------------------------


# Package scope, not session: sync Playwright keeps its event loop running in this thread
# while it is started, which breaks every async test that pytest runs after the browser tests.
@pytest.fixture(scope="package")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="package")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def browser_problems():
    return BrowserProblems()


@pytest.fixture
def allow_console(browser_problems):
    """Let a test accept console errors it causes on purpose (regexes)."""
    return browser_problems.allow


@pytest.fixture
def new_context(browser, server, browser_problems, server_log_mark):
    """Factory: new_context(kind="desktop"|"phone", lang="en", locale=None, **options) -> BrowserContext.

    ``lang`` sets the ``django_language`` cookie (None: no cookie, the server picks);
    ``locale`` sets the browser's language (Accept-Language), English by default.
    """
    contexts = []

    def make(kind: str = "desktop", lang: str | None = "en", locale: str = "en-GB", **options):
        base = dict(DESKTOP if kind == "desktop" else PHONE)
        base.update(options)
        context = browser.new_context(
            base_url=server.url, locale=locale, timezone_id="Europe/Amsterdam", **base
        )
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(20_000)
        if lang:
            context.add_cookies([{"name": "django_language", "value": lang, "url": server.url}])
        label = f"{kind}#{len(contexts) + 1}"

        def report_csp(source, entry):
            browser_problems.csp.append({"context": label, **entry})

        context.expose_binding("__e2eReportCsp", report_csp)
        context.add_init_script(CSP_INIT)

        def route(route):
            url = route.request.url
            if url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:")):
                route.continue_()
            else:
                route.fulfill(status=204, body="")

        context.route("**/*", route)

        def on_page(page):
            page.on(
                "console",
                lambda msg: (
                    browser_problems.console.append(f"[{label}] {page.url} {msg.text}")
                    if msg.type == "error"
                    else None
                ),
            )
            page.on(
                "pageerror",
                lambda exc: browser_problems.page_errors.append(f"[{label}] {page.url} {exc}"),
            )

        context.on("page", on_page)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        try:
            context.close()
        except Exception:  # noqa: BLE001 - closing after a failure must not hide the failure
            pass
    problems = []
    if browser_problems.page_errors:
        problems.append("page errors:\n  " + "\n  ".join(browser_problems.page_errors))
    unexpected = browser_problems.unexpected_console()
    if unexpected:
        problems.append("console errors:\n  " + "\n  ".join(unexpected))
    if browser_problems.csp:
        problems.append(
            "CSP violations:\n  " + "\n  ".join(json.dumps(v) for v in browser_problems.csp)
        )
    assert not problems, "\n".join(problems)
