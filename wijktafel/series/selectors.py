"""What the pages and the API show of a series and its people."""

from __future__ import annotations

from wijktafel.agreements.models import Agreement

from . import services
from .models import Person, Series


def person_out(person: Person) -> dict:
    return {
        "id": person.pk,
        "display_name": person.display_name,
        "organisation_name": person.organisation_name,
        "kind": person.kind,
    }


def series_out(series: Series) -> dict:
    table = services.attendance_table(series)
    return {
        "id": series.pk,
        "title": series.title,
        "method": series.method,
        "sessions": [
            {"position": index + 1, "workshop_id": w.pk, "title": w.title, "status": w.status}
            for index, w in enumerate(table["sessions"])
        ],
        "people": [
            {
                **person_out(row["person"]),
                "sessions": [
                    w.pk for w, came in zip(table["sessions"], row["marks"], strict=True) if came
                ],
            }
            for row in table["rows"]
        ],
    }


def open_actions(person: Person) -> list[Agreement]:
    """The person's open agreements and actions, over every session of the series."""
    participant_ids = person.attendances.values_list("participant_id", flat=True)
    return list(
        Agreement.objects.filter(owners__in=participant_ids, status=Agreement.Status.OPEN)
        .select_related("workshop")
        .distinct()
        .order_by("due_date", "pk")
    )
