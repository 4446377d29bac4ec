"""Appraisal ops refused over the live socket (wijktafel/appraisals/ops.py): wrong JSON types,
another group's items, facilitator ops sent by a participant and the method's hard rules are
refused in the sender's language and change nothing; generated ops get one sane reply each."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.utils import translation

from tests.support.appraisal_sockets import CASES, FACILITATOR_ONLY, _open, state
from tests.support.ws import Socket, session_for
from wijktafel.appraisals.models import PROBLEM_1_PURPOSE
from wijktafel.appraisals.ops import OPS
from wijktafel.stickers.models import Sticker
from wijktafel.workshops.ops import BOOL, EVERYONE, ID, IDS, INT, LIST, OBJECT, STR

pytestmark = pytest.mark.django_db(transaction=True)

APPRAISAL_OPS = {op.kind: op for op in OPS}


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
    kind, sockets, workshop, facilitator, people, world
):
    sender_name, make_data, _event, _prepare = CASES[kind]
    sender = await _open(sockets, workshop, sender_name, people, facilitator)
    other_group = await sockets(workshop, tokens={workshop.pk: people["Cor"].token})
    valid = make_data(world)
    before = await state(workshop)
    sent = 0
    for field in APPRAISAL_OPS[kind].shape():
        frames = [{**valid, field.key: wrong} for wrong in WRONG[field.type]]
        if field.required:
            frames.append({k: v for k, v in valid.items() if k != field.key})
        for data in frames:
            reply = await sender.op(kind, data)
            assert (reply["type"], reply["code"], reply["field"]) == (
                "rejected",
                "invalid",
                field.key,
            ), (data, reply)
            assert reply["message"]
            sent += 1
    for data in ([valid], "data", None, 1):  # data itself must be an object
        reply = await sender.op(kind, data)
        assert (reply["type"], reply["code"], reply["field"]) == ("rejected", "invalid", "data")
    assert sent or not APPRAISAL_OPS[kind].shape()
    assert await other_group.nothing() and await sender.nothing()
    assert await state(workshop) == before


# (kind, data of group 2's item) sent by Ans of group 1
OTHER_GROUPS_ITEMS = {
    "group.step_close": lambda w: {"group_id": w["g2"], "step": 2},
    "core_problem.update": lambda w: {
        "core_problem_id": w["cp2"],
        "fields": {"nature": "Gevaarlijk"},
    },
    "core_problem.delete": lambda w: {"core_problem_id": w["cp2"]},
    "solution.update": lambda w: {"solution_id": w["s2"], "fields": {"title": "Flitspaal"}},
    "solution.delete": lambda w: {"solution_id": w["s2"]},
    "solution_card.save": lambda w: {"solution_id": w["s2"], "fields": {"description": "Kaart"}},
    "ranking.set": lambda w: {"group_id": w["g2"], "ordered_solution_ids": [w["s1"]]},
    "problem_mark.remove": lambda w: {"participant_id": w["bram"]},  # someone else's mark
}


@pytest.mark.parametrize("kind", sorted(OTHER_GROUPS_ITEMS))
async def test_a_participant_cannot_write_another_groups_item(
    kind, sockets, workshop, people, world
):
    phone = await sockets(workshop, tokens={workshop.pk: people["Ans"].token})
    other_group = await sockets(workshop, tokens={workshop.pk: people["Cor"].token})
    before = await state(workshop)

    reply = await phone.op(kind, OTHER_GROUPS_ITEMS[kind](world))

    assert (reply["type"], reply["code"]) == ("rejected", "forbidden"), reply
    assert reply["message"]
    assert await other_group.nothing() and await phone.nothing()
    assert await state(workshop) == before


async def test_an_effect_card_of_another_group_cannot_be_overwritten(
    sockets, workshop, people, world
):
    data = {
        "solution_id": world["s2"],
        "core_problem_id": world["cp2"],
        "main_effects": ["Rustiger"],
        "size": "large",
    }
    cor = await sockets(workshop, tokens={workshop.pk: people["Cor"].token})
    assert (await cor.op("effect_card.set", data))["type"] == "ack"
    ans = await sockets(workshop, tokens={workshop.pk: people["Ans"].token})
    before = await state(workshop)

    reply = await ans.op("effect_card.set", {**data, "size": "small", "version": 1})

    assert (reply["type"], reply["code"]) == ("rejected", "forbidden"), reply
    assert await state(workshop) == before


@pytest.mark.parametrize("kind", sorted(FACILITATOR_ONLY))
async def test_a_participant_gets_forbidden_for_a_facilitator_op(
    kind, sockets, workshop, people, world
):
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
    "second probleem 1": (
        "bram",
        "problem_mark.set",
        lambda w: {"postit_id": w["bram_postit"]},
        "conflict",
        "postit_id",
        "You have already chosen your problem 1. Everyone chooses only one. "
        "Remove your mark first if you want to choose another.",
    ),
    # A10: step 4 needs an out-of-the-box solution (group 2 has none)
    "step 4 without out-of-the-box": (
        "cor",
        "group.step_close",
        lambda w: {"group_id": w["g2"], "step": 4},
        "conflict",
        "step",
        "Your group cannot finish step 4 yet: think of at least one out-of-the-box solution first "
        "and mark it as such.",
    ),
    # A12: one or two core effects
    "three core effects": (
        "fac",
        "core_effects.set",
        lambda w: {"items": [{"text": t} for t in ("Veiliger", "Schoner", "Rustiger")]},
        "invalid",
        "items",
        "Name one or two core effects, not more.",
    ),
    # A16: the choice is final only when the baseline was considered
    "final choice without the baseline": (
        "fac",
        "choice.set",
        lambda w: {"fields": {"kind": "solution", "solution_ids": [w["s1"]], "is_final": True}},
        "invalid",
        "baseline_considered",
        "The choice cannot be final yet: first consider the baseline. Could doing no more than "
        "the baseline be the best solution?",
    ),
}


@pytest.mark.parametrize("rule", sorted(HARD_RULES))
async def test_a_hard_rule_is_refused_over_the_socket_in_dutch_and_changes_nothing(
    rule, sockets, workshop, facilitator, people, world
):
    who, kind, make_data, code, field, english = HARD_RULES[rule]
    world = {
        **world,
        "bram_postit": await database_sync_to_async(
            lambda: (
                Sticker.objects.get(
                    voter_id=world["bram"], ballot__purpose=PROBLEM_1_PURPOSE
                ).target.ref_id
            )
        )(),
    }
    sender = await _open(sockets, workshop, who, people, facilitator)  # no language cookie: Dutch
    before = await state(workshop)

    reply = await sender.op(kind, make_data(world))

    assert reply == {
        "type": "rejected",
        "op": reply["op"],
        "code": code,
        "field": field,
        "message": _dutch(english),
    }
    assert await sender.nothing()
    assert await state(workshop) == before


async def test_the_refusal_follows_the_language_cookie(workshop, people, world):
    phone = Socket(
        workshop.pk,
        await session_for(tokens={workshop.pk: people["Cor"].token}),
        cookies={"django_language": "en"},
    )
    await phone.open()
    try:
        await phone.hello()
        reply = await phone.op("group.step_close", {"group_id": world["g2"], "step": 4})
        assert reply["code"] == "conflict"
        assert reply["message"].startswith("Your group cannot finish step 4 yet")
    finally:
        await phone.close()


# --- Generated ops against a real appraisal (B3 for the JSON fields) ----------------------------

GENERATED_PER_SOCKET = 200
FIELD_KEYS = [
    "title",
    "formulation",
    "nature",
    "description",
    "kind",
    "status",
    "horizon_years",
    "effects",
    "checklist",
    "sober",
    "out_of_the_box",
    "due_date",
    "one_off_cost",
    "solution_ids",
    "is_final",
    "baseline_considered",
    "underlying_problems",
    "affected_count",
    "could_solve_itself",
    "to_investigate",
    "uncertainties",
    "text",
    "sign",
    "reach",
    "id",
    "mirrors_core_problem_id",
    "decided_by",
    "decision_date",
]


def _generated_ops(kinds: list[str], pool: list[int]):
    from hypothesis import strategies as st

    from tests.support.fuzz import JSON_VALUE, TEXT, wrong_for

    ids = st.one_of(st.sampled_from(pool), st.integers(1, 2**63 - 1))
    value = st.one_of(
        JSON_VALUE,
        ids,
        TEXT,
        st.sampled_from(["+", "-", "small", "baseline", "done", "2026-12-31", "2026-02-30"]),
    )
    member = st.one_of(value, st.dictionaries(st.sampled_from(FIELD_KEYS), value, max_size=4))
    right = {
        ID: ids,
        IDS: st.lists(ids, max_size=4),
        INT: st.one_of(st.integers(-3, 12), st.integers(-(10**9), 10**9)),
        STR: TEXT,
        BOOL: st.booleans(),
        LIST: st.lists(member, max_size=4),
        OBJECT: st.dictionaries(
            st.one_of(
                st.sampled_from(FIELD_KEYS),
                st.text(max_size=4),
                st.sampled_from([str(i) for i in pool]),
            ),
            st.one_of(
                member, st.dictionaries(st.sampled_from([str(i) for i in pool]), value, max_size=3)
            ),
            max_size=5,
        ),
    }

    @st.composite
    def build(draw):
        kind = draw(st.sampled_from(kinds))
        data = {}
        for field in APPRAISAL_OPS[kind].shape():
            # An op has a few keys it needs and many it may leave out: those mostly stay out, so
            # a fair share of the generated ops is whole and reaches the service's rules.
            odds = (
                ["right"] * 6 + ["missing", "null", "wrong"]
                if field.required
                else ["missing"] * 5 + ["right"] * 3 + ["null", "wrong"]
            )
            how = draw(st.sampled_from(odds))
            if how == "right":
                data[field.key] = draw(right[field.type])
            elif how == "null":
                data[field.key] = None
            elif how == "wrong":
                data[field.key] = draw(wrong_for(field.type))
        return kind, data

    return build()


async def test_generated_appraisal_ops_get_one_sane_reply_and_refusals_change_nothing(
    sockets, workshop, facilitator, people, world, settings, caplog
):
    """Every generated op is acknowledged or refused (never a server error, never a close), and
    a refusal leaves the appraisal, the wall and the log as they were."""
    from tests.support.fuzz import generate

    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "WS_BURST": 10**6, "WS_RATE": 10.0**6}
    pool = sorted({v for k, v in world.items() if isinstance(v, int) and k != "ws"})
    phone = await sockets(workshop, tokens={workshop.pk: people["Ans"].token})
    console = await sockets(workshop, user=facilitator)
    everyone_kinds = sorted(k for k, spec in APPRAISAL_OPS.items() if spec.roles == EVERYONE)
    plans = [
        (phone, generate(_generated_ops(sorted(APPRAISAL_OPS), pool), GENERATED_PER_SOCKET)),
        (
            console,
            generate(_generated_ops(sorted(APPRAISAL_OPS), pool), GENERATED_PER_SOCKET)
            + generate(_generated_ops(everyone_kinds, pool), GENERATED_PER_SOCKET // 3),
        ),
    ]
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
