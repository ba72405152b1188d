"""Reading Statistikbanken's tables STRAF11 (reported crimes) and FOLK1A (population) as they are delivered.

Two shapes are accepted (fixtures/statistikbanken/README.md keeps real examples of both and says where from):

* the API's CSV (``api.statbank.dk/v1/data/FOLK1A/CSV?...``): semicolon-separated, UTF-8, CRLF, a header row
  naming the variables, one value per row, e.g. ``OMRÅDE;CIVILSTAND;TID;INDHOLD`` /
  ``Hele landet;I alt;2016K1;5707251``; with ``valuePresentation=Code`` the cells are codes
  (``000;1;0;2008K1;32976``);
* the download from statbank.dk: Windows-1252, comma-separated with quoted labels (``" ","Aarhus",8242,...``)
  or semicolon-separated, possibly a title line, a row of quarters (``"2007K1"``), label columns before the
  values where an empty label means "as above" (a variable with one chosen value may be an empty column
  throughout), a row of labels alone above their rows, and notes below.

Both become long rows (area, quarter, value), then the import's long rows (`indicators.layout.LongRow`), which take
the same planning, preview and writing path as any index file. Only the totals are used (all offences; both sexes,
all ages, every marital status); other breakdowns are left out. Reports are summed per calendar year, from complete
years only; the population of a year is the count on 1 January (the year's first quarter). Regions, "landsdele",
"Uoplyst kommune" and Christiansø are left out: the index follows the country and the municipalities.
Statistikbanken's ".." (not available) is a missing value. Downloads in English (``2021Q2``) are refused with the
fix, because their area names are not the index's.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext, gettext_lazy

from indicators.cleaning import parse_int
from indicators.layout import LongRow, LongTable
from indicators.models import IndexValue
from indicators.reading import FileFormatError

__all__ = [
    "FOLK1A",
    "STRAF11",
    "StatbankRow",
    "StatbankTable",
    "area_key",
    "parse_statbank",
    "read_statbank",
    "rows_for_import",
    "stored_figures",
    "yearly_population",
    "yearly_reports",
]

STRAF11, FOLK1A = "STRAF11", "FOLK1A"
REPORTS, PER_1000, POPULATION = "anmeldelser_antal", "anmeldelser_pr_1000", "folketal"
SOURCES = {
    STRAF11: "Danmarks Statistik, Statistikbanken tabel STRAF11 (anmeldte forbrydelser)",
    FOLK1A: "Danmarks Statistik, Statistikbanken tabel FOLK1A (folketal 1. januar)",
}

_QUARTER = re.compile(r"(\d{4})K([1-4])")
_ENGLISH_QUARTER = re.compile(r"\d{4}Q[1-4]")
# Labels and codes of the totals in each breakdown the two tables have besides area and time.
_TOTALS = {"overtrædelsens art i alt", "i alt", "alder i alt", "tot", "ialt", "total"}
_BREAKDOWNS = {"overtræd", "køn", "alder", "civilstand"}
_AREA_AGGREGATES = re.compile(r"(region|landsdel)\b", re.IGNORECASE)
_COUNTRY_LABELS = {"hele landet", "000"}
# Rows of the tables that are no area of the index: reports the police could not place in a municipality, and
# Christiansø, which the state administers and which is no municipality (both are in every full download).
_NOT_AREAS = {"uoplyst kommune", "998", "christiansø", "411"}
_MISSING = {"..", ".", "-", ""}

_NOT_STATBANK = gettext_lazy(
    "The file does not look like a table from Statistikbanken. Download STRAF11 or FOLK1A as CSV from statbank.dk, "
    "or from api.statbank.dk/v1/data/STRAF11/CSV, and try again."
)


@dataclass(frozen=True)
class StatbankRow:
    """One value of a Statistikbanken table: an area (name or municipality code) in one quarter."""

    line: int
    area: str
    year: int
    quarter: int
    value: int | None


@dataclass(frozen=True)
class StatbankTable:
    table: str
    rows: list[StatbankRow]


def parse_statbank(data: bytes, expected: str | None = None) -> StatbankTable:
    """Read either shape of STRAF11 or FOLK1A into long rows of totals; raises FileFormatError with a Danish message.

    `expected` is the table the administrator says the file holds. It decides when the file cannot tell (the API's
    codes with every breakdown left out are just OMRÅDE;TID;INDHOLD), and a file that says otherwise is refused.
    """
    text = _decode(data)
    records = [(number, cells) for number, cells in _records(text) if any(cells)]
    if not records:
        raise FileFormatError(gettext("The file is empty."))
    header_at = next((i for i, (_, cells) in enumerate(records) if "indhold" in _lower(cells)), None)
    # The API's CSV names its value column INDHOLD; statbank.dk's download lays the quarters out as columns.
    table = _parse_wide(records, expected) if header_at is None else _parse_long(records, header_at, expected)
    if expected and table.table != expected:
        raise FileFormatError(
            gettext(
                "The file looks like table %(found)s, but you chose %(chosen)s. Choose the right table and try again."
            )
            % {"found": table.table, "chosen": expected}
        )
    return table


def _decode(data: bytes) -> str:
    try:
        return bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        # statbank.dk's download is Windows-1252.
        return bytes(data).decode("cp1252", errors="replace")


def _records(text: str) -> list[tuple[int, list[str]]]:
    """The file's rows, split by the separator that splits its header: the API writes ";", statbank.dk's download
    "," (quoted cells, as in the real example) or ";"; a title line may hold either inside its text."""
    best: list[tuple[int, list[str]]] = []
    for delimiter in (";", ","):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        records = [(reader.line_num, [cell.strip() for cell in cells]) for cells in reader]
        header = next((cells for _, cells in records if _is_header(cells)), None)
        if header is not None and len(header) > 1:
            return records
        best = best or records
    return best


def _is_header(cells: list[str]) -> bool:
    return any(cell.lower() == "indhold" or _QUARTER.fullmatch(cell) for cell in cells)


def _lower(cells: list[str]) -> list[str]:
    return [cell.lower() for cell in cells]


def _table_of(words: Iterable[str], expected: str | None) -> str:
    text = " ".join(words).lower()
    if "overtræd" in text or "forbrydelser" in text or "straf11" in text:
        return STRAF11
    if "folketal" in text or "folk1a" in text or "civilstand" in text or "køn" in text:
        return FOLK1A
    if expected:
        return expected
    raise FileFormatError(_NOT_STATBANK)


def _parse_long(records: list[tuple[int, list[str]]], header_at: int, expected: str | None) -> StatbankTable:
    """The API's CSV: a header row of variable names, one value per row."""
    line, header = records[header_at]
    names = _lower(header)
    title = [cell for _, cells in records[:header_at] for cell in cells]
    if "område" not in names or "tid" not in names:
        raise FileFormatError(gettext("The header must have the columns OMRÅDE, TID and INDHOLD."), row=line)
    table = _table_of([*title, *names], expected)
    area, time, content = names.index("område"), names.index("tid"), names.index("indhold")
    breakdowns = [i for i, name in enumerate(names) if name in _BREAKDOWNS]
    rows = []
    for number, cells in records[header_at + 1 :]:
        cells = cells + [""] * (len(names) - len(cells))
        if any(cells[i].lower() not in _TOTALS for i in breakdowns):
            continue
        row = _row(number, cells[area], cells[time], cells[content])
        if row is not None:
            rows.append(row)
    return _checked(table, rows)


