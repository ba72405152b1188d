"""When an effect goal is due for follow-up.

A goal in force is followed up on a fixed schedule from the start date of the approved version: every 3, 6 or 12
months (its frequency). The next due date is the first scheduled date after the latest report (the day a record
was entered), or the first scheduled date when nothing has been reported. A goal is overdue the day after it.
Completeness: of the scheduled dates within the last year, the share that had a report in the period ending on
them; an initiative's figure sums its goals' dates (`initiative_completeness`, the one rule the initiative page,
the follow-up overview and the initiative list all show).
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

DUE_SOON_DAYS = 14
OVERDUE_REMINDER_DAYS = 30


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day where it has no such day (31 January → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def scheduled(start: datetime.date, months: int, until: datetime.date) -> list[datetime.date]:
    """Every scheduled due date after `start` up to and including `until`."""
    dates, k = [], 1
    while (due := add_months(start, months * k)) <= until:
        dates.append(due)
        k += 1
    return dates


def next_due(start: datetime.date, months: int, reported: Iterable[datetime.date]) -> datetime.date:
    """The first scheduled date after the latest report (or after the start)."""
    latest = max(reported, default=start)
    k = 1
    while (due := add_months(start, months * k)) <= latest:
        k += 1
    return due


def completeness(
    start: datetime.date, months: int, reported: Iterable[datetime.date], today: datetime.date
) -> tuple[int, int]:
    """(reported on time, scheduled) over the year up to `today`."""
    reported = sorted(reported)
    year_ago = add_months(today, -12)
    due_dates = [d for d in scheduled(start, months, today) if d > year_ago]
    met = sum(1 for due in due_dates if any(add_months(due, -months) < r <= due for r in reported))
    return met, len(due_dates)


@dataclass(frozen=True)
class Completeness:
    met: int  # due dates reported on time
    due: int  # due dates within the last year

    @property
    def share(self) -> int | None:
        """Percent, rounded; None while nothing has fallen due."""
        return round(100 * self.met / self.due) if self.due else None


def initiative_completeness(
    goals: Iterable[tuple[datetime.date, int, Iterable[datetime.date]]], today: datetime.date
) -> Completeness:
    """An initiative's completeness from its goals in force: (start of the approved version, months between
    follow-ups, days reported) each; their due dates and reports on time are summed."""
    figures = [completeness(start, months, reported, today) for start, months, reported in goals]
    return Completeness(sum(met for met, _due in figures), sum(due for _met, due in figures))
