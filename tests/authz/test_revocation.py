"""Authorization is checked on every message, not only at connect (docs/reliability.md §0 item 6).

A socket stays open for hours. When the person behind it may no longer see the workshop (a
facilitator's account is deactivated or moved to another organisation, a participant removed
while the close message was lost), the next message that reads the workshop must not answer
with its state, and the heartbeat must close the socket.
"""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from tests.support.authz import restore_rows
from tests.support.ws import Socket, session_for  # noqa: F401
from wijktafel.accounts.models import Organisation, User
from wijktafel.workshops.models import Participant

pytestmark = pytest.mark.django_db(transaction=True)


def _deactivate(user_id):
    User.objects.filter(pk=user_id).update(is_active=False)


def _move_to_other_org(user_id, org_id):
    User.objects.filter(pk=user_id).update(organisation_id=org_id)


def _demote(user_id):
    # A role that grants nothing; within the column's 20 characters, which PostgreSQL enforces.
    User.objects.filter(pk=user_id).update(role="member-no-rights")


def _remove_silently(participant_id):
    """Removed in the database, but the close message to its sockets never arrived."""
    Participant.objects.filter(pk=participant_id).update(removed_at=timezone.now())


async def _open(world, *, user=None, tokens=None) -> Socket:
    sock = Socket(world.x.a.workshop.pk, await session_for(user=user, tokens=tokens))
    await sock.open()
    welcome, _frames = await sock.hello()
    assert welcome["type"] == "welcome"
    return sock


async def _revoke(world, how: str) -> tuple[dict, int]:
    """Open a socket, revoke its right in the database; returns the socket's session and the code."""
    fac = world.x.facilitator
    if how == "deactivated":
        await database_sync_to_async(_deactivate)(fac.pk)
    elif how == "moved":
        other = await database_sync_to_async(Organisation.objects.get)(pk=world.y.organisation.pk)
        await database_sync_to_async(_move_to_other_org)(fac.pk, other.pk)
    elif how == "demoted":
        await database_sync_to_async(_demote)(fac.pk)
    else:
        await database_sync_to_async(_remove_silently)(world.x.a.participants[0].pk)
        return {"tokens": {world.x.a.workshop.pk: world.x.a.tokens[0]}}, 4403
    return {"user": fac}, 4401


CASES = ["deactivated", "moved", "demoted", "participant removed"]


@pytest.mark.parametrize("how", CASES)
@pytest.mark.parametrize(
    "message",
    [
        {"type": "resync", "after": None},
        {"type": "resync", "after": 0},
        {"type": "hello", "last_seq": None},
    ],
    ids=["snapshot", "events", "hello"],
)
async def test_a_revoked_socket_gets_no_state_and_is_closed(world_rows, how, message):
    world, rows = world_rows
    await database_sync_to_async(restore_rows)(rows)
    who = (
        {"user": world.x.facilitator}
        if how != "participant removed"
        else {"tokens": {world.x.a.workshop.pk: world.x.a.tokens[0]}}
    )
    sock = await _open(world, **who)
    try:
        _session, code = await _revoke(world, how)
        await sock.send(message)
        output = await sock.comm.receive_output(2)
        assert output["type"] == "websocket.close", f"got {output.get('text', output)[:200]}"
        assert output.get("code") == code
    finally:
        await sock.close()


@pytest.mark.parametrize("how", CASES)
async def test_the_heartbeat_closes_a_revoked_socket(world_rows, how, settings):
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "HEARTBEAT_SECONDS": 0.2}
    world, rows = world_rows
    await database_sync_to_async(restore_rows)(rows)
    who = (
        {"user": world.x.facilitator}
        if how != "participant removed"
        else {"tokens": {world.x.a.workshop.pk: world.x.a.tokens[0]}}
    )
    sock = await _open(world, **who)
    try:
        _session, code = await _revoke(world, how)
        assert await sock.expect_close(timeout=3) == code
    finally:
        await sock.close()


async def test_an_op_of_a_revoked_facilitator_is_refused_and_closes_the_socket(world_rows):
    world, rows = world_rows
    await database_sync_to_async(restore_rows)(rows)
    sock = await _open(world, user=world.x.facilitator)
    try:
        await _revoke(world, "deactivated")
        reply = await sock.op("column.create", {"title": "Te laat"})
        assert (reply["type"], reply["code"]) == ("rejected", "forbidden"), reply
        assert await sock.expect_close() == 4401
    finally:
        await sock.close()
