"""A small websocket test client over the real ASGI stack (origin check, cookie session, auth)."""

from __future__ import annotations

import json
import uuid

import pytest
from asgiref.testing import ApplicationCommunicator
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from config.asgi import application
from wijktafel.activities.models import Column, Postit
from wijktafel.workshops.consumers import SESSION_KEY as PARTICIPANTS_KEY
from wijktafel.workshops.models import Workshop, WorkshopEvent

ORIGIN = (b"origin", b"http://127.0.0.1:8000")
TIMEOUT = 2


def make_session(*, user=None, tokens: dict | None = None) -> str:
    """A saved session as the login and join views leave it; returns the session key."""
    store = SessionStore()
    if user is not None:
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if tokens:
        store[PARTICIPANTS_KEY] = {str(k): v for k, v in tokens.items()}
    store.create()
    return store.session_key


class Socket:
    """One browser tab's socket; frames are JSON-decoded on receipt."""

    def __init__(
        self,
        workshop_id: int,
        session_key: str | None,
        *,
        cookies: dict | None = None,
        headers: list | None = None,
    ):
        cookies = dict(cookies or {})
        if session_key:
            cookies[settings.SESSION_COOKIE_NAME] = session_key
        headers = [ORIGIN, *(headers or [])]
        if cookies:
            headers.append((b"cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()).encode()))
        # asgiref's communicator: channels.testing imports daphne, which we do not install.
        self.comm = ApplicationCommunicator(
            application,
            {
                "type": "websocket",
                "path": f"/ws/workshops/{workshop_id}/",
                "query_string": b"",
                "headers": headers,
                "subprotocols": [],
            },
        )
        self.closed_with: int | None = None

    async def open(self) -> None:
        await self.comm.send_input({"type": "websocket.connect"})
        assert (await self.comm.receive_output(TIMEOUT))["type"] == "websocket.accept"

    async def refused(self) -> int:
        """Connect and return the close code that follows the accept."""
        await self.open()
        return await self.expect_close()

    async def send(self, frame: dict | str) -> None:
        text = frame if isinstance(frame, str) else json.dumps(frame)
        await self.comm.send_input({"type": "websocket.receive", "text": text})

    async def recv(self, timeout: float = TIMEOUT) -> dict:
        output = await self.comm.receive_output(timeout)
        assert output["type"] == "websocket.send", output
        return json.loads(output["text"])

    async def nothing(self, timeout: float = 0.15) -> bool:
        return await self.comm.receive_nothing(timeout=timeout)

    async def expect_close(self, timeout: float = TIMEOUT) -> int:
        output = await self.comm.receive_output(timeout)
        while output["type"] == "websocket.send":  # frames sent before the close
            output = await self.comm.receive_output(timeout)
        assert output["type"] == "websocket.close", output
        self.closed_with = output.get("code")
        return self.closed_with

    async def hello(self, last_seq: int | None = None) -> tuple[dict, list[dict]]:
        """Send hello; return the welcome and the catch-up frames that follow it."""
        await self.send({"type": "hello", "last_seq": last_seq})
        welcome = await self.recv()
        assert welcome["type"] == "welcome", welcome
        frames = []
        for _ in range(5000):  # catch-up frames, until the socket is quiet; heartbeats skipped
            if await self.nothing(0.1):
                break
            frame = await self.recv()
            if frame["type"] != "hb":
                frames.append(frame)
        return welcome, frames

    async def op(self, kind: str, data: dict, op: str | None = None) -> dict:
        op = op or str(uuid.uuid4())
        await self.send({"type": "op", "op": op, "kind": kind, "data": data})
        return await self.recv()

    async def close(self) -> None:
        try:
            await self.comm.send_input({"type": "websocket.disconnect", "code": 1000})
            await self.comm.wait(TIMEOUT)
        except Exception:  # already stopped
            pass


async def session_for(*, user=None, tokens=None) -> str:
    return await database_sync_to_async(make_session)(user=user, tokens=tokens)


def counts(workshop_id):
    return (
        WorkshopEvent.objects.filter(workshop_id=workshop_id).count(),
        Postit.objects.filter(workshop_id=workshop_id).count(),
        Column.objects.filter(workshop_id=workshop_id).count(),
        Workshop.objects.get(pk=workshop_id).last_seq,
    )


db_counts = database_sync_to_async(counts)


@pytest.fixture
async def sockets():
    opened: list[Socket] = []

    async def open_socket(workshop, *, user=None, tokens=None, hello=True):
        sock = Socket(workshop.pk, await session_for(user=user, tokens=tokens))
        opened.append(sock)
        await sock.open()
        if hello:
            await sock.hello()
        return sock

    yield open_socket
    for sock in opened:
        await sock.close()
