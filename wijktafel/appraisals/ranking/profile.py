"""Checked input of the ranking maths: the solutions, and per group the places each
placed solution covers."""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

type Ranking[S] = Sequence[Sequence[S]]
"""Tiers of solution ids, best first; every tier non-empty, no id twice."""

MAX_SOLUTIONS = 50
"""Upper bound on the number of solutions, so every computation here stays small and bounded."""


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
