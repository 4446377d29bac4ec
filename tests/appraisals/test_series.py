"""An appraisal is a series of its two work sessions (wijktafel.series): the people of session I
are recognised in session II (as the same person, not someone new), session II takes over the
groups of session I with the people who came back, and existing appraisals are migrated."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.support.appraisal import op
from tests.support.factories import join
from wijktafel.appraisals import models as m
from wijktafel.appraisals import services as aps
from wijktafel.core.errors import Conflict
from wijktafel.series.models import Attendance, Person
from wijktafel.workshops import services
from wijktafel.workshops.models import WorkshopEvent

pytestmark = pytest.mark.django_db


def test_an_appraisal_is_a_series_of_its_two_work_sessions(appraisal, workshop, session_two):
    series = appraisal.series
    assert series.method == m.METHOD_KEY and series.title == "Afweging Zuid"
    assert [(e.position, e.workshop_id) for e in series.entries.order_by("position")] == [
        (1, workshop.pk),
        (2, session_two.pk),
    ]


def test_a_renamed_appraisal_renames_its_series(appraisal, facilitator):
    aps.appraisal_update(user=facilitator, appraisal_id=appraisal.pk, fields={"title": "Zuid-Oost"})
    appraisal.series.refresh_from_db()
    assert appraisal.series.title == "Zuid-Oost"


def back_in_session_two(session_two, joined):
    """A person of session I joins session II as themselves (what their device does)."""
    person = joined.extras["series"]
    return services.participant_join(
        workshop=session_two, display_name=person.display_name, context={"person": person}
    )


def test_session_two_takes_over_the_groups_with_the_people_who_came_back(
    appraisal, workshop, session_two, people, groups, fac_actor
):
    back = {name: back_in_session_two(session_two, people[name]) for name in ("Ans", "Cor", "Dewi")}
    newcomer = join(session_two, "Eva")
    assert Person.objects.filter(series=appraisal.series).count() == 5  # Eva is new

    result = aps.groups_carry_over(workshop_id=session_two.pk, actor=fac_actor, client_op_id=op())

    made = {
        g.name: sorted(p.display_name for p in g.members.all())
        for g in m.Group.objects.filter(workshop=session_two)
    }
    assert made == {"Groep 1": ["Ans"], "Groep 2": ["Cor", "Dewi"]}
    ids = {p.participant.pk for p in back.values()}
    assert {i for g in result.event.payload["groups"] for i in g["member_ids"]} == ids
    assert newcomer.participant.pk not in ids
    assert result.event.kind == "groups.formed"


def test_taking_over_groups_is_refused_in_session_one_and_when_there_are_groups(
    appraisal, workshop, session_two, people, groups, fac_actor
):
    back_in_session_two(session_two, people["Ans"])

    def snapshot():
        return (
            list(m.Group.objects.order_by("pk").values("pk", "workshop_id", "name")),
            WorkshopEvent.objects.count(),
        )

    before = snapshot()
    with pytest.raises(Conflict):
        aps.groups_carry_over(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op())
    assert snapshot() == before

    aps.groups_carry_over(workshop_id=session_two.pk, actor=fac_actor, client_op_id=op())
    before = snapshot()
    with pytest.raises(Conflict):
        aps.groups_carry_over(workshop_id=session_two.pk, actor=fac_actor, client_op_id=op())
    assert snapshot() == before


def test_nobody_back_yet_means_no_groups_to_take_over(appraisal, session_two, groups, fac_actor):
    join(session_two, "Eva")
    with pytest.raises(Conflict):
        aps.groups_carry_over(workshop_id=session_two.pk, actor=fac_actor, client_op_id=op())
    assert not m.Group.objects.filter(workshop=session_two).exists()


def test_existing_appraisals_become_series(transactional_db, facilitator):
    """The data migration (appraisals 0004): session I's people, session II's matched by name
    and organisation when that is unambiguous."""
    executor = MigrationExecutor(connection)
    before = [("appraisals", "0006_actions_into_the_register"), ("series", "0001_initial")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Appraisal = old.get_model("appraisals", "Appraisal")
    Workshop = old.get_model("workshops", "Workshop")
    Participant = old.get_model("workshops", "Participant")
    org_id, user_id = facilitator.organisation_id, facilitator.pk

    def workshop(title, n):
        return Workshop.objects.create(
            organisation_id=org_id,
            title=title,
            planned_start="2026-12-10T09:00:00Z",
            join_nonce=f"n{n}",
            join_code_digest=f"c{n}",
            join_token_digest=f"t{n}",
        )

    one, two = workshop("I", 1), workshop("II", 2)
    people = [
        (one, "Ans", "Gemeente"),
        (one, "Jan", "Politie"),
        (one, "Jan", "Politie"),  # two of the same name: no match in session II
        (two, " ans ", "gemeente"),  # the same person, typed differently
        (two, "Jan", "Politie"),
        (two, "Eva", ""),
    ]
    for index, (ws, name, org) in enumerate(people):
        Participant.objects.create(
            workshop=ws, display_name=name, organisation_name=org, token_digest=f"p{index}"
        )
    Appraisal.objects.create(
        organisation_id=org_id, title="Oud", session_one=one, session_two=two, created_by_id=user_id
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    appraisal = m.Appraisal.objects.get(title="Oud")
    series = appraisal.series
    assert [(e.position, e.workshop_id) for e in series.entries.order_by("position")] == [
        (1, one.pk),
        (2, two.pk),
    ]
    came = {}
    for a in Attendance.objects.filter(person__series=series).select_related("person"):
        came.setdefault(a.person_id, []).append(a.workshop_id)
    both = [pid for pid, ws in came.items() if sorted(ws) == [one.pk, two.pk]]
    assert [Person.objects.get(pk=pid).display_name for pid in both] == ["Ans"]
    assert series.persons.count() == 5  # Ans, Jan, Jan, Jan (session II), Eva
    assert series.method == m.METHOD_KEY
