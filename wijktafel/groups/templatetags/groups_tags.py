"""What only one participant's own page shows of the groups block: whom they said they know.
Rendered on the server, so the ticks never travel through the room's events or snapshot."""

from django import template

from wijktafel.workshops.models import Participant

from ..selectors import known_ids

register = template.Library()


@register.simple_tag
def acquaintance_choices(participant: Participant) -> list[dict]:
    """The other active participants of the session, each with whether ``participant`` ticked
    them as someone they already know."""
    known = set(known_ids(participant))
    others = Participant.objects.filter(
        workshop_id=participant.workshop_id, removed_at__isnull=True
    ).exclude(pk=participant.pk)
    return [{"id": p.pk, "name": p.display_name, "known": p.pk in known} for p in others]
