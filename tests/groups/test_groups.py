"""Groups of set sizes (METHODS.md §2.6, issue 10): the app forms breakouts, duos and trios from
the people present (duos of people who did not know each other, organisations next), the
facilitator changes them one person at a time, and the hard rules refuse what makes a group
larger than allowed (and, once the groups are done, anything outside the rule). Helpers never
count. Every refusal changes nothing. Whom someone knows stays on their own phone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.support.api import call
from tests.support.factories import join, make_workshop
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.groups import services as groups
from wijktafel.groups.models import Acquaintance, Group, GroupSet, Membership
from wijktafel.groups.selectors import known_ids
from wijktafel.workshops import selectors, services
from wijktafel.workshops.identity import remember_participant
from wijktafel.workshops.models import WorkshopEvent
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db


def _state(workshop) -> tuple:
    return (
        list(Group.objects.filter(workshop=workshop).order_by("pk").values()),
        list(Membership.objects.filter(group__workshop=workshop).order_by("pk").values()),
        list(GroupSet.objects.filter(workshop=workshop).order_by("pk").values()),
        list(Acquaintance.objects.filter(participant__workshop=workshop).order_by("pk").values()),
        WorkshopEvent.objects.filter(workshop=workshop).count(),
    )


def refused(workshop, error, call_, message: str = ""):
    before = _state(workshop)
    with pytest.raises(error) as caught:
        call_()
    assert _state(workshop) == before
    assert message in str(caught.value.message)
    return caught.value


def people(workshop, *names, organisation=""):
    return [
        services.participant_join(
            workshop=workshop, display_name=name, organisation_name=organisation
        ).participant
        for name in names
    ]


def form(workshop, fac_actor, kind, **extra) -> dict:
    return groups.grouping_form(
        workshop_id=workshop.pk, actor=fac_actor, kind=kind, **extra
    ).event.payload


def move(workshop, fac_actor, person, group_id, **extra):
    return groups.grouping_move(
        workshop_id=workshop.pk,
        actor=fac_actor,
        participant_id=person.pk,
        group_id=group_id,
        **extra,
    ).event.payload


def make_helper(workshop, fac_actor, person, role="map_expert"):
    services.participant_update(
        workshop_id=workshop.pk, actor=fac_actor, participant_id=person.pk, roles=[role]
    )


def sizes(payload) -> list[int]:
    return [len(g["member_ids"]) for g in payload["groups"]]


# --- Forming ------------------------------------------------------------------------------------


def test_duos_of_five_people_have_one_trio_and_the_event_marks_it(workshop, fac_actor):
    people(workshop, "Ans", "Bram", "Cor", "Dirk", "Eva")

    formed = form(workshop, fac_actor, "duo")

    assert sorted(sizes(formed)) == [2, 3]
    assert [g["name"] for g in formed["groups"]] == ["Duo 1", "Duo 2"]
    assert sorted(g["status"] for g in formed["groups"]) == ["ok", "trio"]
    assert WorkshopEvent.objects.filter(workshop=workshop).last().kind == "grouping.changed"
    snapshot = selectors.workshop_snapshot(workshop)
    assert snapshot["groups"] == formed["groups"]
    assert {"kind": "duo", "done": False} in snapshot["group_sets"]


def test_forming_again_replaces_the_groups_of_that_kind_only(workshop, fac_actor):
    people(workshop, "Ans", "Bram", "Cor", "Dirk")
    first = form(workshop, fac_actor, "duo")
    form(workshop, fac_actor, "breakout")

    again = form(workshop, fac_actor, "duo")

    assert not Group.objects.filter(pk__in=[g["id"] for g in first["groups"]]).exists()
    assert sorted(sizes(again)) == [2, 2]
    assert Group.objects.filter(workshop=workshop, kind="breakout").count() == 1


def test_duos_pair_people_who_did_not_know_each_other(workshop, fac_actor):
    ans, bram, cor, dirk = people(workshop, "Ans", "Bram", "Cor", "Dirk")
    pairs = {frozenset(g["member_ids"]) for g in form(workshop, fac_actor, "duo")["groups"]}
    assert frozenset({ans.pk, bram.pk}) in pairs  # the planner's first choice, knowing nothing

    for who, known in ((ans, bram), (cor, dirk)):
        groups.acquaintance_set(
            workshop_id=workshop.pk, actor=Actor(participant=who), known_ids=[known.pk]
        )
    pairs = {frozenset(g["member_ids"]) for g in form(workshop, fac_actor, "duo")["groups"]}

    assert frozenset({ans.pk, bram.pk}) not in pairs
    assert frozenset({cor.pk, dirk.pk}) not in pairs


def test_duos_fall_back_on_organisations(workshop, fac_actor):
    ans, bram = people(workshop, "Ans", "Bram", organisation="Woonstichting")
    cor, dirk = people(workshop, "Cor", "Dirk", organisation="Gemeente")

    pairs = {frozenset(g["member_ids"]) for g in form(workshop, fac_actor, "duo")["groups"]}

    assert all(len(pair & {ans.pk, bram.pk}) == 1 for pair in pairs)


def test_helpers_are_not_dealt_into_groups(workshop, fac_actor):
    crew = people(workshop, "Ans", "Bram", "Cor", "Dirk", "Eva", "Fien", "Gijs")
    make_helper(workshop, fac_actor, crew[-1])

    formed = form(workshop, fac_actor, "breakout")

    dealt = [pid for g in formed["groups"] for pid in g["member_ids"]]
    assert crew[-1].pk not in dealt and len(dealt) == 6
    assert all(g["counted"] <= 5 for g in formed["groups"])


def test_trios_of_seven_leave_one_group_too_small_as_a_warning(workshop, fac_actor):
    people(workshop, "Ans", "Bram", "Cor", "Dirk", "Eva", "Fien", "Gijs")

    formed = form(workshop, fac_actor, "trio")

    assert sizes(formed) == [3, 3, 1]
    assert [g["status"] for g in formed["groups"]] == ["ok", "ok", "small"]


def test_forming_with_too_few_people_or_a_bad_kind_is_refused(workshop, fac_actor, ans):
    refused(workshop, Conflict, lambda: form(workshop, fac_actor, "duo"))
    join(workshop, "Bram")
    refused(workshop, Invalid, lambda: form(workshop, fac_actor, "appraisal"))
    refused(workshop, Invalid, lambda: form(workshop, fac_actor, "duo", size=2))
    refused(workshop, Invalid, lambda: form(workshop, fac_actor, "breakout", size=6))


# --- The hard rules, one move at a time -----------------------------------------------------------


def test_a_sixth_counted_member_of_a_breakout_is_refused_but_a_helper_may_join(workshop, fac_actor):
    crew = people(workshop, "Ans", "Bram", "Cor", "Dirk", "Eva", "Fien", "Gijs")
    group = groups.grouping_create(
        workshop_id=workshop.pk,
        actor=fac_actor,
        kind="breakout",
        member_ids=[p.pk for p in crew[:5]],
    ).event.payload["groups"][0]

    refused(
        workshop,
        Conflict,
        lambda: move(workshop, fac_actor, crew[5], group["id"]),
        "hoogstens 5 deelnemers",
    )
    make_helper(workshop, fac_actor, crew[6])
    after = move(workshop, fac_actor, crew[6], group["id"])["groups"][0]
    assert (len(after["member_ids"]), after["counted"], after["status"]) == (6, 5, "ok")


def test_a_third_in_a_duo_only_for_the_one_trio_an_odd_number_needs(workshop, fac_actor):
    crew = people(workshop, "Ans", "Bram", "Cor", "Dirk", "Eva", "Fien")
    first, second = (
        groups.grouping_create(
            workshop_id=workshop.pk, actor=fac_actor, kind="duo", member_ids=ids
        ).event.payload["groups"][-1]["id"]
        for ids in ([crew[0].pk, crew[1].pk], [crew[2].pk, crew[3].pk])
    )
    # Six people: an even number, so no trio.
    refused(
        workshop,
        Conflict,
        lambda: move(workshop, fac_actor, crew[4], first),
        "oneven aantal",
    )

    seventh = join(workshop, "Gijs").participant  # seven: one trio
    assert move(workshop, fac_actor, crew[4], first)["groups"][0]["status"] == "trio"
    refused(workshop, Conflict, lambda: move(workshop, fac_actor, crew[5], second))
    refused(workshop, Conflict, lambda: move(workshop, fac_actor, seventh, first))  # four


def test_moving_out_and_between_groups(workshop, fac_actor):
    crew = people(workshop, "Ans", "Bram", "Cor", "Dirk")
    formed = form(workshop, fac_actor, "duo")
    one, two = formed["groups"]
    mover = next(p for p in crew if p.pk == one["member_ids"][0])

    out = move(workshop, fac_actor, mover, None, kind="duo")
    assert [g["status"] for g in out["groups"]] == ["small", "ok"]  # a warning, not a refusal
    assert Membership.objects.filter(participant=mover).count() == 0

    refused(workshop, Invalid, lambda: move(workshop, fac_actor, mover, None))  # which kind?
    refused(workshop, Conflict, lambda: move(workshop, fac_actor, mover, two["id"], kind="trio"))
    other = make_workshop(workshop.created_by)
    stranger = join(other, "Zoë").participant
    refused(workshop, NotFound, lambda: move(workshop, fac_actor, stranger, one["id"]))


def test_moving_into_a_group_of_another_kind_is_a_conflict_over_the_api(
    workshop, fac_actor, facilitator, client
):
    """The group the id names is a duo: asking for a trio is refused for the group as stored."""
    crew = people(workshop, "Ans", "Bram", "Cor", "Dirk")
    duo = form(workshop, fac_actor, "duo")["groups"][1]
    client.force_login(facilitator)
    before = _state(workshop)

    response = call(
        client,
        "POST",
        f"/workshops/{workshop.pk}/groups/move",
        {"participant_id": crew[0].pk, "group_id": duo["id"], "kind": "trio"},
    )

    assert response.status_code == 409, response.content
    assert response.json() == {
        "code": "conflict",
        "message": "Deze groep is van een andere soort.",
        "field": "kind",
    }
    assert _state(workshop) == before


def test_trios_once_done_keep_three(workshop, fac_actor):
    crew = people(workshop, "Ans", "Bram", "Cor", "Dirk", "Eva", "Fien", "Gijs")
    formed = form(workshop, fac_actor, "trio")
    done = lambda flag=True: groups.grouping_done(  # noqa: E731
        workshop_id=workshop.pk, actor=fac_actor, kind="trio", done=flag
    )
    refused(workshop, Conflict, done, "Trio 3")  # the group of one

    services.participant_remove(
        workshop_id=workshop.pk,
        actor=fac_actor,
        participant_id=formed["groups"][2]["member_ids"][0],
    )
    groups.grouping_delete(
        workshop_id=workshop.pk, actor=fac_actor, group_id=formed["groups"][2]["id"]
    )
    assert done().event.payload["done"] is True

    leaving = next(p for p in crew if p.pk == formed["groups"][0]["member_ids"][0])
    refused(
        workshop,
        Conflict,
        lambda: move(workshop, fac_actor, leaving, None, kind="trio"),
        "Trio 1",
    )
    done(False)
    assert move(workshop, fac_actor, leaving, None, kind="trio")["groups"][0]["counted"] == 2


def test_only_the_facilitator_changes_groups(workshop, fac_actor, ans, bram):
    group = groups.grouping_create(
        workshop_id=workshop.pk, actor=fac_actor, kind="duo", member_ids=[ans.participant.pk]
    ).event.payload["groups"][0]
    phone = Actor(participant=bram.participant)
    for call_ in (
        lambda: groups.grouping_form(workshop_id=workshop.pk, actor=phone, kind="duo"),
        lambda: groups.grouping_create(
            workshop_id=workshop.pk, actor=phone, kind="duo", member_ids=[]
        ),
        lambda: groups.grouping_move(
            workshop_id=workshop.pk,
            actor=phone,
            participant_id=bram.participant.pk,
            group_id=group["id"],
        ),
        lambda: groups.grouping_delete(workshop_id=workshop.pk, actor=phone, group_id=group["id"]),
        lambda: groups.grouping_done(workshop_id=workshop.pk, actor=phone, kind="duo"),
    ):
        refused(workshop, NotAllowed, call_)


def test_a_removed_participant_leaves_the_groups_they_were_in(workshop, fac_actor):
    crew = people(workshop, "Ans", "Bram", "Cor", "Dirk")
    form(workshop, fac_actor, "duo")
    services.participant_remove(workshop_id=workshop.pk, actor=fac_actor, participant_id=crew[0].pk)

    shown = selectors.workshop_snapshot(workshop)["groups"]

    assert crew[0].pk not in [pid for g in shown for pid in g["member_ids"]]
    assert sorted(g["status"] for g in shown) == ["ok", "small"]


# --- Whom I know ---------------------------------------------------------------------------------


def test_whom_i_know_stays_on_my_phone(workshop, fac_actor, ans, bram):
    cor = join(workshop, "Cor").participant
    me = Actor(participant=ans.participant)

    result = groups.acquaintance_set(
        workshop_id=workshop.pk, actor=me, known_ids=[bram.participant.pk, cor.pk]
    )

    assert result.event.payload == {"answered": 1}  # a count, never who knows whom
    snapshot = selectors.workshop_snapshot(workshop)
    assert snapshot["acquaintances"] == {"answered": 1}
    assert "known" not in str(snapshot)
    assert sorted(known_ids(ans.participant)) == [bram.participant.pk, cor.pk]
    groups.acquaintance_set(workshop_id=workshop.pk, actor=me, known_ids=[cor.pk])
    assert known_ids(ans.participant) == [cor.pk]  # the whole list, each time


def test_whom_i_know_is_checked(workshop, other_workshop, fac_actor, ans, bram):
    me = Actor(participant=ans.participant)
    stranger = join(other_workshop, "Zoë").participant
    services.participant_remove(
        workshop_id=workshop.pk, actor=fac_actor, participant_id=bram.participant.pk
    )
    for known, error in (
        ([ans.participant.pk], Conflict),  # myself
        ([stranger.pk], NotFound),  # someone of another session
        ([bram.participant.pk], NotFound),  # someone who left
    ):
        refused(
            workshop,
            error,
            lambda known=known: groups.acquaintance_set(
                workshop_id=workshop.pk, actor=me, known_ids=known
            ),
        )
    refused(  # a facilitator is no participant
        workshop,
        NotAllowed,
        lambda: groups.acquaintance_set(workshop_id=workshop.pk, actor=fac_actor, known_ids=[]),
    )


def test_the_api_answers_my_own_list_and_the_room_only_a_count(client, workshop, ans, bram):
    url = f"/workshops/{workshop.pk}/acquaintances"

    answer = call(client, "PUT", url, {"known_ids": [bram.participant.pk]}, token=ans.token)

    assert answer.status_code == 200
    assert answer.json()["known_ids"] == [bram.participant.pk]
    event = WorkshopEvent.objects.filter(workshop=workshop).last()
    assert (event.kind, event.payload) == ("acquaintance.changed", {"answered": 1})
    bad = call(client, "PUT", url, {"known_ids": [str(bram.participant.pk)]}, token=ans.token)
    assert bad.status_code == 400 and bad.json()["field"] == "known_ids"


def test_knowing_yourself_is_a_conflict_over_the_api(client, workshop, ans, bram):
    """Which id is yours is the session's record of you (409), as an item merged into itself."""
    url = f"/workshops/{workshop.pk}/acquaintances"
    before = _state(workshop)

    response = call(
        client,
        "PUT",
        url,
        {"known_ids": [bram.participant.pk, ans.participant.pk]},
        token=ans.token,
    )

    assert response.status_code == 409, response.content
    assert response.json() == {
        "code": "conflict",
        "message": "Kies andere mensen dan jezelf.",
        "field": "known_ids",
    }
    assert _state(workshop) == before


