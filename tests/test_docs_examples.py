"""The worked examples of docs/rules.md are what the rules answer."""

import datetime
from decimal import Decimal

import pytest

from followup.cadence import completeness
from followup.status import Status, assess
from goal.trend import Trend, count_trend
from goal.verdict import GoalStatus, Observation, Rule, Verdict, compare, judge_year

D = Decimal
SHARE = Rule(is_percent=True, tolerance=D("1.0"))


@pytest.mark.parametrize(
    ("aarhus", "other", "verdict"),
    [
        (Observation(D("85.0"), D("83.1"), D("86.9")), Observation(D("86.5"), D("85.0"), D("88.0")), Verdict.LEVEL),
        (Observation(D("85.0"), D("83.1"), D("86.9")), Observation(D("88.0"), D("86.9"), D("89.1")), Verdict.WORSE),
        (Observation(D("85.0"), respondents=2000), Observation(D("87.0"), respondents=1500), Verdict.LEVEL),
        (Observation(D("85.0"), respondents=2000), Observation(D("88.0"), respondents=1500), Verdict.WORSE),
        (Observation(D("86.3")), Observation(D("87.3")), Verdict.LEVEL),
        (Observation(D("86.2")), Observation(D("87.3")), Verdict.WORSE),
    ],
)
def test_the_verdict_table(aarhus, other, verdict):
    assert compare(aarhus, other, SHARE).verdict is verdict


def test_the_year_example_is_partial_until_copenhagen_pulls_ahead():
    aarhus = Observation(D("85.0"), D("83.1"), D("86.9"))
    cities = {
        "København": Observation(D("86.5"), D("85.0"), D("88.0")),
        "Odense": Observation(D("84.0"), D("82.0"), D("86.0")),
        "Aalborg": None,
        "Esbjerg": None,
    }
    assert judge_year(aarhus, cities, SHARE).goal is GoalStatus.PARTIAL
    cities["København"] = Observation(D("88.0"), D("86.9"), D("89.1"))
    assert judge_year(aarhus, cities, SHARE).goal is GoalStatus.NOT_MET


def test_the_count_trend_table():
    years = range(2018, 2024)
    steady = count_trend(dict(zip(years, [4300, 4150, 4380, 4200, 4210, 4080], strict=True)), 2023, 2022)
    assert steady.trend is Trend.UNCHANGED and (steady.phi, steady.z) == (D("2.35"), D("-0.93"))
    falling = count_trend(dict(zip(years, [4300, 4250, 4280, 4200, 4210, 3700], strict=True)), 2023, 2022)
    assert falling.trend is Trend.FALLING and (falling.phi, falling.z) == (D("7.13"), D("-2.15"))
    assert count_trend({2022: 4210, 2023: 4080}, 2023, 2022).trend is Trend.CANNOT_JUDGE


@pytest.mark.parametrize(
    ("value", "day", "status"),
    [
        (48, datetime.date(2026, 7, 1), Status.ON_TRACK),
        (45, datetime.date(2026, 7, 1), Status.BEHIND),
        (61, datetime.date(2026, 7, 1), Status.ACHIEVED),
        (58, datetime.date(2027, 1, 10), Status.BEHIND),
    ],
)
def test_the_effect_status_example(value, day, status):
    start, end = datetime.date(2026, 1, 1), datetime.date(2027, 1, 1)
    judged = assess(D(40), start, D(60), end, [(day, D(value))], None, max(day, datetime.date(2026, 7, 15)))
    assert judged.status is status
    if judged.expected is not None:
        assert round(judged.expected, 3) == D("0.496")


def test_the_completeness_example_is_three_of_four():
    reports = [datetime.date(2025, 5, 20), datetime.date(2025, 8, 30), datetime.date(2026, 1, 10)]
    assert completeness(datetime.date(2025, 3, 1), 3, reports, datetime.date(2026, 3, 15)) == (3, 4)
