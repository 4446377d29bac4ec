"""The appraisal documents: the report as PDF and Word, the solution cards as PDF.

A complete appraisal (two work sessions, groups, every step) is made through the services; the
documents are downloaded through the pages and the API as a facilitator would, and read back the
way a person's tools read them: ``pdftotext`` for the PDF, python-docx for the Word file,
``pdfinfo`` for the page count. Refusals get no document and change nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document

from tests.api.conftest import call
from tests.conftest import join, make_workshop
from wijktafel.activities import services as wall
from wijktafel.appraisals import documents
from wijktafel.appraisals.documents.context import day
from wijktafel.appraisals import models as m
from wijktafel.appraisals import services as aps
from wijktafel.appraisals.documents import css_string, filename
from wijktafel.workshops.models import WorkshopEvent
from wijktafel.workshops.services import Actor


@pytest.fixture(autouse=True)
def _poppler():
    """pdftotext and pdfinfo read the PDFs as a person's tools do; scripts/setup.sh installs them."""
    assert shutil.which("pdftotext") and shutil.which("pdfinfo"), "poppler-utils is required"

PNG_DIR = Path("/tmp/report-png")


def op():
    return uuid.uuid4()


def build_complete_appraisal(facilitator) -> dict:
    """Afweging complex A, from the post-its of session I to the choice of session II."""
    fac = Actor(user=facilitator)
    one = make_workshop(facilitator, "afwegen-1", "Werksessie I Zuid")
    two = make_workshop(facilitator, "afwegen-2", "Werksessie II Zuid")
    appraisal = aps.appraisal_create(
        user=facilitator, title="Afweging complex A",
        trigger="Leegstand in complex A groeit al een jaar; bewoners klagen over overlast",
        horizon_years=10)
    aps.appraisal_link(user=facilitator, appraisal_id=appraisal.pk, session=1, workshop_id=one.pk)
    aps.appraisal_link(user=facilitator, appraisal_id=appraisal.pk, session=2, workshop_id=two.pk)
    s1, s2 = one.pk, two.pk

    people = {
        "Ans": join(one, "Ans"), "Bram": join(one, "Bram"), "Cor": join(one, "Cor"),
        "Dewi": join(one, "Dewi"),
    }
    from wijktafel.workshops.services import participant_join
    people["Ezra"] = participant_join(workshop=one, display_name="Ezra", organisation_name="Politie",
                                      role_text="wijkagent, bel 06-12345678 of ezra@example.nl")
    act = {name: Actor(participant=p.participant) for name, p in people.items()}

    def made(result, key):
        return result.event.payload[key]["id"]

    g1 = made(aps.group_create(workshop_id=s1, actor=fac, client_op_id=op(), name="Groep Noord",
                               member_ids=[people["Ans"].participant.pk,
                                           people["Bram"].participant.pk]), "group")
    g2 = made(aps.group_create(workshop_id=s1, actor=fac, client_op_id=op(), name="Groep Zuid",
                               member_ids=[people["Cor"].participant.pk,
                                           people["Dewi"].participant.pk]), "group")

    postits = {}
    for name, text, owner in [("Ans", "Hangjongeren bij de ingang", "Bewoners"),
                              ("Bram", "Woningen staan leeg", "Corporatie"),
                              ("Cor", "Bewoners voelen zich onveilig", "Bewoners"),
                              ("Dewi", "Veel meldingen van overlast", "Gemeente"),
                              ("Ans", "Een buurthuis zou helpen", "Bewoners")]:
        result = wall.postit_create(workshop_id=s1, actor=act[name], client_op_id=op(), text=text,
                                    why="Dat merken we elke dag", column_title=owner)
        postits[text] = result.event.payload
    for name, text in [("Ans", "Hangjongeren bij de ingang"), ("Bram", "Woningen staan leeg"),
                       ("Cor", "Bewoners voelen zich onveilig"),
                       ("Dewi", "Veel meldingen van overlast")]:
        aps.problem_mark_set(workshop_id=s1, actor=act[name], client_op_id=op(),
                             postit_id=postits[text]["id"])
    idea = postits["Een buurthuis zou helpen"]
    wall.postit_park(workshop_id=s1, actor=fac, client_op_id=op(), postit_id=idea["id"],
                     note="Oplossing voor stap 4")

    cp1 = made(aps.core_problem_create(
        workshop_id=s1, actor=act["Ans"], client_op_id=op(),
        owner_id=postits["Hangjongeren bij de ingang"]["column_id"],
        fields={"formulation": "Bewoners voelen zich onveilig door hangjongeren bij de ingang",
                "underlying_problems": ["Geen plek voor jongeren in de buurt"],
                "nature": "Onveiligheid", "affected_count": 120, "affected_unit": "huishoudens",
                "what_if_unsolved": "Meer mensen verhuizen", "could_solve_itself": "partly"},
        source_postit_ids=[postits["Hangjongeren bij de ingang"]["id"],
                           postits["Bewoners voelen zich onveilig"]["id"]]), "core_problem")
    cp2 = made(aps.core_problem_create(
        workshop_id=s1, actor=act["Cor"], client_op_id=op(),
        owner_id=postits["Woningen staan leeg"]["column_id"],
        fields={"formulation": "Leegstand kost de corporatie huur en trekt overlast aan",
                "could_solve_itself": "no"},
        source_postit_ids=[postits["Woningen staan leeg"]["id"]]), "core_problem")
    for cp in (cp1, cp2):
        aps.core_problem_confirm(workshop_id=s1, actor=fac, client_op_id=op(), core_problem_id=cp,
                                 confirmed=True)

    aps.baseline_set(workshop_id=s1, actor=fac, client_op_id=op(), fields={
        "description": "Huidig beheer; nieuwe cv-ketels bij mutatie", "horizon_years": 10,
        "checklist": {"not_a_solution": True, "decisions_taken": True, "sober": True,
                      "legal_norms": False, "behaviour_change": True, "autonomous_change": True},
        "decisions_taken": "Het park wordt in 2027 opgeknapt", "one_off_cost": 50000,
        "periodic_cost_per_year": 20000, "one_off_income": 0, "periodic_income_per_year": 300000})

    def solution(title, who, ootb=False, **extra):
        return made(aps.solution_create(
            workshop_id=s1, actor=act[who], client_op_id=op(),
            fields={"title": title, "effects_text": "Minder overlast",
                    "who_experiences": "Bewoners", "out_of_the_box": ootb}, **extra), "solution")

    sol = {
        "conciërge": solution("Buurtconciërge", "Ans"),
        "buurthuis": solution("Buurthuis voor jongeren", "Bram", from_postit_id=idea["id"]),
        "skatebaan": solution("Jongeren bouwen zelf een skatebaan", "Ans", ootb=True),
        "studenten": solution("Leegstaande woningen aan studenten", "Cor", ootb=True),
        "camera": solution("Camera’s bij de ingang", "Dewi"),
        "toezicht": solution("Meer toezicht bij de ingang", "Cor"),
    }
    aps.solution_merge(workshop_id=s1, actor=fac, client_op_id=op(), solution_id=sol["toezicht"],
                       into_id=sol["camera"])
    aps.action_add(workshop_id=s1, actor=fac, client_op_id=op(), fields={
        "title": "Oplossingskaarten uitwerken", "owner_name": "Fenna", "due_date": "2026-12-10",
        "kind": "work_agreement"})

    later = {n: join(two, n) for n in ("Eva", "Frits", "Gul", "Hans")}
    later_act = {n: Actor(participant=p.participant) for n, p in later.items()}
    h1 = made(aps.group_create(workshop_id=s2, actor=fac, client_op_id=op(), name="Tafel 1",
                               member_ids=[later["Eva"].participant.pk,
                                           later["Frits"].participant.pk]), "group")
    h2 = made(aps.group_create(workshop_id=s2, actor=fac, client_op_id=op(), name="Tafel 2",
                               member_ids=[later["Gul"].participant.pk,
                                           later["Hans"].participant.pk]), "group")
    core_effects = aps.core_effects_set(workshop_id=s2, actor=fac, client_op_id=op(), items=[
        {"text": "Meer veiligheidsgevoel bij bewoners", "mirrors_core_problem_id": cp1},
        {"text": "Minder leegstand", "mirrors_core_problem_id": cp2}]).event.payload["core_effects"]
    candidates = [sol[k] for k in ("conciërge", "buurthuis", "skatebaan", "studenten", "camera")]
    for index, solution_id in enumerate(candidates):
        aps.card_save(workshop_id=s2, actor=fac, client_op_id=op(), solution_id=solution_id, fields={
            "description": "Uitgewerkt na sessie I", "horizon_years": 10,
            "extra_one_off_cost": 10000 * (index + 1), "extra_periodic_cost_per_year": 5000,
            "extra_periodic_income_per_year": 1000 * index,
            "effects": [{"text": "Beter veiligheidsgevoel", "sign": "+", "who": "bewoners",
                         "reach": "complex", "core_effect_id": core_effects[0]["id"]},
                        {"text": "Meer beheerkosten", "sign": "-", "who": "corporatie",
                         "reach": "buurt"}],
            "uncertainties": ["Doen jongeren mee?"], "variants": ["Alleen in de zomer"],
            "to_investigate": [{"title": f"Kosten navragen {index + 1}", "owner_name": "Bram",
                                "due_date": "2027-01-15"}]})
    aps.criterion_add(workshop_id=s2, actor=fac, client_op_id=op(), title="Draagvlak bij bewoners")
    aps.ranking_set(workshop_id=s2, actor=later_act["Eva"], client_op_id=op(), group_id=h1,
                    ordered_solution_ids=[sol["skatebaan"], sol["conciërge"], sol["buurthuis"],
                                          sol["studenten"], sol["camera"]],
                    solving_power={str(cp1): {str(sol["skatebaan"]): 60,
                                              str(sol["conciërge"]): 40}},
                    notes="Skatebaan scoort hoog op draagvlak")
    aps.ranking_set(workshop_id=s2, actor=later_act["Gul"], client_op_id=op(), group_id=h2,
                    ordered_solution_ids=[sol["conciërge"], sol["skatebaan"], sol["studenten"],
                                          sol["buurthuis"], sol["camera"]])
    top = [sol["conciërge"], sol["skatebaan"], sol["buurthuis"]]
    aps.selection_set(workshop_id=s2, actor=fac, client_op_id=op(), solution_ids=top,
                      outlier_notes="Studenten: hoog bij tafel 2",
                      dropout_notes="Camera’s: terecht afgevallen")
    for solution_id in top:
        for cp, who in ((cp1, "Eva"), (cp2, "Gul")):
            aps.effect_card_set(workshop_id=s2, actor=later_act[who], client_op_id=op(),
                                solution_id=solution_id, core_problem_id=cp,
                                main_effects=["Minder overlast", "Hogere kosten"], size="medium")
    aps.choice_set(workshop_id=s2, actor=fac, client_op_id=op(), fields={
        "kind": "combination", "solution_ids": top[:2], "baseline_considered": True,
        "baseline_reason": "Het basisalternatief lost de onveiligheid niet op",
        "combinations_considered": "Conciërge met skatebaan",
        "other_aspects": "Bewoners steunen het plan",
        "decision_procedure": "Het bestuur van de corporatie besluit in maart",
        "decided_by": "Bestuur", "decision_date": "2027-03-01", "is_final": True})
    aps.insight_add(workshop_id=s2, actor=later_act["Gul"], client_op_id=op(),
                    text="Het echte probleem is dat jongeren geen plek hebben",
                    core_problem_ids=[cp1])
    aps.action_add(workshop_id=s2, actor=fac, client_op_id=op(), fields={
        "title": "Plan voor de skatebaan", "owner_name": "Gul", "due_date": "2027-04-01",
        "kind": "follow_up"})
    return {"appraisal": m.Appraisal.objects.get(pk=appraisal.pk), "sessions": (one, two),
            "solutions": sol, "top": top, "candidates": candidates}


