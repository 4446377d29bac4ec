"""The method's hard rules in the service layer (docs/methods.md §3.8), steps 5 to 8: solution cards,
the selection, effect cards and the choice, and one person walking through all steps alone.
Each refusal explains itself in Dutch and changes nothing; a repeated idempotency key
changes nothing; one event per change."""

import pytest

from tests.support.appraisal import (
    actor_of,
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
from wijktafel.appraisals import selectors
from wijktafel.appraisals import services as aps
from wijktafel.appraisals.documents.report_data import report_data
from wijktafel.core.errors import Conflict, Invalid, NotAllowed

# --- Soft rules: warnings, never refusals ---------------------------------------------------------


def test_more_than_five_effects_or_no_negative_one_warns_but_saves(
    workshop, appraisal, people, groups, fac_actor
):
    sol = solution(workshop, actor_of(people["Ans"])).event.payload["solution"]["id"]
    effects = [
        {"text": f"Schonere straat {i}", "sign": "+", "who": "bewoners", "reach": "buurt"}
        for i in range(6)
    ]

    result = aps.card_save(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        solution_id=sol,
        fields={"effects": effects},
    )

    data = one_event(workshop, result, ev.SOLUTION_CARD_CHANGED)
    assert [w["code"] for w in data["warnings"]] == ["too_many_effects", "no_negative_effect"]
    assert m.Effect.objects.count() == 6
    fixed = aps.card_save(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        solution_id=sol,
        fields={"effects": [*effects[:4], {"text": "Meer beheerkosten", "sign": "-"}]},
    )
    assert fixed.event.payload["warnings"] == []


def test_bad_effects_are_refused_and_change_nothing(workshop, appraisal, people, groups, fac_actor):
    sol = solution(workshop, actor_of(people["Ans"])).event.payload["solution"]["id"]
    for effects in (
        [{"text": "Beter", "sign": "?"}],
        [{"text": "", "sign": "+"}],
        [{"text": "Beter", "sign": "+", "reach": "land"}],
        ["Beter"],
    ):
        refused(
            workshop,
            lambda e=effects: aps.card_save(
                workshop_id=workshop.pk,
                actor=fac_actor,
                client_op_id=op(),
                solution_id=sol,
                fields={"effects": e},
            ),
            Invalid,
        )


# --- Step 6: selection ----------------------------------------------------------------------------


def _four_solutions(workshop, people):
    ans = actor_of(people["Ans"])
    return [
        solution(workshop, ans, f"Oplossing {i}", ootb=i == 0).event.payload["solution"]["id"]
        for i in range(4)
    ]


def test_the_selection_holds_three_to_five_and_a_departure_needs_a_reason(
    workshop, appraisal, people, groups, fac_actor
):
    g1, g2 = groups
    s = _four_solutions(workshop, people)
    aps.ranking_set(
        workshop_id=workshop.pk,
        actor=actor_of(people["Ans"]),
        client_op_id=op(),
        group_id=g1.pk,
        ordered_solution_ids=[s[0], s[1], s[2], s[3]],
    )
    aps.ranking_set(
        workshop_id=workshop.pk,
        actor=actor_of(people["Cor"]),
        client_op_id=op(),
        group_id=g2.pk,
        ordered_solution_ids=[s[1], s[0], s[2], s[3]],
    )

    refused(
        workshop,
        lambda: aps.selection_set(
            workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), solution_ids=s[:2]
        ),
        Conflict,
    )
    error = refused(
        workshop,
        lambda: aps.selection_set(
            workshop_id=workshop.pk,
            actor=fac_actor,
            client_op_id=op(),
            solution_ids=[s[0], s[1], s[3]],
        ),
        Conflict,
    )
    assert "waarom" in error.message.lower()

    agreed = aps.selection_set(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), solution_ids=s[:3]
    )
    assert (
        one_event(workshop, agreed, ev.SELECTION_CHANGED)["selection"]["departs_from_aggregate"]
        is False
    )
    departed = aps.selection_set(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        solution_ids=[s[0], s[1], s[3]],
        reason="Oplossing 3 is goedkoper",
    )
    assert departed.event.payload["selection"]["departs_from_aggregate"] is True


