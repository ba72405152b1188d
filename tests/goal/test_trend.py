"""The count-trend rule: falling, unchanged or rising by a Poisson/normal test at the 5 % level."""

from decimal import Decimal

import pytest

from goal.trend import Trend, count_trend, crosses_break


@pytest.mark.parametrize(
    ("then", "now", "expected"),
    [
        (10_000, 9_700, Trend.FALLING),  # z = −300 / √19 700 ≈ −2,14
        (10_000, 9_900, Trend.UNCHANGED),  # z = −100 / √19 900 ≈ −0,71
        (10_000, 10_300, Trend.RISING),  # z = 300 / √20 300 ≈ 2,11
        (100, 120, Trend.UNCHANGED),  # z = 20 / √220 ≈ 1,35: a 20 % rise of a small count is chance
        (100, 130, Trend.RISING),  # z = 30 / √230 ≈ 1,98
        (0, 0, Trend.UNCHANGED),
    ],
)
def test_the_change_is_judged_against_random_variation(then, now, expected):
    result = count_trend({2016: then, 2023: now}, 2023, 2016)
    assert result.trend is expected
    assert result.change == now - then
    assert not result.across_break


def test_z_is_the_difference_over_the_root_of_the_sum():
    result = count_trend({2016: 31_800, 2023: 29_400}, 2023, 2016)
    assert result.z.quantize(Decimal("0.01")) == Decimal("-9.70")  # −2 400 / √61 200 ≈ −2 400 / 247,39
    assert result.trend.label == "falder"


@pytest.mark.parametrize("counts", [{2023: 500}, {2016: 500}, {}])
def test_a_missing_year_gives_no_data(counts):
    result = count_trend(counts, 2023, 2016)
    assert result.trend is Trend.NO_DATA
    assert result.change is None and result.z is None
    assert result.trend.label == "ingen data"


def test_a_comparison_across_a_break_is_made_and_marked():
    result = count_trend({2016: 10_000, 2023: 9_000}, 2023, 2016, breaks=[2021])
    assert result.trend is Trend.FALLING
    assert result.across_break


def test_a_break_after_the_later_year_or_in_the_reference_year_is_not_crossed():
    assert not count_trend({2016: 1, 2019: 1}, 2019, 2016, breaks=[2021]).across_break
    assert not crosses_break(2021, 2023, [2021])  # both years use the new method
    assert crosses_break(2019, 2021, [2021])


def test_labels_are_danish():
    assert [t.label for t in Trend] == ["falder", "uændret", "stiger", "ingen data"]
