"""A complete appraisal for the document tests, the fixtures around it and the readers of the
files: the autouse ``_poppler`` check, ``world`` (two work sessions, groups, every step),
``fac``/``fac_en`` (the facilitator's client, Dutch or English), and ``pdf_text``,
``pdf_info`` and ``docx_text``, which read a document back the way a person's tools do."""

from __future__ import annotations

import io
import re
import subprocess
import uuid
from pathlib import Path

from docx import Document

from tests.support.factories import join, make_workshop
from wijktafel.activities import services as wall
from wijktafel.appraisals import models as m
from wijktafel.appraisals import services as aps
from wijktafel.workshops.services import Actor


def op():
    return uuid.uuid4()


def build_complete_appraisal(facilitator) -> dict:
    """Afweging complex A, from the post-its of session I to the choice of session II."""
    fac = Actor(user=facilitator)
    one = make_workshop(facilitator, "afwegen-1", "Werksessie I Zuid")
    two = make_workshop(facilitator, "afwegen-2", "Werksessie II Zuid")
    appraisal = aps.appraisal_create(
        user=facilitator,
        title="Afweging complex A",
        trigger="Leegstand in complex A groeit al een jaar; bewoners klagen over overlast",
        horizon_years=10,
    )
    aps.appraisal_link(user=facilitator, appraisal_id=appraisal.pk, session=1, workshop_id=one.pk)
    aps.appraisal_link(user=facilitator, appraisal_id=appraisal.pk, session=2, workshop_id=two.pk)
    s1, s2 = one.pk, two.pk

    people = {
        "Ans": join(one, "Ans"),
        "Bram": join(one, "Bram"),
        "Cor": join(one, "Cor"),
        "Dewi": join(one, "Dewi"),
    }
    from wijktafel.workshops.services import participant_join

    people["Ezra"] = participant_join(
        workshop=one,
        display_name="Ezra",
        organisation_name="Politie",
        role_text="wijkagent, bel 06-12345678 of ezra@example.nl",
        kind="professional",
    )
    from wijktafel.workshops.services import participant_update

    participant_update(
        workshop_id=s1, actor=fac, participant_id=people["Ezra"].participant.pk, roles=["presenter"]
    )
    act = {name: Actor(participant=p.participant) for name, p in people.items()}

    def made(result, key):
        return result.event.payload[key]["id"]

    made(
        aps.group_create(
            workshop_id=s1,
            actor=fac,
            client_op_id=op(),
            name="Groep Noord",
            member_ids=[people["Ans"].participant.pk, people["Bram"].participant.pk],
        ),
        "group",
    )
    made(
        aps.group_create(
            workshop_id=s1,
            actor=fac,
            client_op_id=op(),
            name="Groep Zuid",
            member_ids=[people["Cor"].participant.pk, people["Dewi"].participant.pk],
        ),
        "group",
    )

    postits = {}
    for name, text, owner in [
        ("Ans", "Hangjongeren bij de ingang", "Bewoners"),
        ("Bram", "Woningen staan leeg", "Corporatie"),
        ("Cor", "Bewoners voelen zich onveilig", "Bewoners"),
        ("Dewi", "Veel meldingen van overlast", "Gemeente"),
        ("Ans", "Een buurthuis zou helpen", "Bewoners"),
    ]:
        result = wall.postit_create(
            workshop_id=s1,
            actor=act[name],
            client_op_id=op(),
            text=text,
            why="Dat merken we elke dag",
            column_title=owner,
        )
        postits[text] = result.event.payload
    for name, text in [
        ("Ans", "Hangjongeren bij de ingang"),
        ("Bram", "Woningen staan leeg"),
        ("Cor", "Bewoners voelen zich onveilig"),
        ("Dewi", "Veel meldingen van overlast"),
    ]:
        aps.problem_mark_set(
            workshop_id=s1, actor=act[name], client_op_id=op(), postit_id=postits[text]["id"]
        )
    idea = postits["Een buurthuis zou helpen"]
    wall.postit_park(
        workshop_id=s1,
        actor=fac,
        client_op_id=op(),
        postit_id=idea["id"],
        note="Oplossing voor stap 4",
    )

    cp1 = made(
        aps.core_problem_create(
            workshop_id=s1,
            actor=act["Ans"],
            client_op_id=op(),
            owner_id=postits["Hangjongeren bij de ingang"]["column_id"],
            fields={
                "formulation": "Bewoners voelen zich onveilig door hangjongeren bij de ingang",
                "underlying_problems": ["Geen plek voor jongeren in de buurt"],
                "nature": "Onveiligheid",
                "affected_count": 120,
                "affected_unit": "huishoudens",
                "what_if_unsolved": "Meer mensen verhuizen",
                "could_solve_itself": "partly",
            },
            source_postit_ids=[
                postits["Hangjongeren bij de ingang"]["id"],
                postits["Bewoners voelen zich onveilig"]["id"],
            ],
        ),
        "core_problem",
    )
    cp2 = made(
        aps.core_problem_create(
            workshop_id=s1,
            actor=act["Cor"],
            client_op_id=op(),
            owner_id=postits["Woningen staan leeg"]["column_id"],
            fields={
                "formulation": "Leegstand kost de corporatie huur en trekt overlast aan",
                "could_solve_itself": "no",
            },
            source_postit_ids=[postits["Woningen staan leeg"]["id"]],
        ),
        "core_problem",
    )
    for cp in (cp1, cp2):
        aps.core_problem_confirm(
            workshop_id=s1, actor=fac, client_op_id=op(), core_problem_id=cp, confirmed=True
        )

    aps.baseline_set(
        workshop_id=s1,
        actor=fac,
        client_op_id=op(),
        fields={
            "description": "Huidig beheer; nieuwe cv-ketels bij mutatie",
            "horizon_years": 10,
            "checklist": {
                "not_a_solution": True,
                "decisions_taken": True,
                "sober": True,
                "legal_norms": False,
                "behaviour_change": True,
                "autonomous_change": True,
            },
            "decisions_taken": "Het park wordt in 2027 opgeknapt",
            "one_off_cost": 50000,
            "periodic_cost_per_year": 20000,
            "one_off_income": 0,
            "periodic_income_per_year": 300000,
        },
    )

    def solution(title, who, ootb=False, **extra):
        return made(
            aps.solution_create(
                workshop_id=s1,
                actor=act[who],
                client_op_id=op(),
                fields={
                    "title": title,
                    "effects_text": "Minder overlast",
                    "who_experiences": "Bewoners",
                    "out_of_the_box": ootb,
                },
                **extra,
            ),
            "solution",
        )

    sol = {
        "conciërge": solution("Buurtconciërge", "Ans"),
        "buurthuis": solution("Buurthuis voor jongeren", "Bram", from_postit_id=idea["id"]),
        "skatebaan": solution("Jongeren bouwen zelf een skatebaan", "Ans", ootb=True),
        "studenten": solution("Leegstaande woningen aan studenten", "Cor", ootb=True),
        "camera": solution("Camera’s bij de ingang", "Dewi"),
        "toezicht": solution("Meer toezicht bij de ingang", "Cor"),
    }
    aps.solution_merge(
        workshop_id=s1,
        actor=fac,
        client_op_id=op(),
        solution_id=sol["toezicht"],
        into_id=sol["camera"],
    )
    aps.action_add(
        workshop_id=s1,
        actor=fac,
        client_op_id=op(),
        fields={
            "title": "Oplossingskaarten uitwerken",
            "owner_name": "Fenna",
            "due_date": "2026-12-10",
            "kind": "work_agreement",
        },
    )

    later = {n: join(two, n) for n in ("Eva", "Frits", "Gul", "Hans")}
    later_act = {n: Actor(participant=p.participant) for n, p in later.items()}
    h1 = made(
        aps.group_create(
            workshop_id=s2,
            actor=fac,
            client_op_id=op(),
            name="Tafel 1",
            member_ids=[later["Eva"].participant.pk, later["Frits"].participant.pk],
        ),
        "group",
    )
    h2 = made(
        aps.group_create(
            workshop_id=s2,
            actor=fac,
            client_op_id=op(),
            name="Tafel 2",
            member_ids=[later["Gul"].participant.pk, later["Hans"].participant.pk],
        ),
        "group",
    )
    core_effects = aps.core_effects_set(
        workshop_id=s2,
        actor=fac,
        client_op_id=op(),
        items=[
            {"text": "Meer veiligheidsgevoel bij bewoners", "mirrors_core_problem_id": cp1},
            {"text": "Minder leegstand", "mirrors_core_problem_id": cp2},
        ],
    ).event.payload["core_effects"]
    candidates = [sol[k] for k in ("conciërge", "buurthuis", "skatebaan", "studenten", "camera")]
    for index, solution_id in enumerate(candidates):
        aps.card_save(
            workshop_id=s2,
            actor=fac,
            client_op_id=op(),
            solution_id=solution_id,
            fields={
                "description": "Uitgewerkt na sessie I",
                "horizon_years": 10,
                "extra_one_off_cost": 10000 * (index + 1),
                "extra_periodic_cost_per_year": 5000,
                "extra_periodic_income_per_year": 1000 * index,
                "effects": [
                    {
                        "text": "Beter veiligheidsgevoel",
                        "sign": "+",
                        "who": "bewoners",
                        "reach": "complex",
                        "core_effect_id": core_effects[0]["id"],
                    },
                    {
                        "text": "Meer beheerkosten",
                        "sign": "-",
                        "who": "corporatie",
                        "reach": "buurt",
                    },
                ],
                "uncertainties": ["Doen jongeren mee?"],
                "variants": ["Alleen in de zomer"],
                "to_investigate": [
                    {
                        "title": f"Kosten navragen {index + 1}",
                        "owner_name": "Bram",
                        "due_date": "2027-01-15",
                    }
                ],
            },
        )
    aps.criterion_add(workshop_id=s2, actor=fac, client_op_id=op(), title="Draagvlak bij bewoners")
    aps.ranking_set(
        workshop_id=s2,
        actor=later_act["Eva"],
        client_op_id=op(),
        group_id=h1,
        ordered_solution_ids=[
            sol["skatebaan"],
            sol["conciërge"],
            sol["buurthuis"],
            sol["studenten"],
            sol["camera"],
        ],
        solving_power={str(cp1): {str(sol["skatebaan"]): 60, str(sol["conciërge"]): 40}},
        notes="Skatebaan scoort hoog op draagvlak",
    )
    aps.ranking_set(
        workshop_id=s2,
        actor=later_act["Gul"],
        client_op_id=op(),
        group_id=h2,
        ordered_solution_ids=[
            sol["conciërge"],
            sol["skatebaan"],
            sol["studenten"],
            sol["buurthuis"],
            sol["camera"],
        ],
    )
    top = [sol["conciërge"], sol["skatebaan"], sol["buurthuis"]]
    aps.selection_set(
        workshop_id=s2,
        actor=fac,
        client_op_id=op(),
        solution_ids=top,
        outlier_notes="Studenten: hoog bij tafel 2",
        dropout_notes="Camera’s: terecht afgevallen",
    )
    for solution_id in top:
        for cp, who in ((cp1, "Eva"), (cp2, "Gul")):
            aps.effect_card_set(
                workshop_id=s2,
                actor=later_act[who],
                client_op_id=op(),
                solution_id=solution_id,
                core_problem_id=cp,
                main_effects=["Minder overlast", "Hogere kosten"],
                size="medium",
            )
    aps.choice_set(
        workshop_id=s2,
        actor=fac,
        client_op_id=op(),
        fields={
            "kind": "combination",
            "solution_ids": top[:2],
            "baseline_considered": True,
            "baseline_reason": "Het basisalternatief lost de onveiligheid niet op",
            "combinations_considered": "Conciërge met skatebaan",
            "other_aspects": "Bewoners steunen het plan",
            "decision_procedure": "Het bestuur van de corporatie besluit in maart",
            "decided_by": "Bestuur",
            "decision_date": "2027-03-01",
            "is_final": True,
        },
    )
    aps.insight_add(
        workshop_id=s2,
        actor=later_act["Gul"],
        client_op_id=op(),
        text="Het echte probleem is dat jongeren geen plek hebben",
        core_problem_ids=[cp1],
    )
    aps.action_add(
        workshop_id=s2,
        actor=fac,
        client_op_id=op(),
        fields={
            "title": "Plan voor de skatebaan",
            "owner_name": "Gul",
            "due_date": "2027-04-01",
            "kind": "follow_up",
        },
    )
    # The shared blocks the report reads: an agreement with two owners in the register, and a
    # PMI of session I with its "interesting" note and the dots on its minus notes.
    from wijktafel.agreements import services as register
    from wijktafel.evaluations import services as pmi
    from wijktafel.stickers import services as stickers

    register.agreement_create(
        workshop_id=s1,
        actor=fac,
        client_op_id=None,
        kind="joint_agreement",
        description="Bewonersavond over de hangplek organiseren",
        owner_ids=[people["Ans"].participant.pk, people["Bram"].participant.pk],
    )
    from wijktafel.parking import services as parking

    topic = parking.topic_park(
        workshop_id=s1, actor=act["Cor"], text="Parkeerplaatsen bij de flat", reason="Andere tafel"
    ).event.payload
    parking.topic_update(workshop_id=s1, actor=fac, topic_id=topic["id"], status="scheduled")
    pmi.pmi_update(workshop_id=s1, actor=fac, open=True)
    for who, column, text in (
        ("Ans", "interesting", "Dat de jongeren zelf met een plan kwamen"),
        ("Bram", "minus", "Te weinig koffie"),
        ("Bram", "minus", "Te lang"),
        ("Cor", "plus", "Goede sfeer"),
    ):
        pmi.pmi_add(workshop_id=s1, actor=act[who], column=column, text=text)
    dots = pmi.pmi_dots(workshop_id=s1, actor=fac, top_n=1).event.payload
    stickers.sticker_place(
        workshop_id=s1, actor=act["Ans"], ballot_id=dots["id"], target_id=dots["targets"][0]["id"]
    )
    return {
        "appraisal": m.Appraisal.objects.get(pk=appraisal.pk),
        "sessions": (one, two),
        "solutions": sol,
        "top": top,
        "candidates": candidates,
    }


