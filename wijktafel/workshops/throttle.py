"""Limits on guessing join codes (RELIABILITY.md §4.6).

Only failures count, per IP address and per device (browser session), in fixed
windows: a whole venue behind one Wi-Fi address joins freely, while guessing the
40-bit codes stops after a few dozen tries. Counters live in Django's cache (per
process by default; Redis when REDIS_URL is set, so every worker shares them).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from wijktafel.core.errors import Refused, TooManyAttempts

from . import services
from .models import Workshop

SESSION_KEY = "wijktafel_join_failures"


def _window(seconds: int) -> tuple[int, int]:
    now = int(time.time())
    start = now - now % seconds
    return start, start + seconds - now


def _ip_key(ip: str, start: int) -> str:
    return f"wijktafel:join-failures:ip:{ip}:{start}"


def _blocked_for(*, ip: str, session) -> int:
    """Seconds until this IP or device may try again; 0 when it may try now."""
    limit_ip, window = settings.WIJKTAFEL["JOIN_FAILURES_PER_IP"]
    start, left = _window(window)
    if (cache.get(_ip_key(ip, start)) or 0) >= limit_ip:
        return left
    if session is not None:
        limit_device, window = settings.WIJKTAFEL["JOIN_FAILURES_PER_DEVICE"]
        start, left = _window(window)
        record = session.get(SESSION_KEY) or {}
        if record.get("start") == start and record.get("count", 0) >= limit_device:
            return left
    return 0


def _record_failure(*, ip: str, session) -> None:
    _limit, window = settings.WIJKTAFEL["JOIN_FAILURES_PER_IP"]
    start, left = _window(window)
    key = _ip_key(ip, start)
    cache.add(key, 0, timeout=left + 1)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=left + 1)
    if session is not None:
        _limit, window = settings.WIJKTAFEL["JOIN_FAILURES_PER_DEVICE"]
        start, _left = _window(window)
        record = session.get(SESSION_KEY) or {}
        count = record.get("count", 0) + 1 if record.get("start") == start else 1
        session[SESSION_KEY] = {"start": start, "count": count}


def find_workshop_to_join(*, ip: str, session=None, code: str | None = None,
                          token: str | None = None) -> Workshop:
    """The workshop a code or QR token opens; refused with 429 after too many failures."""
    wait = _blocked_for(ip=ip, session=session)
    if wait:
        minutes = max(1, round(wait / 60))
        raise TooManyAttempts(
            _("Too many wrong codes. Wait %(minutes)d minutes and try again, or ask the facilitator.")
            % {"minutes": minutes}, retry_after=wait, field="code")
    try:
        if code is not None:
            return services.find_workshop_by_code(code)
        return services.find_workshop_by_token(token or "")
    except Refused:
        _record_failure(ip=ip, session=session)
        raise
