"""Small parts of the appraisal documents: safe file names, the page footer, a PDF that fetches
nothing from outside, and dates written day first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from tests.support.documents import pdf_text
from wijktafel.appraisals import documents
from wijktafel.appraisals import services as aps
from wijktafel.appraisals.documents import filename
from wijktafel.appraisals.documents.context import day
from wijktafel.core.documents import css_string

# --- Small parts ----------------------------------------------------------------------------------


def test_file_names_are_safe_ascii(facilitator):
    appraisal = aps.appraisal_create(
        user=facilitator, title='Café "Zuid" / ../../etc\r\n', horizon_years=5
    )

    name = filename(appraisal, "rapport", "pdf")

    assert name == f"afweging-{appraisal.pk}-cafe-zuid-etc-rapport.pdf"
    assert name.isascii() and '"' not in name and "/" not in name


def test_a_title_cannot_break_out_of_the_page_footer():
    escaped = css_string("Zuid\"; } body { display: none } </style><script>x</script>\n'")

    assert '"' not in escaped and "<" not in escaped and "'" not in escaped
    assert "\n" not in escaped and "\\22 " in escaped


def test_the_pdf_fetches_nothing_from_outside(db):
    from wijktafel.core.documents.pdf import _fetcher_class

    fetcher = _fetcher_class()()
    for url in (
        "https://example.org/x.png",
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "wijktafel-static:/static/../../config/settings.py",
        "data:text/plain,hi",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    served = fetcher.fetch("wijktafel-static:/static/css/report.css")
    assert b"@page" in served.read()


def test_markup_typed_into_an_appraisal_is_text_and_fetches_nothing(facilitator, tmp_path):
    from wijktafel.core.documents import pdf

    appraisal = aps.appraisal_create(
        user=facilitator,
        title='<img src="http://127.0.0.1:9/x.png"> Zuid',
        trigger='<link rel="stylesheet" href="file:///etc/passwd"><b>vet</b>',
        horizon_years=5,
    )

    fetched = []

    class Spy(pdf._fetcher_class()):
        def fetch(self, url, headers=None):
            fetched.append(url)
            return super().fetch(url, headers)

    real = pdf._fetcher_class
    pdf._fetcher_class = lambda: Spy
    try:
        content = documents.report_pdf(appraisal)
    finally:
        pdf._fetcher_class = real
    assert fetched == []
    text = pdf_text(content, tmp_path)
    assert '<img src="http://127.0.0.1:9/x.png"> Zuid' in text and "<b>vet</b>" in text


@pytest.mark.parametrize(
    ("language", "written"), [("nl", "31 december 2026"), ("en", "31 December 2026")]
)
def test_document_dates_are_written_day_first_in_both_languages(language, written):
    """Dates in the documents read as the pages write them; English too (not "Dec. 31, 2026")."""
    with translation.override(language):
        assert day("2026-12-31") == written
        assert day(dt.date(2026, 12, 31)) == written
        assert day("2026-12-31T10:00:00+01:00") == written
        assert day(None) == ""
