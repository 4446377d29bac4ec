"""Live: an appraisal change in one group reaches the big screen and the other group's phone over
the real socket stack, and a phone that was away catches up from the log without losing anything."""

import pytest
from channels.db import database_sync_to_async

from tests.support.appraisal import actor_of, op
from wijktafel.appraisals import events as ev
from wijktafel.appraisals import services as aps

pytestmark = pytest.mark.django_db(transaction=True)


def _event(frames, kind):
    return [f for f in frames if f.get("type") == "event" and f["kind"] == kind]


async def _next_event(sock, kind, limit=20):
    for _ in range(limit):  # skip heartbeats and other events; bounded
        frame = await sock.recv()
        if frame.get("type") == "event" and frame["kind"] == kind:
            return frame
    raise AssertionError(f"no {kind} event")


async def test_a_ranking_of_one_group_reaches_the_screen_and_the_other_group(
    sockets, workshop, facilitator, appraisal, people, groups
):
    g1, _g2 = groups
    ans, cor = people["Ans"], people["Cor"]
    solution = await database_sync_to_async(aps.solution_create)(
        workshop_id=workshop.pk,
        actor=actor_of(ans),
        client_op_id=op(),
        fields={"title": "Buurtconciërge"},
    )
    sid = solution.event.payload["solution"]["id"]
    screen = await sockets(workshop, user=facilitator)
    other_group = await sockets(workshop, tokens={workshop.pk: cor.token})

    result = await database_sync_to_async(aps.ranking_set)(
        workshop_id=workshop.pk,
        actor=actor_of(ans),
        client_op_id=op(),
        group_id=g1.pk,
        ordered_solution_ids=[sid],
    )

    for sock in (screen, other_group):
        frame = await _next_event(sock, ev.RANKING_CHANGED)
        assert frame["seq"] == result.seq
        assert frame["data"]["ranking"] == {
            "group_id": g1.pk,
            "ordered_solution_ids": [sid],
            "solving_power": {},
            "notes": "",
            "version": 1,
        }
        assert frame["data"]["aggregate"]["top"] == [sid]


async def test_a_core_problem_reaches_every_screen_and_is_in_the_snapshot(
    sockets, workshop, facilitator, appraisal, people, groups, owner_column
):
    screen = await sockets(workshop, user=facilitator)

    created = await database_sync_to_async(aps.core_problem_create)(
        workshop_id=workshop.pk,
        actor=actor_of(people["Dewi"]),
        client_op_id=op(),
        owner_id=owner_column.pk,
        fields={"formulation": "Afval naast de containers"},
    )

    frame = await _next_event(screen, ev.CORE_PROBLEM_CREATED)
    assert (
        frame["seq"] == created.seq
        and frame["data"]["core_problem"]["formulation"] == "Afval naast de containers"
    )
    late = await sockets(workshop, tokens={workshop.pk: people["Bram"].token}, hello=False)
    _welcome, frames = await late.hello(None)
    snapshot = frames[0]["state"]
    assert snapshot["appraisal"]["id"] == appraisal.pk
    assert [cp["formulation"] for cp in snapshot["appraisal"]["core_problems"]] == [
        "Afval naast de containers"
    ]


async def test_a_phone_that_was_away_while_ranking_loses_nothing(
    sockets, workshop, appraisal, people, groups
):
    g1, g2 = groups
    ans, cor = people["Ans"], people["Cor"]
    sol = [
        (
            await database_sync_to_async(aps.solution_create)(
                workshop_id=workshop.pk,
                actor=actor_of(ans),
                client_op_id=op(),
                fields={"title": title},
            )
        ).event.payload["solution"]["id"]
        for title in ("Conciërge", "Skatebaan")
    ]
    phone = await sockets(workshop, tokens={workshop.pk: ans.token}, hello=False)
    welcome, _frames = await phone.hello(None)
    await phone.close()  # the connection drops

    key = op()
    mine = await database_sync_to_async(
        aps.ranking_set
    )(  # sent from the phone's outbox on reconnect
        workshop_id=workshop.pk,
        actor=actor_of(ans),
        client_op_id=key,
        group_id=g1.pk,
        ordered_solution_ids=[sol[1], sol[0]],
    )
    theirs = await database_sync_to_async(aps.ranking_set)(
        workshop_id=workshop.pk,
        actor=actor_of(cor),
        client_op_id=op(),
        group_id=g2.pk,
        ordered_solution_ids=[sol[0], sol[1]],
    )
    again = await database_sync_to_async(aps.ranking_set)(  # the outbox sends it once more
        workshop_id=workshop.pk,
        actor=actor_of(ans),
        client_op_id=key,
        group_id=g1.pk,
        ordered_solution_ids=[sol[1], sol[0]],
    )

    back = await sockets(workshop, tokens={workshop.pk: ans.token}, hello=False)
    _welcome, frames = await back.hello(welcome["head"])
    rankings = _event(frames, ev.RANKING_CHANGED)
    assert [f["seq"] for f in rankings] == [mine.seq, theirs.seq]
    assert not again.created and again.seq == mine.seq
    assert rankings[0]["data"]["ranking"]["ordered_solution_ids"] == [sol[1], sol[0]]
