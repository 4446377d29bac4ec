"""The live socket of one workshop (protocol: docs/realtime.md).

The consumer parses frames, authorises, calls a service and answers. It never writes
to the database itself; services commit and broadcast after commit. The event log is
the truth: the group only wakes sockets up, and hello/resync/heartbeat recover gaps.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import json
import logging
import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wijktafel.core import fanout
from wijktafel.core.db import rows
from wijktafel.core.errors import Invalid, NotAllowed, Refused
from wijktafel.core.middleware import language_from_cookie
from wijktafel.core.realtime import encode

from . import codes, events, rules, seam, selectors, services, wsguard
from .group_commit import group_commit
from .identity import SESSION_KEY
from .models import Participant, Workshop
from .ops import FACILITATOR, PARTICIPANT, Op

logger = logging.getLogger(__name__)

CLOSE_TOO_BIG, CLOSE_RETRY = 1009, 1012
MAX_DEPTH = 32  # nesting of a decoded frame; real frames use 3
RESYNC_PAGE = 500
_SURROGATE = re.compile("[\ud800-\udfff]")
# read on every op, so that a removal counts at once (core/db/rows.py: without the ORM's compiling)
_PRESENT_PARTICIPANT = rows.Rows(Participant, "id", also="removed_at IS NULL")
_WORKSHOP = rows.Rows(Workshop, "id")  # at every connect


class BadMessage(Exception):
    """A frame that is not a valid message: answered with an ``error`` frame."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class Removed(Exception):
    """The person behind this socket may no longer see the workshop: a participant who was
    removed (close 4403), or an account that lost the right to facilitate it (close 4401)."""

    def __init__(self, code: int = events.CLOSE_REMOVED):
        super().__init__(code)
        self.code = code


# --- Decoding -------------------------------------------------------------------------


def _no_constant(name: str):
    raise ValueError(f"{name} is not allowed")


def _finite_float(text: str) -> float:
    if not math.isfinite(value := float(text)):  # 1e400 parses to inf
        raise ValueError("number out of range")
    return value


def _unique_keys(pairs: list) -> dict:
    if len(result := dict(pairs)) != len(pairs):
        raise ValueError("duplicate key")
    return result


def decode_frame(text: str) -> dict:
    """Parse one text frame strictly, or raise ``BadMessage``."""
    try:
        message = json.loads(
            text,
            parse_constant=_no_constant,
            parse_float=_finite_float,
            object_pairs_hook=_unique_keys,
        )
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        raise BadMessage("bad_message", _("This message is not valid JSON.")) from None
    if not isinstance(message, dict):
        raise BadMessage("bad_message", _("A message must be a JSON object."))
    stack = [(message, 0)]  # iterative, so deep nesting cannot overflow the stack
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadMessage("bad_message", _("This message is nested too deeply."))
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and _SURROGATE.search(value):
            raise BadMessage("bad_message", _("This message contains characters we cannot read."))
    return message


def _too_big(text: str) -> bool:
    limit = settings.WIJKTAFEL["WS_MAX_MESSAGE_BYTES"]
    return len(text) > limit or len(text.encode("utf-8", "surrogatepass")) > limit


# --- Identity -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    close_code: int | None = None
    role: str = ""
    user_id: int | None = None
    participant: Participant | None = None


def identify(scope: dict, workshop_id: int) -> Identity:
    """Who is asking, from the cookie session; facilitator wins over participant."""
    workshop = _WORKSHOP.get(workshop_id)
    if workshop is None:
        return Identity(events.CLOSE_UNAUTHENTICATED)
    user = scope.get("user")
    if rules.can_facilitate(user, workshop):
        identity = Identity(role=FACILITATOR, user_id=user.pk)
    else:
        session = scope.get("session")
        tokens = session.get(SESSION_KEY) if session is not None else None
        token = tokens.get(str(workshop_id)) if isinstance(tokens, dict) else None
        participant = services.participant_from_token(workshop_id=workshop_id, token=token)
        if participant is None:
            removed = (
                isinstance(token, str)
                and 0 < len(token) <= codes.TOKEN_MAX_LENGTH
                and Participant.objects.filter(
                    workshop_id=workshop_id, token_digest=codes.digest("participant", token)
                ).exists()
            )
            return Identity(events.CLOSE_REMOVED if removed else events.CLOSE_UNAUTHENTICATED)
        identity = Identity(role=PARTICIPANT, participant=participant)
    if workshop.status == Workshop.Status.ENDED:
        return Identity(events.CLOSE_ENDED)
    return identity


