"""The method's hard rules in the service layer (METHODS.md §3.8): each refusal explains itself in
Dutch and changes nothing; a repeated idempotency key changes nothing; one event per change."""

import pytest
from django.utils import translation

from tests.appraisals.conftest import actor_of, add_postit, events_of, op, state_of
from tests.conftest import join, make_workshop
from wijktafel.appraisals import events as ev
from wijktafel.appraisals import models as m
from wijktafel.appraisals import selectors
from wijktafel.appraisals import services as aps
from wijktafel.appraisals.documents.report_data import report_data
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound, Refused


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def refused(workshop, call, error=Refused) -> Refused:
    """Run ``call``, expect ``error``, and prove that nothing changed."""
    before = state_of(workshop)
    with pytest.raises(error) as info:
        call()
    assert state_of(workshop) == before
    return info.value


def one_event(workshop, result, kind):
    """The change wrote exactly one log entry, of ``kind``, at the head of the log."""
    log = events_of(workshop)
    assert result.created
    assert log[-1].pk == result.event.pk and log[-1].kind == kind
    assert [e.seq for e in log] == list(range(1, len(log) + 1))
    return result.event.payload


def core_problem(workshop, who, column, text="Jongeren hangen rond de ingang", **extra):
    return aps.core_problem_create(workshop_id=workshop.pk, actor=who, client_op_id=op(),
                                   owner_id=column.pk,
                                   fields={"formulation": text, **extra})


def solution(workshop, who, title="Buurtconciërge", ootb=False, **kw):
    return aps.solution_create(workshop_id=workshop.pk, actor=who, client_op_id=op(),
                               fields={"title": title, "out_of_the_box": ootb}, **kw)


# --- A3: one "probleem 1" per participant ---------------------------------------------------------

def test_each_participant_marks_one_problem_1_and_a_second_is_refused_in_dutch(workshop, appraisal,
                                                                               people):
    ans = people["Ans"]
    first, second = add_postit(workshop, ans, "Zwerfvuil"), add_postit(workshop, ans, "Lawaai")
    key = op()
    before = len(events_of(workshop))

    result = aps.problem_mark_set(workshop_id=workshop.pk, actor=actor_of(ans), client_op_id=key,
                                  postit_id=first.pk)

    data = one_event(workshop, result, ev.PROBLEM_MARK_SET)
    assert len(events_of(workshop)) == before + 1
    assert data["mark"] == {"participant_id": ans.participant.pk, "postit_id": first.pk}
    assert data["tally"]["per_postit"] == {str(first.pk): 1}
    error = refused(workshop, lambda: aps.problem_mark_set(
        workshop_id=workshop.pk, actor=actor_of(ans), client_op_id=op(), postit_id=second.pk),
                    Conflict)
    assert "al je probleem 1 gekozen" in error.message
    again = aps.problem_mark_set(workshop_id=workshop.pk, actor=actor_of(ans), client_op_id=key,
                                 postit_id=first.pk)
    assert not again.created and again.event.pk == result.event.pk
    assert m.ProblemMark.objects.count() == 1 and len(events_of(workshop)) == before + 1


def test_problem_1_must_be_your_own_postit(workshop, appraisal, people):
    bram_postit = add_postit(workshop, people["Bram"], "Parkeren")

    error = refused(workshop, lambda: aps.problem_mark_set(
        workshop_id=workshop.pk, actor=actor_of(people["Ans"]), client_op_id=op(),
                                                           postit_id=bram_postit.pk),
        NotAllowed)

    assert "eigen post-its" in error.message


def test_marks_can_be_moved_by_removing_first_and_the_tally_counts_per_owner(workshop, appraisal,
                                                                             people,
                                                                            fac_actor,
                                                                             owner_column):
    ans = people["Ans"]
    a1 = add_postit(workshop, ans, "Zwerfvuil", column=owner_column)
    a2 = add_postit(workshop, ans, "Lawaai", column=owner_column)
    aps.problem_mark_set(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                         postit_id=a1.pk,
                         participant_id=ans.participant.pk)
    removed = aps.problem_mark_remove(workshop_id=workshop.pk, actor=actor_of(ans),
                                      client_op_id=op())
    one_event(workshop, removed, ev.PROBLEM_MARK_REMOVED)
    result = aps.problem_mark_set(workshop_id=workshop.pk, actor=actor_of(ans), client_op_id=op(),
                                  postit_id=a2.pk)

    assert result.event.payload["tally"] == {"per_postit": {str(a2.pk): 1},
                                             "per_column": {str(owner_column.pk): 1}}
    with pytest.raises(NotAllowed):
        aps.problem_mark_remove(workshop_id=workshop.pk, actor=actor_of(people["Bram"]),
                                client_op_id=op(),
                                participant_id=ans.participant.pk)
    assert m.ProblemMark.objects.get().postit_id == a2.pk


