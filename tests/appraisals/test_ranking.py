"""Table and property tests of the step-6 ranking maths (wijktafel/appraisals/ranking.py)."""

import itertools
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijktafel.appraisals import ranking
from wijktafel.appraisals.ranking import (
    CostEffectiveness,
    Departure,
    Dropout,
    Outlier,
    aggregate,
    cost_effectiveness,
    cost_effectiveness_order,
    cost_effectiveness_per_problem,
    departure,
    dropouts,
    kemeny_consensus,
    kemeny_distance,
    outliers,
    pairwise_preferences,
    rank_sum,
    rank_sum_tiers,
    strict_order,
)


def order(text: str) -> list[list[str]]:
    """'a>b=c>d' → [['a'], ['b', 'c'], ['d']]: '>' separates tiers, '=' ties."""
    return [tier.split("=") for tier in text.split(">")]


ABC = ["a", "b", "c"]
ABCD = ["a", "b", "c", "d"]
ABCDE = ["a", "b", "c", "d", "e"]

# --------------------------------------------------------------------------------------------
# Sum of ranks

RANK_SUM_CASES = [
    pytest.param(
        {"g1": order("a>b>c")}, ABC,
        [("a", 1, 1.0, 1), ("b", 2, 2.0, 1), ("c", 3, 3.0, 1)],
        id="single-group",
    ),
    pytest.param(
        {"g1": order("a>b>c"), "g2": order("a>b>c"), "g3": order("a>b>c")}, ABC,
        [("a", 1, 3.0, 3), ("b", 2, 6.0, 3), ("c", 3, 9.0, 3)],
        id="all-groups-identical",
    ),
    pytest.param(
        {"g1": order("a>b>c"), "g2": order("c>b>a")}, ABC,
        [("a", 1, 4.0, 2), ("b", 1, 4.0, 2), ("c", 1, 4.0, 2)],
        id="reversed-all-equal",
    ),
    pytest.param(
        {"g1": order("a>b>c"), "g2": order("c>b>a")}, ["c", "b", "a"],
        [("c", 1, 4.0, 2), ("b", 1, 4.0, 2), ("a", 1, 4.0, 2)],
        id="equal-scores-keep-solution-order",
    ),
    pytest.param(
        {"g1": order("a=b>c")}, ABC,
        [("a", 1, 1.5, 1), ("b", 1, 1.5, 1), ("c", 3, 3.0, 1)],
        id="tie-gets-average-rank",
    ),
    pytest.param(
        {"g1": order("a>b=c=d")}, ABCD,
        [("a", 1, 1.0, 1), ("b", 2, 3.0, 1), ("c", 2, 3.0, 1), ("d", 2, 3.0, 1)],
        id="three-way-tie-at-bottom",
    ),
    pytest.param(
        # g1 leaves c and d out: they tie for places 3 and 4 (3.5 each); g2 leaves b out (4).
        {"g1": order("a>b"), "g2": order("c>d>a")}, ABCD,
        [("a", 1, 4.0, 2), ("c", 2, 4.5, 1), ("d", 3, 5.5, 1), ("b", 4, 6.0, 1)],
        id="groups-ranked-different-subsets",
    ),
    pytest.param(
        {"g1": order("b"), "g2": order("b")}, ABC,
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
        2.0, 2.0, 2.0,
    )
    # b: placed 2nd by g1, left out by g2 (imputed 4 for the sum, None in ranks).
    assert summaries["b"].ranks == (2.0, None)
    assert (summaries["b"].rank_sum, summaries["b"].median_rank, summaries["b"].spread) == (
        6.0, 3.0, 0.0,
    )
    assert summaries["c"].ranks == (None, 1.0)
    assert summaries["c"].mean_rank == 2.25


def test_rank_sum_of_a_solution_nobody_placed_has_no_spread():
    summary = rank_sum({"g1": order("b")}, ABC)[-1]
    assert (summary.solution, summary.ranks, summary.times_ranked, summary.spread) == (
        "c", (None,), 0, None,
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
    pairs = pairwise_preferences(
        {"g1": order("a=b>c"), "g2": order("c>a")}, ABC, unplaced="below"
    )
    assert pairs.wins == ((0, 1, 1), (0, 0, 1), (1, 1, 0))


def test_pairwise_rejects_an_unknown_unplaced_convention():
    with pytest.raises(ValueError, match="unplaced must be"):
        pairwise_preferences({"g1": order("a>b")}, ABC, unplaced="bottom")


# --------------------------------------------------------------------------------------------
# Kemeny–Young

KEMENY_CASES = [
    pytest.param({"g1": order("c>a>b")}, ABC, ("c", "a", "b"), 0, True, id="single-group"),
    pytest.param(
        {"g1": order("b>c>a"), "g2": order("b>c>a"), "g3": order("b>c>a")}, ABC,
        ("b", "c", "a"), 0, True,
        id="all-groups-identical",
    ),
    pytest.param(
        # Every order contradicts one group on every pair: all six are optimal, and the
        # rank sums tie, so the order of the solutions decides.
        {"g1": order("a>b>c"), "g2": order("c>b>a")}, ABC, ("a", "b", "c"), 3, False,
        id="reversed-complete-disagreement",
    ),
    pytest.param(
        # Condorcet cycle a>b, b>c, c>a (2 to 1 each): the three rotations cost 4.
        {"g1": order("a>b>c"), "g2": order("b>c>a"), "g3": order("c>a>b")}, ABC,
        ("a", "b", "c"), 4, False,
        id="condorcet-cycle",
    ),
    pytest.param(
        # a is the Condorcet winner although b has the lower rank sum (5 against 6).
        {"g1": order("a>b>c>d"), "g2": order("a>b>c>d"), "g3": order("b>c>d>a")}, ABCD,
        ("a", "b", "c", "d"), 3, True,
        id="majority-winner-beats-rank-sum-winner",
    ),
    pytest.param(
        {"g1": order("a=b=c")}, ABC, ("a", "b", "c"), 0, False,
        id="one-tie-says-nothing",
    ),
    pytest.param(
        # g1: a>b; g2: c>a (b left out). Only c>a>b agrees with both.
        {"g1": order("a>b"), "g2": order("c>a")}, ABC, ("c", "a", "b"), 0, True,
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
    [pytest.param(["a", "b"], id="missing"), pytest.param(["a", "b", "b"], id="repeat"),
     pytest.param(["a", "b", "z"], id="unknown")],
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
        distance = sum(
            wins[b][a] for i, a in enumerate(permutation) for b in permutation[i + 1 :]
        )
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


# --------------------------------------------------------------------------------------------
# Outliers


def nine_with(solution: str, place: int) -> list[list[str]]:
    """A strict ranking of x and eight others with ``solution`` at ``place`` (1-based)."""
    others = [f"o{i}" for i in range(8)]
    return strict_order([*others[: place - 1], solution, *others[place - 1 :]])


NINE = ["x", *(f"o{i}" for i in range(8))]

OUTLIER_CASES = [
    pytest.param(
        {"g1": order("a>b>c"), "g2": order("c>b>a")}, ABC,
        (Outlier("a", ("g1",), ("g2",)), Outlier("c", ("g2",), ("g1",))),
        id="reversed",
    ),
    pytest.param(
        {"g1": order("a>b>c"), "g2": order("a>b>c")}, ABC, (), id="all-groups-identical",
    ),
    pytest.param({"g1": order("a>b>c")}, ABC, (), id="single-group"),
    pytest.param({"g1": order("a"), "g2": order("a")}, ["a"], (), id="single-solution"),
    pytest.param(
        {"g1": order("a=b=c"), "g2": order("a>b>c")}, ABC, (), id="tie-of-all-is-not-top",
    ),
    pytest.param(
        {"g1": order("a>b>c"), "g2": order("b>c")}, ABC, (), id="left-out-is-not-bottom",
    ),
    pytest.param(
        {"g1": order("a>b>c"), "g2": order("b>c>a")}, ABC,
        (Outlier("a", ("g1",), ("g2",)),),
        id="placed-last-is-bottom",
    ),
    pytest.param(
        # n = 4: top is rank ≤ 5/3 (a tie for 1–2 counts), bottom is rank ≥ 10/3.
        {"g1": order("a=b>c>d"), "g2": order("c>d>b>a")}, ABCD,
        (Outlier("a", ("g1",), ("g2",)),),
        id="tie-for-first-is-top",
    ),
    pytest.param(
        {"g1": nine_with("x", 3), "g2": nine_with("x", 7), "g3": nine_with("x", 1)}, NINE,
        (Outlier("x", ("g1", "g3"), ("g2",)),),
        id="nine-third-place-top-seventh-bottom",
    ),
    pytest.param(
        {"g1": nine_with("x", 4), "g2": nine_with("x", 6)}, NINE, (),
        id="nine-fourth-and-sixth-are-middle",
    ),
]


@pytest.mark.parametrize(("rankings", "solutions", "expected"), OUTLIER_CASES)
def test_outliers(rankings, solutions, expected):
    assert outliers(rankings, solutions) == expected


def test_outliers_with_a_wider_band():
    rankings = {"g1": nine_with("x", 4), "g2": nine_with("x", 6)}
    assert outliers(rankings, NINE, band=Fraction(2, 5)) == (Outlier("x", ("g1",), ("g2",)),)


@pytest.mark.parametrize("band", [Fraction(0), Fraction(1, 2), Fraction(-1, 3)])
def test_outliers_refuse_a_band_that_overlaps_or_is_empty(band):
    with pytest.raises(ValueError, match="outlier band"):
        outliers({"g1": order("a>b>c")}, ABC, band=band)


# --------------------------------------------------------------------------------------------
# Dropouts

TWO_GROUPS = {"g1": order("a>b>c>d>e"), "g2": order("d>a>b>c>e")}

DROPOUT_CASES = [
    pytest.param(
        TWO_GROUPS, order("a>b>c>d>e"), 3,
        (Dropout("d", 4, False, ("g2",)), Dropout("e", 5, False, ())),
        id="outside-top-three-with-the-group-that-had-it-high",
    ),
    pytest.param(
        TWO_GROUPS, order("a>b>c=d>e"), 3,
        (Dropout("c", 3, True, ("g1",)), Dropout("d", 3, True, ("g2",)),
         Dropout("e", 5, False, ())),
        id="tie-across-the-cut",
    ),
    pytest.param(
        TWO_GROUPS, order("a>b>c>d>e"), 4, (Dropout("e", 5, False, ()),), id="top-four",
    ),
    pytest.param(TWO_GROUPS, order("a>b>c>d>e"), 5, (), id="top-five-keeps-all-five"),
    pytest.param(
        {"g1": order("a>b>c")}, order("a>b>c"), 3, (), id="fewer-solutions-than-the-top",
    ),
    pytest.param(
        # Review an actual selection: the chosen tier, then the rest.
        TWO_GROUPS, [["a", "c", "e"], ["b", "d"]], 3,
        (Dropout("b", 4, False, ("g1", "g2")), Dropout("d", 4, False, ("g2",))),
        id="review-a-chosen-selection",
    ),
    pytest.param(
        # g3 ties d with c across its own top three: that still counts as high.
        {**TWO_GROUPS, "g3": order("a>b>c=d")}, order("a>b>c>d>e"), 3,
        (Dropout("d", 4, False, ("g2", "g3")), Dropout("e", 5, False, ())),
        id="group-tie-across-its-top-counts-high",
    ),
]


@pytest.mark.parametrize(("rankings", "aggregate_order", "top_n", "expected"), DROPOUT_CASES)
def test_dropouts(rankings, aggregate_order, top_n, expected):
    solutions = sorted({s for tier in aggregate_order for s in tier})
    assert dropouts(rankings, solutions, aggregate=aggregate_order, top_n=top_n) == expected


@pytest.mark.parametrize("top_n", [2, 6, True, 3.0])
def test_dropouts_refuse_a_top_outside_three_to_five(top_n):
    with pytest.raises(ValueError, match="top selection"):
        dropouts(TWO_GROUPS, ABCDE, aggregate=order("a>b>c>d>e"), top_n=top_n)


@pytest.mark.parametrize(
    ("aggregate_order", "message"),
    [
        pytest.param(order("a>b>c>d"), "leaves out solutions \\['e'\\]", id="missing"),
        pytest.param(order("a>b>c>d>e>z"), "unknown solution 'z'", id="unknown"),
        pytest.param(order("a>b>c>d>e>a"), "ranked solution 'a' twice", id="twice"),
        pytest.param(["a", "b", "c", "d", "e"], "aggregate must be a list of tiers", id="flat"),
    ],
)
def test_dropouts_refuse_an_aggregate_that_is_not_a_full_order(aggregate_order, message):
    with pytest.raises(ValueError, match=message):
        dropouts(TWO_GROUPS, ABCDE, aggregate=aggregate_order, top_n=3)


# --------------------------------------------------------------------------------------------
# Departure from the aggregate

DEPARTURE_CASES = [
    pytest.param(["c", "a", "b"], order("a>b>c>d"), Departure(False, (), ()),
                 id="same-top-other-order"),
    pytest.param(["a", "b", "d"], order("a>b>c>d"), Departure(True, ("d",), ("c",)),
                 id="swaps-third-and-fourth"),
    pytest.param(["a", "b", "d"], order("a>b>c=d>e"), Departure(False, (), ()),
                 id="either-member-of-a-tie-across-the-cut"),
    pytest.param(["a", "b", "e"], order("a>b>c=d>e"), Departure(True, ("e",), ("c", "d")),
                 id="neither-member-of-a-tie-across-the-cut"),
    pytest.param(["c", "d", "e"], order("a>b>c=d>e"),
                 Departure(True, ("e",), ("a", "b")),
                 id="tie-filled-but-the-top-left-out"),
    pytest.param(["d", "b", "a"], [ABCD], Departure(False, (), ()), id="all-tied"),
    pytest.param(ABCD, order("d>c>b>a"), Departure(False, (), ()), id="everything-chosen"),
    pytest.param(["d", "c", "b"], order("a>b>c>d"), Departure(True, ("d",), ("a",)),
                 id="reversed"),
]


@pytest.mark.parametrize(("selected", "aggregate_order", "expected"), DEPARTURE_CASES)
def test_departure(selected, aggregate_order, expected):
    assert departure(selected, aggregate_order) == expected


@pytest.mark.parametrize(
    ("selected", "message"),
    [
        pytest.param([], "selection is empty", id="empty"),
        pytest.param(["a", "a", "b"], "solution twice", id="twice"),
        pytest.param(["a", "b", "z"], "unknown solutions \\['z'\\]", id="unknown"),
        pytest.param("abc", "must be a list", id="string"),
        pytest.param([["a"], "b"], "not hashable", id="unhashable"),
    ],
)
def test_departure_refuses_a_bad_selection(selected, message):
    with pytest.raises(ValueError, match=message):
        departure(selected, order("a>b>c>d"))


def test_departure_refuses_an_aggregate_with_a_solution_twice():
    with pytest.raises(ValueError, match="ranked solution 'a' twice"):
        departure(["a"], order("a>b>a"))


# --------------------------------------------------------------------------------------------
# Cost-effectiveness

COST_CASES = [
    pytest.param(50, 100_000, "ratio", 50.0, id="methods-example-x"),
    pytest.param(100, 500_000, "ratio", 20.0, id="methods-example-y"),
    pytest.param(0, 250_000, "ratio", 0.0, id="costs-money-solves-nothing"),
    pytest.param(12.5, 50_000, "ratio", 25.0, id="float-percentage"),
    pytest.param(75, Decimal("250000.00"), "ratio", 30.0, id="decimal-costs"),
    pytest.param(1, Decimal("0.01"), "ratio", 10_000_000.0, id="one-cent-costs"),
    pytest.param(30, 0, "dominant", None, id="zero-costs"),
    pytest.param(30, -20_000, "dominant", None, id="negative-costs-net-income"),
    pytest.param(0, 0, "no_effect", None, id="zero-costs-zero-effect"),
    pytest.param(0, -5_000, "no_effect", None, id="income-but-no-effect"),
    pytest.param(40, None, "unknown", None, id="missing-costs"),
    pytest.param(None, 100_000, "unknown", None, id="missing-solving-power"),
    pytest.param(None, None, "unknown", None, id="both-missing"),
]


@pytest.mark.parametrize(("power", "cost", "kind", "ratio"), COST_CASES)
def test_cost_effectiveness(power, cost, kind, ratio):
    result = cost_effectiveness(power, cost)
    assert (result.kind, result.points_per_100k) == (kind, ratio)
    assert result.solving_power_pct == (None if power is None else Fraction(power))
    assert result.extra_cost_eur == (None if cost is None else Fraction(cost))


@pytest.mark.parametrize(
    ("power", "cost", "message"),
    [
        pytest.param(101, 1_000, "from 0 to 100", id="above-100"),
        pytest.param(-1, 1_000, "from 0 to 100", id="negative-power"),
        pytest.param(math.nan, 1_000, "finite", id="nan-power"),
        pytest.param(50, math.inf, "finite", id="infinite-costs"),
        pytest.param(50, Decimal("NaN"), "finite", id="decimal-nan-costs"),
        pytest.param("50", 1_000, "must be a number", id="text-power"),
        pytest.param(50, True, "must be a number", id="bool-costs"),
    ],
)
def test_cost_effectiveness_refuses_bad_numbers(power, cost, message):
    with pytest.raises(ValueError, match=message):
        cost_effectiveness(power, cost)


def test_cost_effectiveness_per_core_problem():
    assert cost_effectiveness_per_problem({"p1": 50, "p2": None, "p3": 0}, 100_000) == {
        "p1": CostEffectiveness("ratio", 50.0, Fraction(50), Fraction(100_000)),
        "p2": CostEffectiveness("unknown", None, None, Fraction(100_000)),
        "p3": CostEffectiveness("ratio", 0.0, Fraction(0), Fraction(100_000)),
    }


def test_cost_effectiveness_order_puts_dominant_first_and_unknown_last():
    results = {
        "unknown": cost_effectiveness(90, None),
        "ratio-20": cost_effectiveness(100, 500_000),
        "nothing": cost_effectiveness(0, 0),
        "ratio-50": cost_effectiveness(50, 100_000),
        "dominant-10": cost_effectiveness(10, 0),
        "ratio-0": cost_effectiveness(0, 10_000),
        "dominant-80": cost_effectiveness(80, -5_000),
        "dominant-80-cheaper": cost_effectiveness(80, -9_000),
        "also-ratio-50": cost_effectiveness(25, 50_000),
    }
    assert cost_effectiveness_order(results) == (
        "dominant-80-cheaper", "dominant-80", "dominant-10",
        "ratio-50", "also-ratio-50", "ratio-20", "ratio-0",
        "nothing", "unknown",
    )


# --------------------------------------------------------------------------------------------
# Everything at once


def test_aggregate_with_a_partial_ranking():
    # g1 ties b and c and leaves e out; g3 placed only b and a.
    rankings = {"g1": order("a>b=c>d"), "g2": order("e>d>c>b>a"), "g3": order("b>a")}
    result = aggregate(rankings, ABCDE, top_n=3)
    assert [(s.solution, s.rank_sum) for s in result.summaries] == [
        ("b", 7.5), ("a", 8.0), ("c", 9.5), ("d", 10.0), ("e", 10.0),
    ]
    assert result.tiers == (("b",), ("a",), ("c",), ("d", "e"))
    # Only g2 compared e with anything, and it put e first: nobody contradicts e on top.
    assert result.consensus.order == ("e", "c", "b", "a", "d")
    assert (result.consensus.distance, result.consensus.lower_bound) == (5, 5)
    assert result.consensus.unique is False  # d fits anywhere after e
    assert result.outliers == (
        Outlier("a", ("g1", "g3"), ("g2",)),
        Outlier("b", ("g3",), ("g2",)),
        Outlier("d", ("g2",), ("g1",)),
    )
    assert result.dropouts == (Dropout("d", 4, False, ("g2",)), Dropout("e", 4, False, ("g2",)))
    assert result.consensus_agrees is False


def test_aggregate_counting_left_out_solutions_below_agrees_with_the_rank_sum():
    rankings = {"g1": order("a>b=c>d"), "g2": order("e>d>c>b>a"), "g3": order("b>a")}
    result = aggregate(rankings, ABCDE, top_n=3, unplaced="below")
    assert result.consensus.order == ("b", "a", "c", "d", "e")
    assert (result.consensus.distance, result.consensus.lower_bound) == (10, 10)
    assert result.consensus_agrees is True


def test_aggregate_with_fewer_solutions_than_the_top():
    result = aggregate({"g1": order("b>a")}, ["a", "b"], top_n=3)
    assert result.consensus.order == ("b", "a")
    assert (result.dropouts, result.consensus_agrees) == ((), True)


def test_aggregate_is_deterministic():
    rankings = {"g1": order("a>b=c>d"), "g2": order("e>d>c>b>a"), "g3": order("b>a")}
    assert aggregate(rankings, ABCDE) == aggregate(rankings, ABCDE)


# --------------------------------------------------------------------------------------------
# Bad input, for every function that takes rankings

ENTRY_POINTS = [
    pytest.param(rank_sum, id="rank_sum"),
    pytest.param(pairwise_preferences, id="pairwise"),
    pytest.param(kemeny_consensus, id="kemeny"),
    pytest.param(outliers, id="outliers"),
    pytest.param(aggregate, id="aggregate"),
    pytest.param(
        lambda rankings, solutions: dropouts(
            rankings, solutions, aggregate=[list(solutions)], top_n=3
        ),
        id="dropouts",
    ),
]

BAD_INPUT = [
    pytest.param({"g1": order("a>b")}, [], "no solutions to rank", id="no-solutions"),
    pytest.param({}, ABC, "no rankings to aggregate", id="no-rankings"),
    pytest.param({"g1": order("a>z")}, ABC, "Group 'g1' ranked an unknown solution 'z'",
                 id="unknown-id"),
    pytest.param({"g1": order("a>b>a")}, ABC, "Group 'g1' ranked solution 'a' twice",
                 id="duplicate-across-tiers"),
    pytest.param({"g1": order("a=a")}, ABC, "Group 'g1' ranked solution 'a' twice",
                 id="duplicate-in-a-tier"),
    pytest.param({"g1": order("a")}, ["a", "b", "a"], "'a' appears twice in the list",
                 id="duplicate-solution"),
    pytest.param({"g1": order("a"), "g2": []}, ABC, "Group 'g2' ranked no solutions",
                 id="empty-ranking"),
    pytest.param({"g1": [["a"], []]}, ABC, "Group 'g1': tier 2 is empty", id="empty-tier"),
    pytest.param({"g1": ["a", "b"]}, ABC, "tier 1 is not a list", id="flat-list-of-strings"),
    pytest.param({1: [1, 2]}, [1, 2], "Group 1: tier 1 is not a list", id="flat-list-of-ints"),
    pytest.param({"g1": "a>b"}, ABC, "must be a list of tiers", id="ranking-is-text"),
    pytest.param({"g1": [[["a"]]]}, ABC, "\\['a'\\] is not a solution id", id="unhashable-id"),
    pytest.param([("g1", order("a"))], ABC, "must map each group", id="rankings-not-a-mapping"),
    pytest.param({"g1": order("a")}, "abc", "must be a list of solution ids",
                 id="solutions-is-text"),
    pytest.param({"g1": [[0]]}, list(range(51)), "Too many solutions: 51", id="too-many"),
]


@pytest.mark.parametrize("function", ENTRY_POINTS)
@pytest.mark.parametrize(("rankings", "solutions", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_clear_message(function, rankings, solutions, message):
    with pytest.raises(ValueError, match=message):
        function(rankings, solutions)
