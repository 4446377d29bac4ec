"""Every write of the live session engine, one function per user intention.

Each change is stored in one transaction together with an entry in the workshop's
event log (next sequence number) and broadcast only after commit. A repeated
``client_op_id`` from the same actor returns the first result and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.core.text import clean_text

from . import codes, events, rules, seam
from .models import AgendaItem, Participant, Workshop, WorkshopEvent
from .ops import facilitator_only_now, facilitators_only
from .selectors import agenda_payload, participant_payload, timer_payload


@dataclass(frozen=True)
class Actor:
    """Who is doing something: a code-joined participant or an account."""

    participant: Participant | None = None
    user: object | None = None

    @property
    def key(self) -> str:
        if self.participant is not None:
            return f"p:{self.participant.pk}"
        if self.user is not None:
            return f"u:{self.user.pk}"
        return "system"

    def is_facilitator_of(self, workshop: Workshop) -> bool:
        return self.participant is None and rules.can_facilitate(self.user, workshop)


@dataclass(frozen=True)
class OpResult:
    event: WorkshopEvent
    created: bool

    @property
    def seq(self) -> int:
        return self.event.seq


Change = Callable[[Workshop], tuple[str, dict]]


def parse_op_id(value: object) -> uuid.UUID | None:
    """Turn a client-made idempotency key into a UUID, or refuse it."""
    if value in (None, ""):
        return None
    try:
        return uuid.UUID(str(value))
    except (ValueError, AttributeError, TypeError):
        raise Invalid(
            _("The request has an invalid operation key."), field="client_op_id"
        ) from None


def apply_op(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, change: Change
) -> OpResult:
    """Run ``change`` and log its event in one transaction; idempotent per (actor, client_op_id).
    Inside a ``@facilitators_only`` service only the workshop's facilitators may."""
    with transaction.atomic():
        try:
            workshop = Workshop.objects.select_for_update().get(pk=workshop_id)
        except Workshop.DoesNotExist:
            raise NotFound(_("This session does not exist.")) from None
        if client_op_id is not None:
            earlier = WorkshopEvent.objects.filter(
                workshop=workshop, actor_key=actor.key, client_op_id=client_op_id
            ).first()
            if earlier is not None:
                return OpResult(earlier, created=False)
        _authorise(actor, workshop, facilitator_only=facilitator_only_now())
        kind, payload = change(workshop)
        event = _append(
            workshop, kind=kind, payload=payload, actor_key=actor.key, client_op_id=client_op_id
        )
        transaction.on_commit(partial(events.broadcast_event, event), robust=True)
    return OpResult(event, created=True)


def _authorise(actor: Actor, workshop: Workshop, *, facilitator_only: bool) -> None:
    if actor.is_facilitator_of(workshop):
        return
    if facilitator_only or actor.participant is None:
        raise NotAllowed(_("Only the facilitator of this session may do this."))
    if not rules.is_member(actor.participant, workshop):
        raise NotAllowed(_("You are no longer part of this session."))
    if workshop.status == Workshop.Status.ENDED:
        raise NotAllowed(_("This session has ended. You can no longer make changes."))


def _append(
    workshop: Workshop, *, kind: str, payload: dict, actor_key: str, client_op_id: uuid.UUID | None
) -> WorkshopEvent:
    workshop.last_seq += 1
    Workshop.objects.filter(pk=workshop.pk).update(last_seq=workshop.last_seq)
    return WorkshopEvent.objects.create(
        workshop=workshop,
        seq=workshop.last_seq,
        kind=kind,
        payload=payload,
        actor_key=actor_key,
        client_op_id=client_op_id,
    )


# --- Workshops -------------------------------------------------------------------


