"""Every appraisal write over the live socket (wijktafel/appraisals/ops.py, docs/realtime.md).

Each op goes through the real ASGI stack (origin check, cookie session, consumer) into session I
of an appraisal: an accepted op is acknowledged after commit, reaches the other group's phone as
exactly one event, and its op id again changes nothing. Wrong JSON types, another group's items
and the method's hard rules are refused and change nothing. A ranking made while the phone is
offline is stored once however often the outbox sends it.
"""

from __future__ import annotations

import inspect
import uuid

import pytest
from channels.db import database_sync_to_async
from django.utils import translation

from tests.appraisals.conftest import actor_of, add_postit, op, state_of
from tests.workshops.ws_client import (  # noqa: F401 (fixtures)
    Socket,
    session_for,
    sockets,
)
from wijktafel.activities import services as wall
from wijktafel.appraisals import events as ev
from wijktafel.appraisals import services as aps
from wijktafel.appraisals.models import GroupRanking, ProblemMark
from wijktafel.appraisals.ops import APPRAISAL_OPS
from wijktafel.workshops.consumers import (
    BOOL,
    EVERYONE,
    FACILITATORS,
    ID,
    IDS,
    INT,
    LIST,
    OBJECT,
    OP_HANDLERS,
    STR,
)
from wijktafel.workshops.models import WorkshopEvent

pytestmark = pytest.mark.django_db(transaction=True)

state = database_sync_to_async(state_of)

# The shared contract of the live pages (brief of 2026-11-25): op kind -> service and data keys.
CONTRACT = {
    "group.create": (aps.group_create, {"name", "member_ids"}),
    "group.update": (aps.group_update, {"group_id", "name", "member_ids"}),
    "group.delete": (aps.group_delete, {"group_id"}),
    "groups.form": (aps.groups_form, {"size"}),
    "group.step_close": (aps.group_step_close, {"group_id", "step", "closed"}),
    "pitches.plan": (aps.pitches_plan, set()),
    "pitch.update": (aps.pitch_update, {"pitch_id", "done", "clarifying_questions"}),
    "problem_mark.set": (aps.problem_mark_set, {"postit_id", "participant_id"}),
    "problem_mark.remove": (aps.problem_mark_remove, {"participant_id"}),
    "core_problem.create": (aps.core_problem_create,
                            {"owner_id", "fields", "source_postit_ids", "group_id"}),
    "core_problem.update": (aps.core_problem_update,
                            {"core_problem_id", "fields", "source_postit_ids", "version"}),
    "core_problem.confirm": (aps.core_problem_confirm, {"core_problem_id", "confirmed"}),
    "core_problem.delete": (aps.core_problem_delete, {"core_problem_id"}),
    "baseline.set": (aps.baseline_set, {"fields", "version"}),
    "horizon.set": (aps.horizon_set, {"horizon_years"}),
    "solution.create": (aps.solution_create, {"fields", "group_id", "from_postit_id"}),
    "solution.update": (aps.solution_update, {"solution_id", "fields", "version"}),
    "solution.delete": (aps.solution_delete, {"solution_id"}),
    "solution.merge": (aps.solution_merge, {"solution_id", "into_id"}),
    "solution_card.save": (aps.card_save, {"solution_id", "fields", "version"}),
    "core_effects.set": (aps.core_effects_set, {"items"}),
    "criterion.add": (aps.criterion_add, {"title"}),
    "criterion.remove": (aps.criterion_remove, {"criterion_id"}),
    "ranking.set": (aps.ranking_set, {"group_id", "ordered_solution_ids", "solving_power", "notes",
                                      "version"}),
    "selection.set": (aps.selection_set, {"solution_ids", "reason", "outlier_notes",
                                          "dropout_notes"}),
    "effect_card.set": (aps.effect_card_set, {"solution_id", "core_problem_id", "main_effects",
                                              "size", "notes", "version"}),
    "choice.set": (aps.choice_set, {"fields"}),
    "insight.add": (aps.insight_add, {"text", "shared_with_residents_present",
                                      "core_problem_ids"}),
    "insight.delete": (aps.insight_delete, {"insight_id"}),
    "action.add": (aps.action_add, {"fields"}),
    "action.update": (aps.action_update, {"action_id", "fields"}),
    "action.delete": (aps.action_delete, {"action_id"}),
}

