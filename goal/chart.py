"""Server-rendered, accessible SVG line chart (no JavaScript).

The geometry (scale, ticks, runs, markers, label placement, error bars, break marks) is computed here; the markup
comes from the autoescaped template `indicators/line_chart.svg`, so no text reaches the SVG unescaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from formatting.numbers import format_number

__all__ = ["Series", "render_line_chart", "years_without_data"]

WIDTH, HEIGHT = 720, 360
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 150, 20, 40
LABEL_GAP = 15.0
MAX_X_LABELS = 12

# Emphasis is carried by weight and darkness; every colour below has at least
# 4.5:1 contrast on white, so it also works for the direct text labels.
EMPHASIS_COLOUR = "#0b2a4a"
PALETTE = ("#b35900", "#2e7d32", "#6a1b9a", "#8b0000", "#444444", "#00695c", "#ad1457", "#1f4e79")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "x")
# Empty string is a solid line; the emphasised series always gets it.
DASHES = ("", "6 3", "2 3", "8 3 2 3", "12 4", "4 2 1 2")
TEXT_COLOUR = "#333333"
MUTED_TEXT_COLOUR = "#595959"
GRID_COLOUR = "#e0e0e0"


@dataclass(frozen=True)
class Series:
    """One line in the chart: a label and a value (or None) per year, with 95 % intervals where known."""

    label: str
    points: Mapping[int, Decimal | None]
    emphasised: bool = False
    intervals: Mapping[int, tuple[Decimal, Decimal]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Style:
    """Visual encoding of one series; marker and dash make it colour-independent."""

    colour: str
    marker: str
    dash: str
    stroke_width: float
    marker_size: float


@dataclass(frozen=True)
class _Scale:
    """Maps years and values to pixel coordinates inside the plot area."""

    years: tuple[int, ...]
    y_min: Decimal
    y_max: Decimal

    @property
    def slot(self) -> float:
        """Width given to each year; points sit in the middle of their slot."""
        return (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / len(self.years)

    def x(self, year: int) -> float:
        """Horizontal pixel position of a year."""
        return MARGIN_LEFT + (self.years.index(year) + 0.5) * self.slot

    def y(self, value: Decimal) -> float:
        """Vertical pixel position of a value; pixels need no Decimal precision."""
        share = float((value - self.y_min) / (self.y_max - self.y_min))
        return HEIGHT - MARGIN_BOTTOM - share * (HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)


def _num(value: float) -> str:
    """Format a pixel coordinate compactly."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def _point(series: Series, year: int) -> Decimal | None:
    """Return a series' finite value for a year, or None."""
    value = series.points.get(year)
    if value is None or not value.is_finite():
        return None
    return value


def _interval(series: Series, year: int) -> tuple[Decimal, Decimal] | None:
    """The year's interval, when the year has a value and both bounds are finite."""
    bounds = series.intervals.get(year)
    if _point(series, year) is None or bounds is None or not all(b is not None and b.is_finite() for b in bounds):
        return None
    return bounds


def years_without_data(series: Sequence[Series], years: Sequence[int]) -> list[int]:
    """Return the years in which no series has a value (e.g. no survey in 2020)."""
    return [year for year in years if all(_point(s, year) is None for s in series)]


def _all_values(series: Sequence[Series], years: Sequence[int]) -> list[Decimal]:
    """Collect every drawable value, interval bounds included, so error bars fit on the axis."""
    values = [v for s in series for year in years if (v := _point(s, year)) is not None]
    values += [b for s in series for year in years if (bounds := _interval(s, year)) for b in bounds]
    return values


def _nice_step(raw: Decimal) -> Decimal:
    """Round a raw tick step up to 1, 2, 2.5 or 5 times a power of ten."""
    exponent = raw.adjusted()
    mantissa = raw.scaleb(-exponent)
    for nice in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5)):
        if mantissa <= nice:
            return nice.scaleb(exponent)
    return Decimal(10).scaleb(exponent)


def _padding(low: Decimal, high: Decimal) -> Decimal:
    """Breathing room around the data; a flat series still needs some."""
    if high != low:
        return (high - low) / 10
    return abs(high) / 20 if high else Decimal(1)


def _y_range(values: Sequence[Decimal], unit: str) -> tuple[Decimal, Decimal, Decimal]:
    """Return (min, max, step): padded data range snapped to nice ticks."""
    # Not from zero: the interesting differences are a few points wide.
    low, high = min(values), max(values)
    span = high - low
    pad = _padding(low, high)
    step = _nice_step((span + 2 * pad) / 4)
    y_min = ((low - pad) / step).to_integral_value(rounding=ROUND_FLOOR) * step
    y_max = ((high + pad) / step).to_integral_value(rounding=ROUND_CEILING) * step
    if unit == "%":
        # A share axis beyond 0-100 % would suggest impossible values.
        y_min = max(y_min, Decimal(0)) if low >= 0 else y_min
        y_max = min(y_max, Decimal(100)) if high <= 100 else y_max
    return y_min, y_max, step


