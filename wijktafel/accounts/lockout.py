"""Login lockout with django-axes (docs/reliability.md §3.6 R4; decision 0007).

Five failed logins of one (e-mail address, IP address) pair lock that pair for 15 minutes.
The same address from elsewhere, and other addresses from here, can still log in, so nobody
can lock a facilitator out by typing their address wrongly on purpose.
"""

from __future__ import annotations

import math

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers


def username_of(request, credentials: dict | None = None) -> str:
    """The e-mail address as the login form cleans it (trimmed, lower case), so ``FAC@x.nl ``
    and ``fac@x.nl`` count as the same account."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None and hasattr(request, "POST"):
        raw = request.POST.get("username")
    return str(raw or "").strip().lower()[:254]


def seconds_left(request, credentials: dict | None = None) -> int:
    """Seconds until this pair may try again: 15 minutes after its last counted failure."""
    cool_off = get_cool_off(request) or settings.AXES_COOLOFF_TIME
    ip = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    last = AccessAttempt.objects.filter(
        username=username_of(request, credentials),
        ip_address=ip,
    ).aggregate(last=Max("attempt_time"))["last"]
    if last is None:
        return int(cool_off.total_seconds())
    left = (last + cool_off - timezone.now()).total_seconds()
    return max(1, math.ceil(left))


def locked_out_response(request, original_response=None, credentials: dict | None = None):
    """Our own page for a locked pair: 429, with Retry-After and the minutes to wait."""
    wait = seconds_left(request, credentials)
    response = render(
        request, "accounts/locked_out.html", {"minutes": max(1, math.ceil(wait / 60))}, status=429
    )
    response["Retry-After"] = str(wait)
    add_never_cache_headers(response)
    return response