@pytest.fixture
def world(facilitator):
    return build_complete_appraisal(facilitator)


@pytest.fixture
def fac(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def fac_en(fac, settings):
    fac.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return fac


def pdf_text(content: bytes, tmp_path: Path, name="doc.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                          check=True, text=True, timeout=60).stdout
    return re.sub(r"\s+", " ", text)  # a table cell may wrap; compare words, not line breaks


def pdf_info(content: bytes, tmp_path: Path) -> dict:
    path = tmp_path / "info.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True,
                         timeout=60).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines()
                                              if ":" in line)}


def docx_text(content: bytes) -> tuple[str, Document]:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return re.sub(r"\s+", " ", "\n".join(parts)), doc


def expected_texts(world) -> list[str]:
    """What the report must hold: the choice, the selection, every core problem (original and
    sharpened), the baseline totals, the rankings and the actions."""
    appraisal = world["appraisal"]
    texts = [appraisal.title, appraisal.trigger]
    for cp in appraisal.core_problems.all():
        texts += [cp.formulation, *[part.strip() for part in cp.original_wording.split("/")]]
    titles = {s.pk: s.title for s in appraisal.solutions.all()}
    texts += [titles[pk] for pk in world["top"]]  # the selection, and the choice (its first two)
    texts += ["Het basisalternatief lost de onveiligheid niet op", "Conciërge met skatebaan",
              "Het echte probleem is dat jongeren geen plek hebben",  # insight
              "Een buurthuis zou helpen", "Oplossing voor stap 4",  # parked
              "Oplossingskaarten uitwerken", "Plan voor de skatebaan", "Kosten navragen 1",
              "Fenna", "Gul", "Tafel 1", "Tafel 2", "Groep Noord", "Meer veiligheidsgevoel bij bewoners",
              "Studenten: hoog bij tafel 2", "Camera’s: terecht afgevallen"]
    return texts


