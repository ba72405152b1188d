"""The count-trend rule: a change is called only when it is larger than the series' own variation explains.

φ (Pearson χ² / (n − 2) around a log-linear Poisson fit, at least 1) is checked against statsmodels' quasi-Poisson
fit on the real STRAF11 download, and the exact test against scipy.stats.binomtest (both test dependencies only).
"""

import math
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
import statsmodels.api as sm
from scipy.stats import binomtest

from goal.trend import MIN_YEARS, Trend, binomial_p_value, count_trend, crosses_break, dispersion
from indicators.statbank import parse_statbank, yearly_reports

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "statistikbanken"


def _real_reports() -> dict[str, dict[int, int]]:
    """Yearly reports 2007–2021 per municipality from the real statbank.dk download (fixtures/statistikbanken)."""
    table = parse_statbank((FIXTURES / "STRAF11_statbank_Joac1137.csv").read_bytes(), "STRAF11")
    series: dict[str, dict[int, int]] = {}
    for (area, year), (count, _line) in yearly_reports(table.rows).items():
        series.setdefault(area, {})[year] = count
    return series


@pytest.fixture(scope="module")
def real():
    return _real_reports()


def test_aarhus_2020_to_2021_is_ordinary_variation(real):
    # 26 976 → 25 561 was "falder" with z = −6,2 under Poisson; Aarhus's own variation (φ ≈ 159) makes it −0,49.
    result = count_trend(real["Aarhus"], 2021, 2020)
    assert result.trend is Trend.UNCHANGED
    assert result.trend.label == "ingen sikker ændring"
    assert result.phi.quantize(Decimal(1)) == 159
    assert result.z == Decimal("-0.49")  # −1 415 / √(158,67 × 52 537)
    assert result.years_used == 15


def test_aarhus_2016_to_2021_is_still_falling(real):
    result = count_trend(real["Aarhus"], 2021, 2016)
    assert result.trend is Trend.FALLING  # −7 162 / √(158,67 × 58 284) ≈ −2,36
    assert result.z == Decimal("-2.36")
    assert result.change == -7162


def test_phi_agrees_with_statsmodels_quasi_poisson_on_the_real_download(real):
    assert len(real) == 7
    for area, series in real.items():
        for last in (2019, 2021):
            years = [y for y in sorted(series) if y <= last]
            counts = np.array([series[y] for y in years], dtype=float)
            design = sm.add_constant(np.array(years, dtype=float) - 2014)
            scale = sm.GLM(counts, design, family=sm.families.Poisson()).fit(scale="X2").scale
            ours = dispersion({y: series[y] for y in years})
            assert ours == pytest.approx(max(1.0, scale), rel=1e-6), area


def test_phi_with_population_as_exposure_agrees_with_statsmodels():
    counts = {2016: 300, 2017: 330, 2018: 290, 2019: 360, 2020: 340, 2021: 410}
    population = {2016: 10_000, 2017: 10_400, 2018: 10_900, 2019: 11_300, 2020: 11_900, 2021: 12_400}
    years = sorted(counts)
    fit = sm.GLM(
        np.array([counts[y] for y in years], dtype=float),
        sm.add_constant(np.array(years, dtype=float)),
        family=sm.families.Poisson(),
        exposure=np.array([population[y] for y in years], dtype=float),
    ).fit(scale="X2")
    assert dispersion(counts, population) == pytest.approx(max(1.0, fit.scale), rel=1e-6)


