"""Count-trend rule: is a count (reports to the police) falling, rising, or is no change shown, since a year?

Yearly report counts vary far more than a Poisson model allows (around Aarhus's own trend the variance is over
a hundred times the mean), so a change is judged against the series' own variation (docs/goal-rules.md):

1. The dispersion φ: a Poisson regression of the yearly counts up to the year judged on the year (a straight
   line on the log scale, with the population as exposure for a rate), Pearson's χ² / (n − 2), never below 1.
   It needs at least `MIN_YEARS` years; with fewer the change is shown without a verdict (CANNOT_JUDGE).
2. Conditional on c₀ + c₁, under "no change" c₁ is binomial with p = E₁ / (E₀ + E₁) (½ without exposure).
   z = (c₁ − n·p) / √(φ · n·p·(1 − p)), which for equal exposure is (c₁ − c₀) / √(φ (c₀ + c₁)).
3. A change is called only when |z| > 1.96 *and* the exact two-sided binomial test (scipy's "minlike" p-value)
   gives p < 0.05, so small counts (0 → 4) are never called on the normal approximation alone.

The middle outcome reads "ingen sikker ændring": a test that finds nothing has not shown that nothing changed.
A comparison that spans a series break is still made but marked, since part of the change may be the break's.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy, pgettext_lazy

from goal.verdict import Z_CRITICAL

__all__ = ["MIN_YEARS", "Trend", "TrendResult", "binomial_p_value", "count_trend", "crosses_break", "dispersion"]

MIN_YEARS = 5
ALPHA = 0.05


class Trend(StrEnum):
    FALLING = "falling"
    UNCHANGED = "unchanged"  # no change shown, which is not the same as none
    RISING = "rising"
    NO_DATA = "no_data"
    CANNOT_JUDGE = "cannot_judge"  # both counts known, too few years to know the series' random variation

    @property
    def label(self) -> str:
        return str(_LABELS[self])


_LABELS = {
    Trend.FALLING: pgettext_lazy("count trend", "falling"),
    Trend.UNCHANGED: pgettext_lazy("count trend", "no certain change"),
    Trend.RISING: pgettext_lazy("count trend", "rising"),
    Trend.NO_DATA: pgettext_lazy("count trend", "no data"),
    Trend.CANNOT_JUDGE: pgettext_lazy("count trend", "cannot be judged"),
}
TOO_FEW_YEARS = gettext_lazy("too few years to know the random variation")


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
    phi: Decimal | None = None  # the dispersion the change was judged against
    p_exact: Decimal | None = None  # the exact conditional binomial test's two-sided p-value
    years_used: int = 0  # years behind φ

    @property
    def change(self) -> int | None:
        if self.count is None or self.reference_count is None:
            return None
        return self.count - self.reference_count

    @property
    def reason(self) -> str:
        return str(TOO_FEW_YEARS) if self.trend is Trend.CANNOT_JUDGE else ""


def crosses_break(reference_year: int, year: int, breaks: Collection[int]) -> bool:
    """True when a break year (the first year of a new method) lies after the reference year and up to `year`."""
    low, high = sorted((reference_year, year))
    return any(low < b <= high for b in breaks)


def dispersion(counts: Mapping[int, float], exposure: Mapping[int, float] | None = None) -> float:
    """Pearson χ² / (n − 2) of the counts around a log-linear Poisson fit on the year (IRLS), never below 1.

    The same fit as statsmodels' `GLM(counts, [1, year], Poisson(), exposure=…).fit(scale="X2").scale`.
    """
    years = sorted(counts)
    y = [float(counts[t]) for t in years]
    offset = [math.log(exposure[t]) if exposure else 0.0 for t in years]
    if len(years) < 3 or sum(y) == 0:
        return 1.0
    centre = sum(years) / len(years)
    x = [t - centre for t in years]
    mu = [v + 0.5 for v in y]  # statsmodels' start: the counts, kept off zero
    a = b = 0.0
    eta = [math.log(m) for m in mu]
    for _ in range(100):
        # Weighted least squares of the working response on [1, x] with weights μ.
        z = [e - o + (v - m) / m for e, o, v, m in zip(eta, offset, y, mu, strict=True)]
        sw, swx, swxx = (
            sum(mu),
            sum(m * t for m, t in zip(mu, x, strict=True)),
            sum(m * t * t for m, t in zip(mu, x, strict=True)),
        )
        swz, swxz = (
            sum(m * v for m, v in zip(mu, z, strict=True)),
            sum(m * t * v for m, t, v in zip(mu, x, z, strict=True)),
        )
        det = sw * swxx - swx * swx
        if det <= 0:
            return 1.0
        new_a, new_b = (swxx * swz - swx * swxz) / det, (sw * swxz - swx * swz) / det
        eta = [o + new_a + new_b * t for o, t in zip(offset, x, strict=True)]
        mu = [math.exp(e) for e in eta]
        if abs(new_a - a) < 1e-12 and abs(new_b - b) < 1e-12:
            break
        a, b = new_a, new_b
    chi2 = sum((v - m) ** 2 / m for v, m in zip(y, mu, strict=True))
    return max(1.0, chi2 / (len(years) - 2))


def _log_pmf(k: int, n: int, p: float) -> float:
    if p in (0.0, 1.0):
        return 0.0 if k == round(n * p) else -math.inf
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * math.log(p) + (n - k) * math.log1p(-p)


def binomial_p_value(k: int, n: int, p: float) -> float:
    """Two-sided exact binomial p-value: the total probability of outcomes no likelier than `k` (scipy's rule)."""
    if n == 0:
        return 1.0
    sd = math.sqrt(n * p * (1 - p))
    if sd > 0 and abs(k - n * p) > 40 * sd:
        return 0.0  # the terms left out are below e^-800
    observed = _log_pmf(k, n, p)
    # Outcomes further than 40 SD from the mean add nothing a double can hold.
    low, high = (0, n) if sd == 0 else (max(0, int(n * p - 40 * sd)), min(n, int(n * p + 40 * sd) + 1))
    threshold = observed + math.log1p(1e-7)  # scipy's relative tolerance for "as likely"
    total = sum(math.exp(lp) for i in range(low, high + 1) if (lp := _log_pmf(i, n, p)) <= threshold)
    return min(1.0, total)


def count_trend(
    counts: Mapping[int, int | Decimal | None],
    year: int,
    reference_year: int,
    *,
    breaks: Collection[int] = (),
    exposure: Mapping[int, int | Decimal | None] | None = None,
) -> TrendResult:
    """Judge the change of a yearly count from `reference_year` to `year` by the rule above.

    With `exposure` (the population per year) the counts are judged as a rate: a count that grows with the
    population is no change.
    """
    count, reference = counts.get(year), counts.get(reference_year)
    across = crosses_break(reference_year, year, breaks)
    no_population = exposure is not None and not (exposure.get(year) and exposure.get(reference_year))
    if count is None or reference is None or no_population:
        return TrendResult(Trend.NO_DATA, year, reference_year, _int(count), _int(reference), None, across)
    c1, c0 = int(count), int(reference)
    history = {
        t: float(c) for t, c in counts.items() if c is not None and t <= year and (exposure is None or exposure.get(t))
    }
    exposures = {t: float(exposure[t] or 0) for t in history} if exposure is not None else None  # all > 0: see above
    if len(history) < MIN_YEARS:
        return TrendResult(Trend.CANNOT_JUDGE, year, reference_year, c1, c0, None, across, years_used=len(history))
    phi = dispersion(history, exposures)
    n = c0 + c1
    p = 0.5 if exposures is None else exposures[year] / (exposures[year] + exposures[reference_year])
    z = (c1 - n * p) / math.sqrt(phi * n * p * (1 - p)) if n else 0.0
    p_exact = binomial_p_value(c1, n, p)
    if abs(z) <= float(Z_CRITICAL) or p_exact >= ALPHA:
        trend = Trend.UNCHANGED
    else:
        trend = Trend.RISING if z > 0 else Trend.FALLING
    return TrendResult(
        trend, year, reference_year, c1, c0, _decimal(z), across, _decimal(phi), _decimal(p_exact, 4), len(history)
    )


def _decimal(value: float, places: int = 2) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places))


def _int(value) -> int | None:
    return None if value is None else int(value)
