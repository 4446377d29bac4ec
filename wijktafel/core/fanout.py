"""Live fan-out: one hub per process hands each committed event to every local socket of its room.

Why (decision 0006): the channel layer does a layer put, a task wake-up and a dispatch per
socket. Here an event is encoded once (``realtime.encode``) and the same text is written to
every local socket of the workshop in one loop on the event loop, like a plain ``websockets``
broadcast server.

- A **room** is a workshop id. A **seat** is one socket in it. Consumers take a seat at
  connect (so close messages reach them), switch it to *buffering* when their first ``hello``
  starts (before the log is read, so no event falls between the catch-up and the live
  stream) and to *live* once the hello is answered.
- Services run in worker threads; ``publish``/``close_*`` may be called from any thread and
  hop onto the loop with ``call_soon_threadsafe``. Without a loop (a management command, a
  test without sockets) there is nobody local to tell, and only Redis (if configured) is used.
- Each write runs as an eager task: a socket that can take the frame gets it at once, without
  a trip through the loop; a socket whose send blocks gets a bounded backlog, and is closed
  with 1013 when that backlog or the time it has been blocked runs over (docs/reliability.md F6).
  One slow socket never delays the others.
- Events of a room are written in ``seq`` order: an event that arrives ahead of a missing one
  waits at most ``REORDER_SECONDS`` for it (events from other workers can overtake).
- With ``REDIS_URL`` (several workers) each process publishes every event once to one Redis
  channel (from a publisher thread, so a request never waits for Redis) and holds one
  subscription to it; events from other processes go to the local hub. Redis down or hung
  loses live frames only: the database log, heartbeat and resync recover them. The
  subscriber reconnects by itself with backoff.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import contextvars
import logging
import queue
import random
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

logger = logging.getLogger(__name__)

CLOSE_TOO_SLOW = 1013  # "try again later": the client reconnects and resyncs

IDLE, BUFFERING, LIVE, GONE = "idle", "buffering", "live", "gone"

# The seat whose op is being run (set by the consumer around the service call; asgiref copies
# it into the worker thread). Its own event waits until its ack is out; nothing else waits.
ORIGIN: contextvars.ContextVar[Seat | None] = contextvars.ContextVar("fanout_origin", default=None)

DEFAULTS: dict[str, Any] = {
    "REDIS_URL": "",
    "REDIS_CHANNEL": "wijktafel:fanout",
    "REDIS_TIMEOUT": 1.0,  # connect and publish timeout, seconds
    "REDIS_PING_SECONDS": 2.0,  # the subscriber pings Redis when this quiet
    "REDIS_STALE_SECONDS": 3.0,  # queued publishes older than this are dropped (the log recovers)
    "REDIS_QUEUE": 10_000,
    "SEND_BACKLOG": 500,  # frames waiting for one blocked socket before it is closed
    "SEND_TIMEOUT": 15.0,  # seconds one socket may stay blocked before it is closed
    "REORDER_SECONDS": 0.25,
}


def _eager(loop: asyncio.AbstractEventLoop, coro) -> asyncio.Task:
    """Run ``coro`` now, up to its first real wait (Python 3.12 eager start)."""
    return asyncio.Task(coro, loop=loop, eager_start=True)


class Seat:
    """One socket in a room: ``send(text)`` writes a frame, ``close(code)`` closes the socket."""

    __slots__ = (
        "hub",
        "room",
        "participant_id",
        "send",
        "close",
        "state",
        "pending",
        "writer",
        "blocked_since",
        "holds",
        "close_code",
        "ack_pending",
    )

    def __init__(
        self,
        hub: Hub,
        room: int,
        participant_id: int | None,
        send: Callable[[str], Awaitable[None]],
        close: Callable[[int], Awaitable[None]],
    ):
        self.hub, self.room, self.participant_id = hub, room, participant_id
        self.send, self.close = send, close
        self.state = IDLE
        self.pending: collections.deque[str] = collections.deque()
        self.writer: asyncio.Task | None = None
        self.blocked_since = 0.0
        self.holds = 0  # > 0 while frames wait for this socket's ack
        self.ack_pending = False  # this socket's op is running
        self.close_code: int | None = None  # close once the queued frames are out

    def start_buffering(self) -> None:
        """Keep live frames from now on; called before the catch-up is read."""
        if self.state == IDLE:
            self.state = BUFFERING

    def go_live(self) -> None:
        """Send what was buffered during the catch-up, then write live frames as they come."""
        if self.state != BUFFERING:
            return
        self.state = LIVE
        self._flush()

    def hold(self) -> None:
        """Keep frames back (from the own event on), so the ``ack`` comes first."""
        self.holds += 1

    def release(self) -> None:
        self.holds -= 1
        self._flush()
        self._close_when_done()

    def op_started(self) -> None:
        self.ack_pending = True

    def ack_sent(self) -> None:
        """The op is answered: its event and whatever came after it may go."""
        self.ack_pending = False
        if self.holds:
            self.holds = 0
            self._flush()
            self._close_when_done()

    def shut(self, code: int) -> None:
        """Close the socket after the frames already queued for it (and its own ack)."""
        self.hub.detach(self)  # no new frames
        if self.state != LIVE:
            self.state = GONE
            self.pending.clear()
            self.hub.loop.create_task(self.close(code))
            return
        self.close_code = code
        self._flush()
        self._close_when_done()

    def _close_when_done(self) -> None:
        if (
            self.close_code is not None
            and self.state == LIVE
            and self.writer is None
            and not self.holds
            and not self.pending
        ):
            self.state = GONE
            self.hub.loop.create_task(self.close(self.close_code))

    def push(self, text: str) -> None:
        """Called on the loop for each frame of the room."""
        state = self.state
        if state == LIVE and self.writer is None and not self.holds:
            task = _eager(self.hub.loop, self._write(text))
            if not task.done():  # the socket could not take it at once
                self.writer = task
                self.blocked_since = self.hub.loop.time()
            return
        if state != LIVE and state != BUFFERING:
            return
        config = self.hub.config
        if len(self.pending) >= config["SEND_BACKLOG"] or (
            self.writer is not None
            and self.hub.loop.time() - self.blocked_since > config["SEND_TIMEOUT"]
        ):
            self._too_slow()
            return
        self.pending.append(text)

    def _flush(self) -> None:
        if self.state == LIVE and self.writer is None and not self.holds and self.pending:
            self.push(self.pending.popleft())  # its writer sends the rest

    async def _write(self, text: str) -> None:
        try:
            await self.send(text)
            while self.pending and self.state == LIVE and not self.holds:
                await self.send(self.pending.popleft())
        except Exception:  # the socket is gone; its consumer leaves on disconnect
            logger.debug("fan-out write failed in room %s", self.room, exc_info=True)
            self.hub.leave(self)
        finally:
            self.writer = None
            self._close_when_done()

    def _too_slow(self) -> None:
        logger.warning(
            "closing a socket of room %s that is too far behind (%s frames waiting)",
            self.room,
            len(self.pending),
        )
        self.hub.leave(self)
        self.pending.clear()
        if self.writer is not None:
            self.writer.cancel()
        self.hub.loop.create_task(self.close(CLOSE_TOO_SLOW))


class Room:
    __slots__ = ("seats", "last_seq", "held", "timer")

    def __init__(self):
        self.seats: dict[Seat, None] = {}  # insertion-ordered set
        self.last_seq: int | None = None
        self.held: dict[int, str] = {}  # seq -> text, waiting for an earlier seq
        self.timer: asyncio.TimerHandle | None = None


class Hub:
    """The rooms of one process. Seat methods run on the loop; publish/close from any thread."""

    def __init__(self, config: dict | None = None):
        self.config = {**DEFAULTS, **(config or {})}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.rooms: dict[int, Room] = {}
        self.people: dict[int, dict[Seat, None]] = {}
        self.origin = uuid.uuid4().hex
        self.bridge = RedisBridge(self) if self.config["REDIS_URL"] else None

    # --- Seats (on the loop) --------------------------------------------------------------

    def join(
        self,
        room: int,
        participant_id: int | None,
        *,
        send: Callable[[str], Awaitable[None]],
        close: Callable[[int], Awaitable[None]],
    ) -> Seat:
        loop = asyncio.get_running_loop()
        if loop is not self.loop:
            self._bind(loop)
        seat = Seat(self, room, participant_id, send, close)
        self.rooms.setdefault(room, Room()).seats[seat] = None
        if participant_id is not None:
            self.people.setdefault(participant_id, {})[seat] = None
        return seat

    def leave(self, seat: Seat) -> None:
        seat.state = GONE
        self.detach(seat)

    def detach(self, seat: Seat) -> None:
        """Take the seat out of its room: it gets no further frames or close messages."""
        room = self.rooms.get(seat.room)
        if room is not None:
            room.seats.pop(seat, None)
            if not room.seats:
                if room.timer is not None:
                    room.timer.cancel()
                del self.rooms[seat.room]
        if seat.participant_id is not None:
            seats = self.people.get(seat.participant_id)
            if seats is not None:
                seats.pop(seat, None)
                if not seats:
                    del self.people[seat.participant_id]

    def _bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """A new event loop (a fresh server, or the next test): seats of the old one are gone."""
        for room in self.rooms.values():
            if room.timer is not None:
                room.timer.cancel()
        self.rooms.clear()
        self.people.clear()
        self.loop = loop
        if self.bridge is not None:
            self.bridge.start_subscriber(loop)

    # --- Entry points (any thread) ----------------------------------------------------------

    def publish(self, room: int, seq: int, text: str) -> None:
        """Write one encoded event to every socket of ``room`` in every process. Never raises."""
        try:
            if self.bridge is not None:
                self.bridge.publish("e", room, seq, text)
            if room in self.rooms:
                self._call(self.deliver, room, seq, text, ORIGIN.get())
        except Exception:  # the log, heartbeat and resync recover what is missed
            logger.exception("fan-out of room %s failed", room)

    def close_room(self, room: int, code: int) -> None:
        """Close every socket of ``room`` with ``code`` in every process. Never raises."""
        try:
            if self.bridge is not None:
                self.bridge.publish("r", room, code, "")
            if room in self.rooms:
                self._call(self.close_room_here, room, code)
        except Exception:
            logger.exception("closing room %s failed", room)

    def close_participant(self, participant_id: int, code: int) -> None:
        """Close every socket of one participant with ``code`` in every process. Never raises."""
        try:
            if self.bridge is not None:
                self.bridge.publish("p", participant_id, code, "")
            if participant_id in self.people:
                self._call(self.close_participant_here, participant_id, code)
        except Exception:
            logger.exception("closing the sockets of participant %s failed", participant_id)

    def _call(self, function: Callable, *args) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            function(*args)
        else:
            try:
                loop.call_soon_threadsafe(function, *args)
            except RuntimeError:  # the loop closed meanwhile
                pass

    # --- Delivery (on the loop) ----------------------------------------------------------

    def deliver(self, room_id: int, seq: int, text: str, origin: Seat | None = None) -> None:
        room = self.rooms.get(room_id)
        if room is None:
            return
        last = room.last_seq
        if last is not None and seq > last + 1:  # an earlier event is still on its way
            room.held[seq] = text
            if room.timer is None:
                room.timer = self.loop.call_later(
                    self.config["REORDER_SECONDS"], self._release, room_id
                )
            return
        if origin is not None and origin.ack_pending and not origin.holds:
            origin.hold()  # the sender's own event waits for its ack
        self._fan(room, text)
        if last is None or seq > last:
            room.last_seq = seq
        held = room.held
        while held and (following := room.last_seq + 1) in held:
            self._fan(room, held.pop(following))
            room.last_seq = following
        if not held and room.timer is not None:
            room.timer.cancel()
            room.timer = None

    def _release(self, room_id: int) -> None:
        """The missing event did not come in time: send what waited, in order."""
        room = self.rooms.get(room_id)
        if room is None:
            return
        room.timer = None
        for seq in sorted(room.held):
            self._fan(room, room.held.pop(seq))
            room.last_seq = max(room.last_seq or seq, seq)

    @staticmethod
    def _fan(room: Room, text: str) -> None:
        for seat in list(room.seats):
            seat.push(text)

    def close_room_here(self, room_id: int, code: int) -> None:
        room = self.rooms.get(room_id)
        for seat in list(room.seats) if room is not None else ():
            seat.shut(code)

    def close_participant_here(self, participant_id: int, code: int) -> None:
        for seat in list(self.people.get(participant_id, ())):
            seat.shut(code)

    def receive_remote(self, payload: str) -> None:
        """A message from the Redis channel: ``origin|kind|target|number|text``."""
        origin, kind, target, number, text = payload.split("|", 4)
        if origin == self.origin:
            return
        if kind == "e":
            self.deliver(int(target), int(number), text)
        elif kind == "r":
            self.close_room_here(int(target), int(number))
        elif kind == "p":
            self.close_participant_here(int(target), int(number))

    def stop(self) -> None:
        if self.bridge is not None:
            self.bridge.stop()


class RedisBridge:
    """One publisher thread and one subscription per process, on one Redis channel."""

    def __init__(self, hub: Hub):
        self.hub = hub
        self.config = hub.config
        self.queue: queue.Queue = queue.Queue(maxsize=self.config["REDIS_QUEUE"])
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()
        self.subscriber: asyncio.Task | None = None
        self.dropped = 0  # publishes given up (queue full, stale, Redis failing)
        self.connected = threading.Event()  # the subscription is active
        self.stopping = False

    # Publishing: never blocks the caller, never raises -------------------------------------

    def publish(self, kind: str, target: int, number: int, text: str) -> None:
        if self.thread is None:
            with self.lock:
                if self.thread is None:
                    self.thread = threading.Thread(
                        target=self._publish_forever, daemon=True, name="wijktafel-fanout-publisher"
                    )
                    self.thread.start()
        try:
            self.queue.put_nowait(
                (time.monotonic(), f"{self.hub.origin}|{kind}|{target}|{number}|{text}")
            )
        except queue.Full:
            self.dropped += 1

    def _publish_forever(self) -> None:
        import redis

        timeout = self.config["REDIS_TIMEOUT"]
        client = None
        failures = 0
        while not self.stopping:
            stamp, payload = self.queue.get()
            if payload is None:
                break
            if time.monotonic() - stamp > self.config["REDIS_STALE_SECONDS"]:
                self.dropped += 1
                continue
            try:
                if client is None:
                    client = redis.Redis.from_url(
                        self.config["REDIS_URL"],
                        socket_timeout=timeout,
                        socket_connect_timeout=timeout,
                    )
                client.publish(self.config["REDIS_CHANNEL"], payload)
                if failures:
                    logger.warning("publishing to Redis works again after %s failures", failures)
                failures = 0
            except Exception as error:
                self.dropped += 1
                failures += 1
                if failures == 1 or failures % 100 == 0:
                    logger.warning("publishing to Redis failed (%s times): %s", failures, error)
                with contextlib.suppress(Exception):
                    client.close()
                client = None
                time.sleep(min(0.05 * 2 ** min(failures, 6), 2.0))
        if client is not None:
            client.close()

    # Subscribing: one task on the hub's loop, reconnecting with backoff --------------------

    def start_subscriber(self, loop: asyncio.AbstractEventLoop) -> None:
        if self.subscriber is not None and not self.subscriber.done():
            self.subscriber.cancel()
        self.connected.clear()
        self.subscriber = loop.create_task(self._subscribe_forever())

    async def _subscribe_forever(self) -> None:
        import redis.asyncio as aioredis

        delay = 0.1
        for _attempt in range(10**9):  # bounded in count; ends when the task is cancelled
            client = aioredis.Redis.from_url(
                self.config["REDIS_URL"], socket_connect_timeout=self.config["REDIS_TIMEOUT"]
            )
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await asyncio.wait_for(
                    pubsub.subscribe(self.config["REDIS_CHANNEL"]), self.config["REDIS_TIMEOUT"] * 2
                )
                await self._listen(pubsub)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if self.connected.is_set():
                    logger.warning("Redis subscription lost: %s; reconnecting", error)
                else:
                    logger.debug("Redis subscription failed: %s", error)
            finally:
                self.connected.clear()
                for closing in (pubsub.aclose(), client.aclose()):
                    try:
                        await asyncio.wait_for(closing, 1)
                    except BaseException:  # a hung Redis; the socket is dropped with the object
                        pass
            await asyncio.sleep(delay * random.uniform(0.5, 1.0))
            delay = min(delay * 2, 5.0)
        return None

    async def _listen(self, pubsub) -> None:
        loop = asyncio.get_running_loop()
        ping_every = self.config["REDIS_PING_SECONDS"]
        self.connected.set()
        logger.info("subscribed to Redis channel %s", self.config["REDIS_CHANNEL"])
        heard = pinged = loop.time()
        while True:
            message = await pubsub.get_message(timeout=min(1.0, ping_every))
            now = loop.time()
            if message is not None:
                heard = now
                if message["type"] == "message":
                    data = message["data"]
                    try:
                        self.hub.receive_remote(data.decode() if isinstance(data, bytes) else data)
                    except Exception:
                        logger.exception("bad fan-out message from Redis")
            if now - heard > 3 * ping_every:
                raise ConnectionError("Redis stopped answering")
            if now - heard >= ping_every and now - pinged >= ping_every:
                pinged = now
                await asyncio.wait_for(pubsub.ping(), self.config["REDIS_TIMEOUT"])

    def stop(self) -> None:
        self.stopping = True
        if self.thread is not None:
            with contextlib.suppress(queue.Full):
                self.queue.put_nowait((time.monotonic(), None))
        if self.subscriber is not None and not self.subscriber.done():
            loop = self.subscriber.get_loop()
            if not loop.is_closed():
                loop.call_soon_threadsafe(self.subscriber.cancel)


_hub: Hub | None = None
_hub_lock = threading.Lock()


def hub() -> Hub:
    """The process's hub, configured from ``settings.WIJKTAFEL_FANOUT``."""
    global _hub
    if _hub is None:
        with _hub_lock:
            if _hub is None:
                from django.conf import settings

                _hub = Hub(getattr(settings, "WIJKTAFEL_FANOUT", None))
    return _hub
