"""Who may call what: workshop-bound tokens, organisations, roles, CSRF, and the OpenAPI document."""

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse

from tests.support.api import call, op, state_of
from wijktafel.workshops import services
from wijktafel.workshops.models import Workshop

FACILITATOR_ONLY = {
    "joining",
    "end",
    "rotate",
    "agenda-add",
    "agenda-patch",
    "agenda-delete",
    "agenda-order",
    "agenda-plan",
    "timer",
    "round-start",
    "round-stop",
    "spotlight",
    "participant-remove",
    "participant-update",
    "postit-move",
    "postit-merge",
    "postit-unmerge",
    "postit-park",
    "column-add",
    "column-patch",
    "column-delete",
}


def endpoints_of(workshop, postit, column, participant):
    """Every endpoint of one workshop, with a valid body: (name, method, path, body)."""
    w = f"/workshops/{workshop.pk}"
    item = workshop.agenda_items.order_by("position")[1]  # not the one the timer starts on
    item_ids = list(workshop.agenda_items.order_by("-position").values_list("pk", flat=True))
    return [
        ("detail", "GET", w, None),
        ("joining", "POST", f"{w}/joining", {"open": False}),
        ("end", "POST", f"{w}/end", None),
        ("rotate", "POST", f"{w}/join-code/rotate", None),
        ("agenda", "GET", f"{w}/agenda-items", None),
        ("agenda-add", "POST", f"{w}/agenda-items", {"title": "Gekaapt", "duration_minutes": 5}),
        ("agenda-patch", "PATCH", f"{w}/agenda-items/{item.pk}", {"title": "Gekaapt"}),
        ("agenda-delete", "DELETE", f"{w}/agenda-items/{item.pk}", None),
        ("agenda-order", "PUT", f"{w}/agenda-items/order", {"item_ids": item_ids}),
        ("agenda-plan", "GET", f"{w}/agenda-plan", None),
        ("timer", "POST", f"{w}/timer", {"action": "start"}),
        ("round-start", "POST", f"{w}/round", {"preset": "silent"}),
        ("round-stop", "DELETE", f"{w}/round", None),
        ("spotlight", "POST", f"{w}/spotlight", {"target": "part:tally"}),
        ("state", "GET", f"{w}/state", None),
        ("events", "GET", f"{w}/events", {"after": 0}),
        ("participants", "GET", f"{w}/participants", None),
        ("participant-remove", "DELETE", f"{w}/participants/{participant.pk}", None),
        (
            "participant-update",
            "PATCH",
            f"{w}/participants/{participant.pk}",
            {"kind": "other"},
        ),
        ("postits", "GET", f"{w}/postits", None),
        ("postit-add", "POST", f"{w}/postits", {"text": "Gekaapt"}),
        ("postit-patch", "PATCH", f"{w}/postits/{postit.pk}", {"text": "Gekaapt"}),
        ("postit-delete", "DELETE", f"{w}/postits/{postit.pk}", None),
        ("postit-move", "POST", f"{w}/postits/{postit.pk}/move", {"column_id": None}),
        ("postit-merge", "POST", f"{w}/postits/{postit.pk}/merge", {"into_id": postit.pk}),
        ("postit-unmerge", "POST", f"{w}/postits/{postit.pk}/unmerge", None),
        ("postit-park", "POST", f"{w}/postits/{postit.pk}/park", {"parked": True}),
        ("columns", "GET", f"{w}/columns", None),
        ("column-add", "POST", f"{w}/columns", {"title": "Gekaapt"}),
        ("column-patch", "PATCH", f"{w}/columns/{column.pk}", {"title": "Hernoemd"}),
        ("column-delete", "DELETE", f"{w}/columns/{column.pk}", None),
    ]


