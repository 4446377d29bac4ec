"""HTTP benchmark: the session page, the events endpoint and the API under 50 concurrent
keep-alive connections (requests/s, p50, p99), against our server with production settings,
and the floor of the same run: a minimal Django sync page with one query on the same database,
Python and uvicorn (``bench/floor_django.py``), with each endpoint's rate as a share of it.

    .venv/bin/python bench/http.py [--connections 50] [--seconds 10] [--postgres [--workers 2]]
"""

from __future__ import annotations

import argparse
import re
import secrets
import shutil
import sys
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
    wait_for_port,
)

WRK = shutil.which("wrk")


def hammer(port: int, path: str, headers: dict, seconds: float, connections: int) -> dict:
    """``wrk`` (Debian's, installed by scripts/setup.sh) against one path: a load generator in C,
    so the Python under test gets the CPU, as in the issue's measurement."""
    command = [WRK, "-t", "2", "-c", str(connections), "-d", f"{seconds:.0f}s", "--latency"]
    for name, value in {"X-Forwarded-Proto": "https", "Accept-Language": "nl", **headers}.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*command, f"http://{HOST}:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "not_2xx": int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1]),
        "errors": (re.search(r"Socket errors: (.*)", out) or ["", "none"])[1],
    }


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run(args):
    if not args.postgres:
        return measure(
            Wijktafel([25]), workers=1, seconds=args.seconds, connections=args.connections
        )
    from tests.support.scale import create_database, drop_database, services_env

    services = services_env()
    database = create_database(services["DATABASE_URL"], prefix="wijktafel_bench_http")
    try:
        server = Wijktafel(
            [25], services={**services, "DATABASE_URL": database}, workers=args.workers
        )
        return measure(
            server, workers=args.workers, seconds=args.seconds, connections=args.connections
        )
    finally:
        drop_database(services["DATABASE_URL"], database)


def measure(server: Wijktafel, *, workers: int, seconds: float, connections: int):
    """Our pages and the floor, one after the other, both with ``workers`` processes."""
    room = server.data["rooms"][0]
    # As a phone that has the page open sends them: its session and the CSRF cookie the first
    # page set (without it every request would make and set a new CSRF secret).
    cookie = {
        "Cookie": f"{server.data['cookie']}={room['sessions'][0]}; "
        f"__Host-csrftoken={secrets.token_hex(16)}"
    }
    targets = {
        "session page (participant)": (f"/sessies/{room['id']}/meedoen/", cookie),
        "events endpoint (after head - 10)": (
            f"/sessies/{room['id']}/events?after={room['head'] - 10}",
            cookie,
        ),
        "API workshop state (Bearer token)": (
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
            "--workers",
            str(workers),
        ],
        env=server.env,
        cwd=ROOT,
    )
    try:
        wait_for_port(floor_port)
        server.start()
        plan = [("floor: minimal Django page, one query", floor_port, "/floor/", {})]
        plan += [(name, server.port, path, headers) for name, (path, headers) in targets.items()]
        for name, port, path, headers in plan:
            hammer(port, path, headers, 2, 5)  # warm-up
            rows.append((name, hammer(port, path, headers, seconds, connections)))
    finally:
        server.stop()
        floor.terminate()
        floor.wait(10)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="PostgreSQL and Redis of scripts/services.sh (a fresh database) instead of SQLite",
    )
    parser.add_argument("--workers", type=int, default=2, help="processes with --postgres")
    args = parser.parse_args()
    if WRK is None:
        sys.exit("wrk is missing: run scripts/setup.sh (it installs Debian's wrk)")
    print(machine())
    print(
        f"PostgreSQL and Redis, {args.workers} worker processes (ours and the floor)"
        if args.postgres
        else "SQLite, one process (ours and the floor)"
    )
    rows = run(args)
    print(
        f"| endpoint ({args.connections} connections, {args.seconds:.0f} s) | requests/s "
        "| × floor | p50 ms | p99 ms | requests (not 2xx) | socket errors |"
    )
    print("|---|---|---|---|---|---|---|")
    floor_rate = rows[0][1]["rate"]
    for name, r in rows:
        print(
            f"| {name} | {r['rate']:.0f} | {r['rate'] / floor_rate:.2f} | {r['p50']:.1f} "
            f"| {r['p99']:.1f} | {r['requests']} ({r['not_2xx']}) | {r['errors']} |"
        )


if __name__ == "__main__":
    main()
