"""A whole Samenwerken in de wijk meeting through the API alone (METHODS.md §4.4): the facilitator
makes it, six people of three organisations join with the code, and every part runs as a client
would run it, from the reflection to the PMI. The snapshot then holds the top three, the notes,
the agreements, the actions, the follow-up and a shared contact list of only those who agreed."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.collaboration.conftest import rows
from tests.support.api import call
from wijktafel.collaboration import agenda
from wijktafel.stickers.selectors import result
from wijktafel.workshops.models import Workshop

pytestmark = pytest.mark.django_db

PEOPLE = (
    # name, organisation, shares their contact details (None: never fills in the form)
    ("Ans", "Wijkteam Noord", False),
    ("Bram", "Woningcorporatie Helder Wonen", True),
    ("Chantal", "GGD", True),
    ("Dirk", "Wijkteam Noord", False),
    ("Esra", "Woningcorporatie Helder Wonen", True),
    ("Femke", "GGD", None),
)


class Facilitator:
    def __init__(self, user):
        self.client = Client()
        self.client.force_login(user)

    def __call__(self, method, path, body=None, status=200):
        response = call(self.client, method, path, body)
        assert response.status_code == status, (method, path, response.content)
        return response.json()


class Phone:
    """A participant's device: the token the join gave it, on a client without a session."""

    def __init__(self, joined: dict, name: str, organisation: str):
        self.client = Client()
        self.token = joined["token"]
        self.id = joined["participant_id"]
        self.name = name
        self.organisation = organisation

    def __call__(self, method, path, body=None, status=200):
        response = call(self.client, method, path, body, token=self.token)
        assert response.status_code == status, (self.name, method, path, response.content)
        return response.json()


