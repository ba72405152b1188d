"""Planning step of the import: long rows become a plan (each value new, changed or unchanged), or its errors.

`plan_rows` is the entry point for every source of long rows (an uploaded file through `indicators.layout`,
Statistikbanken's tables): it takes `LongRow`s, cleans each cell (`indicators.cleaning`), checks the rows
together, and compares them with the stored values in one query. It writes nothing.

A field the rows do not give (None) keeps its stored value; an empty cell ("") clears it, and the plan lists
every value that will be cleared. A value that cannot be right for its measure (`cleaning.is_implausible`) is
flagged, and the import needs the administrator's confirmation of the flagged rows. A column the layout step did
not recognise is an error until the administrator maps it to a known column or ignores it.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from formatting.numbers import format_number
from indicators.cleaning import (
    FIRST_YEAR,
    CellError,
    Lookups,
    NewArea,
    cell_text,
    clean_decimal,
    clean_text,
    clean_whole,
    is_implausible,
    last_allowed_year,
    uses_decimal_comma,
    value_problems,
)
from indicators.layout import COLUMN_LABELS, FIELD_OF_KEY, LongRow, LongTable, fold_heading
from indicators.models import Area, IndexValue, Measure

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
VALUE_FIELDS = ("value", "ci_low", "ci_high", "respondents", "source")
OPTIONAL_FIELDS = ("ci_low", "ci_high", "respondents", "source")
FIELD_LABELS = {
    "value": gettext_lazy("value"),
    "ci_low": gettext_lazy("lower bound"),
    "ci_high": gettext_lazy("upper bound"),
    "respondents": gettext_lazy("respondents"),
    "source": gettext_lazy("source"),
}
# The column a field's cell comes from in the long layout, for messages about rows without labels.
DEFAULT_COLUMN = {FIELD_OF_KEY[key]: label for key, label in COLUMN_LABELS.items()}


@dataclass(frozen=True)
class RowError:
    """A reason the file cannot be imported, with the file line and column where there is one."""

    line: int | None
    column_label: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line:
            where.append(_("line %(line)s") % {"line": self.line})
        if self.column_label:
            where.append(_("column “%(column)s”") % {"column": self.column_label})
        if not where:
            return self.message
        lead = ", ".join(where)
        return f"{lead[0].upper()}{lead[1:]}: {self.message}"


@dataclass(frozen=True)
class Change:
    """One field of a stored value that the file changes, for the preview."""

    label: str
    old: str
    new: str


# Slots: a national file plans tens of thousands of rows, and every object they hold is walked by each of
# Python's full garbage collections during the import.
@dataclass(slots=True)
class PlannedRow:
    """A valid row of the file and what importing it would do."""

    line: int
    year: int
    area: Area | NewArea
    measure: Measure
    values: dict
    status: str = NEW
    existing: IndexValue | None = None
    # Lists only for changed rows (assigned by the classification).
    changes: list[Change] | tuple = ()
    cleared: list[Change] | tuple = ()
    read_as_percent: bool = False
    implausible: bool = False

    def shown(self, name: str) -> str:
        """The value the row will store for a field (the stored one when the file does not give it)."""
        if name in self.values:
            return _display(self.values[name])
        return _display(getattr(self.existing, name)) if self.existing else "–"

    @property
    def display_value(self) -> str:
        return self.shown("value")

    @property
    def shown_respondents(self) -> str:
        return self.shown("respondents")

    @property
    def shown_source(self) -> str:
        return self.shown("source")

    @property
    def display_interval(self) -> str:
        low, high = self.shown("ci_low"), self.shown("ci_high")
        return "–" if low == "–" else f"{low}–{high}"


@dataclass
class ImportPlan:
    """What a file would do to the stored values, or why it cannot be imported."""

    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_areas: list[NewArea] = field(default_factory=list)
    unknown_areas: list[NewArea] = field(default_factory=list)
    table: LongTable = field(default_factory=LongTable)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def created(self) -> int:
        return self.count(NEW)

    @property
    def updated(self) -> int:
        return self.count(CHANGED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def has_changes(self) -> bool:
        return any(row.status != UNCHANGED for row in self.rows)

    @property
    def cleared(self) -> list[tuple[PlannedRow, Change]]:
        return [(row, change) for row in self.rows for change in row.cleared]

    @property
    def flagged(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.implausible]

    @property
    def read_as_percent(self) -> int:
        return sum(1 for row in self.rows if row.read_as_percent)


def plan_fingerprint(plan: ImportPlan) -> str:
    """A digest of what the preview showed: each row's status and changes, and the areas to be created."""
    shown = [
        (
            row.line,
            row.year,
            row.status,
            row.implausible,
            [(change.label, change.old, change.new) for change in row.changes],
        )
        for row in plan.rows
    ]
    shown.append(sorted((area.name, area.kind) for area in plan.new_areas))
    return hashlib.sha256(repr(shown).encode()).hexdigest()


