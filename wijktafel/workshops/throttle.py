"""Limits on guessing join codes and on joining (docs/reliability.md §3.6 R1–R3, §4.6).

Failures count per IP address and per device (browser session), in fixed windows: past
the limit a wrong code is answered with 429, so guessing the 40-bit codes stops after a few
dozen tries. A right code always opens its session, also from an address over its limit: a
venue behind one Wi-Fi address is never locked out by whoever typed wrong codes there.

Joins themselves are limited too (``join``): at most ``JOINS_PER_IP`` from one address and
``JOINS_PER_SESSION`` into one session per window, far above a full venue (a room of 200 on
one address joins at once) and far below a script filling a session with fake people. Counters live in Django's cache (per
process by default; Redis when REDIS_URL is set, so every worker shares them).

A third, global counter catches guessing spread over many addresses: past
``JOIN_FAILURES_GLOBAL`` failures in its window the alarm is raised (a warning in the
``wijktafel.security`` log) and every further failure is answered only after
``JOIN_FAILURE_DELAY_SECONDS``. Successes are never delayed or counted. The log names
the address prefix, never the code that was typed.

When the cache fails (Redis down), joining goes on without limits and the failure is
logged: a live session matters more than a counter.
"""

from __future__ import annotations

import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from wijktafel.core.errors import Refused, TooManyAttempts

from . import services
from .models import Workshop

SESSION_KEY = "wijktafel_join_failures"
MAX_DELAY_SECONDS = 5.0  # whatever the settings say, a failure never waits longer

security_log = logging.getLogger("wijktafel.security")
logger = logging.getLogger(__name__)
_sleep = time.sleep  # the one place a failure waits; tests replace it to count the waits


def ip_prefix(ip: str) -> str:
    """The /24 (IPv4) or /48 (IPv6) network of an address, for logs (docs/reliability.md §4.8)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "unknown"
    bits = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{bits}", strict=False))


def _window(seconds: int) -> tuple[int, int]:
    now = int(time.time())
    start = now - now % seconds
    return start, start + seconds - now


def _ip_key(ip: str, start: int) -> str:
    return f"wijktafel:join-failures:ip:{ip}:{start}"


def _joins_key(kind: str, who: object, start: int) -> str:
    return f"wijktafel:joins:{kind}:{who}:{start}"


def _api_writes_key(actor_key: str, start: int) -> str:
    return f"wijktafel:api-writes:{actor_key}:{start}"


def _global_key(start: int) -> str:
    return f"wijktafel:join-failures:global:{start}"


def _count(key: str, timeout: int) -> int:
    """Add one to a cache counter that expires with its window; returns the new count."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def _blocked_for(*, ip: str, session) -> int:
    """Seconds until this IP or device may try again; 0 when it may try now."""
    limit_ip, window = settings.WIJKTAFEL["JOIN_FAILURES_PER_IP"]
    start, left = _window(window)
    try:
        if (cache.get(_ip_key(ip, start)) or 0) >= limit_ip:
            return left
    except Exception:
        logger.warning("join throttle: the cache failed; not limiting this try", exc_info=True)
    if session is not None:
        limit_device, window = settings.WIJKTAFEL["JOIN_FAILURES_PER_DEVICE"]
        start, left = _window(window)
        record = session.get(SESSION_KEY) or {}
        if record.get("start") == start and record.get("count", 0) >= limit_device:
            return left
    return 0


def _record_failure(*, ip: str, session) -> float:
    """Count one failure everywhere; returns the seconds this failure must wait (0 or more)."""
    delay = 0.0
    try:
        limit_ip, window = settings.WIJKTAFEL["JOIN_FAILURES_PER_IP"]
        start, left = _window(window)
        if _count(_ip_key(ip, start), left + 1) == limit_ip:
            security_log.warning(
                "join_failures_ip_limit ip_prefix=%s limit=%d window=%d",
                ip_prefix(ip),
                limit_ip,
                window,
            )
        limit_all, window = settings.WIJKTAFEL["JOIN_FAILURES_GLOBAL"]
        start, left = _window(window)
        total = _count(_global_key(start), left + 1)
        if total > limit_all:
            delay = min(float(settings.WIJKTAFEL["JOIN_FAILURE_DELAY_SECONDS"]), MAX_DELAY_SECONDS)
            if (total - 1) % limit_all == 0:  # on crossing the limit, and every limit after it
                security_log.warning(
                    "join_failures_global_alarm failures=%d limit=%d window=%d window_start=%d "
                    "ip_prefix=%s delay=%.1fs",
                    total,
                    limit_all,
                    window,
                    start,
                    ip_prefix(ip),
                    delay,
                )
    except Exception:
        logger.warning(
            "join throttle: the cache failed; this failure was not counted", exc_info=True
        )
    if session is not None:
        _limit, window = settings.WIJKTAFEL["JOIN_FAILURES_PER_DEVICE"]
        start, _left = _window(window)
        record = session.get(SESSION_KEY) or {}
        count = record.get("count", 0) + 1 if record.get("start") == start else 1
        session[SESSION_KEY] = {"start": start, "count": count}
    return delay


