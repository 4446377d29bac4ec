"""Ranking and aggregation maths for step 6 of Afwegen in de Wijk (pre-selection).

Pure functions: plain values in, frozen dataclasses out; no Django, no I/O, no randomness.
The method (docs/methods.md §3.4 step 6) lets each group lay the solution cards out best first and
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

One module per part: ``profile`` (checked input), ``sums`` (sum of ranks), ``kemeny``
(pairwise preferences, Kemeny–Young), ``review`` (outliers, dropouts, departure), ``cost``
(cost-effectiveness) and ``preselection`` (``aggregate``: everything at once).
"""

from .cost import (
    Amount,
    CostEffectiveness,
    cost_effectiveness,
    cost_effectiveness_order,
    cost_effectiveness_per_problem,
)
from .kemeny import (
    EXACT_HARD_LIMIT,
    EXACT_LIMIT,
    Consensus,
    Pairwise,
    Unplaced,
    kemeny_consensus,
    kemeny_distance,
    pairwise_preferences,
)
from .preselection import Aggregate, aggregate
from .profile import MAX_SOLUTIONS, Ranking, strict_order
from .review import (
    OUTLIER_BAND,
    TOP_N_MAX,
    TOP_N_MIN,
    Departure,
    Dropout,
    Outlier,
    departure,
    dropouts,
    outliers,
)
from .sums import RankSummary, rank_sum, rank_sum_tiers

__all__ = [
    "EXACT_HARD_LIMIT",
    "EXACT_LIMIT",
    "MAX_SOLUTIONS",
    "OUTLIER_BAND",
    "TOP_N_MAX",
    "TOP_N_MIN",
    "Aggregate",
    "Amount",
    "Consensus",
    "CostEffectiveness",
    "Departure",
    "Dropout",
    "Outlier",
    "Pairwise",
    "RankSummary",
    "Ranking",
    "Unplaced",
    "aggregate",
    "cost_effectiveness",
    "cost_effectiveness_order",
    "cost_effectiveness_per_problem",
    "departure",
    "dropouts",
    "kemeny_consensus",
    "kemeny_distance",
    "outliers",
    "pairwise_preferences",
    "rank_sum",
    "rank_sum_tiers",
    "strict_order",
]
