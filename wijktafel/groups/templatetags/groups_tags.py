"""What only one participant's own page shows of the groups block: whom they said they know.
Rendered on the server, so the ticks never travel through the room's events or snapshot."""

from django import template
from django.db.models import Exists, OuterRef

from wijktafel.workshops.models import Participant

from ..models import Acquaintance

register = template.Library()


@register.simple_tag
def acquaintance_choices(participant: Participant) -> list[dict]:
    """The other active participants of the session, each with whether ``participant`` ticked
    them as someone they already know (one query: this is on every participant's page)."""
    ticked = Acquaintance.objects.filter(participant=participant, known=OuterRef("pk"))
    others = (
        Participant.objects.filter(workshop_id=participant.workshop_id, removed_at__isnull=True)
        .exclude(pk=participant.pk)
        .annotate(known=Exists(ticked))
        .values_list("pk", "display_name", "known")
    )
    return [{"id": pk, "name": name, "known": known} for pk, name, known in others]