def _ticks(y_min: Decimal, y_max: Decimal, step: Decimal) -> list[Decimal]:
    """List tick values from y_min to y_max inclusive."""
    count = int((y_max - y_min) / step)
    return [y_min + step * i for i in range(count + 1)]


def _tick_places(step: Decimal) -> int:
    """Decimals needed so tick labels are exact for this step."""
    exponent = step.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _styles(series: Sequence[Series]) -> list[_Style]:
    """Give every series a distinct marker/dash pair; emphasised ones come first."""
    order = sorted(range(len(series)), key=lambda i: not series[i].emphasised)
    styles: dict[int, _Style] = {}
    for slot, index in enumerate(order):
        emphasised = series[index].emphasised
        # Offsetting the dash by the cycle count keeps pairs unique past six series.
        marker = MARKERS[slot % len(MARKERS)]
        dash = DASHES[(slot + slot // len(MARKERS)) % len(DASHES)]
        colour = EMPHASIS_COLOUR if emphasised else PALETTE[slot % len(PALETTE)]
        width, size = (3.5, 5.5) if emphasised else (2.0, 4.5)
        styles[index] = _Style(colour, marker, dash, width, size)
    return [styles[i] for i in range(len(series))]


def _runs(series: Series, years: Sequence[int], breaks: Sequence[int] = ()) -> list[list[tuple[int, Decimal]]]:
    """Split a series into runs of consecutive years with values; a series break also ends a run."""
    runs: list[list[tuple[int, Decimal]]] = []
    current: list[tuple[int, Decimal]] = []
    for year in years:
        value = _point(series, year)
        if year in breaks and current:
            runs.append(current)
            current = []
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((year, value))
    if current:
        runs.append(current)
    return runs


@dataclass(frozen=True)
class _Marker:
    """One data marker: a circle, a rectangle or a path, in the series' shape."""

    shape: str
    colour: str
    outline_only: bool
    cx: str = ""
    cy: str = ""
    r: str = ""
    x: str = ""
    y: str = ""
    side: str = ""
    d: str = ""


def _marker(shape: str, x: float, y: float, style: _Style) -> _Marker:
    """The geometry of one data marker."""
    r = style.marker_size
    if shape == "circle":
        return _Marker(shape, style.colour, False, cx=_num(x), cy=_num(y), r=_num(r))
    if shape == "square":
        side = r * 1.7
        return _Marker(shape, style.colour, False, x=_num(x - side / 2), y=_num(y - side / 2), side=_num(side))
    if shape == "triangle":
        d = (
            f"M{_num(x)},{_num(y - r * 1.2)} L{_num(x + r * 1.15)},{_num(y + r * 0.85)} "
            f"L{_num(x - r * 1.15)},{_num(y + r * 0.85)} Z"
        )
        return _Marker(shape, style.colour, False, d=d)
    if shape == "diamond":
        k = r * 1.3
        d = f"M{_num(x)},{_num(y - k)} L{_num(x + k)},{_num(y)} L{_num(x)},{_num(y + k)} L{_num(x - k)},{_num(y)} Z"
        return _Marker(shape, style.colour, False, d=d)
    if shape == "cross":
        d = f"M{_num(x - r)},{_num(y)} H{_num(x + r)} M{_num(x)},{_num(y - r)} V{_num(y + r)}"
    else:
        d = (
            f"M{_num(x - r)},{_num(y - r)} L{_num(x + r)},{_num(y + r)} "
            f"M{_num(x - r)},{_num(y + r)} L{_num(x + r)},{_num(y - r)}"
        )
    return _Marker(shape, style.colour, True, d=d)


def _path(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{_num(x)},{_num(y)}" for i, (x, y) in enumerate(points))


def _spread(wanted: Mapping[int, float]) -> dict[int, float]:
    """Nudge label positions apart greedily so no two overlap."""
    order = sorted(wanted, key=lambda i: wanted[i])
    placed: dict[int, float] = {}
    previous = float("-inf")
    for index in order:
        placed[index] = max(wanted[index], previous + LABEL_GAP)
        previous = placed[index]
    # Walk back up from the bottom so labels pushed off the chart come back in.
    limit = HEIGHT - 4.0
    for index in reversed(order):
        placed[index] = min(placed[index], limit)
        limit = placed[index] - LABEL_GAP
    return placed


def _label_positions(series: Sequence[Series], styles: Sequence[_Style], scale: _Scale) -> dict[int, tuple[str, str]]:
    """The (x, y) of a text label next to each series' last data point."""
    anchors: dict[int, tuple[float, float]] = {}
    for index, s in enumerate(series):
        last = [year for year in scale.years if _point(s, year) is not None]
        if last:
            value = _point(s, last[-1])
            assert value is not None
            anchors[index] = (scale.x(last[-1]), scale.y(value))
    ys = _spread({i: y for i, (_, y) in anchors.items()})
    return {i: (_num(x + styles[i].marker_size + 6), _num(ys[i])) for i, (x, _) in anchors.items()}


def _bar_offset(index: int, count: int, scale: _Scale) -> float:
    """Where series `index` of `count` puts its error bars beside the year: spread evenly within the year's slot,
    centred on it, at most 6 px apart."""
    step = min(6.0, scale.slot / (count + 1))
    return (index - (count - 1) / 2) * step


def _series_group(
    series: Series, style: _Style, scale: _Scale, label, breaks: Sequence[int], bar_offset: float = 0
) -> dict:
    """One series: a path per unbroken run, error bars, markers and its label. Its error bars sit `bar_offset`
    beside the year, so the cities' bars for one year stand side by side instead of on top of each other."""
    lines, markers, bars = [], [], []
    for run in _runs(series, scale.years, breaks):
        points = [(scale.x(year), scale.y(value)) for year, value in run]
        # A lone point has no line; its marker alone shows it.
        if len(points) > 1:
            lines.append(_path(points))
        markers.extend(_marker(style.marker, x, y, style) for x, y in points)
        for year, _value in run:
            if bounds := _interval(series, year):
                x = scale.x(year) + bar_offset
                low, high = scale.y(bounds[0]), scale.y(bounds[1])
                cap = 4
                bars.append(
                    {
                        "year": year,
                        "d": f"M{_num(x)},{_num(low)} V{_num(high)} M{_num(x - cap)},{_num(high)} "
                        f"H{_num(x + cap)} M{_num(x - cap)},{_num(low)} H{_num(x + cap)}",
                    }
                )
    return {
        "series": series,
        "style": style,
        "stroke_width": _num(style.stroke_width),
        "lines": lines,
        "markers": markers,
        "error_bars": bars,
        "label": label,
    }


def render_line_chart(
    series: Sequence[Series],
    years: Sequence[int],
    *,
    title: str,
    description: str,
    unit: str = "%",
    chart_id: str = "chart",
    gap_labels: Mapping[int, str] | None = None,
    breaks: Mapping[int, str] | None = None,
) -> str:
    """Render series over years as an accessible SVG line chart string.

    A year without any value gets a shaded band labelled "ingen måling", or `gap_labels[year]` when given. A year in
    `breaks` (a changed method) gets a dashed vertical mark before it with its label, and lines do not join across it.
    Values with an interval get an error bar.
    """
    context = {
        "chart_id": chart_id,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": HEIGHT,
        "colours": {"text": TEXT_COLOUR, "muted": MUTED_TEXT_COLOUR, "grid": GRID_COLOUR},
    }
    values = _all_values(series, years)
    if not years or not values:
        context["no_data"] = {"x": _num(WIDTH / 2), "y": _num(HEIGHT / 2), "text": _("No data")}
        return render_to_string("goal/line_chart.svg", context)
    y_min, y_max, step = _y_range(values, unit)
    scale = _Scale(tuple(years), y_min, y_max)
    styles = _styles(series)
    labels = _label_positions(series, styles, scale)
    break_years = [year for year in (breaks or {}) if year in years]
    # Emphasised series last, so Aarhus is painted on top of the others.
    order = sorted(range(len(series)), key=lambda i: series[i].emphasised)
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    places = _tick_places(step)
    suffix = f" {unit}" if unit else ""
    every = -(-len(years) // MAX_X_LABELS)
    centre_y = (top + bottom) / 2
    context.update(
        plot={
            "left": MARGIN_LEFT,
            "right": WIDTH - MARGIN_RIGHT,
            "top": top,
            "bottom": bottom,
            "height": bottom - top,
            "label_x": MARGIN_LEFT - 8,
            "year_y": bottom + 20,
        },
        ticks=[
            {"y": _num(scale.y(tick)), "text": format_number(tick, places) + suffix}
            for tick in _ticks(y_min, y_max, step)
        ],
        year_labels=[
            {"x": _num(scale.x(year)), "year": year}
            for i, year in enumerate(years)
            if not i % every or i == len(years) - 1
        ],
        gaps=[
            {
                "year": year,
                "x": _num(scale.x(year) - scale.slot / 2),
                "width": _num(scale.slot),
                "text_x": _num(scale.x(year)),
                "text_y": _num(centre_y),
                "label": (gap_labels or {}).get(year) or _("no measurement"),
            }
            for year in years_without_data(series, years)
        ],
        breaks=[
            {"year": year, "x": _num(scale.x(year) - scale.slot / 2), "label_y": top + 10, "label": breaks[year]}
            for year in break_years
        ],
        groups=[
            _series_group(series[i], styles[i], scale, labels.get(i), break_years, _bar_offset(i, len(series), scale))
            for i in order
        ],
    )
    return render_to_string("goal/line_chart.svg", context)
