"""What the appraisal services share: cleaning input, finding the rows of the appraisal of
a session, version checks, and ``_op`` (``apply_op`` in a session that belongs to an
appraisal)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.utils.translation import gettext as _

from wijktafel.activities.models import Postit
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.core.text import clean_text
from wijktafel.workshops.models import Workshop
from wijktafel.workshops.services import Actor, OpResult, apply_op

from .. import selectors
from ..models import Appraisal, CoreProblem, Group, Solution

MAX_MONEY = 10**12
MAX_HORIZON = 100
MAX_LIST = 30  # short texts in one list (uncertainties, effects, ...)
MAX_IDS = 200  # ids in one list
SELECTION_MIN, SELECTION_MAX = 3, 5  # A14 / W10
TEXT_MAX = 2000  # a text of several lines (``_text``)
LINE_MAX = 200  # a text of one line (``_line``)
LIST_ITEM_MAX = 300  # one text of a list (``_texts``)
OWNER_NAME_MAX = 100  # who does it, as typed


# --- Input helpers -------------------------------------------------------------------------------


def _text(value, field, label, *, max_length=TEXT_MAX, required=False, multiline=True) -> str:
    return clean_text(
        value,
        max_length=max_length,
        field=field,
        label=label,
        required=required,
        multiline=multiline,
    )


def _line(value, field, label, *, max_length=LINE_MAX, required=False) -> str:
    return clean_text(value, max_length=max_length, field=field, label=label, required=required)


def _bool(value, field) -> bool:
    if not isinstance(value, bool):
        raise Invalid(_("Choose yes or no."), field=field)
    return value


def _int(value, field, *, low: int, high: int, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(message, field=field)
    return value


def _money(value, field) -> int:
    return _int(
        value, field, low=-MAX_MONEY, high=MAX_MONEY, message=_("Type an amount in whole euros.")
    )


def _horizon(value, field="horizon_years") -> int:
    return _int(
        value,
        field,
        low=1,
        high=MAX_HORIZON,
        message=_("The horizon is a whole number of years between 1 and 100."),
    )


MAX_ID = 2**63 - 1  # the database's integer; a larger id would fail in the driver, not here


def _id(value, field) -> int:
    """A row id: a whole number, or its digits as text (a form post). Never a fraction (1.9 is
    not row 1), a boolean or a number in another notation ("1e3", "٣")."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,19}", value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise Invalid(_("This is not a valid number."), field=field)
    return value


def _ids(values, field) -> list[int]:
    if not isinstance(values, (list, tuple)) or len(values) > MAX_IDS:
        raise Invalid(_("Send a list of numbers."), field=field)
    ids = [_id(v, field) for v in values]
    if len(set(ids)) != len(ids):
        raise Invalid(_("Each item may appear only once."), field=field)
    return ids


def _texts(values, field, label, *, max_length=LIST_ITEM_MAX) -> list[str]:
    if values is None:
        return []
    if not isinstance(values, (list, tuple)) or len(values) > MAX_LIST:
        raise Invalid(_("Send a list of at most 30 short texts."), field=field)
    cleaned = [_line(v, field, label, max_length=max_length) for v in values]
    return [t for t in cleaned if t]


def _choice(value, choices, field) -> str:
    if value not in choices:
        raise Invalid(_("Choose one of the options."), field=field)
    return value


# --- Finding things ------------------------------------------------------------------------------


def _appraisal_of(workshop: Workshop) -> Appraisal:
    appraisal = selectors.appraisal_for_workshop(workshop)
    if appraisal is None:
        raise NotFound(_("This session is not part of an appraisal."))
    return appraisal


def _get(model, message, **lookup):
    try:
        return model.objects.get(**lookup)
    except (model.DoesNotExist, TypeError, ValueError):
        raise NotFound(message) from None


def _solution(appraisal, pk, field="solution_id") -> Solution:
    return _get(
        Solution, _("This solution does not exist."), appraisal=appraisal, pk=_id(pk, field)
    )


def _core_problem(appraisal, pk, field="core_problem_id") -> CoreProblem:
    return _get(
        CoreProblem, _("This core problem does not exist."), appraisal=appraisal, pk=_id(pk, field)
    )


def _group(appraisal, workshop, pk, field="group_id") -> Group:
    return _get(
        Group,
        _("This group does not exist."),
        appraisal=appraisal,
        workshop=workshop,
        pk=_id(pk, field),
    )


def _own_group(actor: Actor, workshop: Workshop) -> Group | None:
    if actor.participant is None:
        return None
    return Group.objects.filter(workshop=workshop, members=actor.participant).first()


def _require_own_group(actor: Actor, workshop: Workshop) -> Group:
    group = _own_group(actor, workshop)
    if group is None:
        raise NotAllowed(_("You are not in a group yet. Ask the facilitator."))
    return group


def _may_write_group_item(actor: Actor, workshop: Workshop, group_id: int | None) -> None:
    """Participants change only the items of their own group; facilitators change all."""
    if actor.is_facilitator_of(workshop):
        return
    if (
        group_id is None
        or not Group.objects.filter(
            pk=group_id, workshop=workshop, members=actor.participant
        ).exists()
    ):
        raise NotAllowed(_("You can only change what your own group made."))


def _may_write_card(actor: Actor, workshop: Workshop, solution: Solution) -> None:
    """A solution card is its group's, in the session where the group made it. Session II starts
    by walking through the cards of session I (docs/methods.md §3 step 5, W12) with new groups (new
    participants): there every group of the session may sharpen a card made elsewhere, or by the
    facilitator alone."""
    made_here = solution.group_id is not None and solution.group.workshop_id == workshop.pk
    if made_here or actor.is_facilitator_of(workshop):
        _may_write_group_item(actor, workshop, solution.group_id)
    else:
        _require_own_group(actor, workshop)


def _postits_of(appraisal: Appraisal, ids: list[int], field: str) -> list[Postit]:
    postits = list(Postit.objects.filter(pk__in=ids, workshop_id__in=appraisal.workshop_ids))
    if len(postits) != len(ids):
        raise NotFound(_("One of these post-its does not exist."), field=field)
    return postits


def _check_version(obj, version, message) -> None:
    if version is not None and version != obj.version:
        raise Conflict(message)


def _bump(obj, fields: list[str]) -> None:
    obj.version += 1
    obj.save(update_fields=[*fields, "version"])


def _op(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    change: Callable[[Workshop, Appraisal], tuple[str, dict]],
) -> OpResult:
    """``apply_op`` for a session that belongs to an appraisal; the payload names the appraisal."""

    def run(workshop: Workshop) -> tuple[str, dict]:
        appraisal = _appraisal_of(workshop)
        kind, payload = change(workshop, appraisal)
        return kind, {"appraisal_id": appraisal.pk, **payload}

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=run)


def _ootb_count(group: Group) -> int:
    return group.solutions.filter(out_of_the_box=True).count()