# What the method leaves to the session leader (decision 0009; the API's facilitator routes).
FACILITATOR_ONLY = {
    "group.create", "group.update", "group.delete", "groups.form", "pitches.plan", "pitch.update",
    "core_problem.confirm", "baseline.set", "horizon.set", "solution.merge", "core_effects.set",
    "criterion.add", "criterion.remove", "selection.set", "choice.set", "insight.delete",
    "action.add", "action.update", "action.delete",
}


# --- The world: session I with two groups and something made in each step ---------------------

@pytest.fixture
def world(workshop, appraisal, fac_actor, people, groups, owner_column):
    """Ans and Bram in group 1, Cor and Dewi in group 2; both groups wrote a core problem and
    solutions (group 1 one out-of-the-box), the baseline is described, three are selected."""
    ws = workshop.pk
    g1, g2 = groups
    ans, cor = actor_of(people["Ans"]), actor_of(people["Cor"])
    postit = add_postit(workshop, people["Ans"], "Zwerfvuil", owner_column)
    idea = add_postit(workshop, people["Ans"], "Een buurthuis")
    wall.postit_park(workshop_id=ws, actor=fac_actor, client_op_id=None, postit_id=idea.pk)
    bram_postit = add_postit(workshop, people["Bram"], "Parkeren", owner_column)
    aps.problem_mark_set(workshop_id=ws, actor=actor_of(people["Bram"]), client_op_id=op(),
                         postit_id=bram_postit.pk)

    def made(result, key):
        return result.event.payload[key]["id"]

    def core_problem(actor, text):
        return made(aps.core_problem_create(workshop_id=ws, actor=actor, client_op_id=op(),
                                            owner_id=owner_column.pk,
                                            fields={"formulation": text}), "core_problem")

    def solution(actor, title, ootb):
        return made(aps.solution_create(workshop_id=ws, actor=actor, client_op_id=op(),
                                        fields={"title": title, "out_of_the_box": ootb}),
                    "solution")

    cp1, cp2 = core_problem(ans, "Afval naast de containers"), core_problem(cor, "Te hard rijden")
    s1, s1b = solution(ans, "Buurtconciërge", True), solution(ans, "Wedstrijd", False)
    s2 = solution(cor, "Drempels", False)
    aps.baseline_set(workshop_id=ws, actor=fac_actor, client_op_id=op(),
                     fields={"description": "Huidig beheer"})
    aps.selection_set(workshop_id=ws, actor=fac_actor, client_op_id=op(),
                      solution_ids=[s1, s1b, s2], reason="Alle drie")
    return {
        "ws": ws, "g1": g1.pk, "g2": g2.pk, "cp1": cp1, "cp2": cp2, "s1": s1, "s1b": s1b, "s2": s2,
        "postit": postit.pk, "idea": idea.pk, "column": owner_column.pk,
        "bram": people["Bram"].participant.pk,
        "pitch": aps.pitches_plan(workshop_id=ws, actor=fac_actor, client_op_id=op()
                                  ).event.payload["pitches"][0]["id"],
        "criterion": made(aps.criterion_add(workshop_id=ws, actor=fac_actor, client_op_id=op(),
                                            title="Haalbaarheid"), "criterion"),
        "insight": made(aps.insight_add(workshop_id=ws, actor=fac_actor, client_op_id=op(),
                                        text="Inzicht"), "insight"),
        "action": made(aps.action_add(workshop_id=ws, actor=fac_actor, client_op_id=op(),
                                      fields={"title": "Bellen"}), "action"),
    }


def _without_groups(w, fac_actor):
    for group in ("g1", "g2"):
        aps.group_delete(workshop_id=w["ws"], actor=fac_actor, client_op_id=op(),
                         group_id=w[group])


