"""The target's trend on one measure: its latest value against the baseline year and the previous year on record.

Counts are judged by the count-trend rule (goal.trend); a rate per 1,000 inhabitants is judged on the counts behind
it with the population as exposure; every other measure by the verdict rule of goal.verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from goal.trend import Trend, TrendResult, count_trend, crosses_break
from goal.verdict import Verdict, compare

if TYPE_CHECKING:
    from goal.queries import MeasureReport

__all__ = ["TrendStep", "trend_steps"]


@dataclass(frozen=True)
class TrendStep:
    """The target's change on one measure from a reference year to the latest year."""

    reference_year: int
    year: int
    label: str  # "falder"/"ingen sikker ændring"/"stiger" for counts, "bedre"/"på niveau"/"dårligere" otherwise
    no_data: bool
    across_break: bool
    difference: Decimal | None
    count: TrendResult | None = None

    @property
    def reason(self) -> str:
        """Why a count's change carries no verdict ("" when it does)."""
        return self.count.reason if self.count else ""


def trend_steps(report: MeasureReport, baseline_year: int) -> list[TrendStep]:
    """The target's latest value against the baseline year and against the previous year with a value."""
    from goal.queries import rule_for  # the one rule per measure lives with the comparison

    latest = report.latest
    if latest is None:
        return []
    breaks = [y.year for y in report.years if y.series_break]
    on_record = [y.year for y in report.years if y.target is not None and y.year < latest.year]
    references = [baseline_year]
    if on_record and on_record[-1] != baseline_year:
        references.append(on_record[-1])
    by_year = {y.year: y.target for y in report.years}
    steps = []
    for reference in references:
        if reference >= latest.year:
            continue
        across = crosses_break(reference, latest.year, breaks)
        if report.measure.is_count or report.rate_counts is not None:
            if report.rate_counts is not None:
                counts, population = report.rate_counts
                result = count_trend(counts, latest.year, reference, breaks=breaks, exposure=population)
                before = by_year.get(reference)
                change = None if before is None or latest.target is None else latest.target.value - before.value
            else:
                counts = {year: int(obs.value) for year, obs in by_year.items() if obs is not None}
                result = count_trend(counts, latest.year, reference, breaks=breaks)
                change = None if result.change is None else Decimal(result.change)
            no_data = result.trend is Trend.NO_DATA
            steps.append(TrendStep(reference, latest.year, result.trend.label, no_data, across, change, result))
            continue
        comparison = compare(latest.target, by_year.get(reference), rule_for(report.measure))
        no_data = comparison.verdict is Verdict.NO_DATA
        steps.append(
            TrendStep(reference, latest.year, comparison.verdict.label, no_data, across, comparison.difference)
        )
    return steps