def _parse_wide(records: list[tuple[int, list[str]]], expected: str | None) -> StatbankTable:
    """statbank.dk's download: title line(s), a row of quarters, then label cells followed by one value per quarter."""
    header_at = next(
        (i for i, (_, cells) in enumerate(records) if any(_QUARTER.fullmatch(cell) for cell in cells)), None
    )
    if header_at is None:
        raise FileFormatError(_NOT_STATBANK)
    header_line, header = records[header_at]
    first_value = next(i for i, cell in enumerate(header) if _QUARTER.fullmatch(cell))
    title = [cell for _, cells in records[:header_at] for cell in cells]
    table = _table_of(title, expected)
    labelled = []
    labels = [""] * first_value
    for number, cells in records[header_at + 1 :]:
        # An empty label cell repeats the one above, as on screen; a row of labels alone (a variable's value
        # above its rows) sets them too.
        cells = cells + [""] * (first_value - len(cells))
        labels = [cell or labels[i] for i, cell in enumerate(cells[:first_value])]
        values = cells[first_value:]
        if not any(re.fullmatch(r"\.\.|-?[\d .]+", v) for v in values if v):
            continue  # a title, a row of labels, or a note below the table ("Enhed: antal", "Kilde: ...")
        labelled.append((number, labels, values))
    area_at = _area_column(labelled, first_value, header_line)
    rows = []
    for number, labels, values in labelled:
        # A label column that is empty names no breakdown (statbank.dk leaves a variable with one chosen value
        # unlabelled, as in the real example); any label it has must be a total.
        breakdowns = [label for i, label in enumerate(labels) if i != area_at and label]
        if any(label.lower() not in _TOTALS for label in breakdowns):
            continue
        for period, cell in zip(header[first_value:], values, strict=False):
            row = _row(number, labels[area_at], period, cell)
            if row is not None:
                rows.append(row)
    return _checked(table, rows)