# --- A10: an out-of-the-box solution per group ----------------------------------------------------

def test_a_group_cannot_close_step_4_without_an_out_of_the_box_solution(workshop, appraisal,
                                                                        people, groups):
    g1, _g2 = groups
    ans = actor_of(people["Ans"])
    plain = solution(workshop, ans, "Extra prullenbakken")
    key = op()

    error = refused(workshop, lambda: aps.group_step_close(
        workshop_id=workshop.pk, actor=ans, client_op_id=key, group_id=g1.pk, step=4), Conflict)
    assert "minstens één out-of-the-box-oplossing" in error.message

    wild = solution(workshop, ans, "Zwerfvuil-wedstrijd met beloning", ootb=True)
    closed = aps.group_step_close(workshop_id=workshop.pk, actor=ans, client_op_id=key,
                                  group_id=g1.pk, step=4)
    assert one_event(workshop, closed, ev.GROUP_UPDATED)["group"]["closed_steps"] == [4]
    assert plain.event.payload["solution"]["group_id"] == g1.pk

    # The group keeps its out-of-the-box solution while step 4 is closed.
    wild_id = wild.event.payload["solution"]["id"]
    error = refused(workshop, lambda: aps.solution_update(
        workshop_id=workshop.pk, actor=ans, client_op_id=op(), solution_id=wild_id,
        fields={"out_of_the_box": False}), Conflict)
    assert "out-of-the-box" in error.message
    refused(workshop,
            lambda: aps.solution_delete(workshop_id=workshop.pk, actor=ans, client_op_id=op(),
                                                  solution_id=wild_id), Conflict)
    # A repeat of the close with the same key writes nothing.
    head = len(events_of(workshop))
    again = aps.group_step_close(workshop_id=workshop.pk, actor=ans, client_op_id=key,
                                 group_id=g1.pk, step=4)
    assert not again.created and len(events_of(workshop)) == head


def test_participants_change_only_their_own_groups_items(workshop, appraisal, people, groups,
                                                         owner_column):
    g1, g2 = groups
    ans, cor = actor_of(people["Ans"]), actor_of(people["Cor"])
    sol = solution(workshop, ans).event.payload["solution"]["id"]
    cp = core_problem(workshop, ans, owner_column).event.payload["core_problem"]["id"]

    refused(workshop,
            lambda: aps.solution_update(workshop_id=workshop.pk, actor=cor, client_op_id=op(),
                                                  solution_id=sol, fields={"title": "Gekaapt"}),
            NotAllowed)
    refused(workshop,
            lambda: aps.core_problem_update(workshop_id=workshop.pk, actor=cor, client_op_id=op(),
                                                      core_problem_id=cp,
                                            fields={"formulation": "Anders"}),
            NotAllowed)
    refused(workshop,
            lambda: aps.group_step_close(workshop_id=workshop.pk, actor=cor, client_op_id=op(),
                                                   group_id=g1.pk, step=2), NotAllowed)
    refused(workshop, lambda: aps.ranking_set(workshop_id=workshop.pk, actor=cor, client_op_id=op(),
                                              group_id=g1.pk, ordered_solution_ids=[sol]),
            NotAllowed)
    refused(workshop,
            lambda: aps.baseline_set(workshop_id=workshop.pk, actor=cor, client_op_id=op(),
                                               fields={"description": "x"}), NotAllowed)
    ranking = aps.ranking_set(workshop_id=workshop.pk, actor=cor, client_op_id=op(), group_id=g2.pk,
                              ordered_solution_ids=[sol])
    assert one_event(workshop, ranking,
                     ev.RANKING_CHANGED)["ranking"]["ordered_solution_ids"] == [sol]


def test_someone_outside_a_group_cannot_write_group_items(workshop, appraisal, people, groups,
                                                          owner_column):
    eva = join(workshop, "Eva")

    error = refused(workshop, lambda: core_problem(workshop, actor_of(eva), owner_column),
                    NotAllowed)

    assert "nog niet in een groep" in error.message


# --- A8: the same horizon for the baseline and every solution card --------------------------------