# --- The documents hold the appraisal -------------------------------------------------------------

def test_the_report_pdf_holds_every_step_in_english(fac_en, world, tmp_path):
    fac = fac_en
    appraisal = world["appraisal"]

    response = fac.get(reverse("appraisals:report_pdf", args=[appraisal.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="afweging-{appraisal.pk}-afweging-complex-a-rapport.pdf"')
    assert response["Cache-Control"] == "no-store"
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

    PNG_DIR.mkdir(exist_ok=True)
    for old in PNG_DIR.glob("report-*.png"):
        old.unlink()
    (PNG_DIR / "report.pdf").write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(PNG_DIR / "report.pdf"),
                    str(PNG_DIR / "report")], check=True, timeout=120)
    assert len(list(PNG_DIR.glob("report-*.png"))) == int(info["Pages"])


def test_the_report_is_dutch_by_default(fac, world, tmp_path):
    appraisal = world["appraisal"]

    response = fac.get(reverse("appraisals:report_pdf", args=[appraisal.pk]))

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

    response = fac.get(reverse("appraisals:report_docx", args=[appraisal.pk]))

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
        "1", "Jongeren bouwen zelf een skatebaan", "Buurtconciërge"]
    costs = next(t for t in doc.tables if t.rows[0].cells[0].text == "Cost element")
    assert [c.text for c in costs.rows[-2].cells] == ["Total costs", "", "€ 250,000"]
    # Participants and roles: the session leader first, then the people who joined.
    people = next(t for t in doc.tables if t.rows[0].cells[0].text == "Name")
    assert [c.text for c in people.rows[1].cells] == [
        "Fenna", appraisal.organisation.name, "Facilitator"]
    assert "06-12345678" not in text


