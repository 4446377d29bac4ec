"""API of the live session engine: templates, workshops, agenda, timer, state, events, joining."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.support.api import call, op, state_of
from wijktafel.workshops import codes, seam, selectors, services
from wijktafel.workshops.models import AgendaItem, Participant, Workshop, WorkshopEvent

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


# --- Agenda ---------------------------------------------------------------------------------------


def titles(workshop):
    return list(workshop.agenda_items.order_by("position").values_list("title", flat=True))


def test_agenda_items_list_in_order_for_members(anon, workshop, ans):
    response = call(anon, "GET", f"/workshops/{workshop.pk}/agenda-items", token=ans.token)

    assert response.status_code == 200
    assert [i["title"] for i in response.json()] == titles(workshop)


def test_adding_an_agenda_item_returns_it_with_the_agenda_and_seq(fac_client, workshop):
    response = call(
        fac_client,
        "POST",
        f"/workshops/{workshop.pk}/agenda-items",
        {"title": "Afsluiting met koffie", "duration_minutes": 10, "work_form": "plenary"},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["seq"] == Workshop.objects.get(pk=workshop.pk).last_seq
    assert body["item"]["title"] == "Afsluiting met koffie"
    assert body["item"]["duration_minutes"] == 10
    assert titles(workshop)[-1] == "Afsluiting met koffie"
    assert [i["title"] for i in body["items"]] == titles(workshop)
    assert body["timer"]["state"] == "idle"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "", "duration_minutes": 10}, "title"),
        ({"title": "Pauze", "duration_minutes": 0}, "duration_minutes"),
        ({"title": "Pauze", "duration_minutes": "lang"}, "duration_minutes"),
        ({"title": "Pauze", "duration_minutes": 10, "work_form": "dans"}, "work_form"),
        ({"duration_minutes": 10}, "title"),
    ],
)
def test_adding_a_bad_agenda_item_is_refused_and_changes_nothing(fac_client, workshop, body, field):
    before = state_of(workshop)

    response = call(fac_client, "POST", f"/workshops/{workshop.pk}/agenda-items", body)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["field"] == field
    assert state_of(workshop) == before


def test_patching_an_agenda_item_changes_only_the_given_fields(fac_client, workshop):
    item = workshop.agenda_items.order_by("position").first()
    title = item.title

    response = call(
        fac_client,
        "PATCH",
        f"/workshops/{workshop.pk}/agenda-items/{item.pk}",
        {"duration_minutes": 25},
    )

    assert response.status_code == 200
    item.refresh_from_db()
    assert item.duration_minutes == 25
    assert item.title == title
    assert response.json()["item"]["id"] == item.pk
    assert response.json()["item"]["duration_minutes"] == 25


def test_patching_an_item_of_another_workshop_is_404(fac_client, workshop, workshop_b):
    item_b = workshop_b.agenda_items.first()
    before = state_of(workshop_b)

    response = call(
        fac_client,
        "PATCH",
        f"/workshops/{workshop.pk}/agenda-items/{item_b.pk}",
        {"title": "Gekaapt"},
    )

    assert response.status_code == 404
    assert state_of(workshop_b) == before


def test_deleting_an_agenda_item(fac_client, workshop):
    item = workshop.agenda_items.order_by("position").first()
    count = workshop.agenda_items.count()

    response = call(fac_client, "DELETE", f"/workshops/{workshop.pk}/agenda-items/{item.pk}")

    assert response.status_code == 200
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert len(response.json()["items"]) == count - 1


def test_reordering_the_agenda(fac_client, workshop):
    ids = list(workshop.agenda_items.order_by("position").values_list("pk", flat=True))

    response = call(
        fac_client,
        "PUT",
        f"/workshops/{workshop.pk}/agenda-items/order",
        {"item_ids": list(reversed(ids))},
    )

    assert response.status_code == 200
    assert [i["id"] for i in response.json()["items"]] == list(reversed(ids))
    assert list(workshop.agenda_items.order_by("position").values_list("pk", flat=True)) == list(
        reversed(ids)
    )


def test_reordering_with_a_missing_item_is_refused_and_changes_nothing(fac_client, workshop):
    ids = list(workshop.agenda_items.order_by("position").values_list("pk", flat=True))
    before = state_of(workshop)

    response = call(
        fac_client, "PUT", f"/workshops/{workshop.pk}/agenda-items/order", {"item_ids": ids[1:]}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert state_of(workshop) == before


def test_agenda_plan_gives_the_planned_end_gaps_and_breaks(fac_client, workshop):
    plan = selectors.agenda_plan(workshop)

    response = call(fac_client, "GET", f"/workshops/{workshop.pk}/agenda-plan")

    assert response.status_code == 200
    body = response.json()
    assert dt.datetime.fromisoformat(body["ends_at"]) == plan.ends_at
    assert body["total_minutes"] == plan.total_minutes
    assert [g["item_id"] for g in body["gaps"]] == [g.item.pk for g in plan.gaps]
    assert len(body["gaps"]) == 1  # Afwegen I has a 15-minute gap before step 3
    assert body["missing_break_at"] is None
    assert len(body["items"]) == workshop.agenda_items.count()


def test_agenda_plan_flags_a_missing_break(fac_client, workshop):
    item = workshop.agenda_items.get(work_form="break")
    call(fac_client, "DELETE", f"/workshops/{workshop.pk}/agenda-items/{item.pk}")

    body = call(fac_client, "GET", f"/workshops/{workshop.pk}/agenda-plan").json()

    assert body["missing_break_at"] is not None


# --- Timer -------------------------------------------------------------------------------------------


def test_the_timer_runs_through_its_actions(fac_client, workshop):
    items = list(workshop.agenda_items.order_by("position"))
    url = f"/workshops/{workshop.pk}/timer"

    started = call(fac_client, "POST", url, {"action": "start"})
    assert started.status_code == 200
    assert started.json()["timer"]["state"] == "running"
    assert started.json()["timer"]["current_item_id"] == items[0].pk
    assert started.json()["timer"]["status"] == "live"

    paused = call(fac_client, "POST", url, {"action": "pause"}).json()["timer"]
    assert paused["state"] == "paused"
    assert paused["remaining_ms"] is not None

    assert call(fac_client, "POST", url, {"action": "resume"}).json()["timer"]["state"] == "running"
    assert call(fac_client, "POST", url, {"action": "extend", "minutes": 5}).status_code == 200
    assert (
        call(fac_client, "POST", url, {"action": "next"}).json()["timer"]["current_item_id"]
        == items[1].pk
    )
    goto = call(fac_client, "POST", url, {"action": "goto", "item_id": items[3].pk})
    assert goto.json()["timer"]["current_item_id"] == items[3].pk
    stopped = call(fac_client, "POST", url, {"action": "stop"})
    assert stopped.json()["timer"]["state"] == "idle"
    assert stopped.json()["seq"] == Workshop.objects.get(pk=workshop.pk).last_seq


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"action": "opblazen"}, 400, "invalid"),
        ({"action": "extend"}, 400, "invalid"),
        ({"action": "extend", "minutes": "veel"}, 400, "invalid"),
        ({"action": "pause"}, 409, "conflict"),
        ({"action": "goto", "item_id": 999999}, 404, "not_found"),
    ],
)
def test_bad_timer_requests_are_refused_and_change_nothing(
    fac_client, workshop, body, status, code
):
    before = state_of(workshop)

    response = call(fac_client, "POST", f"/workshops/{workshop.pk}/timer", body)

    assert response.status_code == status
    assert response.json()["code"] == code
    assert state_of(workshop) == before


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


# --- Joining and participants -------------------------------------------------------------------------


def test_join_by_code_then_write_a_postit_with_the_bearer_token(anon, workshop):
    code = codes.display_code(services.join_code(workshop)).lower()

    joined = call(
        anon,
        "POST",
        "/join",
        {
            "code": code,
            "display_name": "Ans",
            "organisation_name": "Buurthuis",
            "role_text": "bewoner",
        },
    )

    assert joined.status_code == 201, joined.content
    body = joined.json()
    participant = Participant.objects.get(pk=body["participant_id"])
    assert body["workshop_id"] == workshop.pk
    assert (participant.display_name, participant.organisation_name, participant.role_text) == (
        "Ans",
        "Buurthuis",
        "bewoner",
    )
    assert body["seq"] == Workshop.objects.get(pk=workshop.pk).last_seq
    assert "sessionid" not in anon.cookies  # the API is stateless: nothing kept in a session

    postit = call(
        anon,
        "POST",
        f"/workshops/{workshop.pk}/postits",
        {"text": "Zwerfvuil"},
        token=body["token"],
    )
    assert postit.status_code == 201
    assert postit.json()["postit"]["author_id"] == participant.pk
    assert postit.json()["postit"]["author_name"] == "Ans"


def test_join_by_qr_token(anon, workshop):
    joined = call(
        anon, "POST", "/join", {"token": services.join_token(workshop), "display_name": "Bram"}
    )

    assert joined.status_code == 201
    token = joined.json()["token"]
    assert call(anon, "GET", f"/workshops/{workshop.pk}/state", token=token).status_code == 200


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"code": "ZZZZ-ZZZZ", "display_name": "Ans"}, 404, "code"),
        ({"code": "kort", "display_name": "Ans"}, 404, "code"),
        ({"token": "0" * 32, "display_name": "Ans"}, 404, "code"),
        ({"display_name": "Ans"}, 400, "code"),
        ({"code": 12345678, "display_name": "Ans"}, 400, "code"),
    ],
)
def test_joining_with_a_wrong_code_is_refused_and_creates_nothing(
    anon, workshop, body, status, field
):
    before = state_of(workshop)

    response = call(anon, "POST", "/join", body)

    assert response.status_code == status
    assert response.json()["field"] == field
    assert response.json()["message"]
    assert state_of(workshop) == before


@pytest.mark.parametrize("name", ["", "   ", "x" * 61])
def test_joining_with_a_bad_name_is_refused_and_creates_nothing(anon, workshop, name):
    before = state_of(workshop)

    response = call(
        anon, "POST", "/join", {"code": services.join_code(workshop), "display_name": name}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["field"] == "display_name"
    assert state_of(workshop) == before


def test_participants_lists_who_is_present(anon, workshop, ans, bram):
    response = call(anon, "GET", f"/workshops/{workshop.pk}/participants", token=ans.token)

    assert response.status_code == 200
    assert [p["display_name"] for p in response.json()] == ["Ans", "Bram"]


def test_removing_a_participant_locks_their_token_out(fac_client, anon, workshop, ans, bram):
    response = call(
        fac_client, "DELETE", f"/workshops/{workshop.pk}/participants/{ans.participant.pk}"
    )

    assert response.status_code == 200
    assert response.json() == {
        "seq": Workshop.objects.get(pk=workshop.pk).last_seq,
        "id": ans.participant.pk,
    }
    assert Participant.objects.get(pk=ans.participant.pk).removed_at is not None
    locked = call(anon, "GET", f"/workshops/{workshop.pk}/state", token=ans.token)
    assert locked.status_code == 401
    listed = call(fac_client, "GET", f"/workshops/{workshop.pk}/participants").json()
    assert [p["display_name"] for p in listed] == ["Bram"]


def test_removing_a_participant_twice_is_404(fac_client, workshop, ans):
    call(fac_client, "DELETE", f"/workshops/{workshop.pk}/participants/{ans.participant.pk}")
    before = state_of(workshop)

    response = call(
        fac_client, "DELETE", f"/workshops/{workshop.pk}/participants/{ans.participant.pk}"
    )

    assert response.status_code == 404
    assert state_of(workshop) == before


def test_a_repeated_idempotency_key_on_a_facilitator_write_changes_nothing(fac_client, workshop):
    key = op()
    body = {"title": "Extra ronde", "duration_minutes": 10}

    first = call(fac_client, "POST", f"/workshops/{workshop.pk}/agenda-items", body, key=key)
    events = WorkshopEvent.objects.filter(workshop=workshop).count()
    second = call(fac_client, "POST", f"/workshops/{workshop.pk}/agenda-items", body, key=key)

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert titles(workshop).count("Extra ronde") == 1
    assert WorkshopEvent.objects.filter(workshop=workshop).count() == events
