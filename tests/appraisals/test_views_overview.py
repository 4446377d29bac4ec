"""The facilitator's appraisal pages: the overview, and creating or linking its work sessions."""

from __future__ import annotations

import re

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests.support.appraisal import add_postit, op
from tests.support.appraisal_pages import detail_url, everything, link_url
from tests.support.factories import make_workshop
from wijktafel.appraisals import models as m
from wijktafel.appraisals import services as aps
from wijktafel.appraisals.agenda import AFWEGEN_I, AFWEGEN_II
from wijktafel.workshops.models import Workshop, WorkshopEvent

# Asserts on the English source strings (conftest.english).
pytestmark = pytest.mark.usefixtures("english")


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
