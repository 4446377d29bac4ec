"""The appraisal documents: the report as PDF and Word, the solution cards as PDF.

All three are built from one context (``context.py``, on top of ``report_data.py``), in the
active language. See docs/decisions/0010-documents.md.
"""

from __future__ import annotations

import re
import unicodedata

from wijktafel.appraisals.models import Appraisal

from .context import cards_context, report_context

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_pdf(appraisal: Appraisal) -> bytes:
    from .pdf import render_pdf

    return render_pdf("appraisals/report/report.html", _with_footer(report_context(appraisal)))


def cards_pdf(appraisal: Appraisal) -> bytes:
    from .pdf import render_pdf

    return render_pdf("appraisals/report/cards.html", _with_footer(cards_context(appraisal)))


def report_docx(appraisal: Appraisal) -> bytes:
    from .word import render_docx

    return render_docx(report_context(appraisal))


def _with_footer(context: dict) -> dict:
    from django.utils.translation import gettext as _

    return {
        **context,
        "footer_css": css_string(context["document_title"]),
        "page_css": css_string(_("Page")),
    }


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


def filename(appraisal: Appraisal, kind: str, extension: str) -> str:
    """A safe ASCII file name: "afweging-12-complex-a-rapport.pdf"."""
    ascii_title = unicodedata.normalize("NFKD", appraisal.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:50].strip("-")
    parts = ["afweging", str(appraisal.pk), slug, kind]
    return "-".join(p for p in parts if p) + "." + extension


__all__ = [
    "PDF",
    "DOCX",
    "report_pdf",
    "cards_pdf",
    "report_docx",
    "filename",
    "report_context",
    "cards_context",
]
