"""The appraisal itself in the service layer (docs/methods.md §3.8): groups, links to the work
sessions, soft checks that guide, and the ids and dates every service reads.
Each refusal explains itself in Dutch and changes nothing; a repeated idempotency key
changes nothing; one event per change."""

import pytest
from django.utils import translation

from tests.support.appraisal import actor_of, events_of, one_event, op, refused, solution
from tests.support.factories import join, make_workshop
from wijktafel.agreements.models import Agreement
from wijktafel.appraisals import events as ev
from wijktafel.appraisals import models as m
from wijktafel.appraisals import selectors
from wijktafel.appraisals import services as aps
from wijktafel.core.errors import Conflict, Invalid, NotFound
from wijktafel.workshops import grouping, services

# --- Groups, links, and one event per change ------------------------------------------------------


def test_plan_groups_mixes_organisations_in_groups_of_three_or_four():
    orgs = dict(enumerate(["Gemeente"] * 4 + ["Corporatie"] * 4 + ["Politie"] * 2))
    people = [grouping.Person(i, org) for i, org in orgs.items()]

    planned = grouping.plan(people, grouping.APPRAISAL, 4)

    assert sorted(len(g) for g in planned) == [3, 3, 4]
    assert sorted(i for g in planned for i in g) == list(range(10))
    assert all(len({orgs[i] for i in g}) >= 2 for g in planned)


def test_formed_groups_leave_the_helpers_out_and_their_size_ignores_them(
    workshop, appraisal, fac_actor
):
    members = [join(workshop, f"P{i}").participant for i in range(7)]
    services.participant_update(
        workshop_id=workshop.pk, actor=fac_actor, participant_id=members[0].pk, roles=["map_expert"]
    )

    aps.groups_form(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op())

    groups = list(m.Group.objects.filter(workshop=workshop))
    assert {p.pk for g in groups for p in g.members.all()} == {p.pk for p in members[1:]}
    assert sorted(g.members.count() for g in groups) == [3, 3]
    # The map expert joins a group of three by hand: still three who count, no warning.
    made = aps.group_update(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        group_id=groups[0].pk,
        member_ids=[p.pk for p in groups[0].members.all()] + [members[0].pk],
    )
    assert made.event.payload["warnings"] == []


def test_groups_are_formed_once_from_everyone_present(workshop, appraisal, people, fac_actor):
    result = aps.groups_form(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op())

    groups = one_event(workshop, result, ev.GROUPS_FORMED)["groups"]
    assert sorted(i for g in groups for i in g["member_ids"]) == sorted(
        p.participant.pk for p in people.values()
    )
    error = refused(
        workshop,
        lambda: aps.groups_form(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op()),
        Conflict,
    )
    assert "al groepen" in error.message


def test_a_person_is_in_one_group_per_session(workshop, appraisal, people, groups, fac_actor):
    refused(
        workshop,
        lambda: aps.group_create(
            workshop_id=workshop.pk,
            actor=fac_actor,
            client_op_id=op(),
            name="Groep 3",
            member_ids=[people["Ans"].participant.pk],
        ),
        Conflict,
    )


def test_a_session_belongs_to_one_appraisal_of_the_same_organisation(
    facilitator, other_facilitator, workshop, other_workshop, appraisal
):
    second = aps.appraisal_create(user=facilitator, title="Tweede afweging")
    with pytest.raises(Conflict):
        aps.appraisal_link(
            user=facilitator, appraisal_id=second.pk, session=1, workshop_id=workshop.pk
        )
    with pytest.raises(NotFound):
        aps.appraisal_link(
            user=facilitator, appraisal_id=second.pk, session=1, workshop_id=other_workshop.pk
        )
    with pytest.raises(NotFound):
        aps.appraisal_link(
            user=other_facilitator, appraisal_id=second.pk, session=1, workshop_id=other_workshop.pk
        )
    assert m.Appraisal.objects.get(pk=second.pk).workshop_ids == []


def test_a_workshop_outside_an_appraisal_refuses_appraisal_writes(facilitator, fac_actor):
    lonely = make_workshop(facilitator, title="Losse sessie")
    error = refused(
        lonely,
        lambda: aps.criterion_add(
            workshop_id=lonely.pk, actor=fac_actor, client_op_id=op(), title="Haalbaarheid"
        ),
        NotFound,
    )
    assert "geen deel van een afweging" in error.message


