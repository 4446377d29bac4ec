"""The facilitator's appraisal pages: the list, starting an appraisal and changing it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.support.appraisal import state_of
from tests.support.appraisal_pages import VALID, detail_url
from wijktafel.appraisals import models as m
from wijktafel.appraisals import services as aps
from wijktafel.neighbourhoods.models import Area
from wijktafel.workshops.models import WorkshopEvent

# Asserts on the English source strings (conftest.english).
pytestmark = pytest.mark.usefixtures("english")


# --- List ---------------------------------------------------------------------------------------


def test_list_shows_the_own_organisations_appraisals_with_their_sessions(
    fac_client, appraisal, workshop, other_facilitator
):
    elders = aps.appraisal_create(user=other_facilitator, title="Afweging Elders")

    response = fac_client.get(reverse("appraisals:list"))

    assert response.status_code == 200
    assert list(response.context["appraisals"]) == [appraisal]
    html = response.content.decode()
    row = re.search(rf'<tr[^>]*data-appraisal-id="{appraisal.pk}".*?</tr>', html, re.S).group(0)
    assert detail_url(appraisal) in row
    assert reverse("workshops:console", args=[workshop.pk]) in row  # session I
    assert 'data-session="2"' in row and "Not linked yet" in row
    assert f'data-appraisal-id="{elders.pk}"' not in html
    assert "Afweging Elders" not in html
    assert 'id="appraisal-start"' in html and reverse("appraisals:create") in html


def test_list_without_appraisals_invites_to_start_one(fac_client, facilitator):
    response = fac_client.get(reverse("appraisals:list"))

    assert response.status_code == 200
    assert 'id="appraisal-empty"' in response.content.decode()


def test_the_main_menu_links_to_the_appraisals(fac_client, facilitator):
    html = fac_client.get(reverse("workshops:list")).content.decode()

    assert f'href="{reverse("appraisals:list")}"' in html


# --- Start --------------------------------------------------------------------------------------


def test_create_form_renders_with_guidance_and_choices(fac_client, facilitator):
    response = fac_client.get(reverse("appraisals:create"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="trigger-guidance"' in html
    for value in ("problem", "opportunity", "intervention"):
        assert f'id="starting-point-{value}"' in html
    assert re.search(r'<select[^>]*name="top_n"', html)
    assert 'name="status"' not in html  # a new appraisal is open


def test_creating_an_appraisal_redirects_to_its_overview(fac_client, facilitator, org):
    area = Area.objects.create(
        organisation=org, code="WK040002", year=2025, name="Oostwijk", level=Area.Level.DISTRICT
    )

    response = fac_client.post(reverse("appraisals:create"), {**VALID, "area": area.pk})

    appraisal = m.Appraisal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(appraisal)
    assert (appraisal.title, appraisal.starting_point, appraisal.top_n, appraisal.area) == (
        "Afweging Noord",
        "opportunity",
        4,
        area,
    )
    assert appraisal.organisation_id == facilitator.organisation_id
    assert appraisal.status == "open" and appraisal.created_by == facilitator


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_a_bad_title_shows_an_error_and_creates_nothing(fac_client, facilitator, title):
    response = fac_client.post(reverse("appraisals:create"), {**VALID, "title": title})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_title_error"' in html
    assert 'aria-invalid="true"' in html
    assert "Sinds 2024 twee keer" in html  # what was typed stays
    assert not m.Appraisal.objects.exists()


def test_a_bad_pre_selection_size_creates_nothing(fac_client, facilitator):
    response = fac_client.post(reverse("appraisals:create"), {**VALID, "top_n": "9"})

    assert response.status_code == 400
    assert 'id="id_top_n_error"' in response.content.decode()
    assert not m.Appraisal.objects.exists()


def test_another_organisations_neighbourhood_cannot_be_chosen(fac_client, facilitator, other_org):
    elsewhere = Area.objects.create(
        organisation=other_org, code="WK040001", year=2025, name="Elders", level=Area.Level.DISTRICT
    )

    response = fac_client.post(reverse("appraisals:create"), {**VALID, "area": elsewhere.pk})

    assert response.status_code == 400
    assert 'id="id_area_error"' in response.content.decode()
    assert not m.Appraisal.objects.exists()


def test_a_vague_trigger_is_saved_and_the_overview_warns(fac_client, facilitator):
    response = fac_client.post(
        reverse("appraisals:create"), {**VALID, "trigger": "iets met het plein"}
    )

    appraisal = m.Appraisal.objects.get()
    html = fac_client.get(response["Location"]).content.decode()
    assert 'id="trigger-warnings"' in html
    assert appraisal.trigger == "iets met het plein"


def test_a_sharp_trigger_gives_no_warning(fac_client, facilitator):
    fac_client.post(reverse("appraisals:create"), VALID)

    html = fac_client.get(detail_url(m.Appraisal.objects.get())).content.decode()
    assert 'id="trigger-warnings"' not in html


def test_an_account_without_organisation_may_not_start_one(client, db):
    from wijktafel.accounts.models import User

    root = User.objects.create_superuser("root@example.nl", None)
    client.force_login(root)

    assert client.get(reverse("appraisals:create")).status_code == 403
    assert client.post(reverse("appraisals:create"), VALID).status_code == 403
    assert not m.Appraisal.objects.exists()


# --- Change -------------------------------------------------------------------------------------


def test_edit_form_shows_the_current_values(fac_client, appraisal):
    response = fac_client.get(reverse("appraisals:edit", args=[appraisal.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Afweging Zuid"' in html
    assert re.search(r'id="starting-point-problem"[^>]*checked', html, re.S)
    assert re.search(r'<select[^>]*name="status"', html)


def test_editing_saves_and_logs_in_the_linked_session(fac_client, appraisal, workshop):
    before = WorkshopEvent.objects.filter(workshop=workshop).count()

    response = fac_client.post(
        reverse("appraisals:edit", args=[appraisal.pk]), {**VALID, "status": "decided"}
    )

    assert response.status_code == 302 and response["Location"] == detail_url(appraisal)
    appraisal.refresh_from_db()
    assert (appraisal.title, appraisal.starting_point, appraisal.top_n, appraisal.status) == (
        "Afweging Noord",
        "opportunity",
        4,
        "decided",
    )
    assert WorkshopEvent.objects.filter(workshop=workshop).count() == before + 1


def test_editing_with_an_empty_title_changes_nothing(fac_client, appraisal, workshop):
    before = state_of(workshop)

    response = fac_client.post(
        reverse("appraisals:edit", args=[appraisal.pk]), {**VALID, "title": "", "status": "open"}
    )

    assert response.status_code == 400
    assert 'id="id_title_error"' in response.content.decode()
    assert state_of(workshop) == before