def measure_names() -> dict[str, str]:
    """Every measure's folded code and name → code, for recognising measures as column headings."""
    names = {}
    for code, name in Measure.objects.values_list("code", "name"):
        names[fold_heading(name)] = code
        names[fold_heading(code)] = code
    return names


def plan_rows(
    rows: Iterable[LongRow], *, create_areas=frozenset(), lock: bool = False, table: LongTable | None = None
) -> ImportPlan:
    """Clean every row and classify it as new, changed or unchanged; writes nothing.

    `create_areas` names unknown areas the administrator chose to create. `lock` holds the stored values of
    the rows' years until the transaction ends, so that applying the plan cannot race another import.
    """
    rows = list(rows)
    lookups = Lookups(frozenset(create_areas))
    plan = ImportPlan(table=table or LongTable())
    if plan.table.needs_year:
        plan.errors.append(
            RowError(
                None,
                None,
                _("The file does not say which year its values are for. Choose the year above, or add a column “år”."),
            )
        )
    if plan.table.needs_measure:
        plan.errors.append(
            RowError(
                None,
                None,
                _(
                    "The file does not say which measure its values are. Choose the measure above, or add a column "
                    "“måling”."
                ),
            )
        )
    if plan.errors:
        return plan
    # Never a silent loss: a column nobody has decided about stops the import until it is mapped or ignored.
    for column in plan.table.unknown:
        plan.errors.append(
            RowError(
                None,
                column.heading,
                _(
                    "Choose for the column “%(column)s” whether it is read as one of the known columns (%(known)s) or "
                    "ignored. Nothing is imported until every column is decided."
                )
                % {"column": column.heading, "known": ", ".join(COLUMN_LABELS.values())},
            )
        )
    cleaner = _RowCleaner(lookups, _uses_decimal_comma(rows), last_allowed_year(), plan.errors)
    seen: dict[tuple, int] = {}
    parsed: list[PlannedRow] = []
    for row in rows:
        planned = cleaner.clean(row)
        if planned is None:
            continue
        area = planned.area
        # One NewArea per new name, so its name identifies it.
        key = (planned.year, area.id if isinstance(area, Area) else area.name, planned.measure.id)
        if key in seen:
            plan.errors.append(
                RowError(
                    row.line,
                    None,
                    _(
                        "The file gives the value for %(year)s, %(area)s, %(measure)s twice (also on line %(other)s). "
                        "Delete one of the rows."
                    )
                    % {"year": key[0], "area": area.name, "measure": planned.measure.code, "other": seen[key]},
                )
            )
            continue
        seen[key] = row.line
        parsed.append(planned)
    plan.unknown_areas = sorted(lookups.unknown_areas.values(), key=lambda a: a.name)
    plan.new_areas = sorted(lookups.new_areas.values(), key=lambda a: a.name)
    if plan.errors:
        return plan
    _classify(parsed, lock=lock)
    plan.rows = parsed
    return plan


def _label(row: LongRow, name: str) -> str:
    return row.labels.get(name) or DEFAULT_COLUMN[name]


def _uses_decimal_comma(rows: list[LongRow]) -> bool:
    """Whether the value columns read a point as a thousands separator: yes when any value cell of the file
    writes decimals with a comma (the interval follows the value's convention; see `indicators.cleaning`)."""
    return uses_decimal_comma(cell for row in rows for cell in (row.value, row.ci_low, row.ci_high))


_FAILED = object()


