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


def _date_pattern() -> str:
    """A regular expression (JSON Schema's ``pattern``, ECMA-262 and Python alike) of exactly the
    dates YYYY-MM-DD of one century FIRST_YEAR to LAST_YEAR, leap days included, so the API
    document states the range from the same two numbers."""
    century, first = divmod(FIRST_YEAR, 100)
    assert first == 0 and LAST_YEAR == FIRST_YEAR + 99, "the pattern covers one whole century"
    yy = f"{century}[0-9]{{2}}"
    # Leap years of the century: every fourth, and the century year only every 400 years.
    leap = (
        "(?:[02468][048]|[13579][26])"
        if FIRST_YEAR % 400 == 0
        else ("(?:0[48]|[2468][048]|[13579][26])")
    )
    return (
        f"(?:{yy}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
        "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
        "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
        f"|{century}{leap}-02-29)"
    )


# What the API document says of a date (``parse_date``) and of a moment (a session's start, read
# by pydantic: seconds, fractions and the offset may be left out, then it is Dutch time).
DAY_PATTERN = f"^{_date_pattern()}$"
MOMENT_PATTERN = (
    f"^{_date_pattern()}T(?:[01][0-9]|2[0-3]):[0-5][0-9]"
    "(?::[0-5][0-9](?:[.][0-9]{1,6})?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?$"
)
MOMENT_MAX_LENGTH = len("2026-12-31T09:30:00.000000+01:00")


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
