"""The status of a quantitative effect goal on a given day: one pure rule, in Decimal (issue 14, section 6).

1. Baseline value or date, target value or date missing, target equal to baseline, or target date not after the
   baseline date: "kan ikke vurderes".
2. The latest measurement dated on or before the day judged; none: "ingen data".
3. Progress p = (value − baseline) / (target − baseline), so goals that should fall work as well as rising ones.
4. p ≥ 1: "i mål".
5. Measurement dated on or after the target date (and p < 1): "bagud".
6. Expected progress e = days from baseline date to the measurement / days from baseline date to target date,
   limited to 0…1. p ≥ e − tolerance: "på vej"; otherwise "bagud". Ties count in the goal's favour.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

DEFAULT_TOLERANCE = Decimal("0.10")


class Status(StrEnum):
    CANNOT_ASSESS = "kan ikke vurderes"
    NO_DATA = "ingen data"
    ACHIEVED = "i mål"
    ON_TRACK = "på vej"
    BEHIND = "bagud"


# What users read for each status and reason, through the catalogue (the Danish text is the status label itself).
LABELS = {
    Status.CANNOT_ASSESS: _("cannot be assessed"),
    Status.NO_DATA: _("no data"),
    Status.ACHIEVED: _("target reached"),
    Status.ON_TRACK: _("on track"),
    Status.BEHIND: _("behind"),
}
REASONS = {
    "missing": _("The baseline or the target (value or date) is missing."),
    "target_equals_baseline": _("The target equals the baseline, so there is no distance to cover."),
    "target_date_not_after_baseline": _("The target date is not after the baseline date."),
    "target_date_passed": _("The target date has passed without the target being reached."),
}


@dataclass(frozen=True)
class Assessment:
    """The status with what it was based on: the measurement used, p and e (None where not computed)."""

    status: Status
    measurement: tuple[datetime.date, Decimal] | None = None
    progress: Decimal | None = None
    expected: Decimal | None = None
    reason: str = ""

    @property
    def label(self) -> str:
        return str(LABELS[self.status])

    @property
    def reason_text(self) -> str:
        return str(REASONS.get(self.reason, ""))


def assess(
    baseline: Decimal | None,
    baseline_date: datetime.date | None,
    target: Decimal | None,
    target_date: datetime.date | None,
    measurements: Iterable[tuple[datetime.date, Decimal]],
    tolerance: Decimal | None,
    on: datetime.date,
) -> Assessment:
    """The rule above with its workings; `effect_status` returns only the label."""
    if baseline is None or baseline_date is None or target is None or target_date is None:
        return Assessment(Status.CANNOT_ASSESS, reason="missing")
    if target == baseline:
        return Assessment(Status.CANNOT_ASSESS, reason="target_equals_baseline")
    if target_date <= baseline_date:
        return Assessment(Status.CANNOT_ASSESS, reason="target_date_not_after_baseline")
    known = [(day, value) for day, value in measurements if day <= on and value is not None]
    if not known:
        return Assessment(Status.NO_DATA)
    # The latest by date; of two on the same day, the later in the list (the newer record).
    day, value = max(enumerate(known), key=lambda item: (item[1][0], item[0]))[1]
    progress = (value - baseline) / (target - baseline)
    if progress >= 1:
        return Assessment(Status.ACHIEVED, (day, value), progress)
    if day >= target_date:
        return Assessment(Status.BEHIND, (day, value), progress, reason="target_date_passed")
    elapsed = Decimal((day - baseline_date).days) / Decimal((target_date - baseline_date).days)
    expected = min(max(elapsed, Decimal(0)), Decimal(1))
    tolerance = DEFAULT_TOLERANCE if tolerance is None else tolerance
    status = Status.ON_TRACK if progress >= expected - tolerance else Status.BEHIND
    return Assessment(status, (day, value), progress, expected)


def effect_status(
    baseline: Decimal | None,
    baseline_date: datetime.date | None,
    target: Decimal | None,
    target_date: datetime.date | None,
    measurements: Iterable[tuple[datetime.date, Decimal]],
    tolerance: Decimal | None,
    on: datetime.date,
) -> Status:
    """The status label of a quantitative effect goal on the day `on` (a string-valued enum)."""
    return assess(baseline, baseline_date, target, target_date, measurements, tolerance, on).status
