"""Writing step of the import: a file (or long rows) is read, planned and applied all or nothing; and revert.

`import_file` and `revert_import` are the one home of each operation (the web import, the command and
`load_demo` all call them). They read the database with a constant number of queries and write in bulk inside
one transaction, keeping a history row for every value they create or change.
"""

import gc
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

import audit
import datacache
from audit.models import AuditEntry
from indicators.bulk_sql import bulk_update_values
from indicators.cleaning import NewArea, normalise_name
from indicators.layout import LongTable, read_long_table
from indicators.models import Area, ImportBatch, IndexValue
from indicators.planning import (
    CHANGED,
    NEW,
    VALUE_FIELDS,
    ImportPlan,
    RowError,
    measure_names,
    plan_fingerprint,
    plan_rows,
)
from indicators.reading import FileFormatError
from indicators.statbank import FOLK1A, STRAF11, read_statbank

BULK_BATCH_SIZE = 1000
# Where an uploaded file comes from decides how it is read; every source then takes the same planning path.
SOURCE_INDEX, SOURCE_STRAF11, SOURCE_FOLK1A = "tryghedsindeks", "straf11", "folk1a"
STATBANK_TABLES = {SOURCE_STRAF11: STRAF11, SOURCE_FOLK1A: FOLK1A}


@dataclass(frozen=True)
class ImportOptions:
    """The administrator's choices for reading a file: layout (None detects it), the year and measure where the
    file does not say, unknown columns mapped by index (to a key, or "" to ignore), areas to create, and whether
    the flagged (implausible) values are confirmed. `source` says which kind of file it is (SOURCE_*)."""

    source: str = SOURCE_INDEX
    layout: str | None = None
    year: int | None = None
    measure: str | None = None
    column_map: dict = field(default_factory=dict)
    create_areas: frozenset = frozenset()
    confirm_flagged: bool = False


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


class NeedsConfirmation(Exception):
    """The plan has flagged values the administrator has not confirmed; nothing was written."""

    def __init__(self, plan: ImportPlan):
        super().__init__(f"{len(plan.flagged)} flagged values need confirmation.")
        self.plan = plan


class RevertError(Exception):
    """The import cannot be reverted; the message is shown to the administrator as is."""


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_reason(batch: ImportBatch) -> str:
    """The history change reason of the values an import wrote; revert finds them by it."""
    return f"Import {batch.pk}: {batch.file_name}"[:100]


