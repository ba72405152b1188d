"""The status rule of a quantitative effect goal (followup/status.py), branch by branch."""

from datetime import date
from decimal import Decimal as D

import pytest

from followup.status import Status, assess, effect_status

BASE_DAY, TARGET_DAY = date(2025, 1, 1), date(2026, 1, 1)  # 365 days
HALFWAY = date(2025, 7, 2)  # 182 days: e = 182/365 ≈ 0.4986


def status(
    measurements,
    *,
    baseline=D("100"),
    target=D("200"),
    tolerance=D("0.10"),
    on=date(2026, 6, 1),
    baseline_date=BASE_DAY,
    target_date=TARGET_DAY,
):
    return effect_status(baseline, baseline_date, target, target_date, measurements, tolerance, on)


@pytest.mark.parametrize("missing", ["baseline", "baseline_date", "target", "target_date"])
def test_a_missing_baseline_or_target_cannot_be_assessed(missing):
    assert status([(HALFWAY, D("150"))], **{missing: None}) == Status.CANNOT_ASSESS
    assert assess(None, BASE_DAY, D(1), TARGET_DAY, [], None, HALFWAY).reason == "missing"


def test_target_equal_to_baseline_or_not_later_cannot_be_assessed():
    assert status([(HALFWAY, D("150"))], target=D("100")) == Status.CANNOT_ASSESS
    assert status([(HALFWAY, D("150"))], target_date=BASE_DAY) == Status.CANNOT_ASSESS
    assert status([(HALFWAY, D("150"))], target_date=date(2024, 1, 1)) == Status.CANNOT_ASSESS


def test_no_measurement_on_or_before_the_day_is_no_data():
    assert status([]) == Status.NO_DATA
    # A measurement after the judged day does not count.
    assert status([(date(2025, 9, 1), D("190"))], on=date(2025, 8, 1)) == Status.NO_DATA


def test_a_measurement_after_the_judged_day_is_ignored_in_favour_of_the_earlier_one():
    measurements = [(date(2025, 3, 1), D("110")), (date(2025, 12, 1), D("250"))]
    assert status(measurements, on=date(2025, 6, 1)) == Status.ON_TRACK
    assert status(measurements, on=date(2025, 12, 1)) == Status.ACHIEVED


def test_reaching_or_passing_the_target_is_achieved_ties_included():
    assert status([(HALFWAY, D("200"))]) == Status.ACHIEVED
    assert status([(HALFWAY, D("230"))]) == Status.ACHIEVED


def test_falling_goals_work_like_rising_ones():
    # 120 → 100 reports: 110 halfway is on track, 119 halfway is behind, 95 is achieved.
    falling = {"baseline": D("120"), "target": D("100")}
    assert status([(HALFWAY, D("110"))], **falling) == Status.ON_TRACK
    assert status([(HALFWAY, D("119"))], **falling) == Status.BEHIND
    assert status([(HALFWAY, D("95"))], **falling) == Status.ACHIEVED
    # Moving the wrong way is negative progress.
    assert assess(D("120"), BASE_DAY, D("100"), TARGET_DAY, [(HALFWAY, D("130"))], None, HALFWAY).progress == D("-0.5")


def test_target_date_passed_without_reaching_the_target_is_behind():
    assert status([(TARGET_DAY, D("199"))]) == Status.BEHIND
    assert status([(date(2026, 3, 1), D("199"))]) == Status.BEHIND
    assert (
        assess(D(100), BASE_DAY, D(200), TARGET_DAY, [(TARGET_DAY, D(199))], None, TARGET_DAY).reason
        == "target_date_passed"
    )


def test_on_track_within_the_tolerance_and_behind_beyond_it():
    # At 73 days of 365, e = 0.2 exactly; tolerance 0.10 → p ≥ 0.1 is on track.
    day = date(2025, 3, 15)
    assert (day - BASE_DAY).days == 73
    assert status([(day, D("110"))]) == Status.ON_TRACK  # p = 0.1 = e − tolerance: the tie favours the goal
    assert status([(day, D("109.999"))]) == Status.BEHIND
    assert status([(day, D("109"))], tolerance=D("0.20")) == Status.ON_TRACK
    assert status([(day, D("119"))], tolerance=D("0")) == Status.BEHIND
    assert status([(day, D("120"))], tolerance=D("0")) == Status.ON_TRACK


def test_default_tolerance_is_ten_percent_and_expected_progress_is_limited():
    day = date(2025, 3, 15)
    assert status([(day, D("110"))], tolerance=None) == Status.ON_TRACK
    # A measurement before the baseline date has expected progress 0 (not negative).
    early = assess(D(100), BASE_DAY, D(200), TARGET_DAY, [(date(2024, 12, 1), D("95"))], None, HALFWAY)
    assert early.expected == 0 and early.status == Status.ON_TRACK


def test_the_latest_measurement_counts_and_the_newer_of_two_on_one_day():
    assert status([(date(2025, 12, 1), D("105")), (date(2025, 3, 1), D("199"))]) == Status.BEHIND
    assert status([(HALFWAY, D("100")), (HALFWAY, D("160"))]) == Status.ON_TRACK


def test_the_status_is_a_string():
    assert status([(HALFWAY, D("200"))]) == "i mål"
    assert {s.value for s in Status} == {"kan ikke vurderes", "ingen data", "i mål", "på vej", "bagud"}
