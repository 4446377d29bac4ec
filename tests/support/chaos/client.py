"""Simulated participants and facilitators over real websockets (protocol: docs/realtime.md).

One ``SimClient`` is one open page. It keeps what a browser keeps: an outbox of ops with
client-made UUIDs (resent with the same id after every welcome until answered), the last
applied ``seq``, and its own copy of the state built from a snapshot plus events (state.py).
It reconnects with full-jitter backoff, resyncs on gaps and when a heartbeat shows a newer
head, and records everything the oracle needs. ``run_load`` drives many of them in one loop.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from .state import apply_event, from_snapshot

FINAL_CODES = {4401, 4403, 4408}  # the server means it: do not reconnect
CLOSE_POLICY, CLOSE_TOO_MANY_SOCKETS = 1008, 4429  # too many frames; too many sockets open
LIMIT_ERRORS = {"rate_limited", "too_many_sockets"}
OUTBOX_WINDOW = (
    16  # static/js/live.js: unanswered ops per socket  # error frames sent before those closes
)
COLUMN_TITLES = ("Wonen", "Veiligheid", "Groen en spelen", "Verkeer")


@dataclass
class Target:
    """Where and how to connect: the socket URL base, the Origin and the session cookie name."""

    base_url: str  # ws://127.0.0.1:<port>
    workshop_id: int
    origin: str
    cookie_name: str
    heartbeat_seconds: float
    backoff_base: float = 0.2
    backoff_cap: float = 3.0
    max_connects: int = 1000  # per client per run
    limited_retry: tuple[float, float] = (30.0, 60.0)  # wait after 4429 (docs/realtime.md)
    policy_retry: float = 5.0  # wait after 1008

    @property
    def url(self) -> str:
        return f"{self.base_url}/ws/workshops/{self.workshop_id}/"


@dataclass
class Stats:
    """Counters shared by all clients of a run."""

    counts: Counter = field(default_factory=Counter)
    close_codes: Counter = field(default_factory=Counter)
    close_reasons: Counter = field(default_factory=Counter)
    ack_latency: list[float] = field(default_factory=list)  # last send -> ack
    action_latency: list[float] = field(default_factory=list)  # user action -> ack


class SimClient:
    def __init__(
        self,
        name: str,
        session_key: str,
        target: Target,
        stats: Stats,
        *,
        participant_id: int | None = None,
        rng: random.Random | None = None,
    ):
        self.name, self.session_key, self.target, self.stats = name, session_key, target, stats
        # "p:<id>" or "u:<id>", as the log names the actor; set at welcome otherwise.
        self.actor_key = f"p:{participant_id}" if participant_id else None
        self.participant_id = participant_id
        self.rng = rng or random.Random()
        self.outbox: dict[str, dict] = {}  # op id -> frame, in submission order
        self.enqueued_at: dict[str, float] = {}
        self.sent_at: dict[str, float] = {}
        self.acked: dict[str, int] = {}
        self.rejected: dict[str, dict] = {}
        self.last_seq: int | None = None
        self.state: dict = from_snapshot(None)
        self.seen: dict[int, tuple[str, dict]] = {}  # seq -> (kind, data) of applied events
        self.applied: Counter = Counter()
        self.pending: dict[int, dict] = {}  # events after a gap, waiting
        self.problems: list[str] = []  # protocol violations seen by this client
        self.role: str | None = None
        self.ws = None
        self.sendq: asyncio.Queue | None = None
        self.welcomed = False
        self.welcomes = 0
        self.welcomed_at = 0.0  # monotonic time of the last welcome
        self.dropped_at = 0.0  # monotonic time the last connection (or attempt) ended
        self.stopping = False
        self.final_code: int | None = None
        self._resync_for: int | None = None
        self.in_flight: set[str] = set()  # sent on this socket, not yet answered (live.js window)

    # --- user actions ----------------------------------------------------------------------------
    async def submit(self, kind: str, data: dict) -> str:
        op = str(uuid.uuid4())
        self.outbox[op] = {"type": "op", "op": op, "kind": kind, "data": data}
        self.enqueued_at[op] = time.monotonic()
        self.stats.counts["ops"] += 1
        self._flush()
        return op

    def own_postits(self) -> list[dict]:
        busy = {f["data"].get("postit_id") for f in self.outbox.values()}
        return [
            p
            for p in self.state["postits"]
            if p.get("author_id") == self.participant_id and p["id"] not in busy
        ]

    def next_op(self, number: int) -> tuple[str, dict]:
        """A participant's next action: mostly new post-its, some edits and deletes of their own."""
        mine, roll = self.own_postits(), self.rng.random()
        if mine and roll < 0.15:
            return "postit.delete", {"postit_id": self.rng.choice(mine)["id"]}
        if mine and roll < 0.35:
            postit = self.rng.choice(mine)
            return "postit.update", {
                "postit_id": postit["id"],
                "text": postit["text"] + " (aangepast)",
                "why": f"reden {number}",
            }
        data = {"text": f"{self.name} punt {number}: fietspad ë ☂ {uuid.uuid4().hex[:6]}"}
        if self.rng.random() < 0.3:
            data["column_title"] = self.rng.choice(COLUMN_TITLES)
        return "postit.create", data

    def next_facilitator_op(self, number: int) -> tuple[str, dict]:
        """A facilitator's next action: sort a post-it, add a column, run the timer."""
        postits, columns, roll = self.state["postits"], self.state["columns"], self.rng.random()
        if postits and columns and roll < 0.6:
            return "postit.move", {
                "postit_id": self.rng.choice(postits)["id"],
                "column_id": self.rng.choice(columns)["id"],
            }
        if roll < 0.8:
            return "column.create", {"title": f"Kolom {self.name} {number}"}
        return "timer.control", {"action": self.rng.choice(["start", "pause", "resume", "next"])}

    async def act(self, count: int, mean_interval: float, *, facilitator: bool = False) -> None:
        """``count`` actions with exponential gaps (Poisson arrivals); bounded by ``count``."""
        for number in range(1, count + 1):
            await asyncio.sleep(self.rng.expovariate(1 / mean_interval))
            if self.stopping:
                return
            kind, data = (self.next_facilitator_op if facilitator else self.next_op)(number)
            await self.submit(kind, data)

    # --- connection -------------------------------------------------------------------------------
    async def run(self, deadline: float) -> None:
        """Stay connected until ``stop()`` or ``deadline`` (monotonic); bounded in connects."""
        attempt = 0
        for _connect in range(self.target.max_connects):
            if self.stopping or time.monotonic() > deadline:
                return
            code, welcomes = 1006, self.welcomes
            try:
                async with connect(
                    self.target.url,
                    origin=self.target.origin,
                    open_timeout=5,
                    close_timeout=1,
                    ping_interval=None,
                    compression=None,
                    max_size=2**24,
                    additional_headers={"Cookie": f"{self.target.cookie_name}={self.session_key}"},
                ) as ws:
                    self.ws, self.sendq = ws, asyncio.Queue()
                    writer = asyncio.create_task(self._write(ws, self.sendq))
                    self.stats.counts["connects"] += 1
                    try:
                        self._send({"type": "hello", "last_seq": self.last_seq})
                        await self._read(ws, deadline)
                    finally:
                        writer.cancel()
                    code = 1000
            except ConnectionClosed as closed:
                code = closed.rcvd.code if closed.rcvd is not None else 1006
                if closed.rcvd is not None and code not in (1000, 1006):
                    who = "ours" if closed.rcvd_then_sent is False else "server"
                    self.stats.close_reasons[f"{code} {who}: {closed.rcvd.reason}"] += 1
            except (OSError, InvalidHandshake, InvalidURI, TimeoutError):
                self.stats.counts["connect_failures"] += 1
                code = None
            finally:
                self.ws, self.welcomed, self.dropped_at = None, False, time.monotonic()
            if code is not None:
                self.stats.close_codes[code] += 1
            if self.stopping:
                return
            if code in FINAL_CODES:
                self.final_code = code
                self.problems.append(f"closed for good with {code}")
                return
            attempt = 1 if self.welcomes > welcomes else attempt + 1
            delay = self.rng.uniform(
                0, min(self.target.backoff_cap, self.target.backoff_base * 2**attempt)
            )
            if code == CLOSE_TOO_MANY_SOCKETS:  # docs/realtime.md: not final, retry slowly
                delay = self.rng.uniform(*self.target.limited_retry)
            elif code == CLOSE_POLICY:
                delay = self.target.policy_retry
            await asyncio.sleep(delay)
        self.problems.append("gave up: too many connects")

    async def stop(self) -> None:
        self.stopping = True
        if self.ws is not None:
            await self.ws.close()

    async def _read(self, ws, deadline: float) -> None:
        silence = 3 * self.target.heartbeat_seconds
        while not self.stopping and time.monotonic() < deadline:
            try:
                text = await asyncio.wait_for(ws.recv(), timeout=silence)
            except TimeoutError:
                self.stats.counts["silent_reconnects"] += 1  # no frame for 3 heartbeats
                return
            self._handle(json.loads(text))

    def _send(self, frame: dict) -> None:
        """Queue a frame for this connection's writer. Like a browser's ``send``, it never
        blocks the reader: a server that stops reading must not stop us answering its pings."""
        if self.ws is not None:
            self.sendq.put_nowait(json.dumps(frame))

    async def _write(self, ws, sendq: asyncio.Queue) -> None:
        try:
            while True:
                await ws.send(await sendq.get())
        except ConnectionClosed:
            pass  # the reader sees the close; the outbox is resent after the next welcome

    def _flush(self) -> None:
        """Send the oldest unsent ops, at most OUTBOX_WINDOW unanswered (as live.js does)."""
        if not self.welcomed:
            return
        for op in list(self.outbox):
            if len(self.in_flight) >= OUTBOX_WINDOW:
                break
            if op not in self.in_flight:
                self._send_op(op)

    def _send_op(self, op: str) -> None:
        self.in_flight.add(op)
        if op in self.sent_at:
            self.stats.counts["retries"] += 1
        self.sent_at[op] = time.monotonic()
        self._send(self.outbox[op])

    # --- frames -----------------------------------------------------------------------------------
    def _handle(self, frame: dict) -> None:
        kind = frame.get("type")
        if kind == "welcome":
            self.role, self.welcomed = frame["role"], True
            self.welcomes += 1
            self.welcomed_at = time.monotonic()
            if frame.get("participant_id"):
                self.participant_id = frame["participant_id"]
                self.actor_key = f"p:{self.participant_id}"
            self.in_flight = set()  # a new socket: the outbox again, in order, in a window
            self._flush()
        elif kind == "snapshot":
            self.stats.counts["snapshots"] += 1
            head = frame["state"]["head"]
            if self.last_seq is not None and head < self.last_seq:
                self.problems.append(f"snapshot head {head} is behind applied seq {self.last_seq}")
            self.state, self.last_seq = from_snapshot(frame["state"]), head
            self._drain_pending()
        elif kind == "event":
            self._on_event(frame)
        elif kind == "ack":
            self._answered(frame["op"])
            self._flush()
            seq = frame["seq"]
            if self.acked.setdefault(frame["op"], seq) != seq:
                self.problems.append(
                    f"op {frame['op']} acked with seq {seq} and earlier {self.acked[frame['op']]}"
                )
        elif kind == "rejected":
            self._answered(frame["op"])
            self._flush()
            self.rejected[frame["op"]] = frame
            self.stats.counts["rejected"] += 1
        elif kind == "error":
            self.stats.counts[f"error_{frame.get('code')}"] += 1
            # server_error: keep the op and retry; limit errors come before their close.
            if frame.get("code") not in ("server_error", *LIMIT_ERRORS):
                self.problems.append(f"error frame {frame}")
        elif kind == "hb":
            self.stats.counts["heartbeats"] += 1
            self._send({"type": "hb_ack", "last_seq": self.last_seq})
            if self.last_seq is not None and frame["head"] > self.last_seq:
                self.stats.counts["hb_resyncs"] += 1
                self._resync(force=True)
        else:
            self.problems.append(f"unknown frame {frame}")

    def _answered(self, op: str) -> None:
        self.in_flight.discard(op)
        if self.outbox.pop(op, None) is None:
            if op not in self.acked and op not in self.rejected:
                self.problems.append(f"answer for an op never sent: {op}")
            self.stats.counts["duplicate_answers"] += 1
            return
        now = time.monotonic()
        self.stats.ack_latency.append(now - self.sent_at[op])
        self.stats.action_latency.append(now - self.enqueued_at[op])

    def _on_event(self, frame: dict) -> None:
        seq = frame["seq"]
        if self.last_seq is None or seq <= self.last_seq:
            self.stats.counts["events_dropped"] += 1  # already applied (or no base yet)
            return
        self.pending[seq] = frame
        if seq > self.last_seq + 1:
            self._resync()
        self._drain_pending()

    def _drain_pending(self) -> None:
        for seq in sorted(self.pending):
            if seq <= self.last_seq:
                del self.pending[seq]
            elif seq == self.last_seq + 1:
                frame = self.pending.pop(seq)
                self.state = apply_event(self.state, frame)
                self.seen[seq] = (frame["kind"], frame["data"])
                self.applied[seq] += 1
                self.last_seq = seq
            else:
                break

    def _resync(self, *, force: bool = False) -> None:
        if force or self._resync_for != self.last_seq:
            self._resync_for = self.last_seq
            self.stats.counts["resyncs"] += 1
            self._send({"type": "resync", "after": self.last_seq})