def test_a_participant_token_of_workshop_b_opens_nothing_of_workshop_a(
    anon, workshop, workshop_b, ans, wall_of_a
):
    b_token = services.participant_join(workshop=workshop_b, display_name="Bea").token
    postit, column = wall_of_a
    before = state_of(workshop)

    for name, method, path, body in endpoints_of(workshop, postit, column, ans.participant):
        response = call(
            anon, method, path, body, token=b_token, key=op() if method != "GET" else None
        )
        assert response.status_code == 401, (name, response.status_code, response.content)
        assert response.json()["code"] == "unauthenticated", name

    assert state_of(workshop) == before


def test_a_removed_participant_token_opens_nothing(anon, fac_actor, workshop, ans, wall_of_a):
    postit, column = wall_of_a
    services.participant_remove(
        workshop_id=workshop.pk, actor=fac_actor, participant_id=ans.participant.pk
    )
    before = state_of(workshop)

    for name, method, path, body in endpoints_of(workshop, postit, column, ans.participant):
        response = call(anon, method, path, body, token=ans.token)
        assert response.status_code == 401, name

    assert state_of(workshop) == before


def test_anonymous_callers_open_nothing(anon, workshop, ans, wall_of_a):
    postit, column = wall_of_a
    before = state_of(workshop)

    for name, method, path, body in endpoints_of(workshop, postit, column, ans.participant):
        assert call(anon, method, path, body).status_code == 401, name
    for method, path in [("GET", "/templates"), ("GET", "/workshops"), ("POST", "/workshops")]:
        assert call(anon, method, path, {} if method == "POST" else None).status_code == 401

    assert state_of(workshop) == before


def test_a_participant_gets_403_on_every_facilitator_endpoint_of_their_own_workshop(
    anon, workshop, ans, wall_of_a
):
    postit, column = wall_of_a
    before = state_of(workshop)

    for name, method, path, body in endpoints_of(workshop, postit, column, ans.participant):
        if name not in FACILITATOR_ONLY:
            continue
        response = call(anon, method, path, body, token=ans.token)
        assert response.status_code == 403, (name, response.status_code)
        assert response.json()["code"] == "forbidden", name

    assert state_of(workshop) == before


def test_a_participant_token_does_not_open_the_account_endpoints(anon, workshop, ans):
    before = state_of(workshop)

    for method, path, body in [
        ("GET", "/templates", None),
        ("GET", "/workshops", None),
        (
            "POST",
            "/workshops",
            {"title": "X", "template_key": "afwegen-1", "planned_start": "2026-12-03T19:30:00"},
        ),
    ]:
        assert call(anon, method, path, body, token=ans.token).status_code == 401, path

    assert state_of(workshop) == before


def test_another_organisations_facilitator_sees_nothing_and_changes_nothing(
    other_fac_client, workshop, other_workshop, ans, wall_of_a
):
    postit, column = wall_of_a
    before = state_of(workshop)

    listed = call(other_fac_client, "GET", "/workshops").json()
    assert [w["id"] for w in listed] == [other_workshop.pk]
    for name, method, path, body in endpoints_of(workshop, postit, column, ans.participant):
        response = call(other_fac_client, method, path, body, key=op() if method != "GET" else None)
        assert response.status_code == 404, (name, response.status_code)
        assert response.json()["code"] == "not_found", name

    assert state_of(workshop) == before