# kind -> (sender, data from the world, event kind, a preparation or None)
CASES = {
    "group.create": ("fac", lambda w: {"name": "Groep 3", "member_ids": []}, ev.GROUP_CREATED,
                     None),
    "group.update": ("fac", lambda w: {"group_id": w["g1"], "name": "Groep A"}, ev.GROUP_UPDATED,
                     None),
    "group.delete": ("fac", lambda w: {"group_id": w["g1"]}, ev.GROUP_DELETED, None),
    "groups.form": ("fac", lambda w: {"size": 2}, ev.GROUPS_FORMED, _without_groups),
    "group.step_close": ("ans", lambda w: {"group_id": w["g1"], "step": 4, "closed": True},
                         ev.GROUP_UPDATED, None),
    "pitches.plan": ("fac", lambda w: {}, ev.PITCHES_PLANNED, None),
    "pitch.update": ("fac", lambda w: {"pitch_id": w["pitch"], "done": True,
                                       "clarifying_questions": ["Waar precies?"]},
                     ev.PITCH_UPDATED, None),
    "problem_mark.set": ("ans", lambda w: {"postit_id": w["postit"]}, ev.PROBLEM_MARK_SET, None),
    "problem_mark.remove": ("bram", lambda w: {}, ev.PROBLEM_MARK_REMOVED, None),
    "core_problem.create": ("ans", lambda w: {"owner_id": w["column"],
                                              "fields": {"formulation": "Geen plek om te spelen"},
                                              "source_postit_ids": [w["postit"]]},
                            ev.CORE_PROBLEM_CREATED, None),
    "core_problem.update": ("ans", lambda w: {"core_problem_id": w["cp1"],
                                              "fields": {"nature": "Vies"}, "version": 1},
                            ev.CORE_PROBLEM_UPDATED, None),
    "core_problem.confirm": ("fac", lambda w: {"core_problem_id": w["cp1"], "confirmed": True},
                             ev.CORE_PROBLEM_UPDATED, None),
    "core_problem.delete": ("ans", lambda w: {"core_problem_id": w["cp1"]},
                            ev.CORE_PROBLEM_DELETED, None),
    "baseline.set": ("fac", lambda w: {"fields": {"one_off_cost": 500,
                                                  "checklist": {"sober": True}}, "version": 1},
                     ev.BASELINE_CHANGED, None),
    "horizon.set": ("fac", lambda w: {"horizon_years": 20}, ev.HORIZON_CHANGED, None),
    "solution.create": ("ans", lambda w: {"fields": {"title": "Buurthuis"},
                                          "from_postit_id": w["idea"]},
                        ev.SOLUTION_CREATED, None),
    "solution.update": ("ans", lambda w: {"solution_id": w["s1"], "version": 1,
                                          "fields": {"title": "Huismeester"}},
                        ev.SOLUTION_UPDATED, None),
    "solution.delete": ("ans", lambda w: {"solution_id": w["s1b"]}, ev.SOLUTION_DELETED, None),
    "solution.merge": ("fac", lambda w: {"solution_id": w["s1b"], "into_id": w["s1"]},
                       ev.SOLUTION_UPDATED, None),
    "solution_card.save": ("ans", lambda w: {"solution_id": w["s1"], "fields": {
        "extra_one_off_cost": 2000,
        "effects": [{"text": "Schoner", "sign": "+"}, {"text": "Duurder", "sign": "-"}]}},
        ev.SOLUTION_CARD_CHANGED, None),
    "core_effects.set": ("fac", lambda w: {"items": [{"text": "Veiliger",
                                                      "mirrors_core_problem_id": w["cp1"]}]},
                         ev.CORE_EFFECTS_CHANGED, None),
    "criterion.add": ("fac", lambda w: {"title": "Beleid"}, ev.CRITERION_CREATED, None),
    "criterion.remove": ("fac", lambda w: {"criterion_id": w["criterion"]}, ev.CRITERION_DELETED,
                         None),
    "ranking.set": ("ans", lambda w: {"group_id": w["g1"],
                                      "ordered_solution_ids": [w["s1"], w["s1b"]],
                                      "solving_power": {str(w["cp1"]): {str(w["s1"]): 80}},
                                      "notes": "Eerst de conciërge"},
                    ev.RANKING_CHANGED, None),
    "selection.set": ("fac", lambda w: {"solution_ids": [w["s2"], w["s1"], w["s1b"]],
                                        "reason": "Alle drie"},
                      ev.SELECTION_CHANGED, None),
    "effect_card.set": ("ans", lambda w: {"solution_id": w["s1"], "core_problem_id": w["cp1"],
                                          "main_effects": ["Schoner"], "size": "small"},
                        ev.EFFECT_CARD_CHANGED, None),
    "choice.set": ("fac", lambda w: {"fields": {"kind": "baseline", "baseline_considered": True,
                                                "is_final": True}},
                   ev.CHOICE_CHANGED, None),
    "insight.add": ("ans", lambda w: {"text": "Het gaat om je thuis voelen",
                                      "shared_with_residents_present": True,
                                      "core_problem_ids": [w["cp1"]]},
                    ev.INSIGHT_CREATED, None),
    "insight.delete": ("fac", lambda w: {"insight_id": w["insight"]}, ev.INSIGHT_DELETED, None),
    "action.add": ("fac", lambda w: {"fields": {"title": "Mailen", "due_date": "2026-12-31"}},
                   ev.ACTION_CREATED, None),
    "action.update": ("fac", lambda w: {"action_id": w["action"], "fields": {"status": "done"}},
                      ev.ACTION_UPDATED, None),
    "action.delete": ("fac", lambda w: {"action_id": w["action"]}, ev.ACTION_DELETED, None),
}


