"""The facilitator's appraisal pages: who may open and post them (other organisations,
anonymous visitors, participants, CSRF, methods), and escaping."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.support.appraisal_pages import VALID, detail_url, everything, link_url
from tests.support.factories import join
from wijktafel.appraisals import services as aps
from wijktafel.workshops.identity import SESSION_KEY

# Asserts on the English source strings (conftest.english).
pytestmark = pytest.mark.usefixtures("english")


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
