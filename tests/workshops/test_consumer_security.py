"""Who may open the live socket of a workshop and what they may touch through it."""

import dataclasses
import uuid

import pytest
from channels.db import database_sync_to_async
from django.utils import translation

from tests.support.factories import join
from tests.support.ws import Socket, db_counts, session_for
from wijktafel.activities import services as wall
from wijktafel.activities.models import Postit
from wijktafel.workshops import events, seam, services
from wijktafel.workshops.models import Workshop
from wijktafel.workshops.ops import FACILITATORS
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db(transaction=True)


async def refused_with(workshop_id, *, user=None, tokens=None) -> int:
    sock = Socket(
        workshop_id, await session_for(user=user, tokens=tokens) if (user or tokens) else None
    )
    try:
        return await sock.refused()
    finally:
        await sock.close()


async def test_no_session_is_closed_with_4401(workshop):
    assert await refused_with(workshop.pk) == 4401


async def test_unknown_workshop_is_closed_with_4401(workshop, facilitator):
    assert await refused_with(workshop.pk + 1000, user=facilitator) == 4401


async def test_participant_of_another_workshop_is_closed_with_4401(workshop, other_workshop):
    theirs = await database_sync_to_async(join)(other_workshop, "Els")
    assert await refused_with(workshop.pk, tokens={other_workshop.pk: theirs.token}) == 4401
    # Their token filed under our id does not open our workshop either.
    assert await refused_with(workshop.pk, tokens={workshop.pk: theirs.token}) == 4401


async def test_facilitator_of_another_organisation_is_closed_with_4401(workshop, other_facilitator):
    assert await refused_with(workshop.pk, user=other_facilitator) == 4401


async def test_garbage_in_the_session_is_closed_with_4401(workshop):
    assert await refused_with(workshop.pk, tokens={workshop.pk: ["not", "a", "token"]}) == 4401
    assert await refused_with(workshop.pk, tokens={workshop.pk: "x" * 500}) == 4401


async def test_participant_cannot_touch_a_postit_or_column_of_another_workshop(
    sockets, workshop, other_workshop, other_facilitator, ans
):
    theirs = Actor(user=other_facilitator)
    postit = await database_sync_to_async(wall.postit_create)(
        workshop_id=other_workshop.pk, actor=theirs, client_op_id=None, text="Geheim"
    )
    column = await database_sync_to_async(wall.column_create)(
        workshop_id=other_workshop.pk, actor=theirs, client_op_id=None, title="Elders"
    )
    postit_id, column_id = postit.event.payload["id"], column.event.payload["id"]
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    before = (await db_counts(workshop.pk), await db_counts(other_workshop.pk))

    for kind, data in [
        ("postit.update", {"id": postit_id, "text": "Overgenomen"}),
        ("postit.delete", {"id": postit_id}),
        ("postit.create", {"text": "In hun kolom", "column_id": column_id}),
    ]:
        reply = await phone.op(kind, data)
        assert (reply["type"], reply["code"]) == ("rejected", "not_found"), kind

    assert (await db_counts(workshop.pk), await db_counts(other_workshop.pk)) == before
    stored = await database_sync_to_async(Postit.objects.get)(pk=postit_id)
    assert stored.text == "Geheim"
    assert await phone.nothing()


async def test_facilitator_cannot_touch_another_workshops_objects_by_id(
    sockets, workshop, facilitator, other_workshop, other_facilitator
):
    theirs = Actor(user=other_facilitator)
    postit = await database_sync_to_async(wall.postit_create)(
        workshop_id=other_workshop.pk, actor=theirs, client_op_id=None, text="Geheim"
    )
    other_person = await database_sync_to_async(join)(other_workshop, "Els")
    fac = await sockets(workshop, user=facilitator)
    before = await db_counts(other_workshop.pk)

    for kind, data in [
        ("postit.park", {"id": postit.event.payload["id"], "parked": True}),
        ("participant.remove", {"id": other_person.participant.pk}),
        ("participant.update", {"participant_id": other_person.participant.pk, "kind": "other"}),
    ]:
        reply = await fac.op(kind, data)
        assert (reply["type"], reply["code"]) == ("rejected", "not_found"), kind

    assert await db_counts(other_workshop.pk) == before


async def test_participant_cannot_do_facilitator_ops(sockets, workshop, ans, bram):
    postit = await database_sync_to_async(wall.postit_create)(
        workshop_id=workshop.pk,
        actor=Actor(participant=ans.participant),
        client_op_id=None,
        text="Eigen",
    )
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    before = await db_counts(workshop.pk)
    data = {
        "postit_id": postit.event.payload["id"],
        "into_id": postit.event.payload["id"],
        "parked": True,
        "column_id": None,
        "title": "Mijn kolom",
        "action": "start",
        "open": False,
        "participant_id": bram.participant.pk,
    }
    kinds = sorted(k for k, spec in seam.ops().items() if spec.roles == FACILITATORS)
    # the engine's and the wall's, the stickers', the appraisal's, the register's, the PMI's,
    # parking, the groups'; the appraisal's own groups.carry_over; Samenwerken's (the sheet, the
    # follow-up, the closing, the round of actions)
    assert len(kinds) == 19 + 4 + 19 + 2 + 2 + 1 + 5 + 1 + 4

    for kind in kinds:
        reply = await phone.op(kind, data)

        assert (reply["type"], reply["code"]) == ("rejected", "forbidden"), kind
        assert reply["message"], kind
        assert await db_counts(workshop.pk) == before, kind
    assert await phone.nothing()


