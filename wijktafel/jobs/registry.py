"""The kinds of job: a kind names the function that runs it (``register``), as admin.py does.

A handler gets the claimed ``Job`` and returns a short text for the job's result; it may report
progress with ``services.job_progress``. It runs at most once per claim (``services.job_claim``);
a kind whose work may safely be done again (``retry``: it only makes something, like a
document) is claimed again when its worker died in the middle, up to ``MAX_ATTEMPTS`` times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class JobKind:
    kind: str
    label: str | Promise  # shown on the jobs page
    handler: Callable
    # Checks a payload when the job is scheduled; raises Invalid (``core.errors``) when wrong.
    check: Callable[[dict], None] | None = None
    # How long a claimed job may go without progress before it counts as interrupted.
    lease: dt.timedelta = dt.timedelta(minutes=15)
    # Interrupted: run again (True; the work must be harmless to repeat) or mark failed.
    retry: bool = False


MAX_ATTEMPTS = 3  # of a kind with ``retry``

_KINDS: dict[str, JobKind] = {}


def register(
    kind: str,
    *,
    label: str | Promise,
    check: Callable[[dict], None] | None = None,
    lease: dt.timedelta | None = None,
    retry: bool = False,
):
    """Decorator: ``handler`` runs the jobs of ``kind``."""

    def decorate(handler: Callable) -> Callable:
        if kind in _KINDS and _KINDS[kind].handler is not handler:
            raise ValueError(f"job kind {kind!r} is registered twice")
        _KINDS[kind] = JobKind(
            kind=kind,
            label=label,
            handler=handler,
            check=check,
            retry=retry,
            **({"lease": lease} if lease else {}),
        )
        return handler

    return decorate


def get(kind: str) -> JobKind | None:
    return _KINDS.get(kind)


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)
