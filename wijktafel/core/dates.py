"""Dates people give (a session's start, a due date): one rule for forms, API and sockets.

Only the years 2000 to 2099 are taken (issue 12): a start in year 9999 made a session whose
pages could not be drawn, and year 1 could not be stored. Nothing this app plans lies outside.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from .errors import Invalid

FIRST_YEAR, LAST_YEAR = 2000, 2099


def check_year(value: dt.date, field: str) -> dt.date:
    """``value`` (a date or a datetime) when its year is 2000 to 2099, else Invalid."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise Invalid(
            _("Choose a date from %(first)d to %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field=field,
        )
    return value


def parse_date(value: object, field: str) -> dt.date | None:
    """``None`` or ``""`` is no date; a date (or a datetime's date) is taken; text only when
    written like 2026-12-31 (``fromisoformat`` alone would take "20261231", and so a number)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return check_year(value.date(), field)
    if isinstance(value, dt.date):
        return check_year(value, field)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return check_year(dt.date.fromisoformat(value), field)
        except ValueError:
            pass
    raise Invalid(_("Type a date like 2026-12-31."), field=field)