def test_a_card_with_another_horizon_than_the_baseline_is_refused(workshop, appraisal, people,
                                                                  groups, fac_actor):
    baseline = aps.baseline_set(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                                fields={
        "description": "Huidig beheer, nieuwe cv-ketels", "horizon_years": 10,
                                        "one_off_cost": 20000,
        "periodic_cost_per_year": 5000, "one_off_income": 0, "periodic_income_per_year": 1000,
        "checklist": {"not_a_solution": True, "sober": True}})
    data = one_event(workshop, baseline, ev.BASELINE_CHANGED)["baseline"]
    assert (data["total_cost"], data["total_income"], data["checklist"]["sober"]) == (70000, 10000,
                                                                                      True)
    sol = solution(workshop, actor_of(people["Ans"])).event.payload["solution"]["id"]

    error = refused(workshop, lambda: aps.card_save(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), solution_id=sol,
        fields={"horizon_years": 5, "extra_one_off_cost": 1000}), Invalid)
    assert "dezelfde periode als het basisalternatief: 10 jaar" in error.message

    card = aps.card_save(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                         solution_id=sol,
                         fields={"extra_one_off_cost": 1000, "extra_periodic_cost_per_year": 100})
    assert one_event(workshop, card, ev.SOLUTION_CARD_CHANGED)["card"]["horizon_years"] == 10
    assert card.event.payload["card"]["extra_total_cost"] == 2000


def test_the_baseline_horizon_cannot_drift_from_the_cards_but_changes_with_them_at_once(
        workshop, appraisal, people, groups, fac_actor):
    aps.baseline_set(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                     fields={"horizon_years": 10, "periodic_cost_per_year": 100})
    sol = solution(workshop, actor_of(people["Ans"])).event.payload["solution"]["id"]
    aps.card_save(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), solution_id=sol,
                  fields={"extra_periodic_cost_per_year": 10})

    error = refused(workshop, lambda: aps.baseline_set(workshop_id=workshop.pk, actor=fac_actor,
                                                       client_op_id=op(), fields={"horizon_years": 20}), Conflict)
    assert "dezelfde periode" in error.message

    result = aps.horizon_set(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                             horizon_years=20)
    data = one_event(workshop, result, ev.HORIZON_CHANGED)
    assert data["baseline"]["horizon_years"] == 20 and data["baseline"]["total_cost"] == 2000
    assert [c["horizon_years"] for c in data["cards"]] == [20]
    assert m.Appraisal.objects.get(pk=appraisal.pk).horizon_years == 20


# --- A16: the baseline considered before a choice is final ----------------------------------------

def test_a_choice_is_not_final_until_the_baseline_was_considered(workshop, appraisal, people,
                                                                 groups, fac_actor):
    sol = solution(workshop, actor_of(people["Ans"])).event.payload["solution"]["id"]
    choice = {"kind": "solution", "solution_ids": [sol], "is_final": True,
              "decision_procedure": "Het bestuur besluit in maart"}

    error = refused(workshop,
                    lambda: aps.choice_set(workshop_id=workshop.pk, actor=fac_actor,
                                           client_op_id=op(),
                                                     fields=choice), Invalid)
    assert "basisalternatief" in error.message and "eerst" in error.message

    # Considered, but never described: still not final.
    error = refused(workshop,
                    lambda: aps.choice_set(workshop_id=workshop.pk, actor=fac_actor,
                                           client_op_id=op(),
                                                     fields={**choice, "baseline_considered": True}), Conflict)
    assert "basisalternatief" in error.message

    aps.baseline_set(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                     fields={"description": "Niets extra"})
    key = op()
    result = aps.choice_set(workshop_id=workshop.pk, actor=fac_actor, client_op_id=key,
                            fields={**choice, "baseline_considered": True,
                                    "baseline_reason": "Lost niets op"})
    data = one_event(workshop, result, ev.CHOICE_CHANGED)
    assert data["choice"]["is_final"] and data["status"] == "decided"
    head = len(events_of(workshop))
    assert not aps.choice_set(workshop_id=workshop.pk, actor=fac_actor, client_op_id=key,
                              fields={**choice, "baseline_considered": True}).created
    assert len(events_of(workshop)) == head


@pytest.mark.parametrize("kind, ids, field", [
    ("solution", [], "solution_ids"), ("combination", [1], "solution_ids"),
                                              ("baseline", [1], "solution_ids"),
    ("maybe", [], "kind"),
])
def test_a_choice_of_the_wrong_shape_is_refused(workshop, appraisal, fac_actor, kind, ids, field):
    error = refused(workshop,
                    lambda: aps.choice_set(workshop_id=workshop.pk, actor=fac_actor,
                                           client_op_id=op(),
                                                     fields={"kind": kind, "solution_ids": ids}),
                    Invalid)
    assert error.field == field


