"""Timed rounds beside the agenda timer: a pitch, a duo round, a silent round, a method's preset.

A round counts down on every screen while the agenda item's own timer keeps running; a new round
replaces the one that runs, and "done" stops it. The server stores when it ends, like the timer.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from wijktafel.core.errors import Conflict, Invalid
from wijktafel.core.text import clean_text

from .. import events, seam
from ..models import Workshop
from ..ops import facilitators_only
from ..selectors import round_payload
from .log import Actor, OpResult, apply_op

ROUND_MINUTES = (1, 60)
ROUND_TITLE_MAX = 100


@facilitators_only
def round_start(
    *,
    workshop_id: int,
    actor: Actor,
    preset: str | None = None,
    minutes: int | None = None,
    title: str | None = None,
    client_op_id: uuid.UUID | None = None,
) -> OpResult:
    """Start a round of one of the session's presets, or of ``minutes`` with a ``title``; the
    preset's length and name hold unless they are given."""
    if minutes is not None and (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not ROUND_MINUTES[0] <= minutes <= ROUND_MINUTES[1]
    ):
        raise Invalid(_("A round lasts a whole number of minutes from 1 to 60."), field="minutes")
    # A name that shows nothing takes the default.
    label = clean_text(
        title,
        max_length=ROUND_TITLE_MAX,
        field="title",
        label=_("Name of the round"),
        required=False,
    )

    def change(workshop: Workshop) -> tuple[str, dict]:
        chosen = None
        if preset is not None:
            chosen = next((p for p in seam.round_presets(workshop) if p.key == preset), None)
            if chosen is None and preset in seam.any_round_presets():
                # Another method's round: right for other sessions, not for this one.
                raise Conflict(
                    _("This round is not offered in this session. Choose a round from the list."),
                    field="preset",
                )
            if chosen is None:
                raise Invalid(_("Choose a round from the list."), field="preset")
        length = minutes if minutes is not None else (chosen.minutes if chosen else None)
        if length is None:
            raise Invalid(_("Say how many minutes the round lasts."), field="minutes")
        workshop.round_title = label or (str(chosen.title) if chosen else _("Round"))
        workshop.round_minutes = length
        workshop.round_ends_at = timezone.now() + dt.timedelta(minutes=length)
        workshop.save(update_fields=["round_title", "round_minutes", "round_ends_at"])
        return events.ROUND_CHANGED, round_payload(workshop)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def round_stop(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None = None
) -> OpResult:
    """Stop the round that runs ("done"); the agenda timer is not touched."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        if workshop.round_ends_at is None:
            raise Conflict(_("No round is running."))
        workshop.round_title, workshop.round_minutes, workshop.round_ends_at = "", None, None
        workshop.save(update_fields=["round_title", "round_minutes", "round_ends_at"])
        return events.ROUND_CHANGED, round_payload(workshop)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)
