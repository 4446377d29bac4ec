"""Server-rendered pages of the live session: the agenda editor (htmx and without JavaScript)."""

import uuid

import pytest
from django.urls import reverse

from tests.support.pages import HTMX, event_count, op, titles
from wijktafel.workshops import services
from wijktafel.workshops.models import AgendaItem

# Asserts on the English source strings (conftest.english).
pytestmark = pytest.mark.usefixtures("english")


# --- Agenda editor ------------------------------------------------------------------------------


def test_agenda_add_by_htmx_returns_the_partial_with_the_new_item(fac_client, workshop):
    response = fac_client.post(
        reverse("workshops:agenda_add", args=[workshop.pk]),
        {
            "client_op_id": op(),
            "title": "Afsluiting",
            "duration_minutes": "10",
            "work_form": "plenary",
            "activity": "none",
            "instruction": "Wat nemen we mee?",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "workshops/_agenda.html"
    assert titles(workshop)[-1] == "Afsluiting"
    item = workshop.agenda_items.get(title="Afsluiting")
    assert (item.duration_minutes, item.instruction) == (10, "Wat nemen we mee?")
    assert "Afsluiting" in response.content.decode()


def test_agenda_add_without_javascript_redirects_to_the_console(fac_client, workshop):
    response = fac_client.post(
        reverse("workshops:agenda_add", args=[workshop.pk]),
        {
            "client_op_id": op(),
            "title": "Afsluiting",
            "duration_minutes": "10",
            "work_form": "plenary",
            "activity": "none",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:console", args=[workshop.pk]) + "#agenda"
    assert titles(workshop)[-1] == "Afsluiting"


def test_a_double_submit_with_the_same_op_id_adds_the_item_once(fac_client, workshop):
    data = {
        "client_op_id": op(),
        "title": "Afsluiting",
        "duration_minutes": "10",
        "work_form": "plenary",
        "activity": "none",
    }
    url = reverse("workshops:agenda_add", args=[workshop.pk])
    before_items, before_events = workshop.agenda_items.count(), event_count(workshop)

    first = fac_client.post(url, data, **HTMX)
    second = fac_client.post(url, data, **HTMX)

    assert (first.status_code, second.status_code) == (200, 200)
    assert workshop.agenda_items.count() == before_items + 1
    assert event_count(workshop) == before_events + 1


def test_a_double_move_with_the_same_op_id_moves_once(fac_client, workshop):
    last = workshop.agenda_items.order_by("position").last()
    data = {"client_op_id": op(), "direction": "up"}
    url = reverse("workshops:agenda_move", args=[workshop.pk, last.pk])

    fac_client.post(url, data, **HTMX)
    fac_client.post(url, data, **HTMX)

    assert titles(workshop)[-2:] == ["Step 4 and 5: solutions, effects and extra costs", "Break"]


def test_agenda_update_changes_the_item(fac_client, workshop):
    item = workshop.agenda_items.get(position=0)

    response = fac_client.post(
        reverse("workshops:agenda_update", args=[workshop.pk, item.pk]),
        {
            "client_op_id": op(),
            "title": "Kennismaking",
            "duration_minutes": "20",
            "work_form": "duos",
            "activity": "postits",
            "instruction": "Vertel wie je bent.",
        },
        **HTMX,
    )

    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.title, item.duration_minutes, item.work_form, item.activity, item.instruction) == (
        "Kennismaking",
        20,
        "duos",
        "postits",
        "Vertel wie je bent.",
    )


def test_agenda_update_with_a_bad_duration_shows_the_message_and_changes_nothing(
    fac_client, workshop
):
    item = workshop.agenda_items.get(position=0)
    before = event_count(workshop)
    data = {
        "client_op_id": op(),
        "title": "Kennismaking",
        "duration_minutes": "0",
        "work_form": "plenary",
        "activity": "none",
        "instruction": "",
    }
    url = reverse("workshops:agenda_update", args=[workshop.pk, item.pk])

    htmx_response = fac_client.post(url, data, **HTMX)
    plain_response = fac_client.post(url, data)

    assert htmx_response.status_code == 200
    html = htmx_response.content.decode()
    assert (
        f'id="agenda-{item.pk}-minutes-error">The duration must be a whole number of minutes between 1 and 480.'
        in html
    )
    assert 'value="Kennismaking"' in html  # what was typed stays in the form
    assert plain_response.status_code == 400
    assert (
        "The duration must be a whole number of minutes between 1 and 480."
        in plain_response.content.decode()
    )
    item.refresh_from_db()
    assert (item.title, item.duration_minutes) == ("Introduction", 15)
    assert event_count(workshop) == before


def test_agenda_add_with_an_empty_title_shows_the_message_next_to_the_title(fac_client, workshop):
    before = (workshop.agenda_items.count(), event_count(workshop))

    response = fac_client.post(
        reverse("workshops:agenda_add", args=[workshop.pk]),
        {
            "client_op_id": op(),
            "title": "  ",
            "duration_minutes": "10",
            "work_form": "plenary",
            "activity": "none",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert 'id="agenda-new-title-error">' in response.content.decode()
    assert (workshop.agenda_items.count(), event_count(workshop)) == before


def test_agenda_move_down_and_up(fac_client, workshop):
    first = workshop.agenda_items.get(position=0)
    url = reverse("workshops:agenda_move", args=[workshop.pk, first.pk])

    fac_client.post(url, {"client_op_id": op(), "direction": "down"}, **HTMX)
    assert titles(workshop)[:2] == ["Step 1: inventory of problems", "Introduction"]

    fac_client.post(url, {"client_op_id": op(), "direction": "up"}, **HTMX)
    assert titles(workshop)[:2] == ["Introduction", "Step 1: inventory of problems"]


def test_agenda_remove_deletes_the_item(fac_client, workshop):
    item = workshop.agenda_items.get(title="Break")

    response = fac_client.post(
        reverse("workshops:agenda_remove", args=[workshop.pk, item.pk]),
        {"client_op_id": op()},
        **HTMX,
    )

    assert response.status_code == 200
    assert "Break" not in titles(workshop)
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_the_plan_shows_the_end_time_and_the_gap_of_afwegen_i(fac_client, workshop):
    response = fac_client.get(reverse("workshops:agenda", args=[workshop.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<strong class="agenda-summary__end">12:45</strong>' in html
    assert "15 minutes not planned before 11:00." in html
    assert "No break between" not in html


def test_removing_the_break_shows_a_missing_break_warning(fac_client, workshop):
    item = workshop.agenda_items.get(title="Break")

    response = fac_client.post(
        reverse("workshops:agenda_remove", args=[workshop.pk, item.pk]),
        {"client_op_id": op()},
        **HTMX,
    )

    html = response.content.decode()
    assert "No break between 09:00 and 11:30." in html
    assert '<strong class="agenda-summary__end">12:15</strong>' in html


def test_the_current_item_is_highlighted(fac_client, workshop, fac_actor):
    services.timer_control(workshop_id=workshop.pk, actor=fac_actor, action="start")
    first = workshop.agenda_items.get(position=0)

    html = fac_client.get(reverse("workshops:agenda", args=[workshop.pk])).content.decode()

    assert f'class="agenda-item agenda-item--current" id="agenda-item-{first.pk}"' in html
    assert html.count('aria-current="step"') == 1


def test_every_agenda_form_carries_its_own_op_id(fac_client, workshop):
    html = fac_client.get(reverse("workshops:agenda", args=[workshop.pk])).content.decode()

    ids = [part.split('"', 1)[0] for part in html.split('name="client_op_id" value="')[1:]]
    assert len(ids) == 4 * workshop.agenda_items.count() + 1
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(i) for i in ids)
