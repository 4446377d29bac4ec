"""The appraisal documents: the report as PDF and Word, the solution cards as PDF.

A complete appraisal (two work sessions, groups, every step) is made through the services; the
documents are downloaded through the pages and the API as a facilitator would, and read back the
way a person's tools read them: ``pdftotext`` for the PDF, python-docx for the Word file,
``pdfinfo`` for the page count (the appraisal and the readers are in document_world.py).
Refusals are in test_documents_refusals.py, the small parts in test_documents_parts.py.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from django.urls import reverse
from django.utils import translation

from tests.support.api import call
from tests.support.documents import (
    docx_text,
    expected_texts,
    fetch_document,
    fetch_document_api,
    op,
    pdf_info,
    pdf_text,
)
from wijktafel.appraisals import documents
from wijktafel.appraisals import models as m
from wijktafel.appraisals import services as aps
from wijktafel.workshops.services import Actor

PNG_DIR = Path("/tmp/report-png")


# --- The documents hold the appraisal -------------------------------------------------------------


def test_the_report_pdf_holds_every_step_in_english(fac_en, world, tmp_path):
    fac = fac_en
    appraisal = world["appraisal"]

    response = fetch_document(fac, reverse("appraisals:report_pdf", args=[appraisal.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="afweging-{appraisal.pk}-afweging-complex-a-rapport.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    content = response.content
    text = pdf_text(content, tmp_path)
    for expected in expected_texts(world):
        assert expected in text, expected
    # Baseline: the four cost elements and the totals over ten years.
    assert "€ 50,000" in text and "€ 20,000" in text and "€ 200,000" in text
    assert "Total costs € 250,000" in text and "Total income € 3,000,000" in text
    # The chosen combination and the rankings side by side with the aggregate.
    assert "Chosen: a combination: Buurtconciërge, Jongeren bouwen zelf een skatebaan" in text
    assert re.search(r"1 Jongeren bouwen zelf een skatebaan Buurtconciërge", text)
    assert re.search(r"2 Buurtconciërge Jongeren bouwen zelf een skatebaan", text)
    assert "Sum of ranks" in text and "Consensus ranking" in text
    assert "Dropouts to review" in text
    info = pdf_info(content, tmp_path)
    assert info["Title"] == "Appraisal report: Afweging complex A"
    assert info["Tagged"] == "yes" and "A4" in info["Page size"]
    # No contact details of a participant, even when typed into the role.
    assert "06-12345678" not in text and "ezra@example.nl" not in text
    assert "Ezra" in text and "Politie" in text and "wijkagent" in text
    assert "professional · presenter" in text  # the kind and the session role
    assert "Parkeerplaatsen bij de flat – Andere tafel · scheduled" in text  # and its status

    PNG_DIR.mkdir(exist_ok=True)
    for old in PNG_DIR.glob("report-*.png"):
        old.unlink()
    (PNG_DIR / "report.pdf").write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(PNG_DIR / "report.pdf"), str(PNG_DIR / "report")],
        check=True,
        timeout=120,
    )
    assert len(list(PNG_DIR.glob("report-*.png"))) == int(info["Pages"])


def test_the_report_is_dutch_by_default(fac, world, tmp_path):
    appraisal = world["appraisal"]

    response = fetch_document(fac, reverse("appraisals:report_pdf", args=[appraisal.pk]))

    text = pdf_text(response.content, tmp_path)
    assert response.status_code == 200
    assert "€ 250.000" in text  # Dutch grouping
    assert pdf_info(response.content, tmp_path)["Title"].endswith("Afweging complex A")
    assert documents.report_context(appraisal)["lang"] == "nl"  # <html lang="nl">
    with translation.override("en"):
        assert documents.report_context(appraisal)["lang"] == "en"


def test_the_report_docx_holds_the_same_content_with_real_headings(fac_en, world, settings):
    fac = fac_en
    appraisal = world["appraisal"]

    response = fetch_document(fac, reverse("appraisals:report_docx", args=[appraisal.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == documents.DOCX
    assert response["Content-Disposition"].endswith('-rapport.docx"')
    text, doc = docx_text(response.content)
    for expected in expected_texts(world):
        assert expected in text, expected
    assert "€ 250,000" in text and "€ 3,000,000" in text
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Step 2: Sharpen" in headings and "Actions and agreements" in headings
    assert "Participants and roles" in headings
    assert doc.core_properties.title == "Appraisal report: Afweging complex A"
    assert doc.core_properties.language == "en-GB"
    # Rankings side by side: a table with a column per group.
    ranking = next(t for t in doc.tables if t.rows[0].cells[0].text == "#")
    assert [c.text for c in ranking.rows[0].cells] == ["#", "Tafel 1", "Tafel 2"]
    assert [c.text for c in ranking.rows[1].cells] == [
        "1",
        "Jongeren bouwen zelf een skatebaan",
        "Buurtconciërge",
    ]
    costs = next(t for t in doc.tables if t.rows[0].cells[0].text == "Cost element")
    assert [c.text for c in costs.rows[-2].cells] == ["Total costs", "", "€ 250,000"]
    # Participants and roles: the session leader first, then the people who joined.
    people = next(t for t in doc.tables if t.rows[0].cells[0].text == "Name")
    assert [c.text for c in people.rows[1].cells] == [
        "Fenna",
        appraisal.organisation.name,
        "Facilitator",
    ]
    assert "06-12345678" not in text


def test_the_solution_cards_print_one_card_a_page(fac_en, world, tmp_path):
    fac = fac_en
    appraisal = world["appraisal"]

    response = fetch_document(fac, reverse("appraisals:cards_pdf", args=[appraisal.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-oplossingskaarten.pdf"')
    live = m.Solution.objects.filter(appraisal=appraisal, merged_into__isnull=True).count()
    assert live == len(world["candidates"]) == 5
    assert int(pdf_info(response.content, tmp_path)["Pages"]) == live
    path = tmp_path / "cards.pdf"
    path.write_bytes(response.content)
    for page, solution_id in enumerate(world["candidates"], start=1):
        page_text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        title = m.Solution.objects.get(pk=solution_id).title
        assert title in page_text
        assert "Beter veiligheidsgevoel" in page_text and "Meer beheerkosten" in page_text
        assert "Doen jongeren mee?" in page_text and "Alleen in de zomer" in page_text
    PNG_DIR.mkdir(exist_ok=True)
    (PNG_DIR / "cards.pdf").write_bytes(response.content)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(PNG_DIR / "cards.pdf"),
            str(PNG_DIR / "cards"),
        ],
        check=True,
        timeout=60,
    )


def test_a_card_with_much_text_still_fits_its_page(fac_en, world, tmp_path):
    one, two = world["sessions"]
    text = "Beter veiligheidsgevoel voor bewoners en bezoekers van het complex " * 2
    solution_id = world["candidates"][0]
    aps.card_save(
        workshop_id=two.pk,
        actor=Actor(user=world["appraisal"].created_by),
        client_op_id=op(),
        solution_id=solution_id,
        fields={
            "description": text,
            "horizon_years": 10,
            "effects": [
                {"text": text[:120], "sign": "+-"[i % 2], "who": "bewoners", "reach": "wijk"}
                for i in range(8)
            ],
            "uncertainties": [text] * 3,
            "variants": [text] * 3,
        },
    )

    response = fetch_document(fac_en, reverse("appraisals:cards_pdf", args=[world["appraisal"].pk]))

    assert int(pdf_info(response.content, tmp_path)["Pages"]) == 5  # still one card a page


def test_the_api_serves_the_same_three_documents(fac, world, tmp_path):
    appraisal = world["appraisal"]
    base = f"/appraisals/{appraisal.pk}"

    pdf = fetch_document_api(call, fac, base + "/report.pdf", headers={"Accept-Language": "en"})
    word = fetch_document_api(call, fac, base + "/report.docx", headers={"Accept-Language": "en"})
    cards = fetch_document_api(call, fac, base + "/cards.pdf")

    assert [r.status_code for r in (pdf, word, cards)] == [200, 200, 200]
    assert pdf["Content-Type"] == "application/pdf" and pdf["API-Version"]
    assert pdf["Content-Disposition"].startswith("attachment; filename=")
    text = pdf_text(pdf.content, tmp_path)
    for expected in expected_texts(world):
        assert expected in text, expected
    assert expected_texts(world)[0] in docx_text(word.content)[0]
    assert int(pdf_info(cards.content, tmp_path)["Pages"]) == 5


def test_the_openapi_document_describes_the_binary_answers(client):
    schema = client.get("/api/v1/openapi.json").json()

    route = schema["paths"]["/api/v1/appraisals/{appraisal_id}/report.pdf"]["get"]
    assert route["responses"]["200"]["content"]["application/pdf"]["schema"] == {
        "type": "string",
        "format": "binary",
    }
    assert "404" in route["responses"] and "429" in route["responses"]
    docx = schema["paths"]["/api/v1/appraisals/{appraisal_id}/report.docx"]["get"]
    assert documents.DOCX in docx["responses"]["200"]["content"]
    assert "/api/v1/appraisals/{appraisal_id}/cards.pdf" in schema["paths"]


def test_an_empty_appraisal_says_nothing_was_recorded(fac_en, facilitator, tmp_path):
    fac = fac_en
    appraisal = aps.appraisal_create(user=facilitator, title="Lege afweging", horizon_years=5)

    pdf = fetch_document(fac, reverse("appraisals:report_pdf", args=[appraisal.pk]))
    word = fetch_document(fac, reverse("appraisals:report_docx", args=[appraisal.pk]))
    cards = fetch_document(fac, reverse("appraisals:cards_pdf", args=[appraisal.pk]))

    text = pdf_text(pdf.content, tmp_path)
    assert text.count("Nothing recorded.") >= 8  # every empty section says so, none vanishes
    for heading in (
        "Trigger",
        "Step 1: Inventory",
        "Step 8: Choice",
        "Insights",
        "Parked topics",
        "Actions and agreements",
    ):
        assert heading in text
    assert docx_text(word.content)[0].count("Nothing recorded.") >= 8
    assert "There are no solutions yet." in pdf_text(cards.content, tmp_path, "cards.pdf")


def test_a_missing_effect_card_shows_as_not_recorded(fac_en, world, tmp_path):
    appraisal = world["appraisal"]
    m.EffectCard.objects.filter(solution_id=world["top"][2]).delete()  # none for Buurthuis yet

    response = fetch_document(fac_en, reverse("appraisals:report_pdf", args=[appraisal.pk]))

    text = pdf_text(response.content, tmp_path)
    step7 = text[text.index("Step 7: Effect cards") : text.index("Step 8: Choice")]
    assert "Buurthuis voor jongeren" in step7  # selected, so listed with its missing rows
    assert step7.count("Nothing recorded.") == 2  # one per problem owner (a cell that spans)
    assert step7.count("Minder overlast; Hogere kosten") == 4  # the other two solutions