def _area_column(labelled: list, first_value: int, line: int) -> int:
    """The label column that names areas: the first one with labels of which none is a breakdown's total.

    The bank puts the area first by default, but a download may order the variables otherwise (the real
    example has an empty column for the offence before the municipality)."""
    for index in range(first_value):
        found = {labels[index] for _, labels, _ in labelled if labels[index]}
        if found and not any(label.lower() in _TOTALS or label.lower().endswith(" i alt") for label in found):
            return index
    raise FileFormatError(
        gettext("The file has no column of areas (municipalities or the whole country) before the quarters."), row=line
    )


def _row(line: int, area: str, period: str, cell: str) -> StatbankRow | None:
    if not area or _AREA_AGGREGATES.match(area) or area.lower() in _NOT_AREAS:
        return None
    if area.isdigit() and 0 < int(area) < 101:
        return None  # region (081–085) and "landsdel" codes
    match = _QUARTER.fullmatch(period)
    if match is None and _ENGLISH_QUARTER.fullmatch(period):
        raise FileFormatError(
            gettext(
                "Line %(line)s: the time »%(period)s« is written in English. Download the table in Danish (quarters "
                "such as 2023K1 and Danish area names) and try again."
            )
            % {"line": line, "period": period},
            row=line,
        )
    if match is None:
        raise FileFormatError(
            gettext(
                "Line %(line)s: the time »%(period)s« is not a quarter such as 2023K1. "
                "Download the table with quarters (TID) and try again."
            )
            % {"line": line, "period": period[:20]},
            row=line,
        )
    cell = cell.strip()
    if cell in _MISSING:
        value = None
    else:
        try:
            value = parse_int(cell)
        except ValueError:
            raise FileFormatError(
                gettext("Line %(line)s: »%(cell)s« is not a whole number. Statistikbanken's figures are counts.")
                % {"line": line, "cell": cell[:20]},
                row=line,
            ) from None
        if value < 0:
            raise FileFormatError(
                gettext("Line %(line)s: a count cannot be negative (%(cell)s).") % {"line": line, "cell": cell},
                row=line,
            )
    name = "Hele landet" if area.lower() in _COUNTRY_LABELS else area
    return StatbankRow(line, name, int(match.group(1)), int(match.group(2)), value)


def _checked(table: str, rows: list[StatbankRow]) -> StatbankTable:
    if not rows:
        what = gettext("all offences in total") if table == STRAF11 else gettext("sex, age and marital status in total")
        raise FileFormatError(
            gettext(
                "The file holds no figures for municipalities or the whole country with %(what)s. "
                "Choose the total in the table's other variables and download it again."
            )
            % {"what": what}
        )
    return StatbankTable(table, rows)


