"""Geometry of the small chart of one quantitative effect goal: baseline, target, the straight line between them,
and the measurements. Only numbers are computed here; followup/_goal_chart.svg draws them (autoescaped), with the
same accessibility as the goal page's chart: role="img", a title and a description, and a table of the numbers."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    day: datetime.date
    value: Decimal

    @property
    def box(self) -> tuple[float, float]:
        """Top left corner of the square marker around the point."""
        return self.x - 4, self.y - 4

    @property
    def diamond(self) -> str:
        """SVG path of the diamond marker around the point."""
        return f"M {self.x:.1f} {self.y - 6:.1f} l 6 6 l -6 6 l -6 -6 z"


@dataclass(frozen=True)
class Tick:
    y: float
    value: Decimal


@dataclass(frozen=True)
class GoalChart:
    width: int
    height: int
    baseline: Point
    target: Point
    measurements: list[Point]
    ticks: list[Tick]
    x_labels: list[Point]
    plot_left: int
    plot_right: int
    plot_bottom: int

    @property
    def tick_label_x(self) -> int:
        return self.plot_left - 6

    @property
    def x_label_y(self) -> int:
        return self.plot_bottom + 18

    @property
    def measurement_path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.measurements)


def goal_chart(
    baseline: Decimal,
    baseline_date: datetime.date,
    target: Decimal,
    target_date: datetime.date,
    measurements: list[tuple[datetime.date, Decimal]],
) -> GoalChart:
    days = [baseline_date, target_date, *(day for day, _value in measurements)]
    values = [baseline, target, *(value for _day, value in measurements)]
    first, last = min(days), max(days)
    low, high = min(values), max(values)
    pad = (high - low) / 10 or abs(high) / 10 or Decimal(1)
    low, high = low - pad, high + pad
    span_days = max((last - first).days, 1)

    def point(day, value) -> Point:
        x = LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span_days
        y = HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * float((value - low) / (high - low))
        return Point(round(x, 1), round(y, 1), day, value)

    ticks = [Tick(point(first, v).y, v) for v in (low + (high - low) * k / 4 for k in range(5))]
    return GoalChart(
        width=WIDTH,
        height=HEIGHT,
        baseline=point(baseline_date, baseline),
        target=point(target_date, target),
        measurements=[point(day, value) for day, value in sorted(measurements)],
        ticks=ticks,
        x_labels=[point(first, low), point(last, low)],
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_bottom=HEIGHT - BOTTOM,
    )