# --- Soft rules: warnings, never refusals ---------------------------------------------------------

def test_more_than_five_effects_or_no_negative_one_warns_but_saves(workshop, appraisal, people,
                                                                   groups, fac_actor):
    sol = solution(workshop, actor_of(people["Ans"])).event.payload["solution"]["id"]
    effects = [{"text": f"Schonere straat {i}", "sign": "+", "who": "bewoners",
                "reach": "buurt"} for i in range(6)]

    result = aps.card_save(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                           solution_id=sol,
                           fields={"effects": effects})

    data = one_event(workshop, result, ev.SOLUTION_CARD_CHANGED)
    assert [w["code"] for w in data["warnings"]] == ["too_many_effects", "no_negative_effect"]
    assert m.Effect.objects.count() == 6
    fixed = aps.card_save(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                          solution_id=sol,
                          fields={"effects": [*effects[:4],
                                              {"text": "Meer beheerkosten", "sign": "-"}]})
    assert fixed.event.payload["warnings"] == []


def test_bad_effects_are_refused_and_change_nothing(workshop, appraisal, people, groups, fac_actor):
    sol = solution(workshop, actor_of(people["Ans"])).event.payload["solution"]["id"]
    for effects in ([{"text": "Beter", "sign": "?"}], [{"text": "", "sign": "+"}],
                    [{"text": "Beter", "sign": "+", "reach": "land"}], ["Beter"]):
        refused(workshop, lambda e=effects: aps.card_save(workshop_id=workshop.pk, actor=fac_actor,
                                                          client_op_id=op(), solution_id=sol,
                                                          fields={"effects": e}), Invalid)


# --- Step 2: core problems ------------------------------------------------------------------------

def test_the_original_wording_stays_and_a_sharper_text_needs_a_new_confirmation(
        workshop, appraisal, people, groups, owner_column, fac_actor):
    ans = actor_of(people["Ans"])
    p1 = add_postit(workshop, people["Ans"], "Rommel", column=owner_column)
    p2 = add_postit(workshop, people["Bram"], "Vuilniszakken op straat", column=owner_column)
    created = aps.core_problem_create(
        workshop_id=workshop.pk, actor=ans, client_op_id=op(), owner_id=owner_column.pk,
        source_postit_ids=[p1.pk, p2.pk], fields={
            "formulation": "Afval op straat", "underlying_problems": ["Te weinig containers"],
            "nature": "Vies en onveilig", "affected_count": 240, "affected_unit": "huishoudens",
            "what_if_unsolved": "Meer verhuizingen", "could_solve_itself": "no"})
    cp = one_event(workshop, created, ev.CORE_PROBLEM_CREATED)["core_problem"]
    assert cp["original_wording"] == "Rommel / Vuilniszakken op straat"
    assert (cp["owner_name"], cp["group_id"], cp["source_postit_ids"]) == ("Bewoners", groups[0].pk,
                                                                           sorted([p1.pk, p2.pk]))
    refused(workshop,
            lambda: aps.core_problem_confirm(workshop_id=workshop.pk, actor=ans, client_op_id=op(),
                                                       core_problem_id=cp["id"]), NotAllowed)
    aps.core_problem_confirm(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                             core_problem_id=cp["id"])

    updated = aps.core_problem_update(workshop_id=workshop.pk, actor=ans, client_op_id=op(),
                                      core_problem_id=cp["id"],
                                      fields={"formulation": "Afval naast de containers bij complex A",
                                              "original_wording": "overschreven?"}, version=2)

    data = one_event(workshop, updated, ev.CORE_PROBLEM_UPDATED)["core_problem"]
    assert data["original_wording"] == "Rommel / Vuilniszakken op straat"
    assert data["confirmed_sharp"] is False and data["version"] == 3
    error = refused(workshop, lambda: aps.core_problem_update(
        workshop_id=workshop.pk, actor=ans, client_op_id=op(), core_problem_id=cp["id"],
        fields={"nature": "Oud"}, version=2), Conflict)
    assert "iemand anders" in error.message.lower()


def test_a_second_core_problem_for_an_owner_warns(workshop, appraisal, people, groups,
                                                  owner_column):
    ans = actor_of(people["Ans"])
    core_problem(workshop, ans, owner_column)

    second = core_problem(workshop, ans, owner_column, "Ook nog iets")

    assert second.event.payload["warnings"] == [{"code": "more_core_problems_for_owner"}]


