"""The meeting report of Samenwerken in de wijk, as PDF and Word.

A meeting is played to its closing through the services (``rehearse``), with what a real one
adds: a reaction in the silent round, a note on the top-three sheet, contact forms (one shared,
one not), individual actions of two people, the follow-up, the ground rules with "what is said
here stays here", and a PMI. The documents are downloaded through the page and the API as a
facilitator would and read back the way a person's tools do (pdftotext, python-docx).
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from tests.support.api import call
from tests.support.documents import docx_text, pdf_info, pdf_text
from wijktafel.agreements import selectors as register_selectors
from wijktafel.agreements import services as register
from wijktafel.collaboration import agenda, services
from wijktafel.collaboration.models import Meeting, Note
from wijktafel.collaboration.rehearsal import NOTES, rehearse
from wijktafel.evaluations import services as pmi
from wijktafel.workshops import services as engine
from wijktafel.workshops.models import Participant
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db

SHARED = {"phone": "06 12121212", "email": "ans.deelt@wijkteam-noord.example"}
PRIVATE = {"phone": "06 98989898", "email": "bram.prive@helder-wonen.example"}
REACTION = "Die lunch kan om de beurt bij een andere organisatie."
ON_SHEET = "Start met een gedeelde telefoonlijst."
ACTIONS = {
    "Chantal": {
        "description": "GGD-contactpersonen op de lijst zetten",
        "first_step": "Lijst opvragen bij het secretariaat",
        "with_whom": "Femke",
        "report_back": "Per mail aan Esra",
    },
    "Dirk": {
        "description": "Lunch met de corporatie plannen",
        "first_step": "Drie data voorstellen",
        "with_whom": "Bram",
        "report_back": "Kort in het volgende overleg",
    },
}
FORM_FIELDS = ("first_step", "with_whom", "report_back")


@pytest.fixture(autouse=True)
def _poppler():
    assert shutil.which("pdftotext") and shutil.which("pdfinfo"), "poppler-utils is required"


def _person(workshop, name) -> Participant:
    return Participant.objects.get(workshop=workshop, display_name=name)


def _goto(facilitator, workshop, step) -> None:
    item = workshop.agenda_items.get(step=step)
    engine.timer_control(
        workshop_id=workshop.pk, actor=Actor(user=facilitator), action="goto", item_id=item.pk
    )


def _register_takes_the_action_form() -> bool:
    """The register's action form fields (first step, with whom, report back) are added in
    parallel; until then the test gives them through the register's payload."""
    return "first_step" in inspect.signature(register.agreement_create).parameters


@pytest.fixture
def meeting(facilitator, monkeypatch):
    """A meeting played to its closing, with everything the report holds."""
    rehearsal = rehearse(facilitator, agenda.CLOSING)
    workshop = rehearsal.workshop
    fac = Actor(user=facilitator)
    ids = {"workshop_id": workshop.pk, "client_op_id": None}
    meeting = Meeting.objects.get(workshop=workshop)
    people = {name: _person(workshop, name) for name in ("Ans", "Bram", "Chantal", "Dirk", "Esra")}

    # The silent round: a reaction on the first note; the plenary: a note on the sheet.
    first = Note.objects.get(meeting=meeting, text=NOTES[0])
    _goto(facilitator, workshop, agenda.SILENT)
    services.flap_note_add(
        **ids,
        actor=Actor(participant=people["Bram"]),
        card_id=first.card_id,
        text=REACTION,
        reacts_to_id=first.pk,
    )
    _goto(facilitator, workshop, agenda.CLOSING)
    services.flap_note_add(**ids, actor=fac, card_id=first.card_id, text=ON_SHEET)

    # Contact forms: Ans shares hers, Bram does not.
    services.contact_save(
        **ids, actor=Actor(participant=people["Ans"]), name="Ans", share=True, **SHARED
    )
    services.contact_save(
        **ids, actor=Actor(participant=people["Bram"]), name="Bram", share=False, **PRIVATE
    )

    # Everyone's actions: Chantal and Dirk fill in their action forms.
    action_ids = {}
    for name, form in ACTIONS.items():
        fields = {"description": form["description"]}
        if _register_takes_the_action_form():
            fields |= {key: form[key] for key in FORM_FIELDS}
        made = register.agreement_create(
            **ids,
            actor=Actor(participant=people[name]),
            kind="individual_action",
            due_date=(dt.date.today() + dt.timedelta(days=21)).isoformat(),
            **fields,
        )
        action_ids[made.event.payload["id"]] = name
    if not _register_takes_the_action_form():
        payload = register_selectors.agreement_payload

        def with_the_form(agreement):
            out = payload(agreement)
            name = action_ids.get(out["id"])
            if name:
                out |= {key: ACTIONS[name][key] for key in FORM_FIELDS}
            return out

        monkeypatch.setattr(register_selectors, "agreement_payload", with_the_form)

    # Follow-up and closing.
    next_meeting = workshop.planned_start.date() + dt.timedelta(days=42)
    services.follow_up_set(
        **ids,
        actor=fac,
        next_meeting_date=next_meeting.isoformat(),
        report_back="Iedereen mailt een korte update",
        next_organiser_id=people["Esra"].pk,
    )
    services.closing_set(**ids, actor=fac, stays_here=True, ground_rules=["Geen domme vragen"])

    # The PMI.
    pmi.pmi_update(**ids, actor=fac, open=True)
    pmi.pmi_add(
        **ids, actor=Actor(participant=people["Ans"]), column="interesting", text="Duo's werkten"
    )
    meeting.refresh_from_db()
    return {
        "workshop": workshop,
        "meeting": meeting,
        "people": people,
        "next_meeting": next_meeting,
        "top": [q["wording"] for q in meeting.questions if q["number"] in (6, 2, 3)],
    }


