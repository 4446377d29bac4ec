"""Reads of an appraisal: the snapshot part costs the same number of queries however big it gets."""

from django.db import connection

from tests.support.appraisal import actor_of, add_postit, op
from wijktafel.appraisals import selectors
from wijktafel.appraisals import services as aps
from wijktafel.appraisals.documents.report_data import report_data


def grow(workshop, people, groups, fac_actor, column, n):
    """``n`` more of everything a group makes: post-its, core problems, solutions with cards."""
    ans = actor_of(people["Ans"])
    made = []
    for i in range(n):
        postit = add_postit(workshop, people["Ans"], f"Probleem {i}", column=column)
        cp = aps.core_problem_create(
            workshop_id=workshop.pk,
            actor=ans,
            client_op_id=op(),
            owner_id=column.pk,
            fields={"formulation": f"Kern {i}"},
            source_postit_ids=[postit.pk],
        ).event.payload["core_problem"]["id"]
        sid = aps.solution_create(
            workshop_id=workshop.pk,
            actor=ans,
            client_op_id=op(),
            fields={"title": f"Oplossing {i}", "out_of_the_box": True},
        ).event.payload["solution"]["id"]
        aps.card_save(
            workshop_id=workshop.pk,
            actor=fac_actor,
            client_op_id=op(),
            solution_id=sid,
            fields={
                "effects": [{"text": "Beter", "sign": "+"}, {"text": "Duurder", "sign": "-"}],
                "to_investigate": [{"title": f"Uitzoeken {i}", "owner_name": "Bram"}],
            },
        )
        aps.insight_add(
            workshop_id=workshop.pk,
            actor=fac_actor,
            client_op_id=op(),
            text=f"Inzicht {i}",
            core_problem_ids=[cp],
        )
        made.append(sid)
    for group, who in zip(groups, ("Ans", "Cor"), strict=True):
        aps.ranking_set(
            workshop_id=workshop.pk,
            actor=actor_of(people[who]),
            client_op_id=op(),
            group_id=group.pk,
            ordered_solution_ids=made,
        )
    return made


def queries_for(appraisal) -> int:
    """Count the statements (an execute wrapper: the debug cursor needs an SQLite call that
    pysqlite3 lacks)."""
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        selectors.appraisal_payload(appraisal)
    return count


def test_the_appraisal_payload_does_not_query_per_object(
    workshop, appraisal, people, groups, fac_actor, owner_column
):
    grow(workshop, people, groups, fac_actor, owner_column, 2)
    small = queries_for(appraisal)

    grow(workshop, people, groups, fac_actor, owner_column, 6)
    large = queries_for(appraisal)

    payload = selectors.appraisal_payload(appraisal)
    assert (
        len(payload["solutions"]) == 8
        and len(payload["cards"]) == 8
        and len(payload["insights"]) == 8
    )
    assert all(len(card["to_investigate"]) == 1 for card in payload["cards"])
    assert large == small


def test_the_report_data_name_the_choice_the_selection_and_every_core_problem(
    workshop, appraisal, people, groups, fac_actor, owner_column
):
    from wijktafel.activities import services as wall

    ans, cor = actor_of(people["Ans"]), actor_of(people["Cor"])
    first = add_postit(workshop, people["Ans"], "Rommel bij de ingang", column=owner_column)
    idea = add_postit(workshop, people["Cor"], "Een buurtconciërge?")
    wall.postit_park(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        postit_id=idea.pk,
        note="Oplossing voor stap 4",
    )
    aps.problem_mark_set(workshop_id=workshop.pk, actor=ans, client_op_id=op(), postit_id=first.pk)
    cps = [
        aps.core_problem_create(
            workshop_id=workshop.pk,
            actor=who,
            client_op_id=op(),
            owner_id=owner_column.pk,
            fields={"formulation": text},
            source_postit_ids=[first.pk],
        ).event.payload["core_problem"]["id"]
        for who, text in (
            (ans, "Afval naast de containers"),
            (cor, "Bewoners voelen zich niet thuis"),
        )
    ]
    aps.baseline_set(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        fields={"description": "Huidig beheer", "horizon_years": 10, "one_off_cost": 1000},
    )
    sol = [
        aps.solution_create(
            workshop_id=workshop.pk,
            actor=who,
            client_op_id=op(),
            fields={"title": title, "out_of_the_box": True},
        ).event.payload["solution"]["id"]
        for who, title in (
            (ans, "Buurtconciërge"),
            (ans, "Afvalwedstrijd"),
            (cor, "Ondergrondse containers"),
            (cor, "Camera's"),
        )
    ]
    for group, who, order in (
        (groups[0], ans, sol),
        (groups[1], cor, [sol[2], sol[0], sol[1], sol[3]]),
    ):
        aps.ranking_set(
            workshop_id=workshop.pk,
            actor=who,
            client_op_id=op(),
            group_id=group.pk,
            ordered_solution_ids=order,
        )
    aps.selection_set(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), solution_ids=sol[:3]
    )
    aps.effect_card_set(
        workshop_id=workshop.pk,
        actor=ans,
        client_op_id=op(),
        solution_id=sol[0],
        core_problem_id=cps[0],
        main_effects=["Schonere ingang"],
        size="large",
    )
    aps.choice_set(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        fields={
            "kind": "solution",
            "solution_ids": [sol[0]],
            "baseline_considered": True,
            "is_final": True,
        },
    )
    aps.insight_add(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), text="Het gaat om thuis voelen"
    )

    report = report_data(appraisal)

    assert (
        report["choice"]["titles"] == ["Buurtconciërge"]
        and report["choice"]["kind_label"] == "een oplossing"
    )
    assert report["selection"]["titles"] == [
        "Buurtconciërge",
        "Afvalwedstrijd",
        "Ondergrondse containers",
    ]
    assert [
        (cp["owner_name"], cp["original_wording"], cp["formulation"])
        for cp in report["core_problems"]
    ] == [
        ("Bewoners", "Rommel bij de ingang", "Afval naast de containers"),
        ("Bewoners", "Rommel bij de ingang", "Bewoners voelen zich niet thuis"),
    ]
    assert report["problems_per_owner"] == [
        {
            "owner": "Bewoners",
            "postits": [{"text": "Rommel bij de ingang", "why": "", "problem_1": 1}],
        }
    ]
    assert report["parked"] == [  # a parked post-it is a topic of the parking lot, listed once
        {"text": "Een buurtconciërge?", "note": "Oplossing voor stap 4", "status": "parked"}
    ]
    assert [r["order"][0] for r in report["rankings"]] == [
        "Buurtconciërge",
        "Ondergrondse containers",
    ]
    assert report["aggregate"]["order"][0] == "Buurtconciërge"
    assert (
        report["effect_cards"][0]["owner_name"] == "Bewoners"
        and report["baseline"]["total_cost"] == 1000
    )
    assert [s["session"] for s in report["sessions"]] == [1]
    assert {p["name"] for p in report["sessions"][0]["participants"]} == {
        "Ans",
        "Bram",
        "Cor",
        "Dewi",
    }
    assert report["insights"][0]["text"] == "Het gaat om thuis voelen"