def test_an_owner_of_another_workshop_is_not_found(workshop, other_workshop, appraisal, people,
                                                   groups):
    from wijktafel.activities.models import Column

    foreign = Column.objects.create(workshop=other_workshop, title="Elders")
    refused(workshop, lambda: core_problem(workshop, actor_of(people["Ans"]), foreign), NotFound)


# --- Step 6: selection ----------------------------------------------------------------------------

def _four_solutions(workshop, people):
    ans = actor_of(people["Ans"])
    return [solution(workshop, ans, f"Oplossing {i}",
                     ootb=i == 0).event.payload["solution"]["id"] for i in range(4)]


def test_the_selection_holds_three_to_five_and_a_departure_needs_a_reason(workshop, appraisal,
                                                                          people, groups,
                                                                         fac_actor):
    g1, g2 = groups
    s = _four_solutions(workshop, people)
    aps.ranking_set(workshop_id=workshop.pk, actor=actor_of(people["Ans"]), client_op_id=op(),
                    group_id=g1.pk,
                    ordered_solution_ids=[s[0], s[1], s[2], s[3]])
    aps.ranking_set(workshop_id=workshop.pk, actor=actor_of(people["Cor"]), client_op_id=op(),
                    group_id=g2.pk,
                    ordered_solution_ids=[s[1], s[0], s[2], s[3]])

    refused(workshop,
            lambda: aps.selection_set(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                                                solution_ids=s[:2]), Invalid)
    error = refused(workshop,
                    lambda: aps.selection_set(workshop_id=workshop.pk, actor=fac_actor,
                                              client_op_id=op(),
                                                        solution_ids=[s[0], s[1], s[3]]), Invalid)
    assert "waarom" in error.message.lower()

    agreed = aps.selection_set(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                               solution_ids=s[:3])
    assert one_event(workshop, agreed,
                     ev.SELECTION_CHANGED)["selection"]["departs_from_aggregate"] is False
    departed = aps.selection_set(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                                 solution_ids=[s[0], s[1], s[3]], reason="Oplossing 3 is goedkoper")
    assert departed.event.payload["selection"]["departs_from_aggregate"] is True


def test_effect_cards_only_for_selected_solutions(workshop, appraisal, people, groups, fac_actor,
                                                  owner_column):
    s = _four_solutions(workshop, people)
    cp = core_problem(workshop, actor_of(people["Ans"]),
                      owner_column).event.payload["core_problem"]["id"]
    aps.selection_set(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                      solution_ids=s[:3])

    refused(workshop,
            lambda: aps.effect_card_set(workshop_id=workshop.pk, actor=actor_of(people["Ans"]),
                                                  client_op_id=op(), solution_id=s[3],
                                        core_problem_id=cp,
                                                  main_effects=["Minder afval"], size="large"),
            Conflict)
    made = aps.effect_card_set(workshop_id=workshop.pk, actor=actor_of(people["Ans"]),
                               client_op_id=op(),
                               solution_id=s[0], core_problem_id=cp, main_effects=["Minder afval"],
                               size="large")
    assert one_event(workshop, made,
                     ev.EFFECT_CARD_CHANGED)["effect_card"]["group_id"] == groups[0].pk
    refused(workshop,
            lambda: aps.effect_card_set(workshop_id=workshop.pk, actor=actor_of(people["Cor"]),
                                                  client_op_id=op(), solution_id=s[0],
                                        core_problem_id=cp,
                                                  main_effects=["Niets"], size="small"), NotAllowed)


# --- Groups, links, and one event per change ------------------------------------------------------

def test_plan_groups_mixes_organisations_in_groups_of_three_or_four():
    people = [(i, org) for i,
              org in enumerate(["Gemeente"] * 4 + ["Corporatie"] * 4 + ["Politie"] * 2)]

    planned = aps.plan_groups(people, 4)

    assert sorted(len(g) for g in planned) == [3, 3, 4]
    assert sorted(i for g in planned for i in g) == list(range(10))
    orgs = dict(people)
    assert all(len({orgs[i] for i in g}) >= 2 for g in planned)


def test_groups_are_formed_once_from_everyone_present(workshop, appraisal, people, fac_actor):
    result = aps.groups_form(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op())

    groups = one_event(workshop, result, ev.GROUPS_FORMED)["groups"]
    assert sorted(i for g in groups for i in g["member_ids"]) == sorted(p.participant.pk for p in people.values())
    error = refused(workshop,
                    lambda: aps.groups_form(workshop_id=workshop.pk, actor=fac_actor,
                                            client_op_id=op()),
                    Conflict)
    assert "al groepen" in error.message


def test_a_person_is_in_one_group_per_session(workshop, appraisal, people, groups, fac_actor):
    refused(workshop,
            lambda: aps.group_create(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                                               name="Groep 3", member_ids=[people["Ans"].participant.pk]), Conflict)