def _language(scope: dict) -> str:
    """The same rule as the pages: the chosen language, else Dutch (decision 0005)."""
    return language_from_cookie(scope.get("cookies") or {})


def _now() -> str:
    return timezone.now().isoformat()


# --- The consumer ------------------------------------------------------------------------------


class WorkshopConsumer(AsyncWebsocketConsumer):
    """One open page of a workshop: facilitator console, big screen or participant phone."""

    # Live frames come from the room hub (wijktafel.core.fanout), not from a channel layer:
    # the consumer opens no layer channel (an unknown alias gives None).
    channel_layer_alias = "wijktafel-no-channel-layer"
    closed = False
    ready = False  # live frames are forwarded only after the first hello was answered
    heartbeat: asyncio.Task | None = None
    seat: fanout.Seat | None = None
    identity = Identity()
    guard: wsguard.Guard | None = None  # frame bucket and socket slot (R5, R6)
    budget: wsguard.CatchUpBudget

    async def dispatch(self, message):
        """Channels' dispatch without its ``aclose_old_connections()`` before every frame: that
        is a hop onto the one database thread per frame received, queued behind the ops being
        committed, before the frame is even read. Every database call here goes through
        ``database_sync_to_async``, which closes old connections before and after itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        self.workshop_id = self.scope["url_route"]["kwargs"]["workshop_id"]
        self.guard = wsguard.Guard()
        self.budget = wsguard.CatchUpBudget()
        translation.activate(_language(self.scope))
        await self.accept()  # accept first, so the browser sees our close code
        try:
            self.identity = await database_sync_to_async(identify)(self.scope, self.workshop_id)
            if self.identity.close_code:
                await self._close(self.identity.close_code)
                return
            if self.identity.participant is not None:
                # shared with this session's other and earlier sockets of the workshop; an
                # account (a facilitator) keeps a budget per socket
                self.budget = wsguard.BUDGETS.get(self._session_key(), self.workshop_id)
            if refused := await self.guard.admit(workshop_id=self.workshop_id, **self._who()):
                await self._send(wsguard.refusal_frame(refused))  # 4429, or 1008 after a flood
                await self._close(refused)
                return
            # A seat in the room, so close messages (4403, 4408) reach this socket; live
            # frames are kept from the first hello on (before the log is read: no gap).
            participant_id = getattr(self.identity.participant, "pk", None)
            self.seat = fanout.hub().join(
                self.workshop_id, participant_id, send=self._send_live, close=self._close
            )
        except Exception:
            logger.exception("websocket connect to workshop %s failed", self.workshop_id)
            await self._close(CLOSE_RETRY)

    async def disconnect(self, code):
        self.closed = True
        if self.guard is not None:
            await self.guard.release()
        self._leave()
        if self.heartbeat is not None:
            self.heartbeat.cancel()

    async def receive(self, text_data=None, bytes_data=None):
        """Never lets an exception out: a bad frame gets an error frame, the socket stays open."""
        try:
            if self.closed or not self.identity.role:
                return
            if not self.guard.allow_frame():
                await self.guard.flooded(
                    workshop_id=self.workshop_id, session_key=self._session_key(), **self._who()
                )
                await self._send(wsguard.flooded_frame())
                await self._close(wsguard.CLOSE_POLICY)
                return
            if text_data is None:
                raise BadMessage("bad_message", _("Send messages as JSON text."))
            if _too_big(text_data):
                await self._send(
                    {"type": "error", "code": "too_big", "message": _("This message is too big.")}
                )
                await self._close(CLOSE_TOO_BIG)
                return
            message = decode_frame(text_data)
            kind = message.get("type")
            if not isinstance(kind, str):
                raise BadMessage("bad_message", _("A message needs a “type”."))
            handler = MESSAGE_HANDLERS.get(kind)
            if handler is None:
                raise BadMessage("unknown_type", _("Unknown message type."))
            await handler(self, message)
        except BadMessage as bad:
            await self._send({"type": "error", "code": bad.code, "message": bad.message})
        except Removed as removed:  # hello/resync after the right to see the workshop ended
            await self._close(removed.code)
        except Exception:
            await self._server_error()

    def _session_key(self) -> str | None:
        return self.scope.get("cookies", {}).get(settings.SESSION_COOKIE_NAME)

    def _who(self) -> dict:
        return {
            "participant_id": getattr(self.identity.participant, "pk", None),
            "user_id": self.identity.user_id,
        }

    # Client -> server messages (MESSAGE_HANDLERS) ------------------------------------------

    async def on_hello(self, message: dict) -> None:
        after = _seq_field(message, "last_seq")
        if not await self._may_catch_up(after):
            return
        if self.seat is not None:
            self.seat.start_buffering()
        head, frames = await database_sync_to_async(self._catch_up)(
            after, snapshot_allowed=self.budget.snapshot_allowed()
        )
        if frames is not None:
            welcome = {
                "type": "welcome",
                "role": self.identity.role,
                "participant_id": getattr(self.identity.participant, "pk", None),
                "head": head,
                "now": _now(),
            }
            await self._send_catch_up([welcome, *frames])
            self.ready = True
        else:
            await self._refuse_catch_up()
        if self.seat is not None and self.ready:
            self.seat.go_live()  # what came in during the catch-up, then live frames
        if self.heartbeat is None and self.ready:
            self.heartbeat = asyncio.create_task(self._beat())

    async def on_resync(self, message: dict) -> None:
        after = _seq_field(message, "after")
        if not await self._may_catch_up(after):
            return
        _head, frames = await database_sync_to_async(self._catch_up)(
            after, snapshot_allowed=self.budget.snapshot_allowed()
        )
        if frames is None:
            await self._refuse_catch_up()
        else:
            await self._send_catch_up(frames)

    async def _may_catch_up(self, after: int | None) -> bool:
        """Whether the budget allows a catch-up from ``after`` (None: a snapshot); if not, the
        socket is told to wait, or closed when it insists (wsguard.CatchUpBudget)."""
        wait = self.budget.wait(snapshot=after is None)
        if wait:
            await self._refuse_catch_up(wait)
        return not wait

    async def _refuse_catch_up(self, wait: int | None = None) -> None:
        wait = wait or self.budget.wait(snapshot=True) or 1
        insists = self.budget.refuse()
        await self._send(wsguard.slow_down_frame(wait))
        if insists:  # closed, and reconnecting waits out the flood's cool-down
            await self.guard.flooded(
                workshop_id=self.workshop_id,
                reason="catch_up",
                session_key=self._session_key(),
                **self._who(),
            )
            await self._close(wsguard.CLOSE_POLICY)

    async def _send_catch_up(self, frames: list[dict | str]) -> None:
        texts = [frame if isinstance(frame, str) else encode(frame) for frame in frames]
        self.budget.spend(
            snapshot=any(text.startswith(SNAPSHOT_PREFIX) for text in texts),
            size=sum(len(text) for text in texts),
        )
        for text in texts:
            await self._send_text(text)

    async def on_hb_ack(self, message: dict) -> None:
        _seq_field(message, "last_seq")  # checked, so a bad frame gets its error; nothing to keep

    async def on_op(self, message: dict) -> None:
        seat = self.seat
        if seat is None:
            await self._on_op(message)
            return
        seat.op_started()  # its own event waits for the ack; other frames keep flowing
        token = fanout.ORIGIN.set(seat)
        try:
            await self._on_op(message)
        finally:
            fanout.ORIGIN.reset(token)
            seat.ack_sent()

    async def _on_op(self, message: dict) -> None:
        op = message.get("op")
        try:
            client_op_id = uuid.UUID(op) if isinstance(op, str) and len(op) <= 64 else None
        except ValueError:
            client_op_id = None
        if client_op_id is None:
            raise BadMessage("bad_message", _("An operation needs an “op” key with a UUID."))
        try:
            spec = seam.op(message.get("kind"))
            if spec is None:
                raise Invalid(_("Unknown operation."), field="kind")
            if self.identity.role not in spec.roles:
                raise NotAllowed(_("Only the facilitator of this session may do this."))
            kwargs = spec.arguments(message.get("data", {}))
            # committed together with the ops of other sockets that arrive meanwhile
            result = await group_commit().run(
                functools.partial(self._run_op, spec, kwargs, client_op_id)
            )
        except Refused as refused:
            await self._send({"type": "rejected", "op": op, **refused.as_dict()})
            return
        except Removed as removed:
            await self._send(
                {
                    "type": "rejected",
                    "op": op,
                    "code": NotAllowed.code,
                    "message": _("You are no longer part of this session."),
                }
            )
            await self._close(removed.code)
            return
        except Exception:
            await self._server_error(op=op)
            return
        await self._send({"type": "ack", "op": op, "seq": result.seq})  # the service has committed

    # Database work, run in a worker thread ---------------------------------------------------

    def _actor(self) -> services.Actor:
        """A fresh actor for every op, so a removal or a lost role counts at once."""
        if self.identity.participant is not None:
            found = _PRESENT_PARTICIPANT.get(self.identity.participant.pk)
            if found is None:
                raise Removed
            return services.Actor(participant=found)
        return services.Actor(user=self._facilitator())

    def _facilitator(self):
        """The account behind this socket, read again; Removed(4401) when it may no longer
        facilitate the workshop (deactivated, another role or organisation)."""
        user = get_user_model().objects.filter(pk=self.identity.user_id).first()
        workshop = Workshop.objects.filter(pk=self.workshop_id).only("organisation_id").first()
        if workshop is None or not rules.can_facilitate(user, workshop):
            raise Removed(events.CLOSE_UNAUTHENTICATED)
        return user

    def _check_still_allowed(self) -> None:
        """Authorization on every message, not only at connect (docs/reliability.md §0 item 6)."""
        if self.identity.participant is None:
            self._facilitator()
        elif not Participant.objects.filter(
            pk=self.identity.participant.pk, removed_at__isnull=True
        ).exists():
            raise Removed

    def _run_op(self, spec: Op, kwargs: dict, client_op_id: uuid.UUID) -> services.OpResult:
        return spec.run(
            workshop_id=self.workshop_id, actor=self._actor(), client_op_id=client_op_id, **kwargs
        )

    def _catch_up(
        self, after: int | None, *, snapshot_allowed: bool = True
    ) -> tuple[int, list[dict | str] | None]:
        """The head and the frames that bring a client from ``after`` to now: events or a
        snapshot (already encoded), or None when a snapshot is needed but not allowed now."""
        self._check_still_allowed()
        workshop = Workshop.objects.get(pk=self.workshop_id)
        frames = None if after is None else _events_since(workshop, after)
        if frames is None and snapshot_allowed:
            frames = [_snapshot_frame(workshop)]
        return workshop.last_seq, frames

    def _beat_state(self) -> tuple[int | None, int | None]:
        """The head for the heartbeat, or a close code when the socket must end."""
        row = Workshop.objects.filter(pk=self.workshop_id).values_list("last_seq", "status").first()
        if row is None or row[1] == Workshop.Status.ENDED:
            return None, events.CLOSE_ENDED
        try:
            self._check_still_allowed()
        except Removed as removed:
            return None, removed.code
        return row[0], None

    # Heartbeat and sending ------------------------------------------------------------------------

    async def _beat(self) -> None:
        """Send the head every HEARTBEAT_SECONDS; also a fallback for a lost close message.
        Runs until the socket closes (cancelled in disconnect/_close)."""
        while not self.closed:
            await asyncio.sleep(float(settings.WIJKTAFEL["HEARTBEAT_SECONDS"]))
            try:
                if self.identity.participant is not None:  # shared per room (few queries)
                    head, close_code = await _participant_beat(
                        self.workshop_id, self.identity.participant.pk
                    )
                else:
                    head, close_code = await database_sync_to_async(self._beat_state)()
            except Exception:
                logger.exception("heartbeat of workshop %s failed", self.workshop_id)
                continue
            if close_code:
                await self._close(close_code)
                return
            await self._send({"type": "hb", "head": head, "now": _now()})

    async def _send(self, *frames: dict) -> None:
        for frame in frames:
            await self._send_text(encode(frame))

    async def _send_live(self, text: str) -> None:
        """A live frame from the hub, straight to the server's send: channels' session wrapper
        only acts on accept, and skipping it per socket is a quarter of the fan-out's cost."""
        if self.closed:
            return
        send = getattr(getattr(self.base_send, "__self__", None), "real_send", self.base_send)
        try:
            await send({"type": "websocket.send", "text": text})
        except Exception:  # the client is gone; disconnect() follows
            self.closed = True

    async def _send_text(self, text: str) -> None:
        if self.closed:
            return
        try:
            await self.send(text_data=text)
        except Exception:  # the client is gone; disconnect() follows
            logger.debug("send to a closed socket of workshop %s", self.workshop_id, exc_info=True)
            self.closed = True

    def _leave(self) -> None:
        if self.seat is not None:
            fanout.hub().leave(self.seat)

    async def _close(self, code: int) -> None:
        self._leave()
        if self.heartbeat is not None and self.heartbeat is not asyncio.current_task():
            self.heartbeat.cancel()
        if not self.closed:
            self.closed = True
            try:
                await self.close(code=code)
            except Exception:
                logger.debug("close of a gone socket", exc_info=True)

    async def _server_error(self, op: str | None = None) -> None:
        ref = uuid.uuid4().hex[:12]
        logger.exception("websocket message failed in workshop %s (ref %s)", self.workshop_id, ref)
        await self._send(
            {
                "type": "error",
                "code": "server_error",
                "ref": ref,
                "message": _("Something went wrong on our side. Please try again."),
                **({"op": op} if op is not None else {}),
            }
        )


