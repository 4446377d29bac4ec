"""The agenda of a workshop: its items (with the method step each belongs to), their order,
and the server-authoritative timer that runs through them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from wijktafel.core.errors import Conflict, Invalid, NotFound
from wijktafel.core.text import clean_text

from .. import events, seam
from ..models import AgendaItem, Workshop
from ..ops import facilitators_only
from ..selectors import agenda_payload, timer_payload
from .log import Actor, Change, OpResult, apply_op

# --- Agenda ------------------------------------------------------------------------

ITEM_TITLE_MAX = 200
DURATION_MINUTES = (1, 480)
INSTRUCTION_MAX = 2000
EXPECTED_OUTPUT_MAX = 300
MATERIALS_MAX = 300
MAX_AGENDA_ITEMS = 100  # per session: the most a new order can name


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
            fields["title"], max_length=ITEM_TITLE_MAX, field="title", label=_("Title")
        )
    if "duration_minutes" in fields:
        minutes = fields["duration_minutes"]
        low, high = DURATION_MINUTES
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not low <= minutes <= high:
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
            max_length=INSTRUCTION_MAX,
            field="instruction",
            label=_("Instruction"),
            required=False,
            multiline=True,
        )
    if "expected_output" in fields:
        cleaned["expected_output"] = clean_text(
            fields["expected_output"],
            max_length=EXPECTED_OUTPUT_MAX,
            field="expected_output",
            label=_("Expected output"),
            required=False,
        )
    if "materials" in fields:
        cleaned["materials"] = clean_text(
            fields["materials"],
            max_length=MATERIALS_MAX,
            field="materials",
            label=_("Materials"),
            required=False,
        )
    return cleaned


def _clean_step(step: object, workshop: Workshop) -> int | None:
    """A step of the workshop's method, or None; a session without a method has no steps.

    The document offers the steps of every method: one that this session's method does not have
    is refused for the session (409); anything outside them is wrong input (400)."""
    if step is None:
        return None
    method = seam.method(workshop.method)
    steps = list(method.steps) if method is not None else []
    if isinstance(step, bool) or not isinstance(step, int):
        offered = False
    elif step in steps:
        return step
    else:
        known = seam.any_steps()
        offered = known[0] <= step <= known[-1]
    if not steps:
        refusal = Conflict if offered else Invalid
        raise refusal(_("This session's agenda has no method steps."), field="step")
    if offered:
        raise Conflict(
            _(
                "This session's method has no step %(step)d. "
                "Choose a step from %(first)s to %(last)s."
            )
            % {"step": step, "first": min(steps), "last": max(steps)},
            field="step",
        )
    raise Invalid(
        _("Choose a step from %(first)s to %(last)s.") % {"first": min(steps), "last": max(steps)},
        field="step",
    )


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
        if workshop.agenda_items.count() >= MAX_AGENDA_ITEMS:
            raise Conflict(
                _("The agenda has %(max)d items, the most it can hold.") % {"max": MAX_AGENDA_ITEMS}
            )
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
    """Put the agenda in the given order; the list must name every item exactly once. An id
    that is no item of this agenda is not found; a list of some of its items, or of items it no
    longer has, is a conflict (someone changed the agenda meanwhile)."""

    def mutate(workshop: Workshop) -> None:
        existing = list(workshop.agenda_items.values_list("pk", flat=True))
        try:
            wanted = [int(i) for i in item_ids]
        except (TypeError, ValueError):
            raise Invalid(_("The new order is not valid."), field="item_ids") from None
        if set(wanted) - set(existing):
            raise NotFound(_("This agenda item does not exist."), field="item_ids")
        if sorted(wanted) != sorted(existing):
            raise Conflict(_("The new order must name every agenda item once."), field="item_ids")
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
COUNTDOWN_MINUTES = (1, 60)
EXTEND_MINUTES = 60  # back or forward, never 0


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
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not COUNTDOWN_MINUTES[0] <= minutes <= COUNTDOWN_MINUTES[1]
    ):
        raise Invalid(_("Count down a whole number of minutes between 1 and 60."), field="minutes")
    if action == "extend" and (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not -EXTEND_MINUTES <= minutes <= EXTEND_MINUTES
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
