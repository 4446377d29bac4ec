"""The appraisal documents: the report as PDF and Word, the solution cards as PDF.

All three are built from one context (``context.py``, on top of ``report_data.py``), in the
active language. See docs/decisions/0010-documents.md.
"""

from __future__ import annotations

from wijktafel.appraisals.models import Appraisal
from wijktafel.core.documents import DOCX, PDF, css_string
from wijktafel.core.documents import filename as core_filename

from .context import cards_context, report_context


def report_pdf(appraisal: Appraisal) -> bytes:
    from wijktafel.core.documents.pdf import render_pdf

    return render_pdf("appraisals/report/report.html", _with_footer(report_context(appraisal)))


def cards_pdf(appraisal: Appraisal) -> bytes:
    from wijktafel.core.documents.pdf import render_pdf

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


def filename(appraisal: Appraisal, kind: str, extension: str) -> str:
    """A safe ASCII file name: "afweging-12-complex-a-rapport.pdf"."""
    return core_filename("afweging", appraisal.pk, appraisal.title, kind, extension=extension)


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