@pytest.fixture
def fac(client, facilitator):
    client.force_login(facilitator)
    return client


def _page(meeting, kind: str) -> str:
    return reverse(f"collaboration:report_{kind}", args=[meeting["workshop"].pk])


def _api(meeting, kind: str) -> str:
    return f"/workshops/{meeting['workshop'].pk}/samenwerken/report.{kind}"


def pdf_pages(content: bytes, tmp_path) -> list[str]:
    """The text of each page of the PDF, as pdftotext reads it."""
    path = tmp_path / "pages.pdf"
    path.write_bytes(content)
    pages = int(pdf_info(content, tmp_path)["Pages"])
    return [
        re.sub(
            r"\s+",
            " ",
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
                capture_output=True,
                check=True,
                text=True,
                timeout=60,
            ).stdout,
        )
        for n in range(1, pages + 1)
    ]


def _docx_header(doc) -> str:
    return " ".join(p.text for section in doc.sections for p in section.header.paragraphs)


def expected(meeting) -> list[str]:
    """What both documents hold, word for word."""
    day = meeting["next_meeting"]
    update = day - dt.timedelta(days=7)
    return [
        *meeting["top"],  # the top three (and the tally)
        *NOTES,  # their notes from the duo round
        "(uit eigen praktijk)",  # where an idea comes from
        REACTION,  # a reaction in the silent round
        ON_SHEET,  # on the top-three sheet
        "Een vaste contactpersoon per organisatie, op één lijst",  # the joint agreement
        "Bram",  # its owner
        *(value for action in ACTIONS.values() for value in action.values()),
        "Chantal",
        "Dirk",
        f"{day.day} ",  # the next meeting and the update a week before
        f"{update.day} ",
        "Esra",  # the next organiser
        "Iedereen mailt een korte update",
        "Geen domme vragen",
        "Wat hier gezegd wordt, blijft hier.",
        "Duo's werkten",  # the PMI
        "Wijkteam Noord",  # attendance: organisation
        SHARED["email"],
        SHARED["phone"],
    ]


# --- The documents hold the meeting -------------------------------------------------------------


