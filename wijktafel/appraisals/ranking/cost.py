"""Cost-effectiveness: percentage points of solving power per €100,000 of extra costs."""

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

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

    docs/methods.md example: 50 % for €100,000 gives 50.0; 100 % for €500,000 gives 20.0.
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