async def _open(sockets, workshop, who, people, facilitator):
    if who == "fac":
        return await sockets(workshop, user=facilitator)
    return await sockets(workshop, tokens={workshop.pk: people[who.capitalize()].token})


# --- The table ----------------------------------------------------------------------------------

def test_every_appraisal_op_kind_is_in_the_contract_and_covered_here():
    assert set(APPRAISAL_OPS) == set(CONTRACT) == set(CASES)
    assert all(OP_HANDLERS[kind] is spec for kind, spec in APPRAISAL_OPS.items())


# Required although the service has a default: the service refuses a missing owner anyway, and an
# omitted ``into_id`` would silently take a solution out of its merge (null must be sent for that).
REQUIRED_KEYS = {("core_problem.create", "owner_id"), ("solution.merge", "into_id")}


@pytest.mark.parametrize("kind", sorted(CONTRACT))
def test_data_keys_are_the_service_arguments_and_the_contract(kind):
    """Same names as the service's keyword arguments; what the service needs is required, so a
    missing key is ``rejected/invalid`` and never a TypeError (a server error)."""
    spec, (service, keys) = APPRAISAL_OPS[kind], CONTRACT[kind]
    assert spec.service is service
    assert {f.key for f in spec.fields} == keys
    assert all(not f.arg or f.arg == f.key for f in spec.fields)
    params = {name: p for name, p in inspect.signature(service).parameters.items()
              if name not in ("workshop_id", "actor", "client_op_id")}
    assert set(params) == keys
    for field in spec.fields:
        needed = params[field.key].default is inspect.Parameter.empty
        assert field.required == (needed or (kind, field.key) in REQUIRED_KEYS), (kind, field.key)


@pytest.mark.parametrize("kind", sorted(CONTRACT))
def test_facilitator_only_kinds_are_refused_to_participants_before_the_service(kind):
    assert APPRAISAL_OPS[kind].roles == (FACILITATORS if kind in FACILITATOR_ONLY else EVERYONE)


