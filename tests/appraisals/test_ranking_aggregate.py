"""Table tests of the step-6 ranking maths (wijktafel/appraisals/ranking/): cost-effectiveness,
the aggregate of everything at once, and bad input for every function that takes rankings."""

import math
from decimal import Decimal
from fractions import Fraction

import pytest

from tests.appraisals.ranking_orders import ABC, ABCDE, order
from wijktafel.appraisals.ranking import (
    CostEffectiveness,
    Dropout,
    Outlier,
    aggregate,
    cost_effectiveness,
    cost_effectiveness_order,
    cost_effectiveness_per_problem,
    dropouts,
    kemeny_consensus,
    outliers,
    pairwise_preferences,
    rank_sum,
)

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
        "dominant-80-cheaper",
        "dominant-80",
        "dominant-10",
        "ratio-50",
        "also-ratio-50",
        "ratio-20",
        "ratio-0",
        "nothing",
        "unknown",
    )


# --------------------------------------------------------------------------------------------
# Everything at once


def test_aggregate_with_a_partial_ranking():
    # g1 ties b and c and leaves e out; g3 placed only b and a.
    rankings = {"g1": order("a>b=c>d"), "g2": order("e>d>c>b>a"), "g3": order("b>a")}
    result = aggregate(rankings, ABCDE, top_n=3)
    assert [(s.solution, s.rank_sum) for s in result.summaries] == [
        ("b", 7.5),
        ("a", 8.0),
        ("c", 9.5),
        ("d", 10.0),
        ("e", 10.0),
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
    pytest.param(
        {"g1": order("a>z")}, ABC, "Group 'g1' ranked an unknown solution 'z'", id="unknown-id"
    ),
    pytest.param(
        {"g1": order("a>b>a")},
        ABC,
        "Group 'g1' ranked solution 'a' twice",
        id="duplicate-across-tiers",
    ),
    pytest.param(
        {"g1": order("a=a")}, ABC, "Group 'g1' ranked solution 'a' twice", id="duplicate-in-a-tier"
    ),
    pytest.param(
        {"g1": order("a")},
        ["a", "b", "a"],
        "'a' appears twice in the list",
        id="duplicate-solution",
    ),
    pytest.param(
        {"g1": order("a"), "g2": []}, ABC, "Group 'g2' ranked no solutions", id="empty-ranking"
    ),
    pytest.param({"g1": [["a"], []]}, ABC, "Group 'g1': tier 2 is empty", id="empty-tier"),
    pytest.param({"g1": ["a", "b"]}, ABC, "tier 1 is not a list", id="flat-list-of-strings"),
    pytest.param({1: [1, 2]}, [1, 2], "Group 1: tier 1 is not a list", id="flat-list-of-ints"),
    pytest.param({"g1": "a>b"}, ABC, "must be a list of tiers", id="ranking-is-text"),
    pytest.param({"g1": [[["a"]]]}, ABC, "\\['a'\\] is not a solution id", id="unhashable-id"),
    pytest.param([("g1", order("a"))], ABC, "must map each group", id="rankings-not-a-mapping"),
    pytest.param(
        {"g1": order("a")}, "abc", "must be a list of solution ids", id="solutions-is-text"
    ),
    pytest.param({"g1": [[0]]}, list(range(51)), "Too many solutions: 51", id="too-many"),
]


@pytest.mark.parametrize("function", ENTRY_POINTS)
@pytest.mark.parametrize(("rankings", "solutions", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_clear_message(function, rankings, solutions, message):
    with pytest.raises(ValueError, match=message):
        function(rankings, solutions)
