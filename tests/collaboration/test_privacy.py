"""Personal data of the meeting (bouwsteen 7, METHODS.md §4.7): the contact details of someone
who did not agree to share them reach nobody but the facilitator, not through the snapshot, the
event log, the API or a socket; the reflection answers reach only the facilitator; and a
withdrawal takes someone off the shared list at once."""

from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from tests.collaboration.conftest import as_, rows
from tests.support.api import call
from wijktafel.collaboration import services as meeting
from wijktafel.workshops.models import Workshop, WorkshopEvent
from wijktafel.workshops.selectors import shared_snapshot_text, workshop_snapshot

# Ans does not share: every field she typed is a secret, each one distinct from anything else.
ANS = {
    "name": "Ans van Verborgen",
    "organisation": "Wijkteam Geheimhouding",
    "function": "Stille wijkcoach",
    "phone": "06 98765432",
    "email": "ans.verborgen@wijkteam.example",
}
BRAM = {
    "name": "Bram Openhart",
    "organisation": "Helder Wonen",
    "function": "Wijkconsulent",
    "phone": "0223 555 111",
    "email": "bram@helderwonen.example",
}
ANSWER = "Onze teamleider en de corporatie praten niet meer met elkaar"


def _secrets(details: dict) -> list[str]:
    """What must not be found: each field, and the phone's digits without spaces."""
    return [*details.values(), details["phone"].replace(" ", "")]


def _leaks(text: str, details: dict) -> list[str]:
    return [secret for secret in _secrets(details) if secret in text]


def _events(workshop) -> str:
    """Every event the session logged, as one text."""
    return json.dumps(
        [e.as_message() for e in WorkshopEvent.objects.filter(workshop=workshop).order_by("seq")],
        ensure_ascii=False,
    )


def _snapshot(workshop) -> dict:
    return workshop_snapshot(Workshop.objects.get(pk=workshop.pk))


def _save(workshop, who, details, share):
    return meeting.contact_save(workshop_id=workshop.pk, actor=as_(who), share=share, **details)


def _shared_payload(joined, details) -> dict:
    return {"participant_id": joined.participant.pk, **details, "share": True}


@pytest.fixture
def chantal(session):
    from tests.support.factories import join

    return join(session, "Chantal")


@pytest.fixture
def fac_client(facilitator):
    client = Client()
    client.force_login(facilitator)
    return client


@pytest.mark.django_db
def test_a_contact_not_shared_is_in_no_snapshot_no_event_and_only_the_facilitators_list(
    session, fac_client, ans, bram, chantal
):
    _save(session, ans, ANS, share=False)
    _save(session, bram, BRAM, share=True)

    snapshot = _snapshot(session)

    contacts = snapshot["meeting"]["contacts"]
    assert contacts["shared"] == [_shared_payload(bram, BRAM)]
    assert contacts["filled_ids"] == sorted([ans.participant.pk, bram.participant.pk])
    assert _leaks(json.dumps(snapshot, ensure_ascii=False), ANS) == []
    assert _leaks(shared_snapshot_text(Workshop.objects.get(pk=session.pk)), ANS) == []
    # The events carry no one's details at all, not even of those who share them.
    log = _events(session)
    assert [e.kind for e in WorkshopEvent.objects.filter(workshop=session)][-2:] == [
        "contacts.changed",
        "contacts.changed",
    ]
    assert _leaks(log, ANS) == [] and _leaks(log, BRAM) == []

    anon = Client()
    path = f"/workshops/{session.pk}/samenwerken/contacts"
    as_chantal = call(anon, "GET", path, token=chantal.token)
    as_ans = call(anon, "GET", path, token=ans.token)
    as_facilitator = call(fac_client, "GET", path)

    assert as_chantal.status_code == 200
    assert as_chantal.json() == {"contacts": [_shared_payload(bram, BRAM)], "missing": []}
    assert as_ans.json() == as_chantal.json()  # she sees the shared list too, not more
    assert _leaks(as_chantal.content.decode(), ANS) == []
    everyone = as_facilitator.json()
    assert [c["name"] for c in everyone["contacts"]] == [ANS["name"], BRAM["name"]]
    assert everyone["contacts"][0] == {"participant_id": ans.participant.pk, **ANS, "share": False}
    assert everyone["missing"] == [{"id": chantal.participant.pk, "name": "Chantal"}]
    # The state and the event log over the API, as Chantal's phone reads them.
    for read in (f"/workshops/{session.pk}/state", f"/workshops/{session.pk}/events?after=0"):
        response = call(anon, "GET", read, token=chantal.token)
        assert response.status_code == 200 and _leaks(response.content.decode(), ANS) == []
    # Ans's own page shows her what she typed; Chantal's shows nothing of Ans.
    mine = call(anon, "GET", f"/workshops/{session.pk}/samenwerken/me", token=ans.token).json()
    assert mine["contact"] == {"participant_id": ans.participant.pk, **ANS, "share": False}
    theirs = call(anon, "GET", f"/workshops/{session.pk}/samenwerken/me", token=chantal.token)
    assert theirs.json() == {"contact": None, "answers": {}}


