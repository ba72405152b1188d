"""Server-rendered, accessible SVG line chart (no JavaScript)."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

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
    """One line in the chart: a label and a value (or None) per year."""

    label: str
    points: Mapping[int, Decimal | None]
    emphasised: bool = False


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


def _esc(text: str) -> str:
    """Escape text for use in both SVG text nodes and attribute values."""
    return html.escape(text, quote=True)


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


def years_without_data(series: Sequence[Series], years: Sequence[int]) -> list[int]:
    """Return the years in which no series has a value (e.g. no survey in 2020)."""
    return [year for year in years if all(_point(s, year) is None for s in series)]


def _all_values(series: Sequence[Series], years: Sequence[int]) -> list[Decimal]:
    """Collect every drawable value."""
    return [v for s in series for year in years if (v := _point(s, year)) is not None]


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


def _runs(series: Series, years: Sequence[int]) -> list[list[tuple[int, Decimal]]]:
    """Split a series into runs of consecutive years that all have values."""
    runs: list[list[tuple[int, Decimal]]] = []
    current: list[tuple[int, Decimal]] = []
    for year in years:
        value = _point(series, year)
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((year, value))
    if current:
        runs.append(current)
    return runs


def _marker(shape: str, x: float, y: float, style: _Style) -> str:
    """Draw one data marker in the series' shape."""
    r = style.marker_size
    common = f'class="marker" data-marker="{shape}" fill="{style.colour}"'
    outline = f'stroke="{style.colour}" stroke-width="2.5" fill="none"'
    if shape == "circle":
        return f'<circle {common} stroke="#fff" cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}"/>'
    if shape == "square":
        side = r * 1.7
        return (
            f'<rect {common} stroke="#fff" x="{_num(x - side / 2)}" y="{_num(y - side / 2)}" '
            f'width="{_num(side)}" height="{_num(side)}"/>'
        )
    if shape == "triangle":
        d = (
            f"M{_num(x)},{_num(y - r * 1.2)} L{_num(x + r * 1.15)},{_num(y + r * 0.85)} "
            f"L{_num(x - r * 1.15)},{_num(y + r * 0.85)} Z"
        )
        return f'<path {common} stroke="#fff" d="{d}"/>'
    if shape == "diamond":
        k = r * 1.3
        d = (
            f"M{_num(x)},{_num(y - k)} L{_num(x + k)},{_num(y)} "
            f"L{_num(x)},{_num(y + k)} L{_num(x - k)},{_num(y)} Z"
        )
        return f'<path {common} stroke="#fff" d="{d}"/>'
    if shape == "cross":
        d = f"M{_num(x - r)},{_num(y)} H{_num(x + r)} M{_num(x)},{_num(y - r)} V{_num(y + r)}"
    else:
        d = (
            f"M{_num(x - r)},{_num(y - r)} L{_num(x + r)},{_num(y + r)} "
            f"M{_num(x - r)},{_num(y + r)} L{_num(x + r)},{_num(y - r)}"
        )
    return f'<path class="marker" data-marker="{shape}" {outline} d="{d}"/>'


def _line(points: Sequence[tuple[float, float]], style: _Style) -> str:
    """Draw one unbroken run of a series."""
    d = " ".join(f"{'M' if i == 0 else 'L'}{_num(x)},{_num(y)}" for i, (x, y) in enumerate(points))
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    return (
        f'<path class="series-line" d="{d}" fill="none" stroke="{style.colour}" '
        f'stroke-width="{_num(style.stroke_width)}"{dash} '
        'stroke-linejoin="round" stroke-linecap="round"/>'
    )


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


def _direct_labels(
    series: Sequence[Series], styles: Sequence[_Style], scale: _Scale
) -> dict[int, str]:
    """Build a text label next to each series' last data point."""
    anchors: dict[int, tuple[float, float]] = {}
    for index, s in enumerate(series):
        last = [year for year in scale.years if _point(s, year) is not None]
        if last:
            value = _point(s, last[-1])
            assert value is not None
            anchors[index] = (scale.x(last[-1]), scale.y(value))
    ys = _spread({i: y for i, (_, y) in anchors.items()})
    labels: dict[int, str] = {}
    for index, (x, _) in anchors.items():
        weight = ' font-weight="700"' if series[index].emphasised else ""
        labels[index] = (
            f'<text class="series-label" x="{_num(x + styles[index].marker_size + 6)}" '
            f'y="{_num(ys[index])}" dy="0.35em" fill="{styles[index].colour}"{weight}>'
            f"{_esc(series[index].label)}</text>"
        )
    return labels


def _series_group(series: Series, style: _Style, scale: _Scale, label: str) -> str:
    """Draw one series: a path per unbroken run, markers and its label."""
    parts: list[str] = []
    markers: list[str] = []
    for run in _runs(series, scale.years):
        points = [(scale.x(year), scale.y(value)) for year, value in run]
        # A lone point has no line; its marker alone shows it.
        if len(points) > 1:
            parts.append(_line(points, style))
        markers.extend(_marker(style.marker, x, y, style) for x, y in points)
    css = "series series-emphasised" if series.emphasised else "series"
    body = "".join(parts + markers) + label
    return f'<g class="{css}" data-series="{_esc(series.label)}">{body}</g>'