def test_the_pdf_holds_the_meeting_and_says_confidential_on_every_page(fac, meeting, tmp_path):
    response = fac.get(_page(meeting, "pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    workshop = meeting["workshop"]
    assert response["Content-Disposition"] == (
        f'attachment; filename="samenwerken-{workshop.pk}-samenwerken-in-de-wijk-verslag.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    content = response.content
    text = pdf_text(content, tmp_path)
    for part in expected(meeting):
        assert part in text, part
    # Contact details only of those who agreed to share them.
    assert PRIVATE["email"] not in text and PRIVATE["phone"] not in text
    assert "Niet gedeeld" in text
    # The next meeting and the update deadline a week before it, in words.
    assert "Volgende bijeenkomst" in text and "een week voor de volgende bijeenkomst" in text
    # Confidential on the cover and on every page.
    pages = pdf_pages(content, tmp_path)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "Vertrouwelijk" in page, number
    assert "Wat hier gezegd wordt, blijft hier. Deel dit verslag niet" in pages[0]
    info = pdf_info(content, tmp_path)
    assert info["Tagged"] == "yes" and "A4" in info["Page size"]
    assert info["Title"] == "Verslag van de bijeenkomst: Samenwerken in de wijk"


def test_the_word_file_holds_the_meeting_with_confidential_in_its_header(fac, meeting):
    response = fac.get(_page(meeting, "docx"))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"].endswith('-verslag.docx"')
    text, doc = docx_text(response.content)
    for part in expected(meeting):
        assert part in text, part
    assert PRIVATE["email"] not in text and PRIVATE["phone"] not in text
    assert "Vertrouwelijk" in _docx_header(doc)
    assert all("Vertrouwelijk" in s.header.paragraphs[0].text for s in doc.sections)
    assert "Vertrouwelijk" in text  # on the cover too
    assert doc.core_properties.language == "nl-NL"
    # The reaction is nested under the note it answers.
    styles = {p.text: p.style.name for p in doc.paragraphs}
    assert styles[f"{NOTES[0]} (uit eigen praktijk)"] == "List Bullet"
    assert styles[REACTION] == "List Bullet 2"


def test_the_report_is_in_the_language_of_the_requester(fac, settings, meeting, tmp_path):
    fac.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    pdf = pdf_text(fac.get(_page(meeting, "pdf")).content, tmp_path)
    text, doc = docx_text(fac.get(_page(meeting, "docx")).content)

    for document in (pdf, text):
        assert "Confidential" in document and "Vertrouwelijk" not in document
        assert "Everyone's actions" in document and "Send your update by" in document
    assert "Confidential" in _docx_header(doc)
    assert doc.core_properties.language == "en-GB"


def test_a_meeting_that_is_not_confidential_says_nothing_of_it(fac, facilitator, meeting, tmp_path):
    services.closing_set(
        workshop_id=meeting["workshop"].pk,
        actor=Actor(user=facilitator),
        client_op_id=None,
        stays_here=False,
    )

    pdf = pdf_text(fac.get(_page(meeting, "pdf")).content, tmp_path)
    text, doc = docx_text(fac.get(_page(meeting, "docx")).content)

    assert "Vertrouwelijk" not in pdf and "Vertrouwelijk" not in text
    assert _docx_header(doc).strip() == ""


def test_a_withdrawn_consent_holds_for_the_next_report(fac, meeting, tmp_path):
    ans = meeting["people"]["Ans"]
    assert SHARED["email"] in pdf_text(fac.get(_page(meeting, "pdf")).content, tmp_path)

    services.contact_save(
        workshop_id=meeting["workshop"].pk,
        actor=Actor(participant=ans),
        client_op_id=None,
        name="Ans",
        share=False,
        **SHARED,
    )

    pdf = pdf_text(fac.get(_page(meeting, "pdf")).content, tmp_path)
    text, _doc = docx_text(fac.get(_page(meeting, "docx")).content)
    for document in (pdf, text):
        assert SHARED["email"] not in document and SHARED["phone"] not in document
        assert "Ans" in document and "Wijkteam Noord" in document  # still took part


def test_the_api_gives_both_documents(fac, meeting, tmp_path):
    pdf = call(fac, "GET", _api(meeting, "pdf"))
    docx = call(fac, "GET", _api(meeting, "docx"))

    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].endswith('-verslag.pdf"')
    assert docx.status_code == 200 and docx["Content-Disposition"].endswith('-verslag.docx"')
    assert pdf["API-Version"] == "1.0.0" and "no-store" in pdf["Cache-Control"]
    text = pdf_text(pdf.content, tmp_path)
    assert meeting["top"][0] in text and PRIVATE["email"] not in text
    assert ACTIONS["Dirk"]["first_step"] in docx_text(docx.content)[0]


def test_the_api_documents_the_binary_answers(fac, meeting):
    document = fac.get("/api/v1/openapi.json").json()

    for kind, content_type in (
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ):
        operation = document["paths"][
            f"/api/v1/workshops/{{workshop_id}}/samenwerken/report.{kind}"
        ]
        answers = operation["get"]["responses"]
        assert answers["200"]["content"][content_type]["schema"]["format"] == "binary"
        assert {"401", "403", "404", "409", "429"} <= set(answers)


def test_a_meeting_without_anything_yet_still_has_a_report(fac, facilitator, tmp_path):
    workshop = rehearse(facilitator, agenda.WELCOME).workshop

    response = fac.get(reverse("collaboration:report_pdf", args=[workshop.pk]))

    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert "Er zijn geen stickers geplakt." in text and "Vertrouwelijk" not in text


# --- Who gets it -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_only_the_facilitators_get_the_report(client, meeting, other_facilitator, kind):
    workshop = meeting["workshop"]
    joined = engine.participant_join(workshop=workshop, display_name="Gijs")
    page, api = _page(meeting, kind), _api(meeting, kind)

    # Another organisation's facilitator: as if the meeting did not exist.
    client.force_login(other_facilitator)
    assert client.get(page).status_code == 404
    assert call(client, "GET", api).status_code == 404
    client.logout()

    # A participant: the page is for accounts (to the login), the API refuses with 403.
    assert call(client, "GET", api, token=joined.token).status_code == 403
    response = client.get(page)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    assert call(client, "GET", api).status_code == 401


def test_a_participant_session_in_the_browser_gets_no_report(client, meeting):
    """A browser that joined the meeting (its cookie session) is no facilitator."""
    workshop = meeting["workshop"]
    response = client.post(reverse("workshops:join"), {"code": engine.join_code(workshop)})
    client.post(response["Location"], {"display_name": "Hanna"})

    page = client.get(_page(meeting, "pdf"))
    api = call(client, "GET", _api(meeting, "pdf"))

    assert page.status_code == 302 and page["Content-Type"] != "application/pdf"
    assert api.status_code == 403


def test_a_session_that_is_no_meeting_has_no_report(fac, workshop):
    page = fac.get(reverse("collaboration:report_pdf", args=[workshop.pk]))
    api = call(fac, "GET", f"/workshops/{workshop.pk}/samenwerken/report.docx")

    assert page.status_code == 404
    assert api.status_code == 409 and api.json()["code"] == "conflict"


def test_the_report_counts_against_the_export_limit(fac, settings, meeting):
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "EXPORTS_PER_ACCOUNT": (2, 3600)}
    assert fac.get(_page(meeting, "pdf")).status_code == 200
    assert call(fac, "GET", _api(meeting, "docx")).status_code == 200

    page = fac.get(_page(meeting, "docx"))
    api = call(fac, "GET", _api(meeting, "pdf"))

    assert page.status_code == 429 and int(page["Retry-After"]) > 0
    assert "korte tijd" in page.content.decode()
    assert api.status_code == 429 and api.json()["code"] == "rate_limited"


def test_the_console_links_to_both_documents(fac, meeting):
    workshop = meeting["workshop"]

    page = fac.get(reverse("workshops:console", args=[workshop.pk])).content.decode()

    assert f'href="{_page(meeting, "pdf")}"' in page
    assert f'href="{_page(meeting, "docx")}"' in page


def test_a_long_chain_of_reactions_stays_three_deep(fac, meeting):
    """Reactions to reactions can go on as long as a meeting takes notes (2,000): the report
    indents them three deep and lists the rest there, in order, without running out of stack."""
    first = Note.objects.get(meeting=meeting["meeting"], text=NOTES[0])
    note = Note.objects.get(meeting=meeting["meeting"], text=REACTION)
    for n in range(1, 1201):
        note = Note.objects.create(
            meeting=meeting["meeting"],
            card_id=first.card_id,
            text=f"Reactie {n}",
            round=Note.Round.SILENT,
            reacts_to=note,
        )

    response = fac.get(_page(meeting, "docx"))

    assert response.status_code == 200
    _text, doc = docx_text(response.content)
    styles = [(p.text, p.style.name) for p in doc.paragraphs if p.text.startswith("Reactie ")]
    assert [text for text, _style in styles] == [f"Reactie {n}" for n in range(1, 1201)]
    assert {style for _text, style in styles} == {"List Bullet 3"}
