"""Count-trend rule: is a count (reports to the police) falling, unchanged or rising since a reference year?

Counts vary at random even when nothing changes, so a change is only called "falder" or "stiger" when it is
larger than chance explains. Under "nothing changed", two yearly counts c₀ (reference year) and c₁ come from
Poisson distributions with the same mean; given their sum, c₁ is binomial with p = ½, and by the normal
approximation

    z = (c₁ − c₀) / √(c₁ + c₀)

is standard normal. |z| ≤ 1.96 (5 % level, two-sided) is "uændret"; otherwise the sign says "falder" or
"stiger". Two zero counts are "uændret". A missing count on either side gives "ingen data". A comparison that
spans a series break (a change of method or of the police's recording) is still made but marked, because part of
the change may be the break's.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import pgettext_lazy

from goal.verdict import Z_CRITICAL

__all__ = ["Trend", "TrendResult", "count_trend", "crosses_break"]


class Trend(StrEnum):
    FALLING = "falling"
    UNCHANGED = "unchanged"
    RISING = "rising"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return str(_LABELS[self])


_LABELS = {
    Trend.FALLING: pgettext_lazy("count trend", "falling"),
    Trend.UNCHANGED: pgettext_lazy("count trend", "unchanged"),
    Trend.RISING: pgettext_lazy("count trend", "rising"),
    Trend.NO_DATA: pgettext_lazy("count trend", "no data"),
}


@dataclass(frozen=True)
class TrendResult:
    """The trend of a count from `reference_year` to `year`."""

    trend: Trend
    year: int
    reference_year: int
    count: int | None
    reference_count: int | None
    z: Decimal | None
    across_break: bool

    @property
    def change(self) -> int | None:
        if self.count is None or self.reference_count is None:
            return None
        return self.count - self.reference_count


def crosses_break(reference_year: int, year: int, breaks: Collection[int]) -> bool:
    """True when a break year (the first year of a new method) lies after the reference year and up to `year`."""
    low, high = sorted((reference_year, year))
    return any(low < b <= high for b in breaks)


def count_trend(
    counts: Mapping[int, int | Decimal | None], year: int, reference_year: int, *, breaks: Collection[int] = ()
) -> TrendResult:
    """Judge the change of a yearly count from `reference_year` to `year` by the Poisson/normal test above."""
    count, reference = counts.get(year), counts.get(reference_year)
    across = crosses_break(reference_year, year, breaks)
    if count is None or reference is None:
        return TrendResult(Trend.NO_DATA, year, reference_year, _int(count), _int(reference), None, across)
    c1, c0 = Decimal(count), Decimal(reference)
    if c1 + c0 == 0:
        return TrendResult(Trend.UNCHANGED, year, reference_year, int(c1), int(c0), Decimal(0), across)
    z = (c1 - c0) / (c1 + c0).sqrt()
    if abs(z) <= Z_CRITICAL:
        trend = Trend.UNCHANGED
    elif z > 0:
        trend = Trend.RISING
    else:
        trend = Trend.FALLING
    return TrendResult(trend, year, reference_year, int(c1), int(c0), z, across)


def _int(value) -> int | None:
    return None if value is None else int(value)