def test_the_solution_cards_print_one_card_a_page(fac_en, world, tmp_path):
    fac = fac_en
    appraisal = world["appraisal"]

    response = fac.get(reverse("appraisals:cards_pdf", args=[appraisal.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-oplossingskaarten.pdf"')
    live = m.Solution.objects.filter(appraisal=appraisal, merged_into__isnull=True).count()
    assert live == len(world["candidates"]) == 5
    assert int(pdf_info(response.content, tmp_path)["Pages"]) == live
    path = tmp_path / "cards.pdf"
    path.write_bytes(response.content)
    for page, solution_id in enumerate(world["candidates"], start=1):
        page_text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                                   capture_output=True, check=True, text=True).stdout
        title = m.Solution.objects.get(pk=solution_id).title
        assert title in page_text
        assert "Beter veiligheidsgevoel" in page_text and "Meer beheerkosten" in page_text
        assert "Doen jongeren mee?" in page_text and "Alleen in de zomer" in page_text
    PNG_DIR.mkdir(exist_ok=True)
    (PNG_DIR / "cards.pdf").write_bytes(response.content)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(PNG_DIR / "cards.pdf"),
                    str(PNG_DIR / "cards")], check=True, timeout=60)


def test_a_card_with_much_text_still_fits_its_page(fac_en, world, tmp_path):
    one, two = world["sessions"]
    text = "Beter veiligheidsgevoel voor bewoners en bezoekers van het complex " * 2
    solution_id = world["candidates"][0]
    aps.card_save(workshop_id=two.pk, actor=Actor(user=world["appraisal"].created_by),
                  client_op_id=op(), solution_id=solution_id, fields={
                      "description": text, "horizon_years": 10,
                      "effects": [{"text": text[:120], "sign": "+-"[i % 2], "who": "bewoners",
                                   "reach": "wijk"} for i in range(8)],
                      "uncertainties": [text] * 3, "variants": [text] * 3})

    response = fac_en.get(reverse("appraisals:cards_pdf", args=[world["appraisal"].pk]))

    assert int(pdf_info(response.content, tmp_path)["Pages"]) == 5  # still one card a page


