"""The method's hard rules in the service layer (docs/methods.md §3.8), steps 1 to 4: one "probleem 1"
each, pitches, core problems, one horizon, an out-of-the-box solution per group.
Each refusal explains itself in Dutch and changes nothing; a repeated idempotency key
changes nothing; one event per change."""

import pytest

from tests.support.appraisal import (
    actor_of,
    add_postit,
    core_problem,
    events_of,
    one_event,
    op,
    refused,
    solution,
)
from tests.support.factories import join
from wijktafel.appraisals import events as ev
from wijktafel.appraisals import models as m
from wijktafel.appraisals import services as aps
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.stickers.models import Sticker

# --- A3: one "probleem 1" per participant ---------------------------------------------------------


def test_each_participant_marks_one_problem_1_and_a_second_is_refused_in_dutch(
    workshop, appraisal, people
):
    ans = people["Ans"]
    first, second = add_postit(workshop, ans, "Zwerfvuil"), add_postit(workshop, ans, "Lawaai")
    key = op()
    before = len(events_of(workshop))

    result = aps.problem_mark_set(
        workshop_id=workshop.pk, actor=actor_of(ans), client_op_id=key, postit_id=first.pk
    )

    data = one_event(workshop, result, ev.PROBLEM_MARK_SET)
    assert len(events_of(workshop)) == before + 1
    assert data["mark"] == {"participant_id": ans.participant.pk, "postit_id": first.pk}
    assert data["tally"]["per_postit"] == {str(first.pk): 1}
    error = refused(
        workshop,
        lambda: aps.problem_mark_set(
            workshop_id=workshop.pk, actor=actor_of(ans), client_op_id=op(), postit_id=second.pk
        ),
        Conflict,
    )
    assert "al je probleem 1 gekozen" in error.message
    again = aps.problem_mark_set(
        workshop_id=workshop.pk, actor=actor_of(ans), client_op_id=key, postit_id=first.pk
    )
    assert not again.created and again.event.pk == result.event.pk
    assert Sticker.objects.count() == 1 and len(events_of(workshop)) == before + 1


def test_problem_1_must_be_your_own_postit(workshop, appraisal, people):
    bram_postit = add_postit(workshop, people["Bram"], "Parkeren")

    error = refused(
        workshop,
        lambda: aps.problem_mark_set(
            workshop_id=workshop.pk,
            actor=actor_of(people["Ans"]),
            client_op_id=op(),
            postit_id=bram_postit.pk,
        ),
        NotAllowed,
    )

    assert "eigen post-its" in error.message


def test_marks_can_be_moved_by_removing_first_and_the_tally_counts_per_owner(
    workshop, appraisal, people, fac_actor, owner_column
):
    ans = people["Ans"]
    a1 = add_postit(workshop, ans, "Zwerfvuil", column=owner_column)
    a2 = add_postit(workshop, ans, "Lawaai", column=owner_column)
    aps.problem_mark_set(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        postit_id=a1.pk,
        participant_id=ans.participant.pk,
    )
    removed = aps.problem_mark_remove(
        workshop_id=workshop.pk, actor=actor_of(ans), client_op_id=op()
    )
    one_event(workshop, removed, ev.PROBLEM_MARK_REMOVED)
    result = aps.problem_mark_set(
        workshop_id=workshop.pk, actor=actor_of(ans), client_op_id=op(), postit_id=a2.pk
    )

    assert result.event.payload["tally"] == {
        "per_postit": {str(a2.pk): 1},
        "per_column": {str(owner_column.pk): 1},
    }
    with pytest.raises(NotAllowed):
        aps.problem_mark_remove(
            workshop_id=workshop.pk,
            actor=actor_of(people["Bram"]),
            client_op_id=op(),
            participant_id=ans.participant.pk,
        )
    assert Sticker.objects.get().target.ref_id == a2.pk


# --- A4/A5: at most ten pitches, one or two clarifying questions -------------------------------------


