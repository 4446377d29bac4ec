"""Ranking and aggregation maths for step 6 of Afwegen in de Wijk (pre-selection).

Pure functions: plain values in, frozen dataclasses out; no Django, no I/O, no randomness.
The method (METHODS.md §3.4 step 6) lets each group lay the solution cards out best first and
then choose a top three to five together; everything here is an *advisory* aid to that talk.
Conventions, with the reasons, are in docs/decisions/0008-ranking-aggregation.md:

- A group's ranking is a list of tiers, best first; a tier holds solutions the group ranked
  equal. ``[["a"], ["b", "c"], ["d"]]`` means a, then b and c equal, then d. A group may leave
  solutions out (it did not get to them).
- Ranks are fractional: a tier covering places 2 and 3 gives each member rank 2.5. Solutions a
  group left out tie for the places that are left (with 3 of 5 placed, both others get 4.5), so
  every group adds the same total n(n + 1)/2 and no group weighs more than another.
- Pairwise counts (for Kemeny–Young) use only pairs a group actually placed in different tiers;
  a tie or a solution left out says nothing about that pair (``unplaced="no_opinion"``). With
  ``unplaced="below"`` a group prefers every solution it placed to every one it left out, which
  matches the rank-sum convention.
- Ties in an output follow the rank sums where those decide (the consensus), then the order of
  ``solutions`` as given, so equal inputs give equal outputs.
"""

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

type Ranking[S] = Sequence[Sequence[S]]
"""Tiers of solution ids, best first; every tier non-empty, no id twice."""

MAX_SOLUTIONS = 50
"""Upper bound on the number of solutions, so every computation here stays small and bounded."""

EXACT_LIMIT = 12
"""Kemeny–Young is exact up to this many solutions (2^n·n steps), a heuristic above."""

EXACT_HARD_LIMIT = 14
"""The largest ``exact_limit`` a caller may ask for (2^14·14 steps, about a third of a second)."""

type Unplaced = Literal["no_opinion", "below"]
"""What a group's ranking says about a solution it left out, for pairwise counts."""

TOP_N_MIN = 3
TOP_N_MAX = 5
"""The group keeps the best three to five solutions (W10: 3–5; W12: top three)."""

OUTLIER_BAND = Fraction(1, 3)
"""'Top' is the best third of the places, 'bottom' the worst third (see ``outliers``)."""

_LOCAL_SEARCH_ROUNDS = 200
"""Bound on improvement rounds of the heuristic; each round is O(n²) and must improve."""

_MAX_STARTS = 12
"""Bound on start orders for the heuristic (see ``_starts``)."""


# --------------------------------------------------------------------------------------------
# Input checking


@dataclass(frozen=True, slots=True)
class _Profile[S: Hashable, G: Hashable]:
    """Checked input: solutions, groups, and per group the places each placed solution covers."""

    solutions: tuple[S, ...]
    groups: tuple[G, ...]
    # Per group: solution index -> (first place, last place) of its tier, 1-based.
    placements: tuple[dict[int, tuple[int, int]], ...]

    @property
    def n(self) -> int:
        return len(self.solutions)


def _is_sequence(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray))


def _check_solutions[S: Hashable](solutions: Sequence[S]) -> dict[S, int]:
    """Index of every solution id; ValueError when the list is empty, too long or repeats an id."""
    if not _is_sequence(solutions):
        raise ValueError("Solutions must be a list of solution ids.")
    if not solutions:
        raise ValueError("There are no solutions to rank.")
    if len(solutions) > MAX_SOLUTIONS:
        raise ValueError(
            f"Too many solutions: {len(solutions)}; at most {MAX_SOLUTIONS} can be ranked."
        )
    index: dict[S, int] = {}
    for position, solution in enumerate(solutions):
        try:
            seen = solution in index
        except TypeError:
            raise ValueError(f"Solution id {solution!r} is not hashable.") from None
        if seen:
            raise ValueError(f"Solution {solution!r} appears twice in the list of solutions.")
        index[solution] = position
    return index


