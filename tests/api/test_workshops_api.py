"""API of the live session engine: templates, workshops, state and events."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.support.api import call, state_of
from wijktafel.workshops import codes, seam, selectors, services
from wijktafel.workshops.models import Participant, Workshop

# --- Templates and workshops ----------------------------------------------------------------------


def test_templates_lists_every_agenda_template_with_its_items(fac_client):
    response = call(fac_client, "GET", "/templates")

    assert response.status_code == 200
    body = response.json()
    assert [t["key"] for t in body] == [t.key for t in seam.templates()]
    first = body[0]
    assert first["total_minutes"] == seam.template(first["key"]).total_minutes
    assert len(first["items"]) == len(seam.template(first["key"]).items)


def test_every_response_carries_the_api_version_header(fac_client, anon):
    assert call(fac_client, "GET", "/templates")["API-Version"] == "1.0.0"
    refused = call(anon, "GET", "/templates")
    assert refused.status_code == 401
    assert refused["API-Version"] == "1.0.0"
    assert anon.get("/api/v1/openapi.json")["API-Version"] == "1.0.0"


def test_anonymous_requests_get_401_with_a_json_refusal(anon, workshop):
    response = call(anon, "GET", f"/workshops/{workshop.pk}/state")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_workshop_list_shows_only_the_own_organisation(fac_client, workshop, other_workshop):
    response = call(fac_client, "GET", "/workshops")

    assert response.status_code == 200
    assert [w["id"] for w in response.json()] == [workshop.pk]
    assert "join_code" not in response.json()[0]


def test_create_workshop_copies_the_template_and_returns_the_join_code(fac_client, facilitator):
    response = call(
        fac_client,
        "POST",
        "/workshops",
        {
            "title": "Werksessie Oost",
            "template_key": "samenwerken",
            "planned_start": "2026-12-03T19:30:00",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    workshop = Workshop.objects.get(pk=body["id"])
    assert workshop.organisation_id == facilitator.organisation_id
    assert body["title"] == "Werksessie Oost"
    assert body["status"] == "preparing"
    assert codes.normalise_code(body["join_code"]) == services.join_code(workshop)
    assert body["join_url"].endswith(f"/m/{services.join_token(workshop)}/")
    assert workshop.agenda_items.count() == len(seam.template("samenwerken").items)
    assert timezone.localtime(workshop.planned_start).replace(tzinfo=None) == dt.datetime(
        2026, 12, 3, 19, 30
    )


@pytest.mark.parametrize(
    "body, field",
    [
        (
            {"title": "X", "template_key": "onbekend", "planned_start": "2026-12-03T19:30:00"},
            "template_key",
        ),
        (
            {"title": "", "template_key": "afwegen-1", "planned_start": "2026-12-03T19:30:00"},
            "title",
        ),
        (
            {"title": 5, "template_key": "afwegen-1", "planned_start": "2026-12-03T19:30:00"},
            "title",
        ),
        ({"title": "X", "template_key": "afwegen-1", "planned_start": "morgen"}, "planned_start"),
        ({"title": "X", "template_key": "afwegen-1"}, "planned_start"),
    ],
)
def test_create_workshop_with_bad_input_is_refused_and_creates_nothing(
    fac_client, facilitator, body, field
):
    before = Workshop.objects.count()

    response = call(fac_client, "POST", "/workshops", body)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["field"] == field
    assert response.json()["message"]
    assert Workshop.objects.count() == before


def test_create_workshop_with_another_organisations_area_is_404(fac_client, other_org):
    from wijktafel.neighbourhoods.models import Area

    area = Area.objects.create(
        organisation=other_org, code="GM0400", year=2025, name="Elders", level="gemeente"
    )
    before = Workshop.objects.count()

    response = call(
        fac_client,
        "POST",
        "/workshops",
        {
            "title": "X",
            "template_key": "afwegen-1",
            "planned_start": "2026-12-03T19:30:00",
            "area_id": area.pk,
        },
    )

    assert response.status_code == 404
    assert response.json() == {**response.json(), "code": "not_found", "field": "area_id"}
    assert Workshop.objects.count() == before


def test_a_body_that_is_not_json_is_400(fac_client):
    response = fac_client.post("/api/v1/workshops", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_workshop_detail_has_the_join_code_for_its_facilitator_only(
    fac_client, anon, workshop, ans
):
    as_facilitator = call(fac_client, "GET", f"/workshops/{workshop.pk}").json()
    as_participant = call(anon, "GET", f"/workshops/{workshop.pk}", token=ans.token).json()

    assert codes.normalise_code(as_facilitator["join_code"]) == services.join_code(workshop)
    assert as_participant["join_code"] is None
    assert as_participant["join_url"] is None
    assert as_participant["title"] == "Werksessie Zuid"


def test_closing_joining_refuses_new_participants_until_it_opens_again(fac_client, anon, workshop):
    closed = call(fac_client, "POST", f"/workshops/{workshop.pk}/joining", {"open": False})

    assert closed.status_code == 200
    assert closed.json() == {
        "seq": workshop.last_seq + 1,
        "workshop": {"status": "preparing", "joining_open": False, "title": "Werksessie Zuid"},
    }
    refused = call(
        anon, "POST", "/join", {"code": services.join_code(workshop), "display_name": "Ans"}
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert refused.json()["field"] == "code"
    assert Participant.objects.filter(workshop=workshop).count() == 0

    assert (
        call(fac_client, "POST", f"/workshops/{workshop.pk}/joining", {"open": True}).status_code
        == 200
    )
    assert (
        call(
            anon, "POST", "/join", {"code": services.join_code(workshop), "display_name": "Ans"}
        ).status_code
        == 201
    )


def test_joining_with_a_wrong_type_is_400(fac_client, workshop):
    before = state_of(workshop)

    response = call(fac_client, "POST", f"/workshops/{workshop.pk}/joining", {"open": "misschien"})

    assert response.status_code == 400
    assert response.json()["field"] == "open"
    assert state_of(workshop) == before


def test_ending_the_workshop_stops_joining_and_writing(fac_client, anon, workshop, ans):
    response = call(fac_client, "POST", f"/workshops/{workshop.pk}/end")

    assert response.status_code == 200
    assert response.json()["workshop"] == {
        "status": "ended",
        "joining_open": False,
        "title": "Werksessie Zuid",
    }
    assert Workshop.objects.get(pk=workshop.pk).status == "ended"
    before = state_of(workshop)
    joined = call(
        anon, "POST", "/join", {"code": services.join_code(workshop), "display_name": "Bram"}
    )
    assert joined.status_code == 403
    assert joined.json()["code"] == "forbidden"
    write = call(
        anon, "POST", f"/workshops/{workshop.pk}/postits", {"text": "Te laat"}, token=ans.token
    )
    assert write.status_code == 403
    assert write.json()["code"] == "forbidden"
    assert state_of(workshop) == before
    # Members can still read what happened.
    assert call(anon, "GET", f"/workshops/{workshop.pk}/state", token=ans.token).status_code == 200


def test_rotating_the_join_code_makes_the_old_code_fail(fac_client, anon, workshop):
    old_code = services.join_code(workshop)

    response = call(fac_client, "POST", f"/workshops/{workshop.pk}/join-code/rotate")

    assert response.status_code == 200
    workshop.refresh_from_db()
    assert (
        codes.normalise_code(response.json()["join_code"])
        == services.join_code(workshop)
        != old_code
    )
    refused = call(anon, "POST", "/join", {"code": old_code, "display_name": "Ans"})
    assert refused.status_code == 404
    assert refused.json()["code"] == "not_found"
    assert Participant.objects.filter(workshop=workshop).count() == 0


# --- State and events ------------------------------------------------------------------------------


def test_state_is_the_snapshot_of_the_workshop(anon, workshop, ans, wall_of_a):
    response = call(anon, "GET", f"/workshops/{workshop.pk}/state", token=ans.token)

    assert response.status_code == 200
    assert response.json() == selectors.workshop_snapshot(Workshop.objects.get(pk=workshop.pk))


def test_events_after_a_sequence_number(fac_client, workshop, ans, bram):
    response = call(fac_client, "GET", f"/workshops/{workshop.pk}/events", {"after": ans.event.seq})

    assert response.status_code == 200
    body = response.json()
    assert body["snapshot"] is None
    assert body["head"] == bram.event.seq
    assert [(e["seq"], e["kind"]) for e in body["events"]] == [
        (bram.event.seq, "participant.joined")
    ]
    assert body["events"][0]["data"]["display_name"] == "Bram"


@pytest.mark.parametrize("query", [{}, {"after": 10_000}, {"after": -1}])
def test_events_without_a_usable_after_give_a_snapshot(anon, workshop, ans, query):
    response = call(anon, "GET", f"/workshops/{workshop.pk}/events", query, token=ans.token)

    assert response.status_code == 200
    assert response.json()["events"] is None
    assert response.json()["snapshot"]["head"] == ans.event.seq


def test_events_with_a_non_number_after_is_400(fac_client, workshop):
    response = call(fac_client, "GET", f"/workshops/{workshop.pk}/events", {"after": "gisteren"})

    assert response.status_code == 400
    assert response.json()["field"] == "after"
