"""Groups of set sizes in a session: the app forms them from the people present (duos of people
who did not know each other), the facilitator makes and changes them by hand, and each
participant says on their phone whom they already know.

The hard rules, while people are moved one by one (docs/decisions/0013):

* a change is refused when it makes a group larger than its kind allows: a sixth counted member
  in a breakout, a fourth in a trio, a third in a duo unless the session has an odd number of
  people who count and no other duo is a trio yet (that one trio is allowed);
* a group that is too small is a warning (status ``small``), not a refusal, so people can be
  moved one at a time;
* once the facilitator says the groups of a kind are done (``grouping.done``), every group of
  that kind must keep its rule: a trio of anything but three, a duo of one, an empty breakout
  are refused, and so is every later change that would make one so, until "done" is switched off.

Helpers (``people.counts_in_groups`` false) may join any group; they never count. A refusal
changes nothing: ``apply_op`` runs the change and these checks in one transaction.
"""

from __future__ import annotations

import uuid

from django.db.models import Max
from django.utils.translation import gettext as _

from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.workshops import grouping
from wijktafel.workshops.models import Participant, Workshop
from wijktafel.workshops.ops import facilitators_only
from wijktafel.workshops.services import Actor, OpResult, apply_op

from . import events
from .models import Acquaintance, Group, GroupSet, Kind, Membership
from .selectors import LARGE, SMALL, answered, is_odd, kind_payload, kind_rule, knows_map

MAX_GROUPS = 100  # of one kind in a session
MAX_KNOWN = 500  # ids in one list of people
BREAKOUT_SIZE = (2, 5)


def _kind(value: object) -> str:
    if value not in Kind.values:
        raise Invalid(_("Choose breakouts, duos or trios."), field="kind")
    return value  # type: ignore[return-value]


def group_name(kind: str, number: int) -> str:
    names = {
        Kind.BREAKOUT: _("Breakout %(n)d"),
        Kind.DUO: _("Duo %(n)d"),
        Kind.TRIO: _("Trio %(n)d"),
    }
    return names[kind] % {"n": number}


def _too_large(kind: str) -> str:
    return {
        Kind.BREAKOUT: _(
            "A breakout has at most 5 participants. Facilitators and map experts do not count."
        ),
        Kind.DUO: _(
            "A duo has 2 people. Only with an odd number of people may one group be a trio."
        ),
        Kind.TRIO: _("A trio has 3 people."),
    }[kind]


