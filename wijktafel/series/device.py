"""The device a person joined on recognises them again: a signed cookie that lists, per series,
the person this device is and the person's device epoch when it was set.

The cookie outlives the browser session (12 hours) so that work session II, weeks later, knows
the phone. It holds no name, only ids, and is signed: a changed cookie is ignored. Raising the
person's ``device_epoch`` (the facilitator's "forget devices") makes every older cookie stop
working; a merged person's cookie brings them back as the record they were merged into.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core import signing

from . import services
from .models import Person

COOKIE = "wijktafel_persons"
SALT = "wijktafel.series.device"
MAX_AGE = 60 * 60 * 24 * 180  # half a year: a series of werkplaatsen spans months
MAX_SERIES = 20  # the newest ones are kept


def _entries(request) -> dict[str, list[int]]:
    try:
        data = json.loads(request.get_signed_cookie(COOKIE, salt=SALT, max_age=MAX_AGE))
    except (KeyError, signing.BadSignature, ValueError, TypeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        key: value
        for key, value in data.items()
        if isinstance(key, str)
        and isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) for v in value)
    }


def known_persons(request) -> dict[int, Person]:
    """Series id -> the person this device is in it (only people whose device epoch still holds)."""
    entries = _entries(request)
    if not entries:
        return {}
    wanted = {value[0]: value[1] for value in entries.values()}
    found: dict[int, Person] = {}
    for person in Person.objects.filter(pk__in=wanted).select_related("series"):
        if person.device_epoch != wanted[person.pk]:
            continue
        current = services.resolve(person)
        if current is not None:
            found[current.series_id] = current
    return found


def known_person(request, series_id: int) -> Person | None:
    return known_persons(request).get(series_id)


def remember(request, response, person: Person) -> None:
    """Let this device recognise ``person`` in their series from now on."""
    entries = _entries(request)
    entries.pop(str(person.series_id), None)
    entries[str(person.series_id)] = [person.pk, person.device_epoch]
    entries = dict(list(entries.items())[-MAX_SERIES:])
    response.set_signed_cookie(
        COOKIE,
        json.dumps(entries, separators=(",", ":")),
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