def test_a_session_belongs_to_one_appraisal_of_the_same_organisation(facilitator,
                                                                     other_facilitator, workshop,
                                                                     other_workshop, appraisal):
    second = aps.appraisal_create(user=facilitator, title="Tweede afweging")
    with pytest.raises(Conflict):
        aps.appraisal_link(user=facilitator, appraisal_id=second.pk, session=1,
                           workshop_id=workshop.pk)
    with pytest.raises(NotFound):
        aps.appraisal_link(user=facilitator, appraisal_id=second.pk, session=1,
                           workshop_id=other_workshop.pk)
    with pytest.raises(NotFound):
        aps.appraisal_link(user=other_facilitator, appraisal_id=second.pk, session=1,
                           workshop_id=other_workshop.pk)
    assert m.Appraisal.objects.get(pk=second.pk).workshop_ids == []


def test_a_workshop_outside_an_appraisal_refuses_appraisal_writes(facilitator, fac_actor):
    lonely = make_workshop(facilitator, title="Losse sessie")
    error = refused(lonely,
                    lambda: aps.criterion_add(workshop_id=lonely.pk, actor=fac_actor,
                                              client_op_id=op(),
                                                      title="Haalbaarheid"), NotFound)
    assert "geen deel van een afweging" in error.message


def test_changing_the_appraisal_is_logged_in_every_linked_session(facilitator, workshop, appraisal,
                                                                  session_two):
    key = op()
    aps.appraisal_update(user=facilitator, appraisal_id=appraisal.pk,
                         fields={"title": "Afweging Zuid-Oost"},
                         client_op_id=key)
    aps.appraisal_update(user=facilitator, appraisal_id=appraisal.pk,
                         fields={"title": "Afweging Zuid-Oost"},
                         client_op_id=key)

    for ws in (workshop, session_two):
        changed = [e for e in events_of(ws) if e.kind == ev.APPRAISAL_CHANGED]
        assert len(changed) == 1 and changed[0].payload["title"] == "Afweging Zuid-Oost"


# --- Soft rules and checks that guide, never refuse -----------------------------------------------

@pytest.mark.parametrize("trigger, codes", [
    ("", ["trigger_empty"]),
    ("We willen iets met deze wijk", ["trigger_vague"]),
    ("Dit complex scoort al jaren slecht in onze complexprestatiemonitor", []),
])
def test_the_trigger_gets_a_soft_lint(facilitator, trigger, codes):
    appraisal = aps.appraisal_create(user=facilitator, title="Afweging", trigger=trigger)

    summary = selectors.appraisal_summary(appraisal)

    assert [w["code"] for w in summary["trigger_warnings"]] == codes
    for warning in summary["trigger_warnings"]:
        assert "aanleiding" in selectors.warning_message(warning)


def test_a_group_outside_three_or_four_warns_but_is_made(workshop, appraisal, people, fac_actor):
    ids = [p.participant.pk for p in people.values()]

    pair = aps.group_create(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), name="Duo",
                            member_ids=ids[:2])
    grown = aps.group_update(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                             group_id=pair.event.payload["group"]["id"], member_ids=ids[:3])

    assert pair.event.payload["warnings"] == [{"code": "group_size", "count": 2}]
    assert "Groepjes van drie of vier" in selectors.warning_message(pair.event.payload["warnings"][0])
    assert grown.event.payload["warnings"] == []
    assert m.Group.objects.get().members.count() == 3


def test_the_appraisal_lists_the_effect_cards_still_to_make(workshop, appraisal, people, groups,
                                                            fac_actor,
                                                            owner_column):
    s = _four_solutions(workshop, people)
    cp = core_problem(workshop, actor_of(people["Ans"]),
                      owner_column).event.payload["core_problem"]["id"]
    aps.selection_set(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                      solution_ids=s[:3])
    aps.effect_card_set(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                        solution_id=s[0],
                        core_problem_id=cp, main_effects=["Minder afval"], size="medium")

    missing = selectors.appraisal_payload(appraisal)["effect_cards_missing"]

    assert missing == [{"solution_id": s[1], "core_problem_id": cp},
                       {"solution_id": s[2], "core_problem_id": cp}]


# --- A4/A5: at most ten pitches, one or two clarifying questions -------------------------------------