SNAPSHOT_PREFIX = '{"type":"snapshot"'


def _snapshot_frame(workshop: Workshop) -> str:
    """The snapshot frame, from the room's shared build (``selectors.shared_snapshot_text``)."""
    return SNAPSHOT_PREFIX + ',"state":' + selectors.shared_snapshot_text(workshop) + "}"


def _events_since(workshop: Workshop, after: int) -> list[dict] | None:
    """Every logged event after ``after``, paged; None when the log cannot bridge the gap."""
    frames: list[dict] = []
    for _page in range(settings.WIJKTAFEL["RESYNC_MAX_EVENTS"] // RESYNC_PAGE + 2):
        page = selectors.events_after(workshop=workshop, after=after, limit=RESYNC_PAGE)
        if page is None:  # too old or ahead of head; on a later page: past the head we read
            return frames or None
        frames.extend(page)
        if len(page) < RESYNC_PAGE:
            break
        after = page[-1]["seq"]
    return frames  # bounded: the heartbeat shows the client any rest


class _RoomBeats:
    """What a participant's heartbeat checks (the room's head and status, who was removed), for
    every room of the process in one read, kept for a moment (at most half a heartbeat, 1 s):
    5,500 sockets in 220 rooms cost about one read a second on the one database thread, not
    one per room (issue 12: those reads were a tenth of that thread at the knee)."""

    MAX_ROOMS = 10_000  # kept entries; beyond that the oldest reads are dropped

    def __init__(self) -> None:
        self.known: dict[int, tuple[float, tuple | None, frozenset[int]]] = {}
        self.wanted: set[int] = set()
        self.reading: asyncio.Task | None = None

    async def state(self, workshop_id: int) -> tuple[tuple | None, frozenset[int]]:
        loop = asyncio.get_running_loop()
        ttl = min(1.0, float(settings.WIJKTAFEL["HEARTBEAT_SECONDS"]) / 2)
        entry = self.known.get(workshop_id)
        if entry is not None and loop.time() - entry[0] <= ttl:
            return entry[1], entry[2]
        self.wanted.add(workshop_id)
        for _attempt in range(2):  # a read under way may have started without this room
            if self.reading is None:
                self.reading = loop.create_task(self._read(), context=contextvars.Context())
            found = await asyncio.shield(self.reading)
            if workshop_id in found:
                return found[workshop_id]
        raise RuntimeError(f"no heartbeat state for workshop {workshop_id}")

    async def _read(self) -> dict[int, tuple[tuple | None, frozenset[int]]]:
        loop = asyncio.get_running_loop()
        try:
            wanted, self.wanted = sorted(self.wanted), set()
            started = loop.time()
            found = await database_sync_to_async(_rooms_beat_state)(wanted)
            if len(self.known) > self.MAX_ROOMS:
                self.known.clear()
            read = {pk: found.get(pk, (None, frozenset())) for pk in wanted}
            for workshop_id, state in read.items():
                self.known[workshop_id] = (started, *state)
            return read
        finally:
            self.reading = None


_BEATS: dict[asyncio.AbstractEventLoop, _RoomBeats] = {}


def _rooms_beat_state(workshop_ids: list[int]) -> dict[int, tuple[tuple, frozenset[int]]]:
    """By workshop: (last_seq, status) and its removed participants; two queries for all."""
    found: dict[int, tuple[tuple, frozenset[int]]] = {}
    for start in range(0, len(workshop_ids), 500):  # within any database's parameter limit
        ids = workshop_ids[start : start + 500]
        removed: dict[int, set[int]] = {}
        for workshop_id, participant_id in Participant.objects.filter(
            workshop_id__in=ids, removed_at__isnull=False
        ).values_list("workshop_id", "pk"):
            removed.setdefault(workshop_id, set()).add(participant_id)
        for pk, last_seq, status in Workshop.objects.filter(pk__in=ids).values_list(
            "pk", "last_seq", "status"
        ):
            found[pk] = ((last_seq, status), frozenset(removed.get(pk, ())))
    return found


async def _participant_beat(workshop_id: int, participant_id: int) -> tuple[int | None, int | None]:
    """A participant's heartbeat check, from the reading shared by every room (_RoomBeats)."""
    loop = asyncio.get_running_loop()
    beats = _BEATS.get(loop)
    if beats is None:
        for old in [known for known in _BEATS if known.is_closed()]:
            del _BEATS[old]
        beats = _BEATS[loop] = _RoomBeats()
    row, removed = await beats.state(workshop_id)
    if row is None or row[1] == Workshop.Status.ENDED:
        return None, events.CLOSE_ENDED
    if participant_id in removed:
        return None, events.CLOSE_REMOVED
    return row[0], None


def _seq_field(message: dict, key: str) -> int | None:
    value = message.get(key)
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise BadMessage(
        "bad_message", _("“%(field)s” must be a whole number or null.") % {"field": key}
    )


MESSAGE_HANDLERS: dict[str, Callable] = {
    "hello": WorkshopConsumer.on_hello,
    "resync": WorkshopConsumer.on_resync,
    "op": WorkshopConsumer.on_op,
    "hb_ack": WorkshopConsumer.on_hb_ack,
}