# --- Accepted ops -------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(CASES))
async def test_op_acks_after_commit_reaches_the_other_group_once_and_a_repeat_changes_nothing(
        kind, sockets, workshop, facilitator, fac_actor, people, world):
    sender_name, make_data, event_kind, prepare = CASES[kind]
    if prepare is not None:
        await database_sync_to_async(prepare)(world, fac_actor)
    sender = await _open(sockets, workshop, sender_name, people, facilitator)
    other_group = await sockets(workshop, tokens={workshop.pk: people["Cor"].token})
    before = await state(workshop)
    key = str(uuid.uuid4())

    ack = await sender.op(kind, make_data(world), op=key)

    assert ack == {"type": "ack", "op": key, "seq": before["last_seq"] + 1}, ack
    own = await sender.recv()
    assert (own["type"], own["seq"], own["kind"]) == ("event", ack["seq"], event_kind)
    assert own["data"]["appraisal_id"] == before["appraisal"]["id"]
    assert await other_group.recv() == own
    assert await other_group.nothing() and await sender.nothing()
    after = await state(workshop)
    assert after["events"] == before["events"] + 1 and after["last_seq"] == ack["seq"]
    assert after["appraisal"] != before["appraisal"] or after["rows"] != before["rows"]

    again = await sender.op(kind, make_data(world), op=key)

    assert again == ack
    assert await sender.nothing() and await other_group.nothing()
    assert await state(workshop) == after


async def test_the_ranking_in_the_event_is_what_the_phone_sent(sockets, workshop, people, world):
    phone = await sockets(workshop, tokens={workshop.pk: people["Ans"].token})
    data = CASES["ranking.set"][1](world)

    ack = await phone.op("ranking.set", data)

    event = await phone.recv()
    assert event["seq"] == ack["seq"]
    assert event["data"]["ranking"] == {
        "group_id": world["g1"], "ordered_solution_ids": [world["s1"], world["s1b"]],
        "solving_power": {str(world["cp1"]): {str(world["s1"]): 80}},
        "notes": "Eerst de conciërge", "version": 1}
    ranking = await database_sync_to_async(GroupRanking.objects.get)(group_id=world["g1"])
    assert ranking.ordered_solution_ids == [world["s1"], world["s1b"]]


# --- Refusals -----------------------------------------------------------------------------------

WRONG = {
    ID: ["1", 0, -1, True, 1.5, 2**63, [1], {"id": 1}],
    INT: ["1", True, 1.5, 10**9 + 1, [1], {}],
    STR: [1, True, ["tekst"], {"text": "tekst"}],
    BOOL: [1, 0, "true", [True], {}],
    IDS: ["1,2", 1, {"1": 1}, [True], ["1"], [0], [1.5], [2**63], [[1]], [None]],
    LIST: ["Schoner", 1, True, {"0": "Schoner"}],
    OBJECT: ["title", 1, True, [], [{"title": "Buurthuis"}]],
}


@pytest.mark.parametrize("kind", sorted(CASES))
async def test_wrong_json_types_and_missing_keys_are_invalid_and_change_nothing(
        kind, sockets, workshop, facilitator, people, world):
    sender_name, make_data, _event, _prepare = CASES[kind]
    sender = await _open(sockets, workshop, sender_name, people, facilitator)
    other_group = await sockets(workshop, tokens={workshop.pk: people["Cor"].token})
    valid = make_data(world)
    before = await state(workshop)
    sent = 0
    for field in APPRAISAL_OPS[kind].fields:
        frames = [{**valid, field.key: wrong} for wrong in WRONG[field.type]]
        if field.required:
            frames.append({k: v for k, v in valid.items() if k != field.key})
        for data in frames:
            reply = await sender.op(kind, data)
            assert (reply["type"], reply["code"], reply["field"]) == ("rejected", "invalid",
                                                                     field.key), (data, reply)
            assert reply["message"]
            sent += 1
    for data in ([valid], "data", None, 1):  # data itself must be an object
        reply = await sender.op(kind, data)
        assert (reply["type"], reply["code"], reply["field"]) == ("rejected", "invalid", "data")
    assert sent or not APPRAISAL_OPS[kind].fields
    assert await other_group.nothing() and await sender.nothing()
    assert await state(workshop) == before