class _RowCleaner:
    """Cleans the long rows of one plan into PlannedRows, appending a RowError for every cell that fails.

    A long file repeats its years, areas, measures and sources on every row, and most of its values too, so each
    distinct text cell is cleaned once per plan and remembered (the result of a text does not depend on its row).
    A cell that fails is not remembered: it is cleaned, and reported, on every row where it occurs.
    """

    def __init__(self, lookups: Lookups, comma_decimal: bool, last_year: int, errors: list[RowError]):
        self.lookups = lookups
        self.errors = errors
        self._areas: dict[tuple, Area | NewArea] = {}
        # (remembered results by text, how a cell is cleaned) per field.
        self.year = (
            {},
            lambda cell: clean_whole(cell, DEFAULT_COLUMN["year"], minimum=FIRST_YEAR, maximum=last_year, what="year"),
        )
        self.measure = ({}, lambda cell: lookups.measure(clean_text(cell)))
        self.number = ({}, lambda cell: clean_decimal(cell, DEFAULT_COLUMN["value"], comma_decimal=comma_decimal))
        self.respondents = ({}, lambda cell: clean_whole(cell, DEFAULT_COLUMN["respondents"], minimum=0))
        self.source = ({}, clean_text)

    def clean(self, row: LongRow) -> PlannedRow | None:
        errors_before = len(self.errors)
        year = self._cell(row, "year", self.year, row.year)
        if year is None:
            self.errors.append(RowError(row.line, _label(row, "year"), _("The year is missing. Fill in the year.")))
        area = self._area(row)
        measure = self._cell(row, "measure", self.measure, row.measure)
        numbers = {"value": self._cell(row, "value", self.number, row.value)}
        if row.ci_low is not None:
            numbers["ci_low"] = self._cell(row, "ci_low", self.number, row.ci_low)
        if row.ci_high is not None:
            numbers["ci_high"] = self._cell(row, "ci_high", self.number, row.ci_high)
        other = {}
        if row.respondents is not None:
            other["respondents"] = self._cell(row, "respondents", self.respondents, row.respondents)
        if row.source is not None:
            other["source"] = self._cell(row, "source", self.source, row.source)
        if len(self.errors) > errors_before:
            return None
        percent = [name for name, n in numbers.items() if n is not None and n.percent]
        if percent and not measure.is_percent:
            self.errors.append(
                RowError(
                    row.line,
                    _label(row, percent[0]),
                    _("“%(measure)s” is not measured in percent. Remove the %%-sign or save the cell as a number.")
                    % {"measure": measure.code},
                )
            )
            return None
        values = {name: n.value if n is not None else None for name, n in numbers.items()}
        values.update(other)
        value = values["value"]
        if value is None:
            self.errors.append(RowError(row.line, _label(row, "value"), _("The value is missing.")))
            return None
        problems = value_problems(
            measure=measure, value=value, ci_low=values.get("ci_low"), ci_high=values.get("ci_high")
        )
        if problems:
            for column, message in problems:
                self.errors.append(RowError(row.line, _label(row, FIELD_OF_KEY[column]), message))
            return None
        return PlannedRow(
            line=row.line,
            year=year,
            area=area,
            measure=measure,
            values=values,
            read_as_percent=bool(percent),
            implausible=is_implausible(measure, value),
        )

    def _cell(self, row: LongRow, name: str, field: tuple, cell):
        """The cleaned cell (remembered for text cells), or _FAILED with the error recorded against the row's
        column for `name`."""
        remembered, clean = field
        # Only text cells: equal Decimals may be written differently ("1.0", "1.00").
        text = type(cell) is str
        if text:
            found = remembered.get(cell, _FAILED)
            if found is not _FAILED:
                return found
        try:
            result = clean(cell)
        except CellError as e:
            self._fail(row, name, e)
            return _FAILED
        if text:
            remembered[cell] = result
        return result

    def _area(self, row: LongRow):
        cells = (row.area, row.area_code, row.area_kind)
        text = type(cells[0]) is str and type(cells[1]) is str and type(cells[2]) is str
        found = self._areas.get(cells) if text else None
        if found is None:
            try:
                found = self.lookups.area(
                    clean_text(row.area), cell_text(row.area_code), cell_text(row.area_kind), row.line
                )
            except CellError as e:
                self._fail(row, "area", e)
                return _FAILED
            if text:
                self._areas[cells] = found
        elif isinstance(found, NewArea):
            found.lines.append(row.line)
        return found

    def _fail(self, row: LongRow, name: str, error: CellError) -> None:
        # The lookups name the canonical column they blame (a code, a type); cells name their own label.
        field_name = FIELD_OF_KEY.get(error.column, name)
        self.errors.append(RowError(row.line, _label(row, field_name), str(error)))


def _classify(parsed: list[PlannedRow], *, lock: bool) -> None:
    existing = _stored_values(parsed, lock=lock)
    for planned in parsed:
        area_id = planned.area.pk if isinstance(planned.area, Area) else None
        stored = existing.get((planned.year, area_id, planned.measure.pk))
        if stored is None:
            planned.status = NEW
            continue
        planned.existing = stored
        changes, cleared = [], []
        for name, new in planned.values.items():
            old = getattr(stored, name)
            if not _same(old, new):
                change = Change(str(FIELD_LABELS[name]), _display(old), _display(new))
                changes.append(change)
                if _blank(new):
                    cleared.append(change)
        if changes:
            planned.changes, planned.cleared = changes, cleared
        planned.status = CHANGED if changes else UNCHANGED


def _stored_values(rows: list[PlannedRow], *, lock: bool) -> dict[tuple, IndexValue]:
    """The stored values the rows may touch, in one query."""
    years = {row.year for row in rows}
    measures = {row.measure.pk for row in rows}
    if not years:
        return {}
    queryset = IndexValue.objects.filter(year__in=years, measure__in=measures)
    if lock:
        queryset = queryset.select_for_update()
    return {(v.year, v.area_id, v.measure_id): v for v in queryset}


def _blank(value) -> bool:
    return value is None or value == ""


def _same(old, new) -> bool:
    if _blank(old) or _blank(new):
        return _blank(old) and _blank(new)
    return old == new


def _display(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, Decimal):
        return _format_decimal(value)
    return str(value)


@lru_cache(maxsize=4096)
def _format_decimal(value: Decimal) -> str:
    # A file repeats its values, and equal Decimals read alike (format_number normalises "85.0" to "85").
    return format_number(value)


__all__ = ["COLUMN_LABELS", "ImportPlan", "PlannedRow", "RowError", "plan_fingerprint", "plan_rows"]