def test_the_phone_shows_my_own_ticks_only(client, workshop, ans, bram):
    cor = join(workshop, "Cor")
    groups.acquaintance_set(
        workshop_id=workshop.pk,
        actor=Actor(participant=bram.participant),
        known_ids=[cor.participant.pk],
    )
    groups.acquaintance_set(
        workshop_id=workshop.pk,
        actor=Actor(participant=ans.participant),
        known_ids=[bram.participant.pk],
    )
    session = client.session
    remember_participant(session, workshop.pk, ans.token)
    session.save()

    html = client.get(reverse("workshops:participate", args=[workshop.pk])).content.decode()

    assert f'value="{bram.participant.pk}" checked' in html
    assert f'value="{cor.participant.pk}" checked' not in html  # Bram's tick is not mine


# --- Carried over a series ----------------------------------------------------------------------


def test_copy_groups_makes_the_groups_again_for_who_came_back(
    workshop, facilitator, fac_actor, other_workshop
):
    source = people(workshop, "Ans", "Bram", "Cor", "Dirk", "Eva")
    formed = form(workshop, fac_actor, "duo")
    groups.grouping_create(
        workshop_id=workshop.pk, actor=fac_actor, kind="breakout", member_ids=[source[0].pk]
    )
    target = make_workshop(facilitator, title="Sessie 2")
    back = people(target, "Ans", "Bram", "Cor", "Dirk")  # Eva did not come back
    mapping = {s.pk: t.pk for s, t in zip(source, back, strict=False)}
    groups.grouping_create(workshop_id=target.pk, actor=fac_actor, kind="duo", member_ids=[])

    results = groups.copy_groups(
        source_workshop_id=workshop.pk,
        target_workshop_id=target.pk,
        participant_map=mapping,
        actor=fac_actor,
    )

    assert [r.event.kind for r in results] == ["grouping.changed", "grouping.changed"]
    copied = {g["name"]: g["member_ids"] for g in selectors.workshop_snapshot(target)["groups"]}
    expected = {
        g["name"]: [mapping[pid] for pid in g["member_ids"] if pid in mapping]
        for g in formed["groups"]
    }
    assert copied == {**expected, "Breakout 1": [back[0].pk]}  # the empty duo was replaced
    assert Group.objects.filter(workshop=workshop).count() == 3  # the source keeps its groups

    refused(  # another organisation's facilitator copies nothing
        target,
        NotAllowed,
        lambda: groups.copy_groups(
            source_workshop_id=workshop.pk,
            target_workshop_id=target.pk,
            participant_map=mapping,
            actor=Actor(user=other_workshop.created_by),
        ),
    )
    refused(  # nor into a session that is not theirs
        other_workshop,
        NotAllowed,
        lambda: groups.copy_groups(
            source_workshop_id=workshop.pk,
            target_workshop_id=other_workshop.pk,
            participant_map=mapping,
            actor=fac_actor,
        ),
    )
