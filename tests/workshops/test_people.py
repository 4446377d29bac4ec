"""People in a session: a kind chosen at joining or by the facilitator, roles set by the
facilitator, shown to the room, and the rules the other blocks read from them (who counts in a
group, who votes, whose additions wait for moderation); groups of set sizes formed from them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.api import call, state_of
from tests.support.factories import join
from wijktafel.core.errors import Invalid, NotAllowed, NotFound
from wijktafel.workshops import codes, grouping, people, selectors, services
from wijktafel.workshops.models import Participant, Workshop
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def anon():
    return Client()


def test_a_kind_chosen_at_joining_on_the_page_and_through_the_api(client, workshop, anon):
    client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})
    client.post(reverse("workshops:join_name"), {"display_name": "Ans", "kind": "resident"})
    joined = call(
        anon,
        "POST",
        "/join",
        {"code": services.join_code(workshop), "display_name": "Bram", "kind": "professional"},
    )

    assert joined.status_code == 201, joined.content
    ans, bram = Participant.objects.filter(workshop=workshop).order_by("pk")
    assert (ans.kind, ans.roles) == ("resident", ["participant"])
    assert (bram.kind, bram.roles) == ("professional", ["participant"])
    snapshot = selectors.workshop_snapshot(Workshop.objects.get(pk=workshop.pk))
    assert [(p["display_name"], p["kind"], p["roles"]) for p in snapshot["participants"]] == [
        ("Ans", "resident", ["participant"]),
        ("Bram", "professional", ["participant"]),
    ]


def test_an_unknown_kind_at_joining_is_refused_and_nobody_joins(client, workshop, anon):
    before = state_of(workshop)
    client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})
    page = client.post(reverse("workshops:join_name"), {"display_name": "Ans", "kind": "koning"})
    api = call(
        anon,
        "POST",
        "/join",
        {
            "code": codes.display_code(services.join_code(workshop)),
            "display_name": "B",
            "kind": "x",
        },
    )

    assert page.status_code == 400 and page.context["form"].errors["kind"]
    assert api.status_code == 400 and api.json()["field"] == "kind"
    assert state_of(workshop) == before


def test_the_facilitator_sets_kind_and_roles_in_one_event(workshop, fac_actor):
    ans = join(workshop, "Ans").participant

    result = services.participant_update(
        workshop_id=workshop.pk,
        actor=fac_actor,
        participant_id=ans.pk,
        kind="volunteer",
        roles=["presenter", "chair", "chair"],
    )

    assert result.event.kind == "participant.updated"
    assert (result.event.payload["kind"], result.event.payload["roles"]) == (
        "volunteer",
        ["chair", "presenter"],  # in the order of the roles, each once
    )
    only_kind = services.participant_update(
        workshop_id=workshop.pk, actor=fac_actor, participant_id=ans.pk, kind=""
    )
    assert only_kind.event.payload["roles"] == ["chair", "presenter"]  # left out: unchanged
    no_roles = services.participant_update(
        workshop_id=workshop.pk, actor=fac_actor, participant_id=ans.pk, roles=[]
    )
    stored = Participant.objects.get(pk=ans.pk)
    assert (stored.kind, stored.roles) == ("", ["participant"])
    assert no_roles.event.payload["roles"] == ["participant"]


@pytest.mark.parametrize(
    "change, error",
    [
        ({"kind": "koning"}, Invalid),
        ({"roles": ["burgemeester"]}, Invalid),
        ({"roles": "chair"}, Invalid),
        ({"roles": ["chair"] * 10}, Invalid),  # more than there are roles
        ({"participant_id": 10**9, "kind": "other"}, NotFound),
    ],
)
def test_a_bad_change_of_a_person_is_refused_and_changes_nothing(
    workshop, fac_actor, change, error
):
    ans = join(workshop, "Ans").participant
    before = state_of(workshop)
    with pytest.raises(error):
        services.participant_update(
            workshop_id=workshop.pk, actor=fac_actor, **{"participant_id": ans.pk, **change}
        )
    assert state_of(workshop) == before


def test_only_a_facilitator_of_the_session_sets_roles(workshop, other_workshop, other_facilitator):
    ans = join(workshop, "Ans")
    bram = join(workshop, "Bram")
    before = state_of(workshop)
    for actor in (Actor(participant=bram.participant), Actor(user=other_facilitator)):
        with pytest.raises((NotAllowed, NotFound)):
            services.participant_update(
                workshop_id=workshop.pk,
                actor=actor,
                participant_id=ans.participant.pk,
                roles=["chair"],
            )
    # A participant of another session is not found in this one.
    els = join(other_workshop, "Els").participant
    with pytest.raises(NotFound):
        services.participant_update(
            workshop_id=workshop.pk,
            actor=Actor(user=workshop.created_by),
            participant_id=els.pk,
            kind="other",
        )
    assert state_of(workshop) == before
    assert Participant.objects.get(pk=els.pk).kind == ""


def _person(kind="", roles=("participant",)):
    return Participant(kind=kind, roles=list(roles))


def test_the_rules_other_blocks_read():
    assert people.counts_in_groups(_person())
    assert not people.counts_in_groups(_person(roles=["map_expert"]))
    assert not people.counts_in_groups(_person(roles=["co_facilitator", "participant"]))
    assert people.may_vote(_person(roles=["chair"]))
    assert not people.may_vote(_person(roles=["organiser"]))
    assert not people.may_vote(_person(roles=["co_facilitator"]))
    assert people.needs_moderation(_person("resident"))
    assert people.needs_moderation(_person(""))
    assert not people.needs_moderation(_person("municipal_official"))
    assert not people.needs_moderation(_person("resident", ["map_expert"]))


# --- Groups of set sizes ------------------------------------------------------------------------


def test_duos_with_an_odd_number_make_one_trio_and_prefer_strangers():
    # Ans knows Bram, Cas knows Dirk; all of one organisation but Eva.
    crowd = [
        grouping.Person(1, "Wijkteam", knows=frozenset({2})),
        grouping.Person(2, "Wijkteam", knows=frozenset({1})),
        grouping.Person(3, "Wijkteam", knows=frozenset({4})),
        grouping.Person(4, "Wijkteam"),
        grouping.Person(5, "Politie"),
        grouping.Person(9, "Wijkteam", roles=("facilitator",)),  # helps, is not dealt
    ]

    duos = grouping.plan(crowd, grouping.DUO)

    assert sorted(len(d) for d in duos) == [2, 3]
    assert sorted(i for d in duos for i in d) == [1, 2, 3, 4, 5]
    for duo in duos:
        assert not {1, 2} <= set(duo) and not {3, 4} <= set(duo)
    assert grouping.size_problem(grouping.DUO, 3) == "refused"
    assert grouping.size_problem(grouping.DUO, 3, allow_odd=True) is None


def test_breakouts_hold_at_most_five_who_count_and_mix_kinds():
    crowd = [grouping.Person(i, kind="resident") for i in range(6)]
    crowd += [grouping.Person(10 + i, kind="professional") for i in range(5)]
    crowd += [
        grouping.Person(20, roles=("map_expert",)),
        grouping.Person(21, roles=("facilitator",)),
    ]

    breakouts = grouping.plan(crowd, grouping.BREAKOUT)

    assert sorted(len(b) for b in breakouts) == [3, 4, 4]
    assert all(len(b) <= 5 for b in breakouts)
    assert not {20, 21} & {i for b in breakouts for i in b}
    assert all({i < 10 for i in b} == {True, False} for b in breakouts)  # both kinds in each
    assert grouping.size_problem(grouping.BREAKOUT, 5) is None
    assert grouping.size_problem(grouping.BREAKOUT, 6) == "refused"
    assert grouping.size_problem(grouping.APPRAISAL, 5) == "warning"
    assert grouping.size_problem(grouping.TRIO, 3) is None
    assert grouping.size_problem(grouping.TRIO, 2) == "refused"


def test_a_size_asked_for_holds_where_the_size_is_advice_and_is_capped_where_it_is_a_rule():
    crowd = [grouping.Person(i) for i in range(10)]
    assert sorted(len(g) for g in grouping.plan(crowd, grouping.APPRAISAL, 5)) == [5, 5]
    assert max(len(g) for g in grouping.plan(crowd, grouping.BREAKOUT, 8)) <= 5