@pytest.mark.django_db
def test_a_withdrawal_leaves_the_next_snapshot_and_the_shared_list(
    session, fac_client, ans, bram, chantal
):
    anon = Client()
    contacts = f"/workshops/{session.pk}/samenwerken/contacts"
    _save(session, bram, BRAM, share=True)
    assert call(anon, "GET", contacts, token=chantal.token).json()["contacts"] != []
    state = call(anon, "GET", f"/workshops/{session.pk}/state", token=chantal.token).json()
    assert state["meeting"]["contacts"]["shared"] == [_shared_payload(bram, BRAM)]

    withdrawn = call(
        anon,
        "PUT",
        f"/workshops/{session.pk}/samenwerken/contact",
        {**BRAM, "share": False},
        token=bram.token,
    )

    assert withdrawn.status_code == 200, withdrawn.content
    # The next snapshot (a new head, so not the shared build of the last one) leaves him out.
    state = call(anon, "GET", f"/workshops/{session.pk}/state", token=chantal.token).json()
    assert state["head"] == withdrawn.json()["seq"]
    assert state["meeting"]["contacts"]["shared"] == []
    assert _leaks(json.dumps(state, ensure_ascii=False), BRAM) == []
    assert _snapshot(session)["meeting"]["contacts"]["shared"] == []
    assert call(anon, "GET", contacts, token=chantal.token).json() == {
        "contacts": [],
        "missing": [],
    }
    # The facilitator still has his details, marked not shared; once he takes them away, no more.
    listed = call(fac_client, "GET", contacts).json()["contacts"]
    assert listed == [{"participant_id": bram.participant.pk, **BRAM, "share": False}]
    meeting.contact_remove(workshop_id=session.pk, actor=as_(bram))
    assert call(fac_client, "GET", contacts).json()["contacts"] == []
    assert _leaks(_events(session), BRAM) == []


@pytest.mark.django_db
def test_reflection_answers_are_in_no_event_or_snapshot_and_only_the_facilitator_reads_them(
    session, fac_client, ans, bram
):
    meeting.reflection_save(
        workshop_id=session.pk, actor=as_(ans), answers={"stuck": ANSWER, "hope": "Korte lijnen"}
    )
    anon = Client()
    path = f"/workshops/{session.pk}/samenwerken/reflection"
    before = rows(session)

    as_bram = call(anon, "GET", path, token=bram.token)
    as_ans = call(anon, "GET", path, token=ans.token)

    for response in (as_bram, as_ans):
        assert response.status_code == 403
        assert response.json() == {
            "code": "forbidden",
            "message": "Alleen de begeleider van deze sessie mag dit doen.",
            "field": None,
        }
    assert rows(session) == before
    snapshot = _snapshot(session)
    assert snapshot["meeting"]["reflection"]["answered_ids"] == [ans.participant.pk]
    for text in (json.dumps(snapshot, ensure_ascii=False), _events(session)):
        assert ANSWER not in text and "Korte lijnen" not in text
    state = call(anon, "GET", f"/workshops/{session.pk}/state", token=bram.token)
    assert ANSWER not in state.content.decode()
    # Bram's own page has none of Ans's answers; Ans's has hers.
    me = f"/workshops/{session.pk}/samenwerken/me"
    assert call(anon, "GET", me, token=bram.token).json()["answers"] == {}
    assert call(anon, "GET", me, token=ans.token).json()["answers"] == {
        "stuck": ANSWER,
        "hope": "Korte lijnen",
    }
    read = call(fac_client, "GET", path).json()
    stuck = next(q for q in read["questions"] if q["key"] == "stuck")
    assert stuck["answers"] == [
        {"participant_id": ans.participant.pk, "name": "Ans", "text": ANSWER}
    ]
    assert read["none_from"] == [{"id": bram.participant.pk, "name": "Bram"}]


# --- Over the real socket ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_no_frame_to_another_phone_carries_a_contact_that_is_not_shared(
    sockets, session, facilitator, ans, bram
):
    other_phone = await sockets(session, tokens={session.pk: bram.token})
    console = await sockets(session, user=facilitator)
    phone = await sockets(session, tokens={session.pk: ans.token})

    ack = await phone.op("contact.save", {**ANS, "share": False})

    assert ack["type"] == "ack", ack
    frames = await _every_frame(other_phone)
    events = [f for f in frames if f["type"] == "event"]
    assert [e["kind"] for e in events] == ["contacts.changed"]
    assert events[0]["data"] == {"filled_ids": [ans.participant.pk]}
    # The page asks for a snapshot after a contact event: that one has no trace of Ans either.
    await other_phone.send({"type": "resync", "after": None})
    frames += await _every_frame(other_phone)
    assert any(f["type"] == "snapshot" for f in frames), frames
    snapshot = next(f for f in frames if f["type"] == "snapshot")
    assert snapshot["state"]["meeting"]["contacts"]["shared"] == []
    assert _leaks(json.dumps(frames, ensure_ascii=False), ANS) == []
    # The console gets the same frame; the facilitator reads the details through the API only.
    console_frames = await _every_frame(console)
    assert [f for f in console_frames if f["type"] == "event"] == events
    assert _leaks(json.dumps(console_frames, ensure_ascii=False), ANS) == []
    assert _leaks(await database_sync_to_async(_events)(session), ANS) == []


async def _every_frame(sock, quiet: float = 0.3) -> list[dict]:
    """Every frame the socket receives until it has been quiet for ``quiet`` seconds (heartbeats
    too: they carry nothing but the head)."""
    frames = []
    while not await sock.nothing(quiet):
        frames.append(await sock.recv())
    return frames
