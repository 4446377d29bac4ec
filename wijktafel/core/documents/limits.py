"""Export limit (docs/reliability.md §3.6 R7, §4.6): ten documents an hour per account.

A report is the most expensive thing a facilitator can ask for (a few hundred milliseconds to
seconds of CPU), so one account cannot make the server render them without end. Counted in
Django's cache in fixed windows, like the join limits (``workshops/throttle.py``): per process
with the local cache, shared by every worker with Redis. When the cache fails, the download goes
on and the failure is logged: a facilitator at the end of a session matters more than a counter.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from wijktafel.core.errors import TooManyAttempts

EXPORTS_PER_ACCOUNT = (10, 3600)  # (documents, window in seconds); WIJKTAFEL["EXPORTS_PER_ACCOUNT"]

logger = logging.getLogger(__name__)
security_log = logging.getLogger("wijktafel.security")


def _limit() -> tuple[int, int]:
    return tuple(settings.WIJKTAFEL.get("EXPORTS_PER_ACCOUNT", EXPORTS_PER_ACCOUNT))


def take_export(user) -> None:
    """Count one document for ``user``; refuse with 429 past the limit (nothing is counted then)."""
    limit, window = _limit()
    now = int(time.time())
    start = now - now % window
    key = f"wijktafel:exports:user:{user.pk}:{start}"
    try:
        cache.add(key, 0, timeout=window)
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    except Exception:  # noqa: BLE001 - the cache is away: serve the document, say so in the log
        logger.exception("The export counter is unavailable; the download goes on.")
        return
    if count > limit:
        security_log.warning("export_limit user=%s limit=%d window=%d", user.pk, limit, window)
        raise TooManyAttempts(
            _("You made many documents in a short time. Try again in %(minutes)d minutes.")
            % {"minutes": max(1, (start + window - now + 59) // 60)},
            retry_after=start + window - now,
        )
