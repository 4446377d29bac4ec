"""Every appraisal write over the live socket (wijktafel/appraisals/ops.py, docs/realtime.md).

Each op goes through the real ASGI stack (origin check, cookie session, consumer) into session I
of an appraisal: an accepted op is acknowledged after commit, reaches the other group's phone as
exactly one event, and its op id again changes nothing. Wrong JSON types, another group's items
and the method's hard rules are refused and change nothing (test_socket_ops_refusals.py). A
ranking made while the phone is offline is stored once however often the outbox sends it.
"""

from __future__ import annotations

import inspect
import uuid

import pytest
from channels.db import database_sync_to_async

from tests.support.appraisal_sockets import CASES, FACILITATOR_ONLY, _open, state
from tests.support.ws import Socket, session_for
from wijktafel.appraisals import events as ev
from wijktafel.appraisals import services as aps
from wijktafel.appraisals.models import GroupRanking
from wijktafel.appraisals.ops import OPS
from wijktafel.workshops import seam
from wijktafel.workshops.models import WorkshopEvent
from wijktafel.workshops.ops import EVERYONE, FACILITATORS

pytestmark = pytest.mark.django_db(transaction=True)

APPRAISAL_OPS = {op.kind: op for op in OPS}


# The shared contract of the live pages (brief of 2026-11-25): op kind -> service and data keys.
CONTRACT = {
    "group.create": (aps.group_create, {"name", "member_ids"}),
    "group.update": (aps.group_update, {"group_id", "name", "member_ids"}),
    "group.delete": (aps.group_delete, {"group_id"}),
    "groups.form": (aps.groups_form, {"size"}),
    "groups.carry_over": (aps.groups_carry_over, set()),
    "group.step_close": (aps.group_step_close, {"group_id", "step", "closed"}),
    "pitches.plan": (aps.pitches_plan, set()),
    "pitch.update": (aps.pitch_update, {"pitch_id", "done", "clarifying_questions"}),
    "problem_mark.set": (aps.problem_mark_set, {"postit_id", "participant_id"}),
    "problem_mark.remove": (aps.problem_mark_remove, {"participant_id"}),
    "core_problem.create": (
        aps.core_problem_create,
        {"owner_id", "fields", "source_postit_ids", "group_id"},
    ),
    "core_problem.update": (
        aps.core_problem_update,
        {"core_problem_id", "fields", "source_postit_ids", "version"},
    ),
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
    "ranking.set": (
        aps.ranking_set,
        {"group_id", "ordered_solution_ids", "solving_power", "notes", "version"},
    ),
    "selection.set": (
        aps.selection_set,
        {"solution_ids", "reason", "outlier_notes", "dropout_notes"},
    ),
    "effect_card.set": (
        aps.effect_card_set,
        {"solution_id", "core_problem_id", "main_effects", "size", "notes", "version"},
    ),
    "choice.set": (aps.choice_set, {"fields"}),
    "insight.add": (aps.insight_add, {"text", "shared_with_residents_present", "core_problem_ids"}),
    "insight.delete": (aps.insight_delete, {"insight_id"}),
    "action.add": (aps.action_add, {"fields"}),
    "action.update": (aps.action_update, {"action_id", "fields"}),
    "action.delete": (aps.action_delete, {"action_id"}),
}


# --- The table ----------------------------------------------------------------------------------


def test_every_appraisal_op_kind_is_in_the_contract_and_covered_here():
    assert set(APPRAISAL_OPS) == set(CONTRACT) == set(CASES)
    assert all(seam.op(kind) is spec for kind, spec in APPRAISAL_OPS.items())


@pytest.mark.parametrize("kind", sorted(CONTRACT))
def test_data_keys_become_the_service_arguments_and_the_contract(kind):
    """The op's data keys are the service's keyword arguments (the rest of the data in its
    ``fields`` where it takes them); what the service needs is required by the schema, so a missing
    key is ``rejected/invalid`` and never a TypeError (a server error)."""
    spec, (service, keys) = APPRAISAL_OPS[kind], CONTRACT[kind]
    assert spec.service is service
    params = {
        name: p
        for name, p in inspect.signature(service).parameters.items()
        if name not in ("workshop_id", "actor", "client_op_id")
    }
    assert set(params) == keys
    own = [f for f in spec.shape() if not spec.into_fields or f.key in spec.args]
    assert {f.arg for f in own} | ({"fields"} if spec.into_fields else set()) == keys
    for field in own:
        needed = params[field.arg].default is inspect.Parameter.empty
        assert field.required == (needed or (kind, field.key) in REQUIRED_KEYS), (kind, field.key)


# Required although the service has a default: the service refuses a missing owner anyway, and an
# omitted ``into_id`` would silently take a solution out of its merge (null must be sent for that).
REQUIRED_KEYS = {("core_problem.create", "owner_id"), ("solution.merge", "into_id")}


@pytest.mark.parametrize("kind", sorted(CONTRACT))
def test_facilitator_only_kinds_are_refused_to_participants_before_the_service(kind):
    assert APPRAISAL_OPS[kind].roles == (FACILITATORS if kind in FACILITATOR_ONLY else EVERYONE)


# --- Accepted ops -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(CASES))
async def test_op_acks_after_commit_reaches_the_other_group_once_and_a_repeat_changes_nothing(
    kind, sockets, workshop, facilitator, fac_actor, people, world
):
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
        "group_id": world["g1"],
        "ordered_solution_ids": [world["s1"], world["s1b"]],
        "solving_power": {str(world["cp1"]): {str(world["s1"]): 80}},
        "notes": "Eerst de conciërge",
        "version": 1,
    }
    ranking = await database_sync_to_async(GroupRanking.objects.get)(group_id=world["g1"])
    assert ranking.ordered_solution_ids == [world["s1"], world["s1b"]]


# --- Offline: the outbox sends the same op again ------------------------------------------------


async def test_a_ranking_made_offline_is_stored_once_however_often_the_outbox_sends_it(
    workshop, people, world
):
    """The phone ranks while the socket is down (the op waits in the outbox with its id), then
    reconnects and sends it; the ack is lost in a second drop, so the outbox sends it again after
    the next reconnect, and once more after a reload. One change, one event, one ranking."""
    frame = {
        "type": "op",
        "op": str(uuid.uuid4()),
        "kind": "ranking.set",
        "data": {"group_id": world["g1"], "ordered_solution_ids": [world["s1b"], world["s1"]]},
    }
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
        (head + 1, ev.RANKING_CHANGED, frame["op"])
    ]
