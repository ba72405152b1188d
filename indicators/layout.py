"""Layout step of the import: the grid of a file becomes long rows, one per (year, area, measure).

Published tables come in three layouts, detected from the header or chosen by the administrator:

* long: one value per row (`år;område;måling;værdi;nedre;øvre;respondenter;kilde`);
* years as columns: one row per area, a column per year (`Kommune;2019;2021;2022`);
* measures as columns: one row per area (and year), a column per measure (`Område;andel_trygge;tryghedsindeks`).

Rows above the header (a title) and rows with a single text cell below it (footnotes) are skipped with a notice.
A second header row under the first is understood ("95 % konfidensinterval" over "nedre" and "øvre", or a year
over "værdi", "nedre", "øvre"); a heading spans the empty cells to its right, as a merged cell does.
"-", "ikke opgjort", "n.a." and an empty cell in a value column are a missing value: skipped and counted.

A column the file leaves out is `None` in every long row (its stored values are left alone); a present, empty
cell is "" (it clears the stored value).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.reading import Cell, FileFormatError, Row, cell_text, read_grid

LONG, YEARS, MEASURES = "long", "years", "measures"
LAYOUT_LABELS = {
    LONG: gettext_lazy("one value per row (long)"),
    YEARS: gettext_lazy("years as columns"),
    MEASURES: gettext_lazy("measures as columns"),
}
# What the long rows are built from; the first six are the same for every value of a row.
KEYS = ("aar", "omraade", "kommunekode", "omraadetype", "maaling", "kilde", "vaerdi", "nedre", "oevre", "respondenter")
VALUE_KEYS = ("vaerdi", "nedre", "oevre", "respondenter")
COLUMN_LABELS = {
    "aar": "år",
    "omraade": "område",
    "kommunekode": "kommunekode",
    "omraadetype": "områdetype",
    "maaling": "måling",
    "vaerdi": "værdi",
    "nedre": "nedre",
    "oevre": "øvre",
    "respondenter": "respondenter",
    "kilde": "kilde",
}
# Headings as administrators and published tables write them, folded by `fold_heading`.
SYNONYMS = {
    **{key: key for key in KEYS},
    "year": "aar",
    "aarstal": "aar",
    "kommune": "omraade",
    "kommunenavn": "omraade",
    "politikreds": "omraade",
    "geografi": "omraade",
    "navn": "omraade",
    "type": "omraadetype",
    "indikator": "maaling",
    "maalingskode": "maaling",
    "tal": "vaerdi",
    "andel": "vaerdi",
    "procent": "vaerdi",
    "pct": "vaerdi",
    "nedregraense": "nedre",
    "nedregraensekonfidensinterval": "nedre",
    "oevregraense": "oevre",
    "oevregraensekonfidensinterval": "oevre",
    "antalrespondenter": "respondenter",
    "antalbesvarelser": "respondenter",
    "besvarelser": "respondenter",
    "antalsvar": "respondenter",
    "kilder": "kilde",
}
# Headings we recognise but do not store; listed in the preview with the reason.
NOT_STORED = {
    "svarprocent": gettext_lazy("the response rate is not stored; the number of respondents is"),
}
MISSING_MARKERS = {"", "-", "–", "—", "..", "ikkeopgjort", "na", "n.a.", "n/a", "x", "ingendata"}
_YEAR = re.compile(r"(19|20)[0-9]{2}")
_MAX_HEADER_SEARCH = 20


def fold_heading(text: object) -> str:
    """Fold a heading to ASCII lower case without spaces or punctuation: "Nedre grænse (%)" → "nedregraense"."""
    folded = unicodedata.normalize("NFC", str(text)).replace("\ufeff", "").lower()
    folded = folded.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^0-9a-z]+", "", folded)


def is_missing(cell: Cell) -> bool:
    if not isinstance(cell, str):
        return False
    # Most cells are numbers, and no marker starts with a digit.
    return not cell[:1].isdigit() and "".join(cell.lower().split()) in MISSING_MARKERS


@dataclass
class Column:
    """What one column of the file holds."""

    index: int
    heading: str
    key: str | None = None
    year: int | None = None
    measure: str | None = None
    ignored_because: str = ""

    @property
    def label(self) -> str:
        return self.heading or COLUMN_LABELS.get(self.key or "", "")


@dataclass(slots=True)
class LongRow:
    """One value of the file with everything that identifies it, as cells (cleaned by the planning step).

    Optional fields are None when the file has no such column (the stored value is kept) and "" when the
    file's cell is empty (the stored value is cleared). `labels` names the file column of each field.
    """

    line: int
    year: Cell | None
    area: Cell
    measure: Cell | None
    value: Cell
    area_code: Cell = ""
    area_kind: Cell = ""
    ci_low: Cell | None = None
    ci_high: Cell | None = None
    respondents: Cell | None = None
    source: Cell | None = None
    labels: dict[str, str] = field(default_factory=dict)


FIELD_OF_KEY = {
    "vaerdi": "value",
    "nedre": "ci_low",
    "oevre": "ci_high",
    "respondenter": "respondents",
    "kilde": "source",
    "aar": "year",
    "maaling": "measure",
    "omraade": "area",
    "kommunekode": "area_code",
    "omraadetype": "area_kind",
}


@dataclass
class LongTable:
    """The file as long rows, with what the administrator should know about how it was read."""

    rows: list[LongRow] = field(default_factory=list)
    layout: str = LONG
    skipped: list[tuple[int, str]] = field(default_factory=list)
    missing: list[tuple[int, str]] = field(default_factory=list)
    unknown: list[Column] = field(default_factory=list)
    chosen: list[Column] = field(default_factory=list)
    not_stored: list[Column] = field(default_factory=list)
    needs_year: bool = False
    needs_measure: bool = False

    @property
    def layout_label(self) -> str:
        return str(LAYOUT_LABELS[self.layout])


def read_long_table(data: bytes, file_name: str, *, measures: dict[str, str], **choices) -> LongTable:
    """Read an uploaded file (first sheet of a workbook) into long rows; see `to_long_rows` for the choices."""
    grid, sheets = read_grid(data, file_name)
    try:
        return to_long_rows(grid, measures=measures, **choices)
    except FileFormatError as e:
        if len(sheets) < 2:
            raise
        # The data are often on another sheet than the first (a cover sheet, notes).
        raise FileFormatError(
            _(
                "%(problem)s Only the first sheet of the workbook (“%(sheet)s”) is read; move the sheet with the "
                "figures to the front and try again."
            )
            % {"problem": e.message, "sheet": sheets[0][:30]},
            row=e.row,
            column=e.column,
        ) from None


def to_long_rows(
    grid: list[Row],
    *,
    measures: dict[str, str],
    layout: str | None = None,
    year: int | None = None,
    measure: str | None = None,
    column_map: dict[int, str] | None = None,
) -> LongTable:
    """Turn the grid into long rows. `measures` maps folded measure codes and names to codes.

    `layout` forces a layout (None detects it); `year` and `measure` apply where the file does not say;
    `column_map` maps a column (by index) the importer did not recognise to a key, or "" to ignore it; a column
    it does not recognise and `column_map` leaves out is listed in `unknown` (planning refuses the file until
    every one is chosen).
    """
    column_map = column_map or {}
    rows = [row for row in grid if any((c.strip() if type(c) is str else cell_text(c)) for c in row[1])]
    if not rows:
        raise FileFormatError(_("The file is empty."))
    table = LongTable()
    start, columns = _find_header(rows, measures, layout, column_map)
    for line, cells in rows[:start]:
        table.skipped.append((line, _row_text(cells)))
    header_rows = 1
    if start + 1 < len(rows):
        second = _second_header(rows[start + 1][1], columns, measures, layout, column_map)
        if second is not None:
            columns, header_rows = second, 2
    header_line = rows[start][0]
    _check_columns(columns, header_line, layout)
    by_group: dict[tuple, dict[str, Column]] = {}
    row_columns: dict[str, Column] = {}
    for column in columns:
        if column.key is None:
            continue
        if column.year is None and column.measure is None and column.key not in VALUE_KEYS:
            row_columns[column.key] = column
        else:
            by_group.setdefault((column.year, column.measure), {})[column.key] = column
    table.layout = (
        YEARS
        if any(y is not None for y, _m in by_group)
        else MEASURES
        if any(m is not None for _y, m in by_group)
        else LONG
    )
    table.unknown = [
        c for c in columns if c.key is None and c.heading and not c.ignored_because and c.index not in column_map
    ]
    table.chosen = [c for c in columns if c.heading and c.index in column_map]
    table.not_stored = [c for c in columns if c.ignored_because]
    for group_year, group_measure in by_group:
        if group_year is None and "aar" not in row_columns and year is None:
            table.needs_year = True
        if group_measure is None and "maaling" not in row_columns and measure is None:
            table.needs_measure = True
    width = max((c.index for c in columns if c.heading), default=0) + 1
    makers = [
        _LongRowMaker(row_columns, group, group_year or year, group_measure or measure)
        for (group_year, group_measure), group in by_group.items()
    ]
    for line, cells in rows[start + header_rows :]:
        if len(cells) > width and any(cell_text(c) for c in cells[width:]):
            count = max(i for i, c in enumerate(cells) if cell_text(c)) + 1
            raise FileFormatError(
                _(
                    "Line %(line)s has %(count)s cells, but the header has %(width)s. Check for missing or extra "
                    'separators (;) or quotes ("), or give the extra column a heading.'
                )
                % {"line": line, "count": count, "width": width},
                row=line,
            )
        filled = [c for c in cells if (c.strip() if type(c) is str else cell_text(c))]
        if len(filled) == 1 and isinstance(filled[0], str) and not _YEAR.fullmatch(filled[0]):
            table.skipped.append((line, filled[0]))
            continue
        for maker in makers:
            maker.add(table, line, cells)
    if not table.rows and not table.missing:
        raise FileFormatError(_("The file has headings but no rows with values."), row=header_line)
    return table


class _LongRowMaker:
    """Makes the long rows of one group of value columns (a year, a measure, or the file's one value): which
    cell is which, and the columns' labels, are worked out once per group, not once per row."""

    def __init__(
        self, row_columns: dict[str, Column], group: dict[str, Column], year: Cell | None, measure: Cell | None
    ):
        def index(column: Column | None) -> int:
            # A column the file does not have points at the None that `add` puts after the row's cells.
            return -1 if column is None else column.index

        self.value_column = group.get("vaerdi")
        self.labels = {FIELD_OF_KEY[key]: column.label for key, column in (row_columns | group).items()}
        if year is not None and self.value_column is not None:
            self.labels.setdefault("year", self.value_column.label)
        self.year, self.measure = year, measure
        self.value = index(self.value_column)
        self.year_at = index(row_columns.get("aar"))
        self.measure_at = index(row_columns.get("maaling"))
        self.area = index(row_columns.get("omraade"))
        self.code = index(row_columns.get("kommunekode"))
        self.kind = index(row_columns.get("omraadetype"))
        self.source = index(row_columns.get("kilde"))
        self.optional = [
            (FIELD_OF_KEY[key], index(group.get(key) or row_columns.get(key)))
            for key in ("nedre", "oevre", "respondenter")
        ]
        self.width = 1 + max(
            self.value,
            self.year_at,
            self.measure_at,
            self.area,
            self.code,
            self.kind,
            self.source,
            *(i for _name, i in self.optional),
        )

    def add(self, table: LongTable, line: int, cells: list[Cell]) -> None:
        # A short row reads as empty cells to the right; then the None for columns the file does not have.
        cells = [*cells, *[""] * (self.width - len(cells)), None]
        value = cells[self.value]
        if value is None or is_missing(value):
            label = self.value_column.label if self.value_column else ""
            area = cell_text(cells[self.area] or cells[self.code] or "")
            table.missing.append((line, f"{area}, {label}".strip(", ")))
            return
        optional = {}
        for name, at in self.optional:
            found = cells[at]
            optional[name] = "" if found is not None and is_missing(found) else found
        table.rows.append(
            LongRow(
                line=line,
                year=self.year if self.year is not None else cells[self.year_at],
                area=cells[self.area] or "",
                area_code=cells[self.code] or "",
                area_kind=cells[self.kind] or "",
                measure=self.measure if self.measure is not None else cells[self.measure_at],
                value=value,
                source=cells[self.source],
                labels=self.labels,
                **optional,
            )
        )


def _describe(
    index: int, cell: Cell, measures: dict[str, str], layout: str | None, column_map: dict[int, str]
) -> Column:
    heading = cell_text(cell)
    column = Column(index, heading)
    if index in column_map:
        column.key = column_map[index] or None
        return column
    folded = fold_heading(heading)
    if folded in SYNONYMS:
        column.key = SYNONYMS[folded]
    elif folded in NOT_STORED:
        column.ignored_because = str(NOT_STORED[folded])
    elif layout in (None, YEARS) and _YEAR.fullmatch(folded):
        column.year = int(folded)
    elif layout in (None, MEASURES) and folded in measures:
        column.measure = measures[folded]
    return column


def _recognised(column: Column) -> bool:
    return column.key is not None or column.year is not None or column.measure is not None


def _find_header(rows, measures, layout, column_map) -> tuple[int, list[Column]]:
    """The first row that names at least two columns we know (title rows above it are skipped)."""
    for position, (_line, cells) in enumerate(rows[:_MAX_HEADER_SEARCH]):
        columns = [_describe(i, c, measures, layout, column_map if position == 0 else {}) for i, c in enumerate(cells)]
        if sum(1 for c in columns if _recognised(c)) >= 2:
            return position, [_describe(i, c, measures, layout, column_map) for i, c in enumerate(cells)]
    line, cells = rows[0]
    columns = [_describe(i, c, measures, layout, column_map) for i, c in enumerate(cells)]
    _check_columns(columns, line, layout)
    raise AssertionError("unreachable: _check_columns raises for a header without known columns")  # pragma: no cover


def _second_header(cells, columns, measures, layout, column_map) -> list[Column] | None:
    """The merged two-row header, when the row under the header names columns the first row does not."""
    below = [_describe(i, c, measures, layout, {}) for i, c in enumerate(cells)]
    if not any(b.key for b in below) or any(isinstance(c, Decimal) for c in cells):
        return None
    if all(b.key is None or (b.index < len(columns) and columns[b.index].key == b.key) for b in below):
        return None
    merged: list[Column] = []
    group: Column | None = None
    for index in range(max(len(columns), len(below))):
        top = columns[index] if index < len(columns) else Column(index, "")
        if top.heading:
            # A year or a group label ("95 % konfidensinterval") spans the empty cells to its right.
            group = top if top.key is None else None
        above = top if top.heading else group or Column(index, "")
        bottom = below[index] if index < len(below) else Column(index, "")
        column = Column(index, " ".join(filter(None, [above.heading, bottom.heading])))
        if index in column_map:
            column.key = column_map[index] or None
        else:
            column.key = bottom.key or above.key
            column.year = bottom.year or above.year
            column.measure = bottom.measure or above.measure
            column.ignored_because = above.ignored_because or bottom.ignored_because
        merged.append(column)
    return merged


def _check_columns(columns: list[Column], line: int, layout: str | None) -> None:
    """The header names an area column and at least one value column, each once."""
    for column in columns:
        if column.key is None and (column.year is not None or column.measure is not None):
            column.key = "vaerdi"
    seen: dict[tuple, Column] = {}
    for column in columns:
        if column.key is None:
            continue
        ident = (column.key, column.year, column.measure)
        if ident in seen:
            raise FileFormatError(
                _(
                    "The column “%(column)s” appears twice in the header (columns %(first)s and %(second)s). "
                    "Delete or rename one of them."
                )
                % {"column": column.label, "first": seen[ident].index + 1, "second": column.index + 1},
                row=line,
                column=column.label,
            )
        seen[ident] = column
    keys = {c.key for c in columns}
    missing = []
    if not keys & {"omraade", "kommunekode"}:
        missing.append("område")
    if "vaerdi" not in keys:
        missing.append("værdi")
    if layout == YEARS and not any(c.year for c in columns):
        raise FileFormatError(
            _(
                "You chose “years as columns”, but no heading is a year. Write the years (e.g. 2023) as headings, "
                "or choose another layout."
            ),
            row=line,
        )
    if layout == MEASURES and not any(c.measure for c in columns):
        raise FileFormatError(
            _(
                "You chose “measures as columns”, but no heading is a measure. Write the measure codes "
                "(e.g. andel_trygge) as headings, or choose another layout."
            ),
            row=line,
        )
    if missing:
        raise FileFormatError(
            _(
                "The column(s) %(columns)s are missing in the header (line %(line)s). The file needs at least an area "
                "column (område, kommune or kommunekode) and a value column (værdi, or a year or measure per column); "
                "år and måling are asked for when the file does not give them."
            )
            % {"columns": " og ".join(f"»{m}«" for m in missing), "line": line},
            row=line,
            column=missing[0],
        )


def _row_text(cells: list[Cell]) -> str:
    text = " ".join(cell_text(c) for c in cells if cell_text(c))
    return text if len(text) <= 60 else text[:59] + "…"
