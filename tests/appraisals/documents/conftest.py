"""The documents' tests share one complete appraisal (tests.support.documents) and a facilitator's client, in Dutch or in English."""

import shutil

import pytest

from tests.support.documents import build_complete_appraisal


@pytest.fixture(autouse=True)
def _poppler():
    """pdftotext and pdfinfo read the PDFs as a person's tools do; scripts/setup.sh installs them."""
    assert shutil.which("pdftotext") and shutil.which("pdfinfo"), "poppler-utils is required"


@pytest.fixture
def world(facilitator):
    return build_complete_appraisal(facilitator)


@pytest.fixture
def fac(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def fac_en(fac, settings):
    fac.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return fac