@pytest.mark.parametrize("people, sizes", [
    (4, [1, 1, 1, 1]), (10, [1] * 10), (11, [2] * 5 + [1]), (20, [2] * 10), (25, [3] * 8 + [1]),
])
def test_there_are_never_more_than_ten_pitches(people, sizes):
    units = aps.plan_pitches(list(range(people)))

    assert [len(u) for u in units] == sizes
    assert len(units) <= 10 and sum(units, []) == list(range(people))


def test_pitches_are_planned_and_hold_at_most_two_clarifying_questions(workshop, appraisal, people,
                                                                       fac_actor):
    planned = aps.pitches_plan(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op())
    pitches = one_event(workshop, planned, ev.PITCHES_PLANNED)["pitches"]
    assert [p["member_ids"] for p in pitches] == [[p.participant.pk] for p in people.values()]
    first = pitches[0]["id"]

    error = refused(workshop, lambda: aps.pitch_update(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), pitch_id=first,
        clarifying_questions=["Hoe vaak?", "Waar precies?", "En waarom dan?"]), Invalid)
    assert "niet voor een discussie" in error.message
    refused(workshop,
            lambda: aps.pitch_update(workshop_id=workshop.pk, actor=actor_of(people["Ans"]),
                                               client_op_id=op(), pitch_id=first, done=True),
            NotAllowed)

    done = aps.pitch_update(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                            pitch_id=first,
                            done=True, clarifying_questions=["Hoe vaak?"])
    assert one_event(workshop, done, ev.PITCH_UPDATED)["pitch"]["done"] is True
    error = refused(workshop, lambda: aps.pitches_plan(workshop_id=workshop.pk, actor=fac_actor,
                                                       client_op_id=op()), Conflict)
    assert "al begonnen" in error.message


# --- Light mode: one person walks through the steps alone (§3.2) -------------------------------------

def test_one_facilitator_alone_walks_through_all_eight_steps_in_one_linked_session(
        facilitator, workshop, appraisal, fac_actor, owner_column):
    from wijktafel.activities import services as wall

    ws = workshop.pk
    postit = wall.postit_create(workshop_id=ws, actor=fac_actor, client_op_id=op(),
                                text="Leegstand",
                                column_id=owner_column.pk).event.payload["id"]
    cp = core_problem(workshop, fac_actor, owner_column, "Leegstand kost huur",
                      ).event.payload["core_problem"]["id"]
    aps.core_problem_confirm(workshop_id=ws, actor=fac_actor, client_op_id=op(), core_problem_id=cp)
    aps.baseline_set(workshop_id=ws, actor=fac_actor, client_op_id=op(),
                     fields={"description": "Huidig beheer", "periodic_income_per_year": 1000})
    sol = [solution(workshop, fac_actor, t, ootb=i == 0).event.payload["solution"]["id"]
           for i, t in enumerate(("Studenten", "Renovatie", "Verkoop"))]
    for sid in sol:
        aps.card_save(workshop_id=ws, actor=fac_actor, client_op_id=op(), solution_id=sid,
                      fields={"effects": [{"text": "Minder leegstand", "sign": "+"},
                                          {"text": "Meer beheer", "sign": "-"}]})
    aps.selection_set(workshop_id=ws, actor=fac_actor, client_op_id=op(), solution_ids=sol)
    aps.effect_card_set(workshop_id=ws, actor=fac_actor, client_op_id=op(), solution_id=sol[0],
                        core_problem_id=cp, main_effects=["Minder leegstand"], size="large")
    aps.choice_set(workshop_id=ws, actor=fac_actor, client_op_id=op(), fields={
        "kind": "solution", "solution_ids": [sol[0]], "baseline_considered": True,
                                                                               "is_final": True})

    report = report_data(m.Appraisal.objects.get(pk=appraisal.pk))
    assert report["choice"]["titles"] == ["Studenten"] and report["appraisal"]["status"] == "decided"
    assert report["core_problems"][0]["original_wording"] == "Leegstand kost huur"
    assert postit and not report["rankings"]  # no groups, no rankings: the light mode


