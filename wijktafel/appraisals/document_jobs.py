"""The appraisal documents are made by the task worker, never in a request (issue 12).

``ask`` answers a request for a document in one of three ways:

1. **Ready.** A document made of the appraisal as it is now (same ``fingerprint``, kind and
   language) is served at once. It is kept until the appraisal changes (one per appraisal, kind
   and language: ``AppraisalDocument``), and serving it counts nothing.
2. **Being made.** A job already making it is returned: a second click, a reload or another
   facilitator asking for the same document waits for the same job and counts nothing.
3. **New.** The appraisal's size is checked first (above ``MAX_ITEMS`` items, or a document of
   more than ``MAX_PAGES`` pages by estimate, it is refused with what to leave out, before any
   work); then the export limit counts one document (``take_export``: documents made, not
   clicks) and a job ``appraisal.document`` is scheduled to run now.

The job's handler renders in the job's language with a progress report at least every second,
stores the file, and may run again when its worker dies in the middle (``retry``: making a
document twice is harmless, and the store keeps one).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
import time

from django.db import close_old_connections, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijktafel.activities.models import Postit
from wijktafel.core.documents.limits import take_export
from wijktafel.core.errors import Conflict, Invalid
from wijktafel.jobs import registry
from wijktafel.jobs import services as jobs
from wijktafel.jobs.models import Job
from wijktafel.workshops.models import Workshop

from . import documents
from .models import (
    Appraisal,
    AppraisalDocument,
    CoreProblem,
    Effect,
    EffectCard,
    Insight,
    Solution,
)

KIND = "appraisal.document"
RENDERERS = {
    "report_pdf": (documents.report_pdf, documents.PDF, "rapport", "pdf"),
    "report_docx": (documents.report_docx, documents.DOCX, "rapport", "docx"),
    "cards_pdf": (documents.cards_pdf, documents.PDF, "oplossingskaarten", "pdf"),
}
MAX_ITEMS = 5000
MAX_PAGES = 500
PROGRESS_EVERY_SECONDS = 1.0
# A document job that reports no progress for this long counts as interrupted (its progress
# thread reports every second while the worker lives), and is then run again.
LEASE = dt.timedelta(seconds=30)

security_log = logging.getLogger("wijktafel.security")
logger = logging.getLogger(__name__)


def fingerprint(appraisal: Appraisal, kind: str, language: str) -> str:
    """What a document of ``appraisal`` depends on: its own fields and the head of the event
    log of every session it links (every change of its work is logged there, decision 0009)."""
    heads = sorted(
        Workshop.objects.filter(pk__in=appraisal.workshop_ids).values_list("pk", "last_seq")
    )
    fields = Appraisal.objects.filter(pk=appraisal.pk).values(
        "title", "trigger", "starting_point", "area_id", "horizon_years", "top_n", "status"
    )
    text = json.dumps([kind, language, heads, list(fields)], default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def size(appraisal: Appraisal) -> dict[str, int]:
    """The appraisal's items, by the part of the document they fill."""
    solutions = Solution.objects.filter(appraisal=appraisal)
    return {
        "postits": Postit.objects.filter(workshop_id__in=appraisal.workshop_ids).count(),
        "core_problems": CoreProblem.objects.filter(appraisal=appraisal).count(),
        "solutions": solutions.count(),
        "effects": Effect.objects.filter(card__solution__appraisal=appraisal).count(),
        "effect_cards": EffectCard.objects.filter(solution__appraisal=appraisal).count(),
        "insights": Insight.objects.filter(appraisal=appraisal).count(),
    }


def estimated_pages(kind: str, items: dict[str, int]) -> int:
    """A generous estimate from the measured documents (docs/performance.md): a wall of
    post-its fills about 40 a page, a solution with its card and effects a page or two."""
    if kind == "cards_pdf":
        return items["solutions"] + 1
    return (
        4
        + items["postits"] // 40
        + items["core_problems"] // 4
        + items["solutions"]
        + items["effects"] // 15
        + items["effect_cards"] // 6
        + items["insights"] // 20
    )


def check_size(appraisal: Appraisal, kind: str) -> None:
    """Refuse, before any work, a document too large to make, saying what to leave out. The
    request is fine; the appraisal as it is now is too large (409)."""
    items = size(appraisal)
    total = sum(items.values())
    pages = estimated_pages(kind, items)
    if total <= MAX_ITEMS and pages <= MAX_PAGES:
        return
    largest = max(items, key=items.get)
    what = {
        "postits": _("post-its: merge the ones that say the same, or delete what is not used"),
        "core_problems": _("core problems: keep one per problem owner"),
        "solutions": _("solutions: merge look-alikes, delete those not chosen"),
        "effects": _("effects: keep the most important ones per solution"),
        "effect_cards": _("effect cards: keep those of the pre-selection"),
        "insights": _("insights: keep the main ones"),
    }[largest]
    raise Conflict(
        _(
            "This document would be too large (about %(pages)d pages, %(items)d items; at most "
            "%(max_pages)d pages and %(max_items)d items). Leave out the most from the %(what)s."
        )
        % {
            "pages": pages,
            "items": total,
            "max_pages": MAX_PAGES,
            "max_items": MAX_ITEMS,
            "what": what,
        },
        field="kind",
    )


