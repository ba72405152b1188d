"""Importing the yearly index file: plan (validate every row, classify it), apply (all or nothing), revert.

This is the bulk path used by the web import and the management command. It cleans each cell with the
widgets of `IndexValueResource`, so a row is valid here exactly when it is valid in the Django admin's
row-by-row import, but it reads the database with a constant number of queries and writes in bulk inside one
transaction, keeping a history row for every value it creates or changes.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

import tablib
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

import audit
from audit.models import AuditEntry
from formatting.numbers import format_number
from indicators.bulk_sql import bulk_update_values
from indicators.models import Area, ImportBatch, IndexValue, Measure
from indicators.resources import (
    CellError,
    IndexValueResource,
    NewArea,
    import_reason,
    normalise_name,
    value_problems,
)
from indicators.statbank import FOLK1A, STRAF11, read_statbank
from indicators.tabular import COLUMN_LABELS, FileFormatError, read_dataset

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
# Model field → resource field; the order is the order of the preview's change list.
VALUE_FIELDS = ("value", "ci_low", "ci_high", "respondents", "source")
FIELD_LABELS = {
    "value": gettext_lazy("value"),
    "ci_low": gettext_lazy("lower bound"),
    "ci_high": gettext_lazy("upper bound"),
    "respondents": gettext_lazy("respondents"),
    "source": gettext_lazy("source"),
}
BULK_BATCH_SIZE = 1000


@dataclass(frozen=True)
class RowError:
    """A reason the file cannot be imported, with the file line and column where there is one."""

    line: int | None
    column: str | None
    message: str

    @property
    def column_label(self) -> str:
        return COLUMN_LABELS.get(self.column or "", "")

    def __str__(self) -> str:
        where = []
        if self.line:
            where.append(_("line %(line)s") % {"line": self.line})
        if self.column:
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


@dataclass
class PlannedRow:
    """A valid row of the file and what importing it would do."""

    line: int
    year: int
    area: Area | NewArea
    measure: Measure
    values: dict
    status: str = NEW
    existing: IndexValue | None = None
    changes: list[Change] = field(default_factory=list)

    @property
    def display_value(self) -> str:
        return format_number(self.values["value"])


@dataclass
class ImportPlan:
    """What a file would do to the stored values, or why it cannot be imported."""

    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_areas: list[NewArea] = field(default_factory=list)
    unknown_areas: list[NewArea] = field(default_factory=list)

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


class ImportRefused(Exception):
    """The file has errors; nothing was written. `plan.errors` says why."""

    def __init__(self, plan: ImportPlan):
        super().__init__("; ".join(str(error) for error in plan.errors[:3]))
        self.plan = plan


class PlanChanged(Exception):
    """The stored values changed between preview and confirm; nothing was written. `plan` is the new preview."""

    def __init__(self, plan: ImportPlan):
        super().__init__("The import would no longer do what the preview showed.")
        self.plan = plan


def plan_fingerprint(plan: ImportPlan) -> str:
    """A digest of what the preview showed: each row's status and changes, and the areas to be created."""
    shown = [
        (row.line, row.status, [(change.label, change.old, change.new) for change in row.changes])
        for row in plan.rows
    ]
    shown.append(sorted((area.name, area.kind) for area in plan.new_areas))
    return hashlib.sha256(repr(shown).encode()).hexdigest()


class RevertError(Exception):
    """The import cannot be reverted; the message is shown to the administrator as is."""


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Where an uploaded file comes from decides how it is read; every source then takes the same planning path.
SOURCE_INDEX, SOURCE_STRAF11, SOURCE_FOLK1A = "tryghedsindeks", "straf11", "folk1a"
STATBANK_TABLES = {SOURCE_STRAF11: STRAF11, SOURCE_FOLK1A: FOLK1A}


def read_file(data: bytes, file_name: str, source: str = SOURCE_INDEX) -> tablib.Dataset:
    """Read the uploaded bytes; a FileFormatError becomes an ImportRefused with its row and column."""
    try:
        if source in STATBANK_TABLES:
            return read_statbank(data, STATBANK_TABLES[source])
        return read_dataset(data, file_name)
    except FileFormatError as e:
        raise ImportRefused(ImportPlan(errors=[RowError(e.row, e.column, e.message)])) from None


