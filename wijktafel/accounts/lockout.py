"""Login lockout with django-axes (docs/reliability.md §3.6 R4; decision 0007).

Five failed logins of one (e-mail address, IP address) pair lock that pair for 15 minutes.
The same address from elsewhere, and other addresses from here, can still log in, so nobody
can lock a facilitator out from one place by typing their address wrongly on purpose.

A guess spread over many addresses is counted too: ``ACCOUNT_FAILURE_LIMIT`` failures of one
account within the cool-off, from any addresses together, lock the account everywhere until
15 minutes after the last one (``AccountLockBackend``, before the password is checked, so
tries during the lock count nothing). The limit is four times the pair's, so one
person mistyping on several devices does not reach it.
"""

from __future__ import annotations

import math

from axes.backends import AxesBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
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


def _cool_off(request):
    return get_cool_off(request) or settings.AXES_COOLOFF_TIME


def _recent_attempts(request, username: str):
    """The failure counts of ``username`` (one row per address) within the cool-off."""
    since = timezone.now() - _cool_off(request)
    return AccessAttempt.objects.filter(username=username, attempt_time__gte=since)


def account_locked(request, credentials: dict | None = None) -> bool:
    """True when the account failed ``ACCOUNT_FAILURE_LIMIT`` times within the cool-off,
    counted over every address."""
    username = username_of(request, credentials)
    if not username:
        return False
    failures = _recent_attempts(request, username).aggregate(n=Sum("failures_since_start"))["n"]
    return (failures or 0) >= settings.ACCOUNT_FAILURE_LIMIT


def seconds_left(request, credentials: dict | None = None, *, every_address=False) -> int:
    """Seconds until this pair (or, ``every_address``, the account) may try again: 15 minutes
    after its last counted failure."""
    cool_off = _cool_off(request)
    attempts = AccessAttempt.objects.filter(username=username_of(request, credentials))
    if not every_address:
        ip = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        attempts = attempts.filter(ip_address=ip)
    last = attempts.aggregate(last=Max("attempt_time"))["last"]
    if last is None:
        return int(cool_off.total_seconds())
    left = (last + cool_off - timezone.now()).total_seconds()
    return max(1, math.ceil(left))


class AccountLockBackend(AxesBackend):
    """axes' backend, which refuses a locked (address, account) pair, that also refuses an
    account locked over every address: for the login page and the admin's alike."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and account_locked(request, {"username": username}):
            request.axes_locked_out = True  # axes counts nothing and shows locked_out_response
            request.account_locked = True
            raise AxesBackendPermissionDenied("the account is locked over every address")
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out_response(request, original_response=None, credentials: dict | None = None):
    """Our own page for a locked pair (or account): 429, with Retry-After and the minutes to
    wait."""
    every_address = getattr(request, "account_locked", False)
    wait = seconds_left(request, credentials, every_address=every_address)
    context = {"minutes": max(1, math.ceil(wait / 60)), "every_address": every_address}
    response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(wait)
    add_never_cache_headers(response)
    return response
