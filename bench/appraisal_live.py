"""Appraisal live benchmark: how fast a change of one group reaches the other group and the big
screen (issue 4: "within a second").

Prepares one appraisal through the services in a temporary SQLite database (bench/common.py's
environment; the database, the server and the page clients are in bench/appraisal_world.py),
then:

1. **Sockets.** Our server (uvicorn, production settings). Work session I with two groups of
   four participants (8 participant sockets), the facilitator's console and the big screen (two
   sockets with the facilitator's session cookie, as the two pages open them). A member of group
   1 sends, one at a time, ``postit.create``, ``core_problem.update`` (group 1's core problem,
   with its version) and ``ranking.set`` (group 1, alternating orders of 8 solutions, with the
   version), each op after the previous one reached every socket (or after 5 s). Measured per
   op: from just before the frame is sent to the event frame's arrival at the last of group 2's
   four sockets and the screen's socket ("other group + screen"), and at the screen alone.
   Lost: every event that one of the 10 sockets (the sender's own copy included) did not get.
   **1b.** The same again while the facilitator downloads the report and the cards PDF over
   HTTP, one after the other (``--downloads``, 6 by default; the export limit is 10 an hour):
   what a document made in the request costs the live ops of the same process.
2. **Browser** (``--no-browser`` to leave it out). The same database, our server restarted
   without ``WIJKTAFEL_PRODUCTION`` (production redirects plain HTTP to HTTPS and sets
   ``__Host-`` cookies, which a loopback browser cannot use; the live path is the same code).
   Real Chromium (Playwright, /usr/bin/chromium, headless): work session II at step 6, the big
   screen (facilitator) and a group-2 phone (360 px) open. A group-1 member's websocket sends
   ``ranking.set`` with a new order; measured: from just before the send to the moment the
   "rankings side by side" column of group 1 (``#a58-side [data-group-id]``) shows the new order
   in each page's DOM. A ``MutationObserver`` in the page records ``performance.timeOrigin +
   performance.now()`` whenever that order changes; the send time is Python's ``time.time()``.
   Both read the machine's wall clock; the offset between them is estimated by evaluating the
   page clock between two Python clock readings (the round trip bounds the error) and
   subtracted; the run prints it.

Prints the machine line and Markdown tables; exits 1 when a p99 is 1 s or more, or something
was lost. Loopback only; every loop is bounded in count and time; servers and browser are
stopped at the end.

    .venv/bin/python bench/appraisal_live.py              # about 1-2 minutes
    .venv/bin/python bench/appraisal_live.py --quick      # a smoke run
    .venv/bin/python bench/appraisal_live.py --no-browser
    .venv/bin/python bench/appraisal_live.py --no-browser --wall 4300 --ops 1500 --seconds 150 \
        --pace 0.1 --downloads 2                                    # the large appraisal's report
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import sys
import time
from pathlib import Path

# Run as a script: put the repository, not bench/, first on the path (bench/http.py would
# otherwise hide the standard library's http package).
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.appraisal_world import Server, Sock, download
from bench.common import machine, percentile, use_uvloop

TARGET_MS = 1000.0
CHROMIUM = "/usr/bin/chromium"
KINDS = {
    "postit.create": "postit.created",
    "core_problem.update": "core_problem.updated",
    "ranking.set": "ranking.changed",
}


# --- 1. Sockets -------------------------------------------------------------------------------


async def download_loop(server: Server, count: int, stop: asyncio.Event) -> list[float]:
    """Download the report and the cards PDF one after the other, ``count`` times at most (the
    export limit is 10 an hour) or until ``stop``; the durations in s."""
    appraisal = server.data["appraisal"]
    paths = [f"/afwegingen/{appraisal}/rapport.pdf", f"/afwegingen/{appraisal}/kaarten.pdf"]
    durations = []
    for n in range(count):
        if stop.is_set():
            break
        seconds, _size = await asyncio.to_thread(download, server, paths[n % 2])
        durations.append(seconds)
    return durations


async def socket_run(
    server: Server, *, ops: int, seconds: float, warmup: int, downloads: int = 0, pace: float = 0
) -> dict:
    data, one = server.data, server.data["one"]
    url = server.url(one["id"])
    cookie = data["cookie"]
    people = [Sock(f"p{i}", cookie, key) for i, key in enumerate(one["sessions"])]
    console = Sock("console", cookie, data["facilitator_session"])
    screen = Sock("screen", cookie, data["facilitator_session"])
    everyone = [*people, console, screen]
    for sock in everyone:
        await sock.connect(url, server.origin(), one["head"])
    sender, group_two = people[0], people[4:]
    watched = [*group_two, screen]
    g1 = one["groups"][0]
    versions = {"core_problem": one["core_problem_version"], "ranking": one.get("ranking_version")}
    orders = [list(data["solutions"]), list(reversed(data["solutions"]))]
    results: dict[str, dict[str, list[float]]] = {
        k: {"other group + screen": [], "other group (last of 4)": [], "big screen": []}
        for k in KINDS
    }
    lost, wrong, sent, timed_out = 0, 0, 0, 0
    plan = list(KINDS)
    stop = asyncio.Event()
    downloading = asyncio.create_task(download_loop(server, downloads, stop)) if downloads else None
    deadline = time.monotonic() + seconds
    last_sent = 0.0
    for n in range(warmup + ops):
        if time.monotonic() > deadline:
            break
        kind = plan[n % len(plan)]
        if kind == "postit.create":
            payload = {"text": f"Idee {n}: meer bankjes in het park"}
        elif kind == "core_problem.update":
            payload = {
                "core_problem_id": one["core_problem"],
                "version": versions["core_problem"],
                "fields": {"formulation": f"Afval naast de containers (versie {n})"},
            }
        else:
            payload = {
                "group_id": g1,
                "ordered_solution_ids": orders[n % 2],
                "version": versions["ranking"],
            }
        if pace:  # a phone's pace: within the socket's frame limit (20 a second)
            await asyncio.sleep(max(0.0, pace - (time.monotonic() - last_sent)))
            last_sent = time.monotonic()
        op, started = await sender.send_op(kind, payload)
        seq = None
        limit = time.monotonic() + 5
        while time.monotonic() < limit:  # bounded: 5 s per op
            seq = sender.acks.get(op)
            if seq is not None and all(seq in s.arrived for s in everyone):
                break
            if sender.refusals:
                raise RuntimeError(f"{kind} refused: {sender.refusals[-1]}")
            sender.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(sender.changed.wait(), 0.05)
        else:
            timed_out += 1
        if seq is None:
            lost += len(everyone)
            continue
        own = sender.arrived.get(seq)
        if own is not None:
            event = own[2]
            if kind == "core_problem.update":
                versions["core_problem"] = event["core_problem"]["version"]
            elif kind == "ranking.set":
                versions["ranking"] = event["ranking"]["version"]
        lost += sum(1 for s in everyone if seq not in s.arrived)
        wrong += sum(1 for s in everyone if seq in s.arrived and s.arrived[seq][1] != KINDS[kind])
        if n >= warmup:
            sent += 1
            times = [s.arrived[seq][0] for s in watched if seq in s.arrived]
            if len(times) == len(watched):
                results[kind]["other group + screen"].append((max(times) - started) * 1000)
                results[kind]["other group (last of 4)"].append((max(times[:-1]) - started) * 1000)
                results[kind]["big screen"].append((times[-1] - started) * 1000)
        await asyncio.sleep(0.02)
    stop.set()
    documents = await downloading if downloading else []
    # A later run goes on from here (the versions it must send, the log it has seen).
    one["core_problem_version"], one["ranking_version"] = (
        versions["core_problem"],
        versions["ranking"],
    )
    one["head"] = max([one["head"], *sender.arrived])
    refusals = sum(len(s.refusals) for s in everyone)
    for sock in everyone:
        await sock.close()
    return {
        "results": results,
        "lost": lost,
        "wrong": wrong,
        "sent": sent,
        "timed_out": timed_out,
        "refusals": refusals,
        "documents": documents,
    }


# --- 2. Browser -------------------------------------------------------------------------------

OBSERVE = """(groupId) => {
  window.__benchOrders = [];
  const read = () => Array.from(document.querySelectorAll(
      `#a58-side [data-group-id='${groupId}'] li`)).map((li) => li.dataset.solutionId).join(",");
  let last = read();
  new MutationObserver(() => {
    const now = read();
    if (now !== last) {
      last = now;
      window.__benchOrders.push({order: now, at: performance.timeOrigin + performance.now()});
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true,
                             attributes: true});
  return last;
}"""


async def clock_offset(page) -> tuple[float, float]:
    """Page clock minus Python clock in ms (median of 9), and the widest round trip."""
    offsets, trips = [], []
    for _ in range(9):
        before = time.time() * 1000
        page_now = await page.evaluate("() => performance.timeOrigin + performance.now()")
        after = time.time() * 1000
        offsets.append(page_now - (before + after) / 2)
        trips.append(after - before)
    return statistics.median(offsets), max(trips)


async def browser_run(server: Server, *, changes: int, seconds: float) -> dict:
    from playwright.async_api import async_playwright

    data, two = server.data, server.data["two"]
    wid, (h1, _h2) = two["id"], two["groups"]
    base = server.origin()
    results: dict[str, list[float]] = {"screen": [], "group 2 phone": []}
    missed = 0
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
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
        try:
            pages = {}
            for name, session_key, path, options in (
                (
                    "screen",
                    data["facilitator_session"],
                    f"/sessies/{wid}/scherm/",
                    {"viewport": {"width": 1280, "height": 800}},
                ),
                (
                    "group 2 phone",
                    two["sessions"][2],
                    f"/sessies/{wid}/meedoen/",
                    {
                        "viewport": {"width": 360, "height": 740},
                        "is_mobile": True,
                        "has_touch": True,
                    },
                ),
            ):
                context = await browser.new_context(base_url=base, **options)
                # The plain (non-production) server's cookie name.
                await context.add_cookies(
                    [{"name": "sessionid", "value": session_key, "url": base}]
                )

                async def loopback_only(route):
                    if route.request.url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:")):
                        await route.continue_()
                    else:
                        await route.fulfill(status=204, body="")

                await context.route("**/*", loopback_only)
                page = await context.new_page()
                await page.goto(path)
                await page.wait_for_selector("#live-root[data-status='online']", timeout=30_000)
                await page.wait_for_selector("#appraisal-panel[data-step='6']", timeout=30_000)
                await page.wait_for_selector("#a58-side", timeout=30_000)
                await page.evaluate(OBSERVE, h1)
                pages[name] = page
            offsets = {name: await clock_offset(page) for name, page in pages.items()}
            sender = Sock("q0", "sessionid", two["sessions"][0])
            await sender.connect(server.url(wid), base, None)
            version = None
            previous = None
            deadline = time.monotonic() + seconds
            rng = random.Random(4)
            for n in range(changes + 2):  # the first two warm the pages up, not counted
                if time.monotonic() > deadline:
                    break
                order = list(data["solutions"])
                while order == previous:
                    rng.shuffle(order)
                previous = order
                want = ",".join(map(str, order))
                op, started = await sender.send_op(
                    "ranking.set",
                    {"group_id": h1, "ordered_solution_ids": order, "version": version},
                )
                sent_ms = started * 1000
                for name, page in pages.items():
                    try:
                        at = await page.wait_for_function(
                            """([want, after]) => {
                                 const hit = window.__benchOrders.find(
                                     (o) => o.order === want && o.at >= after);
                                 return hit ? hit.at : null;
                               }""",
                            arg=[want, sent_ms + offsets[name][0] - 50],
                            timeout=10_000,
                            polling="raf",
                        )
                        shown = await at.json_value()
                    except Exception:  # noqa: BLE001 - not shown within 10 s
                        missed += 1
                        continue
                    if n >= 2:
                        results[name].append(shown - offsets[name][0] - sent_ms)
                limit = time.monotonic() + 5
                while op not in sender.acks and time.monotonic() < limit:
                    await asyncio.sleep(0.01)
                seq = sender.acks.get(op)
                if seq is None or sender.refusals:
                    raise RuntimeError(f"ranking.set not acknowledged: {sender.refusals[-1:]}")
                for _ in range(100):  # its own event carries the new version (bounded: 1 s)
                    if seq in sender.arrived:
                        break
                    await asyncio.sleep(0.01)
                version = sender.arrived[seq][2]["ranking"]["version"]
                await asyncio.sleep(0.1)
            await sender.close()
        finally:
            await browser.close()
    return {"results": results, "missed": missed, "offsets": offsets}


# --- Report -----------------------------------------------------------------------------------


def row(label: str, values: list[float]) -> str:
    if not values:
        return f"| {label} | 0 | – | – | – | – |"
    return (
        f"| {label} | {len(values)} | {percentile(values, 50):.1f} "
        f"| {percentile(values, 95):.1f} | {percentile(values, 99):.1f} | {max(values):.1f} |"
    )


async def run(args) -> int:
    print(f"Machine: {machine()}", flush=True)
    server = Server(wall=args.wall)
    worst = 0.0
    failed = False
    try:
        server.start()
        print(
            f"\n1. Sockets: work session I, 2 groups of 4 + console + big screen; one op at a "
            f"time, {args.ops} ops (after {args.warmup} warm-up ops).\n",
            flush=True,
        )
        sockets = await socket_run(
            server, ops=args.ops, seconds=args.seconds, warmup=args.warmup, pace=args.pace
        )
        print(
            "Time from sending the op to the event frame at the last of group 2's four sockets "
            "and the big screen's socket, at group 2 alone and at the big screen alone, in ms:\n"
        )
        print("| op | to | n | p50 | p95 | p99 | max |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for kind, per in sockets["results"].items():
            for to, values in per.items():
                print(row(f"`{kind}` | {to}", values))
            for values in per.values():
                if values:
                    worst = max(worst, percentile(values, 99))
        print(
            f"\n{sockets['sent']} ops measured; lost deliveries (of 10 sockets each, the "
            f"sender's own copy included): {sockets['lost']}; events of another kind: "
            f"{sockets['wrong']}; ops not complete within 5 s: {sockets['timed_out']}; "
            f"refused or errors: {sockets['refusals']}.",
            flush=True,
        )
        failed |= bool(sockets["lost"] or sockets["wrong"] or sockets["refusals"])
        if args.downloads:
            print(
                f"\n1b. The same while the facilitator downloads the report and the cards PDF, "
                f"one after the other ({args.downloads} at most), {args.ops} ops.\n",
                flush=True,
            )
            busy = await socket_run(
                server,
                ops=args.ops,
                seconds=args.seconds,
                warmup=0,
                downloads=args.downloads,
                pace=args.pace,
            )
            print("| op | to | n | p50 | p95 | p99 | max |")
            print("|---|---|---:|---:|---:|---:|---:|")
            for kind, per in busy["results"].items():
                print(row(f"`{kind}` | other group + screen", per["other group + screen"]))
                if per["other group + screen"]:
                    worst = max(worst, percentile(per["other group + screen"], 99))
            print(
                f"\n{busy['sent']} ops measured; lost: {busy['lost']}; ops not complete within "
                f"5 s: {busy['timed_out']}; refused or errors: {busy['refusals']}; documents "
                f"downloaded meanwhile: {len(busy['documents'])}, "
                + ", ".join(f"{d:.2f}" for d in busy["documents"])
                + " s.",
                flush=True,
            )
            failed |= bool(
                busy["lost"] or busy["wrong"] or busy["refusals"] or not busy["documents"]
            )
        server.stop_process()
        if args.browser:
            server.start_plain()
            print(
                f"\n2. Browser: work session II at step 6 in headless Chromium; a group-1 "
                f"member's socket sends {args.changes} new orders (after 2 warm-up orders).\n",
                flush=True,
            )
            browser = await browser_run(server, changes=args.changes, seconds=args.browser_seconds)
            print(
                "Time from sending `ranking.set` to the new order of group 1 in the page's DOM "
                '("rankings side by side"), in ms:\n'
            )
            print("| page | n | p50 | p95 | p99 | max |")
            print("|---|---:|---:|---:|---:|---:|")
            for name, values in browser["results"].items():
                print(row(name, values))
                if values:
                    worst = max(worst, percentile(values, 99))
            print(
                "\nPage clock minus Python clock (subtracted), widest round trip of the "
                "estimate: "
                + "; ".join(
                    f"{name} {off:+.1f} ms (±{trip / 2:.1f} ms)"
                    for name, (off, trip) in browser["offsets"].items()
                )
                + f". Orders not shown within 10 s: {browser['missed']}."
            )
            failed |= bool(browser["missed"])
    finally:
        server.stop_process()
        server.dir.cleanup()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    verdict = "within" if worst < TARGET_MS else "OVER"
    print(
        f"\nWorst p99: {worst:.1f} ms, {verdict} the {TARGET_MS:.0f} ms target "
        f"(load average after the run {load})."
    )
    return 1 if failed or worst >= TARGET_MS else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops", type=int, default=210, help="socket ops measured (default 210)")
    parser.add_argument("--warmup", type=int, default=9, help="socket ops not counted")
    parser.add_argument("--seconds", type=float, default=60, help="time limit of the socket part")
    parser.add_argument("--changes", type=int, default=30, help="orders the browser part measures")
    parser.add_argument(
        "--browser-seconds", type=float, default=90, help="time limit of the browser part"
    )
    parser.add_argument(
        "--browser",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run the browser part (default: on)",
    )
    parser.add_argument(
        "--downloads",
        type=int,
        default=6,
        help="documents downloaded during a second socket run (0: no such run)",
    )
    parser.add_argument(
        "--pace",
        type=float,
        default=0,
        help="at least this many seconds between ops (0.1 for long runs: the frame limit)",
    )
    parser.add_argument(
        "--wall",
        type=int,
        default=0,
        help="more post-its on session I's wall, for a large appraisal (4300, plus what run 1 adds: near the document limit of 5,000 items)",
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: 30 ops, 5 orders")
    args = parser.parse_args()
    if args.quick:
        args.ops, args.warmup, args.changes = 30, 3, 5
    use_uvloop()
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