def test_a_workshop_that_does_not_exist_is_the_same_404(fac_client, workshop):
    missing = Workshop.objects.order_by("-pk").first().pk + 100

    response = call(fac_client, "GET", f"/workshops/{missing}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_facilitator_of_workshop_a_reaches_every_endpoint(fac_client, workshop, ans, wall_of_a):
    postit, column = wall_of_a
    duplicate = call(
        fac_client, "POST", f"/workshops/{workshop.pk}/postits", {"text": "Afval"}
    ).json()["postit"]
    # Destructive calls last, so each one finds what it needs.
    order = {
        "agenda-order": -1,
        "end": 2,
        "participant-remove": 1,
        "postit-delete": 1,
        "column-delete": 1,
        "agenda-delete": 1,
    }
    endpoints = sorted(
        endpoints_of(workshop, postit, column, ans.participant), key=lambda e: order.get(e[0], 0)
    )

    for name, method, path, body in endpoints:
        if name == "postit-merge":
            body = {"into_id": duplicate["id"]}
        response = call(fac_client, method, path, body)
        assert response.status_code in (200, 201), (name, response.status_code, response.content)


def test_a_session_write_without_the_csrf_token_is_refused(facilitator, workshop):
    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator)
    before = state_of(workshop)

    refused = call(client, "POST", f"/workshops/{workshop.pk}/postits", {"text": "Zonder token"})

    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert state_of(workshop) == before
    # Reading needs no token; writing with the token works.
    assert call(client, "GET", f"/workshops/{workshop.pk}/state").status_code == 200
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    accepted = call(
        client,
        "POST",
        f"/workshops/{workshop.pk}/postits",
        {"text": "Met token"},
        headers={"X-CSRFToken": secret},
    )
    assert accepted.status_code == 201