def workshop_create(
    *, user, title: str, template_key: str, planned_start: dt.datetime, area=None
) -> Workshop:
    """Create a workshop of the user's organisation with the agenda of a template."""
    if not rules.can_create_workshops(user):
        raise NotAllowed(_("Only facilitators of an organisation can create sessions."))
    title = clean_text(title, max_length=200, field="title", label=_("Title"))
    template = seam.template(template_key)
    if template is None:
        raise Invalid(_("Choose one of the agenda templates."), field="template_key")
    if area is not None and area.organisation_id != user.organisation_id:
        raise NotAllowed(_("This neighbourhood belongs to another organisation."))
    method = seam.method_of_template(template.key)
    with transaction.atomic():
        for _attempt in range(5):
            nonce = codes.new_nonce()
            try:
                with transaction.atomic():
                    workshop = Workshop.objects.create(
                        organisation_id=user.organisation_id,
                        title=title,
                        template_key=template.key,
                        method=method.key if method else "",
                        area=area,
                        planned_start=planned_start,
                        created_by=user,
                        join_nonce=nonce,
                        join_code_digest=codes.digest("code", codes.code_for(nonce)),
                        join_token_digest=codes.digest("token", codes.token_for(nonce)),
                    )
                break
            except IntegrityError:  # a 40-bit collision; draw again
                continue
        else:  # pragma: no cover
            raise Conflict(_("Could not create a join code. Please try again."))
        AgendaItem.objects.bulk_create(
            AgendaItem(workshop=workshop, position=i, **item.as_fields())
            for i, item in enumerate(template.items)
        )
        for position, title_ in enumerate(template.columns):
            workshop.columns.create(title=str(title_), position=position)
        if method is not None and method.on_workshop_created is not None:
            method.on_workshop_created(workshop)
    return workshop


def join_code(workshop: Workshop) -> str:
    return codes.code_for(workshop.join_nonce)


def join_token(workshop: Workshop) -> str:
    return codes.token_for(workshop.join_nonce)


def _set_workshop(change_fields: dict) -> Change:
    def change(workshop: Workshop) -> tuple[str, dict]:
        for name, value in change_fields.items():
            setattr(workshop, name, value)
        workshop.save(update_fields=list(change_fields))
        return events.WORKSHOP_CHANGED, {
            "status": workshop.status,
            "joining_open": workshop.joining_open,
            "title": workshop.title,
        }

    return change


@facilitators_only
def workshop_set_joining(
    *, workshop_id: int, actor: Actor, open_: bool, client_op_id: uuid.UUID | None = None
) -> OpResult:
    """Open or close joining by code."""
    return apply_op(
        workshop_id=workshop_id,
        actor=actor,
        client_op_id=client_op_id,
        change=_set_workshop({"joining_open": open_}),
    )


