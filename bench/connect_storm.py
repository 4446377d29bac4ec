"""Connect storm (issue 12): 1,000 participants of one session arrive within 5 seconds; each opens
its socket, says ``hello`` as a fresh phone does (no ``last_seq``: it needs the whole state) and
is welcomed once the snapshot has arrived. Prints how many were welcomed within 10 seconds of
the first arrival, the time from each one's arrival to its snapshot (p50/p99/max), and the same
storm against the floor of the same run: a plain ``websockets`` server that answers each hello
with a ready-made frame of the same size as our snapshot.

    .venv/bin/python bench/connect_storm.py [--people 1000] [--spread 5] [--deadline 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.common import Floor, Wijktafel, machine, percentile, use_uvloop  # noqa: E402

SNAPSHOT_PREFIX = '{"type":"snapshot"'
WAIT_SECONDS = 60  # per socket, then it counts as not welcomed


async def arrive(server, room: dict, session_key: str, delay: float, hello: str, at: dict) -> None:
    """One phone: wait ``delay``, connect, hello, read until the snapshot (or give up)."""
    from websockets.asyncio.client import connect

    await asyncio.sleep(delay)
    began = time.monotonic()
    try:
        async with asyncio.timeout(WAIT_SECONDS):
            async with connect(
                server.url(room["id"]),
                origin=server.origin(),
                additional_headers=server.headers(session_key),
                compression=None,
                max_size=2**24,
                ping_interval=None,
                open_timeout=WAIT_SECONDS,
                close_timeout=1,
            ) as ws:
                await ws.send(hello)
                async for text in ws:
                    if text.startswith(SNAPSHOT_PREFIX):
                        at["arrived"].append(began)
                        at["welcomed"].append(time.monotonic())
                        at["bytes"] = len(text)
                        break
                at["open"].append(ws)
                await at["release"].wait()  # stay connected until everyone is in
    except Exception as error:  # noqa: BLE001 (a refused or timed-out phone is a figure)
        at["failed"].append(repr(error)[:120])


async def storm(server, room: dict, *, people: int, spread: float, hello: str) -> dict:
    at = {"arrived": [], "welcomed": [], "failed": [], "open": [], "bytes": 0}
    at["release"] = asyncio.Event()
    rng = random.Random(12)
    keys = room["sessions"][:people]
    start = time.monotonic()
    tasks = [
        asyncio.create_task(arrive(server, room, key, rng.uniform(0, spread), hello, at))
        for key in keys
    ]
    while len(at["welcomed"]) + len(at["failed"]) < len(keys):
        if time.monotonic() - start > spread + WAIT_SECONDS + 5:
            break
        await asyncio.sleep(0.05)
    at["release"].set()
    await asyncio.gather(*tasks, return_exceptions=True)
    first = min(at["arrived"], default=start)
    return {
        "people": len(keys),
        "welcomed": len(at["welcomed"]),
        "failed": at["failed"],
        "within": lambda seconds: sum(1 for w in at["welcomed"] if w - first <= seconds),
        "waits": [(w - a) * 1000 for a, w in zip(at["arrived"], at["welcomed"], strict=True)],
        "last": (max(at["welcomed"], default=first) - first),
        "bytes": at["bytes"],
    }


FLOOR_HELLO = r"""
import asyncio, sys
import uvloop
from websockets.asyncio.server import serve

FRAME = '{"type":"snapshot","state":"' + "x" * max(0, int(sys.argv[2]) - 30) + '"}'

async def handler(ws):
    async for text in ws:
        if '"hello"' in text:
            await ws.send('{"type":"welcome"}')
            await ws.send(FRAME)

async def main(port):
    async with serve(handler, "127.0.0.1", port, compression=None, max_size=65536,
                     ping_interval=20, backlog=4096):
        await asyncio.Future()

uvloop.run(main(int(sys.argv[1])))
"""


class HelloFloor(Floor):
    """The floor's plain ``websockets`` server, answering hello with a frame of ``size`` bytes."""

    def __init__(self, people: int, size: int):
        super().__init__([people])
        self.size = size

    def start(self) -> None:
        import subprocess

        from bench.common import PY, ROOT, wait_for_port

        self.process = subprocess.Popen(
            [PY, "-c", FLOOR_HELLO, str(self.port), str(self.size)], cwd=ROOT
        )
        wait_for_port(self.port)


def row(name: str, result: dict, deadline: float) -> str:
    waits = result["waits"]
    return (
        f"| {name} | {result['within'](deadline)} / {result['people']} "
        f"| {result['last']:.1f} | {percentile(waits, 50):.0f} | {percentile(waits, 99):.0f} "
        f"| {max(waits, default=float('nan')):.0f} | {result['bytes'] / 1024:.0f} "
        f"| {len(result['failed'])} |"
    )


async def main_async(args) -> None:
    ours = Wijktafel([args.people])
    try:
        ours.start()
        room = ours.data["rooms"][0]
        result = await storm(
            ours, room, people=args.people, spread=args.spread, hello='{"type":"hello"}'
        )
    finally:
        ours.stop()
    floor = HelloFloor(args.people, result["bytes"] or 1024)
    try:
        floor.start()
        floor_result = await storm(
            floor,
            floor.data["rooms"][0],
            people=args.people,
            spread=args.spread,
            hello=json.dumps({"type": "hello"}),
        )
    finally:
        floor.stop()
    print(
        f"| server | welcomed within {args.deadline:.0f} s of the first arrival | last welcomed "
        "after s | arrival to snapshot p50 ms | p99 ms | max ms | snapshot KiB | failed |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(row("Wijktafel", result, args.deadline))
    print(row("floor (plain websockets)", floor_result, args.deadline))
    for failure in sorted(set(result["failed"]))[:5]:
        print(f"- ours failed: {failure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--spread", type=float, default=5.0, help="seconds the arrivals span")
    parser.add_argument("--deadline", type=float, default=10.0)
    args = parser.parse_args()
    use_uvloop()
    print(machine())
    print(
        f"{args.people} participants of one session arrive within {args.spread:.0f} s "
        "(uniformly, seeded), each says hello without last_seq and waits for the snapshot."
    )
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
