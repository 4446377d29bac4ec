"""Documents every method makes: PDF (``pdf``), Word (``word``), spreadsheets (``sheets``: XLSX
and CSV) and calendar files (``calendar``: ICS), and the export limit (``limits``). A method gives
only its context and its template (decision 0010).
"""

from __future__ import annotations

import re
import unicodedata

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
ICS = "text/calendar; charset=utf-8"


def css_string(text: str) -> str:
    """Text safe inside a double-quoted CSS string in a <style> element: quotes, backslash and
    the HTML-special characters become CSS escapes (so "</style>" cannot close it, and HTML
    escaping has nothing to change), line breaks become spaces."""
    out = []
    for char in str(text):
        if char in "\"'\\<>&" or ord(char) < 0x20:
            out.append(f"\\{ord(char):x} " if ord(char) >= 0x20 else " ")
        else:
            out.append(char)
    # No HTML-special character is left, so the template's autoescaping leaves it as it is.
    return "".join(out)


def filename(*parts: object, extension: str) -> str:
    """A safe ASCII file name of its parts: ``filename("afweging", 12, "Complex A", "rapport",
    extension="pdf")`` is "afweging-12-complex-a-rapport.pdf" (each part at most 50 characters)."""
    slugs = []
    for part in parts:
        ascii_text = unicodedata.normalize("NFKD", str(part)).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50].strip("-")
        if slug:
            slugs.append(slug)
    return "-".join(slugs) + "." + extension
