"""What the group reviews against the aggregate: outliers, dropouts and a selection's
departure from the top."""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .profile import Ranking, _check_ranking, _check_solutions, _is_sequence, _profile, _rank

TOP_N_MIN = 3
TOP_N_MAX = 5
"""The group keeps the best three to five solutions (W10: 3–5; W12: top three)."""

OUTLIER_BAND = Fraction(1, 3)
"""'Top' is the best third of the places, 'bottom' the worst third (see ``outliers``)."""


# --------------------------------------------------------------------------------------------
# Outliers, dropouts and departures


@dataclass(frozen=True, slots=True)
class Outlier[S: Hashable, G: Hashable]:
    """A solution at the top in some groups and at the bottom in others."""

    solution: S
    top_groups: tuple[G, ...]
    bottom_groups: tuple[G, ...]


def outliers[S: Hashable, G: Hashable](
    rankings: Mapping[G, Ranking[S]],
    solutions: Sequence[S],
    *,
    band: Fraction = OUTLIER_BAND,
) -> tuple[Outlier[S, G], ...]:
    """Solutions that one group placed at the top and another at the bottom, in solution order.

    With n solutions and fractional rank r, a placement is *top* when r ≤ (n + 1)·band and
    *bottom* when r ≥ (n + 1)·(1 − band); with the default band of a third: places 1–3 and
    7–9 of 9, or places 1 and 3 of 3. The bands mirror each other around the middle rank, so a
    group that ties everything puts nothing at the top or bottom. Only solutions a group
    actually placed count; leaving one out is not a bottom placement.
    """
    if not 0 < band < Fraction(1, 2):
        raise ValueError("The outlier band must be more than 0 and less than a half.")
    profile = _profile(rankings, solutions)
    top_limit = (profile.n + 1) * band
    bottom_limit = (profile.n + 1) * (1 - band)
    found: list[Outlier[S, G]] = []
    for item, solution in enumerate(profile.solutions):
        top: list[G] = []
        bottom: list[G] = []
        for group, placed in zip(profile.groups, profile.placements, strict=True):
            if item not in placed:
                continue
            rank = _rank(*placed[item])
            if rank <= top_limit:
                top.append(group)
            elif rank >= bottom_limit:
                bottom.append(group)
        if top and bottom:
            found.append(Outlier(solution, tuple(top), tuple(bottom)))
    return tuple(found)


def _check_top_n(top_n: int) -> None:
    if isinstance(top_n, bool) or not isinstance(top_n, int):
        raise ValueError("The size of the top selection must be a whole number.")
    if not TOP_N_MIN <= top_n <= TOP_N_MAX:
        raise ValueError(
            f"The top selection holds {TOP_N_MIN} to {TOP_N_MAX} solutions, not {top_n}."
        )


def _check_aggregate[S: Hashable](
    aggregate: Ranking[S], solutions: Sequence[S] | None = None
) -> list[list[S]]:
    """The aggregate as lists; ValueError unless it places every solution exactly once.

    Without ``solutions`` the aggregate itself defines the set of solutions.
    """
    if not _is_sequence(aggregate) or not all(_is_sequence(tier) for tier in aggregate):
        raise ValueError("The aggregate must be a list of tiers (lists of solution ids).")
    if solutions is None:
        flat = [solution for tier in aggregate for solution in tier]
        try:
            solutions = list(dict.fromkeys(flat))
        except TypeError:
            raise ValueError("The aggregate holds an id that is not hashable.") from None
    placed = _check_ranking("The aggregate", aggregate, _check_solutions(solutions))
    if len(placed) != len(solutions):
        missing = [s for i, s in enumerate(solutions) if i not in placed]
        raise ValueError(f"The aggregate leaves out solutions {missing!r}.")
    return [list(tier) for tier in aggregate]


