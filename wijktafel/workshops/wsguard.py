"""Limits on live sockets (docs/reliability.md §3.6 R5–R6, §4.6; protocol: docs/realtime.md).

- **Flood (R5).** Every socket has a token bucket of ``WS_BURST`` frames, refilled at
  ``WS_RATE`` frames per second. A frame that finds the bucket empty gets ``error/rate_limited``
  and the socket closes with **1008**. The bucket lives in the consumer: no cache, no lock.
  For ``WS_FLOOD_COOLDOWN_SECONDS`` after that, new sockets of the same person are closed with
  1008 at once (a flag in the cache), so reconnecting in a loop cannot keep up the flood.
- **Sockets per person (R6).** A participant may have ``WS_SOCKETS_PER_PARTICIPANT`` open
  sockets, a facilitator ``WS_SOCKETS_PER_FACILITATOR`` per workshop. The next one gets
  ``error/too_many_sockets`` and closes with **4429**. The count lives in the cache (Redis in
  scale-out, so every worker sees it) as numbered slots: a socket takes a free slot with an
  atomic ``add`` and gives it back when it closes. Slots expire after ``WS_SLOT_TTL_SECONDS``
  unless refreshed, so the slots of a worker that crashed free themselves. One task per event
  loop refreshes every slot that loop holds, every third of the TTL.

- **Catch-up (issue 12).** What a socket asks to be sent again (``hello``, ``resync``) costs
  the server a read and the network a copy, so a ``CatchUpBudget`` (per participant's browser
  session and workshop, shared by its sockets and kept across reconnects, ``Budgets``; per
  socket for a facilitator's account) allows at most
  ``CATCH_UP_SNAPSHOTS`` full snapshots and ``CATCH_UP_BYTES`` of catch-up frames in a minute.
  Beyond that the socket gets ``error/slow_down`` with ``retry_after`` and nothing is read;
  after ``CATCH_UP_REFUSALS`` such refusals in a minute it is closed with **1008**. A ``hello``
  or ``resync`` with a ``last_seq`` the log still holds gets only the missing events.

When the cache fails (Redis down or hung), sockets are let in without counting and the
failure is logged: a live session matters more than the count.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import math
import time
import uuid
import weakref
from collections.abc import Callable

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.http.cookie import parse_cookie
from django.utils import translation
from django.utils.translation import gettext as _

from wijktafel.core.middleware import language_from_cookie
from wijktafel.core.realtime import encode

CLOSE_POLICY = 1008  # sent too many frames
CLOSE_TOO_MANY_SOCKETS = 4429  # this person already has the allowed number of sockets open

security_log = logging.getLogger("wijktafel.security")
logger = logging.getLogger(__name__)


class TokenBucket:
    """``burst`` tokens, refilled continuously at ``rate`` per second; one frame takes one."""

    def __init__(self, burst: float, rate: float, clock: Callable[[], float] = time.monotonic):
        self.burst, self.rate, self.clock = float(burst), float(rate), clock
        self.tokens, self.at = self.burst, clock()

    def take(self) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class CatchUpBudget:
    """Snapshots and catch-up bytes one socket was sent in the last minute, and the catch-ups
    it was refused: the cost of ``hello``/``resync`` is bounded, whatever a client sends."""

    WINDOW = 60.0

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.sent: collections.deque[tuple[float, bool, int]] = collections.deque()
        self.refused: collections.deque[float] = collections.deque()

    def _trim(self) -> float:
        now = self.clock()
        while self.sent and now - self.sent[0][0] >= self.WINDOW:
            self.sent.popleft()
        while self.refused and now - self.refused[0] >= self.WINDOW:
            self.refused.popleft()
        return now

    def snapshot_allowed(self) -> bool:
        self._trim()
        snapshots = sum(1 for _at, snapshot, _size in self.sent if snapshot)
        return snapshots < settings.WIJKTAFEL["CATCH_UP_SNAPSHOTS"]

    def wait(self, *, snapshot: bool) -> int:
        """0 when this catch-up may be sent now, else the whole seconds until it may."""
        now = self._trim()
        used = sum(size for _at, _snapshot, size in self.sent)
        if used >= settings.WIJKTAFEL["CATCH_UP_BYTES"]:
            return self._until(now, lambda entry: True)
        if snapshot and not self.snapshot_allowed():
            return self._until(now, lambda entry: entry[1])
        return 0

    def _until(self, now: float, counts) -> int:
        oldest = next(at for at, *rest in self.sent if counts((at, *rest)))
        return max(1, math.ceil(oldest + self.WINDOW - now))

    def spend(self, *, snapshot: bool, size: int) -> None:
        self.sent.append((self.clock(), snapshot, size))

    def refuse(self) -> bool:
        """Count a refused catch-up; True when the socket insists and must be closed."""
        self._trim()
        self.refused.append(self.clock())
        return len(self.refused) > settings.WIJKTAFEL["CATCH_UP_REFUSALS"]


class Budgets:
    """The catch-up budget of each browser session and workshop in this process, shared by its
    sockets: a reconnect goes on with the budget its session had, so closing and opening
    sockets in a loop does not earn new snapshots. Bounded: when full, the budgets with nothing
    left in their minute are dropped first."""

    MAX = 10_000

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.by_session: dict[tuple[str, int], CatchUpBudget] = {}

    def get(self, session_key: str | None, workshop_id: int) -> CatchUpBudget:
        if not session_key:  # no session: nothing to share it with
            return CatchUpBudget(self.clock)
        key = (session_key, workshop_id)
        budget = self.by_session.get(key)
        if budget is None:
            if len(self.by_session) >= self.MAX:
                self._make_room()
            budget = self.by_session[key] = CatchUpBudget(self.clock)
        return budget

    def _make_room(self) -> None:
        for key, budget in list(self.by_session.items()):
            budget._trim()
            if not budget.sent and not budget.refused:
                del self.by_session[key]
        while len(self.by_session) >= self.MAX:  # all in use: the oldest make room
            self.by_session.pop(next(iter(self.by_session)))


BUDGETS = Budgets()


def slow_down_frame(retry_after: int) -> dict:
    return {
        "type": "error",
        "code": "slow_down",
        "retry_after": retry_after,
        "message": _("Everything was sent to this screen just now. It updates again in a moment."),
    }


# --- Slots in the cache ------------------------------------------------------------------------


def _ttl() -> int:
    return int(settings.WIJKTAFEL["WS_SLOT_TTL_SECONDS"])


def slot_prefix(*, workshop_id: int, participant_id: int | None, user_id: int | None) -> str:
    if participant_id is not None:
        return f"wijktafel:ws-slots:p:{participant_id}"
    return f"wijktafel:ws-slots:u:{user_id}:w:{workshop_id}"


def cooldown_key(prefix: str) -> str:
    return f"{prefix}:cooldown"


def _claim(prefix: str, limit: int, holder: str) -> str | None:
    """Take the first free slot (atomic per slot); its key, or None when all are taken."""
    for n in range(limit):
        key = f"{prefix}:{n}"
        if cache.add(key, holder, timeout=_ttl()):
            return key
    return None


def _give_back(key: str, holder: str) -> None:
    if cache.get(key) == holder:  # not a slot that expired and was taken by another socket
        cache.delete(key)


def _refresh(held: dict[str, str]) -> None:
    ttl = _ttl()
    for key, holder in held.items():
        # A slot that vanished (Redis restarted, or a stall longer than the TTL) is taken back
        # if it is still free; otherwise this socket stays open without being counted.
        if not cache.touch(key, ttl):
            cache.add(key, holder, timeout=ttl)


class _Refresher:
    """Keeps the slots of one event loop alive, one pass every third of the TTL."""

    def __init__(self):
        self.held: dict[str, str] = {}
        self.task: asyncio.Task | None = None

    def add(self, key: str, holder: str) -> None:
        self.held[key] = holder
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())

    def discard(self, key: str) -> None:
        self.held.pop(key, None)

    async def _run(self) -> None:
        while self.held:
            await asyncio.sleep(_ttl() / 3)
            try:
                await sync_to_async(_refresh, thread_sensitive=False)(dict(self.held))
            except Exception:
                logger.warning("refreshing socket slots failed", exc_info=True)


_refreshers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Refresher] = (
    weakref.WeakKeyDictionary()
)


def _refresher() -> _Refresher:
    loop = asyncio.get_running_loop()
    if (refresher := _refreshers.get(loop)) is None:
        refresher = _refreshers[loop] = _Refresher()
    return refresher


# --- One socket's guard ---------------------------------------------------------------------------


class Guard:
    """The limits of one socket: its frame bucket and its slot."""

    def __init__(self):
        limits = settings.WIJKTAFEL
        self.bucket = TokenBucket(limits["WS_BURST"], limits["WS_RATE"])
        self.holder = uuid.uuid4().hex  # this socket, in the slot's value
        self.slot: str | None = None

    def allow_frame(self) -> bool:
        return self.bucket.take()

    async def admit(
        self, *, workshop_id: int, participant_id: int | None, user_id: int | None
    ) -> int | None:
        """Take a slot for this socket. None when it may open; else the close code: 1008 while
        this person cools down after a flood, 4429 when all their slots are in use."""
        limit = int(
            settings.WIJKTAFEL[
                "WS_SOCKETS_PER_PARTICIPANT"
                if participant_id is not None
                else "WS_SOCKETS_PER_FACILITATOR"
            ]
        )
        prefix = slot_prefix(
            workshop_id=workshop_id, participant_id=participant_id, user_id=user_id
        )

        def claim() -> str | int | None:
            if cache.get(cooldown_key(prefix)):
                return CLOSE_POLICY
            return _claim(prefix, limit, self.holder)

        try:
            claimed = await sync_to_async(claim, thread_sensitive=False)()
        except Exception:
            logger.warning("counting sockets failed; letting this socket in", exc_info=True)
            return None
        if claimed == CLOSE_POLICY:
            return CLOSE_POLICY
        if claimed is None:
            security_log.warning(
                "ws_too_many_sockets workshop=%s participant=%s user=%s limit=%d",
                workshop_id,
                participant_id,
                user_id,
                limit,
            )
            return CLOSE_TOO_MANY_SOCKETS
        self.slot = claimed
        _refresher().add(self.slot, self.holder)
        return None

    async def flooded(
        self,
        *,
        workshop_id: int,
        participant_id: int | None,
        user_id: int | None,
        reason: str = "frames",
        session_key: str | None = None,
    ) -> None:
        """Log the flood (of frames, or of catch-ups asked for) and let this person's next
        sockets wait out the cool-down; those of the same browser session are turned away at
        the door (``CoolingGate``)."""
        limits = settings.WIJKTAFEL
        if session_key:
            COOLING.add(session_key, float(limits["WS_FLOOD_COOLDOWN_SECONDS"]))
        security_log.warning(
            "ws_flood reason=%s workshop=%s participant=%s user=%s burst=%s rate=%s",
            reason,
            workshop_id,
            participant_id,
            user_id,
            limits["WS_BURST"],
            limits["WS_RATE"],
        )
        key = cooldown_key(
            slot_prefix(workshop_id=workshop_id, participant_id=participant_id, user_id=user_id)
        )
        try:
            await sync_to_async(cache.set, thread_sensitive=False)(
                key, 1, timeout=int(limits["WS_FLOOD_COOLDOWN_SECONDS"])
            )
        except Exception:
            logger.warning("recording a flood's cool-down failed", exc_info=True)

    async def release(self) -> None:
        """Give the slot back (safe to call more than once)."""
        slot, self.slot = self.slot, None
        if slot is None:
            return
        _refresher().discard(slot)
        try:
            await sync_to_async(_give_back, thread_sensitive=False)(slot, self.holder)
        except Exception:
            logger.warning("freeing a socket slot failed; it expires by itself", exc_info=True)


# --- The door: sessions cooling down after a flood ------------------------------------------------


class Cooling:
    """Browser sessions (their cookie's key) whose socket was just closed for flooding, until
    when; kept in the process, bounded."""

    MAX = 10_000

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.until: dict[str, float] = {}

    def add(self, session_key: str, seconds: float) -> None:
        now = self.clock()
        if len(self.until) >= self.MAX:
            self.until = {key: at for key, at in self.until.items() if at > now}
            if len(self.until) >= self.MAX:  # still full: the oldest entries make room
                self.until.pop(next(iter(self.until)))
        self.until[session_key] = now + seconds

    def __contains__(self, session_key: str) -> bool:
        at = self.until.get(session_key)
        if at is None:
            return False
        if at <= self.clock():
            del self.until[session_key]
            return False
        return True


COOLING = Cooling()


class CoolingGate:
    """ASGI middleware in front of the socket stack: a socket of a browser session that is
    cooling down after a flood is closed with 1008 at once, before its session, account and
    participant are read. Reconnecting in a loop cost three hops onto the one database thread
    per attempt, which the ops of every other session queued behind (issue 12, bench/flood.py).
    The cache's cool-down flag (``Guard.admit``) still covers the person's other sessions and
    the other workers."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and COOLING.until:
            cookies = parse_cookie(_header(scope, b"cookie"))
            if cookies.get(settings.SESSION_COOKIE_NAME, "") in COOLING:
                await receive()  # websocket.connect
                await send({"type": "websocket.accept"})
                with translation.override(language_from_cookie(cookies)):
                    text = encode(flooded_frame())
                await send({"type": "websocket.send", "text": text})
                await send({"type": "websocket.close", "code": CLOSE_POLICY})
                return
        await self.inner(scope, receive, send)


def _header(scope: dict, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin1")
    return ""


def refusal_frame(code: int) -> dict:
    """The error frame sent before closing a socket that ``admit`` refused."""
    return flooded_frame() if code == CLOSE_POLICY else too_many_sockets_frame()


def too_many_sockets_frame() -> dict:
    return {
        "type": "error",
        "code": "too_many_sockets",
        "message": _(
            "You already have this session open on too many screens. Close it on "
            "another screen; this page then connects again by itself."
        ),
    }


def flooded_frame() -> dict:
    return {
        "type": "error",
        "code": "rate_limited",
        "message": _(
            "Too many messages at once. The connection is closed and comes back in a moment."
        ),
    }