async def fetch_snapshot(target: Target, session_key: str, timeout: float = 10) -> dict:
    """A fresh snapshot as a new page gets it (hello with last_seq null)."""
    async with (
        asyncio.timeout(timeout),
        connect(
            target.url,
            origin=target.origin,
            open_timeout=5,
            compression=None,
            max_size=2**24,
            additional_headers={"Cookie": f"{target.cookie_name}={session_key}"},
        ) as ws,
    ):
        await ws.send(json.dumps({"type": "hello", "last_seq": None}))
        for _frame in range(10):
            frame = json.loads(await ws.recv())
            if frame["type"] == "snapshot":
                return frame["state"]
    raise AssertionError("no snapshot after hello")


async def settle(clients: list[SimClient], head: Callable[[], int], timeout: float) -> float:
    """Wait until every outbox is empty and every client applied the database head.
    Returns the seconds it took; raises TimeoutError after ``timeout``."""
    started = time.monotonic()
    async with asyncio.timeout(timeout):
        while True:
            current = await asyncio.to_thread(head)
            if all(not c.outbox and c.last_seq == current for c in clients if c.final_code is None):
                return time.monotonic() - started
            await asyncio.sleep(0.2)


async def all_welcomed_since(
    clients: list[SimClient], since: float, timeout: float
) -> float | None:
    """Seconds from ``since`` until every client is back: welcomed again after ``since``, or
    connected all along (with several workers a fault drops only the sockets of one worker; the
    others need not reconnect). Call it once the fault has taken effect. None after ``timeout``.
    """

    def back(c: SimClient) -> bool:
        return c.welcomed_at > since or (c.welcomed and c.dropped_at <= since)

    try:
        async with asyncio.timeout(timeout):
            while not all(back(c) for c in clients if c.final_code is None):
                await asyncio.sleep(0.05)
    except TimeoutError:
        return None
    return max([c.welcomed_at - since for c in clients if c.welcomed_at > since], default=0.0)