def _check_ranking[S: Hashable](
    who: str, ranking: Ranking[S], index: Mapping[S, int]
) -> dict[int, tuple[int, int]]:
    """The places covered by each solution one ranking placed; ValueError on any malformed part.

    ``who`` names the ranking in messages, e.g. "Group 'A'".
    """
    if not _is_sequence(ranking):
        raise ValueError(f"{who}: the ranking must be a list of tiers (lists of ids).")
    if not ranking:
        raise ValueError(f"{who} ranked no solutions.")
    placements: dict[int, tuple[int, int]] = {}
    place = 1
    for number, tier in enumerate(ranking, start=1):
        if not _is_sequence(tier):
            raise ValueError(
                f"{who}: tier {number} is not a list of solution ids "
                f"(write a single solution as [{tier!r}])."
            )
        if not tier:
            raise ValueError(f"{who}: tier {number} is empty.")
        last = place + len(tier) - 1
        for solution in tier:
            try:
                position = index.get(solution)
            except TypeError:
                raise ValueError(f"{who}: {solution!r} is not a solution id.") from None
            if position is None:
                raise ValueError(f"{who} ranked an unknown solution {solution!r}.")
            if position in placements:
                raise ValueError(f"{who} ranked solution {solution!r} twice.")
            placements[position] = (place, last)
        place = last + 1
    return placements


def _profile[S: Hashable, G: Hashable](
    rankings: Mapping[G, Ranking[S]], solutions: Sequence[S]
) -> _Profile[S, G]:
    index = _check_solutions(solutions)
    if not isinstance(rankings, Mapping):
        raise ValueError("Rankings must map each group to its ranking.")
    if not rankings:
        raise ValueError("There are no rankings to aggregate.")
    groups = tuple(rankings)
    placements = tuple(
        _check_ranking(f"Group {group!r}", rankings[group], index) for group in groups
    )
    return _Profile(tuple(solutions), groups, placements)


def _rank(first: int, last: int) -> Fraction:
    return Fraction(first + last, 2)


def _effective_rank(profile: _Profile[Any, Any], group: int, item: int) -> Fraction:
    """Fractional rank; a solution the group left out ties for the places left over."""
    placed = profile.placements[group]
    if item in placed:
        return _rank(*placed[item])
    return _rank(len(placed) + 1, profile.n)


def strict_order[S: Hashable](order: Iterable[S]) -> list[list[S]]:
    """A ranking without ties: every solution in a tier of its own, in the given order."""
    return [[solution] for solution in order]


# --------------------------------------------------------------------------------------------
# Sum of ranks


@dataclass(frozen=True, slots=True)
class RankSummary[S: Hashable]:
    """How the groups ranked one solution, and where the sum of ranks puts it."""

    solution: S
    position: int
    """Place in the aggregate, 1 = best; equal rank sums share a place (1, 2, 2, 4)."""
    rank_sum: float
    """Sum over all groups of the fractional rank, left-out solutions included (see module)."""
    mean_rank: float
    """``rank_sum`` divided by the number of groups."""
    median_rank: float
    """Median of the same ranks that make up ``rank_sum``."""
    ranks: tuple[float | None, ...]
    """Per group, in the order of ``rankings``, the rank it gave; None when it left it out."""
    times_ranked: int
    """How many groups placed this solution."""
    spread: float | None
    """Worst minus best placed rank; None when no group placed it."""


def _median(values: Sequence[Fraction]) -> Fraction:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _rank_sums(profile: _Profile[Any, Any]) -> list[Fraction]:
    return [
        sum((_effective_rank(profile, g, item) for g in range(len(profile.groups))), Fraction(0))
        for item in range(profile.n)
    ]


def _tiers_by_score(scores: Sequence[Fraction]) -> list[list[int]]:
    """Item indices grouped by equal score, lowest score first, each tier in index order."""
    order = sorted(range(len(scores)), key=lambda item: (scores[item], item))
    tiers: list[list[int]] = []
    for item in order:
        if tiers and scores[tiers[-1][0]] == scores[item]:
            tiers[-1].append(item)
        else:
            tiers.append([item])
    return tiers


