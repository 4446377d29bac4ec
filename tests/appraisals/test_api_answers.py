"""What the appraisal API answers besides its writes: a refusal and the card warnings in Dutch
JSON (nothing changes on a refusal), each agenda item's step, a hint on a vague trigger."""

import uuid

from tests.support.api import call
from tests.support.appraisal_api import database
from wijktafel.appraisals import models as m


def test_a_refusal_over_the_api_is_dutch_json_and_changes_nothing(fac, facilitator, workshop):
    from wijktafel.appraisals import services as aps

    appraisal = aps.appraisal_create(user=facilitator, title="Afweging", horizon_years=5)
    aps.appraisal_link(
        user=facilitator, appraisal_id=appraisal.pk, session=1, workshop_id=workshop.pk
    )
    before = database()

    response = call(
        fac,
        "PUT",
        f"/workshops/{workshop.pk}/appraisal/choice",
        {"kind": "baseline", "is_final": True},
        key=str(uuid.uuid4()),
    )

    assert response.status_code == 400
    assert (
        response.json()["code"] == "invalid" and response.json()["field"] == "baseline_considered"
    )
    assert "basisalternatief" in response.json()["message"]
    assert database() == before


def test_merging_a_solution_into_itself_or_into_a_merged_one_is_a_conflict(
    fac, facilitator, workshop
):
    """Which solution an id names, and whether it is merged, is the appraisal as stored: 409."""
    from wijktafel.appraisals import services as aps
    from wijktafel.workshops.services import Actor

    appraisal = aps.appraisal_create(user=facilitator, title="Afweging", horizon_years=5)
    aps.appraisal_link(
        user=facilitator, appraisal_id=appraisal.pk, session=1, workshop_id=workshop.pk
    )
    camera, toezicht, concierge = (
        aps.solution_create(
            workshop_id=workshop.pk,
            actor=Actor(user=facilitator),
            client_op_id=None,
            fields={"title": title},
        ).event.payload["solution"]["id"]
        for title in ("Camera's", "Toezicht", "Buurtconcierge")
    )
    aps.solution_merge(
        workshop_id=workshop.pk,
        actor=Actor(user=facilitator),
        client_op_id=None,
        solution_id=toezicht,
        into_id=camera,
    )
    before = database()

    for merged, into, message in (
        (camera, camera, "Je kunt een oplossing niet met zichzelf samenvoegen."),
        (concierge, toezicht, "Voeg samen met een oplossing die zelf niet is samengevoegd."),
    ):
        response = call(
            fac,
            "POST",
            f"/workshops/{workshop.pk}/appraisal/solutions/{merged}/merge",
            {"into_id": into},
            key=str(uuid.uuid4()),
        )

        assert response.status_code == 409, response.content
        assert response.json() == {"code": "conflict", "message": message, "field": "into_id"}
        assert database() == before


def test_a_selection_that_the_rankings_do_not_allow_is_a_conflict(
    fac, workshop, appraisal, people, groups
):
    """One to five solutions is the request's rule (400); how few are too few, and whether a
    departure from the rankings needs a reason, is the appraisal as it is now (409)."""
    from tests.support.appraisal import actor_of, op, solution
    from wijktafel.appraisals import services as aps

    s = [
        solution(workshop, actor_of(people["Ans"]), f"Oplossing {i}").event.payload["solution"][
            "id"
        ]
        for i in range(4)
    ]
    for who, group, order in (("Ans", groups[0], s), ("Cor", groups[1], [s[1], s[0], *s[2:]])):
        aps.ranking_set(
            workshop_id=workshop.pk,
            actor=actor_of(people[who]),
            client_op_id=op(),
            group_id=group.pk,
            ordered_solution_ids=order,
        )
    path = f"/workshops/{workshop.pk}/appraisal/selection"
    before = database()

    for body, field, message in (
        (
            {"solution_ids": s[:2]},  # four to choose from: two are too few
            "solution_ids",
            "Kies drie tot vijf oplossingen (of allemaal als er minder zijn).",
        ),
        (
            {"solution_ids": [s[0], s[1], s[3]]},  # not the rankings' advice, and no reason
            "reason",
            "Deze keuze wijkt af van het advies uit de rangordes. Schrijf op waarom.",
        ),
    ):
        response = call(fac, "PUT", path, body, key=str(uuid.uuid4()))

        assert response.status_code == 409, response.content
        assert response.json() == {"code": "conflict", "message": message, "field": field}
        assert database() == before
    empty = call(fac, "PUT", path, {"solution_ids": []}, key=str(uuid.uuid4()))
    assert (empty.status_code, empty.json()["field"]) == (400, "solution_ids")
    assert database() == before


