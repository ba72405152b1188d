"""Tests for the accessible SVG line chart."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from goal.chart import (
    DASHES,
    EMPHASIS_COLOUR,
    MARKERS,
    PALETTE,
    Series,
    render_line_chart,
    years_without_data,
)

D = Decimal
NS = {"svg": "http://www.w3.org/2000/svg"}
YEARS = [2018, 2019, 2020, 2021, 2022]
CITIES = ("Odense", "Aalborg", "Esbjerg", "København", "Randers", "Vejle", "Horsens")


def _series(label: str, base: str, emphasised: bool = False, skip: tuple[int, ...] = (2020,)):
    """A series with a value every year except the skipped ones."""
    points = {y: (None if y in skip else D(base) + D(y - 2018) / 10) for y in YEARS}
    return Series(label, points, emphasised)


def _render(series, years=YEARS, **kwargs) -> ET.Element:
    """Render and parse, which also proves the output is well-formed XML."""
    kwargs.setdefault("title", "Tryghed")
    kwargs.setdefault("description", "Andel borgere der føler sig trygge")
    return ET.fromstring(render_line_chart(series, years, **kwargs))


def _group(root: ET.Element, label: str) -> ET.Element:
    """Find the group drawing one series."""
    for group in root.iterfind(".//svg:g[@class]", NS):
        if "series" in group.get("class", "").split() and group.get("data-series") == label:
            return group
    raise AssertionError(f"no group for {label}")


def _lines(group: ET.Element) -> list[ET.Element]:
    """Line paths (not markers) of one series group."""
    return [p for p in group.iterfind("svg:path", NS) if p.get("class") == "series-line"]


def _luminance(colour: str) -> float:
    """Relative luminance per WCAG 2.1."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _expand(colour: str) -> str:
    """Expand #abc to #aabbcc."""
    return "#" + "".join(c * 2 for c in colour[1:]) if len(colour) == 4 else colour


def test_root_is_an_accessible_image() -> None:
    """role=img with aria-labelledby pointing at the title and desc ids."""
    root = _render([_series("Aarhus", "84", True)], chart_id="tryg")
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "tryg-title tryg-desc"
    assert root.get("viewBox")
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title is not None and title.get("id") == "tryg-title" and title.text == "Tryghed"
    assert desc is not None and desc.get("id") == "tryg-desc"
    assert desc.text == "Andel borgere der føler sig trygge"


def test_gap_year_splits_series_into_two_paths() -> None:
    """A missing year breaks the line instead of interpolating across it."""
    root = _render([_series("Aarhus", "84", True)])
    paths = _lines(_group(root, "Aarhus"))
    assert len(paths) == 2
    assert [p.get("d", "").count("L") for p in paths] == [1, 1]


def test_unbroken_series_is_one_path() -> None:
    """Without gaps a series is a single path."""
    root = _render([_series("Aarhus", "84", True, skip=())])
    assert len(_lines(_group(root, "Aarhus"))) == 1


def test_gap_in_one_series_only_breaks_that_series() -> None:
    """A city missing one year is split even when others have data that year."""
    root = _render([_series("Aarhus", "84", True, skip=()), _series("Odense", "83", skip=(2019,))])
    assert len(_lines(_group(root, "Aarhus"))) == 1
    odense = _group(root, "Odense")
    # 2018 alone has no line, only its marker; 2020-2022 is one line.
    assert len(_lines(odense)) == 1
    assert len([m for m in odense if m.get("class") == "marker"]) == 4


def test_each_series_has_distinct_marker_and_dash() -> None:
    """Series are told apart without colour: unique marker shape and dash pattern."""
    series = [_series("Aarhus", "84", True)] + [_series(c, str(80 + i)) for i, c in enumerate(CITIES[:5])]
    root = _render(series)
    styles = []
    for s in series:
        group = _group(root, s.label)
        markers = {m.get("data-marker") for m in group if m.get("class") == "marker"}
        dashes = {p.get("stroke-dasharray") for p in _lines(group)}
        assert len(markers) == 1 and len(dashes) == 1
        styles.append((markers.pop(), dashes.pop()))
    assert len({m for m, _ in styles}) == len(series)
    assert len({d for _, d in styles}) == len(series)