def test_changing_the_appraisal_is_logged_in_every_linked_session(
    facilitator, workshop, appraisal, session_two
):
    key = op()
    aps.appraisal_update(
        user=facilitator,
        appraisal_id=appraisal.pk,
        fields={"title": "Afweging Zuid-Oost"},
        client_op_id=key,
    )
    aps.appraisal_update(
        user=facilitator,
        appraisal_id=appraisal.pk,
        fields={"title": "Afweging Zuid-Oost"},
        client_op_id=key,
    )

    for ws in (workshop, session_two):
        changed = [e for e in events_of(ws) if e.kind == ev.APPRAISAL_CHANGED]
        assert len(changed) == 1 and changed[0].payload["title"] == "Afweging Zuid-Oost"


# --- Soft rules and checks that guide, never refuse -----------------------------------------------


@pytest.mark.parametrize(
    "trigger, codes",
    [
        ("", ["trigger_empty"]),
        ("We willen iets met deze wijk", ["trigger_vague"]),
        ("Dit complex scoort al jaren slecht in onze complexprestatiemonitor", []),
    ],
)
def test_the_trigger_gets_a_soft_lint(facilitator, trigger, codes):
    appraisal = aps.appraisal_create(user=facilitator, title="Afweging", trigger=trigger)

    summary = selectors.appraisal_summary(appraisal)

    assert [w["code"] for w in summary["trigger_warnings"]] == codes
    for warning in summary["trigger_warnings"]:
        assert "aanleiding" in selectors.warning_message(warning)


def test_a_group_outside_three_or_four_warns_but_is_made(workshop, appraisal, people, fac_actor):
    ids = [p.participant.pk for p in people.values()]

    pair = aps.group_create(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), name="Duo", member_ids=ids[:2]
    )
    grown = aps.group_update(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        group_id=pair.event.payload["group"]["id"],
        member_ids=ids[:3],
    )

    assert pair.event.payload["warnings"] == [{"code": "group_size", "count": 2}]
    assert "Groepjes van drie of vier" in selectors.warning_message(
        pair.event.payload["warnings"][0]
    )
    assert grown.event.payload["warnings"] == []
    assert m.Group.objects.get().members.count() == 3


# --- Ids and dates as every service reads them ----------------------------------------------------


@pytest.mark.parametrize(
    "bad", [1.0, 2.9, "2.9", "1e3", "٣", True, "", " ", "-1", None, [1], 2**63]
)
def test_an_id_that_is_not_a_whole_number_is_refused_in_dutch_and_changes_nothing(
    workshop, appraisal, people, groups, bad
):
    """A fraction is not rounded to another row (2.9 is not solution 2)."""
    ans = actor_of(people["Ans"])
    sol = solution(workshop, ans).event.payload["solution"]["id"]
    with translation.override("nl"):
        error = refused(
            workshop,
            lambda: aps.ranking_set(
                workshop_id=workshop.pk,
                actor=ans,
                client_op_id=op(),
                group_id=groups[0].pk,
                ordered_solution_ids=[sol, bad],
            ),
            Invalid,
        )
    assert error.message == "Dit is geen geldig nummer."
    assert not m.GroupRanking.objects.exists()


def test_an_id_may_come_as_its_digits(workshop, appraisal, people, groups):
    ans = actor_of(people["Ans"])
    sol = solution(workshop, ans).event.payload["solution"]["id"]
    aps.ranking_set(
        workshop_id=workshop.pk,
        actor=ans,
        client_op_id=op(),
        group_id=str(groups[0].pk),
        ordered_solution_ids=[f" {sol} "],
    )
    assert m.GroupRanking.objects.get(group=groups[0]).ordered_solution_ids == [sol]


@pytest.mark.parametrize(
    "bad", [20261231, "20261231", "2026-02-30", "31-12-2026", "2026-12-31T10:00", 2.5]
)
def test_a_date_not_written_as_2026_12_31_is_refused_in_dutch_and_changes_nothing(
    workshop, appraisal, fac_actor, bad
):
    with translation.override("nl"):
        error = refused(
            workshop,
            lambda: aps.action_add(
                workshop_id=workshop.pk,
                actor=fac_actor,
                client_op_id=op(),
                fields={"title": "Conciërge vragen", "due_date": bad},
            ),
            Invalid,
        )
    assert error.message == "Typ een datum zoals 2026-12-31."
    assert not Agreement.objects.exists()
    aps.action_add(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        fields={"title": "Conciërge vragen", "due_date": "2026-12-31"},
    )
    assert Agreement.objects.get(origin="appraisal").due_date.isoformat() == "2026-12-31"
