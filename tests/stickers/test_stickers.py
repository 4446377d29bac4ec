"""Sticker votes (METHODS.md §2.11, §4.5): a budget per voter and a cap per choice that hold
under concurrency, choices added until voting opens, who may vote, the top N and a tie at the
cut-off that the facilitator settles. Every refusal changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from tests.support.api import call
from tests.support.factories import join
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.stickers import services as st
from wijktafel.stickers.models import Ballot, Sticker, Target
from wijktafel.stickers.selectors import ballot_payload, result
from wijktafel.workshops import services
from wijktafel.workshops.models import WorkshopEvent
from wijktafel.workshops.services import Actor


def _state(workshop) -> tuple:
    return (
        list(Ballot.objects.filter(workshop=workshop).order_by("pk").values()),
        list(Target.objects.filter(ballot__workshop=workshop).order_by("pk").values()),
        list(Sticker.objects.filter(ballot__workshop=workshop).order_by("pk").values()),
        WorkshopEvent.objects.filter(workshop=workshop).count(),
    )


def _ballot(workshop, fac_actor, labels=("Vraag 1", "Vraag 2", "Vraag 3", "Vraag 4"), **options):
    targets = options.pop("targets", list(labels))
    made = st.ballot_create(
        workshop_id=workshop.pk,
        actor=fac_actor,
        title="Welke vragen?",
        targets=targets,
        **options,
    )
    return made.event.payload


def _open(workshop, fac_actor, ballot):
    st.ballot_update(
        workshop_id=workshop.pk, actor=fac_actor, ballot_id=ballot["id"], status="voting"
    )


def _place(workshop, who, ballot, target_id):
    return st.sticker_place(
        workshop_id=workshop.pk,
        actor=Actor(participant=who.participant),
        ballot_id=ballot["id"],
        target_id=target_id,
    )


def _payload(ballot) -> dict:
    return ballot_payload(Ballot.objects.get(pk=ballot["id"]))


def refused(workshop, error, call_):
    before = _state(workshop)
    with pytest.raises(error) as caught:
        call_()
    assert _state(workshop) == before
    return caught.value


@pytest.mark.django_db
@translation.override("en")
def test_three_stickers_one_per_choice_then_the_budget_is_spent(workshop, fac_actor, ans):
    ballot = _ballot(workshop, fac_actor)
    ids = [t["id"] for t in ballot["targets"]]
    assert (ballot["budget"], ballot["cap"], ballot["status"]) == (3, 1, "collecting")
    refused(workshop, Conflict, lambda: _place(workshop, ans, ballot, ids[0]))  # not open yet
    _open(workshop, fac_actor, ballot)

    placed = [_place(workshop, ans, ballot, t) for t in ids[:3]]

    assert [p.event.kind for p in placed] == ["sticker.placed"] * 3
    assert placed[0].event.payload["voter_id"] == ans.participant.pk
    spent = refused(workshop, Conflict, lambda: _place(workshop, ans, ballot, ids[3]))
    assert "all your 3 stickers" in str(spent)
    # Take one off and put it elsewhere; a second on the same choice stays refused (cap 1).
    st.sticker_remove(
        workshop_id=workshop.pk,
        actor=Actor(participant=ans.participant),
        ballot_id=ballot["id"],
        target_id=ids[0],
    )
    _place(workshop, ans, ballot, ids[3])
    capped = refused(workshop, Conflict, lambda: _place(workshop, ans, ballot, ids[3]))
    assert "only one sticker" in str(capped)
    assert sorted(Sticker.objects.values_list("target_id", flat=True)) == sorted(ids[1:])


@pytest.mark.django_db
def test_choices_are_added_until_voting_opens(workshop, fac_actor, ans, bram):
    ballot = _ballot(workshop, fac_actor, labels=["Vraag 1"])
    added = st.target_add(
        workshop_id=workshop.pk,
        actor=Actor(participant=ans.participant),
        ballot_id=ballot["id"],
        label="Wie betaalt het buurtfeest?",
    )
    own = added.event.payload["targets"][-1]
    assert (own["label"], own["added_by_id"]) == ("Wie betaalt het buurtfeest?", ans.participant.pk)
    # Bram may not take Ans's card away; Ans may.
    refused(
        workshop,
        NotAllowed,
        lambda: st.target_remove(
            workshop_id=workshop.pk,
            actor=Actor(participant=bram.participant),
            ballot_id=ballot["id"],
            target_id=own["id"],
        ),
    )
    _open(workshop, fac_actor, ballot)
    late = refused(
        workshop,
        Conflict,
        lambda: st.target_add(
            workshop_id=workshop.pk,
            actor=Actor(participant=bram.participant),
            ballot_id=ballot["id"],
            label="Te laat",
        ),
    )
    assert late.field == "label"
    refused(
        workshop,
        Invalid,
        lambda: st.target_add(
            workshop_id=workshop.pk, actor=fac_actor, ballot_id=ballot["id"], label="   "
        ),
    )


@pytest.mark.django_db
def test_the_organiser_co_facilitators_and_facilitators_do_not_vote(workshop, fac_actor, ans, bram):
    ballot = _ballot(workshop, fac_actor)
    _open(workshop, fac_actor, ballot)
    target = ballot["targets"][0]["id"]
    for roles in (["organiser"], ["co_facilitator", "participant"]):
        services.participant_update(
            workshop_id=workshop.pk, actor=fac_actor, participant_id=ans.participant.pk, roles=roles
        )
        refused(workshop, NotAllowed, lambda: _place(workshop, ans, ballot, target))
    refused(
        workshop,
        NotAllowed,
        lambda: st.sticker_place(
            workshop_id=workshop.pk, actor=fac_actor, ballot_id=ballot["id"], target_id=target
        ),
    )
    services.participant_update(  # a chair votes
        workshop_id=workshop.pk,
        actor=fac_actor,
        participant_id=bram.participant.pk,
        roles=["chair"],
    )
    _place(workshop, bram, ballot, target)


@pytest.mark.django_db
def test_the_top_and_a_tie_at_the_cut_off_that_the_facilitator_settles(workshop, fac_actor):
    ballot = _ballot(workshop, fac_actor, top_n=2)
    a, b, c, d = (t["id"] for t in ballot["targets"])
    _open(workshop, fac_actor, ballot)
    voters = [join(workshop, name) for name in ("Ans", "Bram", "Cor")]
    for who, choices in zip(voters, ([a, b, c], [a, b, d], [a, c, d])):
        for target in choices:
            _place(workshop, who, ballot, target)

    outcome = result(_payload(ballot))

    assert [(r["target_id"], r["count"]) for r in outcome["ranking"]] == [
        (a, 3),
        (b, 2),
        (c, 2),
        (d, 2),
    ]
    assert outcome["top"] == [a, b] and outcome["tie"] == [b, c, d]
    refused(
        workshop,
        Conflict,
        lambda: st.ballot_settle(
            workshop_id=workshop.pk, actor=fac_actor, ballot_id=ballot["id"], target_ids=[d, c]
        ),
    )
    st.ballot_settle(
        workshop_id=workshop.pk, actor=fac_actor, ballot_id=ballot["id"], target_ids=[d, b, c]
    )
    settled = result(_payload(ballot))
    assert settled["top"] == [a, d] and settled["tie"] == []
    # The counts are fixed once stickers are placed.
    refused(
        workshop,
        Conflict,
        lambda: st.ballot_update(
            workshop_id=workshop.pk, actor=fac_actor, ballot_id=ballot["id"], budget=5
        ),
    )
    st.ballot_update(
        workshop_id=workshop.pk, actor=fac_actor, ballot_id=ballot["id"], status="closed"
    )
    refused(workshop, Conflict, lambda: _place(workshop, voters[0], ballot, d))


def _tied(workshop, fac_actor):
    """A vote with a top of 2 and choices b, c and d tied at the cut-off (a leads)."""
    ballot = _ballot(workshop, fac_actor, top_n=2)
    a, b, c, d = (t["id"] for t in ballot["targets"])
    _open(workshop, fac_actor, ballot)
    voters = [join(workshop, name) for name in ("Ans", "Bram", "Cor")]
    for who, choices in zip(voters, ([a, b, c], [a, b, d], [a, c, d])):
        for target in choices:
            _place(workshop, who, ballot, target)
    return ballot, (a, b, c, d), voters


@pytest.mark.django_db
def test_settling_other_choices_than_the_tie_is_a_conflict_over_the_api(
    workshop, fac_actor, facilitator, client
):
    ballot, (a, b, c, d), voters = _tied(workshop, fac_actor)
    # Cor takes the sticker off d: the tie the facilitator saw (b, c, d) is now b and c.
    st.sticker_remove(
        workshop_id=workshop.pk,
        actor=Actor(participant=voters[2].participant),
        ballot_id=ballot["id"],
        target_id=d,
    )
    assert result(_payload(ballot))["tie"] == [b, c]
    client.force_login(facilitator)
    path = f"/workshops/{workshop.pk}/ballots/{ballot['id']}/settle"
    before = _state(workshop)

    for stale in ([d, b, c], [c, a]):
        response = call(client, "POST", path, {"target_ids": stale})

        assert response.status_code == 409, response.content
        assert response.json() == {
            "code": "conflict",
            "message": "Dit zijn niet de keuzes die nu gelijk staan bij de grens. Kijk opnieuw "
            "naar de stemronde en zet precies de keuzes met gelijke stand op volgorde.",
            "field": "target_ids",
        }
        assert _state(workshop) == before
    # The list itself wrong stays 400; a choice of no vote here is 404.
    twice = call(client, "POST", path, {"target_ids": [b, b]})
    assert (twice.status_code, twice.json()["field"]) == (400, "target_ids")
    elsewhere = call(client, "POST", path, {"target_ids": [c, b, 2**62]})
    assert (elsewhere.status_code, elsewhere.json()["field"]) == (404, "target_ids")
    assert _state(workshop) == before
    settled = call(client, "POST", path, {"target_ids": [c, b]})
    assert settled.status_code == 200 and settled.json()["ballot"]["settled"] == [c, b]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stored, change, status, field, message",
    [
        # a cap above the budget the vote has
        (
            {"budget": 3, "cap": 1},
            {"cap": 4},
            409,
            "cap",
            "In deze stemronde heeft iedereen 3 stickers. "
            "Sta op één keuze niet meer dan dat aantal toe.",
        ),
        # a budget below the cap the vote has
        (
            {"budget": 4, "cap": 3},
            {"budget": 2},
            409,
            "budget",
            "In deze stemronde mogen er 3 stickers op één keuze. Geef iedereen er minstens zoveel.",
        ),
        # both sent, one against the other: the request itself is wrong
        (
            {"budget": 3, "cap": 1},
            {"budget": 2, "cap": 3},
            400,
            "cap",
            "Niet meer stickers op één keuze dan iemand heeft.",
        ),
    ],
)
def test_a_cap_above_the_votes_budget_is_a_conflict_over_the_api(
    workshop, fac_actor, facilitator, client, stored, change, status, field, message
):
    ballot = _ballot(workshop, fac_actor, **stored)
    client.force_login(facilitator)
    before = _state(workshop)

    response = call(client, "PATCH", f"/workshops/{workshop.pk}/ballots/{ballot['id']}", {**change})

    assert response.status_code == status, response.content
    code = "conflict" if status == 409 else "invalid"
    assert response.json() == {"code": code, "message": message, "field": field}
    assert _state(workshop) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "options, field",
    [
        ({"budget": 0}, "budget"),
        ({"budget": 21}, "budget"),
        ({"budget": True}, "budget"),
        ({"budget": 2, "cap": 3}, "cap"),
        ({"top_n": 0}, "top_n"),
        ({"tally_hidden": "ja"}, "tally_hidden"),
        ({"target_kind": "a b"}, "target_kind"),
        ({"targets": "Vraag"}, "targets"),
        ({"targets": ["Vraag", "\u0085"]}, "targets"),  # a choice that shows nothing
    ],
)
def test_a_bad_ballot_is_refused_and_nothing_is_made(workshop, fac_actor, options, field):
    error = refused(workshop, Invalid, lambda: _ballot(workshop, fac_actor, **options))
    assert error.field == field


@pytest.mark.django_db
def test_another_sessions_vote_is_not_found(workshop, other_workshop, fac_actor, other_facilitator):
    theirs = st.ballot_create(
        workshop_id=other_workshop.pk, actor=Actor(user=other_facilitator), title="Geheim"
    ).event.payload
    ans = join(workshop, "Ans")
    refused(
        workshop,
        NotFound,
        lambda: st.ballot_update(
            workshop_id=workshop.pk, actor=fac_actor, ballot_id=theirs["id"], status="voting"
        ),
    )
    refused(
        workshop,
        NotFound,
        lambda: st.target_add(
            workshop_id=workshop.pk,
            actor=Actor(participant=ans.participant),
            ballot_id=theirs["id"],
            label="Binnendringer",
        ),
    )
    assert Ballot.objects.get(pk=theirs["id"]).status == "collecting"


@pytest.mark.django_db
@translation.override("en")
def test_a_vote_a_method_owns_is_one_per_session_counted_alike_and_out_of_generic_reach(
    workshop, fac_actor, ans, bram
):
    from wijktafel.workshops.selectors import workshop_snapshot

    own = _ballot(workshop, fac_actor)
    made = st.owned_ballot(
        workshop, "test.mine", title="Mijn keus", target_kind="x", budget=1, cap=1
    )
    again = st.owned_ballot(workshop, "test.mine", title="Anders", target_kind="y", budget=5, cap=5)
    assert again.pk == made.pk and (made.budget, made.cap, made.status) == (1, 1, "voting")
    first = st.owned_target(made, 41, "Kaart 41", added_by=ans.participant)
    assert st.owned_target(made, 41, "Andere tekst").pk == first.pk
    second = st.owned_target(made, 42, "Kaart 42")

    st.place(made, first, ans.participant)
    with pytest.raises(Conflict) as spent:  # the same counting as sticker.place: budget 1
        st.place(made, second, ans.participant)
    assert "placed your sticker" in spent.value.message
    assert st.take_off(made, bram.participant) is None
    assert [b["id"] for b in workshop_snapshot(workshop)["ballots"]] == [own["id"]]
    for refuse in (
        lambda: st.sticker_remove(
            workshop_id=workshop.pk,
            actor=Actor(participant=ans.participant),
            ballot_id=made.pk,
            target_id=first.pk,
        ),
        lambda: st.ballot_update(
            workshop_id=workshop.pk, actor=fac_actor, ballot_id=made.pk, status="closed"
        ),
        lambda: st.ballot_delete(workshop_id=workshop.pk, actor=fac_actor, ballot_id=made.pk),
    ):
        refused(workshop, NotFound, refuse)
    assert st.take_off(made, ans.participant) is not None
    assert not made.stickers.exists()


@pytest.mark.django_db
def test_the_api_places_a_sticker_with_a_participant_token(workshop, fac_actor, ans, client):
    ballot = _ballot(workshop, fac_actor)
    _open(workshop, fac_actor, ballot)
    path = f"/workshops/{workshop.pk}/ballots/{ballot['id']}/stickers"

    placed = call(client, "POST", path, {"target_id": ballot["targets"][1]["id"]}, token=ans.token)
    again = call(client, "POST", path, {"target_id": ballot["targets"][1]["id"]}, token=ans.token)

    assert placed.status_code == 201, placed.content
    assert again.status_code == 409 and again.json()["field"] == "target_id"
    state = call(client, "GET", f"/workshops/{workshop.pk}/state", token=ans.token).json()
    assert state["ballots"][0]["stickers"] == [
        {
            "id": placed.json()["id"],
            "target_id": ballot["targets"][1]["id"],
            "voter_id": ans.participant.pk,
        }
    ]


# --- Two phones of one person tapping at once ----------------------------------------------------


def test_two_phones_of_one_person_never_place_more_than_the_budget(tmp_path):
    """Eight taps of one voter at the same moment, from eight threads on a real SQLite file (the
    test database in memory serialises differently): three stickers, five refusals, three events."""
    env = {**os.environ, "WIJKTAFEL_SQLITE_PATH": str(tmp_path / "stickers.sqlite3")}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("sticker_stress.py")), "8"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert sorted(summary["outcomes"]) == ["placed"] * 3 + ["spent"] * 5
    assert summary["stickers"] == 3 and summary["placed_events"] == 3
