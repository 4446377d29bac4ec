"""The parking lot: anyone parks a topic with a reason (the agenda item it came up in is noted),
the facilitator schedules, resolves or drops it and links a follow-up action from the register."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from wijktafel.agreements.models import Agreement
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.core.text import clean_text
from wijktafel.workshops import seam
from wijktafel.workshops.models import Workshop
from wijktafel.workshops.ops import facilitators_only
from wijktafel.workshops.services import Actor, OpResult, apply_op

from . import events
from .models import ParkedTopic
from .selectors import topic_payload

MAX_TOPICS = 300  # per session
TEXT_MAX = 300  # of a topic and of its reason
STEPS = (1, 99)  # a method's step where a topic comes back


def _text(value: object, field: str, label: str, required: bool = True) -> str:
    return clean_text(value, max_length=TEXT_MAX, field=field, label=label, required=required)


def _step(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not STEPS[0] <= value <= STEPS[1]:
        raise Invalid(_("Choose a step from the method."), field="return_at_step")
    return value


def _topic(workshop: Workshop, topic_id: object) -> ParkedTopic:
    try:
        return ParkedTopic.objects.get(workshop=workshop, pk=int(topic_id))  # type: ignore[arg-type]
    except (ParkedTopic.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This parked topic no longer exists.")) from None


def returns_at(workshop: Workshop) -> int | None:
    """The step where what is parked now comes back, as the session's method says (Afwegen: a
    remark in steps 1–3 is a solution idea for step 4), or None."""
    method = seam.method(workshop.method) if workshop.method else None
    item = workshop.current_item
    if method is None or item is None or item.step is None:
        return None
    return method.parked_returns.get(item.step)


def park_postit(workshop: Workshop, postit, kind: str | None = None) -> ParkedTopic:
    """The parked topic of a post-it that was just parked (made, or its reason changed).

    ``kind`` is what the facilitator said it is (a ``ParkedTopic.Kind``): a solution idea comes
    back where the method says ideas do, a topic does not. None: the method decides by the step
    (Afwegen: what is parked in steps 1-3 is a solution idea for step 4).

    Inside the wall's op (its transaction and its event): the caller sends the payload along."""
    topic = ParkedTopic.objects.filter(postit=postit).first()
    if topic is None:
        step = returns_at(workshop)
        topic = ParkedTopic(
            workshop=workshop,
            postit=postit,
            raised_by_id=postit.author_id,
            raised_in_item_id=workshop.current_item_id,
            kind=ParkedTopic.Kind.SOLUTION_IDEA if step else ParkedTopic.Kind.TOPIC,
            return_at_step=step,
        )
    if kind is not None and kind != topic.kind:
        topic.kind = kind
        topic.return_at_step = (
            returns_at(workshop) if kind == ParkedTopic.Kind.SOLUTION_IDEA else None
        )
    topic.text = postit.text[:300]
    topic.reason = postit.parked_note
    topic.save()
    return topic


def unpark_postit(postit) -> int | None:
    """The post-it is back on the wall: its parked topic goes (its follow-up action stays in
    the register). The id of the topic that went, if there was one."""
    topic = ParkedTopic.objects.filter(postit=postit).first()
    if topic is None:
        return None
    pk = topic.pk
    topic.delete()
    return pk


def topic_park(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    text: object,
    reason: object = "",
    kind: object = ParkedTopic.Kind.TOPIC,
    return_at_step: object = None,
) -> OpResult:
    """Park a topic for later; the agenda item it came up in is noted."""
    text = _text(text, "text", _("The topic"))
    reason = _text(reason, "reason", _("Why it is parked"), required=False)
    if kind not in ParkedTopic.Kind.values:
        raise Invalid(_("Choose a topic or a solution idea."), field="kind")
    step = _step(return_at_step)

    def change(workshop: Workshop) -> tuple[str, dict]:
        if workshop.parked_topics.count() >= MAX_TOPICS:
            raise Conflict(_("The parking lot is full."), field="text")
        topic = ParkedTopic.objects.create(
            workshop=workshop,
            text=text,
            reason=reason,
            kind=kind,
            return_at_step=step,
            raised_by=actor.participant,
            raised_in_item_id=workshop.current_item_id,
        )
        return events.TOPIC_PARKED, topic_payload(topic)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def topic_update(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    topic_id: object,
    status: object = None,
    reason: object = None,
    return_at_step: object = None,
    follow_up_id: object = None,
) -> OpResult:
    """Schedule, resolve or drop a parked topic, change its reason or the step where it comes
    back, or link the action of the register that follows it up; a field left out stays."""
    if status is not None and status not in ParkedTopic.Status.values:
        raise Invalid(_("Choose parked, scheduled, resolved or dropped."), field="status")
    new_reason = None if reason is None else _text(reason, "reason", _("Why it is parked"), False)
    step = _step(return_at_step)

    def change(workshop: Workshop) -> tuple[str, dict]:
        topic = _topic(workshop, topic_id)
        if follow_up_id is not None:
            try:
                topic.follow_up = Agreement.objects.get(workshop=workshop, pk=int(follow_up_id))  # type: ignore[arg-type]
            except (Agreement.DoesNotExist, TypeError, ValueError):
                raise NotFound(
                    _("This agreement no longer exists."), field="follow_up_id"
                ) from None
        if status is not None:
            topic.status = status
        if new_reason is not None:
            topic.reason = new_reason
        if step is not None:
            topic.return_at_step = step
        topic.save()
        return events.TOPIC_UPDATED, topic_payload(topic)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def topic_remove(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None = None, topic_id: object
) -> OpResult:
    """Take a parked topic away (participants: one they parked, while it is still parked)."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        topic = _topic(workshop, topic_id)
        if not actor.is_facilitator_of(workshop) and (
            actor.participant is None
            or topic.raised_by_id != actor.participant.pk
            or topic.status != ParkedTopic.Status.PARKED
        ):
            raise NotAllowed(_("You can only take back a topic you parked yourself."))
        if topic.postit_id is not None:
            raise Conflict(_("This is a parked post-it. Put it back on the wall to take it away."))
        pk = topic.pk
        topic.delete()
        return events.TOPIC_REMOVED, {"id": pk}

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)
