"""The spotlight of the big screen: the facilitator shows one post-it, one group's work or one
part of a method's step (a chart, a ranking) large, and the rest of the stage steps aside until
the spotlight is turned off.

A target names what the screen shows, not a copy of it: ``postit:<id>``, ``group:<id>`` (a group
of the session) or ``part:<name>`` (a part a method marks on its screen, such as ``part:tally``).
The screen finds the element marked ``data-spot`` with that target (static/js/board-spotlight.js)
and shows the whole stage when there is none, so a post-it deleted in the meantime does no harm.
Who sees what does not change: the screen shows large only what it already shows.
"""

from __future__ import annotations

import re
import uuid

from django.utils.translation import gettext as _

from wijktafel.core.errors import Invalid

from .. import events
from ..models import Workshop
from ..ops import facilitators_only
from ..selectors import spotlight_payload
from .log import Actor, OpResult, apply_op

ID_DIGITS, PART_MAX = 18, 40  # of the id in postit:<id> and group:<id>; of the name in part:<name>
TARGET = re.compile(
    rf"(?:postit|group):[1-9][0-9]{{0,{ID_DIGITS - 1}}}|part:[a-z0-9][a-z0-9-]{{0,{PART_MAX - 1}}}"
)
TARGET_MAX_LENGTH = max(len("postit:") + ID_DIGITS, len("part:") + PART_MAX)


def clean_target(target: object) -> str:
    """The target as stored ("" turns the spotlight off), or Invalid."""
    if target is None or target == "":
        return ""
    if not isinstance(target, str) or not TARGET.fullmatch(target):
        raise Invalid(_("Choose what to show large on the big screen."), field="target")
    return target


@facilitators_only
def spotlight_set(
    *,
    workshop_id: int,
    actor: Actor,
    target: object = None,
    client_op_id: uuid.UUID | None = None,
) -> OpResult:
    """Show ``target`` large on the big screen, or the whole stage again (None or "")."""
    target = clean_target(target)

    def change(workshop: Workshop) -> tuple[str, dict]:
        workshop.spotlight = target
        workshop.save(update_fields=["spotlight"])
        return events.SPOTLIGHT_CHANGED, spotlight_payload(workshop)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)
