"""The register's ops over the real socket: a refusal is sent to its sender only and changes
nothing; an accepted op reaches every screen, and the snapshot holds the result."""

import pytest
from channels.db import database_sync_to_async

from tests.support.factories import join
from tests.support.ws import db_counts
from wijktafel.agreements.models import Agreement
from wijktafel.workshops import selectors
from wijktafel.workshops.models import Workshop

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot_of(workshop):
    return selectors.workshop_snapshot(Workshop.objects.get(pk=workshop.pk))


async def test_two_owners_over_the_socket_then_one_reports(
    sockets, workshop, facilitator, ans, bram
):
    console = await sockets(workshop, user=facilitator)
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    other_phone = await sockets(workshop, tokens={workshop.pk: bram.token})

    ack = await console.op(
        "agreement.create",
        {
            "kind": "joint_agreement",
            "description": "Bewonersavond",
            "owner_ids": [ans.participant.pk, bram.participant.pk],
            "due_date": "2027-01-15",
        },
    )
    assert ack["type"] == "ack", ack
    created = await phone.recv()
    assert created["kind"] == "agreement.created"
    assert created["data"]["owner_ids"] == [ans.participant.pk, bram.participant.pk]
    assert await console.recv() == created and await other_phone.recv() == created
    pk = created["data"]["id"]

    report = await other_phone.op(
        "agreement.progress", {"agreement_id": pk, "text": "Zaal geregeld"}
    )
    assert report["type"] == "ack", report
    event = await console.recv()
    assert event["kind"] == "agreement.progress_added"
    assert event["data"]["progress"][0]["author_name"] == "Bram"
    for sock in (phone, other_phone):
        assert await sock.recv() == event

    snapshot = await database_sync_to_async(snapshot_of)(workshop)
    assert snapshot["agreements"] == [event["data"]]


async def test_refusals_change_nothing_and_reach_no_one_else(
    sockets, workshop, facilitator, ans, bram, other_workshop
):
    stranger = await database_sync_to_async(join)(other_workshop, "Zoë")
    agreement = await database_sync_to_async(Agreement.objects.create)(
        workshop=workshop, kind="follow_up", description="Terugkoppelen", owner_names="Gemeente"
    )
    console = await sockets(workshop, user=facilitator)
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    before = await db_counts(workshop.pk)

    cases = [
        (phone, "agreement.create", {"kind": "joint_agreement", "description": "Wij"}, "forbidden"),
        (phone, "agreement.update", {"agreement_id": agreement.pk, "status": "done"}, "forbidden"),
        (phone, "agreement.progress", {"agreement_id": agreement.pk, "text": "Ik"}, "forbidden"),
        (phone, "agreement.delete", {"agreement_id": agreement.pk}, "forbidden"),
        (phone, "agreement.distribute", {}, "forbidden"),
        (
            console,
            "agreement.create",
            {
                "kind": "follow_up",
                "description": "Elders",
                "owner_ids": [stranger.participant.pk],
            },
            "not_found",
        ),
        (
            console,
            "agreement.create",
            {"kind": "follow_up", "description": "x", "owner_names": "Gemeente", "due_date": 5},
            "invalid",
        ),
        (console, "agreement.delete", {"agreement_id": agreement.pk + 1000}, "not_found"),
    ]
    for sender, kind, data, code in cases:
        reply = await sender.op(kind, data)
        assert (reply["type"], reply["code"]) == ("rejected", code), (kind, reply)
    assert await db_counts(workshop.pk) == before
    assert await console.nothing() and await phone.nothing()
    assert await database_sync_to_async(Agreement.objects.count)() == 1