def rank_sum[S: Hashable, G: Hashable](
    rankings: Mapping[G, Ranking[S]], solutions: Sequence[S]
) -> tuple[RankSummary[S], ...]:
    """Every solution's ranks, sum, mean and median, best (lowest sum) first.

    Ties in the sum share a position and keep the order of ``solutions``.
    """
    profile = _profile(rankings, solutions)
    sums = _rank_sums(profile)
    groups = range(len(profile.groups))
    summaries: list[RankSummary[S]] = []
    place = 1
    for tier in _tiers_by_score(sums):
        for item in tier:
            placed = [
                _rank(*profile.placements[g][item])
                for g in groups
                if item in profile.placements[g]
            ]
            effective = [_effective_rank(profile, g, item) for g in groups]
            summaries.append(
                RankSummary(
                    solution=profile.solutions[item],
                    position=place,
                    rank_sum=float(sums[item]),
                    mean_rank=float(sums[item] / len(profile.groups)),
                    median_rank=float(_median(effective)),
                    ranks=tuple(
                        float(_rank(*profile.placements[g][item]))
                        if item in profile.placements[g]
                        else None
                        for g in groups
                    ),
                    times_ranked=len(placed),
                    spread=float(max(placed) - min(placed)) if placed else None,
                )
            )
        place += len(tier)
    return tuple(summaries)


def rank_sum_tiers[S: Hashable](summaries: Sequence[RankSummary[S]]) -> list[list[S]]:
    """The aggregate of ``rank_sum`` as a ranking: solutions with an equal sum share a tier."""
    tiers: list[list[S]] = []
    previous: int | None = None
    for summary in summaries:
        if summary.position == previous:
            tiers[-1].append(summary.solution)
        else:
            tiers.append([summary.solution])
        previous = summary.position
    return tiers


# --------------------------------------------------------------------------------------------
# Pairwise preferences and Kemeny–Young


@dataclass(frozen=True, slots=True)
class Pairwise[S: Hashable]:
    """How many groups placed one solution strictly above another."""

    solutions: tuple[S, ...]
    wins: tuple[tuple[int, ...], ...]
    """``wins[i][j]``: groups that placed solutions[i] in a better tier than solutions[j]."""

    def prefer(self, better: S, worse: S) -> int:
        """Number of groups that placed ``better`` strictly above ``worse``."""
        i, j = self.solutions.index(better), self.solutions.index(worse)
        return self.wins[i][j]


def _wins(profile: _Profile[Any, Any], unplaced: Unplaced) -> list[list[int]]:
    if unplaced not in ("no_opinion", "below"):
        raise ValueError(f"unplaced must be 'no_opinion' or 'below', not {unplaced!r}.")
    n = profile.n
    wins = [[0] * n for _ in range(n)]
    for placed in profile.placements:
        # Pairs placed in different tiers count; a tie says nothing about its pair.
        for a, (_, a_last) in placed.items():
            for b, (b_first, _) in placed.items():
                if a_last < b_first:
                    wins[a][b] += 1
            if unplaced == "below":
                for b in range(n):
                    if b not in placed:
                        wins[a][b] += 1
    return wins


def pairwise_preferences[S: Hashable, G: Hashable](
    rankings: Mapping[G, Ranking[S]],
    solutions: Sequence[S],
    *,
    unplaced: Unplaced = "no_opinion",
) -> Pairwise[S]:
    """The pairwise preference counts of all groups (the input of Kemeny–Young)."""
    profile = _profile(rankings, solutions)
    return Pairwise(profile.solutions, tuple(tuple(row) for row in _wins(profile, unplaced)))


@dataclass(frozen=True, slots=True)
class Consensus[S: Hashable]:
    """A consensus order of all solutions and how far it is from the groups' rankings."""

    order: tuple[S, ...]
    """All solutions, best first, without ties."""
    distance: int
    """Kemeny distance: (group, pair) combinations where the order contradicts the group."""
    lower_bound: int
    """No order can have a smaller distance (sum over pairs of the minority count)."""
    exact: bool
    """True when ``order`` is proven to have the smallest possible distance."""
    unique: bool | None
    """Whether it is the only order with that distance; None when not computed (heuristic)."""
    method: Literal["exact", "heuristic"]


def _distance(order: Sequence[int], wins: Sequence[Sequence[int]]) -> int:
    total = 0
    for position, a in enumerate(order):
        for b in order[position + 1 :]:
            total += wins[b][a]
    return total


