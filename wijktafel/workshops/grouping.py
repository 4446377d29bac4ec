"""Groups of set sizes (METHODS.md §2.6): the kinds of group, their size rules, and forming them.

A group kind says how many people a group has and whether that is a rule (``hard``: a group
outside it is refused) or advice (a warning): Afwegen's groups of 3–4 (advice), breakouts of at
most 5 (a sixth is refused), duos of exactly 2 (with an odd number one trio, and the page says
so) and trios of exactly 3. Facilitators, co-facilitators, technical facilitators and map experts
help a group but do not count towards its size (``people.counts_in_groups``).

``plan`` forms groups from the people present, mixing kinds and organisations; duos prefer two
people who did not know each other. It is pure: people in, lists of ids out, so every method and
its tests use the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import people as people_rules


@dataclass(frozen=True)
class GroupKind:
    key: str
    title: str | Promise
    low: int  # the smallest group that keeps the rule
    high: int  # the largest
    hard: bool  # refused outside [low, high]; otherwise a warning
    odd_one_larger: bool = False  # with an odd number, one group of high + 1 (duos: one trio)


APPRAISAL = GroupKind("appraisal", _("group of 3 or 4"), 3, 4, hard=False)
BREAKOUT = GroupKind("breakout", _("breakout of at most 5"), 1, 5, hard=True)
DUO = GroupKind("duo", _("duo"), 2, 2, hard=True, odd_one_larger=True)
TRIO = GroupKind("trio", _("trio"), 3, 3, hard=True)
KINDS = {kind.key: kind for kind in (APPRAISAL, BREAKOUT, DUO, TRIO)}


@dataclass(frozen=True)
class Person:
    id: int
    organisation: str = ""
    kind: str = ""
    roles: tuple[str, ...] = ("participant",)
    knows: frozenset[int] = field(default_factory=frozenset)  # ids of people they already know

    @classmethod
    def of(cls, participant, knows=()) -> Person:
        return cls(
            participant.pk,
            participant.organisation_name,
            participant.kind,
            tuple(participant.roles or ()),
            frozenset(knows),
        )


def counted(people) -> list:
    """The people who count towards a group's size (not its helpers)."""
    return [p for p in people if people_rules.counts_in_groups(p)]


def size_problem(kind: GroupKind, count: int, *, allow_odd: bool = False) -> str | None:
    """``None`` when ``count`` counted members keep the rule, else "refused" (hard) or "warning".
    ``allow_odd``: this is the one larger group an odd number needs (a trio among duos)."""
    high = kind.high + 1 if allow_odd and kind.odd_one_larger else kind.high
    if count == 0 or kind.low <= count <= high:
        return None
    return "refused" if kind.hard else "warning"


def _mixed(people: list[Person]) -> list[Person]:
    """Kinds first, then organisations, so that dealing round-robin spreads both."""
    return sorted(people, key=lambda p: (p.kind, p.organisation.casefold(), p.id))


def plan(people: list[Person], kind: GroupKind, size: int | None = None) -> list[list[int]]:
    """Form groups of everyone in ``people`` who counts (helpers are left out).

    Duos: pairs of people who did not know each other and, failing that, of different
    organisations; with an odd number one trio. Trios: groups of three; one or two people
    left over join other trios as a fourth (the caller says so: ``size_problem`` refuses them)
    unless there are fewer than three. Other kinds: about ``size`` each (``kind.high`` by
    default, at most ``kind.high`` when that is a rule), no group under ``kind.low``, dealt
    round-robin."""
    members = _mixed(counted(people))
    if not members:
        return []
    if kind.low == kind.high == 2:
        return _pairs(members)
    size = size or kind.high
    if kind.hard:  # a rule caps what was asked; advice (Afwegen's 3-4) does not
        size = min(size, kind.high)
    n = len(members)
    count = max(1, -(-n // size))
    while count > 1 and n // count < min(kind.low, size):
        count -= 1
    groups: list[list[int]] = [[] for _ in range(count)]
    for index, person in enumerate(members):
        groups[index % count].append(person.id)
    return groups


def _pairs(members: list[Person]) -> list[list[int]]:
    """The cheapest pair first, again and again (knowing each other costs most, then being
    colleagues); an odd one out joins the pair where they know nobody, which makes it a trio."""

    def cost(a: Person, b: Person) -> int:
        knew = b.id in a.knows or a.id in b.knows
        same_org = bool(a.organisation) and a.organisation.casefold() == b.organisation.casefold()
        return 2 * knew + same_org

    left = list(members)
    pairs: list[list[Person]] = []
    while len(left) > 1:
        i, j = min(
            ((i, j) for i in range(len(left)) for j in range(i + 1, len(left))),
            key=lambda ij: (cost(left[ij[0]], left[ij[1]]), ij),
        )
        second, first = left.pop(j), left.pop(i)
        pairs.append([first, second])
    if left:
        odd = left[0]
        if pairs:
            best = min(range(len(pairs)), key=lambda k: (sum(cost(odd, p) for p in pairs[k]), -k))
            pairs[best].append(odd)
        else:
            pairs.append([odd])
    return [[person.id for person in pair] for pair in pairs]
