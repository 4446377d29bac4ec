"""Contact-detail canaries: planted personal data must not reach anyone who may not see it.

What personal data exists today (wijktafel/accounts/models.py, workshops/models.py):

* the e-mail address of every account (facilitators, organisation admins, platform admin). No
  one but its owner sees it: it is in no page, API answer, socket frame or log line;
* what a participant typed as organisation and role when joining ("as the group will see
  them", JoinNameForm). It is shown to that workshop (its members and facilitators) and to no
  one else. We plant a phone number there, as a resident might type one;
* the contact form of Samenwerken in de wijk (``collaboration.Contact``: phone and e-mail) and
  the reflection answers. One's own, and the facilitators of the session, read them; the others
  only the contact details of those who agreed to share them, and no answer at all. We plant
  them for the second participant of workshop A, who did not agree (``CANARY_PRIVATE``).

A new contact field needs its canary.

The canaries are planted in every world (``world.build_world``, ``CANARY_EMAILS``,
``CANARY_PHONE``, ``CANARY_PRIVATE``), so every cell of the matrix (every page, API route and socket message as
every role) checks them, and checks that no log record holds one. The allowed places are in
``world.py``: ``allowed_email`` (a login form shows back the address its user just typed; the
Django admin, for platform admins only, lists failed logins by typed username) and
``OWN_EMAIL_PLACES`` (the admin login page tells a logged-in account its own address).

This module adds what the matrix does not do: proof that the needles are found where they may
be, server errors and failed logins with the log captured, and a whole live session.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.test import Client

from tests.support.authz import EMAIL_NEEDLES, assert_logs_clean
from tests.support.world import (
    CANARY_EMAILS,
    CANARY_PHONE,
    PHONE_NEEDLES,
    PRIVATE_NEEDLES,
    SEES_PHONE,
    build_world,
)
from tests.support.ws import Socket, session_for  # noqa: F401
from wijktafel.workshops import selectors

from .test_matrix import _HANDLER, client_for

EMAILS = CANARY_EMAILS
PHONE = CANARY_PHONE


def has(text: str, needles) -> bool:
    return any(needle in text for needle in needles)


def _broken_snapshot(*args, **kwargs):
    raise RuntimeError("snapshot failed on purpose (canary test)")


# --- Pages and API ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_canaries_show_where_allowed_and_never_in_the_log(logs, monkeypatch):
    """Every page and API cell already checks the canaries (test_matrix.py). Here: the needles
    work (they are found where they may be), and what failed logins, a wrong join code and
    three server errors write to the log."""
    world = build_world()
    a, b, y = world.x.a.workshop.pk, world.x.b.workshop.pk, world.y.a.workshop.pk
    anonymous = Client()
    anonymous.handler = _HANDLER
    typed = anonymous.post("/inloggen/", {"username": EMAILS["facilitator_a"], "password": "fout"})
    assert has(typed.content.decode(), EMAIL_NEEDLES)  # allowed: the form shows what was typed
    anonymous.post(
        "/api/v1/join",
        {"code": "ZZZZ-ZZZZ", "display_name": "X", "role_text": PHONE},
        content_type="application/json",
    )

    def state(role, workshop_id):
        client, headers = client_for(world, role, api=True)
        return client.get(
            f"/api/v1/workshops/{workshop_id}/state", headers=headers
        ).content.decode()

    assert has(state("participant_a", a), PHONE_NEEDLES)  # the room sees what Ans typed
    assert not has(state("participant_b", b) + state("facilitator_other", y), PHONE_NEEDLES)

    def meeting(role, route):
        client, headers = client_for(world, role, api=True)
        answer = client.get(f"/api/v1/workshops/{a}/samenwerken/{route}", headers=headers)
        assert answer.status_code in (200, 403), answer.content
        return answer.content.decode()

    # The second participant's contact form and answer: for A's facilitators, not for Ans.
    assert has(meeting("facilitator_a", "contacts"), PRIVATE_NEEDLES)
    assert has(meeting("facilitator_a", "reflection"), PRIVATE_NEEDLES)
    ans_reads = meeting("participant_a", "contacts") + meeting("participant_a", "me")
    assert "mrkXAmrk" in ans_reads and not has(ans_reads, PRIVATE_NEEDLES)
    assert not has(meeting("participant_a", "reflection"), PRIVATE_NEEDLES)  # 403

    monkeypatch.setattr(selectors, "workshop_snapshot", _broken_snapshot)
    monkeypatch.setattr(selectors, "_SHARED", {})  # built again, so it fails
    facilitator = Client(raise_request_exception=False)
    facilitator.handler = _HANDLER
    facilitator.force_login(world.x.facilitator)
    assert facilitator.get(f"/sessies/{a}/").status_code == 500
    answer = facilitator.get(f"/api/v1/workshops/{a}/state")
    assert answer.status_code == 500 and not has(
        answer.content.decode(), EMAIL_NEEDLES + PHONE_NEEDLES
    )
    participant, headers = client_for(world, "participant_a", api=True)
    assert participant.get(f"/api/v1/workshops/{a}/state", headers=headers).status_code == 500

    assert any(r.levelno >= logging.ERROR for r in logs), "the server errors were not logged"
    assert any(r.name.startswith("axes") for r in logs), "the failed login was not logged"
    assert_logs_clean(logs)


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
async def test_no_socket_frame_carries_a_contact_detail_to_whom_may_not_see_it(
    logs, settings, monkeypatch
):
    """A realistic session: join, post-its, facilitator actions, agenda and code changes over the
    API, a removal, resync and snapshot, heartbeats, a server error, the end."""
    # Ans's socket asks for three snapshots in this minute (the last one fails on purpose).
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "HEARTBEAT_SECONDS": 0.3, "CATCH_UP_SNAPSHOTS": 3}
    world = await database_sync_to_async(build_world)()
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
        "participant_b": await tap(
            "participant_b", x.b.workshop.pk, tokens={x.b.workshop.pk: x.b.tokens[0]}
        ),
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
        joined = newcomer.post(
            "/api/v1/join",
            {"code": a.join_code, "display_name": "Dirk", "role_text": f"buurtwacht {PHONE}"},
            content_type="application/json",
        )
        assert joined.status_code == 201, joined.content
        console = Client()
        console.handler = _HANDLER
        console.force_login(x.facilitator)
        base = f"/api/v1/workshops/{pk}"
        assert (
            console.post(
                f"{base}/agenda-items",
                {"title": "Extra", "duration_minutes": 5},
                content_type="application/json",
            ).status_code
            == 201
        )
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
    monkeypatch.setattr(selectors, "_SHARED", {})  # built again, so it fails
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
        assert may_see or not has(t.text, PHONE_NEEDLES), (
            f"{t.name} received what A's participants typed"
        )
    # The needle works: the room saw what Ans and Dirk chose to show.
    assert has(ans.text, PHONE_NEEDLES) and '"hb"' in ans.text
    assert "mrkXAmrk" not in taps["participant_b"].text + taps["facilitator_other"].text

    for t in taps.values():
        await t.sock.close()
    assert_logs_clean(logs)
    assert any("server_error" in r.getMessage() or r.levelno >= logging.ERROR for r in logs)
