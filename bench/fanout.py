"""Fan-out benchmark: time from an input being committed to every participant having it.

Runs our server (uvicorn, production settings, temporary SQLite database) and the floor (a
minimal broadcast server written with plain ``websockets``) side by side and drives the same
scenario against both from one asyncio process (uvloop):

- one session of 25, one of 200 and one of 1,000 participants: a random participant adds a
  post-it, the next one follows once everyone has the previous one (or after 5 s);
- 40 sessions of 25 (1,000 sockets): every session gets 2 inputs per second for 15 s at once
  (``--rate`` changes the 2).

"Every other participant" leaves out the sender (it gets its ``ack`` first, then its own event;
a missing own copy still counts as lost). "Committed" is the moment after commit when the hub is handed the event (logged by
bench/probe_asgi.py); for the floor it is the moment it broadcasts. Reported: p50/p95/p99 of the
time until the last socket of the room had the event, deliveries lost, server RSS per connected
idle participant (after a warm-up), our p99 divided by the floor's, and for us also the p99
from the event's ``at`` (inside the transaction, so including the commit and its fsync) and of
the sender's acknowledgement.

    .venv/bin/python bench/fanout.py            # the full run (about 4 minutes)
    .venv/bin/python bench/fanout.py --quick    # a smoke run with small sizes
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

import contextlib

from bench.common import (
    Floor,
    Stats,
    Wijktafel,
    connect_room,
    machine,
    percentile,
    rss_kib,
    use_uvloop,
)  # noqa: E402


def summarise(stats: Stats, rooms: list[dict], sent: int, commits: dict) -> dict:
    latencies = [
        (stats.last[key] - commits.get(key, made)) * 1000 for key, made in stats.made.items()
    ]
    with_commit = [(stats.last[key] - made) * 1000 for key, made in stats.made.items()]
    expected = sum(stats.expect[r["id"]] for r in rooms) // len(rooms)
    lost = sum(stats.expect[key[0]] - count for key, count in stats.count.items())
    lost += (sent - len(stats.made)) * expected  # inputs whose event no other socket got
    lost += sum(1 for key in stats.made if stats.own.get(key, 0) < 1)  # the sender's own copy
    return {
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "events": len(stats.made),
        "lost": lost,
        "ack_p99": percentile([a * 1000 for a in stats.acks], 99),
        "errors": len(stats.errors),
        "change_p99": percentile(with_commit, 99),
    }


async def scenario(
    server, rooms: list[dict], *, rounds: int, rate: float | None, seconds: float, warmup: int
) -> dict:
    stats = Stats()
    before = rss_kib(server.process.pid)
    people_by_room = {}
    for room in rooms:
        stats.expect[room["id"]] = len(room["sessions"]) - 1  # every other participant
        people_by_room[room["id"]] = await connect_room(server, room, stats)
    await asyncio.sleep(3)  # idle: heartbeats and keepalives only
    sockets = sum(len(p) for p in people_by_room.values())
    per_participant = (rss_kib(server.process.pid) - before) / sockets
    for room in rooms:  # warm-up inputs, not counted
        for n in range(warmup):
            stats.complete.clear()
            await random.choice(people_by_room[room["id"]]).send_op(f"Opwarmen {n}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stats.complete.wait(), 5)
    await asyncio.sleep(0.5)
    warm = Stats()
    warm.expect = stats.expect
    for people in people_by_room.values():
        for person in people:
            person.stats = warm
            person.pending_ops.clear()
    sent = 0
    if rate is None:  # one input at a time
        people = people_by_room[rooms[0]["id"]]
        for n in range(rounds):
            warm.complete.clear()
            await random.choice(people).send_op(f"Idee {n}: meer bankjes in het park")
            sent += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(warm.complete.wait(), 5)
            await asyncio.sleep(0.02)
    else:  # every room at `rate` inputs per second, all at once

        async def room_load(people):
            nonlocal sent
            await asyncio.sleep(random.random() / rate)
            for n in range(int(seconds * rate)):
                await random.choice(people).send_op(f"Idee {n}: meer bankjes in het park")
                sent += 1
                await asyncio.sleep(1 / rate)

        await asyncio.gather(*(room_load(p) for p in people_by_room.values()))
    for _ in range(1200):  # every input acknowledged and delivered (bounded: 60 s)
        if (
            len(warm.acks) >= sent
            and len(warm.made) >= sent
            and all(c == warm.expect[k[0]] for k, c in warm.count.items())
        ):
            break
        await asyncio.sleep(0.05)
    result = summarise(warm, rooms, sent, server.commits())
    result["rss_kib"] = per_participant
    result["sockets"] = sockets
    for people in people_by_room.values():
        await asyncio.gather(*(p.close() for p in people))
    await asyncio.sleep(1)
    return result


SCENARIOS = {
    # name: (room sizes, rounds, rate per room, seconds)
    "1 x 25": ([25], 200, None, 0),
    "1 x 200": ([200], 100, None, 0),
    "1 x 1000": ([1000], 60, None, 0),
    "40 x 25": ([25] * 40, 0, 2.0, 15),
}
QUICK = {
    "1 x 25": ([25], 20, None, 0),
    "1 x 100": ([100], 10, None, 0),
    "5 x 25": ([25] * 5, 0, 2.0, 3),
}


async def run(scenarios: dict) -> list[tuple[str, dict, dict]]:
    sizes = [10] + [n for spec in scenarios.values() for n in spec[0]]  # first: a warm-up room
    ours, floor = Wijktafel(sizes), Floor(sizes)
    results = []
    try:
        ours.start()
        floor.start()
        for server in (floor, ours):  # imports, caches and code paths warm before measuring
            await scenario(
                server, server.data["rooms"][:1], rounds=5, rate=None, seconds=0, warmup=2
            )
        index = 1
        for name, (room_sizes, rounds, rate, seconds) in scenarios.items():
            picks = slice(index, index + len(room_sizes))
            index += len(room_sizes)
            kwargs = {"rounds": rounds, "rate": rate, "seconds": seconds, "warmup": 5}
            print(f"running {name} ...", flush=True)
            base = await scenario(floor, floor.data["rooms"][picks], **kwargs)
            mine = await scenario(ours, ours.data["rooms"][picks], **kwargs)
            results.append((name, mine, base))
    finally:
        ours.stop()
        floor.stop()
    return results


def table(results) -> str:
    lines = [
        "| scenario | ours p50 / p95 / p99 ms | floor p50 / p95 / p99 ms | p99 ratio | lost (ours / floor) "
        "| RSS per idle participant KiB (ours / floor) | events | ours: ack p99; change to all p99 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, mine, base in results:
        ratio = mine["p99"] / base["p99"] if base["p99"] else float("nan")
        lines.append(
            f"| {name} | {mine['p50']:.1f} / {mine['p95']:.1f} / {mine['p99']:.1f} "
            f"| {base['p50']:.1f} / {base['p95']:.1f} / {base['p99']:.1f} | {ratio:.2f}x "
            f"| {mine['lost']} / {base['lost']} | {mine['rss_kib']:.0f} / {base['rss_kib']:.0f} "
            f"| {mine['events']} / {base['events']} | {mine['ack_p99']:.1f}; {mine['change_p99']:.1f} |"
        )
        if mine["errors"] or base["errors"]:
            lines.append(f"|   errors | {mine['errors']} | {base['errors']} | | | | | |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument(
        "--rate",
        type=float,
        default=2.0,
        help="inputs per second per session in the 40 x 25 scenario",
    )
    args = parser.parse_args()
    SCENARIOS["40 x 25"] = ([25] * 40, 0, args.rate, 15)
    use_uvloop()
    print(machine(), flush=True)
    started = time.monotonic()
    results = asyncio.run(run(QUICK if args.quick else SCENARIOS))
    print(table(results))
    print(f"(took {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