@pytest.mark.parametrize(
    "people, sizes",
    [
        (4, [1, 1, 1, 1]),
        (10, [1] * 10),
        (11, [2] * 5 + [1]),
        (20, [2] * 10),
        (25, [3] * 8 + [1]),
    ],
)
def test_there_are_never_more_than_ten_pitches(people, sizes):
    units = aps.plan_pitches(list(range(people)))

    assert [len(u) for u in units] == sizes
    assert len(units) <= 10 and sum(units, []) == list(range(people))


def test_pitches_are_planned_and_hold_at_most_two_clarifying_questions(
    workshop, appraisal, people, fac_actor
):
    planned = aps.pitches_plan(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op())
    pitches = one_event(workshop, planned, ev.PITCHES_PLANNED)["pitches"]
    assert [p["member_ids"] for p in pitches] == [[p.participant.pk] for p in people.values()]
    first = pitches[0]["id"]

    error = refused(
        workshop,
        lambda: aps.pitch_update(
            workshop_id=workshop.pk,
            actor=fac_actor,
            client_op_id=op(),
            pitch_id=first,
            clarifying_questions=["Hoe vaak?", "Waar precies?", "En waarom dan?"],
        ),
        Invalid,
    )
    assert "niet voor een discussie" in error.message
    refused(
        workshop,
        lambda: aps.pitch_update(
            workshop_id=workshop.pk,
            actor=actor_of(people["Ans"]),
            client_op_id=op(),
            pitch_id=first,
            done=True,
        ),
        NotAllowed,
    )

    done = aps.pitch_update(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        pitch_id=first,
        done=True,
        clarifying_questions=["Hoe vaak?"],
    )
    assert one_event(workshop, done, ev.PITCH_UPDATED)["pitch"]["done"] is True
    error = refused(
        workshop,
        lambda: aps.pitches_plan(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op()),
        Conflict,
    )
    assert "al begonnen" in error.message


# --- Step 2: core problems ------------------------------------------------------------------------


def test_the_original_wording_stays_and_a_sharper_text_needs_a_new_confirmation(
    workshop, appraisal, people, groups, owner_column, fac_actor
):
    ans = actor_of(people["Ans"])
    p1 = add_postit(workshop, people["Ans"], "Rommel", column=owner_column)
    p2 = add_postit(workshop, people["Bram"], "Vuilniszakken op straat", column=owner_column)
    created = aps.core_problem_create(
        workshop_id=workshop.pk,
        actor=ans,
        client_op_id=op(),
        owner_id=owner_column.pk,
        source_postit_ids=[p1.pk, p2.pk],
        fields={
            "formulation": "Afval op straat",
            "underlying_problems": ["Te weinig containers"],
            "nature": "Vies en onveilig",
            "affected_count": 240,
            "affected_unit": "huishoudens",
            "what_if_unsolved": "Meer verhuizingen",
            "could_solve_itself": "no",
        },
    )
    cp = one_event(workshop, created, ev.CORE_PROBLEM_CREATED)["core_problem"]
    assert cp["original_wording"] == "Rommel / Vuilniszakken op straat"
    assert (cp["owner_name"], cp["group_id"], cp["source_postit_ids"]) == (
        "Bewoners",
        groups[0].pk,
        sorted([p1.pk, p2.pk]),
    )
    refused(
        workshop,
        lambda: aps.core_problem_confirm(
            workshop_id=workshop.pk, actor=ans, client_op_id=op(), core_problem_id=cp["id"]
        ),
        NotAllowed,
    )
    aps.core_problem_confirm(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), core_problem_id=cp["id"]
    )

    updated = aps.core_problem_update(
        workshop_id=workshop.pk,
        actor=ans,
        client_op_id=op(),
        core_problem_id=cp["id"],
        fields={
            "formulation": "Afval naast de containers bij complex A",
            "original_wording": "overschreven?",
        },
        version=2,
    )

    data = one_event(workshop, updated, ev.CORE_PROBLEM_UPDATED)["core_problem"]
    assert data["original_wording"] == "Rommel / Vuilniszakken op straat"
    assert data["confirmed_sharp"] is False and data["version"] == 3
    error = refused(
        workshop,
        lambda: aps.core_problem_update(
            workshop_id=workshop.pk,
            actor=ans,
            client_op_id=op(),
            core_problem_id=cp["id"],
            fields={"nature": "Oud"},
            version=2,
        ),
        Conflict,
    )
    assert "iemand anders" in error.message.lower()


