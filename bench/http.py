"""HTTP benchmark: the session page, the events endpoint and the API under 50 concurrent
keep-alive connections (requests/s, p50, p99), against our server with production settings,
and the floor of the same run: a minimal Django sync page with one query on the same database,
Python and uvicorn (``bench/floor_django.py``), with each endpoint's rate as a share of it.

    .venv/bin/python bench/http.py [--connections 50] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

# Run as a script: put the repository, not bench/, first on the path (bench/http.py would
# otherwise hide the standard library's http package).
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import subprocess  # noqa: E402

from bench.common import (  # noqa: E402
    HOST,
    PY,
    ROOT,
    Wijktafel,
    free_port,
    machine,
    percentile,
    use_uvloop,
    wait_for_port,
)


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {
        k.strip().lower(): v.strip()
        for k, _, v in (line.partition(":") for line in lines[1:] if line)
    }
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        for _ in range(100000):
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def hammer(port: int, request: bytes, seconds: float, connections: int):
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + seconds

    async def one():
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            for _ in range(10**6):
                if time.monotonic() >= deadline:
                    break
                started = time.perf_counter()
                writer.write(request)
                status = await read_response(reader)
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    began = time.monotonic()
    await asyncio.gather(*(one() for _ in range(connections)))
    return len(latencies) / (time.monotonic() - began), latencies, statuses


def request(path: str, headers: dict) -> bytes:
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {HOST}",
        "X-Forwarded-Proto: https",
        "Accept-Language: nl",
        *(f"{k}: {v}" for k, v in headers.items()),
        "",
        "",
    ]
    return "\r\n".join(lines).encode()


async def run(args):
    server = Wijktafel([25])
    room = server.data["rooms"][0]
    cookie = {"Cookie": f"{server.data['cookie']}={room['sessions'][0]}"}
    targets = {
        "session page (participant)": request(f"/sessies/{room['id']}/meedoen/", cookie),
        "events endpoint (after head - 10)": request(
            f"/sessies/{room['id']}/events?after={room['head'] - 10}", cookie
        ),
        "API workshop state (Bearer token)": request(
            f"/api/v1/workshops/{room['id']}/state",
            {"Authorization": f"Bearer {room['tokens'][0]}"},
        ),
    }
    rows = []
    floor_port = free_port()
    floor = subprocess.Popen(
        [
            PY,
            "-m",
            "uvicorn",
            "bench.floor_django:application",
            "--host",
            HOST,
            "--port",
            str(floor_port),
            "--no-access-log",
            "--log-level",
            "warning",
            "--lifespan",
            "off",
        ],
        env=server.env,
        cwd=ROOT,
    )
    try:
        wait_for_port(floor_port)
        server.start()
        plan = [("floor: minimal Django page, one query", floor_port, request("/floor/", {}))]
        plan += [(name, server.port, raw) for name, raw in targets.items()]
        for name, port, raw in plan:
            await hammer(port, raw, 2, 5)  # warm-up
            rate, latencies, statuses = await hammer(port, raw, args.seconds, args.connections)
            ms = [x * 1000 for x in latencies]
            rows.append((name, rate, percentile(ms, 50), percentile(ms, 99), statuses))
    finally:
        server.stop()
        floor.terminate()
        floor.wait(10)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    use_uvloop()
    print(machine())
    rows = asyncio.run(run(args))
    print(
        f"| endpoint ({args.connections} connections, {args.seconds:.0f} s) | requests/s "
        "| × floor | p50 ms | p99 ms | status codes |"
    )
    print("|---|---|---|---|---|---|")
    floor_rate = rows[0][1]
    for name, rate, p50, p99, statuses in rows:
        print(
            f"| {name} | {rate:.0f} | {rate / floor_rate:.2f} | {p50:.1f} | {p99:.1f} "
            f"| {statuses} |"
        )


if __name__ == "__main__":
    main()
