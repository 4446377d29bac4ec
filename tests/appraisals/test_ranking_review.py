"""Table tests of the step-6 ranking maths (wijktafel/appraisals/ranking/): outliers, dropouts
and the departure of a selection from the aggregate."""

from fractions import Fraction

import pytest

from tests.appraisals.ranking_orders import ABC, ABCD, ABCDE, order
from wijktafel.appraisals.ranking import (
    Departure,
    Dropout,
    Outlier,
    departure,
    dropouts,
    outliers,
    strict_order,
)

# --------------------------------------------------------------------------------------------
# Outliers


def nine_with(solution: str, place: int) -> list[list[str]]:
    """A strict ranking of x and eight others with ``solution`` at ``place`` (1-based)."""
    others = [f"o{i}" for i in range(8)]
    return strict_order([*others[: place - 1], solution, *others[place - 1 :]])


NINE = ["x", *(f"o{i}" for i in range(8))]

OUTLIER_CASES = [
    pytest.param(
        {"g1": order("a>b>c"), "g2": order("c>b>a")},
        ABC,
        (Outlier("a", ("g1",), ("g2",)), Outlier("c", ("g2",), ("g1",))),
        id="reversed",
    ),
    pytest.param(
        {"g1": order("a>b>c"), "g2": order("a>b>c")},
        ABC,
        (),
        id="all-groups-identical",
    ),
    pytest.param({"g1": order("a>b>c")}, ABC, (), id="single-group"),
    pytest.param({"g1": order("a"), "g2": order("a")}, ["a"], (), id="single-solution"),
    pytest.param(
        {"g1": order("a=b=c"), "g2": order("a>b>c")},
        ABC,
        (),
        id="tie-of-all-is-not-top",
    ),
    pytest.param(
        {"g1": order("a>b>c"), "g2": order("b>c")},
        ABC,
        (),
        id="left-out-is-not-bottom",
    ),
    pytest.param(
        {"g1": order("a>b>c"), "g2": order("b>c>a")},
        ABC,
        (Outlier("a", ("g1",), ("g2",)),),
        id="placed-last-is-bottom",
    ),
    pytest.param(
        # n = 4: top is rank ≤ 5/3 (a tie for 1–2 counts), bottom is rank ≥ 10/3.
        {"g1": order("a=b>c>d"), "g2": order("c>d>b>a")},
        ABCD,
        (Outlier("a", ("g1",), ("g2",)),),
        id="tie-for-first-is-top",
    ),
    pytest.param(
        {"g1": nine_with("x", 3), "g2": nine_with("x", 7), "g3": nine_with("x", 1)},
        NINE,
        (Outlier("x", ("g1", "g3"), ("g2",)),),
        id="nine-third-place-top-seventh-bottom",
    ),
    pytest.param(
        {"g1": nine_with("x", 4), "g2": nine_with("x", 6)},
        NINE,
        (),
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
        TWO_GROUPS,
        order("a>b>c>d>e"),
        3,
        (Dropout("d", 4, False, ("g2",)), Dropout("e", 5, False, ())),
        id="outside-top-three-with-the-group-that-had-it-high",
    ),
    pytest.param(
        TWO_GROUPS,
        order("a>b>c=d>e"),
        3,
        (
            Dropout("c", 3, True, ("g1",)),
            Dropout("d", 3, True, ("g2",)),
            Dropout("e", 5, False, ()),
        ),
        id="tie-across-the-cut",
    ),
    pytest.param(
        TWO_GROUPS,
        order("a>b>c>d>e"),
        4,
        (Dropout("e", 5, False, ()),),
        id="top-four",
    ),
    pytest.param(TWO_GROUPS, order("a>b>c>d>e"), 5, (), id="top-five-keeps-all-five"),
    pytest.param(
        {"g1": order("a>b>c")},
        order("a>b>c"),
        3,
        (),
        id="fewer-solutions-than-the-top",
    ),
    pytest.param(
        # Review an actual selection: the chosen tier, then the rest.
        TWO_GROUPS,
        [["a", "c", "e"], ["b", "d"]],
        3,
        (Dropout("b", 4, False, ("g1", "g2")), Dropout("d", 4, False, ("g2",))),
        id="review-a-chosen-selection",
    ),
    pytest.param(
        # g3 ties d with c across its own top three: that still counts as high.
        {**TWO_GROUPS, "g3": order("a>b>c=d")},
        order("a>b>c>d>e"),
        3,
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
    pytest.param(
        ["c", "a", "b"], order("a>b>c>d"), Departure(False, (), ()), id="same-top-other-order"
    ),
    pytest.param(
        ["a", "b", "d"],
        order("a>b>c>d"),
        Departure(True, ("d",), ("c",)),
        id="swaps-third-and-fourth",
    ),
    pytest.param(
        ["a", "b", "d"],
        order("a>b>c=d>e"),
        Departure(False, (), ()),
        id="either-member-of-a-tie-across-the-cut",
    ),
    pytest.param(
        ["a", "b", "e"],
        order("a>b>c=d>e"),
        Departure(True, ("e",), ("c", "d")),
        id="neither-member-of-a-tie-across-the-cut",
    ),
    pytest.param(
        ["c", "d", "e"],
        order("a>b>c=d>e"),
        Departure(True, ("e",), ("a", "b")),
        id="tie-filled-but-the-top-left-out",
    ),
    pytest.param(["d", "b", "a"], [ABCD], Departure(False, (), ()), id="all-tied"),
    pytest.param(ABCD, order("d>c>b>a"), Departure(False, (), ()), id="everything-chosen"),
    pytest.param(["d", "c", "b"], order("a>b>c>d"), Departure(True, ("d",), ("a",)), id="reversed"),
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