def test_a_horizon_other_than_the_appraisals_is_a_conflict(fac, facilitator, workshop):
    """A card's horizon must be the baseline's, and the first baseline needs one when the
    appraisal has none: both are the appraisal as it is (409), not the request's shape."""
    from wijktafel.appraisals import services as aps
    from wijktafel.workshops.services import Actor

    appraisal = aps.appraisal_create(user=facilitator, title="Afweging")
    aps.appraisal_link(
        user=facilitator, appraisal_id=appraisal.pk, session=1, workshop_id=workshop.pk
    )
    base = f"/workshops/{workshop.pk}/appraisal"
    before = database()

    first = call(fac, "PUT", f"{base}/baseline", {"one_off_cost": 1000}, key=str(uuid.uuid4()))

    assert first.status_code == 409, first.content
    assert first.json() == {
        "code": "conflict",
        "message": "Kies de periode in jaren: de tijd waarover je de kosten telt.",
        "field": "horizon_years",
    }
    assert database() == before

    aps.baseline_set(
        workshop_id=workshop.pk,
        actor=Actor(user=facilitator),
        client_op_id=None,
        fields={"horizon_years": 10, "one_off_cost": 1000},
    )
    sid = aps.solution_create(
        workshop_id=workshop.pk,
        actor=Actor(user=facilitator),
        client_op_id=None,
        fields={"title": "Buurtconciërge"},
    ).event.payload["solution"]["id"]
    before = database()

    card = call(
        fac,
        "PUT",
        f"{base}/solutions/{sid}/card",
        {"horizon_years": 5, "extra_one_off_cost": 500},
        key=str(uuid.uuid4()),
    )

    assert card.status_code == 409, card.content
    assert card.json() == {
        "code": "conflict",
        "message": "Gebruik dezelfde periode als het basisalternatief: 10 jaar. Je kunt kosten "
        "alleen vergelijken over dezelfde periode.",
        "field": "horizon_years",
    }
    assert database() == before


def test_card_warnings_come_back_in_dutch_and_the_card_is_saved(fac, facilitator, workshop):
    from wijktafel.appraisals import services as aps
    from wijktafel.workshops.services import Actor

    appraisal = aps.appraisal_create(user=facilitator, title="Afweging", horizon_years=5)
    aps.appraisal_link(
        user=facilitator, appraisal_id=appraisal.pk, session=1, workshop_id=workshop.pk
    )
    sid = aps.solution_create(
        workshop_id=workshop.pk,
        actor=Actor(user=facilitator),
        client_op_id=None,
        fields={"title": "Buurtconcierge"},
    ).event.payload["solution"]["id"]
    path = f"/workshops/{workshop.pk}/appraisal/solutions/{sid}/card"
    body = {"effects": [{"text": "Schoner", "sign": "+"}]}

    response = call(fac, "PUT", path, body)

    assert response.status_code == 200
    warnings = response.json()["warnings"]
    assert [w["code"] for w in warnings] == ["no_negative_effect"]
    assert "negatief effect" in warnings[0]["message"]
    assert m.Effect.objects.count() == 1  # a warning, never a refusal


def test_each_agenda_item_knows_its_step_and_the_facilitator_can_set_it(fac, workshop):
    items = call(fac, "GET", f"/workshops/{workshop.pk}/agenda-items").json()
    assert [i["step"] for i in items if i["step"]] == [1, 2, 3, 4]  # the afwegen-1 template
    intro = items[0]

    changed = call(
        fac, "PATCH", f"/workshops/{workshop.pk}/agenda-items/{intro['id']}", {"step": 1}
    )
    refused = call(
        fac, "PATCH", f"/workshops/{workshop.pk}/agenda-items/{intro['id']}", {"step": 12}
    )

    assert changed.status_code == 200 and changed.json()["item"]["step"] == 1
    assert refused.status_code == 400 and refused.json()["field"] == "step"
    assert "stap van 1 tot en met 8" in refused.json()["message"]
    added = call(
        fac,
        "POST",
        f"/workshops/{workshop.pk}/agenda-items",
        {"title": "Stap 8: kiezen", "duration_minutes": 30, "step": 8},
    )
    assert added.status_code == 201 and added.json()["item"]["step"] == 8


def test_a_vague_trigger_comes_back_with_a_dutch_hint_and_the_appraisal_is_made(fac):
    response = call(
        fac, "POST", "/appraisals", {"title": "Afweging Noord", "trigger": "Iets met de wijk"}
    )

    assert response.status_code == 201
    assert [w["code"] for w in response.json()["warnings"]] == ["trigger_vague"]
    assert "scherper en concreter" in response.json()["warnings"][0]["message"]
    assert m.Appraisal.objects.filter(title="Afweging Noord").exists()


def test_a_null_formulation_or_answer_leaves_the_core_problem_as_it_is(
    fac, fac_actor, workshop, appraisal, owner_column
):
    """A null is "as it is" for the formulation and "could it solve itself" (the op drops it),
    while the other texts' null clears them, as the API document says."""
    from tests.support.appraisal import op
    from wijktafel.appraisals import services as aps

    made = aps.core_problem_create(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        owner_id=owner_column.pk,
        fields={"formulation": "Geen plek", "could_solve_itself": "no", "nature": "Blijvend"},
    )
    cp_id = made.event.payload["core_problem"]["id"]

    response = call(
        fac,
        "PATCH",
        f"/workshops/{workshop.pk}/appraisal/core-problems/{cp_id}",
        {"formulation": None, "could_solve_itself": None, "nature": None},
    )

    assert response.status_code == 200, response.content
    cp = m.CoreProblem.objects.get(pk=cp_id)
    assert (cp.formulation, cp.could_solve_itself, cp.nature) == ("Geen plek", "no", "")
