"""Afwegen's actions live in the register of agreements (issue 10): one row per action, read by
the appraisal (same payload as ever), the register and the report (each action once); a card's
things to investigate are linked to their solution and go with it; the data migration moves
existing actions both ways."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.support.appraisal import actor_of, op, solution
from wijktafel.agreements import services as register
from wijktafel.agreements.models import Agreement
from wijktafel.appraisals import selectors
from wijktafel.appraisals import services as aps
from wijktafel.appraisals.documents.report_data import report_data
from wijktafel.core.errors import NotFound
from wijktafel.workshops import selectors as live
from wijktafel.workshops.models import WorkshopEvent


def _card_with_task(workshop, fac_actor, sol):
    return aps.card_save(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        solution_id=sol,
        fields={"to_investigate": [{"title": "Kosten navragen", "owner_name": "Cor"}]},
    )


def _state():
    return (
        list(Agreement.objects.order_by("pk").values()),
        WorkshopEvent.objects.count(),
    )


@pytest.mark.django_db
def test_an_action_is_a_row_of_the_register_seen_the_same_everywhere(
    workshop, appraisal, people, groups, fac_actor
):
    added = aps.action_add(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        fields={
            "title": "Oplossingskaarten uitwerken",
            "owner_name": "Fenna",
            "due_date": "2026-12-10",
            "kind": "work_agreement",
            "source": "step4",
        },
    )
    row = Agreement.objects.get()
    assert (row.workshop_id, row.origin, row.kind, row.description, row.owner_names) == (
        workshop.pk,
        "appraisal",
        "work_agreement",
        "Oplossingskaarten uitwerken",
        "Fenna",
    )
    action = {
        "id": row.pk,
        "title": "Oplossingskaarten uitwerken",
        "owner_name": "Fenna",
        "due_date": "2026-12-10",
        "kind": "work_agreement",
        "source": "step4",
        "card_solution_id": None,
        "status": "open",
    }
    assert added.event.kind == "action.created"
    assert added.event.payload["action"] == action
    snapshot = live.workshop_snapshot(workshop)
    assert snapshot["appraisal"]["actions"] == [action]
    assert snapshot["agreements"] == [added.event.payload["agreement"]]

    # Changed in the register, the appraisal shows the change; changed as an action, the register.
    register.agreement_update(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        agreement_id=row.pk,
        fields={"status": "done"},
    )
    assert selectors.appraisal_payload(appraisal)["actions"][0]["status"] == "done"
    aps.action_update(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        action_id=row.pk,
        fields={"title": "Kaarten uitwerken"},
    )
    assert Agreement.objects.get().description == "Kaarten uitwerken"

    # The report lists it once, as an action of the appraisal.
    register.agreement_create(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        kind="joint_agreement",
        description="Samen naar de gemeente",
        owner_names="Iedereen",
    )
    data = report_data(appraisal)
    assert [a["title"] for a in data["actions"]] == ["Kaarten uitwerken"]
    assert [a["title"] for a in data["register"]] == ["Samen naar de gemeente"]


@pytest.mark.django_db
def test_a_register_agreement_is_no_action_and_a_refusal_changes_nothing(
    workshop, other_workshop, appraisal, fac_actor
):
    own = register.agreement_create(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        kind="joint_agreement",
        description="Samen naar de gemeente",
        owner_names="Iedereen",
    ).event.payload["id"]
    before = _state()
    for call in (
        lambda: aps.action_update(
            workshop_id=workshop.pk,
            actor=fac_actor,
            client_op_id=op(),
            action_id=own,
            fields={"status": "done"},
        ),
        lambda: aps.action_delete(
            workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), action_id=own
        ),
    ):
        with pytest.raises(NotFound):
            call()
        assert _state() == before
    assert selectors.appraisal_payload(appraisal)["actions"] == []


@pytest.mark.django_db
def test_a_cards_things_to_investigate_are_linked_to_its_solution_and_go_with_it(
    workshop, appraisal, people, groups, fac_actor
):
    sol = solution(workshop, actor_of(people["Ans"])).event.payload["solution"]["id"]
    changed = _card_with_task(workshop, fac_actor, sol)
    row = Agreement.objects.get()
    assert (row.kind, row.source, row.link_kind, row.link_id, row.link_label) == (
        "research_task",
        "card",
        "solution",
        sol,
        "Buurtconciërge",
    )
    assert changed.event.payload["card"]["to_investigate"][0]["card_solution_id"] == sol
    assert changed.event.payload["agreements"][0]["id"] == row.pk
    # Saved again: replaced, not added to.
    _card_with_task(workshop, fac_actor, sol)
    assert Agreement.objects.count() == 1
    aps.solution_delete(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), solution_id=sol
    )
    assert not Agreement.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_moves_actions_out_and_back_into_the_register(
    workshop, session_two, appraisal, people, groups, fac_actor
):
    sol = solution(workshop, actor_of(people["Ans"])).event.payload["solution"]["id"]
    _card_with_task(workshop, fac_actor, sol)
    aps.action_add(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        fields={"title": "Kaarten uitwerken", "owner_name": "Fenna", "source": "step4"},
    )
    register.agreement_create(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        kind="joint_agreement",
        description="Samen naar de gemeente",
        owner_names="Iedereen",
    )
    before = [("appraisals", "0005_remove_problem_mark"), ("agreements", "0002_source_and_origin")]
    after = [("appraisals", "0006_actions_into_the_register")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        actions = old.get_model("appraisals", "Action").objects.order_by("pk")
        assert [(a.title, a.kind, a.source, a.card_id is not None) for a in actions] == [
            ("Kosten navragen", "research_task", "card", True),
            ("Kaarten uitwerken", "follow_up", "step4", False),
        ]
        # The register keeps only its own.
        assert list(
            old.get_model("agreements", "Agreement").objects.values_list("description", flat=True)
        ) == ["Samen naar de gemeente"]

        executor = MigrationExecutor(connection)
        executor.migrate(after)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    moved = Agreement.objects.filter(origin="appraisal").order_by("pk")
    # What came up on a card lives in session II; what came up in step 4 stays in session I.
    assert [(a.description, a.workshop_id, a.link_kind, a.link_id) for a in moved] == [
        ("Kosten navragen", session_two.pk, "solution", sol),
        ("Kaarten uitwerken", workshop.pk, "", None),
    ]
    appraisal.refresh_from_db()  # now linked to session II as well
    assert [a["title"] for a in selectors.appraisal_payload(appraisal)["actions"]] == [
        "Kosten navragen",
        "Kaarten uitwerken",
    ]
