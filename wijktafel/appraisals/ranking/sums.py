"""The sum of ranks: every solution's ranks, sum, mean and median, best first."""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .profile import Ranking, _effective_rank, _Profile, _profile, _rank

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
                _rank(*profile.placements[g][item]) for g in groups if item in profile.placements[g]
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