def plan_import(dataset: tablib.Dataset, *, create_areas=frozenset(), lock: bool = False) -> ImportPlan:
    """Validate every row and classify it as new, changed or unchanged; writes nothing.

    `create_areas` names unknown areas the administrator chose to create. `lock` holds the stored values of
    the file's years until the transaction ends, so that applying the plan cannot race another import.
    """
    resource = IndexValueResource(create_areas=frozenset(create_areas))
    lookups = resource.lookups.get()
    fields = resource.fields
    plan = ImportPlan()
    seen: dict[tuple, int] = {}
    parsed: list[PlannedRow] = []
    for row in dataset.dict:
        line = int(row["linje"])
        cleaned = {}
        failed = False
        for name in ("year", "area", "measure", *VALUE_FIELDS):
            try:
                cleaned[name] = fields[name].clean(row)
            except CellError as e:
                plan.errors.append(RowError(line, e.column, str(e)))
                failed = True
        if failed:
            continue
        problems = value_problems(
            measure=cleaned["measure"], value=cleaned["value"], ci_low=cleaned["ci_low"], ci_high=cleaned["ci_high"]
        )
        for column, message in problems:
            plan.errors.append(RowError(line, column, message))
        area = cleaned["area"]
        key = (cleaned["year"], area.pk if isinstance(area, Area) else normalise_name(area.name), cleaned["measure"].pk)
        if key in seen:
            plan.errors.append(
                RowError(
                    line,
                    None,
                    _("The file gives the value for %(year)s, %(area)s, %(measure)s twice (also on line %(other)s).")
                    % {"year": key[0], "area": area.name, "measure": cleaned["measure"].code, "other": seen[key]},
                )
            )
            continue
        seen[key] = line
        if not problems:
            parsed.append(
                PlannedRow(
                    line=line,
                    year=cleaned["year"],
                    area=area,
                    measure=cleaned["measure"],
                    values={name: cleaned[name] for name in VALUE_FIELDS},
                )
            )
    plan.unknown_areas = sorted(lookups.unknown_areas.values(), key=lambda a: a.name)
    plan.new_areas = sorted(lookups.new_areas.values(), key=lambda a: a.name)
    if plan.errors:
        return plan

    existing = _stored_values(parsed, lock=lock)
    for planned in parsed:
        area_id = planned.area.pk if isinstance(planned.area, Area) else None
        stored = existing.get((planned.year, area_id, planned.measure.pk))
        if stored is None:
            planned.status = NEW
            continue
        planned.existing = stored
        planned.changes = [
            Change(str(FIELD_LABELS[name]), _display(getattr(stored, name)), _display(planned.values[name]))
            for name in VALUE_FIELDS
            if not _same(getattr(stored, name), planned.values[name])
        ]
        planned.status = CHANGED if planned.changes else UNCHANGED
    plan.rows = parsed
    return plan


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
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return format_number(value)
    return str(value) or "–"


@dataclass
class ImportOutcome:
    """What an applied import did; `batch` is None when the file changed nothing."""

    plan: ImportPlan
    batch: ImportBatch | None


def import_file(
    data: bytes,
    file_name: str,
    *,
    by=None,
    dry_run: bool = False,
    create_areas=frozenset(),
    previewed: str | None = None,
    source: str = SOURCE_INDEX,
) -> ImportOutcome:
    """Read, validate and (unless dry_run) apply a file, all or nothing. Raises ImportRefused on any error.

    `previewed` is the `plan_fingerprint()` of the preview the administrator confirmed: if the stored values
    changed since (another import, say), nothing is written and PlanChanged carries the new plan.
    """
    dataset = read_file(data, file_name, source)
    if dry_run:
        plan = plan_import(dataset, create_areas=create_areas)
        if plan.errors:
            raise ImportRefused(plan)
        return ImportOutcome(plan, None)
    try:
        with transaction.atomic():
            return _apply(dataset, data, file_name, by=by, create_areas=create_areas, previewed=previewed)
    except IntegrityError:
        # Another import wrote the same values between our read and our write; ours is rolled back.
        message = _("Someone else imported values at the same time. Nothing was saved; please try again.")
        raise ImportRefused(ImportPlan(errors=[RowError(None, None, message)])) from None