def test_a_form_body_without_its_boundary_is_refused_and_changes_nothing(facilitator, workshop):
    """Found by the schema fuzz: multipart/form-data without a boundary broke the CSRF check's
    reading of the form (MultiPartParserError) and answered 500."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator)
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    before = state_of(workshop)

    refused = client.post(
        f"/api/v1/workshops/{workshop.pk}/postits",
        data='{"text": "Zonder grens"}',
        content_type="multipart/form-data",
        headers={"X-CSRFToken": secret},
    )

    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid"
    assert state_of(workshop) == before


def test_bearer_writes_need_no_csrf_token(workshop, ans):
    client = Client(enforce_csrf_checks=True)

    response = call(
        client,
        "POST",
        f"/workshops/{workshop.pk}/postits",
        {"text": "Van mijn telefoon"},
        token=ans.token,
    )

    assert response.status_code == 201


def test_a_participant_who_joined_through_the_pages_uses_the_api_with_the_session(
    client, workshop, workshop_b
):
    client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})
    assert client.post(reverse("workshops:join_name"), {"display_name": "Ans"}).status_code == 302

    state = call(client, "GET", f"/workshops/{workshop.pk}/state")
    written = call(client, "POST", f"/workshops/{workshop.pk}/postits", {"text": "Via de site"})
    elsewhere = call(client, "GET", f"/workshops/{workshop_b.pk}/state")

    assert state.status_code == 200
    assert written.status_code == 201
    assert written.json()["postit"]["author_name"] == "Ans"
    assert elsewhere.status_code == 401


# --- OpenAPI ------------------------------------------------------------------------------------------

EXPECTED_PATHS = {
    "/api/v1/templates": {"get"},
    "/api/v1/workshops": {"get", "post"},
    "/api/v1/workshops/{workshop_id}": {"get"},
    "/api/v1/workshops/{workshop_id}/joining": {"post"},
    "/api/v1/workshops/{workshop_id}/end": {"post"},
    "/api/v1/workshops/{workshop_id}/join-code/rotate": {"post"},
    "/api/v1/workshops/{workshop_id}/agenda-items": {"get", "post"},
    "/api/v1/workshops/{workshop_id}/agenda-items/{item_id}": {"patch", "delete"},
    "/api/v1/workshops/{workshop_id}/agenda-items/order": {"put"},
    "/api/v1/workshops/{workshop_id}/agenda-plan": {"get"},
    "/api/v1/workshops/{workshop_id}/timer": {"post"},
    "/api/v1/workshops/{workshop_id}/round": {"post", "delete"},
    "/api/v1/workshops/{workshop_id}/spotlight": {"post"},
    "/api/v1/workshops/{workshop_id}/state": {"get"},
    "/api/v1/workshops/{workshop_id}/events": {"get"},
    "/api/v1/join": {"post"},
    "/api/v1/workshops/{workshop_id}/participants": {"get"},
    "/api/v1/workshops/{workshop_id}/participants/{participant_id}": {"delete", "patch"},
    "/api/v1/workshops/{workshop_id}/postits": {"get", "post"},
    "/api/v1/workshops/{workshop_id}/postits/{postit_id}": {"patch", "delete"},
    "/api/v1/workshops/{workshop_id}/postits/{postit_id}/move": {"post"},
    "/api/v1/workshops/{workshop_id}/postits/{postit_id}/merge": {"post"},
    "/api/v1/workshops/{workshop_id}/postits/{postit_id}/unmerge": {"post"},
    "/api/v1/workshops/{workshop_id}/postits/{postit_id}/park": {"post"},
    "/api/v1/workshops/{workshop_id}/columns": {"get", "post"},
    "/api/v1/workshops/{workshop_id}/columns/{column_id}": {"patch", "delete"},
    "/api/v1/workshops/{workshop_id}/ballots": {"post"},
    "/api/v1/workshops/{workshop_id}/pmi": {"patch"},
    "/api/v1/workshops/{workshop_id}/parked-topics": {"post"},
    "/api/v1/workshops/{workshop_id}/groups": {"post"},
    "/api/v1/workshops/{workshop_id}/groups/form": {"post"},
    "/api/v1/workshops/{workshop_id}/groups/move": {"post"},
    "/api/v1/workshops/{workshop_id}/groups/done": {"put"},
    "/api/v1/workshops/{workshop_id}/groups/{group_id}": {"delete"},
    "/api/v1/workshops/{workshop_id}/acquaintances": {"put"},
    "/api/v1/workshops/{workshop_id}/parked-topics/{topic_id}": {"patch", "delete"},
    "/api/v1/workshops/{workshop_id}/pmi/entries": {"post"},
    "/api/v1/workshops/{workshop_id}/pmi/entries/{entry_id}": {"delete"},
    "/api/v1/workshops/{workshop_id}/pmi/dots": {"post"},
    # Samenwerken in de wijk (wijktafel/collaboration)
    "/api/v1/samenwerken/questions": {"get"},
    "/api/v1/samenwerken/questions/{number}": {"put", "delete"},
    "/api/v1/workshops/{workshop_id}/samenwerken/notes": {"post"},
    "/api/v1/workshops/{workshop_id}/samenwerken/notes/{note_id}": {"patch", "delete"},
    "/api/v1/workshops/{workshop_id}/samenwerken/notes/{note_id}/sheet": {"put"},
    "/api/v1/workshops/{workshop_id}/samenwerken/contact": {"put", "delete"},
    "/api/v1/workshops/{workshop_id}/samenwerken/contacts": {"get"},
    "/api/v1/workshops/{workshop_id}/samenwerken/reflection": {"get", "put"},
    "/api/v1/workshops/{workshop_id}/samenwerken/me": {"get"},
    "/api/v1/workshops/{workshop_id}/samenwerken/follow-up": {"put"},
    "/api/v1/workshops/{workshop_id}/samenwerken/closing": {"patch"},
    "/api/v1/workshops/{workshop_id}/samenwerken/showing": {"put"},
    "/api/v1/workshops/{workshop_id}/samenwerken/report.pdf": {"get"},
    "/api/v1/workshops/{workshop_id}/samenwerken/report.docx": {"get"},
    "/api/v1/workshops/{workshop_id}/samenwerken/actions.xlsx": {"get"},
    "/api/v1/workshops/{workshop_id}/samenwerken/actions.csv": {"get"},
    "/api/v1/workshops/{workshop_id}/samenwerken/calendar.ics": {"get"},
    "/api/v1/workshops/{workshop_id}/samenwerken/contacts.vcf": {"get"},
    "/api/v1/workshops/{workshop_id}/samenwerken/contacts.csv": {"get"},
    "/api/v1/workshops/{workshop_id}/ballots/{ballot_id}": {"patch", "delete"},
    "/api/v1/workshops/{workshop_id}/ballots/{ballot_id}/settle": {"post"},
    "/api/v1/workshops/{workshop_id}/ballots/{ballot_id}/targets": {"post"},
    "/api/v1/workshops/{workshop_id}/ballots/{ballot_id}/targets/{target_id}": {"delete"},
    "/api/v1/workshops/{workshop_id}/ballots/{ballot_id}/stickers": {"post"},
    "/api/v1/workshops/{workshop_id}/ballots/{ballot_id}/stickers/{target_id}": {"delete"},
    "/api/v1/workshops/{workshop_id}/agreements": {"get", "post"},
    "/api/v1/workshops/{workshop_id}/agreements/{agreement_id}": {"patch", "delete"},
    "/api/v1/workshops/{workshop_id}/agreements/{agreement_id}/progress": {"post"},
    "/api/v1/workshops/{workshop_id}/agreements/distributions": {"get", "post"},
    # Afwegen in de Wijk (wijktafel/appraisals/api.py)
    "/api/v1/appraisals": {"get", "post"},
    "/api/v1/series": {"get", "post"},
    "/api/v1/series/{series_id}": {"get"},
    "/api/v1/series/{series_id}/sessions": {"post"},
    "/api/v1/series/{series_id}/links": {"post"},
    "/api/v1/series/{series_id}/links/{link_id}/revoke": {"post"},
    "/api/v1/series/{series_id}/merge": {"post"},
    "/api/v1/series/{series_id}/people/{person_id}/forget-devices": {"post"},
    "/api/v1/appraisals/{appraisal_id}": {"get", "patch"},
    "/api/v1/appraisals/{appraisal_id}/sessions": {"post"},
    # The appraisal documents (wijktafel/appraisals/api_reports.py)
    "/api/v1/appraisals/{appraisal_id}/report.pdf": {"get"},
    "/api/v1/appraisals/{appraisal_id}/report.docx": {"get"},
    "/api/v1/appraisals/{appraisal_id}/cards.pdf": {"get"},
    "/api/v1/workshops/{workshop_id}/appraisal": {"get"},
    "/api/v1/workshops/{workshop_id}/appraisal/aggregate": {"get"},
    "/api/v1/workshops/{workshop_id}/appraisal/groups": {"post"},
    "/api/v1/workshops/{workshop_id}/appraisal/groups/form": {"post"},
    "/api/v1/workshops/{workshop_id}/appraisal/groups/carry-over": {"post"},
    "/api/v1/workshops/{workshop_id}/appraisal/groups/{group_id}": {"patch", "delete"},
    "/api/v1/workshops/{workshop_id}/appraisal/groups/{group_id}/steps": {"post"},
    "/api/v1/workshops/{workshop_id}/appraisal/pitches/plan": {"post"},
    "/api/v1/workshops/{workshop_id}/appraisal/pitches/{pitch_id}": {"patch"},
    "/api/v1/workshops/{workshop_id}/appraisal/problem-marks": {"post"},
    "/api/v1/workshops/{workshop_id}/appraisal/problem-marks/{participant_id}": {"delete"},
    "/api/v1/workshops/{workshop_id}/appraisal/core-problems": {"post"},
    "/api/v1/workshops/{workshop_id}/appraisal/core-problems/{core_problem_id}": {
        "patch",
        "delete",
    },
    "/api/v1/workshops/{workshop_id}/appraisal/core-problems/{core_problem_id}/confirm": {"post"},
    "/api/v1/workshops/{workshop_id}/appraisal/baseline": {"put"},
    "/api/v1/workshops/{workshop_id}/appraisal/horizon": {"put"},
    "/api/v1/workshops/{workshop_id}/appraisal/solutions": {"post"},
    "/api/v1/workshops/{workshop_id}/appraisal/solutions/{solution_id}": {"patch", "delete"},
    "/api/v1/workshops/{workshop_id}/appraisal/solutions/{solution_id}/merge": {"post"},
    "/api/v1/workshops/{workshop_id}/appraisal/solutions/{solution_id}/card": {"put"},
    "/api/v1/workshops/{workshop_id}/appraisal/core-effects": {"put"},
    "/api/v1/workshops/{workshop_id}/appraisal/criteria": {"post"},
    "/api/v1/workshops/{workshop_id}/appraisal/criteria/{criterion_id}": {"delete"},
    "/api/v1/workshops/{workshop_id}/appraisal/groups/{group_id}/ranking": {"put"},
    "/api/v1/workshops/{workshop_id}/appraisal/selection": {"put"},
    "/api/v1/workshops/{workshop_id}/appraisal/effect-cards": {"put"},
    "/api/v1/workshops/{workshop_id}/appraisal/choice": {"put"},
    "/api/v1/workshops/{workshop_id}/appraisal/insights": {"post"},
    "/api/v1/workshops/{workshop_id}/appraisal/insights/{insight_id}": {"delete"},
    "/api/v1/workshops/{workshop_id}/appraisal/actions": {"post"},
    "/api/v1/workshops/{workshop_id}/appraisal/actions/{action_id}": {"patch", "delete"},
    # The method defined inside the tests (tests/support/testmethod)
    "/api/v1/workshops/{workshop_id}/notes": {"post"},
}


def test_openapi_document_lists_every_route(anon, db):
    response = anon.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Wijktafel API"
    assert document["info"]["version"] == "1.0.0"
    assert {path: set(ops) for path, ops in document["paths"].items()} == EXPECTED_PATHS
    assert not any(path.endswith("/") for path in document["paths"])
    assert set(document["components"]["securitySchemes"]) == {"SessionAuth", "ParticipantToken"}
    operation_ids = [op["operationId"] for ops in document["paths"].values() for op in ops.values()]
    assert len(operation_ids) == len(set(operation_ids))


def test_every_write_documents_the_idempotency_key(anon, db):
    document = anon.get("/api/v1/openapi.json").json()

    for path, ops in document["paths"].items():
        for method, operation in ops.items():
            if (
                method == "get"
                or path.endswith(("/rotate", "/join"))
                or path in ("/api/v1/workshops", "/api/v1/appraisals")
                # A series is managed outside any session log: adding a session, merging,
                # withdrawing a link and forgetting devices give the same result when repeated;
                # a new series or link is made again, as a new workshop is.
                or path.startswith("/api/v1/series")
                # An organisation's wording of a question: the same wording twice, or restoring
                # twice, gives the same result.
                or path.startswith("/api/v1/samenwerken/questions")
            ):
                continue
            headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            assert "Idempotency-Key" in headers, (method, path)


def test_the_docs_page_is_served(anon, db):
    response = anon.get("/api/v1/docs")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


@pytest.mark.parametrize("path", ["/api/v1/workshops/", "/api/v1/templates/"])
def test_there_are_no_trailing_slash_routes(fac_client, path):
    assert fac_client.get(path).status_code == 404


def test_a_method_that_is_not_allowed_gets_a_json_405(fac_client):
    response = fac_client.put("/api/v1/workshops", {}, content_type="application/json")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert response["API-Version"] == "1.0.0"


def test_openapi_schema_is_built_once_per_language():
    """Building the public schema costs ~0.5 s of CPU; it must not be rebuilt per request."""
    from django.utils import translation

    from config.api import api

    with translation.override("nl"):
        first = api.get_openapi_schema(path_prefix="/api/v1/")
        assert api.get_openapi_schema(path_prefix="/api/v1/") is first
    with translation.override("en"):
        assert api.get_openapi_schema(path_prefix="/api/v1/") is not first
