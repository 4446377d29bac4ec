"""What a session sees of its groups, and the size rules applied to them.

The status of a group says how it keeps its kind's rule (``workshops/grouping.py``), counting
only active members who count (helpers do not): ``ok``; ``trio``, the one duo of three that an
odd number of people needs; ``small`` (fewer than the rule, or empty); ``large`` (more than the
rule: the services refuse a change that makes a group so, but people who leave or change role
can make it so afterwards). Who knows whom is personal and is not here: only how many people
said so (``acquaintances``)."""

from __future__ import annotations

from wijktafel.workshops import grouping
from wijktafel.workshops.models import Participant, Workshop

from .models import Acquaintance, Group, GroupSet, Kind, Membership

OK, TRIO, SMALL, LARGE = "ok", "trio", "small", "large"


def kind_rule(kind: str) -> grouping.GroupKind:
    return grouping.KINDS[kind]


def counted_people(workshop: Workshop) -> list[Participant]:
    """The active participants who count towards a group's size."""
    active = Participant.objects.filter(workshop=workshop, removed_at__isnull=True)
    return grouping.counted(active)


def is_odd(workshop: Workshop) -> bool:
    """An odd number of people who count: duos then have one trio."""
    return len(counted_people(workshop)) % 2 == 1


def members_by_group(workshop: Workshop, kind: str | None = None) -> dict[int, list[Participant]]:
    """The active members of every group (of ``kind``), in the order they joined it."""
    rows = Membership.objects.filter(
        group__workshop=workshop, participant__removed_at__isnull=True
    ).select_related("participant")
    if kind is not None:
        rows = rows.filter(kind=kind)
    found: dict[int, list[Participant]] = {}
    for row in rows.order_by("pk"):
        found.setdefault(row.group_id, []).append(row.participant)
    return found


def statuses(kind: str, counts: list[int], *, odd: bool) -> list[str]:
    """The status of each group of ``kind`` with these counted sizes (in position order)."""
    rule = kind_rule(kind)
    trio_taken = False
    result = []
    for count in counts:
        if count < max(rule.low, 1):
            result.append(SMALL)
        elif count <= rule.high:
            result.append(OK)
        elif rule.odd_one_larger and odd and count == rule.high + 1 and not trio_taken:
            trio_taken = True
            result.append(TRIO)
        else:
            result.append(LARGE)
    return result


def kind_payload(workshop: Workshop, kind: str, *, odd: bool | None = None) -> dict:
    """Every group of one kind with its members and status, and whether the set is done."""
    odd = is_odd(workshop) if odd is None else odd
    groups = list(Group.objects.filter(workshop=workshop, kind=kind).order_by("position", "pk"))
    members = members_by_group(workshop, kind)
    counts = [len(grouping.counted(members.get(g.pk, []))) for g in groups]
    done = GroupSet.objects.filter(workshop=workshop, kind=kind, done=True).exists()
    return {
        "kind": kind,
        "done": done,
        "groups": [
            {
                "id": group.pk,
                "kind": group.kind,
                "name": group.name,
                "position": group.position,
                "member_ids": [p.pk for p in members.get(group.pk, [])],
                "counted": count,
                "status": status,
            }
            for group, count, status in zip(
                groups, counts, statuses(kind, counts, odd=odd), strict=True
            )
        ],
    }


def answered(workshop: Workshop) -> int:
    """How many active participants said whom they already know (at least one person)."""
    return (
        Acquaintance.objects.filter(
            participant__workshop=workshop, participant__removed_at__isnull=True
        )
        .values("participant")
        .distinct()
        .count()
    )


def groups_payload(workshop: Workshop) -> dict:
    """The block's keys of the snapshot: ``groups``, ``group_sets`` and ``acquaintances``."""
    odd = is_odd(workshop)
    kinds = [kind_payload(workshop, kind, odd=odd) for kind in Kind.values]
    return {
        "groups": [group for part in kinds for group in part["groups"]],
        "group_sets": [{"kind": part["kind"], "done": part["done"]} for part in kinds],
        "acquaintances": {"answered": answered(workshop)},
    }


def known_ids(participant: Participant) -> list[int]:
    """Whom this participant said they already know (their own page only)."""
    return list(
        Acquaintance.objects.filter(
            participant=participant, known__removed_at__isnull=True
        ).values_list("known_id", flat=True)
    )


def knows_map(workshop: Workshop) -> dict[int, set[int]]:
    """participant id -> ids they said they know, for the planner (never sent anywhere)."""
    found: dict[int, set[int]] = {}
    for pid, known in Acquaintance.objects.filter(participant__workshop=workshop).values_list(
        "participant_id", "known_id"
    ):
        found.setdefault(pid, set()).add(known)
    return found