# (kind, data of group 2's item) sent by Ans of group 1
OTHER_GROUPS_ITEMS = {
    "group.step_close": lambda w: {"group_id": w["g2"], "step": 2},
    "core_problem.update": lambda w: {"core_problem_id": w["cp2"],
                                      "fields": {"nature": "Gevaarlijk"}},
    "core_problem.delete": lambda w: {"core_problem_id": w["cp2"]},
    "solution.update": lambda w: {"solution_id": w["s2"], "fields": {"title": "Flitspaal"}},
    "solution.delete": lambda w: {"solution_id": w["s2"]},
    "solution_card.save": lambda w: {"solution_id": w["s2"], "fields": {"description": "Kaart"}},
    "ranking.set": lambda w: {"group_id": w["g2"], "ordered_solution_ids": [w["s1"]]},
    "problem_mark.remove": lambda w: {"participant_id": w["bram"]},  # someone else's mark
}


@pytest.mark.parametrize("kind", sorted(OTHER_GROUPS_ITEMS))
async def test_a_participant_cannot_write_another_groups_item(kind, sockets, workshop, people,
                                                              world):
    phone = await sockets(workshop, tokens={workshop.pk: people["Ans"].token})
    other_group = await sockets(workshop, tokens={workshop.pk: people["Cor"].token})
    before = await state(workshop)

    reply = await phone.op(kind, OTHER_GROUPS_ITEMS[kind](world))

    assert (reply["type"], reply["code"]) == ("rejected", "forbidden"), reply
    assert reply["message"]
    assert await other_group.nothing() and await phone.nothing()
    assert await state(workshop) == before


async def test_an_effect_card_of_another_group_cannot_be_overwritten(sockets, workshop, people,
                                                                     world):
    data = {"solution_id": world["s2"], "core_problem_id": world["cp2"],
            "main_effects": ["Rustiger"], "size": "large"}
    cor = await sockets(workshop, tokens={workshop.pk: people["Cor"].token})
    assert (await cor.op("effect_card.set", data))["type"] == "ack"
    ans = await sockets(workshop, tokens={workshop.pk: people["Ans"].token})
    before = await state(workshop)

    reply = await ans.op("effect_card.set", {**data, "size": "small", "version": 1})

    assert (reply["type"], reply["code"]) == ("rejected", "forbidden"), reply
    assert await state(workshop) == before


@pytest.mark.parametrize("kind", sorted(FACILITATOR_ONLY))
async def test_a_participant_gets_forbidden_for_a_facilitator_op(kind, sockets, workshop, people,
                                                                 world):
    phone = await sockets(workshop, tokens={workshop.pk: people["Ans"].token})
    before = await state(workshop)

    reply = await phone.op(kind, CASES[kind][1](world))

    assert (reply["type"], reply["code"]) == ("rejected", "forbidden"), reply
    assert await phone.nothing()
    assert await state(workshop) == before


def _dutch(message: str) -> str:
    with translation.override("nl"):
        translated = translation.gettext(message)
    assert translated != message, "no Dutch translation for this message"
    return translated


HARD_RULES = {
    # A3: one "probleem 1" per participant (Bram has his already)
    "second probleem 1": ("bram", "problem_mark.set", lambda w: {"postit_id": w["bram_postit"]},
                          "conflict", "postit_id",
                          "You have already chosen your problem 1. Everyone chooses only one. "
                          "Remove your mark first if you want to choose another."),
    # A10: step 4 needs an out-of-the-box solution (group 2 has none)
    "step 4 without out-of-the-box": (
        "cor", "group.step_close", lambda w: {"group_id": w["g2"], "step": 4}, "conflict", "step",
        "Your group cannot finish step 4 yet: think of at least one out-of-the-box solution first "
        "and mark it as such."),
    # A12: one or two core effects
    "three core effects": ("fac", "core_effects.set",
                           lambda w: {"items": [{"text": t}
                                                for t in ("Veiliger", "Schoner", "Rustiger")]},
                           "invalid", "items", "Name one or two core effects, not more."),
    # A16: the choice is final only when the baseline was considered
    "final choice without the baseline": (
        "fac", "choice.set", lambda w: {"fields": {"kind": "solution", "solution_ids": [w["s1"]],
                                                   "is_final": True}},
        "invalid", "baseline_considered",
        "The choice cannot be final yet: first consider the baseline. Could doing no more than "
        "the baseline be the best solution?"),
}