def yearly_reports(rows: Iterable[StatbankRow]) -> dict[tuple[str, int], tuple[int, int]]:
    """Reports per (area, year), from years with all four quarters: {(area, year): (count, first line)}."""
    quarters: dict[tuple[str, int], dict[int, StatbankRow]] = {}
    for row in rows:
        quarters.setdefault((row.area, row.year), {})[row.quarter] = row
    return {
        key: (sum(r.value for r in found.values()), min(r.line for r in found.values()))
        for key, found in quarters.items()
        if len(found) == 4 and all(r.value is not None for r in found.values())
    }


def yearly_population(rows: Iterable[StatbankRow]) -> dict[tuple[str, int], tuple[int, int]]:
    """Population on 1 January per (area, year): {(area, year): (count, line)}."""
    return {(r.area, r.year): (r.value, r.line) for r in rows if r.quarter == 1 and r.value is not None}


def per_1000(reports: int, population: int) -> Decimal | None:
    if population <= 0:
        return None
    return (Decimal(reports) * 1000 / Decimal(population)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def area_key(name_or_code: str) -> str:
    """How the file's area and a stored area meet: a municipality code without leading zeros, or the name."""
    text = name_or_code.strip()
    return str(int(text)) if text.isdigit() else text.casefold()


def rows_for_import(
    table: StatbankTable,
    *,
    stored_reports: dict[tuple[str, int], int],
    stored_population: dict[tuple[str, int], int],
) -> list[LongRow]:
    """The import's long rows: the table's yearly figures and, where the other table is known, reports per 1,000.

    `stored_*` are the figures already imported, keyed by (`area_key()`, year), so the two tables may be imported
    in either order.
    """
    rows: list[LongRow] = []

    def add(area: str, year: int, measure: str, value, line: int, source: str) -> None:
        # A code names the area by municipality code; the numbers are already numbers, not text to parse.
        code = area if area.isdigit() else ""
        rows.append(
            LongRow(
                line=line,
                year=str(year),
                area="" if code else area,
                area_code=code,
                measure=measure,
                value=Decimal(value),
                source=source,
            )
        )

    if table.table == STRAF11:
        reports = yearly_reports(table.rows)
        for (area, year), (count, line) in sorted(reports.items(), key=lambda item: item[1][1]):
            add(area, year, REPORTS, count, line, SOURCES[STRAF11])
            if (rate := _rate(count, stored_population.get((area_key(area), year)))) is not None:
                add(area, year, PER_1000, rate, line, f"{SOURCES[STRAF11]}; {SOURCES[FOLK1A]}")
    else:
        for (area, year), (count, line) in sorted(yearly_population(table.rows).items(), key=lambda i: i[1][1]):
            add(area, year, POPULATION, count, line, SOURCES[FOLK1A])
            if (rate := _rate(stored_reports.get((area_key(area), year)), count)) is not None:
                add(area, year, PER_1000, rate, line, f"{SOURCES[STRAF11]}; {SOURCES[FOLK1A]}")
    if not rows:
        raise FileFormatError(
            gettext(
                "The file has no whole years: reports are counted only for years with all four quarters, "
                "and the population is the figure of the first quarter (1 January)."
            )
        )
    return rows


def _rate(reports: int | None, population: int | None) -> Decimal | None:
    if reports is None or population is None:
        return None
    return per_1000(reports, population)


def stored_figures(measure_code: str) -> dict[tuple[str, int], int]:
    """The stored yearly figures of a measure, keyed by every way a file may name the area (one query)."""
    figures: dict[tuple[str, int], int] = {}
    rows = IndexValue.objects.filter(measure__code=measure_code).values_list(
        "area__name", "area__code", "area__aliases", "year", "value"
    )
    for name, code, aliases, year, value in rows:
        for key in {name, *(aliases or []), *([code] if code else [])}:
            figures[(area_key(key), year)] = int(value)
    return figures


def read_statbank(data: bytes, expected: str | None = None) -> LongTable:
    """Parse an uploaded Statistikbanken file into the import's long rows (raises FileFormatError)."""
    table = parse_statbank(data, expected)
    if table.table == STRAF11:
        rows = rows_for_import(table, stored_reports={}, stored_population=stored_figures(POPULATION))
    else:
        rows = rows_for_import(table, stored_reports=stored_figures(REPORTS), stored_population={})
    return LongTable(rows=rows)
