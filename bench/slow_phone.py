"""A slow phone joins a session and posts its first post-it (issue 11).

Chromium (Debian's, through Playwright) as a 360x740 touch phone with 4x CPU throttling and the
"Slow 3G" network profile of Puppeteer's PredefinedNetworkConditions (2,000 ms latency, 50,000
bytes/s down and up), with an empty cache: it opens /meedoen/, types the join code, types a name,
waits for the live page to be online, writes a post-it and waits until the server has stored it
("Je post-it hangt op de muur."). Prints each stage and the total per run; the target is a first
post-it within 30 seconds. Our server runs as in bench/common.py (uvicorn, a fresh SQLite file),
with its static files hashed and compressed as production serves them
(WIJKTAFEL_STATIC_AS_PRODUCTION) but otherwise without the production switch, so that the browser
can use plain http on 127.0.0.1.

    .venv/bin/python bench/slow_phone.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.common import HOST, PY, Wijktafel, machine  # noqa: E402

SLOW_3G = {
    "offline": False,
    "latency": 2000,
    "downloadThroughput": 50_000,
    "uploadThroughput": 50_000,
}
CPU_SLOWDOWN = 4
TARGET_S = 30
SETUP = (
    f"{PY} manage.py migrate --noinput -v 0 && {PY} manage.py collectstatic --noinput -v 0 && "
    f"{PY} manage.py e2e_seed --workshops=1 --template=wijksessie"
)


def one_run(browser, base: str, code: str, run: int) -> dict[str, float]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        locale="nl-NL",
        base_url=base,
    )
    context.set_default_timeout(60_000)
    context.set_default_navigation_timeout(60_000)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    marks: dict[str, float] = {}
    start = time.monotonic()
    page.goto("/meedoen/")
    marks["join page"] = time.monotonic() - start
    page.locator("#id_code").fill(code)
    page.locator("#id_code").press("Enter")
    page.locator("#id_display_name").wait_for()
    marks["name page"] = time.monotonic() - start
    page.locator("#id_display_name").fill(f"Trage telefoon {run}")
    page.locator("#id_display_name").press("Enter")
    page.locator("#live-root[data-status='online']").wait_for(state="attached")
    marks["live and online"] = time.monotonic() - start
    page.locator("#postit-text").fill("Te weinig bankjes op het plein")
    page.locator("#postit-form button[type=submit]").click()
    page.locator("#postit-feedback", has_text="op de muur").wait_for()
    marks["post-it stored"] = time.monotonic() - start
    context.close()
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=3, help="how many phones, one after another (1-10)"
    )
    runs = max(1, min(10, parser.parse_args().runs))
    print(f"Machine: {machine()}")
    print(
        f"Phone: Chromium 360x740 touch, CPU {CPU_SLOWDOWN}x slower, network Slow 3G "
        f"({SLOW_3G['latency']} ms, {SLOW_3G['downloadThroughput']} B/s down and up), empty cache"
    )
    os.environ["WIJKTAFEL_STATIC_AS_PRODUCTION"] = "1"  # the server's environment is made from ours
    server = Wijktafel(setup=["bash", "-c", SETUP])
    totals = []
    try:
        server.start_plain()
        base = f"http://{HOST}:{server.port}"
        code = server.data["workshops"][0]["code"]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for run in range(1, runs + 1):
                marks = one_run(browser, base, code, run)
                stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in marks.items())
                print(f"run {run}: {stages}")
                totals.append(marks["post-it stored"])
            browser.close()
    finally:
        server.stop()
    verdict = "within" if max(totals) <= TARGET_S else "OVER"
    print(
        f"First post-it stored after {statistics.median(totals):.1f} s (median of {runs}), "
        f"slowest {max(totals):.1f} s: {verdict} the {TARGET_S} s target"
    )


if __name__ == "__main__":
    main()