async def test_participant_cannot_change_someone_elses_postit(sockets, workshop, ans, bram):
    postit = await database_sync_to_async(wall.postit_create)(
        workshop_id=workshop.pk,
        actor=Actor(participant=bram.participant),
        client_op_id=None,
        text="Van Bram",
    )
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    before = await db_counts(workshop.pk)
    for kind, data in [
        ("postit.update", {"id": postit.event.payload["id"], "text": "Van Ans"}),
        ("postit.delete", {"id": postit.event.payload["id"]}),
    ]:
        reply = await phone.op(kind, data)
        assert (reply["type"], reply["code"]) == ("rejected", "forbidden"), kind
    assert await db_counts(workshop.pk) == before


async def test_removed_participant_is_closed_with_4403_at_once_and_cannot_reconnect(
    sockets, workshop, facilitator, ans
):
    fac = await sockets(workshop, user=facilitator)
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})

    ack = await fac.op("participant.remove", {"id": ans.participant.pk})

    assert ack["type"] == "ack"
    assert await phone.expect_close(timeout=1) == 4403
    assert await refused_with(workshop.pk, tokens={workshop.pk: ans.token}) == 4403


async def test_removed_participant_whose_close_was_lost_cannot_write_and_is_closed(
    sockets, workshop, facilitator, ans, monkeypatch
):
    monkeypatch.setattr(events, "close_participant_sockets", lambda participant_id: None)
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    await database_sync_to_async(services.participant_remove)(
        workshop_id=workshop.pk, actor=Actor(user=facilitator), participant_id=ans.participant.pk
    )
    assert (await phone.recv())["kind"] == "participant.removed"
    before = await db_counts(workshop.pk)

    reply = await phone.op("postit.create", {"text": "Toch nog"})

    assert (reply["type"], reply["code"]) == ("rejected", "forbidden")
    assert await phone.expect_close() == 4403
    assert await db_counts(workshop.pk) == before


async def test_heartbeat_closes_a_removed_participant_when_the_close_message_was_lost(
    sockets, workshop, facilitator, ans, monkeypatch, settings
):
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "HEARTBEAT_SECONDS": 0.05}
    monkeypatch.setattr(events, "close_participant_sockets", lambda participant_id: None)
    phone = await sockets(workshop, tokens={workshop.pk: ans.token}, hello=False)
    await phone.send({"type": "hello", "last_seq": None})
    await database_sync_to_async(services.participant_remove)(
        workshop_id=workshop.pk, actor=Actor(user=facilitator), participant_id=ans.participant.pk
    )
    assert await phone.expect_close(timeout=1) == 4403


async def test_workshop_end_closes_sockets_with_4408_and_reconnect_is_refused(
    sockets, workshop, facilitator, ans
):
    fac = await sockets(workshop, user=facilitator)
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    await database_sync_to_async(services.workshop_end)(
        workshop_id=workshop.pk, actor=Actor(user=facilitator)
    )

    assert await phone.expect_close(timeout=1) == 4408
    assert await fac.expect_close(timeout=1) == 4408
    assert await refused_with(workshop.pk, tokens={workshop.pk: ans.token}) == 4408
    assert await refused_with(workshop.pk, user=facilitator) == 4408
    status = await database_sync_to_async(lambda: Workshop.objects.get(pk=workshop.pk).status)()
    assert status == "ended"


async def test_ops_use_the_connections_workshop_and_actor_not_the_message(
    sockets, workshop, other_workshop, ans
):
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    op = str(uuid.uuid4())
    await phone.send(
        {
            "type": "op",
            "op": op,
            "kind": "postit.create",
            "workshop_id": other_workshop.pk,
            "actor": "u:1",
            "data": {"text": "Hier", "workshop": other_workshop.pk, "author_id": 1},
        }
    )
    assert (await phone.recv())["type"] == "ack"
    postit = await database_sync_to_async(Postit.objects.get)(text="Hier")
    assert (postit.workshop_id, postit.author_id, postit.author_user_id) == (
        workshop.pk,
        ans.participant.pk,
        None,
    )


@pytest.mark.parametrize(
    ("cookies", "headers", "language"),
    [
        ({}, [], "nl"),
        ({"django_language": "en"}, [], "en"),
        ({}, [(b"accept-language", b"en-GB,en;q=0.9")], "nl"),  # the browser does not choose (0005)
        ({"django_language": "nl"}, [(b"accept-language", b"en")], "nl"),
    ],
)
async def test_socket_messages_follow_the_language_of_the_pages(
    workshop, ans, monkeypatch, cookies, headers, language
):
    seen = []

    def spy(**kwargs):
        seen.append(translation.get_language())
        return original(**kwargs)

    original = wall.postit_create
    monkeypatch.setitem(
        seam._OPS, "postit.create", dataclasses.replace(seam.op("postit.create"), service=spy)
    )
    sock = Socket(
        workshop.pk,
        await session_for(tokens={workshop.pk: ans.token}),
        cookies=cookies,
        headers=headers,
    )
    try:
        await sock.open()
        assert (await sock.op("postit.create", {"text": "Taal"}))["type"] == "ack"
    finally:
        await sock.close()
    assert seen == [language]
