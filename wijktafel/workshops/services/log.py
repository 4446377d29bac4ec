"""The log every write of a session goes through: who acts (``Actor``), ``apply_op`` (one
transaction with the next entry of the workshop's event log, broadcast after commit, idempotent
per actor and ``client_op_id``) and ``_system_op`` for changes the server makes itself."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from wijktafel.core.db import rows
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound

from .. import events, rules
from ..models import Participant, Workshop, WorkshopEvent
from ..ops import facilitator_only_now, follow_up_now, op_kind_now


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

# What every op reads, by SQL built once (core/db/rows.py: the ORM's compiling was most of an op)
_LOCKED_WORKSHOP = rows.Rows(Workshop, "id", lock=True)
_EARLIER_OP = rows.Rows(WorkshopEvent, "workshop", "actor_key", "client_op_id")


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
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    change: Change,
    after_end: bool = False,
) -> OpResult:
    """Run ``change`` and log its event in one transaction; idempotent per (actor, client_op_id):
    the same op again returns the first result, another op with that id is refused. Inside a ``@facilitators_only`` service only the workshop's facilitators may. Participants
    change nothing in an ended session, except through a follow-up service (``after_end``:
    an update on one's own action)."""
    with transaction.atomic():
        workshop = _LOCKED_WORKSHOP.get(workshop_id)
        if workshop is None:
            raise NotFound(_("This session does not exist."))
        op_kind = op_kind_now()
        if client_op_id is not None:
            earlier = _EARLIER_OP.get(workshop.pk, actor.key, client_op_id)  # unique: one at most
            if earlier is not None:
                if earlier.op_kind != op_kind:
                    raise Conflict(
                        _(
                            "This operation key was already used for another change. "
                            "Send this change with a new key."
                        ),
                        field="client_op_id",
                    )
                return OpResult(earlier, created=False)
        _authorise(actor, workshop, facilitator_only=facilitator_only_now(), after_end=after_end)
        kind, payload = change(workshop)
        event = _append(
            workshop,
            kind=kind,
            payload=payload,
            actor_key=actor.key,
            client_op_id=client_op_id,
            op_kind=op_kind,
        )
        _broadcast_after_commit(event)
    return OpResult(event, created=True)


def _broadcast_after_commit(event: WorkshopEvent) -> None:
    """Hand the event to the hub after commit, in the context of the op that made it: under a
    group commit the commit comes later, for several ops at once, and the hub must still know
    which socket each event came from (``fanout.ORIGIN``)."""
    run_in_this_context = contextvars.copy_context().run
    transaction.on_commit(partial(run_in_this_context, events.broadcast_event, event), robust=True)


def _authorise(
    actor: Actor, workshop: Workshop, *, facilitator_only: bool, after_end: bool = False
) -> None:
    ended = workshop.status == Workshop.Status.ENDED
    if actor.is_facilitator_of(workshop):
        if ended and not (after_end or follow_up_now()):
            raise NotAllowed(_("This session has ended. You can no longer make changes."))
        return
    if facilitator_only or actor.participant is None:
        raise NotAllowed(_("Only the facilitator of this session may do this."))
    if not rules.is_member(actor.participant, workshop):
        raise NotAllowed(_("You are no longer part of this session."))
    if ended and not after_end:
        raise NotAllowed(_("This session has ended. You can no longer make changes."))


def _append(
    workshop: Workshop,
    *,
    kind: str,
    payload: dict,
    actor_key: str,
    client_op_id: uuid.UUID | None,
    op_kind: str = "",
) -> WorkshopEvent:
    workshop.last_seq += 1
    rows.update(workshop, ["last_seq"])
    return rows.insert(
        WorkshopEvent(
            workshop=workshop,
            seq=workshop.last_seq,
            kind=kind,
            payload=payload,
            actor_key=actor_key,
            client_op_id=client_op_id,
            op_kind=op_kind,
        )
    )


def _system_op(workshop_id: int, change: Change) -> OpResult:
    """Log a change that the server makes on someone's behalf without an actor check."""
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop_id)
        kind, payload = change(workshop)
        event = _append(workshop, kind=kind, payload=payload, actor_key="system", client_op_id=None)
        _broadcast_after_commit(event)
    return OpResult(event, created=True)
