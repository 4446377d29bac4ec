"""Who may touch an appraisal: a facilitator of another organisation and a participant of
another session get nothing, and their attempts change nothing."""

import uuid

import pytest
from django.test import Client

from tests.support.api import call
from tests.support.appraisal import actor_of, op, state_of
from tests.support.factories import join, make_workshop
from wijktafel.appraisals import services as aps
from wijktafel.core.errors import NotAllowed, NotFound


@pytest.fixture
def other_fac(other_facilitator):
    client = Client()
    client.force_login(other_facilitator)
    return client


@pytest.fixture
def base(workshop, appraisal):
    return f"/workshops/{workshop.pk}/appraisal"


def writes(base, ids):
    """One request of every write route inside a session, with a valid-looking body."""
    return [
        ("POST", "/groups", {"name": "Groep X", "member_ids": []}),
        ("POST", "/groups/form", {"size": 3}),
        ("PATCH", f"/groups/{ids['group']}", {"name": "Gekaapt"}),
        ("DELETE", f"/groups/{ids['group']}", None),
        ("POST", f"/groups/{ids['group']}/steps", {"step": 2}),
        (
            "POST",
            "/problem-marks",
            {"postit_id": ids["postit"], "participant_id": ids["participant"]},
        ),
        ("DELETE", f"/problem-marks/{ids['participant']}", None),
        ("POST", "/core-problems", {"owner_id": ids["column"], "formulation": "Gekaapt"}),
        ("PATCH", f"/core-problems/{ids['core_problem']}", {"formulation": "Gekaapt"}),
        ("POST", f"/core-problems/{ids['core_problem']}/confirm", {"confirmed": True}),
        ("DELETE", f"/core-problems/{ids['core_problem']}", None),
        ("PUT", "/baseline", {"description": "Gekaapt", "horizon_years": 10}),
        ("PUT", "/horizon", {"horizon_years": 3}),
        ("POST", "/solutions", {"title": "Gekaapt"}),
        ("PATCH", f"/solutions/{ids['solution']}", {"title": "Gekaapt"}),
        ("DELETE", f"/solutions/{ids['solution']}", None),
        ("POST", f"/solutions/{ids['solution']}/merge", {"into_id": None}),
        ("PUT", f"/solutions/{ids['solution']}/card", {"description": "Gekaapt"}),
        ("PUT", "/core-effects", {"items": [{"text": "Gekaapt"}]}),
        ("POST", "/criteria", {"title": "Gekaapt"}),
        ("PUT", f"/groups/{ids['group']}/ranking", {"ordered_solution_ids": [ids["solution"]]}),
        ("PUT", "/selection", {"solution_ids": [ids["solution"]], "reason": "x"}),
        (
            "PUT",
            "/effect-cards",
            {
                "solution_id": ids["solution"],
                "core_problem_id": ids["core_problem"],
                "main_effects": ["x"],
                "size": "small",
            },
        ),
        ("PUT", "/choice", {"kind": "baseline", "baseline_considered": True}),
        ("POST", "/insights", {"text": "Gekaapt"}),
        ("POST", "/actions", {"title": "Gekaapt"}),
    ]


@pytest.fixture
def filled(workshop, appraisal, fac_actor, ans):
    """A group with Ans, her post-it, a column, a core problem and a solution in session I."""
    from wijktafel.activities import services as wall

    group = aps.group_create(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        name="Groep 1",
        member_ids=[ans.participant.pk],
    ).event.payload["group"]["id"]
    column = wall.column_create(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), title="Bewoners"
    ).event.payload["id"]
    postit = wall.postit_create(
        workshop_id=workshop.pk,
        actor=actor_of(ans),
        client_op_id=op(),
        text="Zwerfvuil",
        column_id=column,
    ).event.payload["id"]
    cp = aps.core_problem_create(
        workshop_id=workshop.pk,
        actor=actor_of(ans),
        client_op_id=op(),
        owner_id=column,
        fields={"formulation": "Afval op straat"},
    ).event.payload["core_problem"]["id"]
    sol = aps.solution_create(
        workshop_id=workshop.pk,
        actor=actor_of(ans),
        client_op_id=op(),
        fields={"title": "Buurtconciërge"},
    ).event.payload["solution"]["id"]
    aps.action_add(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), fields={"title": "Bellen"}
    )
    return {
        "group": group,
        "column": column,
        "postit": postit,
        "core_problem": cp,
        "solution": sol,
        "participant": ans.participant.pk,
    }


