"""API of the live session engine: the agenda and the timer."""

import datetime as dt

import pytest

from tests.support.api import call, op, state_of
from tests.support.factories import make_workshop
from wijktafel.workshops import selectors
from wijktafel.workshops.models import AgendaItem, Workshop, WorkshopEvent

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
    """A list that is not the agenda as it is now (someone changed it meanwhile) conflicts."""
    ids = list(workshop.agenda_items.order_by("position").values_list("pk", flat=True))
    before = state_of(workshop)

    response = call(
        fac_client, "PUT", f"/workshops/{workshop.pk}/agenda-items/order", {"item_ids": ids[1:]}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert response.json()["field"] == "item_ids"
    assert state_of(workshop) == before


def test_reordering_with_an_item_of_another_workshop_is_404(fac_client, workshop, workshop_b):
    ids = list(workshop.agenda_items.order_by("position").values_list("pk", flat=True))
    theirs = workshop_b.agenda_items.values_list("pk", flat=True).first()
    before = state_of(workshop)

    response = call(
        fac_client,
        "PUT",
        f"/workshops/{workshop.pk}/agenda-items/order",
        {"item_ids": [*ids[1:], theirs]},
    )

    assert response.status_code == 404
    assert response.json()["field"] == "item_ids"
    assert state_of(workshop) == before


@pytest.mark.parametrize(
    "template, step, message",
    [
        # a plain session runs no method; the appraisal's step 3 is a step of the document
        ("wijksessie", 3, "De agenda van deze sessie heeft geen stappen van een methode."),
        # step 9 is a part of Samenwerken in de wijk (1-11); the appraisal has 1-8
        (
            "afwegen-1",
            9,
            "De methode van deze sessie heeft geen stap 9. Kies een stap van 1 tot en met 8.",
        ),
        # the notes method has step 1 only; step 5 is the appraisal's
        (
            "notes",
            5,
            "De methode van deze sessie heeft geen stap 5. Kies een stap van 1 tot en met 1.",
        ),
    ],
)
def test_a_step_that_the_sessions_method_lacks_is_a_conflict_and_changes_nothing(
    fac_client, facilitator, template, step, message
):
    """The document offers the steps of every method; this session's method has fewer."""
    session = make_workshop(facilitator, template_key=template)
    item = session.agenda_items.order_by("position").first()
    before = state_of(session)

    added = call(
        fac_client,
        "POST",
        f"/workshops/{session.pk}/agenda-items",
        {"title": "Stap erbij", "duration_minutes": 10, "step": step},
    )
    changed = call(
        fac_client, "PATCH", f"/workshops/{session.pk}/agenda-items/{item.pk}", {"step": step}
    )

    for response in (added, changed):
        assert response.status_code == 409, response.content
        assert response.json() == {"code": "conflict", "message": message, "field": "step"}
    assert state_of(session) == before
    assert AgendaItem.objects.get(pk=item.pk).step == item.step


@pytest.mark.parametrize("step", [0, 12, -1])
def test_a_step_outside_every_method_stays_invalid(fac_client, facilitator, step):
    session = make_workshop(facilitator, template_key="wijksessie")
    before = state_of(session)

    response = call(
        fac_client,
        "POST",
        f"/workshops/{session.pk}/agenda-items",
        {"title": "Stap erbij", "duration_minutes": 10, "step": step},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and response.json()["field"] == "step"
    assert state_of(session) == before


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
