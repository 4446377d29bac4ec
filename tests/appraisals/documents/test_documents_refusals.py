"""The appraisal documents refused: to whoever may not see the appraisal (pages and API) and past
the limit of documents an hour. A refusal gets no document and changes nothing."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.support.api import call
from tests.support.documents import fetch_document
from tests.support.factories import join
from wijktafel.agreements.models import Agreement
from wijktafel.appraisals import models as m
from wijktafel.appraisals import services as aps
from wijktafel.jobs.models import Job
from wijktafel.workshops.models import WorkshopEvent

# --- Refusals: no document, nothing changes -------------------------------------------------------


def database() -> dict:
    return {
        "events": WorkshopEvent.objects.count(),
        **{
            model.__name__: list(model.objects.order_by("pk").values())
            for model in (m.Appraisal, m.Solution, m.SolutionCard, m.Choice, Agreement)
        },
    }


@pytest.mark.parametrize("name", ["report_pdf", "report_docx", "cards_pdf"])
def test_others_get_no_document(name, world, other_facilitator):
    appraisal = world["appraisal"]
    one, _two = world["sessions"]
    url = reverse(f"appraisals:{name}", args=[appraisal.pk])
    before = database()

    anonymous = Client().get(url)
    other = Client()
    other.force_login(other_facilitator)
    foreign = other.get(url)
    participant = Client()
    joined = join(one, "Nieuwsgierig")
    session = participant.session
    from wijktafel.workshops.identity import SESSION_KEY

    session[SESSION_KEY] = {str(one.pk): joined.token}
    session.save()
    as_participant = participant.get(url)
    missing = other.get(reverse(f"appraisals:{name}", args=[appraisal.pk + 1000]))

    assert anonymous.status_code == 302 and "/inloggen/" in anonymous["Location"]
    assert foreign.status_code == 404 and as_participant.status_code == 302
    assert missing.status_code == 404
    for response in (anonymous, foreign, as_participant, missing):
        assert b"%PDF" not in response.content and b"PK" not in response.content[:4]
        assert "Content-Disposition" not in response
    after = database()
    after["events"] -= 1  # the participant who joined to try
    assert after == before


@pytest.mark.parametrize("route", ["report.pdf", "report.docx", "cards.pdf"])
def test_the_api_refuses_others_as_if_the_appraisal_did_not_exist(route, world, other_facilitator):
    appraisal = world["appraisal"]
    one, _two = world["sessions"]
    path = f"/appraisals/{appraisal.pk}/{route}"
    other = Client()
    other.force_login(other_facilitator)
    joined = join(one, "Nieuwsgierig")
    before = database()

    foreign = call(other, "GET", path)
    anonymous = call(Client(), "GET", path)
    participant = call(Client(), "GET", path, token=joined.token)

    assert foreign.status_code == 404 and foreign.json()["code"] == "not_found"
    assert anonymous.status_code == 401 and participant.status_code == 401
    assert database() == before


def make_changed(appraisal, facilitator, n: int) -> None:
    """Change the appraisal, so its documents must be made again."""
    aps.appraisal_update(
        user=facilitator, appraisal_id=appraisal.pk, fields={"title": f"Versie {n}"}
    )


def test_the_limit_counts_documents_made_not_clicks(fac, facilitator, settings):
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "EXPORTS_PER_ACCOUNT": (3, 3600)}
    cache.clear()
    appraisal = aps.appraisal_create(user=facilitator, title="Afweging", horizon_years=5)
    url = reverse("appraisals:report_docx", args=[appraisal.pk])

    # Asking again while it is being made leads to the same job; once made, it is served at once.
    first, again = fac.get(url), fac.get(url)
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert fetch_document(fac, url).status_code == 200  # the job runs; the file
    assert [fac.get(url).status_code for _ in range(5)] == [200] * 5  # made already: no count
    for n in (1, 2):  # two more documents made, of two changed versions
        make_changed(appraisal, facilitator, n)
        assert fetch_document(fac, url).status_code == 200

    make_changed(appraisal, facilitator, 3)
    before = Job.objects.count()
    page = fac.get(url)
    api = call(fac, "GET", f"/appraisals/{appraisal.pk}/report.pdf")

    assert page.status_code == 429 and int(page["Retry-After"]) > 0
    assert "Content-Disposition" not in page
    assert "Wacht" in page.content.decode() or "minuten" in page.content.decode()
    assert api.status_code == 429 and api.json()["code"] == "rate_limited"
    assert int(api["Retry-After"]) > 0
    assert Job.objects.count() == before  # nothing scheduled


def test_the_default_limit_is_ten_an_hour(fac, facilitator, caplog):
    cache.clear()
    appraisal = aps.appraisal_create(user=facilitator, title="Afweging", horizon_years=5)
    url = reverse("appraisals:report_docx", args=[appraisal.pk])

    answers = []
    with caplog.at_level("INFO", logger="wijktafel.security"):
        for n in range(11):
            make_changed(appraisal, facilitator, n)
            answers.append(fetch_document(fac, url).status_code)

    assert answers == [200] * 10 + [429]
    messages = [r.getMessage() for r in caplog.records if r.name == "wijktafel.security"]
    assert (
        messages.count(f"export kind=report_docx appraisal={appraisal.pk} user={facilitator.pk}")
        == 10
    )
    assert f"export_limit user={facilitator.pk} limit=10 window=3600" in messages
