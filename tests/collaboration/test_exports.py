"""The meeting's exports of Samenwerken in de wijk: the actions (XLSX, CSV), the calendar (ICS)
and the shared contact list (vCard, CSV).

A meeting is played to its closing (``rehearse``) with two contact forms (one shared, with a
name that needs escaping; one not), individual actions with due dates (one typed as a formula)
and the follow-up. The files are downloaded through the page and the API as a facilitator would
and read back with the tools a person's programs use (openpyxl, csv, icalendar).
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from tests.support.api import call
from wijktafel.agreements import services as register
from wijktafel.collaboration import services
from wijktafel.collaboration.exports import vcard_text, vcards
from wijktafel.collaboration.rehearsal import rehearse
from wijktafel.workshops import services as engine
from wijktafel.workshops.models import Participant
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db

SHARED = {
    "name": "Ans de Vries, van Noord; wijkteam",
    "organisation": "Wijkteam Noord",
    "function": "Wijkcoach",
    "phone": "06 12121212",
    "email": "ans.deelt@wijkteam-noord.example",
}
PRIVATE = {
    "name": "Bram Geheim",
    "organisation": "Helder Wonen",
    "function": "Huismeester",
    "phone": "06 98989898",
    "email": "bram.prive@helder-wonen.example",
}
FORMULA = '=HYPERLINK("http://evil.example","klik")'
PLAIN = "Lunch met de corporatie plannen"
JOINT = "Een vaste contactpersoon per organisatie, op één lijst"
KINDS = ("xlsx", "csv", "ics", "vcf", "contacts_csv")
NAMES = {
    "xlsx": "actions_xlsx",
    "csv": "actions_csv",
    "ics": "calendar_ics",
    "vcf": "contacts_vcf",
    "contacts_csv": "contacts_csv",
}
API = {
    "xlsx": "actions.xlsx",
    "csv": "actions.csv",
    "ics": "calendar.ics",
    "vcf": "contacts.vcf",
    "contacts_csv": "contacts.csv",
}


def _person(workshop, name) -> Participant:
    return Participant.objects.get(workshop=workshop, display_name=name)


@pytest.fixture
def meeting(facilitator):
    workshop = rehearse(facilitator, 11).workshop
    ids = {"workshop_id": workshop.pk, "client_op_id": None}
    people = {name: _person(workshop, name) for name in ("Ans", "Bram", "Chantal", "Dirk")}
    services.contact_save(**ids, actor=Actor(participant=people["Ans"]), share=True, **SHARED)
    services.contact_save(**ids, actor=Actor(participant=people["Bram"]), share=False, **PRIVATE)
    soon = dt.date.today() + dt.timedelta(days=14)
    later = dt.date.today() + dt.timedelta(days=21)
    register.agreement_create(
        **ids,
        actor=Actor(participant=people["Chantal"]),
        kind="individual_action",
        description=FORMULA,
        due_date=soon.isoformat(),
        first_step="=1+1",
        with_whom="Femke",
        report_back="Per mail",
    )
    register.agreement_create(
        **ids,
        actor=Actor(participant=people["Dirk"]),
        kind="individual_action",
        description=PLAIN,
        due_date=later.isoformat(),
        first_step="Drie data voorstellen",
        with_whom="Bram",
        report_back="Kort in het volgende overleg",
    )
    next_meeting = dt.date.today() + dt.timedelta(days=42)
    services.follow_up_set(
        **ids,
        actor=Actor(user=facilitator),
        next_meeting_date=next_meeting.isoformat(),
        report_back="Iedereen mailt een korte update",
    )
    return {
        "workshop": workshop,
        "people": people,
        "soon": soon,
        "later": later,
        "next_meeting": next_meeting,
    }


@pytest.fixture
def fac(client, facilitator):
    client.force_login(facilitator)
    return client


def _page(meeting, kind: str) -> str:
    return reverse(f"collaboration:{NAMES[kind]}", args=[meeting["workshop"].pk])


def _api(meeting, kind: str) -> str:
    return f"/workshops/{meeting['workshop'].pk}/samenwerken/{API[kind]}"


def _csv(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


# --- The actions ---------------------------------------------------------------------------------


def test_the_actions_as_xlsx_with_the_formula_neutralised(fac, meeting):
    response = fac.get(_page(meeting, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('-acties.xlsx"')
    assert "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "Soort",
        "Beschrijving",
        "Eigenaren",
        "Klaar op",
        "Eerste stap",
        "Met wie",
        "Terugmelden",
        "Status",
    ]
    by_description = {row[1]: row for row in rows[1:]}
    assert by_description[JOINT][0] == "gezamenlijke afspraak"
    evil = by_description["'" + FORMULA]
    assert evil[0] == "eigen actie" and evil[2] == "Chantal"
    assert evil[3].date() == meeting["soon"]
    assert evil[4] == "'=1+1" and evil[5] == "Femke" and evil[6] == "Per mail"
    assert evil[7] == "open"
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert not any(str(cell.value).startswith("=") for cell in cells)
    assert by_description[PLAIN][2] == "Dirk"


def test_the_actions_as_csv_with_the_formula_neutralised(fac, meeting):
    response = fac.get(_page(meeting, "csv"))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].endswith('-acties.csv"')
    rows = _csv(response.content)
    assert rows[0][1] == "Beschrijving"
    by_description = {row[1]: row for row in rows[1:]}
    assert "'" + FORMULA in by_description and FORMULA not in by_description
    assert by_description["'" + FORMULA][3] == meeting["soon"].isoformat()
    assert by_description[PLAIN][3] == meeting["later"].isoformat()
    assert not any(field.startswith("=") for row in rows for field in row)


# --- The calendar --------------------------------------------------------------------------------


def test_the_calendar_holds_the_due_dates_the_update_and_the_next_meeting(fac, meeting):
    response = fac.get(_page(meeting, "ics"))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].endswith('-agenda.ics"')
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    next_meeting = meeting["next_meeting"]
    title = meeting["workshop"].title
    expected = {
        f"Deadline: {FORMULA}": meeting["soon"],
        f"Deadline: {PLAIN}": meeting["later"],
        f"Stuur je update voor {title}": next_meeting - dt.timedelta(days=7),
        f"Volgende bijeenkomst: {title}": next_meeting,
    }
    assert set(expected) <= set(events)
    for summary, day in expected.items():
        event = events[summary]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        # A whole day: dates, not times, so the day is the same in any time zone.
        assert type(start) is dt.date and start == day, summary
        assert end == day + dt.timedelta(days=1), summary
    assert "Chantal" in str(events[f"Deadline: {FORMULA}"]["DESCRIPTION"])
    assert b"DTSTART;VALUE=DATE:" + next_meeting.strftime("%Y%m%d").encode() in response.content


# --- The shared contact list ---------------------------------------------------------------------


def test_the_vcard_holds_only_who_agreed_escaped(fac, meeting):
    response = fac.get(_page(meeting, "vcf"))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/vcard")
    assert response["Content-Disposition"].endswith('-contacten.vcf"')
    text = response.content.decode("utf-8")
    assert text.count("BEGIN:VCARD") == 1 and text.count("END:VCARD") == 1
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert "FN:Ans de Vries\\, van Noord\\; wijkteam\r\n" in text
    assert "ORG:Wijkteam Noord\r\n" in text and "TITLE:Wijkcoach\r\n" in text
    assert f"TEL;VALUE=text:{SHARED['phone']}\r\n" in text
    assert f"EMAIL:{SHARED['email']}\r\n" in text
    for value in PRIVATE.values():
        assert value not in text


def test_the_vcard_escapes_and_folds_what_people_typed():
    assert vcard_text("a\\b,c;d\ne\r\nf\x07") == "a\\\\b\\,c\\;d\\ne\\nf"
    text = vcards(
        [
            {
                "name": "Ééééé " * 20,
                "organisation": "",
                "function": "",
                "phone": "",
                "email": "x@example.org",
            }
        ]
    )
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCARD" and lines[1] == "VERSION:4.0" and text.endswith("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "FN:" + ("Ééééé " * 20).rstrip() in unfolded
    assert "ORG" not in text


def test_the_contacts_csv_holds_only_who_agreed(fac, meeting):
    response = fac.get(_page(meeting, "contacts_csv"))

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-contacten.csv"')
    rows = _csv(response.content)
    assert rows == [
        ["Naam", "Organisatie", "Functie", "Telefoon", "E-mail"],
        [SHARED[key] for key in ("name", "organisation", "function", "phone", "email")],
    ]
    for value in PRIVATE.values():
        assert value not in response.content.decode()


def test_a_withdrawal_holds_for_the_next_contact_files(fac, meeting):
    assert SHARED["email"] in fac.get(_page(meeting, "vcf")).content.decode()

    services.contact_save(
        workshop_id=meeting["workshop"].pk,
        actor=Actor(participant=meeting["people"]["Ans"]),
        client_op_id=None,
        share=False,
        **SHARED,
    )

    for kind in ("vcf", "contacts_csv"):
        text = fac.get(_page(meeting, kind)).content.decode()
        assert SHARED["email"] not in text and SHARED["phone"] not in text
        assert "Ans" not in text
    assert "BEGIN:VCARD" not in fac.get(_page(meeting, "vcf")).content.decode()


# --- The API -------------------------------------------------------------------------------------


def test_the_api_gives_every_export(fac, meeting):
    for kind in KINDS:
        response = call(fac, "GET", _api(meeting, kind))
        assert response.status_code == 200, kind
        assert response["API-Version"] == "1.0.0" and "no-store" in response["Cache-Control"]
    vcf = call(fac, "GET", _api(meeting, "vcf")).content.decode()
    assert SHARED["email"] in vcf and PRIVATE["email"] not in vcf
    document = fac.get("/api/v1/openapi.json").json()
    for kind in KINDS:
        operation = document["paths"][f"/api/v1/workshops/{{workshop_id}}/samenwerken/{API[kind]}"]
        answers = operation["get"]["responses"]
        assert {"200", "401", "403", "404", "409", "429"} <= set(answers)


def test_every_export_counts_against_the_limit(fac, meeting):
    for number in range(10):
        kind = KINDS[number % len(KINDS)]
        assert fac.get(_page(meeting, kind)).status_code == 200, number

    page = fac.get(_page(meeting, "vcf"))
    api = call(fac, "GET", _api(meeting, "csv"))

    assert page.status_code == 429 and "Retry-After" in page
    assert "De export kan nu niet worden gemaakt" in page.content.decode()
    assert api.status_code == 429


def test_the_console_links_to_the_exports(fac, meeting):
    page = fac.get(reverse("workshops:console", args=[meeting["workshop"].pk])).content.decode()

    for kind in KINDS:
        assert f'href="{_page(meeting, kind)}"' in page, kind


# --- Who gets them -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_only_the_facilitators_get_the_exports(client, meeting, other_facilitator, kind):
    workshop = meeting["workshop"]
    joined = engine.participant_join(workshop=workshop, display_name="Gijs")
    page, api = _page(meeting, kind), _api(meeting, kind)

    client.force_login(other_facilitator)
    assert client.get(page).status_code == 404
    assert call(client, "GET", api).status_code == 404
    client.logout()

    assert call(client, "GET", api, token=joined.token).status_code == 403
    response = client.get(page)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    assert call(client, "GET", api).status_code == 401


def test_a_meeting_without_anything_yet_still_has_its_exports(fac, facilitator):
    workshop = rehearse(facilitator, 1).workshop

    def get(name):
        response = fac.get(reverse(f"collaboration:{name}", args=[workshop.pk]))
        assert response.status_code == 200, name
        return response.content

    assert Calendar.from_ical(get("calendar_ics")).walk("VEVENT") == []
    assert get("contacts_vcf") == b""
    assert len(_csv(get("contacts_csv"))) == 1
    assert load_workbook(io.BytesIO(get("actions_xlsx"))).active.max_row == 1