def pdf_text(content: bytes, tmp_path: Path, name="doc.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True, timeout=60
    ).stdout
    return re.sub(r"\s+", " ", text)  # a table cell may wrap; compare words, not line breaks


def pdf_info(content: bytes, tmp_path: Path) -> dict:
    path = tmp_path / "info.pdf"
    path.write_bytes(content)
    out = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, check=True, text=True, timeout=60
    ).stdout
    return {
        k.strip(): v.strip()
        for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)
    }


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
    texts += [
        "Het basisalternatief lost de onveiligheid niet op",
        "Conciërge met skatebaan",
        "Het echte probleem is dat jongeren geen plek hebben",  # insight
        "Een buurthuis zou helpen",
        "Oplossing voor stap 4",  # parked
        "Oplossingskaarten uitwerken",
        "Plan voor de skatebaan",
        "Kosten navragen 1",
        "Fenna",
        "Gul",
        "Tafel 1",
        "Tafel 2",
        "Groep Noord",
        "Meer veiligheidsgevoel bij bewoners",
        "Studenten: hoog bij tafel 2",
        "Camera’s: terecht afgevallen",
        "Bewonersavond over de hangplek organiseren",  # the register
        "Ans, Bram",
        "Dat de jongeren zelf met een plan kwamen",  # the PMI: interesting, word for word
        "Goede sfeer",
        "Te weinig koffie (1 sticker)",  # the top improvement
        "Parkeerplaatsen bij de flat – Andere tafel",  # a parked topic of the parking lot
    ]
    return texts


