"""A workshop itself: creating it from a template, its join code, opening and closing joining,
a new code, ending it."""

from __future__ import annotations

import datetime as dt
import uuid
from functools import partial

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wijktafel.core.dates import check_year
from wijktafel.core.errors import Conflict, Invalid, NotAllowed
from wijktafel.core.text import clean_text

from .. import codes, events, rules, seam
from ..models import AgendaItem, Workshop
from ..ops import facilitators_only
from .log import Actor, Change, OpResult, apply_op

TITLE_MAX = 200


def workshop_create(
    *, user, title: str, template_key: str, planned_start: dt.datetime, area=None
) -> Workshop:
    """Create a workshop of the user's organisation with the agenda of a template."""
    if not rules.can_create_workshops(user):
        raise NotAllowed(_("Only facilitators of an organisation can create sessions."))
    title = clean_text(title, max_length=TITLE_MAX, field="title", label=_("Title"))
    check_year(planned_start, "planned_start")
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
