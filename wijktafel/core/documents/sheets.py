"""Spreadsheets: XLSX (openpyxl) and CSV, both safe against formula injection.

A cell that people typed and that starts like a formula (``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is written as text that starts with an apostrophe, so no spreadsheet program
runs it (OWASP "CSV injection"; docs/reliability.md §4.9). Numbers, dates and booleans stay what
they are, so sums and sorting still work. In XLSX every text cell is also stored as a string,
never as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 100_000  # a document's rows; more is a mistake somewhere, not an export
MAX_CELL = 32_767  # what a spreadsheet cell holds (Excel's limit)

Row = Sequence[object]


def safe_cell(value: object) -> object:
    """The value to write: numbers, dates and booleans as they are, ``None`` as empty, any text
    that starts like a formula behind an apostrophe, and text at most ``MAX_CELL`` long."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | dt.date | dt.datetime):
        return value
    text = str(value)[:MAX_CELL]
    if text.startswith(FORMULA_STARTS):
        return "'" + text[: MAX_CELL - 1]
    return text


def _rows(header: Row, rows: Iterable[Row]) -> list[list[object]]:
    out = [[safe_cell(v) for v in header]]
    for number, row in enumerate(rows):
        if number >= MAX_ROWS:
            raise ValueError(f"A document holds at most {MAX_ROWS} rows.")
        out.append([safe_cell(v) for v in row])
    return out


def csv_text(header: Row, rows: Iterable[Row]) -> str:
    """A CSV file (comma-separated, every field quoted, CRLF lines) with a byte-order mark, so
    spreadsheet programs read it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in _rows(header, rows):
        writer.writerow([v.isoformat() if isinstance(v, dt.date | dt.datetime) else v for v in row])
    return "\ufeff" + out.getvalue()


def xlsx_bytes(sheets: Sequence[tuple[str, Row, Iterable[Row]]], *, title: str = "") -> bytes:
    """An XLSX workbook: one sheet per ``(name, header, rows)``, the header bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    book.properties.title = title
    book.properties.creator = "Wijktafel"
    for name, header, rows in sheets:
        sheet = book.create_sheet(_sheet_name(name))
        for row in _rows(header, rows):
            sheet.append(row)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING  # text is never a formula, whatever it holds
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(name: str) -> str:
    """A sheet name a spreadsheet program accepts: no ``[]:*?/\\``, at most 31 characters."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(name)).strip()
    return (cleaned or "Blad")[:31]
