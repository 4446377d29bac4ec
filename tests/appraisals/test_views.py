"""The facilitator's appraisal pages: list, start, change, overview, linking the work sessions."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests.support.appraisal import add_postit, op, state_of
from tests.support.factories import join, make_workshop
from wijktafel.appraisals import models as m
from wijktafel.appraisals import services as aps
from wijktafel.appraisals.agenda import AFWEGEN_I, AFWEGEN_II
from wijktafel.neighbourhoods.models import Area
from wijktafel.workshops.identity import SESSION_KEY
from wijktafel.workshops.models import AgendaItem, Workshop, WorkshopEvent

VALID = {
    "title": "Afweging Noord",
    "trigger": "Sinds 2024 twee keer zoveel klachten over zwerfvuil "
    "rond complex B als in de rest van de wijk.",
    "starting_point": "opportunity",
    "top_n": "4",
}


@pytest.fixture(autouse=True)
def english(client):
    """Assert on the English source strings, whatever the Dutch catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def fac_client(client, facilitator):
    client.force_login(facilitator)
    return client


def detail_url(appraisal) -> str:
    return reverse("appraisals:detail", args=[appraisal.pk])


def link_url(appraisal) -> str:
    return reverse("appraisals:link", args=[appraisal.pk])


def everything() -> dict:
    """Every row the pages could change: appraisals, workshops, agendas and the event logs."""
    return {
        "appraisals": list(m.Appraisal.objects.order_by("pk").values()),
        "workshops": list(Workshop.objects.order_by("pk").values()),
        "agenda": AgendaItem.objects.count(),
        "events": list(WorkshopEvent.objects.order_by("pk").values_list("pk", "kind")),
    }


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


# --- Overview -----------------------------------------------------------------------------------


def test_overview_shows_summary_sessions_steps_and_solo_mode(fac_client, appraisal, workshop):
    response = fac_client.get(detail_url(appraisal))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="summary"' in html and "Veel klachten over zwerfvuil" in html
    assert 'data-status="open"' in html
    one = re.search(r'<article[^>]*id="session-1".*?</article>', html, re.S).group(0)
    assert 'data-linked="yes"' in one
    assert reverse("workshops:console", args=[workshop.pk]) in one
    assert reverse("workshops:screen", args=[workshop.pk]) in one
    two = re.search(r'<article[^>]*id="session-2".*?</article>', html, re.S).group(0)
    assert 'data-linked="no"' in two and 'data-form="create"' in two
    assert [int(n) for n in re.findall(r'data-step="(\d)"', html)] == list(range(1, 9))
    assert 'id="solo"' in html
    assert reverse("appraisals:edit", args=[appraisal.pk]) in html


def test_overview_links_the_documents_when_they_exist(fac_client, appraisal):
    html = fac_client.get(detail_url(appraisal)).content.decode()

    for name in ("report_pdf", "report_docx", "cards_pdf"):
        try:
            url = reverse(f"appraisals:{name}", args=[appraisal.pk])
        except NoReverseMatch:  # built by the documents helper; the page renders without them
            continue
        assert f'href="{url}"' in html


def test_overview_counts_what_the_steps_made(
    fac_client, appraisal, workshop, groups, people, owner_column, fac_actor
):
    postit = add_postit(workshop, people["Ans"], column=owner_column)
    add_postit(workshop, people["Bram"], text="Te hard rijden", column=owner_column)
    from tests.support.appraisal import actor_of

    aps.problem_mark_set(
        workshop_id=workshop.pk,
        actor=actor_of(people["Ans"]),
        client_op_id=op(),
        postit_id=postit.pk,
    )
    made = aps.core_problem_create(
        workshop_id=workshop.pk,
        actor=actor_of(people["Ans"]),
        client_op_id=op(),
        owner_id=owner_column.pk,
        fields={"formulation": "Zwerfvuil bij de ingang"},
        source_postit_ids=[postit.pk],
    )
    aps.core_problem_confirm(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        core_problem_id=made.event.payload["core_problem"]["id"],
        confirmed=True,
    )
    aps.core_problem_create(
        workshop_id=workshop.pk,
        actor=actor_of(people["Cor"]),
        client_op_id=op(),
        owner_id=owner_column.pk,
        fields={"formulation": "Onveilig gevoel 's avonds"},
    )
    for title, ootb in (("Buurtconciërge", True), ("Extra vuilnisbakken", False)):
        aps.solution_create(
            workshop_id=workshop.pk,
            actor=actor_of(people["Ans"]),
            client_op_id=op(),
            fields={"title": title, "out_of_the_box": ootb},
        )

    html = fac_client.get(detail_url(appraisal)).content.decode()

    def counts(step):
        block = re.search(rf'<li[^>]*data-step="{step}".*?</li>', html, re.S).group(0)
        return [v.strip() for v in re.findall(r"<dd>(.*?)</dd>", block, re.S)]

    assert counts(1) == ["2", "1", "0"]  # post-its, "probleem 1" marks, pitches
    assert counts(2) == ["1 of 2"]  # core problems confirmed of total
    assert counts(4) == ["2", "1"]  # solutions, out of the box
    assert counts(6)[0] == "0 of 2"  # groups that ranked
    assert counts(8)[0] == "not yet"