def test_the_api_serves_the_same_three_documents(fac, world, tmp_path):
    appraisal = world["appraisal"]
    base = f"/appraisals/{appraisal.pk}"

    pdf = call(fac, "GET", base + "/report.pdf", headers={"Accept-Language": "en"})
    word = call(fac, "GET", base + "/report.docx", headers={"Accept-Language": "en"})
    cards = call(fac, "GET", base + "/cards.pdf")

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
        "type": "string", "format": "binary"}
    assert "404" in route["responses"] and "429" in route["responses"]
    docx = schema["paths"]["/api/v1/appraisals/{appraisal_id}/report.docx"]["get"]
    assert documents.DOCX in docx["responses"]["200"]["content"]
    assert "/api/v1/appraisals/{appraisal_id}/cards.pdf" in schema["paths"]


def test_an_empty_appraisal_says_nothing_was_recorded(fac_en, facilitator, tmp_path):
    fac = fac_en
    appraisal = aps.appraisal_create(user=facilitator, title="Lege afweging", horizon_years=5)

    pdf = fac.get(reverse("appraisals:report_pdf", args=[appraisal.pk]))
    word = fac.get(reverse("appraisals:report_docx", args=[appraisal.pk]))
    cards = fac.get(reverse("appraisals:cards_pdf", args=[appraisal.pk]))

    text = pdf_text(pdf.content, tmp_path)
    assert text.count("Nothing recorded.") >= 8  # every empty section says so, none vanishes
    for heading in ("Trigger", "Step 1: Inventory", "Step 8: Choice", "Insights",
                    "Parked topics", "Actions and agreements"):
        assert heading in text
    assert docx_text(word.content)[0].count("Nothing recorded.") >= 8
    assert "There are no solutions yet." in pdf_text(cards.content, tmp_path, "cards.pdf")


