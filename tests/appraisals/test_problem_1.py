"""Afwegen's "probleem 1" is a sticker (decision 0013): one sticker each in a sticker vote of the
session that the appraisal owns (budget 1, cap 1, its choices the wall's post-its). The budget of
the sticker block is what holds one mark each, also when two phones tap at once; the vote is not
one of the session's own votes, so the generic sticker ops and screens do not reach it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.appraisal import actor_of, add_postit, op, refused
from tests.support.factories import join
from wijktafel.activities import services as wall
from wijktafel.appraisals import problem_1
from wijktafel.appraisals import services as aps
from wijktafel.appraisals.models import PROBLEM_1_PURPOSE
from wijktafel.core.errors import Conflict, NotFound
from wijktafel.stickers import services as st
from wijktafel.stickers.models import Ballot, Sticker, Target
from wijktafel.stickers.selectors import ballot_payload, result
from wijktafel.workshops.selectors import workshop_snapshot

pytestmark = pytest.mark.django_db


def _mark(workshop, joined, postit):
    return aps.problem_mark_set(
        workshop_id=workshop.pk, actor=actor_of(joined), client_op_id=op(), postit_id=postit.pk
    )


def test_a_mark_is_a_sticker_in_the_sessions_problem_1_vote_that_no_generic_panel_gets(
    workshop, appraisal, people, fac_actor, owner_column
):
    ans, bram = people["Ans"], people["Bram"]
    a1 = add_postit(workshop, ans, "Zwerfvuil", owner_column)
    b1 = add_postit(workshop, bram, "Parkeren", owner_column)
    st.ballot_create(workshop_id=workshop.pk, actor=fac_actor, title="Welke vragen?")

    _mark(workshop, ans, a1)
    aps.problem_mark_set(  # the facilitator for Bram, who has no phone at hand
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        postit_id=b1.pk,
        participant_id=bram.participant.pk,
    )

    ballot = Ballot.objects.get(purpose=PROBLEM_1_PURPOSE)
    assert (ballot.workshop_id, ballot.budget, ballot.cap, ballot.target_kind, ballot.status) == (
        workshop.pk,
        1,
        1,
        "postit",
        Ballot.Status.VOTING,
    )
    stickers = Sticker.objects.filter(ballot=ballot).order_by("pk")
    assert [(s.voter_id, s.target.ref_id) for s in stickers] == [
        (ans.participant.pk, a1.pk),
        (bram.participant.pk, b1.pk),
    ]
    assert [(t.ref_id, t.added_by_id) for t in ballot.targets.all()] == [
        (a1.pk, ans.participant.pk),
        (b1.pk, bram.participant.pk),
    ]
    snapshot = workshop_snapshot(workshop)
    # The session's own vote is there; "probleem 1" shows only as the appraisal's marks and tally.
    assert [b["title"] for b in snapshot["ballots"]] == ["Welke vragen?"]
    assert snapshot["appraisal"]["problem_marks"] == [
        {"participant_id": ans.participant.pk, "postit_id": a1.pk},
        {"participant_id": bram.participant.pk, "postit_id": b1.pk},
    ]
    ranking = result(ballot_payload(ballot))["ranking"]
    counts = {t.ref_id: 0 for t in ballot.targets.all()}
    for row in ranking:
        counts[Target.objects.get(pk=row["target_id"]).ref_id] += row["count"]
    assert snapshot["appraisal"]["mark_tally"] == {
        "per_postit": {str(k): v for k, v in sorted(counts.items())},
        "per_column": {str(owner_column.pk): 2},
    }


def test_the_generic_sticker_ops_do_not_find_the_problem_1_vote(
    workshop, appraisal, people, fac_actor
):
    ans, bram = people["Ans"], people["Bram"]
    a1 = add_postit(workshop, ans, "Zwerfvuil")
    _mark(workshop, ans, a1)
    ballot = Ballot.objects.get(purpose=PROBLEM_1_PURPOSE)
    target = ballot.targets.get()
    at = {"workshop_id": workshop.pk, "ballot_id": ballot.pk}

    # Ans cannot take her mark off (nor Bram put one on her post-it) past the appraisal's ops.
    refused(workshop, lambda: st.sticker_remove(actor=actor_of(ans), target_id=target.pk, **at))
    refused(workshop, lambda: st.sticker_place(actor=actor_of(bram), target_id=target.pk, **at))
    refused(workshop, lambda: st.target_add(actor=actor_of(bram), label="Mijn kaart", **at))
    for call in (
        lambda: st.ballot_update(actor=fac_actor, budget=3, **at),
        lambda: st.ballot_delete(actor=fac_actor, **at),
        lambda: st.target_remove(actor=fac_actor, target_id=target.pk, **at),
    ):
        refused(workshop, call, NotFound)
    assert problem_1.problem_marks(appraisal) == [
        {"participant_id": ans.participant.pk, "postit_id": a1.pk}
    ]


def test_a_second_mark_is_refused_by_the_budget_and_removing_frees_it(workshop, appraisal, people):
    ans = people["Ans"]
    a1, a2 = add_postit(workshop, ans, "Zwerfvuil"), add_postit(workshop, ans, "Lawaai")
    _mark(workshop, ans, a1)
    ballot = Ballot.objects.get(purpose=PROBLEM_1_PURPOSE)

    # The sticker block itself refuses a second sticker of Ans in this vote: budget 1.
    with pytest.raises(Conflict):
        st.place(ballot, st.owned_target(ballot, a2.pk, a2.text), ans.participant)
    Target.objects.filter(ref_id=a2.pk).delete()
    refused(workshop, lambda: _mark(workshop, ans, a2), Conflict)

    aps.problem_mark_remove(workshop_id=workshop.pk, actor=actor_of(ans), client_op_id=op())
    assert not Sticker.objects.exists()
    _mark(workshop, ans, a2)
    assert [s.target.ref_id for s in Sticker.objects.all()] == [a2.pk]
    assert Ballot.objects.filter(purpose=PROBLEM_1_PURPOSE).count() == 1  # one vote per session


def test_a_deleted_postit_takes_its_mark_along_and_the_mark_is_free_again(
    workshop, appraisal, people, fac_actor, owner_column
):
    ans = people["Ans"]
    a1 = add_postit(workshop, ans, "Zwerfvuil", owner_column)
    a2 = add_postit(workshop, ans, "Lawaai", owner_column)
    _mark(workshop, ans, a1)

    wall.postit_delete(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), postit_id=a1.pk)

    assert problem_1.problem_marks(appraisal) == []
    assert problem_1.mark_tally(appraisal) == {"per_postit": {}, "per_column": {}}
    assert not Target.objects.filter(ref_id=a1.pk).exists()
    _mark(workshop, ans, a2)
    assert problem_1.mark_tally(appraisal)["per_column"] == {str(owner_column.pk): 1}


def test_a_mark_in_session_two_is_a_sticker_of_session_two(
    workshop, session_two, appraisal, people, owner_column
):
    ans, eva = people["Ans"], join(session_two, "Eva")
    _mark(workshop, ans, add_postit(workshop, ans, "Zwerfvuil", owner_column))
    e1 = add_postit(session_two, eva, "Donker pad")

    _mark(session_two, eva, e1)

    appraisal.refresh_from_db()  # linked to session II after the fixture read it
    ballots = Ballot.objects.filter(purpose=PROBLEM_1_PURPOSE).order_by("pk")
    assert [b.workshop_id for b in ballots] == [workshop.pk, session_two.pk]
    assert problem_1.problem_marks(appraisal)[-1] == {
        "participant_id": eva.participant.pk,
        "postit_id": e1.pk,
    }
    assert problem_1.mark_tally(appraisal)["per_postit"][str(e1.pk)] == 1


@pytest.mark.django_db(transaction=True)
def test_taps_of_one_participant_at_once_set_one_mark(tmp_path):
    """Six "this is my problem 1" taps of one participant at the same moment, each on another of
    her post-its, from six threads on a real SQLite file: one mark, one event, five refusals."""
    env = {**os.environ, "WIJKTAFEL_SQLITE_PATH": str(tmp_path / "problem1.sqlite3")}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("problem_1_stress.py")), "6"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert sorted(summary["outcomes"]) == ["set"] + ["spent"] * 5
    assert summary["stickers"] == 1 and summary["set_events"] == 1
    [mark] = summary["marks"]
    assert mark["participant_id"] == summary["participant"]
    assert mark["postit_id"] in summary["postits"]