def _split_at[S: Hashable](tiers: Sequence[Sequence[S]], size: int) -> tuple[list[S], list[S], int]:
    """Split a ranking at ``size`` places: the tiers wholly inside, the tier across the cut
    (empty when the cut falls between tiers) and how many of that tier fit inside."""
    inside: list[S] = []
    for tier in tiers:
        room = size - len(inside)
        if room <= 0:
            return inside, [], 0
        if len(tier) <= room:
            inside.extend(tier)
        else:
            return inside, list(tier), room
    return inside, [], 0


@dataclass(frozen=True, slots=True)
class Dropout[S: Hashable, G: Hashable]:
    """A solution that falls outside the aggregate top, for the group to review."""

    solution: S
    position: int
    """Its place in the aggregate (first place of its tier)."""
    at_cut: bool
    """True when it ties with a solution inside the top: the group decides which stays."""
    high_groups: tuple[G, ...]
    """Groups that placed it within their own top ``top_n`` (a tie across the cut counts)."""


def dropouts[S: Hashable, G: Hashable](
    rankings: Mapping[G, Ranking[S]],
    solutions: Sequence[S],
    *,
    aggregate: Ranking[S],
    top_n: int,
) -> tuple[Dropout[S, G], ...]:
    """Every solution outside the aggregate's top ``top_n``, in aggregate order.

    ``aggregate`` is a ranking of all solutions, such as ``rank_sum_tiers(...)`` or
    ``strict_order(consensus.order)``. To review an actual selection, pass
    ``[selected, others]`` with ``top_n=len(selected)``.
    """
    _check_top_n(top_n)
    profile = _profile(rankings, solutions)
    tiers = _check_aggregate(aggregate, solutions)
    index = {solution: i for i, solution in enumerate(profile.solutions)}
    found: list[Dropout[S, G]] = []
    place = 1
    for tier in tiers:
        is_cut = place <= top_n < place + len(tier) - 1
        if place > top_n or is_cut:
            for solution in sorted(tier, key=index.__getitem__):
                item = index[solution]
                high = tuple(
                    group
                    for group, placed in zip(profile.groups, profile.placements, strict=True)
                    if item in placed and placed[item][0] <= top_n
                )
                found.append(Dropout(solution, place, is_cut, high))
        place += len(tier)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Departure[S: Hashable]:
    """Whether a chosen top selection differs from the aggregate's top, and how."""

    departs: bool
    added: tuple[S, ...]
    """Chosen although the aggregate does not put it in the top."""
    left_out: tuple[S, ...]
    """In the aggregate's top but not chosen (for a tie across the cut: all its unchosen
    members, when too few of them were chosen)."""


def departure[S: Hashable](selected: Sequence[S], aggregate: Ranking[S]) -> Departure[S]:
    """Compare a selection with the top of an aggregate ranking of all solutions.

    The selection does not depart when some way of breaking the aggregate's ties makes its top
    ``len(selected)`` exactly the selection; the order within the selection does not matter.
    """
    tiers = _check_aggregate(aggregate)
    everything = {solution for tier in tiers for solution in tier}
    if not _is_sequence(selected):
        raise ValueError("The selection must be a list of solution ids.")
    if not selected:
        raise ValueError("The selection is empty.")
    try:
        duplicate = len(set(selected)) != len(selected)
    except TypeError:
        raise ValueError("The selection holds an id that is not hashable.") from None
    if duplicate:
        raise ValueError("The selection holds a solution twice.")
    unknown = [solution for solution in selected if solution not in everything]
    if unknown:
        raise ValueError(f"The selection holds unknown solutions {unknown!r}.")
    inside, cut_tier, room = _split_at(tiers, len(selected))
    chosen = set(selected)
    added = tuple(s for s in selected if s not in inside and s not in cut_tier)
    left = [s for s in inside if s not in chosen]
    if sum(1 for s in cut_tier if s in chosen) < room:
        left.extend(s for s in cut_tier if s not in chosen)
    return Departure(departs=bool(added or left), added=added, left_out=tuple(left))