def _y_axis(scale: _Scale, step: Decimal, unit: str) -> str:
    """Draw horizontal gridlines with Danish-formatted value labels."""
    places = _tick_places(step)
    suffix = f" {unit}" if unit else ""
    parts: list[str] = []
    for tick in _ticks(scale.y_min, scale.y_max, step):
        y = _num(scale.y(tick))
        parts.append(
            f'<line class="gridline" x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" '
            f'y1="{y}" y2="{y}" stroke="{GRID_COLOUR}"/>'
            f'<text class="y-label" x="{MARGIN_LEFT - 8}" y="{y}" dy="0.35em" '
            f'text-anchor="end" fill="{TEXT_COLOUR}">'
            f"{_esc(format_number(tick, places) + suffix)}</text>"
        )
    return f'<g class="y-axis">{"".join(parts)}</g>'


def _x_axis(scale: _Scale) -> str:
    """Draw the baseline and year labels, thinned when there are many years."""
    every = -(-len(scale.years) // MAX_X_LABELS)
    baseline = HEIGHT - MARGIN_BOTTOM
    axis_line = (
        f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{baseline}" '
        f'y2="{baseline}" stroke="{TEXT_COLOUR}"/>'
    )
    parts = [axis_line]
    last = len(scale.years) - 1
    for i, year in enumerate(scale.years):
        if i % every and i != last:
            continue
        parts.append(
            f'<text class="x-label" x="{_num(scale.x(year))}" y="{baseline + 20}" '
            f'text-anchor="middle" fill="{TEXT_COLOUR}">{year}</text>'
        )
    return f'<g class="x-axis">{"".join(parts)}</g>'


def _gap_bands(
    scale: _Scale, missing: Sequence[int], chart_id: str, labels: Mapping[int, str]
) -> str:
    """Shade years without any measurement so the gap in the lines is explained."""
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    parts: list[str] = []
    for year in missing:
        label = labels.get(year, "ingen måling")
        x = scale.x(year)
        centre_y = (top + bottom) / 2
        parts.append(
            f'<g class="no-data-year" data-year="{year}">'
            f'<rect x="{_num(x - scale.slot / 2)}" y="{top}" width="{_num(scale.slot)}" '
            f'height="{bottom - top}" fill="url(#{_esc(chart_id)}-hatch)"/>'
            f'<text x="{_num(x)}" y="{_num(centre_y)}" dy="0.35em" text-anchor="middle" '
            f'font-size="11" fill="{MUTED_TEXT_COLOUR}" '
            f'transform="rotate(-90 {_num(x)} {_num(centre_y)})">{_esc(label)}</text></g>'
        )
    return "".join(parts)


def _hatch_pattern(chart_id: str) -> str:
    """Define the light diagonal hatch used for years without data."""
    return (
        f'<defs><pattern id="{_esc(chart_id)}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#f4f4f4"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#d0d0d0" stroke-width="2"/>'
        "</pattern></defs>"
    )


def _svg(chart_id: str, title: str, description: str, body: str) -> str:
    """Wrap chart content in an SVG exposed to assistive tech as one image."""
    cid = _esc(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="line-chart" id="{cid}" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="system-ui, sans-serif" font-size="12">'
        f'<title id="{cid}-title">{_esc(title)}</title>'
        f'<desc id="{cid}-desc">{_esc(description)}</desc>'
        f"{body}</svg>"
    )


def _no_data_body() -> str:
    """Body shown when there is nothing to plot."""
    return (
        f'<text class="no-data" x="{WIDTH / 2:g}" y="{HEIGHT / 2:g}" text-anchor="middle" '
        f'font-size="16" fill="{MUTED_TEXT_COLOUR}">Ingen data</text>'
    )


def render_line_chart(
    series: Sequence[Series],
    years: Sequence[int],
    *,
    title: str,
    description: str,
    unit: str = "%",
    chart_id: str = "chart",
    gap_labels: Mapping[int, str] | None = None,
) -> str:
    """Render series over years as an accessible SVG line chart string.

    A year without any value gets a shaded band labelled "ingen måling", or `gap_labels[year]` when given.
    """
    values = _all_values(series, years)
    if not years or not values:
        return _svg(chart_id, title, description, _no_data_body())
    y_min, y_max, step = _y_range(values, unit)
    scale = _Scale(tuple(years), y_min, y_max)
    styles = _styles(series)
    labels = _direct_labels(series, styles, scale)
    # Emphasised series last, so Aarhus is painted on top of the others.
    order = sorted(range(len(series)), key=lambda i: series[i].emphasised)
    groups = "".join(_series_group(series[i], styles[i], scale, labels.get(i, "")) for i in order)
    body = (
        _hatch_pattern(chart_id)
        + _gap_bands(scale, years_without_data(series, years), chart_id, gap_labels or {})
        + _y_axis(scale, step, unit)
        + _x_axis(scale)
        + groups
    )
    return _svg(chart_id, title, description, body)
