"""The page of the ten questions (/samenwerken/vragen/): an organisation words them its own way
with its solution directions, one question at a time, and can set one back to the original.
Every new meeting of the organisation starts from the questions as they are then."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from tests.support.factories import make_workshop
from wijktafel.accounts.models import User
from wijktafel.collaboration.models import Meeting, QuestionWording
from wijktafel.collaboration.questions import QUESTIONS, questions_of
from wijktafel.stickers.models import Target
from wijktafel.workshops import services as engine

pytestmark = pytest.mark.django_db

PAGE = "/samenwerken/vragen/"
WORDING = "Hoe worden we het eens over onze aanpak in Noord?"
DIRECTIONS = ["Samen een visie op één A4", "Een dag meelopen bij elkaar"]
TYPED = "\n".join(DIRECTIONS)


@pytest.fixture
def fac(client, facilitator):
    client.force_login(facilitator)
    return client


def _save(client, number=3, wording=WORDING, directions=TYPED, **extra):
    return client.post(
        PAGE,
        {
            "number": str(number),
            "action": "save",
            "wording": wording,
            "directions": directions,
            **extra,
        },
    )


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_page_is_where_the_menu_says():
    assert reverse("collaboration:questions") == PAGE


def test_the_page_lists_the_ten_questions_with_a_form_each(fac, org):
    response = fac.get(PAGE)

    assert response.status_code == 200
    page = _text(response)
    for question in questions_of(org):
        assert question.wording in page
        assert f'id="vraag-{question.number}"' in page
        assert f'id="id_q{question.number}-directions"' in page
    assert page.count('name="action" value="save"') == 10
    assert "Terugzetten naar het origineel" not in page  # nothing changed yet
    # Dutch first: the publication's wording, and why the solution directions are empty.
    assert "Wie heeft welke taak en verantwoordelijkheid?" in page
    assert "oplossingsrichtingen bij de vragen waren niet te vinden" in page
    assert "Eén oplossingsrichting per regel." in page


def test_saving_words_the_question_and_its_solution_directions(fac, org):
    response = _save(
        fac, directions="  Samen een visie op één A4 \r\n\r\nEen dag meelopen bij elkaar\n"
    )

    assert response.status_code == 302
    assert response["Location"] == PAGE + "#vraag-3"
    row = QuestionWording.objects.get(organisation=org, number=3)
    assert row.wording == WORDING and row.directions == DIRECTIONS
    page = _text(fac.get(PAGE))
    assert "Vraag 3 is bewaard." in page
    assert WORDING in page and "Een dag meelopen bij elkaar" in page
    # The original stays in sight, and only this question can be set back.
    assert "Het origineel: <q>Hoe komen we op één lijn qua visie en werkwijze?</q>" in page
    assert page.count('name="action" value="restore"') == 1


def test_a_new_meeting_gets_the_wording_and_directions_on_its_cards(fac, facilitator):
    before = make_workshop(facilitator, "samenwerken", "Eerder gemaakt")
    _save(fac)

    workshop = make_workshop(facilitator, "samenwerken", "Samenwerken in Noord")

    card = Meeting.objects.get(workshop=workshop).questions[2]
    assert card["number"] == 3
    assert card["wording"] == WORDING and card["directions"] == DIRECTIONS
    assert Target.objects.get(pk=card["target_id"]).label == WORDING
    # A meeting that was already there keeps its own questions.
    earlier = Meeting.objects.get(workshop=before).questions[2]
    assert earlier["wording"] != WORDING and earlier["directions"] == []


def test_restoring_brings_the_original_back(fac, org):
    _save(fac)

    response = fac.post(PAGE, {"number": "3", "action": "restore"})

    assert response.status_code == 302 and response["Location"] == PAGE + "#vraag-3"
    assert not QuestionWording.objects.filter(organisation=org).exists()
    page = _text(fac.get(PAGE))
    assert "Vraag 3 staat weer zoals in het origineel." in page
    assert WORDING not in page and "Terugzetten naar het origineel" not in page
    question = questions_of(org)[2]
    assert question.wording == question.original and question.directions == ()


def test_too_long_a_wording_is_refused_in_dutch_and_nothing_is_lost(fac, org):
    _save(fac)
    long = "Hoe " + "x" * 197 + "?"

    response = _save(fac, wording=long, directions="Een nieuwe richting")

    assert response.status_code == 400
    page = _text(response)
    assert "Vraag is te lang: maximaal 200 tekens, je typte er 202." in page
    assert "utrecht-form-field--invalid" in page
    assert long in page and "Een nieuwe richting" in page  # what was typed is still there
    row = QuestionWording.objects.get(organisation=org, number=3)
    assert row.wording == WORDING and row.directions == DIRECTIONS


def test_too_many_solution_directions_are_refused_at_their_field(fac, org):
    response = _save(fac, directions="\n".join(f"Richting {n}" for n in range(21)))

    assert response.status_code == 400
    page = _text(response)
    assert "Geef hoogstens 20 oplossingsrichtingen." in page
    assert 'id="id_q3-directions_error"' in page
    assert not QuestionWording.objects.filter(organisation=org).exists()


def test_an_empty_wording_is_refused(fac, org):
    response = _save(fac, wording="   ")

    assert response.status_code == 400
    assert "Vraag is leeg." in _text(response)
    assert not QuestionWording.objects.filter(organisation=org).exists()


@pytest.mark.parametrize("number", ["", "0", "11", "drie", "3.0"])
def test_a_question_that_is_not_one_of_the_ten_is_refused(fac, org, number):
    response = fac.post(PAGE, {"number": number, "action": "restore"})

    assert response.status_code == 400
    assert "Kies een van de tien vragen." in _text(response)
    assert not QuestionWording.objects.filter(organisation=org).exists()


def test_anonymous_and_participants_cannot_reach_it(client, workshop, org):
    for method in (client.get, client.post):
        response = method(PAGE, {"number": "3", "action": "save", "wording": WORDING})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    # A browser that joined a session is a participant, not an account.
    joined = client.post(reverse("workshops:join"), {"code": engine.join_code(workshop)})
    client.post(joined["Location"], {"display_name": "Hanna"})
    assert client.get(PAGE).status_code == 302
    assert _save(client).status_code == 302
    assert not QuestionWording.objects.filter(organisation=org).exists()


def test_an_account_of_no_organisation_gets_403(client, org):
    admin = User.objects.create_superuser("beheer@example.nl", "geheim-wachtwoord-3")
    client.force_login(admin)

    assert client.get(PAGE).status_code == 403
    assert _save(client).status_code == 403
    assert not QuestionWording.objects.exists()


def test_another_organisation_keeps_its_own_wording(fac, client, org, other_org, other_facilitator):
    _save(fac)

    assert questions_of(other_org)[2].wording == str(QUESTIONS[2])
    client.force_login(other_facilitator)
    page = _text(client.get(PAGE))
    assert WORDING not in page and "Terugzetten naar het origineel" not in page
    # Its own change does not touch the first organisation's.
    assert _save(client, wording="Hoe delen wij onze visie?").status_code == 302
    assert QuestionWording.objects.get(organisation=org, number=3).wording == WORDING
    assert QuestionWording.objects.get(organisation=other_org, number=3).wording == (
        "Hoe delen wij onze visie?"
    )
