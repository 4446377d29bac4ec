"""Browser journeys: a real uvicorn server process and real Chromium (no network).

The server runs in another process on its own temporary SQLite file, so these tests do
not use pytest-django's test database; they read state through the events endpoint with
a logged-in browser session.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
STARTUP_SECONDS = 40
STOP_SECONDS = 10


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """uvicorn serving config.asgi on 127.0.0.1:<port> with a temporary SQLite database."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db_path = workdir / "e2e.sqlite3"
        self.log_path = workdir / "server.log"
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self.env = {
            **os.environ,
            "WIJKTAFEL_SQLITE_PATH": str(self.db_path),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WIJKTAFEL_SITE_URL": self.url,
            "WIJKTAFEL_HEARTBEAT_SECONDS": "2",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONUNBUFFERED": "1",
        }
        for name in ("DATABASE_URL", "REDIS_URL", "WIJKTAFEL_PRODUCTION", "DJANGO_DEBUG"):
            self.env.pop(name, None)

    # --- database --------------------------------------------------------------------------
    def manage(self, *args: str, timeout: float = 120) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def seed(self, workshops: int = 1, template: str = "afwegen-1", title: str = "E2E werksessie") -> dict:
        out = self.manage("e2e_seed", f"--workshops={workshops}", f"--template={template}",
                          f"--title={title}")
        return json.loads(out.strip().splitlines()[-1])

    # --- process ---------------------------------------------------------------------------
    def start(self) -> None:
        assert self.process is None or self.process.poll() is not None, "server already running"
        self.starts += 1
        log = open(self.log_path, "a")  # noqa: SIM115 - handed to the child process
        log.write(f"\n===== start #{self.starts} =====\n")
        log.flush()
        self.process = subprocess.Popen(
            [PYTHON, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
             "--port", str(self.port), "--lifespan", "off", "--timeout-graceful-shutdown", "5",
             "--no-access-log"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/inloggen/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not answer within {STARTUP_SECONDS} s:\n{self.log_tail()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_SECONDS)

    def restart(self) -> None:
        self.stop()
        self.start()

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


@pytest.fixture(scope="session")
def live_server_proc():
    workdir = Path(tempfile.mkdtemp(prefix="wijktafel-e2e-"))
    server = LiveServer(workdir)
    try:
        server.manage("migrate", "--noinput", timeout=300)
        server.info = server.seed(workshops=1)  # type: ignore[attr-defined]
        first = server.info["workshops"][0]  # type: ignore[attr-defined]
        print(f"\n[e2e] server {server.url} db {server.db_path}")
        print(f"[e2e] workshop #{first['id']} code {first['display_code']} join {first['join_url']}")
        server.start()
        yield server
    finally:
        server.stop()
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

CSP_INIT = """
(() => {
  window.__csp = window.__csp || [];
  document.addEventListener('securitypolicyviolation', (e) => {
    const entry = {directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
                   line: e.lineNumber, sample: e.sample, page: location.href};
    window.__csp.push(entry);
    try { window.__e2eReportCsp(entry); } catch (err) { /* binding not ready */ }
  });
})();
"""

# Chromium logs these itself when a connection breaks on purpose (offline, restart); they are
# not app errors. Tests that break connections opt in with `allow_console(...)`.
NETWORK_NOISE = [
    r"WebSocket connection to 'ws://127\.0\.0\.1:\d+/ws/workshops/\d+/' failed",
    r"Failed to load resource: net::ERR_INTERNET_DISCONNECTED",
    r"Failed to load resource: net::ERR_CONNECTION_REFUSED",
    r"Failed to load resource: net::ERR_CONNECTION_RESET",
    r"Failed to load resource: net::ERR_EMPTY_RESPONSE",
]


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
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--no-first-run", "--disable-sync"],
    )
    yield browser
    browser.close()


class BrowserProblems:
    """Console errors, page errors and CSP violations of every page a test opened."""

    def __init__(self):
        self.console: list[str] = []
        self.page_errors: list[str] = []
        self.csp: list[dict] = []
        self.allowed: list[re.Pattern] = []

    def allow(self, *patterns: str) -> None:
        self.allowed.extend(re.compile(p) for p in patterns)

    def unexpected_console(self) -> list[str]:
        return [m for m in self.console if not any(p.search(m) for p in self.allowed)]


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
        context = browser.new_context(base_url=server.url, locale=locale,
                                      timezone_id="Europe/Amsterdam", **base)
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
            page.on("console", lambda msg: browser_problems.console.append(
                f"[{label}] {page.url} {msg.text}") if msg.type == "error" else None)
            page.on("pageerror", lambda exc: browser_problems.page_errors.append(
                f"[{label}] {page.url} {exc}"))

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
        problems.append("CSP violations:\n  " + "\n  ".join(json.dumps(v) for v in browser_problems.csp))
    assert not problems, "\n".join(problems)