def test_a_second_core_problem_for_an_owner_warns(
    workshop, appraisal, people, groups, owner_column
):
    ans = actor_of(people["Ans"])
    core_problem(workshop, ans, owner_column)

    second = core_problem(workshop, ans, owner_column, "Ook nog iets")

    assert second.event.payload["warnings"] == [{"code": "more_core_problems_for_owner"}]


def test_an_owner_of_another_workshop_is_not_found(
    workshop, other_workshop, appraisal, people, groups
):
    from wijktafel.activities.models import Column

    foreign = Column.objects.create(workshop=other_workshop, title="Elders")
    refused(workshop, lambda: core_problem(workshop, actor_of(people["Ans"]), foreign), NotFound)


# --- A8: the same horizon for the baseline and every solution card --------------------------------


def test_a_card_with_another_horizon_than_the_baseline_is_refused(
    workshop, appraisal, people, groups, fac_actor
):
    baseline = aps.baseline_set(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        fields={
            "description": "Huidig beheer, nieuwe cv-ketels",
            "horizon_years": 10,
            "one_off_cost": 20000,
            "periodic_cost_per_year": 5000,
            "one_off_income": 0,
            "periodic_income_per_year": 1000,
            "checklist": {"not_a_solution": True, "sober": True},
        },
    )
    data = one_event(workshop, baseline, ev.BASELINE_CHANGED)["baseline"]
    assert (data["total_cost"], data["total_income"], data["checklist"]["sober"]) == (
        70000,
        10000,
        True,
    )
    sol = solution(workshop, actor_of(people["Ans"])).event.payload["solution"]["id"]

    error = refused(
        workshop,
        lambda: aps.card_save(
            workshop_id=workshop.pk,
            actor=fac_actor,
            client_op_id=op(),
            solution_id=sol,
            fields={"horizon_years": 5, "extra_one_off_cost": 1000},
        ),
        Conflict,
    )
    assert "dezelfde periode als het basisalternatief: 10 jaar" in error.message

    card = aps.card_save(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        solution_id=sol,
        fields={"extra_one_off_cost": 1000, "extra_periodic_cost_per_year": 100},
    )
    assert one_event(workshop, card, ev.SOLUTION_CARD_CHANGED)["card"]["horizon_years"] == 10
    assert card.event.payload["card"]["extra_total_cost"] == 2000


def test_the_baseline_horizon_cannot_drift_from_the_cards_but_changes_with_them_at_once(
    workshop, appraisal, people, groups, fac_actor
):
    aps.baseline_set(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        fields={"horizon_years": 10, "periodic_cost_per_year": 100},
    )
    sol = solution(workshop, actor_of(people["Ans"])).event.payload["solution"]["id"]
    aps.card_save(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        solution_id=sol,
        fields={"extra_periodic_cost_per_year": 10},
    )

    error = refused(
        workshop,
        lambda: aps.baseline_set(
            workshop_id=workshop.pk,
            actor=fac_actor,
            client_op_id=op(),
            fields={"horizon_years": 20},
        ),
        Conflict,
    )
    assert "dezelfde periode" in error.message

    result = aps.horizon_set(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), horizon_years=20
    )
    data = one_event(workshop, result, ev.HORIZON_CHANGED)
    assert data["baseline"]["horizon_years"] == 20 and data["baseline"]["total_cost"] == 2000
    assert [c["horizon_years"] for c in data["cards"]] == [20]
    assert m.Appraisal.objects.get(pk=appraisal.pk).horizon_years == 20


# --- A10: an out-of-the-box solution per group ----------------------------------------------------