def kemeny_distance[S: Hashable, G: Hashable](
    order: Sequence[S],
    rankings: Mapping[G, Ranking[S]],
    solutions: Sequence[S],
    *,
    unplaced: Unplaced = "no_opinion",
) -> int:
    """Kemeny distance of a strict order of all solutions to the groups' rankings.

    For every pair the order puts a before b, count the groups that placed b above a. Pairs a
    group tied count for nothing, and so do pairs it did not place both of (unless
    ``unplaced="below"``).
    """
    profile = _profile(rankings, solutions)
    index = {solution: i for i, solution in enumerate(profile.solutions)}
    if len(order) != profile.n or set(order) != set(index):
        raise ValueError("The order must contain every solution exactly once.")
    return _distance([index[solution] for solution in order], _wins(profile, unplaced))


def _lower_bound(wins: Sequence[Sequence[int]]) -> int:
    n = len(wins)
    return sum(min(wins[a][b], wins[b][a]) for a in range(n) for b in range(a + 1, n))


def _kemeny_exact(
    wins: Sequence[Sequence[int]], preference: Sequence[int]
) -> tuple[list[int], int, bool]:
    """Optimal order by dynamic programming over subsets, O(2^n·n).

    ``best[R]`` is the least distance of any order of the set R. Putting x first among R costs
    the groups that prefer any other member of R to x. Of all optimal orders, the one that
    follows ``preference`` as far as possible (lexicographically smallest) is returned.
    """
    n = len(wins)
    size = 1 << n
    best = [0] * size
    count = [0] * size
    count[0] = 1
    # against[R][x]: groups that prefer some member of R to x; built from R minus its lowest bit.
    against: list[list[int]] = [[0] * n] * size
    for subset in range(1, size):
        lowest = (subset & -subset).bit_length() - 1
        row = wins[lowest]
        here = [a + b for a, b in zip(against[subset ^ (1 << lowest)], row, strict=True)]
        against[subset] = here
        least = -1
        ways = 0
        for x in range(n):
            if not subset >> x & 1:
                continue
            cost = best[subset ^ (1 << x)] + here[x]
            if least < 0 or cost < least:
                least, ways = cost, count[subset ^ (1 << x)]
            elif cost == least:
                ways += count[subset ^ (1 << x)]
        best[subset] = least
        count[subset] = ways
    order: list[int] = []
    remaining = size - 1
    while remaining:
        for x in preference:
            if not remaining >> x & 1:
                continue
            if best[remaining ^ (1 << x)] + against[remaining][x] == best[remaining]:
                order.append(x)
                remaining ^= 1 << x
                break
    return order, best[size - 1], count[size - 1] == 1


def _improve(order: list[int], wins: Sequence[Sequence[int]]) -> list[int]:
    """Local search: move single solutions to the place that lowers the distance most.

    Moving x past y changes the distance by the difference of the two pairwise counts, so all
    places for x are scored in one sweep each way. Every accepted move lowers the (integer)
    distance, so the loop ends; the round bound is a second guard.
    """
    n = len(order)
    for _ in range(_LOCAL_SEARCH_ROUNDS):
        improved = False
        for start in range(n):
            x = order[start]
            best_delta, best_place = 0, start
            delta = 0
            for place in range(start + 1, n):  # x moves down, past order[place]
                y = order[place]
                delta += wins[x][y] - wins[y][x]
                if delta < best_delta:
                    best_delta, best_place = delta, place
            delta = 0
            for place in range(start - 1, -1, -1):  # x moves up, past order[place]
                y = order[place]
                delta += wins[y][x] - wins[x][y]
                if delta < best_delta:
                    best_delta, best_place = delta, place
            if best_place != start:
                order.insert(best_place, order.pop(start))
                improved = True
        if not improved:
            break
    return order


def _copeland_order(wins: Sequence[Sequence[int]], preference: Sequence[int]) -> list[int]:
    """Order by pairwise majority wins minus losses; ties follow ``preference``."""
    n = len(wins)
    rank_in_preference = {item: place for place, item in enumerate(preference)}
    score = [
        sum((wins[a][b] > wins[b][a]) - (wins[b][a] > wins[a][b]) for b in range(n))
        for a in range(n)
    ]
    return sorted(range(n), key=lambda item: (-score[item], rank_in_preference[item]))