def _apply(dataset, data: bytes, file_name: str, *, by, create_areas, previewed) -> ImportOutcome:
    plan = plan_import(dataset, create_areas=create_areas, lock=True)
    if plan.errors:
        raise ImportRefused(plan)
    if previewed is not None and plan_fingerprint(plan) != previewed:
        raise PlanChanged(plan)
    if not plan.has_changes:
        return ImportOutcome(plan, None)
    now = timezone.now()
    batch = ImportBatch.objects.create(
        file_name=file_name[:255],
        sha256=file_digest(data),
        imported_by=by,
        created_count=plan.created,
        updated_count=plan.updated,
        unchanged_count=plan.unchanged,
    )
    audit.record(AuditEntry.Action.IMPORT, actor=by, subject=batch.file_name, batch=batch.pk, sha256=batch.sha256,
                 created=plan.created, updated=plan.updated, unchanged=plan.unchanged)
    reason = import_reason(batch)
    areas = _create_areas(plan)
    creates = []
    updates = []
    for row in plan.rows:
        if row.status == NEW:
            area = row.area if isinstance(row.area, Area) else areas[normalise_name(row.area.name)]
            creates.append(
                IndexValue(year=row.year, area=area, measure=row.measure, batch=batch, **row.values)
            )
        elif row.status == CHANGED:
            value = row.existing
            for name in VALUE_FIELDS:
                setattr(value, name, row.values[name])
            value.batch = batch
            updates.append(value)
    if creates:
        bulk_create_with_history(
            creates, IndexValue, batch_size=BULK_BATCH_SIZE, default_user=by,
            default_change_reason=reason, default_date=now,
        )
    if updates:
        _update_with_history(updates, by=by, reason=reason, date=now)
    return ImportOutcome(plan, batch)


def _update_with_history(values: list[IndexValue], *, by, reason: str, date) -> None:
    """Write the changed values and one "~" history row each, as `bulk_update_with_history` does.

    The rows are written with one `UPDATE … FROM (VALUES …)` per 1,000 values instead of `bulk_update()`'s
    `CASE WHEN`s; a `date` of None gives each history row the time it is built, as simple-history does.
    """
    with transaction.atomic(savepoint=False):
        bulk_update_values(values, IndexValue, [*VALUE_FIELDS, "batch"])
        IndexValue.history.bulk_history_create(
            values, batch_size=BULK_BATCH_SIZE, update=True, default_user=by, default_change_reason=reason,
            default_date=date,
        )


def _create_areas(plan: ImportPlan) -> dict[str, Area]:
    """Create the file's new areas (housing areas, or those the administrator chose) in one query."""
    used = {normalise_name(row.area.name) for row in plan.rows if isinstance(row.area, NewArea) and row.status == NEW}
    wanted = [Area(name=a.name, kind=a.kind, code=a.code) for a in plan.new_areas if normalise_name(a.name) in used]
    created = Area.objects.bulk_create(wanted)
    if created and created[0].pk is None:  # pragma: no cover - backends without RETURNING
        created = list(Area.objects.filter(name__in=[a.name for a in wanted]))
    return {normalise_name(area.name): area for area in created}


def revert_import(batch: ImportBatch, *, by) -> int:
    """Restore the values an import replaced and remove those it added; returns how many values it restored.

    Refused when a value of the import has changed since, because reverting would then undo later work.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.reverted_at is not None:
            raise RevertError(_("This import has already been reverted."))
        History = IndexValue.history.model
        written = list(
            History.objects.filter(batch_id=batch.pk, history_change_reason=import_reason(batch)).order_by(
                "history_id"
            )
        )
        ids = [h.id for h in written]
        history_by_id: dict[int, list] = {}
        for record in History.objects.filter(id__in=ids).order_by("history_id"):
            history_by_id.setdefault(record.id, []).append(record)
        later = sum(1 for h in written if history_by_id[h.id][-1].history_id != h.history_id)
        if later:
            raise RevertError(
                _(
                    "%(count)s values of this import have been changed since, by a later import or by hand. "
                    "Revert the later changes first."
                )
                % {"count": later}
            )
        current = {v.pk: v for v in IndexValue.objects.select_for_update().filter(pk__in=ids)}
        reason = f"Revert {import_reason(batch)}"[:100]
        restored = []
        for record in written:
            value = current[record.id]
            if record.history_type == "+":
                value._history_user = by
                value._change_reason = reason
                value.delete()
                continue
            records = history_by_id[record.id]
            previous = records[records.index(record) - 1]
            for name in VALUE_FIELDS:
                setattr(value, name, getattr(previous, name))
            value.batch_id = previous.batch_id
            restored.append(value)
        if restored:
            _update_with_history(restored, by=by, reason=reason, date=None)
        batch.reverted_at = timezone.now()
        batch.reverted_by = by
        batch.save(update_fields=["reverted_at", "reverted_by"])
        audit.record(AuditEntry.Action.IMPORT_REVERTED, actor=by, subject=batch.file_name, batch=batch.pk,
                     values=len(written))
        return len(written)
