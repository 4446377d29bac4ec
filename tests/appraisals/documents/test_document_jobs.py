"""The documents are made by the task worker, never in the request: a link leads to the job's
page, a document made of the appraisal as it is now is served at once until the appraisal
changes, too large an appraisal is refused before any work, and an interrupted render runs again
(``wijktafel.appraisals.document_jobs``). The browser journey with real worker processes is in
tests/e2e/test_document_worker.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.support.api import call
from tests.support.documents import fetch_document, op, run_document_jobs
from wijktafel.activities import services as wall
from wijktafel.appraisals import document_jobs
from wijktafel.appraisals import services as aps
from wijktafel.appraisals.models import AppraisalDocument
from wijktafel.jobs import registry
from wijktafel.jobs import services as jobs
from wijktafel.jobs.models import Job
from wijktafel.workshops.services import Actor

from django_tasks_db.models import DBTaskResult  # isort: skip


def test_the_request_only_schedules_and_the_page_follows_the_job(fac, facilitator):
    appraisal = aps.appraisal_create(user=facilitator, title="Afweging", horizon_years=5)
    url = reverse("appraisals:report_pdf", args=[appraisal.pk])

    asked = fac.get(url)

    assert asked.status_code == 302
    job = Job.objects.get(kind=document_jobs.KIND)
    assert (job.status, job.payload["kind"], job.payload["language"]) == (
        "scheduled",
        "report_pdf",
        "nl",
    )
    assert not AppraisalDocument.objects.exists()  # nothing rendered in the request
    page = fac.get(asked["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert 'http-equiv="refresh" content="2;url=?wacht=1"' in html  # follows itself
    assert "Het document wordt gemaakt" in html and "<progress" in html

    run_document_jobs()
    done = fac.get(asked["Location"]).content.decode()
    assert 'http-equiv="refresh" content="0;url=' in done  # the download starts by itself
    assert "Het document is klaar" in done and "data-document-file" in done
    plain = fac.get(asked["Location"].split("?")[0]).content.decode()
    assert "http-equiv" not in plain  # a later visit: the link, no download by itself


def test_a_made_document_is_served_until_the_appraisal_changes(fac, world):
    appraisal, (one, _two) = world["appraisal"], world["sessions"]
    url = reverse("appraisals:report_docx", args=[appraisal.pk])
    made = fetch_document(fac, url)
    assert made.status_code == 200

    again = fac.get(url)  # at once, the same file, no new job
    assert again.status_code == 200 and again.content == made.content
    assert Job.objects.filter(kind=document_jobs.KIND).count() == 1

    # A change in a session of the appraisal: the next ask makes it again.
    ans = one.participants.get(display_name="Ans")
    wall.postit_create(
        workshop_id=one.pk, actor=Actor(participant=ans), client_op_id=op(), text="Nieuw"
    )
    assert fac.get(url).status_code == 302
    assert fetch_document(fac, url).status_code == 200
    assert AppraisalDocument.objects.filter(appraisal=appraisal).count() == 1  # the newest only


def test_too_large_an_appraisal_is_refused_before_any_work(fac, world, monkeypatch):
    appraisal = world["appraisal"]
    monkeypatch.setattr(document_jobs, "MAX_ITEMS", 10)
    cache.clear()
    before = (Job.objects.count(), DBTaskResult.objects.count())

    page = fac.get(reverse("appraisals:report_pdf", args=[appraisal.pk]))
    api = call(fac, "GET", f"/appraisals/{appraisal.pk}/report.pdf")

    # The request is fine; the appraisal as it is now is too large: 409.
    assert page.status_code == 409
    html = page.content.decode()
    assert "te groot" in html and "Laat het meest weg" in html
    assert api.status_code == 409, api.content
    assert api.json()["code"] == "conflict" and api.json()["field"] == "kind"
    assert api.json()["message"].startswith("Dit document wordt te groot (ongeveer ")
    assert (Job.objects.count(), DBTaskResult.objects.count()) == before
    # Nothing was counted: the limit still allows all ten.
    monkeypatch.setattr(document_jobs, "MAX_ITEMS", 5000)
    for n in range(10):
        aps.appraisal_update(
            user=fac_user(fac), appraisal_id=appraisal.pk, fields={"title": f"V{n}"}
        )
        assert (
            fetch_document(fac, reverse("appraisals:cards_pdf", args=[appraisal.pk])).status_code
            == 200
        )


def fac_user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_the_page_count_is_estimated_from_the_appraisal(world):
    items = document_jobs.size(world["appraisal"])
    assert items["solutions"] > 0 and items["postits"] > 0
    assert document_jobs.estimated_pages("cards_pdf", items) == items["solutions"] + 1
    assert document_jobs.estimated_pages("report_pdf", items) < document_jobs.MAX_PAGES
    many = {**items, "postits": 40 * document_jobs.MAX_PAGES}
    assert document_jobs.estimated_pages("report_pdf", many) > document_jobs.MAX_PAGES


def test_an_interrupted_document_runs_again_and_is_stored_once(fac, facilitator):
    appraisal = aps.appraisal_create(user=facilitator, title="Afweging", horizon_years=5)
    fac.get(reverse("appraisals:report_docx", args=[appraisal.pk]))
    job = Job.objects.get(kind=document_jobs.KIND)
    assert jobs.job_claim(job.pk) is not None  # a worker took it and then died
    later = timezone.now() + document_jobs.LEASE + dt.timedelta(seconds=1)
    tasks_before = DBTaskResult.objects.count()

    assert jobs.jobs_recover(now=timezone.now()) == 0  # its lease still runs
    assert jobs.jobs_recover(now=later) == 1

    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.SCHEDULED, 1)
    assert DBTaskResult.objects.count() == tasks_before + 1  # delivered again
    assert run_document_jobs() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    assert AppraisalDocument.objects.filter(appraisal=appraisal).count() == 1


def test_a_document_interrupted_every_time_fails_after_its_attempts(facilitator):
    appraisal = aps.appraisal_create(user=facilitator, title="Afweging", horizon_years=5)
    job = jobs.schedule(
        document_jobs.KIND,
        timezone.now(),
        {"appraisal_id": appraisal.pk, "kind": "report_pdf", "language": "nl", "fingerprint": "x"},
        started_by=facilitator,
    )
    for attempt in range(1, registry.MAX_ATTEMPTS + 1):
        assert jobs.job_claim(job.pk) is not None
        jobs.jobs_recover(now=timezone.now() + document_jobs.LEASE + dt.timedelta(seconds=1))
        job.refresh_from_db()
        assert job.attempts == attempt
    assert job.status == Job.Status.FAILED and job.result.startswith("interrupted")


def test_the_api_answers_202_with_the_job_then_the_file(fac, facilitator):
    appraisal = aps.appraisal_create(user=facilitator, title="Afweging", horizon_years=5)
    path = f"/appraisals/{appraisal.pk}/cards.pdf"

    first, again = call(fac, "GET", path), call(fac, "GET", path)

    assert first.status_code == again.status_code == 202
    assert first.json()["job_id"] == again.json()["job_id"]  # one job, one count
    assert first["Retry-After"] == "2" and first["Location"].endswith(path)
    run_document_jobs()
    done = call(fac, "GET", path)
    assert done.status_code == 200 and done.content.startswith(b"%PDF")


@pytest.mark.parametrize("status", [Job.Status.FAILED, Job.Status.RUNNING])
def test_the_page_says_what_the_job_is_doing(fac, facilitator, status):
    appraisal = aps.appraisal_create(user=facilitator, title="Afweging", horizon_years=5)
    fac.get(reverse("appraisals:report_pdf", args=[appraisal.pk]))
    job = Job.objects.get(kind=document_jobs.KIND)
    Job.objects.filter(pk=job.pk).update(
        status=status, progress=40, progress_text="Pagina's opmaken"
    )

    html = fac.get(reverse("appraisals:document_job", args=[appraisal.pk, job.pk])).content.decode()

    if status == Job.Status.RUNNING:
        assert "opmaken (40 %)" in html and 'value="40"' in html
    else:
        assert (
            "lukte niet" in html and reverse("appraisals:report_pdf", args=[appraisal.pk]) in html
        )