def global_alarm() -> bool:
    """Whether failures across all addresses passed the global limit in the current window."""
    limit_all, window = settings.WIJKTAFEL["JOIN_FAILURES_GLOBAL"]
    start, _left = _window(window)
    return (cache.get(_global_key(start)) or 0) > limit_all


def find_workshop_to_join(
    *, ip: str, session=None, code: str | None = None, token: str | None = None
) -> Workshop:
    """The workshop a code or QR token opens. A wrong one counts as a failure, and after too
    many from this address or device it is answered with 429; a right one always opens."""
    try:
        if code is not None:
            return services.find_workshop_by_code(code)
        return services.find_workshop_by_token(token or "")
    except Refused:
        wait = _blocked_for(ip=ip, session=session)
        if wait:
            minutes = max(1, round(wait / 60))
            raise TooManyAttempts(
                _(
                    "Too many wrong codes. Wait %(minutes)d minutes and try again, or ask the "
                    "facilitator."
                )
                % {"minutes": minutes},
                retry_after=wait,
                field="code",
            ) from None
        delay = _record_failure(ip=ip, session=session)
        if delay > 0:
            _sleep(delay)  # slows guessing from many addresses; a right code never waits
        raise


def join(*, ip: str, workshop: Workshop, **details) -> services.Joined:
    """``services.participant_join`` within the join limits per address and per session
    (429 past them; only a join that succeeds counts)."""
    counters = _join_counters(ip, workshop)
    joined = services.participant_join(workshop=workshop, **details)
    try:
        for key, timeout in counters:
            _count(key, timeout)
    except Exception:
        logger.warning("join throttle: the cache failed; this join was not counted", exc_info=True)
    return joined


def _join_counters(ip: str, workshop: Workshop) -> list[tuple[str, int]]:
    """The (key, timeout) of each join counter this join adds to; refused with 429 when one
    is full. No counters when the cache fails: joining goes on."""
    counters = []
    for kind, who, setting in (
        ("ip", ip, "JOINS_PER_IP"),
        ("session", workshop.pk, "JOINS_PER_SESSION"),
    ):
        limit, window = settings.WIJKTAFEL[setting]
        start, left = _window(window)
        key = _joins_key(kind, who, start)
        try:
            count = cache.get(key) or 0
        except Exception:
            logger.warning("join throttle: the cache failed; not limiting this join", exc_info=True)
            return []
        if count >= limit:
            security_log.warning(
                "joins_limit kind=%s ip_prefix=%s workshop=%s limit=%d window=%d",
                kind,
                ip_prefix(ip),
                workshop.pk,
                limit,
                window,
            )
            raise TooManyAttempts(
                _("Many people are joining at once. Wait a moment and try again."),
                retry_after=left,
                field="display_name",
            )
        counters.append((key, left + 1))
    return counters


def api_write(actor_key: str) -> None:
    """The socket's frame limit for the API's op routes, per actor (participant or account)
    over all its requests: ``WS_BURST`` writes per ``WS_BURST / WS_RATE`` seconds (200 per
    10 s), counted in the cache so every worker shares it. Past it: 429 with Retry-After."""
    burst, rate = settings.WIJKTAFEL["WS_BURST"], settings.WIJKTAFEL["WS_RATE"]
    start, left = _window(max(1, round(burst / rate)))
    try:
        count = _count(_api_writes_key(actor_key, start), left + 1)
    except Exception:
        logger.warning("api write limit: the cache failed; not limiting", exc_info=True)
        return
    if count > burst:
        if count == burst + 1:
            security_log.warning("api_writes_limit actor=%s limit=%d", actor_key, burst)
        raise TooManyAttempts(
            _("Too many changes at once. Wait %(seconds)d seconds and try again.")
            % {"seconds": left},
            retry_after=left,
        )
