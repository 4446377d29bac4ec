"""A whole appraisal driven through /api/v1/, from creation to the choice, and replayed.

Every write carries an Idempotency-Key. After the run, the same requests are sent again with the
same keys (as a client that lost every answer would): each is answered as a replay, with the
same seq, and nothing in the database changes.
"""

from tests.support.api import call
from tests.support.appraisal_api import Driver, create_workshop, database, join_as
from tests.support.documents import docx_text, fetch_document_api, pdf_text


def test_a_whole_appraisal_is_driven_through_the_api_and_replays_without_changes(fac, tmp_path):
    go = Driver(fac)
    one = create_workshop(fac, "afwegen-1", "Werksessie I Zuid")
    two = create_workshop(fac, "afwegen-2", "Werksessie II Zuid")
    response = call(
        fac,
        "POST",
        "/appraisals",
        {
            "title": "Afweging complex A",
            "trigger": "Leegstand in complex A groeit al een jaar",
            "starting_point": "problem",
            "horizon_years": 10,
        },
    )
    assert response.status_code == 201, response.content
    appraisal = response.json()
    aid = appraisal["id"]
    assert appraisal["trigger_warnings"] == [] and appraisal["warnings"] == []  # sharp enough
    assert (
        go("POST", f"/appraisals/{aid}/sessions", {"session": 1, "workshop_id": one["id"]})["kind"]
        == "appraisal.linked"
    )
    go("POST", f"/appraisals/{aid}/sessions", {"session": 2, "workshop_id": two["id"]})
    s1, s2 = f"/workshops/{one['id']}/appraisal", f"/workshops/{two['id']}/appraisal"

    # Werksessie I: four people in two groups.
    people = {
        n: join_as(one["join_code"], n, o)
        for n, o in [
            ("Ans", "Gemeente"),
            ("Bram", "Corporatie"),
            ("Cor", "Gemeente"),
            ("Dewi", "Politie"),
        ]
    }
    tok = {n: p["token"] for n, p in people.items()}
    pid = {n: p["participant_id"] for n, p in people.items()}
    g1 = go(
        "POST",
        s1 + "/groups",
        {"name": "Groep 1", "member_ids": [pid["Ans"], pid["Bram"]]},
        status=201,
    )["data"]["group"]["id"]
    g2 = go(
        "POST",
        s1 + "/groups",
        {"name": "Groep 2", "member_ids": [pid["Cor"], pid["Dewi"]]},
        status=201,
    )["data"]["group"]["id"]

    # Step 1: post-its under problem owners, one "probleem 1" each.
    wall = f"/workshops/{one['id']}/postits"
    postits = {}
    for name, text, owner in [
        ("Ans", "Hangjongeren bij de ingang", "Bewoners"),
        ("Bram", "Woningen staan leeg", "Corporatie"),
        ("Cor", "Bewoners voelen zich onveilig", "Bewoners"),
        ("Dewi", "Veel meldingen van overlast", "Gemeente"),
        ("Ans", "Een buurthuis zou helpen", "Bewoners"),
    ]:
        postits[text] = go(
            "POST", wall, {"text": text, "column_title": owner}, token=tok[name], status=201
        )["postit"]
    for name, text in [
        ("Ans", "Hangjongeren bij de ingang"),
        ("Bram", "Woningen staan leeg"),
        ("Cor", "Bewoners voelen zich onveilig"),
        ("Dewi", "Veel meldingen van overlast"),
    ]:
        go(
            "POST",
            s1 + "/problem-marks",
            {"postit_id": postits[text]["id"]},
            token=tok[name],
            status=201,
        )
    solution_idea = postits["Een buurthuis zou helpen"]
    go(
        "POST",
        f"{wall}/{solution_idea['id']}/park",
        {"parked": True, "note": "Oplossing voor stap 4"},
    )

    # Step 2: core problems per owner by the groups; the facilitator confirms them.
    bewoners = postits["Hangjongeren bij de ingang"]["column_id"]
    corporatie = postits["Woningen staan leeg"]["column_id"]
    cp1 = go(
        "POST",
        s1 + "/core-problems",
        {
            "owner_id": bewoners,
            "formulation": "Bewoners voelen zich onveilig door hangjongeren bij de ingang",
            "source_postit_ids": [
                postits["Hangjongeren bij de ingang"]["id"],
                postits["Bewoners voelen zich onveilig"]["id"],
            ],
            "underlying_problems": ["Geen plek voor jongeren in de buurt"],
            "nature": "Onveiligheid",
            "affected_count": 120,
            "affected_unit": "huishoudens",
            "what_if_unsolved": "Meer mensen verhuizen",
            "could_solve_itself": "partly",
        },
        token=tok["Ans"],
        status=201,
    )["data"]["core_problem"]
    cp2 = go(
        "POST",
        s1 + "/core-problems",
        {
            "owner_id": corporatie,
            "formulation": "Leegstand kost de corporatie huur en trekt overlast aan",
            "source_postit_ids": [postits["Woningen staan leeg"]["id"]],
            "could_solve_itself": "no",
        },
        token=tok["Cor"],
        status=201,
    )["data"]["core_problem"]
    for cp in (cp1, cp2):
        go("POST", f"{s1}/core-problems/{cp['id']}/confirm", {"confirmed": True})

    # Step 3: the baseline.
    baseline = go(
        "PUT",
        s1 + "/baseline",
        {
            "description": "Huidig beheer; nieuwe cv-ketels bij mutatie",
            "horizon_years": 10,
            "checklist": {
                "not_a_solution": True,
                "decisions_taken": True,
                "sober": True,
                "legal_norms": True,
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
    assert baseline["data"]["baseline"]["total_cost"] == 250000

    # Step 4: solutions; a group finishes only with an out-of-the-box one.
    def solution(title, token, ootb=False, **extra):
        return go(
            "POST",
            s1 + "/solutions",
            {
                "title": title,
                "effects_text": "Minder overlast",
                "who_experiences": "Bewoners",
                "out_of_the_box": ootb,
                **extra,
            },
            token=token,
            status=201,
        )["data"]["solution"]["id"]

    sol = {
        "conciërge": solution("Buurtconciërge", tok["Ans"]),
        "buurthuis": solution(
            "Buurthuis voor jongeren", tok["Bram"], from_postit_id=solution_idea["id"]
        ),
        "festival": solution("Jongeren bouwen zelf een skatebaan", tok["Ans"], ootb=True),
        "verhuur": solution("Leegstaande woningen aan studenten", tok["Cor"], ootb=True),
        "camera": solution("Camera’s bij de ingang", tok["Dewi"]),
        "toezicht": solution("Meer toezicht bij de ingang", tok["Cor"]),
    }
    for group, name in ((g1, "Ans"), (g2, "Dewi")):
        closed = go("POST", f"{s1}/groups/{group}/steps", {"step": 4}, token=tok[name])
        assert closed["data"]["group"]["closed_steps"] == [4]
    go("POST", f"{s1}/solutions/{sol['toezicht']}/merge", {"into_id": sol["camera"]})
    go(
        "POST",
        s1 + "/actions",
        {
            "title": "Oplossingskaarten uitwerken",
            "owner_name": "Fenna",
            "due_date": "2026-12-10",
            "kind": "work_agreement",
            "source": "step4",
        },
        status=201,
    )

    # Werksessie II: new devices, new groups.
    later = {
        n: join_as(two["join_code"], n, o)
        for n, o in [
            ("Eva", "Gemeente"),
            ("Frits", "Corporatie"),
            ("Gul", "Welzijn"),
            ("Hans", "Politie"),
        ]
    }
    tok2 = {n: p["token"] for n, p in later.items()}
    formed = go("POST", s2 + "/groups/form", {"size": 2}, status=201)["data"]["groups"]
    h1, h2 = formed[0], formed[1]
    member_token = {p["participant_id"]: p["token"] for p in later.values()}

    # Step 5: cards against the baseline, core effects, an extra criterion.
    core_effects = go(
        "PUT",
        s2 + "/core-effects",
        {
            "items": [
                {
                    "text": "Meer veiligheidsgevoel bij bewoners",
                    "mirrors_core_problem_id": cp1["id"],
                },
                {"text": "Minder leegstand", "mirrors_core_problem_id": cp2["id"]},
            ]
        },
    )["data"]["core_effects"]
    candidates = [sol[k] for k in ("conciërge", "buurthuis", "festival", "verhuur", "camera")]
    for index, solution_id in enumerate(candidates):
        card = go(
            "PUT",
            f"{s2}/solutions/{solution_id}/card",
            {
                "description": "Uitgewerkt na sessie I",
                "horizon_years": 10,
                "extra_one_off_cost": 10000 * (index + 1),
                "extra_periodic_cost_per_year": 5000,
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
                        "reach": "complex",
                    },
                ],
                "uncertainties": ["Doen jongeren mee?"],
                "variants": ["Alleen in de zomer"],
                "to_investigate": [
                    {"title": "Kosten navragen", "owner_name": "Bram", "due_date": "2027-01-15"}
                ],
            },
        )
        assert (
            card["warnings"] == []
            and card["data"]["card"]["extra_total_cost"] == 10000 * (index + 1) + 50000
        )
    go("POST", s2 + "/criteria", {"title": "Draagvlak bij bewoners"}, status=201)

    # Step 6: each group ranks; the aggregate advises; the top three is selected.
    go(
        "PUT",
        f"{s2}/groups/{h1['id']}/ranking",
        {
            "ordered_solution_ids": [
                sol["festival"],
                sol["conciërge"],
                sol["buurthuis"],
                sol["verhuur"],
                sol["camera"],
            ],
            "solving_power": {
                str(cp1["id"]): {str(sol["festival"]): 60, str(sol["conciërge"]): 40}
            },
        },
        token=member_token[h1["member_ids"][0]],
    )
    go(
        "PUT",
        f"{s2}/groups/{h2['id']}/ranking",
        {
            "ordered_solution_ids": [
                sol["conciërge"],
                sol["festival"],
                sol["verhuur"],
                sol["buurthuis"],
                sol["camera"],
            ]
        },
        token=member_token[h2["member_ids"][0]],
    )
    aggregate = call(go.anon, "GET", s2 + "/aggregate", token=tok2["Eva"]).json()
    top = aggregate["top"]
    # Rank sums 3, 3, 7, 7, 10: two tie on top, and buurthuis/verhuur tie across the cut.
    assert aggregate["tiers"] == [
        [sol["conciërge"], sol["festival"]],
        [sol["buurthuis"], sol["verhuur"]],
        [sol["camera"]],
    ]
    assert top == [sol["conciërge"], sol["festival"], sol["buurthuis"]]
    assert {
        d["solution_id"]: d["at_cut"] for d in aggregate["dropouts"]
    } == {  # the tie is the group's call
        sol["buurthuis"]: True,
        sol["verhuur"]: True,
        sol["camera"]: False,
    }
    assert aggregate["consensus"]["order"][:2] in (
        [sol["conciërge"], sol["festival"]],
        [sol["festival"], sol["conciërge"]],
    )
    festival_ce = next(
        r for r in aggregate["cost_effectiveness"] if r["solution_id"] == sol["festival"]
    )
    assert festival_ce["extra_cost_eur"] == 80000 and festival_ce["points_per_100k"] == 75.0
    go(
        "PUT",
        s2 + "/selection",
        {
            "solution_ids": top,
            "outlier_notes": "Verhuur: hoog bij groep 2",
            "dropout_notes": "Camera’s: terecht afgevallen",
        },
    )

    # Step 7: effect cards per selected solution and problem owner, by the groups.
    for solution_id in top:
        for cp, group in ((cp1, h1), (cp2, h2)):
            go(
                "PUT",
                s2 + "/effect-cards",
                {
                    "solution_id": solution_id,
                    "core_problem_id": cp["id"],
                    "main_effects": ["Minder overlast", "Hogere kosten"],
                    "size": "medium",
                },
                token=member_token[group["member_ids"][0]],
            )

    # Step 8: the choice, insights and actions.
    go(
        "PUT",
        s2 + "/choice",
        {
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
    go(
        "POST",
        s2 + "/insights",
        {
            "text": "Het echte probleem is dat jongeren geen plek hebben",
            "core_problem_ids": [cp1["id"]],
        },
        token=tok2["Gul"],
        status=201,
    )
    go(
        "POST",
        s2 + "/actions",
        {
            "title": "Plan voor de skatebaan",
            "owner_name": "Gul",
            "due_date": "2027-04-01",
            "kind": "follow_up",
            "source": "choice",
        },
        status=201,
    )

    # The result, as another system reads it.
    final = call(fac, "GET", f"/appraisals/{aid}").json()
    assert final["status"] == "decided"
    assert final["choice"]["kind"] == "combination" and final["choice"]["solution_ids"] == top[:2]
    assert final["selection"]["solution_ids"] == top
    assert [cp["formulation"] for cp in final["core_problems"]] == [
        cp1["formulation"],
        cp2["formulation"],
    ]
    assert (
        final["core_problems"][0]["original_wording"]
        == "Hangjongeren bij de ingang / Bewoners voelen zich onveilig"
    )
    assert final["mark_tally"]["per_column"] == {
        str(bewoners): 2,
        str(corporatie): 1,
        str(postits["Veel meldingen van overlast"]["column_id"]): 1,
    }
    assert len(final["effect_cards"]) == 6 and len(final["rankings"]) == 2
    assert len(final["actions"]) == 2 + len(candidates)  # two by hand, one per card to investigate
    assert {s["id"]: s["merged_into_id"] for s in final["solutions"]}[sol["toezicht"]] == sol[
        "camera"
    ]
    assert (
        next(s for s in final["solutions"] if s["id"] == sol["buurthuis"])["from_postit_id"]
        == solution_idea["id"]
    )
    state = call(go.anon, "GET", f"/workshops/{two['id']}/state", token=tok2["Hans"]).json()
    assert state["appraisal"] == call(go.anon, "GET", s2, token=tok2["Hans"]).json()

    # The report, as another system downloads it: PDF text (pdftotext) and Word text (python-docx)
    # hold the chosen solutions, the whole top selection and every core problem, both wordings.
    titles = {s["id"]: s["title"] for s in final["solutions"]}
    must = [titles[i] for i in top] + [
        text
        for cp in final["core_problems"]
        for text in (cp["formulation"], cp["original_wording"])
    ]
    pdf = fetch_document_api(call, fac, f"/appraisals/{aid}/report.pdf")
    word = fetch_document_api(call, fac, f"/appraisals/{aid}/report.docx")
    assert (pdf.status_code, word.status_code) == (200, 200)
    pdf_words, word_words = pdf_text(pdf.content, tmp_path), docx_text(word.content)[0]
    for text in must:
        assert text in pdf_words, text
        assert text in word_words, text

    # Replayed: every write again, with its key; nothing changes.
    before = database()
    go.replay()
    assert database() == before
