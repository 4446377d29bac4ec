"""Shared parts of the benchmarks: the machine, a prepared database, our server, the floor
server, websocket participants and percentiles. Loopback only; every loop is bounded."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
HOST = "127.0.0.1"


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    mem_kib = int(
        next(
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    )
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return (
        f"{os.cpu_count()} cores ({model}), {mem_kib / 2**20:.1f} GiB RAM, Python "
        f"{sys.version.split()[0]}, load average before the run {load}"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30) -> None:
    for _ in range(int(seconds / 0.05)):
        try:
            socket.create_connection((HOST, port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


class Wijktafel:
    """Our server: uvicorn with production settings on a temporary SQLite database."""

    def __init__(
        self,
        sizes: list[int] | None = None,
        *,
        setup: list[str] | None = None,
        services: dict | None = None,
        workers: int = 1,
    ):
        """Prepare the database with bench/_setup_db.py (rooms of ``sizes`` participants), or
        with the command ``setup``, run in the server's environment; it prints JSON last.
        ``services`` (DATABASE_URL of a fresh database, REDIS_URL): PostgreSQL and Redis instead
        of SQLite, for ``workers`` processes."""
        self.dir = tempfile.TemporaryDirectory(prefix="wijktafel-bench-")
        self.port = free_port()
        self.workers = workers
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "WIJKTAFEL_SQLITE_PATH": str(Path(self.dir.name) / "bench.sqlite3"),
            "WIJKTAFEL_PRODUCTION": "1",
            "DJANGO_SECRET_KEY": "bench-" + secrets.token_urlsafe(48),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "WIJKTAFEL_SITE_URL": f"https://{HOST}",
            "WIJKTAFEL_LOG_LEVEL": "WARNING",
            "WIJKTAFEL_BENCH_COMMIT_LOG": str(Path(self.dir.name) / "commits.log"),
        }
        for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG"):
            self.env.pop(name, None)
        self.env.update(services or {})
        command = setup or [PY, "-m", "bench._setup_db", ",".join(map(str, sizes or []))]
        out = subprocess.run(
            command, env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=900
        )
        if out.returncode:
            raise RuntimeError(out.stderr[-3000:])
        self.data = json.loads(out.stdout.strip().splitlines()[-1])
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                PY,
                "-m",
                "uvicorn",
                os.environ.get("WIJKTAFEL_BENCH_APP", "bench.probe_asgi:application"),
                "--host",
                HOST,
                "--port",
                str(self.port),
                "--ws-max-size",
                "65536",
                "--ws-ping-interval",
                "20",
                "--ws-per-message-deflate",
                "false",
                "--no-access-log",
                "--log-level",
                "warning",
                "--lifespan",
                "off",
                "--backlog",
                "4096",
                "--workers",
                str(self.workers),
            ],
            env=self.env,
            cwd=ROOT,
        )
        wait_for_port(self.port)

    def start_plain(self) -> None:
        """The same server and database without the production switch (for a browser on plain
        http://127.0.0.1, whose cookies are not secure)."""
        self.env = {**self.env, "WIJKTAFEL_SITE_URL": f"http://{HOST}:{self.port}"}
        self.env.pop("WIJKTAFEL_PRODUCTION")
        self.process = subprocess.Popen(
            [
                PY,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                HOST,
                "--port",
                str(self.port),
                "--no-access-log",
                "--log-level",
                "warning",
                "--lifespan",
                "off",
            ],
            env=self.env,
            cwd=ROOT,
        )
        wait_for_port(self.port)

    def stop_process(self) -> None:
        """Stop the server process; the database stays (for a restart on it)."""
        if self.process is not None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
            self.process = None

    def stop(self) -> None:
        self.stop_process()
        self.dir.cleanup()

    def url(self, room: int) -> str:
        return f"ws://{HOST}:{self.port}/ws/workshops/{room}/"

    def commits(self) -> dict[tuple[int, int], float]:
        """(room, seq) -> the time the committed event was handed to the hub."""
        result = {}
        path = Path(self.env["WIJKTAFEL_BENCH_COMMIT_LOG"])
        for line in path.read_text().splitlines() if path.exists() else ():
            if line.startswith("#"):
                continue
            room, seq, stamp = line.split()
            result[(int(room), int(seq))] = float(stamp)
        return result

    def headers(self, session_key: str) -> dict:
        return {"Cookie": f"{self.data['cookie']}={session_key}"}

    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    def hello(self, room: dict) -> str:
        return json.dumps({"type": "hello", "last_seq": room["head"]})

    @staticmethod
    def op(text: str) -> str:
        return json.dumps(
            {
                "type": "op",
                "op": str(__import__("uuid").uuid4()),
                "kind": "postit.create",
                "data": {"text": text},
            }
        )


FLOOR_SERVER = r"""
import asyncio, datetime, json, sys
import uvloop
from websockets.asyncio.server import broadcast, serve

rooms, seqs = {}, {}

async def handler(ws):
    room = int(ws.request.path.rstrip("/").rsplit("/", 1)[1])
    members = rooms.setdefault(room, set())
    members.add(ws)
    try:
        async for text in ws:
            message = json.loads(text)
            if message.get("type") != "op":
                continue
            seqs[room] = seq = seqs.get(room, 0) + 1
            data = {"id": seq, "text": message["data"]["text"], "why": "", "column_id": None,
                    "position": seq, "parked": False, "parked_note": "", "merged_into_id": None,
                    "author_id": 1, "author_name": "Deelnemer", "by_facilitator": False, "version": 1}
            now = datetime.datetime.now(datetime.UTC).isoformat()
            await ws.send(json.dumps({"type": "ack", "op": message["op"], "seq": seq}))
            broadcast(members, json.dumps({"type": "event", "seq": seq, "kind": "postit.created",
                                           "data": data, "at": now}, ensure_ascii=False,
                                          separators=(",", ":")))
    finally:
        members.discard(ws)

async def main(port):
    async with serve(handler, "127.0.0.1", port, compression=None, max_size=65536,
                     ping_interval=20, backlog=4096):
        await asyncio.Future()

uvloop.run(main(int(sys.argv[1])))
"""


class Floor:
    """The floor: a room dict and ``websockets.broadcast``, nothing else (plain websockets)."""

    def __init__(self, sizes: list[int]):
        self.port = free_port()
        self.data = {
            "rooms": [
                {"id": n + 1, "head": 0, "sessions": [""] * size} for n, size in enumerate(sizes)
            ]
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen([PY, "-c", FLOOR_SERVER, str(self.port)], cwd=ROOT)
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(5)
            self.process = None

    def url(self, room: int) -> str:
        return f"ws://{HOST}:{self.port}/room/{room}/"

    def headers(self, session_key: str) -> dict:
        return {}

    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    def hello(self, room: dict) -> str | None:
        return None

    def commits(self) -> dict[tuple[int, int], float]:
        return {}  # the floor's ``at`` is already the moment it broadcasts

    op = staticmethod(Wijktafel.op)


def parse_at(text: str) -> float:
    return dt.datetime.fromisoformat(text).timestamp()


class Stats:
    """Per event (room, seq): when it was made (server time) and when the last socket had it."""

    def __init__(self):
        self.made: dict[tuple[int, int], float] = {}
        self.count: dict[tuple[int, int], int] = {}
        self.last: dict[tuple[int, int], float] = {}
        self.acks: list[float] = []
        self.errors: list[str] = []
        self.expect: dict[int, int] = {}  # room -> other sockets that should get each event
        self.own: dict[tuple[int, int], int] = {}  # the sender's own copies
        self.complete = asyncio.Event()  # set whenever an event reached all of its room


class Participant:
    """One websocket participant: reads every frame, records event arrivals and acks."""

    def __init__(self, server, room: dict, session_key: str, stats: Stats):
        self.server, self.room, self.session_key, self.stats = server, room, session_key, stats
        self.ws = None
        self.reader: asyncio.Task | None = None
        self.welcomed = asyncio.Event()
        self.pending_ops: dict[str, float] = {}
        self.own_seqs: set[int] = set()  # events of this participant's own inputs (from acks)
        self.closed_with = None

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        self.ws = await connect(
            self.server.url(self.room["id"]),
            origin=self.server.origin(),
            additional_headers=self.server.headers(self.session_key),
            compression=None,
            max_size=2**22,
            ping_interval=None,
            open_timeout=60,
            close_timeout=2,
        )
        self.reader = asyncio.create_task(self.read())
        hello = self.server.hello(self.room)
        if hello is None:
            self.welcomed.set()
        else:
            await self.ws.send(hello)

    async def read(self) -> None:
        room_id = self.room["id"]
        loads, clock = json.loads, time.time
        try:
            async for text in self.ws:
                now = clock()
                frame = loads(text)
                kind = frame["type"]
                stats = self.stats  # swapped after the warm-up
                if kind == "event":
                    key = (room_id, frame["seq"])
                    if frame["seq"] in self.own_seqs:  # "every other participant": not the sender
                        stats.own[key] = stats.own.get(key, 0) + 1
                        continue
                    if key not in stats.made:
                        stats.made[key] = parse_at(frame["at"])
                    stats.count[key] = seen = stats.count.get(key, 0) + 1
                    stats.last[key] = now
                    if seen == stats.expect.get(room_id):
                        stats.complete.set()
                elif kind == "ack":
                    self.own_seqs.add(frame["seq"])
                    started = self.pending_ops.pop(frame["op"], None)
                    if started is not None:
                        stats.acks.append(now - started)
                elif kind == "welcome":
                    self.welcomed.set()
                elif kind in ("rejected", "error"):
                    stats.errors.append(text[:200])
        except Exception as error:  # connection closed
            self.closed_with = getattr(getattr(error, "rcvd", None), "code", repr(error))

    async def send_op(self, text: str) -> None:
        message = self.server.op(text)
        self.pending_ops[json.loads(message)["op"]] = time.time()
        await self.ws.send(message)

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 3)
        if self.reader is not None:
            self.reader.cancel()


async def connect_room(
    server, room: dict, stats: Stats, concurrency: int = 50
) -> list[Participant]:
    people = [Participant(server, room, key, stats) for key in room["sessions"]]
    gate = asyncio.Semaphore(concurrency)

    async def one(person):
        async with gate:
            await person.connect()
            await asyncio.wait_for(person.welcomed.wait(), 60)

    await asyncio.gather(*(one(p) for p in people))
    return people


def use_uvloop() -> None:
    try:
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:
        pass
