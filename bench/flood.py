"""One participant floods its session with catch-ups; does another session notice?

Issue 12's attack: with only the join code, three sockets of one participant send ``hello``
17 times a second each, and every ``hello`` used to cost a full snapshot of a session with a
large wall (about 1 MB here). Meanwhile a participant of *another* session adds post-its, and
we time each op from send to ack. The same ops run once without the flood ("quiet") and once
during it ("flood"), in one run against one server; the table gives p50/p99/max of both, their
ratio, and what the flood got: bytes received, snapshots, ``slow_down`` refusals, closes and
refused reconnects (``wsguard.CatchUpBudget``: two snapshots and 5 MB a minute per browser
session). The flooders run in a process of their own, as from another machine, so that reading
their snapshots does not delay the loop that times the other session.

    .venv/bin/python bench/flood.py [--seconds 15] [--rate 10] [--wall 3000]

Loopback only; every loop is bounded by count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # not bench/ (its http.py)

from bench.common import PY, Participant, Stats, Wijktafel, machine, percentile, use_uvloop  # noqa: E402

FLOODERS = 3
HELLOS_PER_SECOND = 17


class Flooder:
    """One socket of the flooding participant: sends hello (last_seq null) at a fixed rate and
    reconnects when closed, counting what it gets."""

    def __init__(self, url: str, origin: str, headers: dict):
        self.url, self.origin, self.headers = url, origin, headers
        self.bytes = self.snapshots = self.refusals = self.closes = self.refused_connects = 0

    async def run(self, seconds: float) -> None:
        from websockets.asyncio.client import connect

        deadline = time.monotonic() + seconds
        for _attempt in range(10_000):  # bounded; the deadline ends it first
            if time.monotonic() >= deadline:
                return
            try:
                async with connect(
                    self.url,
                    origin=self.origin,
                    additional_headers=self.headers,
                    compression=None,
                    max_size=2**24,
                    ping_interval=None,
                    open_timeout=10,
                    close_timeout=1,
                ) as ws:
                    reader = asyncio.create_task(self._read(ws))
                    try:
                        while time.monotonic() < deadline and not reader.done():
                            await ws.send(json.dumps({"type": "hello", "last_seq": None}))
                            await asyncio.sleep(1 / HELLOS_PER_SECOND)
                    except Exception:
                        pass
                    finally:
                        reader.cancel()
                        with contextlib.suppress(BaseException):
                            await reader
            except Exception:
                self.refused_connects += 1
            await asyncio.sleep(0.2)

    async def _read(self, ws) -> None:
        try:
            async for text in ws:
                self.bytes += len(text)
                kind = json.loads(text).get("type")
                if kind == "snapshot":
                    self.snapshots += 1
                elif kind == "error" and '"slow_down"' in text:
                    self.refusals += 1
        except Exception:
            pass
        self.closes += 1


@dataclass
class Counts:
    bytes: int
    snapshots: int
    refusals: int
    closes: int
    refused_connects: int


async def run_flooders(plan: dict) -> None:
    """The flooders' process: runs them for the plan's seconds, prints their counts as JSON."""
    flooders = [Flooder(plan["url"], plan["origin"], headers) for headers in plan["headers"]]
    await asyncio.gather(*(f.run(plan["seconds"]) for f in flooders))
    counts = [{name: getattr(f, name) for name in Counts.__dataclass_fields__} for f in flooders]
    print(json.dumps(counts))


async def timed_ops(sender: Participant, stats: Stats, count: int, rate: float) -> list[float]:
    stats.acks.clear()
    for n in range(count):
        await sender.send_op(f"Stoep {n}")
        await asyncio.sleep(1 / rate)
    for _ in range(100):  # wait for the last acks, at most 10 s
        if len(stats.acks) >= count:
            break
        await asyncio.sleep(0.1)
    return [a * 1000 for a in stats.acks]


def row(name: str, values: list[float], count: int) -> str:
    return (
        f"| {name} | {len(values)}/{count} | {percentile(values, 50):.1f} | "
        f"{percentile(values, 99):.1f} | {max(values, default=float('nan')):.1f} |"
    )


async def main(args) -> int:
    use_uvloop()
    count = int(args.seconds * args.rate)
    print(f"Machine: {machine()}")
    print("Preparing the database ...", flush=True)
    server = Wijktafel(
        setup=[PY, "-m", "bench._setup_db", f"{FLOODERS},5", f"0:{args.wall}"],
    )
    flood_room, other_room = server.data["rooms"]
    server.start()
    stats = Stats()
    try:
        # The other session: one sender and four listeners, all welcomed.
        people = [Participant(server, other_room, key, stats) for key in other_room["sessions"]]
        for person in people:
            await person.connect()
            await asyncio.wait_for(person.welcomed.wait(), 30)
        sender = people[0]
        await timed_ops(sender, stats, 20, args.rate)  # warm-up
        quiet = await timed_ops(sender, stats, count, args.rate)

        # The flood comes from another process, as from another machine: reading its 1 MB
        # snapshots must not hold up the loop that times the other session's acks.
        plan = {
            "url": server.url(flood_room["id"]),
            "origin": server.origin(),
            "headers": [server.headers(key) for key in flood_room["sessions"][:FLOODERS]],
            "seconds": args.seconds + 3,
        }
        flood = subprocess.Popen(
            [PY, __file__, "--flooders", json.dumps(plan)], stdout=subprocess.PIPE, text=True
        )
        await asyncio.sleep(1)  # the flood is on
        flooded = await timed_ops(sender, stats, count, args.rate)
        out, _ = await asyncio.to_thread(flood.communicate, timeout=args.seconds + 60)
        flooders = [Counts(**counts) for counts in json.loads(out.splitlines()[-1])]
        for person in people:
            await person.close()
    finally:
        server.stop()

    print()
    print(f"Ops of another session, ms from send to ack ({args.rate:g}/s for {args.seconds:g} s):")
    print()
    print("| run | acked | p50 | p99 | max |")
    print("|---|---|---|---|---|")
    print(row("quiet", quiet, count))
    print(row(f"flood ({FLOODERS} sockets × {HELLOS_PER_SECOND} hello/s)", flooded, count))
    ratio = percentile(flooded, 99) / percentile(quiet, 99)
    print()
    print(f"p99 flood / quiet: {ratio:.2f} (target ≤ 1.2)")
    print()
    sent = sum(f.bytes for f in flooders)
    print("| flooder | MB received | snapshots | slow_down | closes | refused reconnects |")
    print("|---|---|---|---|---|---|")
    for n, f in enumerate(flooders, 1):
        print(
            f"| {n} | {f.bytes / 2**20:.1f} | {f.snapshots} | {f.refusals} | {f.closes} | "
            f"{f.refused_connects} |"
        )
    print(f"\nThe flood was sent {sent / 2**20:.1f} MB in {args.seconds + 3:g} s in all.")
    lost = len(quiet) < count or len(flooded) < count
    return 1 if lost else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--flooders"]:  # the flood's own process (started by main)
        sys.exit(asyncio.run(run_flooders(json.loads(sys.argv[2]))))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rate", type=float, default=10, help="ops per second of the sender")
    parser.add_argument("--wall", type=int, default=3000, help="post-its in the flooded session")
    sys.exit(asyncio.run(main(parser.parse_args())))