def test_a_new_order_keeps_the_solving_power_and_notes_it_does_not_mention(
        workshop, appraisal, people, groups, owner_column):
    """A phone drags a new order: the percentages and notes typed before stay; "" and {} clear."""
    from wijktafel.appraisals.models import GroupRanking

    g1, _g2 = groups
    ans = actor_of(people["Ans"])
    s = _four_solutions(workshop, people)
    cp = core_problem(workshop, ans, owner_column).event.payload["core_problem"]["id"]
    aps.ranking_set(workshop_id=workshop.pk, actor=ans, client_op_id=op(), group_id=g1.pk,
                    ordered_solution_ids=s, solving_power={str(cp): {str(s[0]): 60}},
                    notes="Kosten wogen zwaar")
    aps.ranking_set(workshop_id=workshop.pk, actor=ans, client_op_id=op(), group_id=g1.pk,
                    ordered_solution_ids=[s[1], s[0], s[2], s[3]])
    ranking = GroupRanking.objects.get(group=g1)
    assert ranking.ordered_solution_ids == [s[1], s[0], s[2], s[3]]
    assert ranking.solving_power == {str(cp): {str(s[0]): 60}}
    assert ranking.notes == "Kosten wogen zwaar"

    aps.ranking_set(workshop_id=workshop.pk, actor=ans, client_op_id=op(), group_id=g1.pk,
                    ordered_solution_ids=s, solving_power={}, notes="")
    ranking.refresh_from_db()
    assert (ranking.solving_power, ranking.notes) == ({}, "")


def test_in_session_two_its_groups_sharpen_the_cards_made_in_session_one(
        workshop, appraisal, people, groups, session_two, fac_actor):
    """Session II has new participants and new groups; they walk through session I's cards."""
    from wijktafel.appraisals.models import SolutionCard

    sol = solution(workshop, actor_of(people["Ans"])).event.payload["solution"]["id"]
    ans2, eva2 = join(session_two, "Ans"), join(session_two, "Eva")
    aps.group_create(workshop_id=session_two.pk, actor=fac_actor, client_op_id=op(), name="Groep A",
                     member_ids=[ans2.participant.pk])

    error = refused(session_two, lambda: aps.card_save(
        workshop_id=session_two.pk, actor=actor_of(eva2), client_op_id=op(), solution_id=sol,
        fields={"uncertainties": ["Wie betaalt?"]}), NotAllowed)
    assert "nog niet in een groep" in error.message
    assert not SolutionCard.objects.filter(solution_id=sol).exists()

    card = aps.card_save(workshop_id=session_two.pk, actor=actor_of(ans2), client_op_id=op(),
                         solution_id=sol, fields={"uncertainties": ["Wie betaalt?"]})
    assert one_event(session_two, card, ev.SOLUTION_CARD_CHANGED)["card"]["uncertainties"] == [
        "Wie betaalt?"]

    # In session I a card stays its own group's: group 2 may not change group 1's card.
    refused(workshop, lambda: aps.card_save(
        workshop_id=workshop.pk, actor=actor_of(people["Cor"]), client_op_id=op(), solution_id=sol,
        fields={"variants": ["Kleiner"]}), NotAllowed)


@pytest.mark.parametrize("bad", [1.0, 2.9, "2.9", "1e3", "٣", True, "", " ", "-1", None, [1], 2**63])
def test_an_id_that_is_not_a_whole_number_is_refused_in_dutch_and_changes_nothing(
        workshop, appraisal, people, groups, bad):
    """A fraction is not rounded to another row (2.9 is not solution 2)."""
    ans = actor_of(people["Ans"])
    sol = solution(workshop, ans).event.payload["solution"]["id"]
    with translation.override("nl"):
        error = refused(workshop, lambda: aps.ranking_set(
            workshop_id=workshop.pk, actor=ans, client_op_id=op(), group_id=groups[0].pk,
            ordered_solution_ids=[sol, bad]), Invalid)
    assert error.message == "Dit is geen geldig nummer."
    assert not m.GroupRanking.objects.exists()


def test_an_id_may_come_as_its_digits(workshop, appraisal, people, groups):
    ans = actor_of(people["Ans"])
    sol = solution(workshop, ans).event.payload["solution"]["id"]
    aps.ranking_set(workshop_id=workshop.pk, actor=ans, client_op_id=op(), group_id=str(groups[0].pk),
                    ordered_solution_ids=[f" {sol} "])
    assert m.GroupRanking.objects.get(group=groups[0]).ordered_solution_ids == [sol]


@pytest.mark.parametrize("bad", [20261231, "20261231", "2026-02-30", "31-12-2026", "2026-12-31T10:00", 2.5])
def test_a_date_not_written_as_2026_12_31_is_refused_in_dutch_and_changes_nothing(
        workshop, appraisal, fac_actor, bad):
    with translation.override("nl"):
        error = refused(workshop, lambda: aps.action_add(
            workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
            fields={"title": "Conciërge vragen", "due_date": bad}), Invalid)
    assert error.message == "Typ een datum zoals 2026-12-31."
    assert not m.Action.objects.exists()
    aps.action_add(workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(),
                   fields={"title": "Conciërge vragen", "due_date": "2026-12-31"})
    assert m.Action.objects.get().due_date.isoformat() == "2026-12-31"