@pytest.mark.parametrize("rule", sorted(HARD_RULES))
async def test_a_hard_rule_is_refused_over_the_socket_in_dutch_and_changes_nothing(
        rule, sockets, workshop, facilitator, people, world):
    who, kind, make_data, code, field, english = HARD_RULES[rule]
    world = {**world, "bram_postit": await database_sync_to_async(
        lambda: ProblemMark.objects.get(participant_id=world["bram"]).postit_id)()}
    sender = await _open(sockets, workshop, who, people, facilitator)  # no language cookie: Dutch
    before = await state(workshop)

    reply = await sender.op(kind, make_data(world))

    assert reply == {"type": "rejected", "op": reply["op"], "code": code, "field": field,
                     "message": _dutch(english)}
    assert await sender.nothing()
    assert await state(workshop) == before


async def test_the_refusal_follows_the_language_cookie(workshop, people, world):
    phone = Socket(workshop.pk, await session_for(tokens={workshop.pk: people["Cor"].token}),
                   cookies={"django_language": "en"})
    await phone.open()
    try:
        await phone.hello()
        reply = await phone.op("group.step_close", {"group_id": world["g2"], "step": 4})
        assert reply["code"] == "conflict"
        assert reply["message"].startswith("Your group cannot finish step 4 yet")
    finally:
        await phone.close()


# --- Offline: the outbox sends the same op again ------------------------------------------------

async def test_a_ranking_made_offline_is_stored_once_however_often_the_outbox_sends_it(
        workshop, people, world):
    """The phone ranks while the socket is down (the op waits in the outbox with its id), then
    reconnects and sends it; the ack is lost in a second drop, so the outbox sends it again after
    the next reconnect, and once more after a reload. One change, one event, one ranking."""
    frame = {"type": "op", "op": str(uuid.uuid4()), "kind": "ranking.set",
             "data": {"group_id": world["g1"], "ordered_solution_ids": [world["s1b"], world["s1"]]}}
    session = await session_for(tokens={workshop.pk: people["Ans"].token})
    head = (await state(workshop))["last_seq"]

    async def connect() -> Socket:
        sock = Socket(workshop.pk, session)
        await sock.open()
        await sock.hello(head)
        return sock

    # 1. Back online: the outbox is sent right after welcome; then the connection drops before
    #    the phone could read the ack.
    first = await connect()
    await first.send(frame)
    await first.close()
    # 2. Reconnect: the whole outbox again, the same id.
    second = await connect()
    ack = await second.op(frame["kind"], frame["data"], op=frame["op"])
    assert ack["type"] == "ack" and ack["seq"] == head + 1
    await second.close()
    # 3. A reload: once more.
    third = await connect()
    assert await third.op(frame["kind"], frame["data"], op=frame["op"]) == ack
    await third.close()

    def stored():
        ranking = GroupRanking.objects.get(group_id=world["g1"])
        log = list(WorkshopEvent.objects.filter(workshop_id=workshop.pk, seq__gt=head))
        return ranking, log

    ranking, log = await database_sync_to_async(stored)()
    assert ranking.ordered_solution_ids == [world["s1b"], world["s1"]] and ranking.version == 1
    assert [(e.seq, e.kind, str(e.client_op_id)) for e in log] == [
        (head + 1, ev.RANKING_CHANGED, frame["op"])]


# --- Generated ops against a real appraisal (B3 for the JSON fields) ----------------------------

GENERATED_PER_SOCKET = 200
FIELD_KEYS = ["title", "formulation", "nature", "description", "kind", "status", "horizon_years",
              "effects", "checklist", "sober", "out_of_the_box", "due_date", "one_off_cost",
              "solution_ids", "is_final", "baseline_considered", "underlying_problems",
              "affected_count", "could_solve_itself", "to_investigate", "uncertainties", "text",
              "sign", "reach", "id", "mirrors_core_problem_id", "decided_by", "decision_date"]


