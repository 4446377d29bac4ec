"""Random JSON to every appraisal write route (docs/reliability.md §3.4): never a 5xx, and a refusal
changes no row. Each example runs in a savepoint that is rolled back, so all start alike."""

from __future__ import annotations

import uuid

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.support.api import call
from tests.support.appraisal import actor_of, op, state_of
from wijktafel.activities import services as wall
from wijktafel.appraisals import services as aps

pytestmark = pytest.mark.django_db

FUZZ = hsettings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Keys the appraisal inputs read, so random bodies often hit a real one.
FIELDS = [
    "title",
    "trigger",
    "starting_point",
    "top_n",
    "status",
    "session",
    "workshop_id",
    "name",
    "member_ids",
    "size",
    "step",
    "closed",
    "postit_id",
    "participant_id",
    "owner_id",
    "formulation",
    "source_postit_ids",
    "underlying_problems",
    "affected_count",
    "could_solve_itself",
    "confirmed",
    "description",
    "checklist",
    "horizon_years",
    "one_off_cost",
    "periodic_cost_per_year",
    "out_of_the_box",
    "group_id",
    "from_postit_id",
    "into_id",
    "effects",
    "uncertainties",
    "to_investigate",
    "items",
    "ordered_solution_ids",
    "solving_power",
    "solution_ids",
    "reason",
    "solution_id",
    "core_problem_id",
    "main_effects",
    "kind",
    "baseline_considered",
    "is_final",
    "decision_date",
    "due_date",
    "done",
    "clarifying_questions",
    "version",
    "text",
]
NASTY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "9" * 40,
        "true",
        "null",
        "\x00",
        "a\x00b",
        "\ud800",
        "\u202e",
        "<script>x()</script>",
        "2026-02-30",
        "+",
        "-",
        "stad",
        "large",
        "solution",
        "problem",
        10**30,
        -(10**30),
        2**63,
        -1,
        0,
        1,
        3,
        101,
        1.5,
        float("inf"),
        True,
        False,
        None,
    ]
)
VALUES = st.recursive(
    NASTY | st.text(max_size=30) | st.integers(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=8,
)
BODIES = st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=6) | VALUES


@pytest.fixture
def fac_client(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def ids(workshop, appraisal, fac_actor, people, groups, owner_column):
    ans = actor_of(people["Ans"])
    postit = wall.postit_create(
        workshop_id=workshop.pk,
        actor=ans,
        client_op_id=None,
        text="Zwerfvuil",
        column_id=owner_column.pk,
    ).event.payload["id"]
    cp = aps.core_problem_create(
        workshop_id=workshop.pk,
        actor=ans,
        client_op_id=op(),
        owner_id=owner_column.pk,
        fields={"formulation": "Afval"},
    ).event.payload["core_problem"]["id"]
    sol = aps.solution_create(
        workshop_id=workshop.pk,
        actor=ans,
        client_op_id=op(),
        fields={"title": "Conciërge", "out_of_the_box": True},
    ).event.payload["solution"]["id"]
    aps.selection_set(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), solution_ids=[sol]
    )
    pitch = aps.pitches_plan(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op()
    ).event.payload["pitches"][0]["id"]
    action = aps.action_add(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), fields={"title": "Bellen"}
    ).event.payload["action"]["id"]
    return {
        "w": workshop.pk,
        "a": appraisal.pk,
        "g": groups[0].pk,
        "cp": cp,
        "s": sol,
        "pitch": pitch,
        "postit": postit,
        "p": people["Ans"].participant.pk,
        "action": action,
    }


ROUTES = [
    ("PATCH", "/appraisals/{a}"),
    ("POST", "/appraisals/{a}/sessions"),
    ("POST", "/appraisals"),
    ("POST", "{base}/groups"),
    ("POST", "{base}/groups/form"),
    ("PATCH", "{base}/groups/{g}"),
    ("POST", "{base}/groups/{g}/steps"),
    ("PUT", "{base}/groups/{g}/ranking"),
    ("POST", "{base}/pitches/plan"),
    ("PATCH", "{base}/pitches/{pitch}"),
    ("POST", "{base}/problem-marks"),
    ("POST", "{base}/core-problems"),
    ("PATCH", "{base}/core-problems/{cp}"),
    ("POST", "{base}/core-problems/{cp}/confirm"),
    ("PUT", "{base}/baseline"),
    ("PUT", "{base}/horizon"),
    ("POST", "{base}/solutions"),
    ("PATCH", "{base}/solutions/{s}"),
    ("POST", "{base}/solutions/{s}/merge"),
    ("PUT", "{base}/solutions/{s}/card"),
    ("PUT", "{base}/core-effects"),
    ("POST", "{base}/criteria"),
    ("PUT", "{base}/selection"),
    ("PUT", "{base}/effect-cards"),
    ("PUT", "{base}/choice"),
    ("POST", "{base}/insights"),
    ("POST", "{base}/actions"),
    ("PATCH", "{base}/actions/{action}"),
]


@pytest.mark.parametrize("method, route", ROUTES, ids=[f"{m} {r}" for m, r in ROUTES])
def test_random_json_never_breaks_an_appraisal_route(fac_client, workshop, ids, method, route):
    path = route.format(base=f"/workshops/{ids['w']}/appraisal", **ids)

    @FUZZ
    @given(body=BODIES)
    def check(body):
        with transaction.atomic():
            before = state_of(workshop)
            response = call(fac_client, method, path, body, key=str(uuid.uuid4()))
            assert response.status_code < 500, (body, response.content[:300])
            if response.status_code >= 400:
                assert response.json()["message"], body
                assert state_of(workshop) == before, body
            transaction.set_rollback(True)

    check()