@facilitators_only
def workshop_rotate_code(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None = None
) -> Workshop:
    """Give the workshop a new join code and QR token; the old ones stop working at once.

    The new code goes to every screen of the session (it is the code the big screen shows
    the room), so a beamer in another tab shows it without a reload."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        nonce = codes.new_nonce()
        workshop.join_nonce = nonce
        workshop.join_code_digest = codes.digest("code", codes.code_for(nonce))
        workshop.join_token_digest = codes.digest("token", codes.token_for(nonce))
        workshop.save(update_fields=["join_nonce", "join_code_digest", "join_token_digest"])
        return events.WORKSHOP_CHANGED, {
            "status": workshop.status,
            "joining_open": workshop.joining_open,
            "title": workshop.title,
            "join_code": codes.display_code(codes.code_for(nonce)),
        }

    apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)
    return Workshop.objects.get(pk=workshop_id)


@facilitators_only
def workshop_end(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None = None
) -> OpResult:
    """End the workshop: joining closes, the timer stops and every socket is closed with 4408."""
    result = apply_op(
        workshop_id=workshop_id,
        actor=actor,
        client_op_id=client_op_id,
        change=_set_workshop(
            {
                "status": Workshop.Status.ENDED,
                "joining_open": False,
                "timer_state": Workshop.TimerState.IDLE,
            }
        ),
    )
    if result.created:
        transaction.on_commit(partial(events.close_workshop_sockets, workshop_id))
    return result


# --- Agenda ------------------------------------------------------------------------


def _agenda_change(mutate: Callable[[Workshop], None]) -> Change:
    def change(workshop: Workshop) -> tuple[str, dict]:
        mutate(workshop)
        return events.AGENDA_CHANGED, {
            "items": agenda_payload(workshop),
            "timer": timer_payload(workshop),
        }

    return change


def _clean_item_fields(fields: dict) -> dict:
    """Every field but ``step``, which depends on the workshop's method (``_clean_step``)."""
    cleaned = {}
    if "title" in fields:
        cleaned["title"] = clean_text(
            fields["title"], max_length=200, field="title", label=_("Title")
        )
    if "duration_minutes" in fields:
        minutes = fields["duration_minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 480:
            raise Invalid(
                _("The duration must be a whole number of minutes between 1 and 480."),
                field="duration_minutes",
            )
        cleaned["duration_minutes"] = minutes
    if "work_form" in fields:
        if fields["work_form"] not in AgendaItem.WorkForm.values:
            raise Invalid(_("Choose a work form from the list."), field="work_form")
        cleaned["work_form"] = fields["work_form"]
    if "activity" in fields:
        if fields["activity"] not in AgendaItem.Activity.values:
            raise Invalid(_("Choose an input from the list."), field="activity")
        cleaned["activity"] = fields["activity"]
    if "instruction" in fields:
        cleaned["instruction"] = clean_text(
            fields["instruction"],
            max_length=2000,
            field="instruction",
            label=_("Instruction"),
            required=False,
            multiline=True,
        )
    if "expected_output" in fields:
        cleaned["expected_output"] = clean_text(
            fields["expected_output"],
            max_length=300,
            field="expected_output",
            label=_("Expected output"),
            required=False,
        )
    return cleaned


def _clean_step(step: object, workshop: Workshop) -> int | None:
    """A step of the workshop's method, or None; a session without a method has no steps."""
    if step is None:
        return None
    method = seam.method(workshop.method)
    steps = list(method.steps) if method is not None else []
    if isinstance(step, bool) or step not in steps:
        if not steps:
            raise Invalid(_("This session's agenda has no method steps."), field="step")
        raise Invalid(
            _("Choose a step from %(first)s to %(last)s.")
            % {"first": min(steps), "last": max(steps)},
            field="step",
        )
    return step  # type: ignore[return-value]


@facilitators_only
def agenda_item_add(
    *, workshop_id: int, actor: Actor, fields: dict, client_op_id: uuid.UUID | None = None
) -> OpResult:
    """Add an item at the end of the agenda."""
    cleaned = _clean_item_fields({"work_form": "plenary", "activity": "none", **fields})
    if "title" not in cleaned or "duration_minutes" not in cleaned:
        raise Invalid(_("An agenda item needs a title and a duration."), field="title")

    def mutate(workshop: Workshop) -> None:
        step = _clean_step(fields.get("step"), workshop)
        last = (
            workshop.agenda_items.order_by("-position").values_list("position", flat=True).first()
        )
        AgendaItem.objects.create(workshop=workshop, position=(last or 0) + 1, step=step, **cleaned)

    return apply_op(
        workshop_id=workshop_id,
        actor=actor,
        client_op_id=client_op_id,
        change=_agenda_change(mutate),
    )


def _get_item(workshop: Workshop, item_id: object) -> AgendaItem:
    try:
        return workshop.agenda_items.get(pk=int(item_id))  # type: ignore[arg-type]
    except (AgendaItem.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This agenda item does not exist.")) from None


@facilitators_only
def agenda_item_update(
    *,
    workshop_id: int,
    actor: Actor,
    item_id: int,
    fields: dict,
    client_op_id: uuid.UUID | None = None,
) -> OpResult:
    """Change an item's title, duration, work form, input or instruction."""
    cleaned = _clean_item_fields(fields)
    if not cleaned and "step" not in fields:
        raise Invalid(_("Nothing to change."))

    def mutate(workshop: Workshop) -> None:
        item = _get_item(workshop, item_id)
        old_minutes = item.duration_minutes
        if "step" in fields:
            cleaned["step"] = _clean_step(fields["step"], workshop)
        for name, value in cleaned.items():
            setattr(item, name, value)
        item.save(update_fields=list(cleaned))
        if workshop.current_item_id == item.pk and item.duration_minutes != old_minutes:
            _shift_timer(workshop, dt.timedelta(minutes=item.duration_minutes - old_minutes))

    return apply_op(
        workshop_id=workshop_id,
        actor=actor,
        client_op_id=client_op_id,
        change=_agenda_change(mutate),
    )


def _shift_timer(workshop: Workshop, delta: dt.timedelta) -> None:
    """Move the running or paused countdown by ``delta`` (never below zero)."""
    now = timezone.now()
    if workshop.timer_state == Workshop.TimerState.RUNNING:
        workshop.item_ends_at = max(now, workshop.item_ends_at + delta)
    elif workshop.timer_state == Workshop.TimerState.PAUSED:
        workshop.paused_remaining_ms = max(
            0, (workshop.paused_remaining_ms or 0) + int(delta.total_seconds() * 1000)
        )
    workshop.save(update_fields=["item_ends_at", "paused_remaining_ms"])


@facilitators_only
def agenda_item_remove(
    *, workshop_id: int, actor: Actor, item_id: int, client_op_id: uuid.UUID | None = None
) -> OpResult:
    """Remove an item; the current item cannot be removed while its timer runs."""

    def mutate(workshop: Workshop) -> None:
        item = _get_item(workshop, item_id)
        if workshop.current_item_id == item.pk and workshop.timer_state != Workshop.TimerState.IDLE:
            raise Conflict(_("This item is running now. Go to the next item first."))
        item.delete()
        _renumber(workshop)

    return apply_op(
        workshop_id=workshop_id,
        actor=actor,
        client_op_id=client_op_id,
        change=_agenda_change(mutate),
    )


@facilitators_only
def agenda_reorder(
    *, workshop_id: int, actor: Actor, item_ids: list, client_op_id: uuid.UUID | None = None
) -> OpResult:
    """Put the agenda in the given order; the list must name every item exactly once."""

    def mutate(workshop: Workshop) -> None:
        existing = list(workshop.agenda_items.values_list("pk", flat=True))
        try:
            wanted = [int(i) for i in item_ids]
        except (TypeError, ValueError):
            raise Invalid(_("The new order is not valid.")) from None
        if sorted(wanted) != sorted(existing):
            raise Invalid(_("The new order must name every agenda item once."))
        for position, pk in enumerate(wanted):
            AgendaItem.objects.filter(pk=pk).update(position=position)

    return apply_op(
        workshop_id=workshop_id,
        actor=actor,
        client_op_id=client_op_id,
        change=_agenda_change(mutate),
    )


@facilitators_only
def agenda_item_move(
    *,
    workshop_id: int,
    actor: Actor,
    item_id: int,
    direction: str,
    client_op_id: uuid.UUID | None = None,
) -> OpResult:
    """Move an item one place up or down."""
    if direction not in ("up", "down"):
        raise Invalid(_("Move up or down."))

    def mutate(workshop: Workshop) -> None:
        ids = list(workshop.agenda_items.order_by("position").values_list("pk", flat=True))
        item = _get_item(workshop, item_id)
        index = ids.index(item.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(ids):
            ids[index], ids[other] = ids[other], ids[index]
        for position, pk in enumerate(ids):
            AgendaItem.objects.filter(pk=pk).update(position=position)

    return apply_op(
        workshop_id=workshop_id,
        actor=actor,
        client_op_id=client_op_id,
        change=_agenda_change(mutate),
    )


def _renumber(workshop: Workshop) -> None:
    for position, pk in enumerate(
        workshop.agenda_items.order_by("position").values_list("pk", flat=True)
    ):
        AgendaItem.objects.filter(pk=pk).update(position=position)


# --- Timer ---------------------------------------------------------------------------

TIMER_ACTIONS = ("start", "pause", "resume", "extend", "next", "goto", "stop", "countdown")


@facilitators_only
def timer_control(
    *,
    workshop_id: int,
    actor: Actor,
    action: str,
    minutes: int | None = None,
    item_id: int | None = None,
    client_op_id: uuid.UUID | None = None,
) -> OpResult:
    """Start, pause, resume, extend, stop or advance the server-authoritative timer.

    ``countdown`` runs a short timed round inside an item (a two-minute pitch, a silent
    round): ``minutes`` from now, on the current item (or ``item_id``), on every screen."""
    if action not in TIMER_ACTIONS:
        raise Invalid(_("Unknown timer action."), field="action")
    if action == "countdown" and (
        isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 60
    ):
        raise Invalid(_("Count down a whole number of minutes between 1 and 60."), field="minutes")
    if action == "extend" and (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not -60 <= minutes <= 60
        or minutes == 0
    ):
        raise Invalid(_("Extend by a whole number of minutes between -60 and 60."), field="minutes")

    def change(workshop: Workshop) -> tuple[str, dict]:
        now = timezone.now()
        items = list(workshop.agenda_items.order_by("position"))
        if not items:
            raise Conflict(_("The agenda is empty. Add an item first."))
        current = next((i for i in items if i.pk == workshop.current_item_id), None)

        def start(item: AgendaItem) -> None:
            workshop.current_item = item
            workshop.timer_state = Workshop.TimerState.RUNNING
            workshop.item_ends_at = now + dt.timedelta(minutes=item.duration_minutes)
            workshop.paused_remaining_ms = None

        if action == "start":
            start(current or items[0])
        elif action == "goto":
            target = next((i for i in items if i.pk == _as_int(item_id)), None)
            if target is None:
                raise NotFound(_("This agenda item does not exist."))
            start(target)
        elif action == "next":
            if current is None:
                start(items[0])
            else:
                index = items.index(current)
                if index + 1 >= len(items):
                    raise Conflict(_("This is the last agenda item."))
                start(items[index + 1])
        elif action == "pause":
            if workshop.timer_state != Workshop.TimerState.RUNNING:
                raise Conflict(_("The timer is not running."))
            remaining = max(0, int((workshop.item_ends_at - now).total_seconds() * 1000))
            workshop.timer_state = Workshop.TimerState.PAUSED
            workshop.paused_remaining_ms = remaining
        elif action == "resume":
            if workshop.timer_state != Workshop.TimerState.PAUSED:
                raise Conflict(_("The timer is not paused."))
            workshop.timer_state = Workshop.TimerState.RUNNING
            workshop.item_ends_at = now + dt.timedelta(
                milliseconds=workshop.paused_remaining_ms or 0
            )
            workshop.paused_remaining_ms = None
        elif action == "extend":
            if workshop.timer_state == Workshop.TimerState.IDLE:
                raise Conflict(_("The timer is not running."))
            _shift_timer(workshop, dt.timedelta(minutes=minutes or 0))
        elif action == "countdown":
            target = (
                current
                if item_id is None
                else next((i for i in items if i.pk == _as_int(item_id)), None)
            )
            if target is None and item_id is not None:
                raise NotFound(_("This agenda item does not exist."))
            start(target or items[0])
            workshop.item_ends_at = now + dt.timedelta(minutes=minutes)
        elif action == "stop":
            workshop.timer_state = Workshop.TimerState.IDLE
            workshop.item_ends_at = None
            workshop.paused_remaining_ms = None
        if (
            workshop.status == Workshop.Status.PREPARING
            and workshop.timer_state == Workshop.TimerState.RUNNING
        ):
            workshop.status = Workshop.Status.LIVE
        workshop.save(
            update_fields=[
                "current_item",
                "timer_state",
                "item_ends_at",
                "paused_remaining_ms",
                "status",
            ]
        )
        return events.TIMER_CHANGED, timer_payload(workshop)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def _as_int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


# --- Participants -----------------------------------------------------------------------


def find_workshop_by_code(raw_code: str) -> Workshop:
    """The workshop a typed code opens, or a refusal that does not say which part was wrong."""
    code = codes.normalise_code(raw_code)
    workshop = None
    if code is not None:
        workshop = Workshop.objects.filter(join_code_digest=codes.digest("code", code)).first()
    return _check_joinable(
        workshop,
        not_found=_("We do not know this code. Check the code on the big screen and try again."),
    )


def find_workshop_by_token(token: str) -> Workshop:
    workshop = None
    if isinstance(token, str) and 0 < len(token) <= 64:
        workshop = Workshop.objects.filter(join_token_digest=codes.digest("token", token)).first()
    return _check_joinable(
        workshop, not_found=_("This QR code no longer works. Ask the facilitator for the code.")
    )


def _check_joinable(workshop: Workshop | None, *, not_found) -> Workshop:
    if workshop is None:
        raise NotFound(not_found, field="code")
    if workshop.status == Workshop.Status.ENDED:
        raise NotAllowed(_("This session has ended."), field="code")
    if not workshop.joining_open:
        raise NotAllowed(_("Joining this session is closed. Ask the facilitator."), field="code")
    return workshop


@dataclass(frozen=True)
class Joined:
    participant: Participant
    token: str
    event: WorkshopEvent


def participant_join(
    *, workshop: Workshop, display_name: str, organisation_name: str = "", role_text: str = ""
) -> Joined:
    """Add a participant to a joinable workshop and hand out the device's token."""
    name = clean_text(display_name, max_length=60, field="display_name", label=_("Your name"))
    org = clean_text(
        organisation_name,
        max_length=100,
        field="organisation_name",
        label=_("Organisation"),
        required=False,
    )
    role = clean_text(role_text, max_length=100, field="role_text", label=_("Role"), required=False)
    token = codes.new_participant_token()
    created: dict = {}

    def change(ws: Workshop) -> tuple[str, dict]:
        _check_joinable(ws, not_found=_("This session does not exist."))
        participant = Participant.objects.create(
            workshop=ws,
            display_name=name,
            organisation_name=org,
            role_text=role,
            token_digest=codes.digest("participant", token),
        )
        created["participant"] = participant
        return events.PARTICIPANT_JOINED, participant_payload(participant)

    result = _system_op(workshop.pk, change)
    return Joined(participant=created["participant"], token=token, event=result.event)


def _system_op(workshop_id: int, change: Change) -> OpResult:
    """Log a change that the server makes on someone's behalf without an actor check."""
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop_id)
        kind, payload = change(workshop)
        event = _append(workshop, kind=kind, payload=payload, actor_key="system", client_op_id=None)
        transaction.on_commit(partial(events.broadcast_event, event), robust=True)
    return OpResult(event, created=True)


def participant_from_token(*, workshop_id: int, token: object) -> Participant | None:
    """The active participant a device token belongs to, for this workshop only."""
    if not isinstance(token, str) or not 0 < len(token) <= 64:
        return None
    return (
        Participant.objects.filter(
            workshop_id=workshop_id,
            token_digest=codes.digest("participant", token),
            removed_at__isnull=True,
        )
        .select_related("workshop")
        .first()
    )


@facilitators_only
def participant_remove(
    *, workshop_id: int, actor: Actor, participant_id: int, client_op_id: uuid.UUID | None = None
) -> OpResult:
    """Remove a participant; their sockets close with 4403 and their token stops working."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        try:
            participant = workshop.participants.get(pk=int(participant_id), removed_at__isnull=True)
        except (Participant.DoesNotExist, TypeError, ValueError):
            raise NotFound(_("This participant is not in the session.")) from None
        participant.removed_at = timezone.now()
        participant.save(update_fields=["removed_at"])
        transaction.on_commit(partial(events.close_participant_sockets, participant.pk))
        return events.PARTICIPANT_REMOVED, {"id": participant.pk}

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)