def _generated_ops(kinds: list[str], pool: list[int]):
    from hypothesis import strategies as st

    from tests.fuzz.test_socket_fuzz import JSON_VALUE, TEXT, wrong_for

    ids = st.one_of(st.sampled_from(pool), st.integers(1, 2**63 - 1))
    value = st.one_of(JSON_VALUE, ids, TEXT, st.sampled_from(["+", "-", "small", "baseline", "done",
                                                              "2026-12-31", "2026-02-30"]))
    member = st.one_of(value, st.dictionaries(st.sampled_from(FIELD_KEYS), value, max_size=4))
    right = {
        ID: ids, IDS: st.lists(ids, max_size=4), INT: st.one_of(st.integers(-3, 12),
                                                                st.integers(-(10**9), 10**9)),
        STR: TEXT, BOOL: st.booleans(), LIST: st.lists(member, max_size=4),
        OBJECT: st.dictionaries(st.one_of(st.sampled_from(FIELD_KEYS), st.text(max_size=4),
                                          st.sampled_from([str(i) for i in pool])),
                                st.one_of(member, st.dictionaries(
                                    st.sampled_from([str(i) for i in pool]), value, max_size=3)),
                                max_size=5),
    }

    @st.composite
    def build(draw):
        kind = draw(st.sampled_from(kinds))
        data = {}
        for field in APPRAISAL_OPS[kind].fields:
            how = draw(st.sampled_from(["right"] * 6 + ["missing", "null", "wrong"]))
            if how == "right":
                data[field.key] = draw(right[field.type])
            elif how == "null":
                data[field.key] = None
            elif how == "wrong":
                data[field.key] = draw(wrong_for(field.type))
        return kind, data

    return build()


async def test_generated_appraisal_ops_get_one_sane_reply_and_refusals_change_nothing(
        sockets, workshop, facilitator, people, world, settings, caplog):
    """Every generated op is acknowledged or refused (never a server error, never a close), and
    a refusal leaves the appraisal, the wall and the log as they were."""
    from tests.fuzz.test_socket_fuzz import generate

    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "WS_BURST": 10**6, "WS_RATE": 10.0**6}
    pool = sorted({v for k, v in world.items() if isinstance(v, int) and k != "ws"})
    phone = await sockets(workshop, tokens={workshop.pk: people["Ans"].token})
    console = await sockets(workshop, user=facilitator)
    everyone_kinds = sorted(k for k, spec in APPRAISAL_OPS.items() if spec.roles == EVERYONE)
    plans = [(phone, generate(_generated_ops(sorted(APPRAISAL_OPS), pool), GENERATED_PER_SOCKET)),
             (console, generate(_generated_ops(sorted(APPRAISAL_OPS), pool), GENERATED_PER_SOCKET)
              + generate(_generated_ops(everyone_kinds, pool), GENERATED_PER_SOCKET // 3))]
    seen: dict[str, int] = {}
    for sock, frames in plans:
        before = await state(workshop)
        for kind, data in frames:
            reply = await sock.op(kind, data)
            while reply["type"] in ("event", "hb"):  # the other socket's changes
                reply = await sock.recv()
            label = (kind, data, reply)
            assert reply["type"] in ("ack", "rejected"), label
            assert "websocket message failed" not in caplog.text, label
            if reply["type"] == "ack":
                assert (await sock.recv())["seq"] == reply["seq"], label  # its own event
                before = await state(workshop)
                seen["ack"] = seen.get("ack", 0) + 1
            else:
                assert reply["code"] in {"invalid", "forbidden", "not_found", "conflict"}, label
                assert reply["message"], label
                assert await state(workshop) == before, ("a refused op changed something", label)
                seen[reply["code"]] = seen.get(reply["code"], 0) + 1
    print(f"\ngenerated appraisal ops: {dict(sorted(seen.items()))}")
    # The generator reaches every outcome, so the pass criteria were really exercised.
    assert seen.get("ack", 0) >= 10 and seen.get("invalid", 0) >= 100
    assert seen.get("not_found", 0) >= 20 and seen.get("forbidden", 0) >= 20
