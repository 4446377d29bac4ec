"""Contact-detail canaries: planted personal data must not reach anyone who may not see it.

What personal data exists today (wijktafel/accounts/models.py, workshops/models.py):

* the e-mail address of every account (facilitator, organisation admin, platform admin). No one
  sees it but its owner: it is in no page, API answer, socket frame or log line;
* what a participant typed as organisation and role when joining ("as the group will see
  them", JoinNameForm). It is shown to that workshop (its members and facilitators) and to no
  one else. We plant a phone number there, as a resident might type one.

No model has a phone or address field yet. A new contact field needs its canary here.

Allowed places, where a canary may legitimately appear (each is asserted, so the needle is
known to work):

* ``allowed_email``: the login form shows back the address its user just typed (after a wrong
  password); the Django admin (platform admins only) lists failed logins by typed username;
  ``OWN_EMAIL_PLACES``: the admin login page tells a logged-in account its own address.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.test import Client

from tests.workshops.ws_client import Socket, fresh_channel_layer, session_for  # noqa: F401
from wijktafel.workshops import selectors

from .policy import ROLES, cells
from .test_matrix import _HANDLER, api_request, body_text, client_for, page_request
from .world import World, build_world

EMAIL_NEEDLES = ("7f3a@invalid.example", "7f3a%40invalid.example", "7f3a\\u0040invalid")
PHONE = "+31 6 0000 7f3a"
PHONE_NEEDLES = ("0000 7f3a", "0000+7f3a", "0000%207f3a")
EMAILS = {"facilitator": "canary-7f3a@invalid.example", "org_admin": "canary-admin-7f3a@invalid.example"}
ROOT_EMAIL = "canary-root-7f3a@invalid.example"
CONTACT = {"role_text": f"bewoner mrkXAmrk, bel me op {PHONE}"}

# Who may see what A's participants typed about themselves.
SEES_PHONE = {"participant_a", "facilitator_a", "org_admin", "platform_admin"}


def allowed_email(endpoint: str, role: str) -> bool:
    """Places where an account's e-mail address may be shown to someone other than its owner."""
    method, name = endpoint.split(" ", 1)
    if method == "POST" and name in {"accounts:login", "admin:login"}:
        return True  # the login form shows back the address its user just typed
    # Django admin, platform admins only: failed logins are listed by the username typed.
    return role == "platform_admin" and name.startswith("admin:axes_")


ADDRESSES = {"facilitator_a": EMAILS["facilitator"], "org_admin": EMAILS["org_admin"],
             "platform_admin": ROOT_EMAIL}
# Where a logged-in account is shown its own address (Django admin: "logged in as ...").
OWN_EMAIL_PLACES = {"GET admin:login", "POST admin:login"}


def canary_world() -> World:
    return build_world(emails_x=EMAILS, platform_email=ROOT_EMAIL, contact_x=CONTACT)


def has(text: str, needles) -> bool:
    return any(needle in text for needle in needles)


# --- Logs --------------------------------------------------------------------------------------

class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


_FORMAT = logging.Formatter("%(name)s %(levelname)s %(message)s")


def log_text(records) -> str:
    """Everything a log handler could write: message, traceback, and every extra attribute."""
    parts = []
    for record in records:
        parts.append(_FORMAT.format(record))
        parts.append(repr({k: v for k, v in record.__dict__.items() if k != "exc_info"}))
    return "\n".join(parts)


