"""Capacity benchmark: sessions of 25 are added until the p99 acknowledgement passes one second.

Our server (uvicorn, production settings, temporary SQLite database) gets STEP more sessions of
25 connected participants at a time; then every session gets RATE inputs per second (a post-it
from a random participant) for WINDOW seconds while all sockets stay connected (heartbeats
included). The acknowledgement is the time from sending an op to its ``ack`` (committed). The
knee is the number of connected participants at the last step whose p99 stayed within 1 s.

    .venv/bin/python bench/capacity.py                  # 1 input/s per session, steps of 10
    .venv/bin/python bench/capacity.py --rate 2 --max-sessions 120
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

# Run as a script: put the repository, not bench/, first on the path (bench/http.py would
# otherwise hide the standard library's http package).
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.common import Stats, Wijktafel, connect_room, machine, percentile, rss_kib, use_uvloop  # noqa: E402


async def load(sessions: list[list], stats: Stats, rate: float, seconds: float) -> int:
    sent = 0

    async def one(people):
        nonlocal sent
        await asyncio.sleep(random.random() / rate)
        for n in range(int(seconds * rate)):
            await random.choice(people).send_op(f"Idee {n}: een zebrapad bij de school")
            sent += 1
            await asyncio.sleep(1 / rate)

    await asyncio.gather(*(one(p) for p in sessions))
    return sent


async def run(args) -> list[dict]:
    server = Wijktafel([25] * args.max_sessions)
    rows = []
    try:
        server.start()
        connected: list[list] = []
        rooms = server.data["rooms"]
        for start in range(0, args.max_sessions, args.step):
            step_rooms = rooms[start : start + args.step]
            stats = Stats()
            for room in step_rooms:
                stats.expect[room["id"]] = 24
                connected.append(await connect_room(server, room, stats))
            await asyncio.sleep(2)
            window = Stats()
            for people in connected:
                for person in people:
                    person.stats = window
                    person.pending_ops.clear()
                    window.expect[person.room["id"]] = 24  # the others
            sent = await load(connected, window, args.rate, args.window)
            for _ in range(60):  # the last acks (bounded: 3 s)
                if len(window.acks) >= sent:
                    break
                await asyncio.sleep(0.05)
            acks = [a * 1000 for a in window.acks]
            fan = [(window.last[k] - m) * 1000 for k, m in window.made.items()]
            row = {
                "participants": 25 * len(connected),
                "sessions": len(connected),
                "sent": sent,
                "acked": len(acks),
                "ack_p50": percentile(acks, 50),
                "ack_p99": percentile(acks, 99),
                "fan_p99": percentile(fan, 99),
                "rss_mib": rss_kib(server.process.pid) / 1024,
                "errors": len(window.errors),
            }
            rows.append(row)
            print(
                "| {participants} | {sessions} | {sent} / {acked} | {ack_p50:.0f} | {ack_p99:.0f} | "
                "{fan_p99:.0f} | {rss_mib:.0f} | {errors} |".format(**row),
                flush=True,
            )
            if row["ack_p99"] > 1000 or row["acked"] < sent:
                break
        for people in connected:
            await asyncio.gather(*(p.close() for p in people))
    finally:
        server.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=1.0, help="inputs per second per session")
    parser.add_argument("--step", type=int, default=10, help="sessions added per step")
    parser.add_argument("--window", type=float, default=10.0, help="seconds of load per step")
    parser.add_argument("--max-sessions", type=int, default=160)
    args = parser.parse_args()
    use_uvloop()
    print(machine())
    print(
        f"{args.rate} inputs/s per session of 25, +{args.step} sessions per step, "
        f"{args.window:.0f} s per step"
    )
    print(
        "| participants | sessions | inputs sent / acked | ack p50 ms | ack p99 ms "
        "| change-to-all p99 ms | server RSS MiB | errors |"
    )
    print("|---|---|---|---|---|---|---|---|")
    started = time.monotonic()
    rows = asyncio.run(run(args))
    good = [r for r in rows if r["ack_p99"] <= 1000 and r["acked"] >= r["sent"]]
    knee = good[-1]["participants"] if good else 0
    more = "" if len(good) < len(rows) else f" (not reached up to {rows[-1]['participants']})"
    print(
        f"knee: {knee} participants on this machine{more}; took {time.monotonic() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
