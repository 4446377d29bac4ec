"""Server-rendered pages of the live session: joining by code or QR code, and the events endpoint."""

import pytest
from django.urls import reverse

from tests.support.pages import event_count, join_by_pages
from wijktafel.workshops import services
from wijktafel.workshops.identity import SESSION_KEY
from wijktafel.workshops.models import Participant, Workshop

# Asserts on the English source strings (conftest.english).
pytestmark = pytest.mark.usefixtures("english")


# --- Joining ----------------------------------------------------------------------------------


def test_join_by_code_then_name_opens_the_participate_view(client, workshop):
    client.get(reverse("home"))
    key_before = client.session.session_key
    code = services.join_code(workshop)

    first = client.post(
        reverse("workshops:join"), {"code": code.lower()[:4] + "-" + code.lower()[4:]}
    )
    assert first.status_code == 302
    assert first["Location"] == reverse("workshops:join_name")
    second = client.post(
        reverse("workshops:join_name"),
        {"display_name": "Ans", "organisation_name": "Woonstichting", "role_text": "wijkconsulent"},
    )

    participant = Participant.objects.get(workshop=workshop)
    assert second.status_code == 302
    assert second["Location"] == reverse("workshops:participate", args=[workshop.pk])
    assert (participant.display_name, participant.organisation_name, participant.role_text) == (
        "Ans",
        "Woonstichting",
        "wijkconsulent",
    )
    assert client.session.session_key != key_before
    assert list(client.session[SESSION_KEY]) == [str(workshop.pk)]
    page = client.get(reverse("workshops:participate", args=[workshop.pk]))
    assert page.status_code == 200
    assert page.context["participant"] == participant
    assert "join_code" not in page.context


def test_join_accepts_confusable_letters_for_digits(client, workshop, fac_actor):
    code = services.join_code(workshop)
    for _attempt in range(60):
        if "0" in code or "1" in code:
            break
        workshop = services.workshop_rotate_code(workshop_id=workshop.pk, actor=fac_actor)
        code = services.join_code(workshop)
    assert "0" in code or "1" in code
    typed = code.replace("0", "o").replace("1", "l")

    response = client.post(reverse("workshops:join"), {"code": typed})

    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:join_name")


def test_join_page_has_a_code_field_for_phones(client, db):
    html = client.get(reverse("workshops:join")).content.decode()

    assert 'inputmode="text"' in html
    assert 'autocapitalize="characters"' in html
    assert 'autocomplete="off"' in html
    assert "The code is on the big screen, for example K7QM-4XTD." in html


def test_a_wrong_code_shows_the_error_and_creates_nothing(client, workshop):
    before = event_count(workshop)

    response = client.post(reverse("workshops:join"), {"code": "ZZZZ-ZZZZ"})

    assert response.status_code == 400
    assert response.context["form"].errors["code"] == [
        "We do not know this code. Check the code on the big screen and try again."
    ]
    assert 'id="id_code_error"' in response.content.decode()
    assert "wijktafel_pending_join" not in client.session
    assert Participant.objects.count() == 0
    assert event_count(workshop) == before


def test_qr_join_continues_on_a_url_without_the_token(client, workshop):
    token = services.join_token(workshop)

    response = client.get(reverse("workshops:join_qr", args=[token]))

    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:join_name")
    assert token not in response["Location"]
    final = client.post(reverse("workshops:join_name"), {"display_name": "Ans"})
    assert final["Location"] == reverse("workshops:participate", args=[workshop.pk])
    assert token not in final["Location"]


def test_a_stale_qr_code_shows_the_join_form_with_the_message(client, workshop):
    response = client.get(reverse("workshops:join_qr", args=["0" * 32]))

    assert response.status_code == 404
    assert (
        "This QR code no longer works. Ask the facilitator for the code."
        in response.content.decode()
    )
    assert "wijktafel_pending_join" not in client.session


def test_joining_an_ended_workshop_is_refused(client, workshop, fac_actor):
    services.workshop_end(workshop_id=workshop.pk, actor=fac_actor)
    before = event_count(workshop)

    by_code = client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})
    by_qr = client.get(reverse("workshops:join_qr", args=[services.join_token(workshop)]))

    assert by_code.status_code == 400
    assert by_code.context["form"].errors["code"] == ["This session has ended."]
    assert by_qr.status_code == 403
    assert Participant.objects.count() == 0
    assert event_count(workshop) == before


def test_joining_when_joining_is_closed_is_refused(client, workshop, fac_actor):
    services.workshop_set_joining(workshop_id=workshop.pk, actor=fac_actor, open_=False)

    response = client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})

    assert response.status_code == 400
    assert response.context["form"].errors["code"] == [
        "Joining this session is closed. Ask the facilitator."
    ]
    assert Participant.objects.count() == 0


def test_joining_closed_between_code_and_name_is_refused_at_the_name_step(
    client, workshop, fac_actor
):
    client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})
    services.workshop_set_joining(workshop_id=workshop.pk, actor=fac_actor, open_=False)
    before = event_count(workshop)

    response = client.post(reverse("workshops:join_name"), {"display_name": "Ans"})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Joining this session is closed. Ask the facilitator."
    ]
    assert Participant.objects.count() == 0
    assert event_count(workshop) == before


def test_the_name_step_needs_a_code_first(client, db):
    response = client.get(reverse("workshops:join_name"))

    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:join")


def test_an_empty_name_shows_the_error_and_creates_nothing(client, workshop):
    client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})

    response = client.post(reverse("workshops:join_name"), {"display_name": "   "})

    assert response.status_code == 400
    assert response.context["form"].errors["display_name"] == [
        "Your name is empty. Please type something."
    ]
    assert "Everyone in this session sees what you fill in here." in response.content.decode()
    assert Participant.objects.count() == 0


def test_a_device_that_already_joined_goes_straight_back_in(client, workshop):
    join_by_pages(client, workshop, "Ans")

    response = client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})

    assert response["Location"] == reverse("workshops:participate", args=[workshop.pk])
    assert Participant.objects.count() == 1


# --- Events endpoint -----------------------------------------------------------------------------


def test_events_after_a_sequence_number_for_the_facilitator(fac_client, workshop, ans, bram):
    response = fac_client.get(
        reverse("workshops:events", args=[workshop.pk]) + f"?after={ans.event.seq}"
    )

    assert response.status_code == 200
    body = response.json()
    assert [e["seq"] for e in body["events"]] == [bram.event.seq]
    assert body["events"][0]["kind"] == "participant.joined"
    assert body["head"] == bram.event.seq


def test_events_without_after_give_a_snapshot_for_a_participant(client, workshop):
    join_by_pages(client, workshop, "Ans")

    body = client.get(reverse("workshops:events", args=[workshop.pk])).json()

    assert body["snapshot"]["head"] == Workshop.objects.get(pk=workshop.pk).last_seq
    assert [p["display_name"] for p in body["snapshot"]["participants"]] == ["Ans"]


def test_events_refuse_strangers_with_json(client, workshop):
    response = client.get(reverse("workshops:events", args=[workshop.pk]) + "?after=0")

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
