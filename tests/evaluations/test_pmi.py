"""The PMI evaluation (METHODS.md §2.9): notes on phones without discussion while it is open,
optionally anonymous (nobody sees who wrote what, the writer can still take a note back), dots on
the minus notes through a sticker vote, and what the report keeps: the "interesting" notes word
for word and the top improvements. Every refusal changes nothing."""

from __future__ import annotations

import pytest

from tests.support.api import call
from tests.support.factories import join
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.evaluations import services as pmi
from wijktafel.evaluations.models import Pmi, PmiEntry
from wijktafel.evaluations.selectors import pmi_payload, pmi_report
from wijktafel.stickers import services as st
from wijktafel.workshops.models import WorkshopEvent
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db


def _state(workshop) -> tuple:
    return (
        list(Pmi.objects.filter(workshop=workshop).values()),
        list(PmiEntry.objects.filter(workshop=workshop).order_by("pk").values()),
        WorkshopEvent.objects.filter(workshop=workshop).count(),
    )


def refused(workshop, error, call_):
    before = _state(workshop)
    with pytest.raises(error) as caught:
        call_()
    assert _state(workshop) == before
    return caught.value


def _note(workshop, who, column, text):
    return pmi.pmi_add(
        workshop_id=workshop.pk,
        actor=Actor(participant=who.participant),
        column=column,
        text=text,
    )


def test_notes_only_while_open_and_the_room_sees_who_wrote_them(workshop, fac_actor, ans):
    refused(workshop, Conflict, lambda: _note(workshop, ans, "plus", "Goed begin"))
    pmi.pmi_update(workshop_id=workshop.pk, actor=fac_actor, open=True)

    added = _note(workshop, ans, "plus", "Goed begin")

    assert added.event.kind == "pmi.entry_added"
    assert added.event.payload == {
        "id": added.event.payload["id"],
        "column": "plus",
        "text": "Goed begin",
        "phase": "",
        "author_id": ans.participant.pk,
    }
    pmi.pmi_update(workshop_id=workshop.pk, actor=fac_actor, open=False)
    refused(workshop, Conflict, lambda: _note(workshop, ans, "minus", "Te laat"))


def test_an_anonymous_pmi_hides_every_writer_but_lets_them_take_a_note_back(
    workshop, fac_actor, ans, bram
):
    pmi.pmi_update(workshop_id=workshop.pk, actor=fac_actor, open=True)
    early = _note(workshop, ans, "minus", "Te weinig pauze")  # written before it went anonymous

    changed = pmi.pmi_update(workshop_id=workshop.pk, actor=fac_actor, anonymous=True)
    later = _note(workshop, bram, "interesting", "Dat de wijkagent kwam")

    assert [e["author_id"] for e in changed.event.payload["entries"]] == [None]
    assert later.event.payload["author_id"] is None
    assert {e["author_id"] for e in pmi_payload(workshop)["pmi"]["entries"]} == {None}
    # Bram may not take Ans's note back; Ans may, though nobody sees it is hers.
    refused(
        workshop,
        NotAllowed,
        lambda: pmi.pmi_remove(
            workshop_id=workshop.pk,
            actor=Actor(participant=bram.participant),
            entry_id=early.event.payload["id"],
        ),
    )
    pmi.pmi_remove(
        workshop_id=workshop.pk,
        actor=Actor(participant=ans.participant),
        entry_id=early.event.payload["id"],
    )
    assert list(PmiEntry.objects.values_list("text", flat=True)) == ["Dat de wijkagent kwam"]


@pytest.mark.parametrize(
    "data, error",
    [
        ({"column": "maybe", "text": "x"}, Invalid),
        ({"column": "plus", "text": "   "}, Invalid),
        ({"column": "plus", "text": "x" * 281}, Invalid),
        ({"column": "plus", "text": "x", "phase": "y" * 61}, Invalid),
    ],
)
def test_a_bad_note_is_refused_and_changes_nothing(workshop, fac_actor, ans, data, error):
    pmi.pmi_update(workshop_id=workshop.pk, actor=fac_actor, open=True)
    refused(
        workshop,
        error,
        lambda: pmi.pmi_add(
            workshop_id=workshop.pk, actor=Actor(participant=ans.participant), **data
        ),
    )


def test_dots_on_the_minus_notes_give_the_top_improvements_and_the_report(
    workshop, fac_actor, ans, bram
):
    refused(workshop, Conflict, lambda: pmi.pmi_dots(workshop_id=workshop.pk, actor=fac_actor))
    pmi.pmi_update(workshop_id=workshop.pk, actor=fac_actor, open=True)
    _note(workshop, ans, "plus", "Fijne zaal")
    minus = [
        _note(workshop, ans, "minus", text).event.payload["id"]
        for text in ("Te lang", "Geen koffie", "Te weinig bewoners")
    ]
    _note(workshop, bram, "interesting", "Dat de jongeren   zelf met een plan kwamen!")

    started = pmi.pmi_dots(workshop_id=workshop.pk, actor=fac_actor, top_n=2)

    ballot = started.event.payload
    assert started.event.kind == "ballot.changed"
    assert (ballot["target_kind"], ballot["status"]) == ("pmi_minus", "voting")
    assert [t["ref_id"] for t in ballot["targets"]] == minus
    refused(workshop, Conflict, lambda: pmi.pmi_dots(workshop_id=workshop.pk, actor=fac_actor))
    target_of = {t["ref_id"]: t["id"] for t in ballot["targets"]}
    for who, chosen in ((ans, minus[:2]), (bram, [minus[2], minus[1]])):
        for entry_id in chosen:
            st.sticker_place(
                workshop_id=workshop.pk,
                actor=Actor(participant=who.participant),
                ballot_id=ballot["id"],
                target_id=target_of[entry_id],
            )

    report = pmi_report(workshop)

    assert report["plus"] == ["Fijne zaal"]
    assert report["interesting"] == ["Dat de jongeren zelf met een plan kwamen!"]
    assert report["top_improvements"] == [
        {"text": "Geen koffie", "dots": 2},
        {"text": "Te lang", "dots": 1},
    ]


def test_only_the_facilitator_opens_the_pmi_and_starts_the_dots(workshop, ans, other_facilitator):
    for actor in (Actor(participant=ans.participant), Actor(user=other_facilitator)):
        refused(
            workshop,
            (NotAllowed, NotFound),
            lambda actor=actor: pmi.pmi_update(workshop_id=workshop.pk, actor=actor, open=True),
        )
        refused(
            workshop,
            (NotAllowed, NotFound),
            lambda actor=actor: pmi.pmi_dots(workshop_id=workshop.pk, actor=actor),
        )


def test_the_api_takes_a_note_with_a_participant_token(workshop, fac_actor, client):
    ans = join(workshop, "Ans")
    pmi.pmi_update(workshop_id=workshop.pk, actor=fac_actor, open=True, anonymous=True)

    made = call(
        client,
        "POST",
        f"/workshops/{workshop.pk}/pmi/entries",
        {"column": "minus", "text": "Het geluid was slecht"},
        token=ans.token,
    )

    assert made.status_code == 201, made.content
    assert made.json()["entry"]["author_id"] is None
    state = call(client, "GET", f"/workshops/{workshop.pk}/state", token=ans.token).json()
    assert state["pmi"]["entries"] == [made.json()["entry"]]
