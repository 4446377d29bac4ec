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


def earlier_open(workshop) -> dict | None:
    """What is still open from the earlier sessions of the workshop's series: the actions and
    agreements not done or dropped, with their owners, and the parked topics not resolved or
    dropped. None outside a series or in its first session."""
    from wijktafel.parking.models import ParkedTopic

    entry = getattr(workshop, "series_entry", None)
    if entry is None:
        return None
    earlier = list(
        entry.series.entries.filter(position__lt=entry.position)
        .select_related("workshop")
        .order_by("position")
    )
    if not earlier:
        return None
    from wijktafel.groups.models import Group

    previous = earlier[-1].workshop
    ids = [e.workshop_id for e in earlier]
    agreements = (
        Agreement.objects.filter(workshop_id__in=ids, status=Agreement.Status.OPEN)
        .select_related("workshop")
        .prefetch_related("owners")
        .order_by("workshop_id", "due_date", "pk")
    )
    topics = (
        ParkedTopic.objects.filter(
            workshop_id__in=ids,
            status__in=[ParkedTopic.Status.PARKED, ParkedTopic.Status.SCHEDULED],
        )
        .select_related("workshop")
        .order_by("workshop_id", "pk")
    )
    return {
        "series": entry.series,
        "position": entry.position,
        "agreements": [
            {
                "agreement": a,
                "owners": ", ".join(
                    [p.display_name for p in a.owners.all()]
                    + ([a.owner_names] if a.owner_names else [])
                ),
            }
            for a in agreements[:100]
        ],
        "topics": list(topics[:100]),
        "previous": previous,
        "previous_has_groups": Group.objects.filter(workshop=previous).exists(),
    }
