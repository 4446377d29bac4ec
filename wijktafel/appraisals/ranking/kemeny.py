"""Pairwise preferences and the Kemeny–Young consensus (exact up to ``EXACT_LIMIT``
solutions, a deterministic local search above)."""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .profile import Ranking, _Profile, _profile
from .sums import _rank_sums, _tiers_by_score

EXACT_LIMIT = 12
"""Kemeny–Young is exact up to this many solutions (2^n·n steps), a heuristic above."""

EXACT_HARD_LIMIT = 14
"""The largest ``exact_limit`` a caller may ask for (2^14·14 steps, about a third of a second)."""

type Unplaced = Literal["no_opinion", "below"]
"""What a group's ranking says about a solution it left out, for pairwise counts."""

_LOCAL_SEARCH_ROUNDS = 200
"""Bound on improvement rounds of the heuristic; each round is O(n²) and must improve."""

_MAX_STARTS = 12
"""Bound on start orders for the heuristic (see ``_starts``)."""


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
