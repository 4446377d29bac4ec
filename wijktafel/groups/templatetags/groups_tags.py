"""What only one participant's own page shows of the groups block: whom they said they know.
Rendered on the server, so the ticks never travel through the room's events or snapshot."""

from django import template

from wijktafel.workshops.models import Participant

from ..models import Acquaintance

register = template.Library()


@register.simple_tag
def acquaintance_choices(participant: Participant) -> list[dict]:
    """The active participants ``participant`` ticked as someone they already know. Only those:
    the page's script (static/js/board-groups.js) lists everyone else from the snapshot and keeps
    these ticks, so the page costs the same in a session of 25 or of 1,000 (issue 12)."""
    ticked = Acquaintance.objects.filter(
        participant=participant, known__removed_at__isnull=True
    ).values_list("known_id", "known__display_name")
    return [{"id": pk, "name": name, "known": True} for pk, name in ticked]
