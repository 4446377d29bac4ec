"""Everything for the pre-selection page at once: rank sums, consensus, outliers and
dropouts."""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from .kemeny import EXACT_LIMIT, Consensus, Unplaced, kemeny_consensus
from .profile import Ranking
from .review import TOP_N_MIN, Dropout, Outlier, _check_top_n, departure, dropouts, outliers
from .sums import RankSummary, rank_sum, rank_sum_tiers

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
    consensus = kemeny_consensus(rankings, solutions, exact_limit=exact_limit, unplaced=unplaced)
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