def test_styles_stay_unique_beyond_six_series() -> None:
    """With more series than shapes the marker/dash pair is still unique."""
    series = [_series("Aarhus", "84", True)] + [_series(c, "80") for c in CITIES]
    root = _render(series)
    pairs = set()
    for s in series:
        group = _group(root, s.label)
        marker = next(m.get("data-marker") for m in group if m.get("class") == "marker")
        dash = _lines(group)[0].get("stroke-dasharray")
        pairs.add((marker, dash))
    assert len(pairs) == len(series)


def test_emphasised_series_is_drawn_last_thicker_and_darker() -> None:
    """Aarhus is painted on top with a heavier, darker line."""
    root = _render([_series("Odense", "83"), _series("Aarhus", "84", True), _series("Vejle", "82")])
    groups = [g for g in root.iterfind("svg:g", NS) if "series" in g.get("class", "").split()]
    assert groups[-1].get("data-series") == "Aarhus"
    aarhus, odense = _lines(groups[-1])[0], _lines(_group(root, "Odense"))[0]
    assert float(aarhus.get("stroke-width")) > float(odense.get("stroke-width"))
    assert aarhus.get("stroke") == EMPHASIS_COLOUR
    assert _luminance(EMPHASIS_COLOUR) < min(_luminance(c) for c in PALETTE)
    assert aarhus.get("stroke-dasharray") is None  # solid


@pytest.mark.parametrize("colour", [EMPHASIS_COLOUR, *PALETTE])
def test_line_colours_contrast_with_white(colour: str) -> None:
    """Line and label colours reach 4.5:1 on white (3:1 is the minimum for lines)."""
    contrast = 1.05 / (_luminance(_expand(colour)) + 0.05)
    assert contrast >= 4.5


def test_labels_are_escaped() -> None:
    """Series names and titles cannot inject markup."""
    markup = render_line_chart(
        [_series("<script>", "84", True)],
        YEARS,
        title='Tryg & "sikker"',
        description="<b>x</b>",
    )
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    root = ET.fromstring(markup)
    assert root.find("svg:title", NS).text == 'Tryg & "sikker"'
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "<script>" in labels  # the parsed text is the literal name


def test_direct_label_at_last_point() -> None:
    """Each series is named next to its last data point."""
    root = _render([_series("Aarhus", "84", True), _series("Odense", "83", skip=(2020, 2022))])
    for label in ("Aarhus", "Odense"):
        texts = [t for t in _group(root, label) if t.get("class") == "series-label"]
        assert [t.text for t in texts] == [label]
    odense_label = next(t for t in _group(root, "Odense") if t.get("class") == "series-label")
    odense_markers = [m for m in _group(root, "Odense") if m.get("class") == "marker"]
    last_x = float(odense_markers[-1].get("cx") or odense_markers[-1].get("x"))
    assert float(odense_label.get("x")) > last_x
    assert float(odense_label.get("x")) < 500  # next to 2021, not at the right edge


def test_direct_labels_do_not_overlap() -> None:
    """Labels for series ending at nearly the same value are nudged apart."""
    series = [_series(c, "84.0" if i % 2 else "84.05") for i, c in enumerate(CITIES)]
    root = _render(series)
    ys = sorted(float(t.get("y")) for t in root.iter() if t.get("class") == "series-label")
    assert len(ys) == len(CITIES)
    assert all(b - a >= 14 for a, b in itertools.pairwise(ys))
    assert ys[-1] <= 360  # still inside the viewBox