def read_file(data: bytes, file_name: str, options: ImportOptions = ImportOptions()) -> LongTable:
    """Read the uploaded bytes into long rows; a FileFormatError becomes an ImportRefused with its row and column."""
    try:
        if options.source in STATBANK_TABLES:
            return read_statbank(data, STATBANK_TABLES[options.source])
        return read_long_table(
            data,
            file_name,
            measures=measure_names(),
            layout=options.layout,
            year=options.year,
            measure=options.measure,
            column_map=options.column_map,
        )
    except FileFormatError as e:
        raise ImportRefused(ImportPlan(errors=[RowError(e.row, e.column, e.message)])) from None


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector for one import.

    A national file plans and writes some 200,000 objects that all live until the import ends, so every full
    collection in between walks all of them and frees nothing: about a fifth of an import's time (bench/README.md).
    Reference counting still frees everything else at once; cycles left behind are collected after the import.
    The pause is process-wide: another thread's cycles wait for the same few seconds.
    """
    if not gc.isenabled():  # already paused by an enclosing import (or by the caller)
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def plan_file(
    data: bytes, file_name: str, options: ImportOptions = ImportOptions(), *, lock: bool = False
) -> ImportPlan:
    with collector_paused():
        table = read_file(data, file_name, options)
        return plan_rows(table.rows, create_areas=options.create_areas, lock=lock, table=table)


def import_file(
    data: bytes,
    file_name: str,
    *,
    by=None,
    dry_run: bool = False,
    options: ImportOptions = ImportOptions(),
    previewed: str | None = None,
) -> "ImportOutcome":
    """Read, validate and (unless dry_run) apply a file, all or nothing. Raises ImportRefused on any error.

    `previewed` is the `plan_fingerprint()` of the preview the administrator confirmed: if the stored values
    changed since (another import, say), nothing is written and PlanChanged carries the new plan. Flagged values
    need `options.confirm_flagged`, or NeedsConfirmation is raised.
    """
    if dry_run:
        plan = plan_file(data, file_name, options)
        if plan.errors:
            raise ImportRefused(plan)
        return ImportOutcome(plan, None)
    try:
        with collector_paused(), transaction.atomic():
            return _apply(data, file_name, by=by, options=options, previewed=previewed)
    except IntegrityError:
        # Another import wrote the same values between our read and our write; ours is rolled back.
        message = _("Someone else imported values at the same time. Nothing was saved; please try again.")
        raise ImportRefused(ImportPlan(errors=[RowError(None, None, message)])) from None


@dataclass
class ImportOutcome:
    """What an applied import did; `batch` is None when the file changed nothing."""

    plan: ImportPlan
    batch: ImportBatch | None


def _apply(data: bytes, file_name: str, *, by, options: ImportOptions, previewed) -> ImportOutcome:
    plan = plan_file(data, file_name, options, lock=True)
    if plan.errors:
        raise ImportRefused(plan)
    if previewed is not None and plan_fingerprint(plan) != previewed:
        raise PlanChanged(plan)
    if plan.flagged and not options.confirm_flagged:
        raise NeedsConfirmation(plan)
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
    audit.record(
        AuditEntry.Action.IMPORT,
        actor=by,
        subject=batch.file_name,
        batch=batch.pk,
        sha256=batch.sha256,
        created=plan.created,
        updated=plan.updated,
        unchanged=plan.unchanged,
    )
    reason = import_reason(batch)
    areas = _create_areas(plan)
    creates = []
    updates = []
    for row in plan.rows:
        if row.status == NEW:
            area = row.area if isinstance(row.area, Area) else areas[normalise_name(row.area.name)]
            creates.append(IndexValue(year=row.year, area=area, measure=row.measure, batch=batch, **row.values))
        elif row.status == CHANGED:
            value = row.existing
            for name, new in row.values.items():
                setattr(value, name, new)
            value.batch = batch
            updates.append(value)
    if creates:
        bulk_create_with_history(
            creates,
            IndexValue,
            batch_size=BULK_BATCH_SIZE,
            default_user=by,
            default_change_reason=reason,
            default_date=now,
        )
    if updates:
        _update_with_history(updates, by=by, reason=reason, date=now)
    datacache.bump()  # bulk writes send no signals
    return ImportOutcome(plan, batch)


def _update_with_history(values: list[IndexValue], *, by, reason: str, date) -> None:
    """Write the changed values and one "~" history row each, as `bulk_update_with_history` does.

    The rows are written with one `UPDATE … FROM (VALUES …)` per 1,000 values instead of `bulk_update()`'s
    `CASE WHEN`s; a `date` of None gives each history row the time it is built, as simple-history does.
    """
    with transaction.atomic(savepoint=False):
        bulk_update_values(values, IndexValue, [*VALUE_FIELDS, "batch"])
        IndexValue.history.bulk_history_create(
            values,
            batch_size=BULK_BATCH_SIZE,
            update=True,
            default_user=by,
            default_change_reason=reason,
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
            History.objects.filter(batch_id=batch.pk, history_change_reason=import_reason(batch)).order_by("history_id")
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
        datacache.bump()  # bulk writes send no signals
        batch.reverted_at = timezone.now()
        batch.reverted_by = by
        batch.save(update_fields=["reverted_at", "reverted_by"])
        audit.record(
            AuditEntry.Action.IMPORT_REVERTED, actor=by, subject=batch.file_name, batch=batch.pk, values=len(written)
        )
        return len(written)


@dataclass(frozen=True)
class RevertSummary:
    """What reverting an import would do, for the confirmation page."""

    removed: int
    restored: int
    examples: list


def revert_summary(batch: ImportBatch, *, examples: int = 10) -> RevertSummary:
    """How many values reverting would remove (added by the import) and restore (replaced by it), with examples."""
    History = IndexValue.history.model
    written = History.objects.filter(batch_id=batch.pk, history_change_reason=import_reason(batch))
    removed = written.filter(history_type="+").count()
    restored = written.filter(history_type="~").count()
    shown = list(written.select_related("area", "measure").order_by("year", "area__name")[:examples])
    return RevertSummary(removed, restored, shown)
