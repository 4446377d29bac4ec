"""Groups of a work session: by hand or formed by the app, and closing a step."""

from __future__ import annotations

import uuid

from django.db.models import Max
from django.utils.translation import gettext as _

from wijktafel.core.errors import Conflict, NotFound
from wijktafel.series import services as series_services
from wijktafel.workshops import grouping
from wijktafel.workshops.models import Participant, Workshop
from wijktafel.workshops.ops import facilitators_only
from wijktafel.workshops.services import Actor, OpResult

from .. import events, selectors
from ..models import MAX_STEP, Group
from ._common import _bool, _group, _ids, _int, _line, _may_write_group_item, _ootb_count, _op

# --- Groups ---------------------------------------------------------------------------------------

NAME_MAX = 60
GROUP_SIZE = (2, 6)  # people per group when the app forms them


def _size_warnings(members) -> list[dict]:
    """Steps 2, 4 and 5 work in groups of three or four (A6: the size is a soft rule); a group's
    helpers (a facilitator, a map expert, ...) do not count."""
    count = len(grouping.counted(members))
    problem = grouping.size_problem(grouping.APPRAISAL, count)
    return [{"code": "group_size", "count": count}] if problem else []


def _members(workshop: Workshop, member_ids, *, group: Group | None = None) -> list[Participant]:
    ids = _ids(member_ids or [], "member_ids")
    members = list(
        Participant.objects.filter(workshop=workshop, pk__in=ids, removed_at__isnull=True)
    )
    if len(members) != len(ids):
        raise NotFound(_("One of these people is not in this session."), field="member_ids")
    taken = Group.objects.filter(workshop=workshop, members__in=members)
    if group is not None:
        taken = taken.exclude(pk=group.pk)
    if taken.exists():
        raise Conflict(_("Someone in this list is already in another group."), field="member_ids")
    return members


@facilitators_only
def group_create(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    name: object,
    member_ids: object = (),
) -> OpResult:
    """Make a group by hand."""
    name = _line(name, "name", _("Name of the group"), max_length=NAME_MAX, required=True)

    def change(workshop, appraisal):
        members = _members(workshop, member_ids)
        top = Group.objects.filter(workshop=workshop).aggregate(m=Max("position"))["m"]
        group = Group.objects.create(
            appraisal=appraisal,
            workshop=workshop,
            name=name,
            position=0 if top is None else top + 1,
        )
        group.members.set(members)
        return events.GROUP_CREATED, {
            "group": selectors.group_payload(group),
            "warnings": _size_warnings(members),
        }

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def group_update(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    group_id: object,
    name: object = None,
    member_ids: object = None,
) -> OpResult:
    """Rename a group or set its members."""
    name = (
        None
        if name is None
        else _line(name, "name", _("Name of the group"), max_length=NAME_MAX, required=True)
    )

    def change(workshop, appraisal):
        group = _group(appraisal, workshop, group_id)
        if name is not None:
            group.name = name
            group.save(update_fields=["name"])
        if member_ids is not None:
            group.members.set(_members(workshop, member_ids, group=group))
        return events.GROUP_UPDATED, {
            "group": selectors.group_payload(group),
            "warnings": _size_warnings(group.members.all()),
        }

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def group_delete(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, group_id: object
) -> OpResult:
    """Remove a group; what it made stays, without a group."""

    def change(workshop, appraisal):
        group = _group(appraisal, workshop, group_id)
        pk = group.pk
        group.delete()
        return events.GROUP_DELETED, {"id": pk}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def groups_carry_over(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None
) -> OpResult:
    """In work session II: the groups of session I again, with the people of session I who came
    back (recognised on their phones, wijktafel.series); whoever is new is added by hand."""

    def change(workshop, appraisal):
        if appraisal.session_two_id != workshop.pk or appraisal.session_one_id is None:
            raise Conflict(_("Only work session II takes over the groups of session I."))
        if Group.objects.filter(workshop=workshop).exists():
            raise Conflict(
                _("This session already has groups. Remove them first, or change them by hand.")
            )
        came_back = series_services.participant_map(appraisal.session_one_id, workshop.pk)
        made = []
        source = Group.objects.filter(workshop_id=appraisal.session_one_id).prefetch_related(
            "members"
        )
        for group in source.order_by("position", "pk"):
            members = [came_back[m.pk] for m in group.members.all() if m.pk in came_back]
            if not members:
                continue
            copy = Group.objects.create(
                appraisal=appraisal, workshop=workshop, name=group.name, position=group.position
            )
            copy.members.set(members)
            made.append(selectors.group_payload(copy))
        if not made:
            raise Conflict(_("Nobody of the groups of work session I has joined this session yet."))
        return events.GROUPS_FORMED, {"groups": made}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def groups_form(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, size: object = 4
) -> OpResult:
    """Let the app form groups of three or four of everyone present, mixing kinds and
    organisations; helpers (a facilitator, a map expert, ...) are not dealt into groups."""
    size = _int(
        size,
        "size",
        low=GROUP_SIZE[0],
        high=GROUP_SIZE[1],
        message=_("A group has between 2 and 6 people."),
    )

    def change(workshop, appraisal):
        if Group.objects.filter(workshop=workshop).exists():
            raise Conflict(
                _("This session already has groups. Remove them first, or change them by hand.")
            )
        people = [
            grouping.Person.of(p)
            for p in Participant.objects.filter(workshop=workshop, removed_at__isnull=True)
        ]
        if len(grouping.counted(people)) < 2:
            raise Conflict(_("There are too few people in the session to form groups."))
        made = []
        for index, ids in enumerate(grouping.plan(people, grouping.APPRAISAL, size)):
            group = Group.objects.create(
                appraisal=appraisal,
                workshop=workshop,
                name=_("Group %(n)d") % {"n": index + 1},
                position=index,
            )
            group.members.set(ids)
            made.append(selectors.group_payload(group))
        return events.GROUPS_FORMED, {"groups": made}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def group_step_close(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None,
    group_id: object,
    step: object,
    closed: object = True,
) -> OpResult:
    """A group says it is done with a step (or reopens it).

    Step 4 needs an out-of-the-box solution of the group (A10)."""
    step = _int(step, "step", low=1, high=MAX_STEP, message=_("Choose a step from 1 to 8."))
    closed = _bool(closed, "closed")

    def change(workshop, appraisal):
        group = _group(appraisal, workshop, group_id)
        _may_write_group_item(actor, workshop, group.pk)
        if closed and step == 4 and _ootb_count(group) == 0:
            raise Conflict(
                _(
                    "Your group cannot finish step 4 yet: think of at least one "
                    "out-of-the-box "
                    "solution first and mark it as such."
                ),
                field="step",
            )
        steps = set(group.closed_steps)
        steps.add(step) if closed else steps.discard(step)
        group.closed_steps = sorted(steps)
        group.save(update_fields=["closed_steps"])
        return events.GROUP_UPDATED, {"group": selectors.group_payload(group)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)
