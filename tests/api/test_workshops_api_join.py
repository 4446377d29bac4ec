"""API of the live session engine: joining by code or QR token, and the participants."""

import pytest

from tests.support.api import call, state_of
from wijktafel.workshops import codes, services
from wijktafel.workshops.models import Participant, Workshop

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


@pytest.mark.parametrize("name", ["Fenna", " fénna ", "FENNA", "Gespreksleider", "facilitator"])
def test_a_name_that_copies_the_facilitators_is_refused(anon, workshop, name):
    before = state_of(workshop)

    response = call(
        anon, "POST", "/join", {"code": services.join_code(workshop), "display_name": name}
    )

    assert response.status_code == 400
    assert response.json()["field"] == "display_name"
    assert state_of(workshop) == before


def test_a_name_that_only_starts_like_the_facilitators_is_welcome(anon, workshop):
    response = call(
        anon, "POST", "/join", {"code": services.join_code(workshop), "display_name": "Fenna B."}
    )

    assert response.status_code == 201
