"""Table and property tests of the step-6 ranking maths (wijktafel/appraisals/ranking/): the sum
of ranks, pairwise preferences and the Kemeny–Young consensus."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.appraisals.ranking_orders import ABC, ABCD, ABCDE, order
from wijktafel.appraisals import ranking
from wijktafel.appraisals.ranking import (
    kemeny_consensus,
    kemeny_distance,
    pairwise_preferences,
    rank_sum,
    rank_sum_tiers,
    strict_order,
)

# --------------------------------------------------------------------------------------------
# Sum of ranks

RANK_SUM_CASES = [
    pytest.param(
        {"g1": order("a>b>c")},
        ABC,
        [("a", 1, 1.0, 1), ("b", 2, 2.0, 1), ("c", 3, 3.0, 1)],
        id="single-group",
    ),
    pytest.param(
        {"g1": order("a>b>c"), "g2": order("a>b>c"), "g3": order("a>b>c")},
        ABC,
        [("a", 1, 3.0, 3), ("b", 2, 6.0, 3), ("c", 3, 9.0, 3)],
        id="all-groups-identical",
    ),
    pytest.param(
        {"g1": order("a>b>c"), "g2": order("c>b>a")},
        ABC,
        [("a", 1, 4.0, 2), ("b", 1, 4.0, 2), ("c", 1, 4.0, 2)],
        id="reversed-all-equal",
    ),
    pytest.param(
        {"g1": order("a>b>c"), "g2": order("c>b>a")},
        ["c", "b", "a"],
        [("c", 1, 4.0, 2), ("b", 1, 4.0, 2), ("a", 1, 4.0, 2)],
        id="equal-scores-keep-solution-order",
    ),
    pytest.param(
        {"g1": order("a=b>c")},
        ABC,
        [("a", 1, 1.5, 1), ("b", 1, 1.5, 1), ("c", 3, 3.0, 1)],
        id="tie-gets-average-rank",
    ),
    pytest.param(
        {"g1": order("a>b=c=d")},
        ABCD,
        [("a", 1, 1.0, 1), ("b", 2, 3.0, 1), ("c", 2, 3.0, 1), ("d", 2, 3.0, 1)],
        id="three-way-tie-at-bottom",
    ),
    pytest.param(
        # g1 leaves c and d out: they tie for places 3 and 4 (3.5 each); g2 leaves b out (4).
        {"g1": order("a>b"), "g2": order("c>d>a")},
        ABCD,
        [("a", 1, 4.0, 2), ("c", 2, 4.5, 1), ("d", 3, 5.5, 1), ("b", 4, 6.0, 1)],
        id="groups-ranked-different-subsets",
    ),
    pytest.param(
        {"g1": order("b"), "g2": order("b")},
        ABC,
        [("b", 1, 2.0, 2), ("a", 2, 5.0, 0), ("c", 2, 5.0, 0)],
        id="solutions-nobody-ranked",
    ),
]


@pytest.mark.parametrize(("rankings", "solutions", "expected"), RANK_SUM_CASES)
def test_rank_sum_positions_sums_and_counts(rankings, solutions, expected):
    summaries = rank_sum(rankings, solutions)
    got = [(s.solution, s.position, s.rank_sum, s.times_ranked) for s in summaries]
    assert got == expected


def test_rank_sum_reports_ranks_per_group_mean_median_and_spread():
    summaries = {s.solution: s for s in rank_sum({"g1": order("a>b"), "g2": order("c>d>a")}, ABCD)}
    assert summaries["a"].ranks == (1.0, 3.0)
    assert (summaries["a"].mean_rank, summaries["a"].median_rank, summaries["a"].spread) == (
        2.0,
        2.0,
        2.0,
    )
    # b: placed 2nd by g1, left out by g2 (imputed 4 for the sum, None in ranks).
    assert summaries["b"].ranks == (2.0, None)
    assert (summaries["b"].rank_sum, summaries["b"].median_rank, summaries["b"].spread) == (
        6.0,
        3.0,
        0.0,
    )
    assert summaries["c"].ranks == (None, 1.0)
    assert summaries["c"].mean_rank == 2.25


def test_rank_sum_of_a_solution_nobody_placed_has_no_spread():
    summary = rank_sum({"g1": order("b")}, ABC)[-1]
    assert (summary.solution, summary.ranks, summary.times_ranked, summary.spread) == (
        "c",
        (None,),
        0,
        None,
    )


def test_rank_sum_tiers_group_equal_sums():
    summaries = rank_sum({"g1": order("a=b>c>d"), "g2": order("b=a>d>c")}, ABCD)
    assert rank_sum_tiers(summaries) == [["a", "b"], ["c", "d"]]


def test_strict_order_puts_every_solution_in_its_own_tier():
    assert strict_order("cab") == [["c"], ["a"], ["b"]]
    assert strict_order([]) == []


# --------------------------------------------------------------------------------------------
# Pairwise preferences


def test_pairwise_counts_only_pairs_a_group_separated():
    # g1 ties a and b; g2 leaves b out.
    pairs = pairwise_preferences({"g1": order("a=b>c"), "g2": order("c>a")}, ABC)
    assert pairs.wins == (
        (0, 0, 1),  # a over b (tied in g1, not compared in g2), a over c (g1)
        (0, 0, 1),  # b over c (g1)
        (1, 0, 0),  # c over a (g2); c over b not compared
    )
    assert pairs.prefer("c", "a") == 1
    assert pairs.prefer("c", "b") == 0


def test_pairwise_below_puts_every_placed_solution_over_the_left_out():
    pairs = pairwise_preferences({"g1": order("a=b>c"), "g2": order("c>a")}, ABC, unplaced="below")
    assert pairs.wins == ((0, 1, 1), (0, 0, 1), (1, 1, 0))


def test_pairwise_rejects_an_unknown_unplaced_convention():
    with pytest.raises(ValueError, match="unplaced must be"):
        pairwise_preferences({"g1": order("a>b")}, ABC, unplaced="bottom")


# --------------------------------------------------------------------------------------------
# Kemeny–Young

KEMENY_CASES = [
    pytest.param({"g1": order("c>a>b")}, ABC, ("c", "a", "b"), 0, True, id="single-group"),
    pytest.param(
        {"g1": order("b>c>a"), "g2": order("b>c>a"), "g3": order("b>c>a")},
        ABC,
        ("b", "c", "a"),
        0,
        True,
        id="all-groups-identical",
    ),
    pytest.param(
        # Every order contradicts one group on every pair: all six are optimal, and the
        # rank sums tie, so the order of the solutions decides.
        {"g1": order("a>b>c"), "g2": order("c>b>a")},
        ABC,
        ("a", "b", "c"),
        3,
        False,
        id="reversed-complete-disagreement",
    ),
    pytest.param(
        # Condorcet cycle a>b, b>c, c>a (2 to 1 each): the three rotations cost 4.
        {"g1": order("a>b>c"), "g2": order("b>c>a"), "g3": order("c>a>b")},
        ABC,
        ("a", "b", "c"),
        4,
        False,
        id="condorcet-cycle",
    ),
    pytest.param(
        # a is the Condorcet winner although b has the lower rank sum (5 against 6).
        {"g1": order("a>b>c>d"), "g2": order("a>b>c>d"), "g3": order("b>c>d>a")},
        ABCD,
        ("a", "b", "c", "d"),
        3,
        True,
        id="majority-winner-beats-rank-sum-winner",
    ),
    pytest.param(
        {"g1": order("a=b=c")},
        ABC,
        ("a", "b", "c"),
        0,
        False,
        id="one-tie-says-nothing",
    ),
    pytest.param(
        # g1: a>b; g2: c>a (b left out). Only c>a>b agrees with both.
        {"g1": order("a>b"), "g2": order("c>a")},
        ABC,
        ("c", "a", "b"),
        0,
        True,
        id="groups-ranked-different-subsets",
    ),
]


@pytest.mark.parametrize(("rankings", "solutions", "expected", "distance", "unique"), KEMENY_CASES)
def test_kemeny_exact_consensus(rankings, solutions, expected, distance, unique):
    consensus = kemeny_consensus(rankings, solutions)
    assert consensus.order == expected
    assert consensus.distance == distance
    assert consensus.unique is unique
    assert (consensus.exact, consensus.method) == (True, "exact")
    assert kemeny_distance(consensus.order, rankings, solutions) == distance


def test_kemeny_left_out_solutions_count_below_when_asked():
    rankings = {"g1": order("a>b"), "g2": order("c>a")}
    consensus = kemeny_consensus(rankings, ABC, unplaced="below")
    # Now g1 also prefers a and b to c, and g2 prefers c and a to b: three orders cost 2;
    # a>c>b follows the rank sums (a 3, c 4, b 5).
    assert (consensus.order, consensus.distance, consensus.unique) == (("a", "c", "b"), 2, False)


@pytest.mark.parametrize(
    ("candidate", "distance"),
    [
        pytest.param("abc", 4, id="rotation-1"),
        pytest.param("bca", 4, id="rotation-2"),
        pytest.param("cab", 4, id="rotation-3"),
        pytest.param("cba", 5, id="reverse"),
    ],
)
def test_kemeny_distance_of_orders_in_a_cycle(candidate, distance):
    rankings = {"g1": order("a>b>c"), "g2": order("b>c>a"), "g3": order("c>a>b")}
    assert kemeny_distance(list(candidate), rankings, ABC) == distance


@pytest.mark.parametrize(
    "candidate",
    [
        pytest.param(["a", "b"], id="missing"),
        pytest.param(["a", "b", "b"], id="repeat"),
        pytest.param(["a", "b", "z"], id="unknown"),
    ],
)
def test_kemeny_distance_rejects_an_order_that_is_not_a_permutation(candidate):
    with pytest.raises(ValueError, match="every solution exactly once"):
        kemeny_distance(candidate, {"g1": order("a>b>c")}, ABC)


def test_heuristic_for_many_solutions_finds_the_agreed_order():
    solutions = [f"s{i:02}" for i in range(20)]
    agreed = strict_order(reversed(solutions))
    consensus = kemeny_consensus({"g1": agreed, "g2": agreed, "g3": agreed}, solutions)
    assert consensus.method == "heuristic"
    assert consensus.order == tuple(reversed(solutions))
    assert (consensus.distance, consensus.lower_bound, consensus.exact) == (0, 0, True)
    assert consensus.unique is None


def test_heuristic_with_complete_disagreement_keeps_solution_order():
    solutions = [f"s{i:02}" for i in range(20)]
    rankings = {"up": strict_order(solutions), "down": strict_order(reversed(solutions))}
    consensus = kemeny_consensus(rankings, solutions)
    assert consensus.method == "heuristic"
    assert consensus.order == tuple(solutions)
    assert consensus.distance == consensus.lower_bound == 190  # one group against, 20·19/2 pairs
    assert consensus.exact is True


def test_heuristic_repairs_a_rank_sum_order_that_breaks_a_majority():
    # 13 solutions (above the exact limit); a wins every pair 2 to 1, but g3 puts it last, so
    # the rank sums put it fifth and the search must move it up.
    rest = [f"r{i:02}" for i in range(10)]
    solutions = ["a", "b", "c", *rest]
    rankings = {
        "g1": strict_order(["a", "b", "c", *rest]),
        "g2": strict_order(["a", "b", "c", *rest]),
        "g3": strict_order(["b", "c", *rest, "a"]),
    }
    assert [s.solution for s in rank_sum(rankings, solutions)][:5] == ["b", "c", "r00", "r01", "a"]
    consensus = kemeny_consensus(rankings, solutions)
    assert consensus.method == "heuristic"
    assert consensus.order == tuple(solutions)
    assert consensus.distance == consensus.lower_bound == 12
    assert consensus.exact is True


def test_heuristic_improves_on_every_start_order():
    # No start order (rank sums, any group's own ranking) reaches the optimum of 10 here;
    # only moving solutions one at a time does.
    rankings = {"g1": order("b>e>a>c>d"), "g2": order("d>b>a>c>e"), "g3": order("a>d>e>c>b")}
    starts = [[s.solution for s in rank_sum(rankings, ABCDE)]]
    starts += [[tier[0] for tier in ranked] for ranked in rankings.values()]
    assert min(kemeny_distance(start, rankings, ABCDE) for start in starts) > 10
    assert kemeny_consensus(rankings, ABCDE).distance == 10
    heuristic = kemeny_consensus(rankings, ABCDE, exact_limit=0)
    assert (heuristic.order, heuristic.distance) == (("b", "a", "d", "e", "c"), 10)


@pytest.mark.parametrize("limit", [-1, ranking.EXACT_HARD_LIMIT + 1])
def test_kemeny_refuses_an_exact_limit_out_of_bounds(limit):
    with pytest.raises(ValueError, match="exact_limit must be between"):
        kemeny_consensus({"g1": order("a>b")}, ABC, exact_limit=limit)


@st.composite
def profiles(draw, max_solutions=6, max_groups=5):
    """Rankings of up to 6 solutions by 1–5 groups, each a prefix of a permutation with ties."""
    n = draw(st.integers(1, max_solutions))
    solutions = list(range(n))
    rankings = {}
    for group in range(draw(st.integers(1, max_groups))):
        permutation = draw(st.permutations(solutions))
        placed = permutation[: draw(st.integers(1, n))]
        ties = draw(st.lists(st.booleans(), min_size=len(placed), max_size=len(placed)))
        tiers: list[list[int]] = []
        for solution, tie in zip(placed, ties, strict=True):
            if tiers and tie:
                tiers[-1].append(solution)
            else:
                tiers.append([solution])
        rankings[f"g{group}"] = tiers
    return rankings, solutions


def brute_force(rankings, solutions, unplaced):
    """Every permutation with its Kemeny distance, in lexicographic order of ``preference``."""
    preference = [s.solution for s in rank_sum(rankings, solutions)]
    wins = pairwise_preferences(rankings, solutions, unplaced=unplaced).wins
    scored = []
    for permutation in itertools.permutations(preference):
        distance = sum(wins[b][a] for i, a in enumerate(permutation) for b in permutation[i + 1 :])
        scored.append((distance, permutation))
    return scored


@settings(max_examples=400)
@given(profiles(), st.sampled_from(["no_opinion", "below"]))
def test_exact_kemeny_equals_brute_force_minimum(profile, unplaced):
    rankings, solutions = profile
    consensus = kemeny_consensus(rankings, solutions, unplaced=unplaced)
    scored = brute_force(rankings, solutions, unplaced)
    least = min(distance for distance, _ in scored)
    optimal = [permutation for distance, permutation in scored if distance == least]
    assert consensus.distance == least
    assert consensus.unique is (len(optimal) == 1)
    # The tie-break: of all optimal orders, the first in rank-sum (then solution) order.
    assert consensus.order == optimal[0]
    assert consensus.lower_bound <= least
    assert kemeny_distance(consensus.order, rankings, solutions, unplaced=unplaced) == least


@settings(max_examples=400)
@given(profiles(), st.sampled_from(["no_opinion", "below"]))
def test_heuristic_never_beats_exact_and_returns_a_permutation(profile, unplaced):
    rankings, solutions = profile
    exact = kemeny_consensus(rankings, solutions, unplaced=unplaced)
    heuristic = kemeny_consensus(rankings, solutions, exact_limit=0, unplaced=unplaced)
    assert sorted(heuristic.order) == solutions
    assert heuristic.method == "heuristic"
    assert heuristic.distance >= exact.distance
    assert heuristic.distance == kemeny_distance(
        heuristic.order, rankings, solutions, unplaced=unplaced
    )
    assert heuristic.exact is (heuristic.distance == heuristic.lower_bound)


@settings(max_examples=200)
@given(profiles(max_solutions=8))
def test_results_do_not_depend_on_group_order(profile):
    rankings, solutions = profile
    backwards = dict(reversed(list(rankings.items())))
    assert kemeny_consensus(rankings, solutions) == kemeny_consensus(backwards, solutions)
    forward = rank_sum(rankings, solutions)
    reverse = rank_sum(backwards, solutions)
    assert [(s.solution, s.position, s.rank_sum) for s in forward] == [
        (s.solution, s.position, s.rank_sum) for s in reverse
    ]
    assert [s.ranks for s in forward] == [tuple(reversed(s.ranks)) for s in reverse]


@settings(max_examples=200)
@given(profiles(max_solutions=8))
def test_every_group_adds_the_same_total_of_ranks(profile):
    rankings, solutions = profile
    n = len(solutions)
    summaries = rank_sum(rankings, solutions)
    assert sum(s.rank_sum for s in summaries) == len(rankings) * n * (n + 1) / 2
    assert [s.rank_sum for s in summaries] == sorted(s.rank_sum for s in summaries)
