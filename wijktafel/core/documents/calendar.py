"""Calendar files (ICS, RFC 5545, with icalendar): an invitation that any agenda program reads.

Times are local to the Netherlands: the file names the time zone Europe/Amsterdam and carries
its rules (VTIMEZONE), so a meeting at 19:30 stays at 19:30 in summer and in winter. The texts are
plain; icalendar escapes them (a newline, a comma or a semicolon typed by someone cannot make a
new property).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PRODUCT = "-//Wijktafel//Wijktafel//NL"


@dataclass(frozen=True)
class CalendarEvent:
    """One meeting (or a deadline, ``all_day``): a stable ``uid`` (the same meeting keeps it, so
    an update replaces it)."""

    uid: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    sequence: int = 0  # raise it when the meeting changes
    cancelled: bool = False
    # Whole days (a deadline): only the days of ``start`` and ``end`` count, ``end`` being the
    # last day; written as dates without a time, DTEND the day after it (RFC 5545 §3.6.1).
    all_day: bool = False


def ics_bytes(events: list[CalendarEvent], *, method: str = "PUBLISH") -> bytes:
    """An ICS calendar with ``events`` (``method``: PUBLISH, or REQUEST for an invitation)."""
    from icalendar import Calendar, Event, Timezone

    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    if events:  # an empty calendar (nothing planned yet) needs no time zone
        first, last = min(_local(e.start) for e in events), max(_local(e.end) for e in events)
        calendar.add_component(
            Timezone.from_tzid(
                "Europe/Amsterdam", first_date=_local(first).date(), last_date=_local(last).date()
            )
        )
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", dt.datetime.now(dt.UTC))
        if item.all_day:
            event.add("dtstart", _day(item.start))
            event.add("dtend", max(_day(item.end), _day(item.start)) + dt.timedelta(days=1))
        else:
            event.add("dtstart", _local(item.start))
            event.add("dtend", _local(item.end))
        event.add("summary", item.summary)
        event.add("sequence", item.sequence)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        for name, value in (
            ("location", item.location),
            ("description", item.description),
            ("url", item.url),
        ):
            if value:
                event.add(name, value)
        calendar.add_component(event)
    return calendar.to_ical()


def _day(moment: dt.date | dt.datetime) -> dt.date:
    """The day of ``moment`` in Amsterdam (a date is that day)."""
    return _local(moment).date() if isinstance(moment, dt.datetime) else moment


def _local(moment: dt.date | dt.datetime) -> dt.datetime:
    """``moment`` in Amsterdam time (a naive time is read as Amsterdam time, a date as its
    midnight)."""
    if not isinstance(moment, dt.datetime):
        return dt.datetime.combine(moment, dt.time(), tzinfo=AMSTERDAM)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=AMSTERDAM)
    return moment.astimezone(AMSTERDAM)