def _starts(
    profile: _Profile[Any, Any], wins: Sequence[Sequence[int]], preference: Sequence[int]
) -> list[list[int]]:
    """Start orders for the local search: rank sums, Copeland, then each group's own ranking
    (ties and left-out solutions in rank-sum order), at most ``_MAX_STARTS``, no repeats."""
    place = {item: position for position, item in enumerate(preference)}
    candidates = [list(preference), _copeland_order(wins, preference)]
    for placed in profile.placements:
        candidates.append(
            sorted(range(profile.n), key=lambda i: (placed.get(i, (profile.n + 1,))[0], place[i]))
        )
    starts: list[list[int]] = []
    for candidate in candidates:
        if candidate not in starts:
            starts.append(candidate)
        if len(starts) == _MAX_STARTS:
            break
    return starts


def kemeny_consensus[S: Hashable, G: Hashable](
    rankings: Mapping[G, Ranking[S]],
    solutions: Sequence[S],
    *,
    exact_limit: int = EXACT_LIMIT,
    unplaced: Unplaced = "no_opinion",
) -> Consensus[S]:
    """The Kemeny–Young consensus: the order of all solutions that contradicts the fewest
    (group, pair) preferences.

    Exact (dynamic programming over subsets) for at most ``exact_limit`` solutions; above that a
    deterministic local search started from the rank-sum order, the Copeland order and each
    group's own ranking, and ``exact`` is True only when the result meets the lower bound.
    Where several orders are equally good, the one that follows the rank-sum order (then
    ``solutions``) longest is returned.
    """
    if not 0 <= exact_limit <= EXACT_HARD_LIMIT:
        raise ValueError(f"exact_limit must be between 0 and {EXACT_HARD_LIMIT}.")
    profile = _profile(rankings, solutions)
    wins = _wins(profile, unplaced)
    preference = [item for tier in _tiers_by_score(_rank_sums(profile)) for item in tier]
    bound = _lower_bound(wins)
    if profile.n <= exact_limit:
        order, distance, unique = _kemeny_exact(wins, preference)
        return Consensus(
            order=tuple(profile.solutions[i] for i in order),
            distance=distance,
            lower_bound=bound,
            exact=True,
            unique=unique,
            method="exact",
        )
    best_order: list[int] = []
    best_distance = -1
    for start in _starts(profile, wins, preference):
        candidate = _improve(list(start), wins)
        distance = _distance(candidate, wins)
        if best_distance < 0 or distance < best_distance:
            best_order, best_distance = candidate, distance
    return Consensus(
        order=tuple(profile.solutions[i] for i in best_order),
        distance=best_distance,
        lower_bound=bound,
        exact=best_distance == bound,
        unique=None,
        method="heuristic",
    )


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


def _split_at[S: Hashable](
    tiers: Sequence[Sequence[S]], size: int
) -> tuple[list[S], list[S], int]:
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


# --------------------------------------------------------------------------------------------
# Cost-effectiveness

type Amount = int | float | Decimal | Fraction


@dataclass(frozen=True, slots=True)
class CostEffectiveness:
    """Solving power per extra euro for one solution and one core problem (W10 tip).

    ``kind``:
      - ``"ratio"``: extra costs above zero; ``points_per_100k`` is percentage points of solving
        power per €100,000 of extra costs (0.0 when the solution solves nothing);
      - ``"dominant"``: it solves something at no extra cost or with net income; no ratio,
        because it beats any solution that costs money and solves as much;
      - ``"no_effect"``: it solves nothing and costs nothing (or brings income); no ratio;
      - ``"unknown"``: the solving power or the extra costs are missing; no ratio.
    """

    kind: Literal["ratio", "dominant", "no_effect", "unknown"]
    points_per_100k: float | None
    solving_power_pct: Fraction | None
    extra_cost_eur: Fraction | None


def _amount(value: Amount | None, name: str) -> Fraction | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, Fraction)):
        raise ValueError(f"The {name} must be a number, not {value!r}.")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"The {name} must be a finite number.")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"The {name} must be a finite number.")
    return Fraction(value)


