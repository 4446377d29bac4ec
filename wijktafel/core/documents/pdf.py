"""PDF through WeasyPrint: our HTML template and print stylesheet, and nothing from outside.

WeasyPrint would fetch any URL a document names (an image, a stylesheet). The documents only
contain text people typed, escaped by the template, but a fetcher that serves our own static
files and refuses everything else keeps it that way (docs/reliability.md §4.9: no server-side fetches
of user URLs). Fonts come from the system (fonts-noto-core), never from a URL.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
# WeasyPrint logs every layout step at INFO on its own stderr handler; keep its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STYLESHEET = "css/report.css"
BASE_URL = "wijktafel-static:/"  # relative URLs resolve here; the fetcher maps it to our files


def _static_path(url: str) -> Path | None:
    """The file of one of our static files named by ``url``, or None for anything else."""
    if not url.startswith(BASE_URL):
        return None
    name = url[len(BASE_URL) :].lstrip("/")
    prefix = settings.STATIC_URL.strip("/") + "/"
    name = name.removeprefix(prefix)
    if not name or ".." in Path(name).parts:
        return None
    found = finders.find(name)
    return Path(found) if found else None


@lru_cache(maxsize=1)
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves our static files; refuses every other URL (http, file, data, ...)."""

        def fetch(self, url, headers=None):
            path = _static_path(url)
            if path is None:
                logger.warning("The PDF asked for a URL outside our static files; refused.")
                raise ValueError("Only our own static files can be used in a PDF.")
            return URLFetcherResponse(url, path.read_bytes(), {}, 200)

    return StaticOnlyFetcher


@lru_cache(maxsize=1)
def _stylesheet_text() -> str:
    return Path(finders.find(STYLESHEET)).read_text(encoding="utf-8")


def render_pdf(template: str, context: dict) -> bytes:
    """Render ``template`` with ``context`` to a tagged A4 PDF (PDF/UA-1)."""
    from weasyprint import CSS, HTML

    html = render_to_string(template, context)
    fetcher = _fetcher_class()()
    stylesheet = CSS(string=_stylesheet_text(), base_url=BASE_URL, url_fetcher=fetcher)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1", uncompressed_pdf=False
    )