def test_a_group_cannot_close_step_4_without_an_out_of_the_box_solution(
    workshop, appraisal, people, groups
):
    g1, _g2 = groups
    ans = actor_of(people["Ans"])
    plain = solution(workshop, ans, "Extra prullenbakken")
    key = op()

    error = refused(
        workshop,
        lambda: aps.group_step_close(
            workshop_id=workshop.pk, actor=ans, client_op_id=key, group_id=g1.pk, step=4
        ),
        Conflict,
    )
    assert "minstens één verrassende oplossing (out of the box)" in error.message

    wild = solution(workshop, ans, "Zwerfvuil-wedstrijd met beloning", ootb=True)
    closed = aps.group_step_close(
        workshop_id=workshop.pk, actor=ans, client_op_id=key, group_id=g1.pk, step=4
    )
    assert one_event(workshop, closed, ev.GROUP_UPDATED)["group"]["closed_steps"] == [4]
    assert plain.event.payload["solution"]["group_id"] == g1.pk

    # The group keeps its out-of-the-box solution while step 4 is closed.
    wild_id = wild.event.payload["solution"]["id"]
    error = refused(
        workshop,
        lambda: aps.solution_update(
            workshop_id=workshop.pk,
            actor=ans,
            client_op_id=op(),
            solution_id=wild_id,
            fields={"out_of_the_box": False},
        ),
        Conflict,
    )
    assert "enige verrassende oplossing (out of the box)" in error.message
    refused(
        workshop,
        lambda: aps.solution_delete(
            workshop_id=workshop.pk, actor=ans, client_op_id=op(), solution_id=wild_id
        ),
        Conflict,
    )
    # A repeat of the close with the same key writes nothing.
    head = len(events_of(workshop))
    again = aps.group_step_close(
        workshop_id=workshop.pk, actor=ans, client_op_id=key, group_id=g1.pk, step=4
    )
    assert not again.created and len(events_of(workshop)) == head


def test_participants_change_only_their_own_groups_items(
    workshop, appraisal, people, groups, owner_column
):
    g1, g2 = groups
    ans, cor = actor_of(people["Ans"]), actor_of(people["Cor"])
    sol = solution(workshop, ans).event.payload["solution"]["id"]
    cp = core_problem(workshop, ans, owner_column).event.payload["core_problem"]["id"]

    refused(
        workshop,
        lambda: aps.solution_update(
            workshop_id=workshop.pk,
            actor=cor,
            client_op_id=op(),
            solution_id=sol,
            fields={"title": "Gekaapt"},
        ),
        NotAllowed,
    )
    refused(
        workshop,
        lambda: aps.core_problem_update(
            workshop_id=workshop.pk,
            actor=cor,
            client_op_id=op(),
            core_problem_id=cp,
            fields={"formulation": "Anders"},
        ),
        NotAllowed,
    )
    refused(
        workshop,
        lambda: aps.group_step_close(
            workshop_id=workshop.pk, actor=cor, client_op_id=op(), group_id=g1.pk, step=2
        ),
        NotAllowed,
    )
    refused(
        workshop,
        lambda: aps.ranking_set(
            workshop_id=workshop.pk,
            actor=cor,
            client_op_id=op(),
            group_id=g1.pk,
            ordered_solution_ids=[sol],
        ),
        NotAllowed,
    )
    refused(
        workshop,
        lambda: aps.baseline_set(
            workshop_id=workshop.pk, actor=cor, client_op_id=op(), fields={"description": "x"}
        ),
        NotAllowed,
    )
    ranking = aps.ranking_set(
        workshop_id=workshop.pk,
        actor=cor,
        client_op_id=op(),
        group_id=g2.pk,
        ordered_solution_ids=[sol],
    )
    assert one_event(workshop, ranking, ev.RANKING_CHANGED)["ranking"]["ordered_solution_ids"] == [
        sol
    ]


def test_someone_outside_a_group_cannot_write_group_items(
    workshop, appraisal, people, groups, owner_column
):
    eva = join(workshop, "Eva")

    error = refused(
        workshop, lambda: core_problem(workshop, actor_of(eva), owner_column), NotAllowed
    )

    assert "nog niet in een groep" in error.message