def ask(user, appraisal: Appraisal, kind: str) -> AppraisalDocument | Job:
    """The document ready to serve, or the job that makes it (see the module's text)."""
    language = translation.get_language() or "nl"
    key = fingerprint(appraisal, kind, language)
    ready = AppraisalDocument.objects.filter(
        appraisal=appraisal, kind=kind, language=language, fingerprint=key
    ).first()
    if ready is not None:
        return ready
    running = _running(appraisal, kind, language, key)
    if running is not None:
        return running
    check_size(appraisal, kind)
    with transaction.atomic():
        take_export(user)
        security_log.info("export kind=%s appraisal=%s user=%s", kind, appraisal.pk, user.pk)
        return jobs.schedule(
            KIND,
            timezone.now(),
            {
                "appraisal_id": appraisal.pk,
                "kind": kind,
                "language": language,
                "fingerprint": key,
            },
            started_by=user,
            organisation=appraisal.organisation,
        )


def _running(appraisal: Appraisal, kind: str, language: str, key: str) -> Job | None:
    return (
        Job.objects.filter(
            kind=KIND,
            status__in=[Job.Status.SCHEDULED, Job.Status.RUNNING],
            payload__appraisal_id=appraisal.pk,
            payload__kind=kind,
            payload__language=language,
            payload__fingerprint=key,
        )
        .order_by("pk")
        .first()
    )


def job_of(appraisal: Appraisal, job_id: int) -> Job | None:
    """A document job of ``appraisal`` (None for any other job)."""
    return Job.objects.filter(pk=job_id, kind=KIND, payload__appraisal_id=appraisal.pk).first()


def document_of(job: Job) -> AppraisalDocument | None:
    """The file a done job made, while it is the appraisal's newest of its kind."""
    return AppraisalDocument.objects.filter(job=job).first()


def check_payload(payload: dict) -> None:
    if payload.get("kind") not in RENDERERS or not isinstance(payload.get("appraisal_id"), int):
        raise Invalid(_("This document does not exist."), field="kind")


@registry.register(
    KIND,
    label=gettext_lazy("Document of an appraisal"),
    check=check_payload,
    lease=LEASE,
    retry=True,
)
def make(job: Job) -> str:
    """Render the document of the job's payload and store it (the newest replaces the older)."""
    payload = job.payload
    appraisal = Appraisal.objects.select_related("area").filter(pk=payload["appraisal_id"]).first()
    if appraisal is None:
        return "the appraisal was deleted"
    render, content_type, label, extension = RENDERERS[payload["kind"]]
    with translation.override(payload["language"]), _Progress(job) as progress:
        progress.stage(10, _("Laying out the pages"), expect=_expected_seconds(appraisal, job))
        content = render(appraisal)
        progress.stage(95, _("Saving"))
        name = documents.filename(appraisal, label, extension)
    with transaction.atomic():
        document, _created = AppraisalDocument.objects.update_or_create(
            appraisal=appraisal,
            kind=payload["kind"],
            language=payload["language"],
            defaults={
                "fingerprint": payload["fingerprint"],
                "filename": name,
                "content_type": content_type,
                "content": content,
                "size": len(content),
                "job": job,
            },
        )
    return f"document {document.pk}: {name}, {len(content)} bytes"


def _expected_seconds(appraisal: Appraisal, job: Job) -> float:
    """About how long the render takes (for the progress bar only): 0.25 s a page."""
    return max(2.0, 0.25 * estimated_pages(job.payload["kind"], size(appraisal)))


class _Progress:
    """Reports the job's progress every ``PROGRESS_EVERY_SECONDS`` from a thread while the
    render runs (a render is one long call), which also keeps the job's lease alive."""

    def __init__(self, job: Job):
        self.job = job
        self.percent, self.text = 0, ""
        self.started, self.expect, self.base = time.monotonic(), 0.0, 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"progress-{job.pk}", daemon=True)

    def __enter__(self):
        # The worker runs a job outside any transaction. Inside one (a test running a job in its
        # own transaction) a second connection could neither see the job nor write it: then the
        # stages alone report.
        if not connection.in_atomic_block:
            self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join(5)

    def stage(self, percent: int, text: str, *, expect: float = 0.0) -> None:
        self.base, self.text, self.expect = percent, str(text), expect
        self.started = time.monotonic()
        self.percent = percent
        jobs.job_progress(self.job, percent=percent, text=self.text)

    def _run(self) -> None:
        try:
            while not self.stop.wait(PROGRESS_EVERY_SECONDS):
                elapsed = time.monotonic() - self.started
                percent = self.base
                if self.expect:  # up to 90 % over the expected time, never past it
                    percent = min(90, self.base + int((90 - self.base) * elapsed / self.expect))
                jobs.job_progress(self.job, percent=percent, text=self.text)
        except Exception:
            logger.exception("progress of job %s could not be saved", self.job.pk)
        finally:
            close_old_connections()
            connection.close()  # this thread's own connection