def cost_effectiveness(
    solving_power_pct: Amount | None, extra_cost_eur: Amount | None
) -> CostEffectiveness:
    """Percentage points of solving power per €100,000 extra costs, without dividing by zero.

    METHODS.md example: 50 % for €100,000 gives 50.0; 100 % for €500,000 gives 20.0.
    Negative extra costs are net income. Solving power must lie between 0 and 100.
    """
    power = _amount(solving_power_pct, "solving power")
    cost = _amount(extra_cost_eur, "extra cost")
    if power is not None and not 0 <= power <= 100:
        raise ValueError(f"Solving power is a percentage from 0 to 100, not {float(power)}.")
    if power is None or cost is None:
        return CostEffectiveness("unknown", None, power, cost)
    if cost > 0:
        return CostEffectiveness("ratio", float(power * 100_000 / cost), power, cost)
    if power > 0:
        return CostEffectiveness("dominant", None, power, cost)
    return CostEffectiveness("no_effect", None, power, cost)


def cost_effectiveness_per_problem[P: Hashable](
    solving_power_pct: Mapping[P, Amount | None], extra_cost_eur: Amount | None
) -> dict[P, CostEffectiveness]:
    """``cost_effectiveness`` of one solution for each core problem, in the mapping's order."""
    return {
        problem: cost_effectiveness(power, extra_cost_eur)
        for problem, power in solving_power_pct.items()
    }


def cost_effectiveness_order[S: Hashable](
    results: Mapping[S, CostEffectiveness],
) -> tuple[S, ...]:
    """Most cost-effective first: dominant (more solving power, then lower cost, first), then
    by ratio, then no effect, then unknown; ties keep the mapping's order."""

    def key(entry: tuple[int, tuple[S, CostEffectiveness]]) -> tuple[int, Fraction, Fraction, int]:
        position, (_, result) = entry
        power = result.solving_power_pct or Fraction(0)
        cost = result.extra_cost_eur or Fraction(0)
        match result.kind:
            case "dominant":
                return (0, -power, cost, position)
            case "ratio":
                return (1, -power / cost, Fraction(0), position)
            case "no_effect":
                return (2, Fraction(0), Fraction(0), position)
            case _:
                return (3, Fraction(0), Fraction(0), position)

    return tuple(solution for _, (solution, _) in sorted(enumerate(results.items()), key=key))


# --------------------------------------------------------------------------------------------
# Everything for the pre-selection page at once


@dataclass(frozen=True, slots=True)
class Aggregate[S: Hashable, G: Hashable]:
    """The advisory aggregate shown next to the groups' rankings."""

    summaries: tuple[RankSummary[S], ...]
    tiers: tuple[tuple[S, ...], ...]
    """The rank-sum aggregate as a ranking (ties share a tier); the reference for the top."""
    consensus: Consensus[S]
    outliers: tuple[Outlier[S, G], ...]
    dropouts: tuple[Dropout[S, G], ...]
    """Outside the rank-sum top ``top_n``."""
    top_n: int
    consensus_agrees: bool
    """True when the Kemeny top ``top_n`` is also a rank-sum top (up to its ties)."""


def aggregate[S: Hashable, G: Hashable](
    rankings: Mapping[G, Ranking[S]],
    solutions: Sequence[S],
    *,
    top_n: int = TOP_N_MIN,
    exact_limit: int = EXACT_LIMIT,
    unplaced: Unplaced = "no_opinion",
) -> Aggregate[S, G]:
    """Rank sums, Kemeny consensus, outliers and dropouts of the groups' rankings."""
    _check_top_n(top_n)
    summaries = rank_sum(rankings, solutions)
    tiers = rank_sum_tiers(summaries)
    consensus = kemeny_consensus(
        rankings, solutions, exact_limit=exact_limit, unplaced=unplaced
    )
    keep = min(top_n, len(consensus.order))
    agrees = not departure(consensus.order[:keep], tiers).departs
    return Aggregate(
        summaries=summaries,
        tiers=tuple(tuple(tier) for tier in tiers),
        consensus=consensus,
        outliers=outliers(rankings, solutions),
        dropouts=dropouts(rankings, solutions, aggregate=tiers, top_n=top_n),
        top_n=top_n,
        consensus_agrees=agrees,
    )