def test_a_whole_meeting_through_the_api(facilitator):
    fac = Facilitator(facilitator)

    # Part 0: the facilitator makes the meeting; six people join with its code.
    made = fac(
        "POST",
        "/workshops",
        {
            "title": "Samenwerken in Den Helder-Noord",
            "template_key": "samenwerken",
            "planned_start": "2026-12-03T09:00:00",
        },
        status=201,
    )
    w = f"/workshops/{made['id']}"
    assert made["template_key"] == "samenwerken" and made["join_code"]
    anon = Client()
    phones = []
    for name, organisation, _share in PEOPLE:
        joined = call(
            anon,
            "POST",
            "/join",
            {
                "code": made["join_code"],
                "display_name": name,
                "organisation_name": organisation,
                "kind": "professional",
            },
        )
        assert joined.status_code == 201, joined.content
        assert joined.json()["workshop_id"] == made["id"]
        phones.append(Phone(joined.json(), name, organisation))
    ans, bram, chantal, dirk, esra, femke = phones
    state = fac("GET", f"{w}/state")
    ballot_id = state["meeting"]["ballot_id"]
    cards = [q["target_id"] for q in state["meeting"]["questions"]]
    assert len(cards) == 10
    steps = {i["step"]: i["id"] for i in fac("GET", f"{w}/agenda-items")}
    assert sorted(steps) == list(agenda.STEPS)

    def goto(step):
        fac("POST", f"{w}/timer", {"action": "goto", "item_id": steps[step]})

    def refused(who, method, path, body, status) -> dict:
        """A request refused with ``status``: every row of the meeting and the log stay."""
        workshop = Workshop.objects.get(pk=made["id"])
        before = rows(workshop)
        answer = who(method, path, body, status=status)
        assert rows(workshop) == before
        return answer

    # Part 2: four answer the reflection questions (before the meeting, on their phones).
    for phone in (ans, bram, chantal, dirk):
        phone(
            "PUT",
            f"{w}/samenwerken/reflection",
            {"answers": {"works": f"{phone.name}: we kennen elkaar", "stuck": "Wie betaalt wat?"}},
        )
    goto(agenda.REFLECTION)
    reflection = fac("GET", f"{w}/samenwerken/reflection")
    assert [p["name"] for p in reflection["none_from"]] == ["Esra", "Femke"]

    # Part 3: Femke adds a blank card; voting opens; three stickers each; voting closes.
    goto(agenda.VOTE)
    added = femke(
        "POST", f"{w}/ballots/{ballot_id}/targets", {"label": "Wie is de regisseur?"}, status=201
    )
    blank = added["ballot"]["targets"][-1]
    assert (blank["label"], blank["added_by_id"]) == ("Wie is de regisseur?", femke.id)
    blank = blank["id"]
    fac("PATCH", f"{w}/ballots/{ballot_id}", {"status": "voting"})
    late = refused(femke, "POST", f"{w}/ballots/{ballot_id}/targets", {"label": "Te laat"}, 409)
    assert late["message"] == "Het stemmen is begonnen. Je kunt nu geen keuzes meer toevoegen."
    c1, c2, c3, c4, c5 = cards[1], cards[2], cards[3], cards[4], cards[5]
    votes = {
        ans: (c5, c1, blank),
        bram: (c5, c1, blank),
        chantal: (c5, blank, c2),
        dirk: (c5, c1, c3),
        esra: (c1, blank, c2),
        femke: (c5, blank, c4),
    }
    for phone, chosen in votes.items():
        for card in chosen:
            phone("POST", f"{w}/ballots/{ballot_id}/stickers", {"target_id": card}, status=201)
        fourth = refused(
            phone, "POST", f"{w}/ballots/{ballot_id}/stickers", {"target_id": cards[9]}, 409
        )
        assert fourth["field"] == "target_id" and fourth["message"].startswith("Je hebt al je 3")
    fac("PATCH", f"{w}/ballots/{ballot_id}", {"status": "closed"})

    # Part 4: duos, formed by the app; each person writes on a card, saying where it comes from.
    duos = fac("POST", f"{w}/groups/form", {"kind": "duo"}, status=201)
    assert len(duos["groups"]) == 3
    duo_of = {pid: g["id"] for g in duos["groups"] for pid in g["member_ids"]}
    assert sorted(duo_of) == sorted(p.id for p in phones)
    goto(agenda.DUOS)
    duo_notes = {}
    for phone, card, origin in (
        (ans, c5, "practice"),
        (bram, c5, "invented"),
        (chantal, blank, "elsewhere"),
        (dirk, c1, "practice"),
        (esra, c1, "practice"),
        (femke, blank, "invented"),
    ):
        written = phone(
            "POST",
            f"{w}/samenwerken/notes",
            {"card_id": card, "text": f"Idee van {phone.name}", "origin": origin},
            status=201,
        )
        assert (written["note"]["round"], written["note"]["duo_id"]) == ("duo", duo_of[phone.id])
        duo_notes[phone] = written["note"]

    # Part 5, the break: the contact form; three agree to share, two do not, Femke fills in none.
    goto(agenda.BREAK)
    paused = refused(
        ans,
        "POST",
        f"{w}/samenwerken/notes",
        {"card_id": c5, "text": "In de pauze", "origin": "practice"},
        409,
    )
    assert paused["message"] == ("Je schrijft op de kaarten in de duoronde en in de stille ronde.")
    details = {}
    for phone, (name, organisation, share) in zip(phones, PEOPLE, strict=True):
        if share is None:
            continue
        details[phone] = {
            "name": f"{name} Jansen",
            "organisation": organisation,
            "function": "Wijkprofessional",
            "phone": f"06 1234 56{phones.index(phone):02d}",
            "email": f"{name.lower()}@noord.example",
            "share": share,
        }
        phone("PUT", f"{w}/samenwerken/contact", details[phone])

    # Part 6, the silent round: reactions on the notes of others, on the same card.
    goto(agenda.SILENT)
    reaction = chantal(
        "POST",
        f"{w}/samenwerken/notes",
        {"card_id": c5, "text": "Ja, en om de beurt", "reacts_to_id": duo_notes[ans]["id"]},
        status=201,
    )["note"]
    assert (reaction["round"], reaction["reacts_to_id"]) == ("silent", duo_notes[ans]["id"])
    elsewhere = refused(
        dirk,
        "POST",
        f"{w}/samenwerken/notes",
        {"card_id": c1, "text": "Op de verkeerde kaart", "reacts_to_id": duo_notes[ans]["id"]},
        400,
    )
    assert elsewhere["field"] == "reacts_to_id"
    femke(
        "POST",
        f"{w}/samenwerken/notes",
        {
            "card_id": blank,
            "text": "Begin bij de huisarts",
            "reacts_to_id": duo_notes[chantal]["id"],
        },
        status=201,
    )

    # Part 7: the plenary feedback; the facilitator writes on the sheet and puts a duo note on it.
    goto(agenda.FEEDBACK)
    sheet = fac(
        "POST",
        f"{w}/samenwerken/notes",
        {"card_id": c5, "text": "Tip: begin klein, met één lunch"},
        status=201,
    )["note"]
    assert (sheet["round"], sheet["on_sheet"]) == ("plenary", True)
    fac("PUT", f"{w}/samenwerken/notes/{duo_notes[dirk]['id']}/sheet", {"on_sheet": True})
    refused(
        bram, "PUT", f"{w}/samenwerken/notes/{duo_notes[bram]['id']}/sheet", {"on_sheet": True}, 403
    )

    # Part 8: a joint agreement on the top card.
    goto(agenda.AGREEMENTS)
    joint = fac(
        "POST",
        f"{w}/agreements",
        {
            "kind": "joint_agreement",
            "description": "Elke maand een gezamenlijke lunch",
            "owner_ids": [bram.id, chantal.id],
            "link_kind": "question",
            "link_id": c5,
            "link_label": state["meeting"]["questions"][5]["wording"],
            "due_date": "2027-01-31",
        },
        status=201,
    )["agreement"]
    refused(
        ans,
        "POST",
        f"{w}/agreements",
        {"kind": "joint_agreement", "description": "Zelf zelf bedacht", "owner_ids": [ans.id]},
        403,
    )

    # Part 9: everyone's own actions, by themselves; the big screen shows Dirk's.
    goto(agenda.ACTIONS)
    for phone, action in ((ans, "Ik bel de wijkagent"), (dirk, "Ik plan de eerste lunch")):
        phone(
            "POST",
            f"{w}/agreements",
            {
                "kind": "individual_action",
                "description": action,
                "owner_ids": [phone.id],
                "due_date": "2027-01-10",
            },
            status=201,
        )
    fac("PUT", f"{w}/samenwerken/showing", {"participant_id": dirk.id})

    # Part 10: the follow-up; part 11: the closing, with what is said here staying here.
    goto(agenda.FOLLOW_UP)
    follow_up = fac(
        "PUT",
        f"{w}/samenwerken/follow-up",
        {
            "next_meeting_date": "2027-01-14",
            "report_back": "Online, in de app",
            "next_organiser_id": bram.id,
        },
    )
    assert follow_up["meeting"]["follow_up"]["update_due"] == "2027-01-07"
    goto(agenda.CLOSING)
    fac(
        "PATCH",
        f"{w}/samenwerken/closing",
        {"stays_here": True, "ground_rules": ["Er zijn geen domme vragen."]},
    )

    # The PMI at the end (the evaluations block).
    fac("PATCH", f"{w}/pmi", {"open": True})
    for phone, column, text in (
        (ans, "plus", "Veel ideeën"),
        (esra, "minus", "Te kort"),
        (femke, "interesting", "De GGD zit erbij"),
    ):
        phone("POST", f"{w}/pmi/entries", {"column": column, "text": text}, status=201)
    fac("PATCH", f"{w}/pmi", {"open": False})

    # --- What the meeting made, as any member reads it -----------------------------------------
    assert fac("GET", w)["template_key"] == "samenwerken"
    snapshot = esra("GET", f"{w}/state")
    meeting = snapshot["meeting"]

    vote = next(b for b in snapshot["ballots"] if b["id"] == ballot_id)
    assert (vote["status"], len(vote["stickers"]), len(vote["targets"])) == ("closed", 18, 11)
    outcome = result(vote)
    counts = {r["target_id"]: r["count"] for r in outcome["ranking"]}
    assert outcome["top"] == [c5, blank, c1] and outcome["tie"] == []
    assert [counts[t] for t in outcome["top"]] == [5, 5, 4]

    notes = meeting["notes"]
    assert len(notes) == 9
    assert sorted(n["round"] for n in notes) == ["duo"] * 6 + ["plenary"] + ["silent"] * 2
    on_sheet = {n["id"] for n in notes if n["on_sheet"]}
    assert on_sheet == {sheet["id"], duo_notes[dirk]["id"]}
    assert {n["card_id"] for n in notes if n["round"] == "duo"} == {c5, c1, blank}

    agreements = snapshot["agreements"]
    assert [a["id"] for a in agreements if a["kind"] == "joint_agreement"] == [joint["id"]]
    assert joint["link"] == {
        "kind": "question",
        "id": c5,
        "label": state["meeting"]["questions"][5]["wording"],
    }
    actions = {
        a["description"]: a["owner_ids"] for a in agreements if a["kind"] == "individual_action"
    }
    assert actions == {"Ik bel de wijkagent": [ans.id], "Ik plan de eerste lunch": [dirk.id]}

    assert meeting["follow_up"] == {
        "next_meeting_date": "2027-01-14",
        "update_due": "2027-01-07",
        "report_back": "Online, in de app",
        "next_organiser_id": bram.id,
        "next_organiser_name": "",
    }
    assert meeting["closing"] == {
        "stays_here": True,
        "ground_rules": ["Er zijn geen domme vragen."],
        "confidential": True,
    }
    assert meeting["showing_actions_of"] == dirk.id
    assert meeting["reflection"]["answered_ids"] == sorted([ans.id, bram.id, chantal.id, dirk.id])
    assert len(snapshot["pmi"]["entries"]) == 3

    # The shared list: only those who agreed, in full; of the others not a trace.
    sharing = [bram, chantal, esra]
    assert meeting["contacts"]["shared"] == [
        {"participant_id": p.id, **details[p]} for p in sharing
    ]
    assert meeting["contacts"]["filled_ids"] == sorted(p.id for p in details)
    text = str(snapshot)
    for phone in (ans, dirk):
        assert details[phone]["phone"] not in text and details[phone]["email"] not in text
    listed = ans("GET", f"{w}/samenwerken/contacts")
    assert [c["participant_id"] for c in listed["contacts"]] == [p.id for p in sharing]
    everyone = fac("GET", f"{w}/samenwerken/contacts")
    assert len(everyone["contacts"]) == 5 and everyone["missing"] == [
        {"id": femke.id, "name": "Femke"}
    ]
