"""An ended session refuses every write, to its facilitator too, on every route; only the
follow-up (the register of agreements, the appraisal's report) stays open to its facilitators."""

import pytest

from tests.support.api import call, state_of
from wijktafel.agreements.models import Agreement
from wijktafel.workshops import services
from wijktafel.workshops.models import Workshop
from wijktafel.workshops.services import Actor

LIVE_WRITES = [
    ("POST", "/timer", {"action": "start"}),
    ("POST", "/postits", {"text": "Zwerfvuil"}),
    ("POST", "/agenda-items", {"title": "Pauze", "duration_minutes": 10}),
    ("POST", "/join-code/rotate", None),
    ("POST", "/joining", {"open": True}),
    ("POST", "/round", {"preset": "silent"}),
    ("POST", "/spotlight", {"target": "part:pmi"}),
    ("POST", "/columns", {"title": "Politie"}),
]


@pytest.fixture
def ended(workshop, facilitator, ans):
    services.workshop_end(workshop_id=workshop.pk, actor=Actor(user=facilitator))
    return Workshop.objects.get(pk=workshop.pk)


@pytest.mark.parametrize(("method", "path", "body"), LIVE_WRITES)
def test_the_facilitator_api_refuses_live_writes_after_the_end(
    fac_client, ended, method, path, body
):
    before = state_of(ended)
    codes = (ended.join_nonce, ended.join_code_digest)

    response = call(fac_client, method, f"/workshops/{ended.pk}{path}", body)

    assert response.status_code == 403, response.content
    assert "ended" in response.json()["message"] or "afgelopen" in response.json()["message"]
    assert state_of(ended) == before
    after = Workshop.objects.get(pk=ended.pk)
    assert (after.join_nonce, after.join_code_digest) == codes


def test_a_participant_token_writes_nothing_after_the_end(anon, ended, ans):
    before = state_of(ended)

    response = call(
        anon, "POST", f"/workshops/{ended.pk}/postits", {"text": "Zwerfvuil"}, token=ans.token
    )

    assert response.status_code in (401, 403)
    assert state_of(ended) == before


def test_the_follow_up_stays_open_to_the_facilitator(fac_client, ended, ans):
    response = call(
        fac_client,
        "POST",
        f"/workshops/{ended.pk}/agreements",
        {"kind": "follow_up", "description": "Terugkoppelen", "owner_ids": [ans.participant.pk]},
    )

    assert response.status_code == 201, response.content
    assert Agreement.objects.get(workshop=ended).description == "Terugkoppelen"
