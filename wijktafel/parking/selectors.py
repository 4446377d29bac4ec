"""What a session sees of its parking lot, and what comes back at a step."""

from __future__ import annotations

from wijktafel.workshops.models import Workshop

from .models import ParkedTopic


def topic_payload(topic: ParkedTopic) -> dict:
    return {
        "id": topic.pk,
        "text": topic.text,
        "reason": topic.reason,
        "kind": topic.kind,
        "status": topic.status,
        "raised_by_id": topic.raised_by_id,
        "raised_in_item_id": topic.raised_in_item_id,
        "return_at_step": topic.return_at_step,
        "follow_up_id": topic.follow_up_id,
        "postit_id": topic.postit_id,
    }


def parking_payload(workshop: Workshop) -> dict:
    return {"parked_topics": [topic_payload(t) for t in workshop.parked_topics.all()]}


def due_at_step(workshop: Workshop, step: int) -> list[ParkedTopic]:
    """The parked topics that come back at ``step`` (still parked or scheduled)."""
    return list(
        workshop.parked_topics.filter(
            return_at_step=step,
            status__in=[ParkedTopic.Status.PARKED, ParkedTopic.Status.SCHEDULED],
        )
    )