def test_overview_of_a_fresh_appraisal_offers_both_sessions(fac_client, facilitator):
    appraisal = aps.appraisal_create(user=facilitator, title="Leeg")
    spare = make_workshop(facilitator, title="Losse sessie")

    html = fac_client.get(detail_url(appraisal)).content.decode()

    for number in (1, 2):
        card = re.search(rf'<article[^>]*id="session-{number}".*?</article>', html, re.S).group(0)
        assert 'data-form="create"' in card and 'data-form="link"' in card
        assert f'<option value="{spare.pk}" dir="auto">' in card
    assert 'id="trigger-warnings"' in html  # no trigger yet


def test_the_console_links_back_to_its_appraisal(fac_client, appraisal, workshop):
    html = fac_client.get(reverse("workshops:console", args=[workshop.pk])).content.decode()

    assert f'href="{detail_url(appraisal)}"' in html


def test_a_console_outside_an_appraisal_has_no_such_link(fac_client, workshop):
    html = fac_client.get(reverse("workshops:console", args=[workshop.pk])).content.decode()

    assert 'id="console-appraisal-link"' not in html


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


# --- Work sessions ------------------------------------------------------------------------------


def test_creating_session_two_from_the_template_links_it(fac_client, appraisal, workshop):
    response = fac_client.post(
        link_url(appraisal),
        {
            "session": "2",
            "action": "create",
            "session2-date": "2026-12-17",
            "session2-start_time": "13:30",
        },
    )

    assert response.status_code == 302 and response["Location"].startswith(detail_url(appraisal))
    appraisal.refresh_from_db()
    two = appraisal.session_two
    assert two is not None and appraisal.session_one == workshop
    assert two.template_key == AFWEGEN_II.key and two.organisation_id == appraisal.organisation_id
    assert [i.title for i in two.agenda_items.order_by("position")] == [
        str(i.title) for i in AFWEGEN_II.items
    ]
    assert timezone.localtime(two.planned_start).strftime("%Y-%m-%d %H:%M") == "2026-12-17 13:30"
    assert "Afweging Zuid" in two.title
    assert WorkshopEvent.objects.filter(workshop=two, kind="appraisal.linked").count() == 1
    html = fac_client.get(detail_url(appraisal)).content.decode()
    card = re.search(r'<article[^>]*id="session-2".*?</article>', html, re.S).group(0)
    assert reverse("workshops:console", args=[two.pk]) in card


def test_creating_a_session_twice_makes_only_one(fac_client, appraisal):
    data = {
        "session": "2",
        "action": "create",
        "session2-date": "2026-12-17",
        "session2-start_time": "09:00",
    }
    fac_client.post(link_url(appraisal), data)
    after_first = everything()

    response = fac_client.post(link_url(appraisal), data)

    assert response.status_code == 302
    assert everything() == after_first
    assert Workshop.objects.filter(template_key=AFWEGEN_II.key).count() == 1


def test_creating_session_one_of_a_new_appraisal(fac_client, facilitator):
    appraisal = aps.appraisal_create(user=facilitator, title="Solo")

    fac_client.post(
        link_url(appraisal),
        {
            "session": "1",
            "action": "create",
            "session1-date": "2026-12-03",
            "session1-start_time": "09:00",
        },
    )

    appraisal.refresh_from_db()
    assert appraisal.session_one.template_key == AFWEGEN_I.key
    assert appraisal.session_two is None


def test_a_bad_date_creates_no_session(fac_client, appraisal):
    before = everything()

    response = fac_client.post(
        link_url(appraisal),
        {
            "session": "2",
            "action": "create",
            "session2-date": "morgen",
            "session2-start_time": "09:00",
        },
    )

    assert response.status_code == 400
    assert 'id="id_session2-date_error"' in response.content.decode()
    assert everything() == before


def test_linking_an_existing_session(fac_client, appraisal, facilitator):
    spare = make_workshop(facilitator, template_key="afwegen-2", title="Sessie twee")

    response = fac_client.post(
        link_url(appraisal), {"session": "2", "action": "link", "workshop_id": spare.pk}
    )
    again = fac_client.post(
        link_url(appraisal), {"session": "2", "action": "link", "workshop_id": spare.pk}
    )

    assert response.status_code == 302 and again.status_code == 302
    appraisal.refresh_from_db()
    assert appraisal.session_two == spare
    assert m.Appraisal.objects.filter(session_two=spare).count() == 1