def test_effect_cards_only_for_selected_solutions(
    workshop, appraisal, people, groups, fac_actor, owner_column
):
    s = _four_solutions(workshop, people)
    cp = core_problem(workshop, actor_of(people["Ans"]), owner_column).event.payload[
        "core_problem"
    ]["id"]
    aps.selection_set(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), solution_ids=s[:3]
    )

    refused(
        workshop,
        lambda: aps.effect_card_set(
            workshop_id=workshop.pk,
            actor=actor_of(people["Ans"]),
            client_op_id=op(),
            solution_id=s[3],
            core_problem_id=cp,
            main_effects=["Minder afval"],
            size="large",
        ),
        Conflict,
    )
    made = aps.effect_card_set(
        workshop_id=workshop.pk,
        actor=actor_of(people["Ans"]),
        client_op_id=op(),
        solution_id=s[0],
        core_problem_id=cp,
        main_effects=["Minder afval"],
        size="large",
    )
    assert (
        one_event(workshop, made, ev.EFFECT_CARD_CHANGED)["effect_card"]["group_id"] == groups[0].pk
    )
    refused(
        workshop,
        lambda: aps.effect_card_set(
            workshop_id=workshop.pk,
            actor=actor_of(people["Cor"]),
            client_op_id=op(),
            solution_id=s[0],
            core_problem_id=cp,
            main_effects=["Niets"],
            size="small",
        ),
        NotAllowed,
    )


# --- Step 7: the effect cards still to make -------------------------------------------------------


def test_the_appraisal_lists_the_effect_cards_still_to_make(
    workshop, appraisal, people, groups, fac_actor, owner_column
):
    s = _four_solutions(workshop, people)
    cp = core_problem(workshop, actor_of(people["Ans"]), owner_column).event.payload[
        "core_problem"
    ]["id"]
    aps.selection_set(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), solution_ids=s[:3]
    )
    aps.effect_card_set(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        solution_id=s[0],
        core_problem_id=cp,
        main_effects=["Minder afval"],
        size="medium",
    )

    missing = selectors.appraisal_payload(appraisal)["effect_cards_missing"]

    assert missing == [
        {"solution_id": s[1], "core_problem_id": cp},
        {"solution_id": s[2], "core_problem_id": cp},
    ]


# --- A16: the baseline considered before a choice is final ----------------------------------------


def test_a_choice_is_not_final_until_the_baseline_was_considered(
    workshop, appraisal, people, groups, fac_actor
):
    sol = solution(workshop, actor_of(people["Ans"])).event.payload["solution"]["id"]
    choice = {
        "kind": "solution",
        "solution_ids": [sol],
        "is_final": True,
        "decision_procedure": "Het bestuur besluit in maart",
    }

    error = refused(
        workshop,
        lambda: aps.choice_set(
            workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), fields=choice
        ),
        Invalid,
    )
    assert "basisalternatief" in error.message and "eerst" in error.message

    # Considered, but never described: still not final.
    error = refused(
        workshop,
        lambda: aps.choice_set(
            workshop_id=workshop.pk,
            actor=fac_actor,
            client_op_id=op(),
            fields={**choice, "baseline_considered": True},
        ),
        Conflict,
    )
    assert "basisalternatief" in error.message

    aps.baseline_set(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        fields={"description": "Niets extra"},
    )
    key = op()
    result = aps.choice_set(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=key,
        fields={**choice, "baseline_considered": True, "baseline_reason": "Lost niets op"},
    )
    data = one_event(workshop, result, ev.CHOICE_CHANGED)
    assert data["choice"]["is_final"] and data["status"] == "decided"
    head = len(events_of(workshop))
    assert not aps.choice_set(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=key,
        fields={**choice, "baseline_considered": True},
    ).created
    assert len(events_of(workshop)) == head


@pytest.mark.parametrize(
    "kind, ids, field",
    [
        ("solution", [], "solution_ids"),
        ("combination", [1], "solution_ids"),
        ("baseline", [1], "solution_ids"),
        ("maybe", [], "kind"),
    ],
)
def test_a_choice_of_the_wrong_shape_is_refused(workshop, appraisal, fac_actor, kind, ids, field):
    error = refused(
        workshop,
        lambda: aps.choice_set(
            workshop_id=workshop.pk,
            actor=fac_actor,
            client_op_id=op(),
            fields={"kind": kind, "solution_ids": ids},
        ),
        Invalid,
    )
    assert error.field == field


# --- Light mode: one person walks through the steps alone (§3.2) -------------------------------------