@dataclass
class LoadResult:
    clients: list[SimClient]
    stats: Stats
    seconds: float
    settle_seconds: float | None


async def run_load(
    target: Target,
    seed: dict,
    *,
    ops_per_client: int = 40,
    mean_interval: float = 1.5,
    facilitator_ops: int = 0,
    chaos: Callable[[list[SimClient]], Awaitable[None]] | None = None,
    head: Callable[[], int],
    settle_timeout: float = 60,
    deadline_seconds: float = 240,
    rng_seed: int | None = None,
) -> LoadResult:
    """Connect one client per seeded participant (plus the facilitator when ``facilitator_ops``),
    let each do its actions while ``chaos(clients)`` runs, then settle and disconnect everyone.

    ``seed`` is the output of ``Stack.seed``; ``head()`` returns the database head
    (``oracle.Database.head``).
    """
    rng = random.Random(rng_seed)
    stats = Stats()
    clients = [
        SimClient(
            f"P{n + 1}",
            p["session"],
            target,
            stats,
            participant_id=p["id"],
            rng=random.Random(rng.random()),
        )
        for n, p in enumerate(seed["participants"])
    ]
    facilitator = None
    if facilitator_ops:
        facilitator = SimClient(
            "F", seed["facilitator"]["session"], target, stats, rng=random.Random(rng.random())
        )
        facilitator.actor_key = f"u:{seed['facilitator']['user_id']}"
        clients.append(facilitator)
    started = time.monotonic()
    deadline = started + deadline_seconds
    runners = [asyncio.create_task(c.run(deadline)) for c in clients]
    settle_seconds = None
    try:
        async with asyncio.timeout(30):  # everyone is in before the load starts
            while not all(c.welcomed for c in clients):
                await asyncio.sleep(0.05)
        actions = [c.act(ops_per_client, mean_interval) for c in clients if c is not facilitator]
        if facilitator is not None:
            actions.append(facilitator.act(facilitator_ops, mean_interval, facilitator=True))
        async with asyncio.timeout(deadline_seconds):
            await asyncio.gather(*actions, *([chaos(clients)] if chaos else []))
        try:
            settle_seconds = await settle(clients, head, settle_timeout)
        except TimeoutError:
            pass  # the oracle reports what did not converge
    finally:
        await asyncio.gather(*(client.stop() for client in clients), return_exceptions=True)
        await asyncio.wait(runners, timeout=10)
        for runner in runners:
            runner.cancel()
    return LoadResult(clients, stats, time.monotonic() - started, settle_seconds)


def percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