def test_a_session_of_another_appraisal_or_organisation_is_refused(
    fac_client, appraisal, facilitator, other_workshop
):
    taken = make_workshop(facilitator, title="Bezet")
    other = aps.appraisal_create(user=facilitator, title="Andere")
    aps.appraisal_link(user=facilitator, appraisal_id=other.pk, session=1, workshop_id=taken.pk)
    before = everything()

    for workshop_id in (taken.pk, other_workshop.pk, 10**9, "x"):
        response = fac_client.post(
            link_url(appraisal), {"session": "2", "action": "link", "workshop_id": workshop_id}
        )
        assert response.status_code == 302
        assert everything() == before
    html = fac_client.get(detail_url(appraisal)).content.decode()
    assert "utrecht-alert--error" in html


def test_a_wrong_session_number_changes_nothing(fac_client, appraisal, facilitator):
    spare = make_workshop(facilitator, title="Losse sessie")
    before = everything()

    for number in ("3", "", "één"):
        fac_client.post(
            link_url(appraisal), {"session": number, "action": "link", "workshop_id": spare.pk}
        )
        fac_client.post(
            link_url(appraisal),
            {
                "session": number,
                "action": "create",
                "session3-date": "2026-12-03",
                "session3-start_time": "09:00",
            },
        )
    assert everything() == before


# --- Who may ------------------------------------------------------------------------------------


def _pages(appraisal):
    return [
        reverse("appraisals:detail", args=[appraisal.pk]),
        reverse("appraisals:edit", args=[appraisal.pk]),
    ]


def test_another_organisations_facilitator_gets_404_and_changes_nothing(
    client, appraisal, other_facilitator, other_workshop
):
    client.force_login(other_facilitator)
    before = everything()

    for url in _pages(appraisal):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("appraisals:edit", args=[appraisal.pk]), {**VALID, "status": "open"}
        ).status_code
        == 404
    )
    for action in ("create", "link"):
        assert (
            client.post(
                link_url(appraisal),
                {
                    "session": "2",
                    "action": action,
                    "workshop_id": other_workshop.pk,
                    "session2-date": "2026-12-03",
                    "session2-start_time": "09:00",
                },
            ).status_code
            == 404
        )
    assert everything() == before
    assert "Afweging Zuid" not in client.get(reverse("appraisals:list")).content.decode()


def test_anonymous_visitors_go_to_the_login_and_change_nothing(client, appraisal):
    before = everything()

    for url in [reverse("appraisals:list"), reverse("appraisals:create"), *_pages(appraisal)]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            reverse("accounts:login")
        )
    for url in [
        reverse("appraisals:create"),
        reverse("appraisals:edit", args=[appraisal.pk]),
        link_url(appraisal),
    ]:
        response = client.post(
            url,
            {
                **VALID,
                "session": "2",
                "action": "create",
                "session2-date": "2026-12-03",
                "session2-start_time": "09:00",
            },
        )
        assert response.status_code == 302 and response["Location"].startswith(
            reverse("accounts:login")
        )
    assert everything() == before


def test_a_participant_of_the_session_is_refused(client, appraisal, workshop):
    joined = join(workshop, "Ans")
    session = client.session
    session[SESSION_KEY] = {str(workshop.pk): joined.token}
    session.save()
    before = everything()

    assert client.get(detail_url(appraisal)).status_code == 302  # to the login: not an account
    response = client.post(
        link_url(appraisal),
        {
            "session": "2",
            "action": "create",
            "session2-date": "2026-12-03",
            "session2-start_time": "09:00",
        },
    )
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    assert everything() == before


def test_posts_need_the_csrf_token(appraisal, facilitator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(facilitator)
    before = everything()

    assert client.post(reverse("appraisals:create"), VALID).status_code == 403
    assert client.post(reverse("appraisals:edit", args=[appraisal.pk]), VALID).status_code == 403
    assert client.post(link_url(appraisal), {"session": "2", "action": "create"}).status_code == 403
    assert everything() == before
    assert 'name="csrfmiddlewaretoken"' in client.get(detail_url(appraisal)).content.decode()


def test_wrong_methods_are_refused(fac_client, appraisal):
    assert fac_client.post(reverse("appraisals:list")).status_code == 405
    assert fac_client.post(detail_url(appraisal)).status_code == 405
    assert fac_client.get(link_url(appraisal)).status_code == 405


def test_titles_are_escaped(fac_client, facilitator):
    appraisal = aps.appraisal_create(
        user=facilitator,
        title="<script>window.__x=1</script>",
        trigger="<img src=x onerror=alert(1)>",
    )

    for url in (reverse("appraisals:list"), detail_url(appraisal)):
        html = fac_client.get(url).content.decode()
        assert "<script>window.__x" not in html and "<img src=x" not in html