def test_one_facilitator_alone_walks_through_all_eight_steps_in_one_linked_session(
    facilitator, workshop, appraisal, fac_actor, owner_column
):
    from wijktafel.activities import services as wall

    ws = workshop.pk
    postit = wall.postit_create(
        workshop_id=ws,
        actor=fac_actor,
        client_op_id=op(),
        text="Leegstand",
        column_id=owner_column.pk,
    ).event.payload["id"]
    cp = core_problem(
        workshop,
        fac_actor,
        owner_column,
        "Leegstand kost huur",
    ).event.payload["core_problem"]["id"]
    aps.core_problem_confirm(workshop_id=ws, actor=fac_actor, client_op_id=op(), core_problem_id=cp)
    aps.baseline_set(
        workshop_id=ws,
        actor=fac_actor,
        client_op_id=op(),
        fields={"description": "Huidig beheer", "periodic_income_per_year": 1000},
    )
    sol = [
        solution(workshop, fac_actor, t, ootb=i == 0).event.payload["solution"]["id"]
        for i, t in enumerate(("Studenten", "Renovatie", "Verkoop"))
    ]
    for sid in sol:
        aps.card_save(
            workshop_id=ws,
            actor=fac_actor,
            client_op_id=op(),
            solution_id=sid,
            fields={
                "effects": [
                    {"text": "Minder leegstand", "sign": "+"},
                    {"text": "Meer beheer", "sign": "-"},
                ]
            },
        )
    aps.selection_set(workshop_id=ws, actor=fac_actor, client_op_id=op(), solution_ids=sol)
    aps.effect_card_set(
        workshop_id=ws,
        actor=fac_actor,
        client_op_id=op(),
        solution_id=sol[0],
        core_problem_id=cp,
        main_effects=["Minder leegstand"],
        size="large",
    )
    aps.choice_set(
        workshop_id=ws,
        actor=fac_actor,
        client_op_id=op(),
        fields={
            "kind": "solution",
            "solution_ids": [sol[0]],
            "baseline_considered": True,
            "is_final": True,
        },
    )

    report = report_data(m.Appraisal.objects.get(pk=appraisal.pk))
    assert (
        report["choice"]["titles"] == ["Studenten"] and report["appraisal"]["status"] == "decided"
    )
    assert report["core_problems"][0]["original_wording"] == "Leegstand kost huur"
    assert postit and not report["rankings"]  # no groups, no rankings: the light mode


def test_a_new_order_keeps_the_solving_power_and_notes_it_does_not_mention(
    workshop, appraisal, people, groups, owner_column
):
    """A phone drags a new order: the percentages and notes typed before stay; "" and {} clear."""
    from wijktafel.appraisals.models import GroupRanking

    g1, _g2 = groups
    ans = actor_of(people["Ans"])
    s = _four_solutions(workshop, people)
    cp = core_problem(workshop, ans, owner_column).event.payload["core_problem"]["id"]
    aps.ranking_set(
        workshop_id=workshop.pk,
        actor=ans,
        client_op_id=op(),
        group_id=g1.pk,
        ordered_solution_ids=s,
        solving_power={str(cp): {str(s[0]): 60}},
        notes="Kosten wogen zwaar",
    )
    aps.ranking_set(
        workshop_id=workshop.pk,
        actor=ans,
        client_op_id=op(),
        group_id=g1.pk,
        ordered_solution_ids=[s[1], s[0], s[2], s[3]],
    )
    ranking = GroupRanking.objects.get(group=g1)
    assert ranking.ordered_solution_ids == [s[1], s[0], s[2], s[3]]
    assert ranking.solving_power == {str(cp): {str(s[0]): 60}}
    assert ranking.notes == "Kosten wogen zwaar"

    aps.ranking_set(
        workshop_id=workshop.pk,
        actor=ans,
        client_op_id=op(),
        group_id=g1.pk,
        ordered_solution_ids=s,
        solving_power={},
        notes="",
    )
    ranking.refresh_from_db()
    assert (ranking.solving_power, ranking.notes) == ({}, "")


def test_in_session_two_its_groups_sharpen_the_cards_made_in_session_one(
    workshop, appraisal, people, groups, session_two, fac_actor
):
    """Session II has new participants and new groups; they walk through session I's cards."""
    from wijktafel.appraisals.models import SolutionCard

    sol = solution(workshop, actor_of(people["Ans"])).event.payload["solution"]["id"]
    ans2, eva2 = join(session_two, "Ans"), join(session_two, "Eva")
    aps.group_create(
        workshop_id=session_two.pk,
        actor=fac_actor,
        client_op_id=op(),
        name="Groep A",
        member_ids=[ans2.participant.pk],
    )

    error = refused(
        session_two,
        lambda: aps.card_save(
            workshop_id=session_two.pk,
            actor=actor_of(eva2),
            client_op_id=op(),
            solution_id=sol,
            fields={"uncertainties": ["Wie betaalt?"]},
        ),
        NotAllowed,
    )
    assert "nog niet in een groep" in error.message
    assert not SolutionCard.objects.filter(solution_id=sol).exists()

    card = aps.card_save(
        workshop_id=session_two.pk,
        actor=actor_of(ans2),
        client_op_id=op(),
        solution_id=sol,
        fields={"uncertainties": ["Wie betaalt?"]},
    )
    assert one_event(session_two, card, ev.SOLUTION_CARD_CHANGED)["card"]["uncertainties"] == [
        "Wie betaalt?"
    ]

    # In session I a card stays its own group's: group 2 may not change group 1's card.
    refused(
        workshop,
        lambda: aps.card_save(
            workshop_id=workshop.pk,
            actor=actor_of(people["Cor"]),
            client_op_id=op(),
            solution_id=sol,
            fields={"variants": ["Kleiner"]},
        ),
        NotAllowed,
    )