def test_a_facilitator_of_another_organisation_gets_nothing(
    other_fac, workshop, appraisal, base, filled
):
    before = state_of(workshop)

    assert call(other_fac, "GET", "/appraisals").json() == []
    for method, path, body in [
        ("GET", f"/appraisals/{appraisal.pk}", None),
        ("PATCH", f"/appraisals/{appraisal.pk}", {"title": "Gekaapt"}),
        (
            "POST",
            f"/appraisals/{appraisal.pk}/sessions",
            {"session": 2, "workshop_id": workshop.pk},
        ),
        ("GET", base, None),
        ("GET", base + "/aggregate", None),
        *[(m, base + p, b) for m, p, b in writes(base, filled)],
    ]:
        response = call(other_fac, method, path, body, key=str(uuid.uuid4()))
        assert response.status_code == 404, (method, path, response.content)
        assert (
            "Gekaapt" not in response.content.decode()
            and "Afval op straat" not in response.content.decode()
        )
    assert state_of(workshop) == before


def test_a_participant_of_another_session_gets_nothing(
    facilitator, workshop, appraisal, base, filled
):
    other = make_workshop(facilitator, title="Werksessie elders")
    stranger = join(other, "Vreemde")
    before = state_of(workshop)

    for method, path, body in [
        ("GET", base, None),
        *[(m, base + p, b) for m, p, b in writes(base, filled)],
    ]:
        response = call(Client(), method, path, body, key=str(uuid.uuid4()), token=stranger.token)
        assert response.status_code == 401, (method, path, response.content)
    for method, path in [("GET", "/appraisals"), ("GET", f"/appraisals/{appraisal.pk}")]:
        assert call(Client(), method, path, token=stranger.token).status_code == 401
    with pytest.raises(NotAllowed):
        aps.solution_create(
            workshop_id=workshop.pk,
            actor=actor_of(stranger),
            client_op_id=op(),
            fields={"title": "Gekaapt"},
        )
    assert state_of(workshop) == before


def test_a_participant_of_session_two_cannot_reach_a_group_of_session_one(
    facilitator, workshop, appraisal, session_two, filled, fac_actor
):
    eva = join(session_two, "Eva")
    aps.group_create(
        workshop_id=session_two.pk,
        actor=fac_actor,
        client_op_id=op(),
        name="Groep A",
        member_ids=[eva.participant.pk],
    )
    before = state_of(workshop)

    with pytest.raises(NotFound):
        aps.ranking_set(
            workshop_id=session_two.pk,
            actor=actor_of(eva),
            client_op_id=op(),
            group_id=filled["group"],
            ordered_solution_ids=[filled["solution"]],
        )
    with pytest.raises(NotAllowed):
        aps.solution_update(
            workshop_id=session_two.pk,
            actor=actor_of(eva),
            client_op_id=op(),
            solution_id=filled["solution"],
            fields={"title": "Gekaapt"},
        )
    assert state_of(workshop) == before


FACILITATOR_ONLY = {
    "/groups",
    "/groups/form",
    "/baseline",
    "/horizon",
    "/core-effects",
    "/criteria",
    "/selection",
    "/choice",
    "/actions",
}


def test_participants_get_403_on_what_only_the_facilitator_does(
    workshop, appraisal, base, filled, ans
):
    before = state_of(workshop)
    checked = 0
    for method, path, body in writes(base, filled):
        facilitator_only = (
            path in FACILITATOR_ONLY
            or path.endswith("/confirm")
            or path.endswith("/merge")
            or (path.startswith("/groups/") and method in {"PATCH", "DELETE"})
        )
        if not facilitator_only:
            continue
        response = call(Client(), method, base + path, body, key=str(uuid.uuid4()), token=ans.token)
        assert response.status_code == 403, (method, path, response.content)
        assert response.json()["code"] == "forbidden" and response.json()["message"]
        checked += 1
    assert checked == 13
    assert state_of(workshop) == before


def test_a_participant_reads_the_appraisal_of_their_own_session(
    workshop, appraisal, base, filled, ans
):
    response = call(Client(), "GET", base, token=ans.token)

    assert response.status_code == 200
    assert response.json()["core_problems"][0]["formulation"] == "Afval op straat"