def test_a_missing_effect_card_shows_as_not_recorded(fac_en, world, tmp_path):
    appraisal = world["appraisal"]
    m.EffectCard.objects.filter(solution_id=world["top"][2]).delete()  # none for Buurthuis yet

    response = fac_en.get(reverse("appraisals:report_pdf", args=[appraisal.pk]))

    text = pdf_text(response.content, tmp_path)
    step7 = text[text.index("Step 7: Effect cards"):text.index("Step 8: Choice")]
    assert "Buurthuis voor jongeren" in step7  # selected, so listed with its missing rows
    assert step7.count("Nothing recorded.") == 2  # one per problem owner (a cell that spans)
    assert step7.count("Minder overlast; Hogere kosten") == 4  # the other two solutions


# --- Refusals: no document, nothing changes -------------------------------------------------------

def database() -> dict:
    return {"events": WorkshopEvent.objects.count(),
            **{model.__name__: list(model.objects.order_by("pk").values())
               for model in (m.Appraisal, m.Solution, m.SolutionCard, m.Choice, m.Action)}}


@pytest.mark.parametrize("name", ["report_pdf", "report_docx", "cards_pdf"])
def test_others_get_no_document(name, world, other_facilitator):
    appraisal = world["appraisal"]
    one, _two = world["sessions"]
    url = reverse(f"appraisals:{name}", args=[appraisal.pk])
    before = database()

    anonymous = Client().get(url)
    other = Client()
    other.force_login(other_facilitator)
    foreign = other.get(url)
    participant = Client()
    joined = join(one, "Nieuwsgierig")
    session = participant.session
    from wijktafel.workshops.identity import SESSION_KEY
    session[SESSION_KEY] = {str(one.pk): joined.token}
    session.save()
    as_participant = participant.get(url)
    missing = other.get(reverse(f"appraisals:{name}", args=[appraisal.pk + 1000]))

    assert anonymous.status_code == 302 and "/inloggen/" in anonymous["Location"]
    assert foreign.status_code == 404 and as_participant.status_code == 302
    assert missing.status_code == 404
    for response in (anonymous, foreign, as_participant, missing):
        assert b"%PDF" not in response.content and b"PK" not in response.content[:4]
        assert "Content-Disposition" not in response
    after = database()
    after["events"] -= 1  # the participant who joined to try
    assert after == before


@pytest.mark.parametrize("route", ["report.pdf", "report.docx", "cards.pdf"])
def test_the_api_refuses_others_as_if_the_appraisal_did_not_exist(route, world, other_facilitator):
    appraisal = world["appraisal"]
    one, _two = world["sessions"]
    path = f"/appraisals/{appraisal.pk}/{route}"
    other = Client()
    other.force_login(other_facilitator)
    joined = join(one, "Nieuwsgierig")
    before = database()

    foreign = call(other, "GET", path)
    anonymous = call(Client(), "GET", path)
    participant = call(Client(), "GET", path, token=joined.token)

    assert foreign.status_code == 404 and foreign.json()["code"] == "not_found"
    assert anonymous.status_code == 401 and participant.status_code == 401
    assert database() == before


