"""The document writers every method uses (wijktafel/core/documents): each kind read back the way
a person's tools read it, and what people typed never becomes a formula or a new property."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from docx import Document
from icalendar import Calendar
from openpyxl import load_workbook

from wijktafel.core.documents import filename
from wijktafel.core.documents.calendar import CalendarEvent, ics_bytes
from wijktafel.core.documents.sheets import MAX_ROWS, csv_text, safe_cell, xlsx_bytes
from wijktafel.core.documents.word import WordWriter, new_document

TYPED = [
    '=HYPERLINK("http://x")',
    "+31 6 1234",
    "-2+3",
    "@SUM(A1:A9)",
    "\tverborgen",
    "\rterug",
    'Gewoon, met "aanhalingstekens"\nen een regel',
]
HEADER = ["Wat", "Aantal", "Datum"]


@pytest.mark.parametrize("text", TYPED[:6])
def test_typed_text_that_starts_like_a_formula_stays_text(text):
    assert safe_cell(text) == "'" + text


def test_numbers_dates_and_plain_text_stay_what_they_are():
    day = dt.date(2026, 12, 31)
    assert [safe_cell(v) for v in (5, 2.5, -3, True, day, None, "Zwerfvuil")] == [
        5,
        2.5,
        -3,
        True,
        day,
        "",
        "Zwerfvuil",
    ]
    assert len(safe_cell("x" * 40_000)) == 32_767


def test_csv_reads_back_with_every_typed_text_inert():
    rows = [[text, n, dt.date(2026, 12, 31)] for n, text in enumerate(TYPED)]
    content = csv_text(HEADER, rows)

    assert content.startswith("\ufeff")  # spreadsheet programs then read UTF-8
    read = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))
    assert read[0] == HEADER
    assert [r[0] for r in read[1:7]] == ["'" + t for t in TYPED[:6]]
    assert read[7][0] == TYPED[6]  # quotes, commas and line breaks survive inside the field
    assert [r[1] for r in read[1:]] == [str(n) for n in range(len(TYPED))]
    assert {r[2] for r in read[1:]} == {"2026-12-31"}


def test_an_export_of_more_rows_than_a_document_holds_is_refused():
    with pytest.raises(ValueError):
        csv_text(HEADER, ([n, n, n] for n in range(MAX_ROWS + 1)))


def test_xlsx_reads_back_with_text_never_a_formula(tmp_path):
    rows = [[text, n, dt.date(2026, 12, 31)] for n, text in enumerate(TYPED)]
    content = xlsx_bytes([("Acties: [week 1]/2", HEADER, rows)], title="Afspraken")

    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    assert sheet.title == "Acties   week 1  2"  # characters a sheet name may not hold are gone
    assert book.properties.title == "Afspraken"
    assert [c.value for c in sheet[1]] == HEADER and all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    texts = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(TYPED))]
    assert [c.value for c in texts[:6]] == ["'" + t for t in TYPED[:6]]
    assert all(c.data_type == "s" for c in texts)  # stored as text: no cell is a formula
    assert sheet.cell(row=3, column=2).value == 1
    assert sheet.cell(row=2, column=3).value.date() == dt.date(2026, 12, 31)


def test_ics_keeps_dutch_local_time_in_winter_and_summer_and_escapes_typed_text():
    winter = CalendarEvent(
        uid="sessie-12@wijktafel",
        start=dt.datetime(2026, 12, 10, 19, 30),
        end=dt.datetime(2026, 12, 10, 21, 30),
        summary="Samenwerken in de wijk; Noord, ronde 2",
        location="Buurthuis De Linde\nZaal 2",
        description="Neem mee: ideeën\nDTSTART:20990101T000000",
    )
    summer = CalendarEvent(
        uid="sessie-13@wijktafel",
        start=dt.datetime(2027, 6, 10, 17, 30, tzinfo=dt.UTC),
        end=dt.datetime(2027, 6, 10, 19, 30, tzinfo=dt.UTC),
        summary="Terugkomsessie",
        sequence=2,
        cancelled=True,
    )

    calendar = Calendar.from_ical(ics_bytes([winter, summer], method="REQUEST"))

    assert str(calendar["method"]) == "REQUEST"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    first, second = calendar.walk("VEVENT")
    assert first["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert first["dtstart"].dt.replace(tzinfo=None) == dt.datetime(2026, 12, 10, 19, 30)
    assert second["dtstart"].dt.replace(tzinfo=None) == dt.datetime(2027, 6, 10, 19, 30)  # CEST
    assert str(first["summary"]) == "Samenwerken in de wijk; Noord, ronde 2"
    assert str(first["description"]) == "Neem mee: ideeën\nDTSTART:20990101T000000"
    assert len(calendar.walk("VEVENT")) == 2  # the typed "DTSTART:" made no property of its own
    assert (str(second["status"]), int(second["sequence"])) == ("CANCELLED", 2)
    assert str(first["uid"]) == "sessie-12@wijktafel"


def test_ics_writes_a_deadline_as_whole_days_and_an_empty_calendar_without_a_time_zone():
    late_evening = dt.datetime(2027, 3, 27, 23, 30, tzinfo=dt.UTC)  # already the 28th in Amsterdam
    deadlines = [
        CalendarEvent(
            uid="a@wijktafel",
            start=dt.date(2027, 3, 1),
            end=dt.date(2027, 3, 1),
            summary="Klaar",
            all_day=True,
        ),
        CalendarEvent(
            uid="b@wijktafel",
            start=late_evening,
            end=late_evening,
            summary="Ook klaar",
            all_day=True,
        ),
    ]

    first, second = Calendar.from_ical(ics_bytes(deadlines)).walk("VEVENT")

    assert (first.decoded("dtstart"), first.decoded("dtend")) == (
        dt.date(2027, 3, 1),
        dt.date(2027, 3, 2),
    )
    assert second.decoded("dtstart") == dt.date(2027, 3, 28)
    empty = Calendar.from_ical(ics_bytes([]))
    assert empty.walk("VEVENT") == [] and empty.walk("VTIMEZONE") == []


def test_a_word_document_has_its_language_headings_and_a_table_with_a_header_row():
    writer = WordWriter(
        new_document(title="Afspraken Noord", lang="nl", subject="Samenwerken"), nothing="Niets"
    )
    writer.h(1, "Afspraken")
    writer.table(["Wat", "Wie"], [["Bankjes terug", "Gemeente"], ["Lampen", None]])
    writer.empty()

    doc = Document(io.BytesIO(writer.bytes()))
    assert (doc.core_properties.title, doc.core_properties.language) == ("Afspraken Noord", "nl-NL")
    assert doc.paragraphs[0].style.name == "Heading 1" and doc.paragraphs[0].text == "Afspraken"
    table = doc.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Wat", "Wie"],
        ["Bankjes terug", "Gemeente"],
        ["Lampen", ""],
    ]
    assert table.rows[0]._tr.xml.count("w:tblHeader") == 1  # repeats on every page
    assert any(p.text == "Niets" for p in doc.paragraphs)


def test_file_names_are_plain_ascii():
    assert filename("afweging", 12, "Complex A: ‘Zuid’ / één", "rapport", extension="pdf") == (
        "afweging-12-complex-a-zuid-een-rapport.pdf"
    )
    assert filename("", "???", extension="csv") == ".csv"