def test_year_without_any_data_is_explained() -> None:
    """A survey-less year gets a band with 'ingen måling'."""
    series = [_series("Aarhus", "84", True), _series("Odense", "83")]
    assert years_without_data(series, YEARS) == [2020]
    root = _render(series)
    bands = [g for g in root.iter() if g.get("class") == "no-data-year"]
    assert [b.get("data-year") for b in bands] == ["2020"]
    assert "ingen måling" in "".join(bands[0].itertext())


def test_years_without_data_when_only_some_series_miss() -> None:
    """A year counts as without data only when every series lacks it."""
    series = [_series("Aarhus", "84", True, skip=(2019,)), _series("Odense", "83", skip=(2021,))]
    assert years_without_data(series, YEARS) == []
    assert years_without_data([], YEARS) == YEARS


def test_axes_use_danish_numbers() -> None:
    """Tick labels use a decimal comma; every year gets an x label."""
    root = _render([Series("Aarhus", {2021: D("84.3"), 2022: D("84.6")}, True)], years=[2021, 2022])
    y_labels = [t.text for t in root.iter() if t.get("class") == "y-label"]
    assert len(y_labels) >= 3
    assert any("," in label for label in y_labels)
    assert all("." not in label for label in y_labels)
    x_labels = [t.text for t in root.iter() if t.get("class") == "x-label"]
    assert x_labels == ["2021", "2022"]


def test_y_range_is_padded_data_range_not_zero() -> None:
    """The axis zooms to the data rather than starting at zero."""
    root = _render([_series("Aarhus", "84", True)])
    ticks = [t.text for t in root.iter() if t.get("class") == "y-label"]
    numbers = [D(re.sub(r"[^\d,]", "", t).replace(",", ".")) for t in ticks]
    assert min(numbers) > 70
    assert min(numbers) <= D("84") and max(numbers) >= D("84.4")


@pytest.mark.parametrize(
    ("series", "years"),
    [
        ([], YEARS),
        ([Series("Aarhus", {}, True)], YEARS),
        ([Series("Aarhus", {y: None for y in YEARS}, True)], YEARS),
        ([_series("Aarhus", "84", True)], []),
    ],
)
def test_no_data_renders_placeholder(series, years) -> None:
    """Without any value the chart still renders with title, desc and 'Ingen data'."""
    root = _render(series, years=years, chart_id="tom")
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).get("id") == "tom-title"
    assert "Ingen data" in "".join(root.itertext())


@pytest.mark.parametrize(
    ("points", "years"),
    [
        ({2022: D("84.0")}, [2022]),  # single year
        ({2022: D("84.0")}, YEARS),  # single point among several years
        ({2021: D("0"), 2022: D("0")}, [2021, 2022]),  # flat at zero
        ({2021: D("100"), 2022: D("100")}, [2021, 2022]),  # flat at the top
    ],
)
def test_degenerate_data_still_renders(points, years) -> None:
    """Single points and flat series render a marker and a label, and no NaN."""
    markup = render_line_chart([Series("Aarhus", points, True)], years, title="T", description="D")
    assert "nan" not in markup.lower() and "inf" not in markup.lower()
    root = ET.fromstring(markup)
    group = _group(root, "Aarhus")
    assert len([m for m in group if m.get("class") == "marker"]) == len(points)
    assert any(t.get("class") == "series-label" for t in group)


def test_percent_axis_stays_within_0_and_100() -> None:
    """A share axis never shows impossible values above 100 %."""
    root = _render([Series("Aarhus", {2021: D("99"), 2022: D("100")}, True)], years=[2021, 2022])
    ticks = [t.text for t in root.iter() if t.get("class") == "y-label"]
    assert ticks[-1] in {"100 %", "100,0 %", "100,00 %"}


def test_markers_and_dashes_are_defined_distinctly() -> None:
    """The style tables themselves contain no duplicates."""
    assert len(set(MARKERS)) == len(MARKERS) >= 6
    assert len(set(DASHES)) == len(DASHES) >= 6