def test_the_eleventh_document_in_an_hour_is_refused(fac, facilitator, settings):
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "EXPORTS_PER_ACCOUNT": (3, 3600)}
    cache.clear()
    appraisal = aps.appraisal_create(user=facilitator, title="Afweging", horizon_years=5)
    url = reverse("appraisals:report_docx", args=[appraisal.pk])

    answers = [fac.get(url).status_code for _ in range(3)]
    page = fac.get(url)
    api = call(fac, "GET", f"/appraisals/{appraisal.pk}/report.pdf")

    assert answers == [200, 200, 200]
    assert page.status_code == 429 and int(page["Retry-After"]) > 0
    assert "Content-Disposition" not in page
    assert api.status_code == 429 and api.json()["code"] == "rate_limited"
    assert int(api["Retry-After"]) > 0


def test_the_default_limit_is_ten_an_hour(fac, facilitator, caplog):
    cache.clear()
    appraisal = aps.appraisal_create(user=facilitator, title="Afweging", horizon_years=5)
    url = reverse("appraisals:report_docx", args=[appraisal.pk])

    with caplog.at_level("INFO", logger="wijktafel.security"):
        answers = [fac.get(url).status_code for _ in range(11)]

    assert answers == [200] * 10 + [429]
    messages = [r.getMessage() for r in caplog.records if r.name == "wijktafel.security"]
    assert messages.count(f"export kind=report_docx appraisal={appraisal.pk} "
                          f"user={facilitator.pk}") == 10
    assert f"export_limit user={facilitator.pk} limit=10 window=3600" in messages


# --- Small parts ----------------------------------------------------------------------------------

def test_file_names_are_safe_ascii(facilitator):
    appraisal = aps.appraisal_create(user=facilitator, title='Café "Zuid" / ../../etc\r\n',
                                     horizon_years=5)

    name = filename(appraisal, "rapport", "pdf")

    assert name == f"afweging-{appraisal.pk}-cafe-zuid-etc-rapport.pdf"
    assert name.isascii() and '"' not in name and "/" not in name


def test_a_title_cannot_break_out_of_the_page_footer():
    escaped = css_string('Zuid"; } body { display: none } </style><script>x</script>\n\'')

    assert '"' not in escaped and "<" not in escaped and "'" not in escaped
    assert "\n" not in escaped and "\\22 " in escaped


def test_the_pdf_fetches_nothing_from_outside(db):
    from wijktafel.appraisals.documents.pdf import _fetcher_class

    fetcher = _fetcher_class()()
    for url in ("https://example.org/x.png", "file:///etc/passwd", "http://127.0.0.1/",
                "wijktafel-static:/static/../../config/settings.py", "data:text/plain,hi"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    served = fetcher.fetch("wijktafel-static:/static/css/report.css")
    assert b"@page" in served.read()


def test_markup_typed_into_an_appraisal_is_text_and_fetches_nothing(facilitator, tmp_path):
    from wijktafel.appraisals.documents import pdf

    appraisal = aps.appraisal_create(
        user=facilitator, title='<img src="http://127.0.0.1:9/x.png"> Zuid',
        trigger='<link rel="stylesheet" href="file:///etc/passwd"><b>vet</b>', horizon_years=5)

    fetched = []

    class Spy(pdf._fetcher_class()):
        def fetch(self, url, headers=None):
            fetched.append(url)
            return super().fetch(url, headers)

    real = pdf._fetcher_class
    pdf._fetcher_class = lambda: Spy
    try:
        content = documents.report_pdf(appraisal)
    finally:
        pdf._fetcher_class = real
    assert fetched == []
    text = pdf_text(content, tmp_path)
    assert '<img src="http://127.0.0.1:9/x.png"> Zuid' in text and "<b>vet</b>" in text


@pytest.mark.parametrize(("language", "written"), [("nl", "31 december 2026"), ("en", "31 December 2026")])
def test_document_dates_are_written_day_first_in_both_languages(language, written):
    """Dates in the documents read as the pages write them; English too (not "Dec. 31, 2026")."""
    with translation.override(language):
        assert day("2026-12-31") == written
        assert day(dt.date(2026, 12, 31)) == written
        assert day("2026-12-31T10:00:00+01:00") == written
        assert day(None) == ""
