"""The meeting report of Samenwerken in de wijk, as PDF and as Word (METHODS.md §9, §2.12).

Both are built from one context (``context.py``) in the active language, with the shared
writers of ``core.documents`` (decision 0010). A confidential meeting ("what is said here stays
here") says so on the cover and on every page: in the PDF's page header, in the Word file's
section header.

Made in the request, not on the task worker as the appraisal's documents are (decision 0016):
the report of one two-hour meeting is a few pages and renders in well under a second, and the
worker's machinery (a stored document per kind and language, a fingerprint, a job page) is the
appraisal's own. The export limit counts every report (``limits.take_export``).
"""

from __future__ import annotations

from wijktafel.core.documents import DOCX, PDF, css_string
from wijktafel.core.documents import filename as core_filename
from wijktafel.workshops.models import Workshop

from .context import report_context

TEMPLATE = "collaboration/report/report.html"


def report_pdf(workshop: Workshop) -> bytes:
    from django.utils.translation import gettext as _

    from wijktafel.core.documents.pdf import render_pdf

    context = report_context(workshop)
    return render_pdf(
        TEMPLATE,
        {
            **context,
            "footer_css": css_string(context["document_title"]),
            "page_css": css_string(_("Page")),
            "confidential_css": css_string(context["confidential_label"]),
        },
    )


def report_docx(workshop: Workshop) -> bytes:
    from .word import render_docx

    return render_docx(report_context(workshop))


def filename(workshop: Workshop, extension: str) -> str:
    """A safe ASCII file name: "samenwerken-12-samenwerken-in-de-wijk-verslag.pdf"."""
    return core_filename("samenwerken", workshop.pk, workshop.title, "verslag", extension=extension)


RENDERERS = {"pdf": (report_pdf, PDF), "docx": (report_docx, DOCX)}

__all__ = ["DOCX", "PDF", "RENDERERS", "filename", "report_context", "report_docx", "report_pdf"]