@pytest.mark.parametrize(
    ("k", "n", "p"), [(4, 4, 0.5), (7, 8, 0.5), (9, 11, 0.5), (0, 4, 0.5), (30, 100, 0.4), (5_000, 9_800, 0.5)]
)
def test_the_exact_test_is_scipys_binomtest(k, n, p):
    assert binomial_p_value(k, n, p) == pytest.approx(binomtest(k, n, p).pvalue, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize(("then", "now"), [(0, 4), (1, 7), (2, 9)])
def test_small_counts_are_never_called_on_the_normal_approximation(then, now):
    # 0 → 4: z = 2,0 by √(c₀ + c₁), but the exact p is 0,125 (1 → 7: 0,070; 2 → 9: 0,065).
    counts = {2016: 1, 2017: 2, 2018: 1, 2019: 0, 2020: then, 2021: now}
    result = count_trend(counts, 2021, 2020)
    assert result.trend is Trend.UNCHANGED
    assert result.p_exact > Decimal("0.05")


def test_a_clear_change_of_a_small_count_is_called():
    counts = {2016: 3, 2017: 2, 2018: 3, 2019: 2, 2020: 2, 2021: 20}
    assert count_trend(counts, 2021, 2020).trend is Trend.RISING


def test_fewer_than_five_years_gives_the_change_without_a_verdict():
    result = count_trend({2019: 10_000, 2020: 9_000, 2023: 8_000}, 2023, 2019)
    assert result.trend is Trend.CANNOT_JUDGE
    assert result.change == -2000 and result.z is None
    assert result.reason == "for få år til at kende den tilfældige variation"
    assert MIN_YEARS == 5


def test_only_years_up_to_the_year_judged_count():
    counts = {2016: 100, 2017: 101, 2018: 99, 2019: 100, 2020: 102, 2021: 5_000}
    # Judging 2019 against 2016 must not learn its variation from the later jump.
    assert count_trend(counts, 2019, 2016).trend is Trend.CANNOT_JUDGE
    assert count_trend(counts, 2020, 2016).phi == Decimal("1.00")


def test_a_rate_is_judged_on_counts_with_population_as_exposure():
    # The count grows exactly with the population: the rate is constant, so no change, although the count doubled.
    population = {y: 10_000 * 2 ** ((y - 2016) / 5) for y in range(2016, 2022)}
    counts = {y: round(population[y] * 0.05) for y in population}
    assert count_trend(counts, 2021, 2016).trend is Trend.RISING  # as a count
    assert count_trend(counts, 2021, 2016, exposure=population).trend is Trend.UNCHANGED  # as a rate
    assert count_trend(counts, 2021, 2016, exposure={2016: 1}).trend is Trend.NO_DATA


def _stable_series(rng, mean: float, phi: float, years: int) -> dict[int, int]:
    """A stable series with variance φ × mean: Poisson counts around gamma-distributed yearly means."""
    shape = mean / (phi - 1)
    return {2007 + i: int(rng.poisson(rng.gamma(shape, mean / shape))) for i in range(years)}


@pytest.mark.parametrize(("mean", "phi"), [(25_000, 24), (25_000, 130), (2_000, 5), (50, 3)])
def test_stable_overdispersed_series_are_rarely_called(mean, phi):
    # Dispersion as real counts have it (median 24, Aarhus about 130): at most one comparison in ten is called.
    rng = np.random.default_rng(19)
    called = total = 0
    for _ in range(300):
        series = _stable_series(rng, mean, phi, 15)
        for reference in (2016, 2020):
            total += 1
            called += count_trend(series, 2021, reference).trend in (Trend.FALLING, Trend.RISING)
    assert called / total <= 0.10, called / total


def test_the_old_poisson_rule_would_have_called_most_of_them():
    # Why the rule changed: with φ fixed at 1 the same stable series are called most of the time.
    rng = np.random.default_rng(19)
    series = [_stable_series(rng, 25_000, 24, 15) for _ in range(200)]
    called = sum(abs(s[2021] - s[2020]) / math.sqrt(s[2021] + s[2020]) > 1.96 for s in series)
    assert called / len(series) > 0.5


@pytest.mark.parametrize("counts", [{2023: 500}, {2016: 500}, {}])
def test_a_missing_year_gives_no_data(counts):
    result = count_trend(counts, 2023, 2016)
    assert result.trend is Trend.NO_DATA
    assert result.change is None and result.z is None
    assert result.trend.label == "ingen data"


def test_a_comparison_across_a_break_is_made_and_marked(real):
    result = count_trend(real["Aarhus"], 2021, 2016, breaks=[2019])
    assert result.trend is Trend.FALLING
    assert result.across_break


def test_a_break_after_the_later_year_or_in_the_reference_year_is_not_crossed():
    assert not count_trend({2016: 1, 2019: 1}, 2019, 2016, breaks=[2021]).across_break
    assert not crosses_break(2021, 2023, [2021])  # both years use the new method
    assert crosses_break(2019, 2021, [2021])


def test_labels_are_danish():
    assert [t.label for t in Trend] == ["falder", "ingen sikker ændring", "stiger", "ingen data", "kan ikke vurderes"]
