"""The data migration of issue 10: the "probleem 1" marks of an existing database become stickers
of the session's problem-1 vote (and, migrating back, marks again), in their order, with the
budget of one holding afterwards. The session's own sticker votes are left as they were."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.support.appraisal import actor_of, add_postit, op
from wijktafel.appraisals import problem_1
from wijktafel.appraisals import services as aps
from wijktafel.appraisals.models import PROBLEM_1_PURPOSE, Appraisal
from wijktafel.core.errors import Conflict
from wijktafel.stickers import services as st
from wijktafel.stickers.models import Ballot, Sticker

pytestmark = pytest.mark.django_db(transaction=True)


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


@pytest.fixture
def migrate():
    """Migrate the test database to ``targets``; back to the latest migrations afterwards."""
    executor = _executor()
    (name,) = [
        key
        for key in executor.loader.disk_migrations
        if key[0] == "appraisals" and key[1].endswith("_problem_marks_to_stickers")
    ]
    before = [d for d in executor.loader.get_migration(*name).dependencies if d[0] == "appraisals"]
    latest = executor.loader.graph.leaf_nodes()

    def to(targets):
        executor = _executor()
        executor.migrate(targets)
        return _executor().loader.project_state(targets).apps

    yield {"before": before, "latest": latest, "to": to}
    to(latest)


def _sticker_votes(workshop) -> list:
    """The session's own sticker votes, which the migration must leave alone."""
    ballots = Ballot.objects.filter(workshop=workshop, purpose="").order_by("pk")
    return [
        (b.pk, b.title, list(b.stickers.order_by("pk").values_list("target_id", "voter_id")))
        for b in ballots
    ]


def test_marks_become_stickers_and_back_in_their_order(
    migrate, workshop, appraisal, people, fac_actor, owner_column
):
    ans, bram, cor = people["Ans"], people["Bram"], people["Cor"]
    a1 = add_postit(workshop, ans, "Zwerfvuil", owner_column)
    a2 = add_postit(workshop, ans, "Lawaai", owner_column)
    b1 = add_postit(workshop, bram, "Parkeren")
    c1 = add_postit(workshop, cor, "Donker pad", owner_column)
    vote = st.ballot_create(
        workshop_id=workshop.pk, actor=fac_actor, title="Welke vragen?", targets=["V1", "V2"]
    ).event.payload
    st.ballot_update(
        workshop_id=workshop.pk, actor=fac_actor, ballot_id=vote["id"], status="voting"
    )
    st.sticker_place(
        workshop_id=workshop.pk,
        actor=actor_of(ans),
        ballot_id=vote["id"],
        target_id=vote["targets"][0]["id"],
    )
    aps.problem_mark_set(
        workshop_id=workshop.pk, actor=actor_of(ans), client_op_id=op(), postit_id=a1.pk
    )
    own_votes = _sticker_votes(workshop)

    # Back: Ans's sticker becomes her mark again, and the problem-1 vote goes.
    old = migrate["to"](migrate["before"])
    ProblemMark = old.get_model("appraisals", "ProblemMark")
    assert list(ProblemMark.objects.values_list("appraisal_id", "participant_id", "postit_id")) == [
        (appraisal.pk, ans.participant.pk, a1.pk)
    ]
    assert not Ballot.objects.exclude(purpose="").exists()
    assert _sticker_votes(workshop) == own_votes
    # Marks made before the upgrade, in the old table.
    for who, postit in ((cor, c1), (bram, b1)):
        ProblemMark.objects.create(
            appraisal_id=appraisal.pk, participant_id=who.participant.pk, postit_id=postit.pk
        )

    # Forward: every mark is a sticker of the session's problem-1 vote, in the order made.
    migrate["to"](migrate["latest"])
    appraisal = Appraisal.objects.get(pk=appraisal.pk)
    assert problem_1.problem_marks(appraisal) == [
        {"participant_id": ans.participant.pk, "postit_id": a1.pk},
        {"participant_id": cor.participant.pk, "postit_id": c1.pk},
        {"participant_id": bram.participant.pk, "postit_id": b1.pk},
    ]
    assert problem_1.mark_tally(appraisal) == {
        "per_postit": {str(a1.pk): 1, str(b1.pk): 1, str(c1.pk): 1},
        "per_column": {str(owner_column.pk): 2},
    }
    ballot = Ballot.objects.get(purpose=PROBLEM_1_PURPOSE)
    assert (ballot.workshop_id, ballot.budget, ballot.cap, ballot.status) == (
        workshop.pk,
        1,
        1,
        "voting",
    )
    assert Sticker.objects.filter(ballot=ballot).count() == 3
    assert _sticker_votes(workshop) == own_votes
    # The budget of one holds for a migrated mark; taking it off frees it.
    with pytest.raises(Conflict):
        aps.problem_mark_set(
            workshop_id=workshop.pk, actor=actor_of(ans), client_op_id=op(), postit_id=a2.pk
        )
    aps.problem_mark_remove(workshop_id=workshop.pk, actor=actor_of(ans), client_op_id=op())
    aps.problem_mark_set(
        workshop_id=workshop.pk, actor=actor_of(ans), client_op_id=op(), postit_id=a2.pk
    )
    assert problem_1.problem_marks(appraisal)[-1] == {
        "participant_id": ans.participant.pk,
        "postit_id": a2.pk,
    }