def run_document_jobs() -> int:
    """What ``jobs_worker`` does with the document jobs that are due, in this process: the same
    ``services.job_run`` (claim, render, store). Returns how many ran."""
    from django.utils import timezone

    from wijktafel.appraisals.document_jobs import KIND
    from wijktafel.jobs import services as jobs
    from wijktafel.jobs.models import Job

    due = Job.objects.filter(kind=KIND, status=Job.Status.SCHEDULED, run_at__lte=timezone.now())
    return sum(jobs.job_run(pk) == "done" for pk in due.values_list("pk", flat=True))


def fetch_document(client, url: str, **extra):
    """A document through the pages, as a facilitator gets it: the link leads to its job's page,
    the worker makes it, the page then offers the file. Returns the file's response."""
    from django.urls import resolve

    first = client.get(url, **extra)
    if first.status_code != 302:
        return first  # made before (served at once), or refused
    job_page = first["Location"]
    assert resolve(job_page.split("?")[0]).view_name == "appraisals:document_job", job_page
    assert run_document_jobs() == 1
    page = client.get(job_page, **extra)
    assert page.status_code == 200 and b"data-document-file" in page.content
    link = re.search(rb'data-document-file href="([^"]+)"', page.content).group(1).decode()
    return client.get(link, **extra)


def fetch_document_api(call, client, path: str, **extra):
    """A document through the API: 202 with its job, the worker makes it, then the file."""
    first = call(client, "GET", path, **extra)
    if first.status_code != 202:
        return first
    assert first.json()["status"] == "scheduled" and first["Retry-After"] == "2"
    assert run_document_jobs() == 1
    return call(client, "GET", path, **extra)