def _participant(workshop: Workshop, participant_id: object, field: str) -> Participant:
    try:
        return Participant.objects.get(
            workshop=workshop,
            pk=int(participant_id),
            removed_at__isnull=True,  # type: ignore[arg-type]
        )
    except (Participant.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This person is no longer in the session."), field=field) from None


def _participants(workshop: Workshop, ids: object, field: str) -> list[Participant]:
    if not isinstance(ids, list) or len(ids) > MAX_KNOWN:
        raise Invalid(_("The field “%(field)s” is not valid.") % {"field": field}, field=field)
    found = {
        p.pk: p
        for p in Participant.objects.filter(workshop=workshop, pk__in=ids, removed_at__isnull=True)
    }
    if len(found) != len(set(ids)):
        raise NotFound(_("Choose people who are in this session."), field=field)
    return [found[pk] for pk in dict.fromkeys(ids)]


def _group(workshop: Workshop, group_id: object) -> Group:
    try:
        return Group.objects.get(workshop=workshop, pk=int(group_id))  # type: ignore[arg-type]
    except (Group.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This group no longer exists."), field="group_id") from None


def _counts(payload: dict) -> dict[int, int]:
    return {g["id"]: g["counted"] for g in payload["groups"]}


def _checked(workshop: Workshop, kind: str, before: dict[int, int]) -> dict:
    """The groups of ``kind`` after a change, or a refusal when the change made a group larger
    than allowed, or (once the set is done) left any group outside its rule."""
    payload = kind_payload(workshop, kind)
    rule = kind_rule(kind)
    odd = is_odd(workshop)
    groups = payload["groups"]
    for group in groups:
        if group["counted"] <= before.get(group["id"], 0) or group["counted"] <= rule.high:
            continue
        the_one_trio = (
            rule.odd_one_larger
            and odd
            and group["counted"] == rule.high + 1
            and not any(o["counted"] > rule.high for o in groups if o is not group)
        )
        if not the_one_trio:
            raise Conflict(_too_large(kind), field="group_id")
    if payload["done"]:
        for group in groups:
            if group["status"] in (SMALL, LARGE):
                raise Conflict(
                    _(
                        "These groups are done: then %(group)s would no longer keep the rule. "
                        "Switch “done” off first."
                    )
                    % {"group": group["name"]},
                    field="group_id",
                )
    return payload


def _next_position(workshop: Workshop, kind: str) -> int:
    top = Group.objects.filter(workshop=workshop, kind=kind).aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _add(group: Group, participants: list[Participant]) -> None:
    """Put people in ``group``, taking them out of another group of its kind first."""
    Membership.objects.filter(participant__in=participants, kind=group.kind).delete()
    Membership.objects.bulk_create(
        Membership(group=group, participant=p, kind=group.kind) for p in participants
    )


def _planned(workshop: Workshop, kind: str, size: int | None) -> list[list[int]]:
    active = list(Participant.objects.filter(workshop=workshop, removed_at__isnull=True))
    knows = knows_map(workshop)
    persons = [grouping.Person.of(p, knows.get(p.pk, ())) for p in active]
    if len(grouping.counted(active)) < 2:
        raise Conflict(_("There are too few people in the session to form groups."), field="kind")
    planned = grouping.plan(persons, kind_rule(kind), size)
    if kind == Kind.TRIO:  # those left over go together into one group that is still too small
        extra = [pid for ids in planned for pid in ids[3:]]
        planned = [ids[:3] for ids in planned] + ([extra] if extra else [])
    return planned


@facilitators_only
def grouping_form(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    kind: object,
    size: object = None,
) -> OpResult:
    """Let the app form groups of ``kind`` from everyone present, replacing the groups of that
    kind: kinds and organisations mixed, duos of people who did not know each other (what they
    said on their phones; organisations next), helpers left out."""
    kind = _kind(kind)
    if size is not None and (
        kind != Kind.BREAKOUT
        or isinstance(size, bool)
        or not isinstance(size, int)
        or not BREAKOUT_SIZE[0] <= size <= BREAKOUT_SIZE[1]
    ):
        raise Invalid(_("A breakout has 2 to 5 participants."), field="size")

    def change(workshop: Workshop) -> tuple[str, dict]:
        planned = _planned(workshop, kind, size)  # type: ignore[arg-type]
        Group.objects.filter(workshop=workshop, kind=kind).delete()
        GroupSet.objects.update_or_create(workshop=workshop, kind=kind, defaults={"done": False})
        by_id = {p.pk: p for p in Participant.objects.filter(workshop=workshop)}
        for index, ids in enumerate(planned):
            group = Group.objects.create(
                workshop=workshop, kind=kind, name=group_name(kind, index + 1), position=index
            )
            _add(group, [by_id[pk] for pk in ids])
        return events.GROUPING_CHANGED, kind_payload(workshop, kind)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def grouping_create(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    kind: object,
    member_ids: object = (),
) -> OpResult:
    """Make a group of ``kind`` by hand (members taken out of their group of that kind)."""
    kind = _kind(kind)
    member_ids = list(member_ids) if isinstance(member_ids, (list, tuple)) else member_ids

    def change(workshop: Workshop) -> tuple[str, dict]:
        members = _participants(workshop, member_ids, "member_ids")
        if Group.objects.filter(workshop=workshop, kind=kind).count() >= MAX_GROUPS:
            raise Conflict(_("This session has as many groups as it can have."), field="kind")
        before = _counts(kind_payload(workshop, kind))
        position = _next_position(workshop, kind)
        group = Group.objects.create(
            workshop=workshop, kind=kind, name=group_name(kind, position + 1), position=position
        )
        _add(group, members)
        return events.GROUPING_CHANGED, _checked(workshop, kind, before)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def grouping_move(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    participant_id: object,
    group_id: object = None,
    kind: object = None,
) -> OpResult:
    """Move a participant into a group (out of their group of its kind), or with ``group_id``
    null out of their group of ``kind``."""
    if group_id is None:
        kind = _kind(kind)

    def change(workshop: Workshop) -> tuple[str, dict]:
        person = _participant(workshop, participant_id, "participant_id")
        group = None if group_id is None else _group(workshop, group_id)
        of_kind = group.kind if group is not None else kind
        if group is not None and kind is not None and kind != group.kind:
            # The kind the group has as stored refuses it (409), not the request's shape.
            raise Conflict(_("This group is of another kind."), field="kind")
        before = _counts(kind_payload(workshop, of_kind))  # type: ignore[arg-type]
        if group is None:
            Membership.objects.filter(participant=person, kind=of_kind).delete()
        else:
            _add(group, [person])
        return events.GROUPING_CHANGED, _checked(workshop, of_kind, before)  # type: ignore[arg-type]

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def grouping_delete(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None = None, group_id: object
) -> OpResult:
    """Take a group away; its members are in no group of that kind any more."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        group = _group(workshop, group_id)
        kind = group.kind
        before = _counts(kind_payload(workshop, kind))
        group.delete()
        return events.GROUPING_CHANGED, _checked(workshop, kind, before)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def grouping_done(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    kind: object,
    done: object = True,
) -> OpResult:
    """Say the groups of ``kind`` are complete (every one must keep its rule), or not yet."""
    kind = _kind(kind)
    if not isinstance(done, bool):
        raise Invalid(_("The field “%(field)s” is not valid.") % {"field": "done"}, field="done")

    def change(workshop: Workshop) -> tuple[str, dict]:
        if done:
            payload = kind_payload(workshop, kind)
            if not payload["groups"]:
                raise Conflict(_("There are no groups of this kind yet."), field="kind")
            for group in payload["groups"]:
                if group["status"] in (SMALL, LARGE):
                    raise Conflict(
                        _("%(group)s does not keep the rule yet. Make every group complete first.")
                        % {"group": group["name"]},
                        field="kind",
                    )
        GroupSet.objects.update_or_create(workshop=workshop, kind=kind, defaults={"done": done})
        return events.GROUPING_CHANGED, kind_payload(workshop, kind)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def acquaintance_set(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    known_ids: object,
) -> OpResult:
    """A participant says which other participants of the session they already know (the whole
    list; an empty list: nobody). Only a count goes to the room, never the list."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        me = actor.participant
        if me is None:
            raise NotAllowed(_("Only participants say whom they already know."))
        known = _participants(workshop, known_ids, "known_ids")
        if any(p.pk == me.pk for p in known):  # whose id is yours is stored identity: 409
            raise Conflict(_("Choose other people than yourself."), field="known_ids")
        Acquaintance.objects.filter(participant=me).delete()
        Acquaintance.objects.bulk_create(Acquaintance(participant=me, known=p) for p in known)
        return events.ACQUAINTANCE_CHANGED, {"answered": answered(workshop)}

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def copy_groups(
    *,
    source_workshop_id: int,
    target_workshop_id: int,
    participant_map: dict[int, int],
    actor: Actor,
) -> list[OpResult]:
    """Make the groups of a source session again in a target session (a series): for each kind
    the source has, the target's groups of that kind are replaced by the source's, with the
    people present in both (``participant_map``: source participant id -> target participant
    id). A group left without anyone is not made. Sizes are not refused here (fewer people came):
    the statuses show what to fix. One ``grouping.changed`` event per kind, in the target."""
    source = Workshop.objects.filter(pk=source_workshop_id).first()
    if source is None:
        raise NotFound(_("This session does not exist."))
    if not actor.is_facilitator_of(source):  # of the target: apply_op (facilitators only)
        raise NotAllowed(_("Only the facilitator of this session may do this."))
    source_groups = list(Group.objects.filter(workshop=source).order_by("kind", "position", "pk"))
    memberships = Membership.objects.filter(group__in=source_groups).order_by("pk")
    members: dict[int, list[int]] = {}
    for row in memberships:
        members.setdefault(row.group_id, []).append(row.participant_id)
    results = []
    for kind in [k for k in Kind.values if any(g.kind == k for g in source_groups)]:

        def change(workshop: Workshop, kind: str = kind) -> tuple[str, dict]:
            present = {
                p.pk: p
                for p in Participant.objects.filter(
                    workshop=workshop, pk__in=participant_map.values(), removed_at__isnull=True
                )
            }
            Group.objects.filter(workshop=workshop, kind=kind).delete()
            GroupSet.objects.update_or_create(
                workshop=workshop, kind=kind, defaults={"done": False}
            )
            position = 0
            for old in (g for g in source_groups if g.kind == kind):
                carried = [
                    present[participant_map[pid]]
                    for pid in members.get(old.pk, [])
                    if participant_map.get(pid) in present
                ]
                if not carried:
                    continue
                group = Group.objects.create(
                    workshop=workshop, kind=kind, name=old.name, position=position
                )
                _add(group, carried)
                position += 1
            return events.GROUPING_CHANGED, kind_payload(workshop, kind)

        results.append(
            apply_op(workshop_id=target_workshop_id, actor=actor, client_op_id=None, change=change)
        )
    return results
