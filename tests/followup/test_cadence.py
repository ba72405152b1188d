"""When goals fall due, and the completeness figure (followup/cadence.py)."""

from datetime import date

from followup.cadence import add_months, completeness, next_due


def test_months_are_added_calendar_wise():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2026, 3, 1), -12) == date(2025, 3, 1)


def test_next_due_is_the_first_scheduled_date_after_the_latest_report():
    start = date(2026, 1, 1)
    assert next_due(start, 3, []) == date(2026, 4, 1)
    assert next_due(start, 3, [date(2026, 3, 20)]) == date(2026, 4, 1)
    assert next_due(start, 3, [date(2026, 4, 1)]) == date(2026, 7, 1)
    assert next_due(start, 12, [date(2026, 5, 1)]) == date(2027, 1, 1)


def test_completeness_counts_due_dates_of_the_last_year_reported_in_their_period():
    start = date(2025, 1, 1)
    reports = [date(2025, 3, 1), date(2025, 9, 30)]  # Q1 and Q3 reported, Q2 and Q4 not
    assert completeness(start, 3, reports, date(2026, 1, 15)) == (2, 4)
    assert completeness(start, 12, [], date(2025, 6, 1)) == (0, 0)
