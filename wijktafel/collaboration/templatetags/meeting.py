"""What a participant's own phone starts from: their contact details and reflection answers,
rendered into their page only (never into the shared snapshot or an event)."""

from django import template

from ..models import Contact, Meeting
from ..selectors import answers_of, contact_payload

register = template.Library()


@register.simple_tag
def meeting_mine(participant) -> dict:
    meeting = Meeting.objects.filter(workshop_id=participant.workshop_id).first()
    if meeting is None:
        return {"contact": None, "answers": {}}
    contact = Contact.objects.filter(meeting=meeting, participant=participant).first()
    return {
        "contact": contact_payload(contact) if contact else None,
        "answers": answers_of(meeting, participant),
    }