@pytest.fixture
def logs():
    """Every log record of the test, at DEBUG, from every logger (also those with their own level
    or that do not propagate)."""
    handler = Collect()
    root = logging.getLogger()
    saved = [(root, root.level, root.propagate)]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for logger in list(logging.root.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            saved.append((logger, logger.level, logger.propagate))
            if logger.level > logging.DEBUG:
                logger.setLevel(logging.DEBUG)
            if not logger.propagate:
                logger.addHandler(handler)
    yield handler.records
    for logger, level, _propagate in saved:
        logger.setLevel(level)
        logger.removeHandler(handler)


def assert_logs_clean(records) -> None:
    text = log_text(records)
    assert records, "no log records were captured at all"
    assert not has(text, EMAIL_NEEDLES), "an e-mail address reached the log"
    assert not has(text, PHONE_NEEDLES), "what a participant typed about themselves reached the log"


def _broken_snapshot(*args, **kwargs):
    raise RuntimeError("snapshot failed on purpose (canary test)")


# --- Pages and API ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_no_page_or_api_answer_shows_a_contact_detail_to_whom_may_not_see_it(logs, monkeypatch):
    """Every page and API cell of the matrix, as every role, on a world with canaries; reads
    first, then writes. Then three server errors (page, API) and failed logins and join codes."""
    world = canary_world()
    order = sorted(cells(), key=lambda c: (c[0] == "ws", not c[1].startswith("GET ")))
    seen_email, seen_phone, leaks = set(), set(), []
    for family, endpoint, role, _outcome in order:
        if family == "ws":
            continue
        client, headers = client_for(world, role, api=family == "api")
        if family == "page":
            method, name = endpoint.split(" ", 1)
            path, data = page_request(world, name, method)
            response = (client.post if method == "POST" else client.get)(path, data, headers=headers)
        else:
            method, path, body = api_request(world, endpoint)
            send = getattr(client, method.lower())
            if body is None:
                response = send(path, headers=headers)
            elif method == "GET":
                response = send(path, body, headers=headers)
            else:
                response = send(path, json.dumps(body), content_type="application/json", headers=headers)
        text = body_text(response) + response.get("Location", "")
        for owner, address in ADDRESSES.items():
            if not has(text, (address, address.replace("@", "%40"))):
                continue
            seen_email.add((endpoint, role))
            if owner == role and endpoint in OWN_EMAIL_PLACES:
                continue
            if not allowed_email(endpoint, role):
                leaks.append(f"{endpoint} showed the address of {owner} to {role}")
        if has(text, PHONE_NEEDLES):
            seen_phone.add(role)
            if role not in SEES_PHONE:
                leaks.append(f"{endpoint} showed what A's participants typed to {role}")
    assert not leaks, "\n".join(leaks)

    # The needles work: the allowed places did show them.
    assert ("POST accounts:login", "anonymous") in seen_email
    assert seen_phone == SEES_PHONE

    # Failed logins with the canary address, a wrong join code: what is logged?
    anonymous = Client()
    anonymous.handler = _HANDLER
    anonymous.post("/inloggen/", {"username": EMAILS["facilitator"], "password": "fout"})
    anonymous.post("/api/v1/join", {"code": "ZZZZ-ZZZZ", "display_name": "X", "role_text": PHONE},
                   content_type="application/json")

    # Server errors, with the canaries in the data being served.
    monkeypatch.setattr(selectors, "workshop_snapshot", _broken_snapshot)
    facilitator = Client(raise_request_exception=False)
    facilitator.handler = _HANDLER
    facilitator.force_login(world.x.facilitator)
    a = world.x.a.workshop.pk
    assert facilitator.get(f"/sessies/{a}/").status_code == 500
    answer = facilitator.get(f"/api/v1/workshops/{a}/state")
    assert answer.status_code == 500 and not has(answer.content.decode(), EMAIL_NEEDLES + PHONE_NEEDLES)
    participant, headers = client_for(world, "participant_a", api=True)
    assert participant.get(f"/api/v1/workshops/{a}/state", headers=headers).status_code == 500

    assert_logs_clean(logs)
    assert any(r.levelno >= logging.ERROR for r in logs), "the server errors were not logged"


# --- Sockets -----------------------------------------------------------------------------------

class Tap:
    """One socket and every text frame it received (raw, before decoding)."""

    def __init__(self, name: str, sock: Socket):
        self.name, self.sock, self.texts, self.closed_with = name, sock, [], None

    async def drain(self, quiet: float = 0.1) -> None:
        for _ in range(300):  # bounded; a step sends a handful of frames
            if self.closed_with is not None or await self.sock.comm.receive_nothing(quiet):
                return
            output = await self.sock.comm.receive_output(2)
            if output["type"] == "websocket.send":
                self.texts.append(output["text"])
            elif output["type"] == "websocket.close":
                self.closed_with = output.get("code")

    async def send(self, frame: dict) -> None:
        await self.sock.send(frame)

    async def op(self, kind: str, **data) -> None:
        await self.sock.send({"type": "op", "op": str(uuid.uuid4()), "kind": kind, "data": data})

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


@pytest.mark.django_db(transaction=True)
async def test_no_socket_frame_carries_a_contact_detail_to_whom_may_not_see_it(logs, settings, monkeypatch):
    """A realistic session: join, post-its, facilitator actions, agenda and code changes over the
    API, a removal, resync and snapshot, heartbeats, a server error, the end."""
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "HEARTBEAT_SECONDS": 0.3}
    world = await database_sync_to_async(canary_world)()
    a, x, y = world.x.a, world.x, world.y
    pk = a.workshop.pk

    async def tap(name, workshop_id, *, user=None, tokens=None) -> Tap:
        sock = Socket(workshop_id, await session_for(user=user, tokens=tokens))
        await sock.open()
        await sock.send({"type": "hello", "last_seq": None})
        return Tap(name, sock)

    taps = {
        "facilitator_a": await tap("facilitator_a", pk, user=x.facilitator),
        "org_admin": await tap("org_admin", pk, user=x.org_admin),
        "platform_admin": await tap("platform_admin", pk, user=world.platform_admin),
        "participant_a": await tap("participant_a", pk, tokens={pk: a.tokens[0]}),
        "bram": await tap("bram", pk, tokens={pk: a.tokens[1]}),
        "participant_b": await tap("participant_b", x.b.workshop.pk, tokens={x.b.workshop.pk: x.b.tokens[0]}),
        "facilitator_other": await tap("facilitator_other", y.a.workshop.pk, user=y.facilitator),
    }

    async def settle():
        for t in taps.values():
            await t.drain()

    await settle()
    fac, ans = taps["facilitator_a"], taps["participant_a"]
    await ans.op("postit.create", text="Losliggende stoeptegels", column_id=a.columns[0].pk)
    await ans.op("postit.update", id=a.postits["own"].pk, text="Losse tegels", why="Vallen")
    await settle()

    # Someone joins over the API and types a phone number as their role: the room sees it.
    def api_calls():
        newcomer = Client()
        newcomer.handler = _HANDLER
        joined = newcomer.post("/api/v1/join", {"code": a.join_code, "display_name": "Dirk",
                                                "role_text": f"buurtwacht {PHONE}"},
                               content_type="application/json")
        assert joined.status_code == 201, joined.content
        console = Client()
        console.handler = _HANDLER
        console.force_login(x.facilitator)
        base = f"/api/v1/workshops/{pk}"
        assert console.post(f"{base}/agenda-items", {"title": "Extra", "duration_minutes": 5},
                            content_type="application/json").status_code == 201
        assert console.post(f"{base}/join-code/rotate").status_code == 200

    await sync_to_async(api_calls)()
    await settle()

    await fac.op("column.create", title="Wijkagent")
    await fac.op("postit.move", id=a.postits["other"].pk, column_id=a.columns[1].pk, position=0)
    await fac.op("postit.park", id=a.postits["facilitator"].pk, parked=True, note="Later")
    await fac.op("postit.unmerge", id=a.postits["merged"].pk)
    await fac.op("postit.merge", id=a.postits["merged"].pk, into_id=a.postits["other"].pk)
    await fac.op("timer.control", action="start")
    await fac.op("timer.control", action="extend", minutes=5)
    await fac.op("workshop.joining", open=False)
    await fac.op("participant.remove", id=a.participants[1].pk)
    await settle()
    assert taps["bram"].closed_with == 4403

    await ans.send({"type": "resync", "after": 0})
    await ans.send({"type": "resync", "after": None})
    await ans.send({"type": "hb_ack", "last_seq": 1})
    await settle()
    for t in taps.values():  # heartbeats (every 0.3 s here): wait for one on every open socket
        for _ in range(20):
            if t.closed_with is not None or '"hb"' in t.text:
                break
            await t.drain(quiet=0.1)
            await asyncio.sleep(0.1)

    monkeypatch.setattr(selectors, "workshop_snapshot", _broken_snapshot)
    await ans.send({"type": "resync", "after": None})
    await settle()
    monkeypatch.undo()
    assert '"server_error"' in ans.text

    await fac.op("workshop.end")
    await settle()
    assert ans.closed_with == 4408 and fac.closed_with == 4408

    for t in taps.values():
        assert t.texts, f"{t.name} received nothing"
        assert not has(t.text, EMAIL_NEEDLES), f"a socket frame to {t.name} held an e-mail address"
        may_see = t.name in SEES_PHONE or t.name == "bram"
        assert may_see or not has(t.text, PHONE_NEEDLES), f"{t.name} received what A's participants typed"
    # The needle works: the room saw what Ans and Dirk chose to show.
    assert has(ans.text, PHONE_NEEDLES) and '"hb"' in ans.text
    assert "mrkXAmrk" not in taps["participant_b"].text + taps["facilitator_other"].text

    for t in taps.values():
        await t.sock.close()
    assert_logs_clean(logs)
    assert any("server_error" in r.getMessage() or r.levelno >= logging.ERROR for r in logs)

