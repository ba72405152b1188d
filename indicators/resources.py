"""The index file as django-import-export sees it: our file formats, widgets and the IndexValue resource.

The library's stock CSV format reads neither `;` nor Windows-1252, and its number widgets parse decimals by
the request's language. The formats here read every upload through `indicators.tabular` and the widgets parse
Danish numbers the same way for every user. The widgets and `value_problems` are the one definition of a valid
row: the library's row-by-row path (Django admin) and our bulk path (`indicators.importing`) both use them.
"""

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

import tablib
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import Format

from formatting.numbers import format_number
from formatting.spreadsheets import Sheet, csv_bytes, escape_formula, unescape_formula, write_xlsx
from indicators.models import Area, ImportBatch, IndexValue, Measure
from indicators.tabular import COLUMN_LABELS, FileFormatError, parse_decimal, parse_int, read_dataset

FIRST_YEAR = 2000
_WHOLE_NUMBER_DECIMALS = re.compile(r"(?<=[0-9])[.,]0+$")
# The model stores 12 digits with 3 decimals.
MAX_DECIMALS = 3
MAX_ABS_VALUE = Decimal("999999999.999")
EXPORT_COLUMNS = ("aar", "omraade", "omraadetype", "maaling", "vaerdi", "nedre", "oevre", "respondenter", "kilde")


def last_allowed_year() -> int:
    """Figures may be entered for next year at the latest (a survey published early)."""
    return timezone.localdate().year + 1


def normalise_name(text: str) -> str:
    """Fold an area or measure name so case, surrounding and doubled spaces do not matter."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


class CellError(ValueError):
    """A cell that cannot be used; `column` is the canonical key of the column to blame."""

    def __init__(self, message: str, column: str):
        super().__init__(message)
        self.column = column


@dataclass
class NewArea:
    """An area the file names that does not exist yet; created when the import is applied."""

    name: str
    kind: str
    code: str | None = None
    lines: list[int] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return Area.Kind(self.kind).label


class Lookups:
    """Areas and measures by every name a file may use, loaded with one query each, for one import."""

    def __init__(self, create_areas: frozenset[str] = frozenset()):
        self.by_name: dict[str, Area] = {}
        self.by_code: dict[int, Area] = {}
        for area in Area.objects.all():
            for name in [area.name, *(area.aliases or [])]:
                self.by_name.setdefault(normalise_name(str(name)), area)
            if area.code:
                self.by_code[int(area.code)] = area
        self.measures = {normalise_name(m.code): m for m in Measure.objects.all()}
        # Kinds by value and by label in the active language, computed once: labels are lazy translations.
        self.kinds = {kind.value: kind.value for kind in Area.Kind}
        self.kinds.update({str(kind.label).casefold(): kind.value for kind in Area.Kind})
        # Names the administrator chose to create in the web preview (normalised).
        self.create_areas = {normalise_name(name) for name in create_areas}
        self.new_areas: dict[str, NewArea] = {}
        self.unknown_areas: dict[str, NewArea] = {}

    def area(self, name: str, code_text: str, kind_text: str, line: int | None) -> Area | NewArea:
        kind = self._kind(kind_text)
        by_code = self._area_by_code(code_text) if code_text else None
        if not name:
            if by_code is None:
                raise CellError(_("The area is missing: fill in “område” or “kommunekode”."), "omraade")
            return self._check_kind(by_code, kind)
        key = normalise_name(name)
        area = self.by_name.get(key)
        if area is None and by_code is not None:
            return self._check_kind(by_code, kind)
        if area is not None:
            if by_code is not None and by_code != area:
                raise CellError(
                    _("The area “%(name)s” does not have municipality code %(code)s (that is %(other)s).")
                    % {"name": name, "code": code_text, "other": by_code.name},
                    "kommunekode",
                )
            return self._check_kind(area, kind)
        if kind == Area.Kind.HOUSING_AREA or key in self.create_areas or key in self.new_areas:
            new = self.new_areas.setdefault(key, NewArea(name=" ".join(name.split()), kind=kind or "", code=None))
            if not new.kind:
                new.kind = Area.Kind.HOUSING_AREA
            if line is not None:
                new.lines.append(line)
            return new
        unknown = self.unknown_areas.setdefault(
            key, NewArea(name=" ".join(name.split()), kind=kind or Area.Kind.HOUSING_AREA)
        )
        if line is not None:
            unknown.lines.append(line)
        raise CellError(
            _(
                "“%(name)s” is not a known area. Check the spelling, add it as an area, or set “områdetype” to "
                "boligområde for a new housing area."
            )
            % {"name": name},
            "omraade",
        )

    def measure(self, code: str) -> Measure:
        if not code:
            raise CellError(_("The measure is missing."), "maaling")
        measure = self.measures.get(normalise_name(code))
        if measure is None:
            known = ", ".join(sorted(m.code for m in self.measures.values()))
            raise CellError(
                _("“%(code)s” is not a known measure. Known measures: %(known)s.") % {"code": code, "known": known},
                "maaling",
            )
        return measure

    def _kind(self, kind_text: str) -> str | None:
        if not kind_text:
            return None
        folded = normalise_name(kind_text).replace("aa", "å")
        if folded in self.kinds:
            return self.kinds[folded]
        choices = ", ".join(kind.value for kind in Area.Kind)
        raise CellError(
            _("“%(kind)s” is not an area type. Use one of: %(choices)s.") % {"kind": kind_text, "choices": choices},
            "omraadetype",
        )

    def _area_by_code(self, code_text: str) -> Area:
        # A spreadsheet that took the code for a number may write 751 as "751.0" or "751,0".
        digits = _WHOLE_NUMBER_DECIMALS.sub("", code_text.strip())
        if not (digits.isdigit() and digits.isascii() and len(digits) <= 4):
            raise CellError(
                _("“%(code)s” is not a municipality code (up to four digits, e.g. 0751).") % {"code": code_text},
                "kommunekode",
            )
        area = self.by_code.get(int(digits))
        if area is None:
            raise CellError(_("No area has municipality code %(code)s.") % {"code": code_text}, "kommunekode")
        return area

    @staticmethod
    def _check_kind(area: Area, kind: str | None) -> Area:
        if kind and kind != area.kind:
            raise CellError(
                _("“%(name)s” is a %(kind)s, not a %(given)s.")
                % {"name": area.name, "kind": area.get_kind_display(), "given": Area.Kind(kind).label},
                "omraadetype",
            )
        return area


def import_reason(batch: ImportBatch) -> str:
    """The history change reason of the values an import wrote; revert finds them by it."""
    return f"Import {batch.pk}: {batch.file_name}"[:100]


class DecimalCommaWidget(widgets.Widget):
    """A decimal number with comma or point, the same for every user; never a float."""

    def __init__(self, column: str, required: bool = False):
        super().__init__(coerce_to_string=True)
        self.column = column
        self.required = required

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.required:
                raise CellError(_("The value is missing."), self.column)
            return None
        try:
            number = parse_decimal(text)
        except ValueError as e:
            raise CellError(str(e), self.column) from None
        if number.as_tuple().exponent < -MAX_DECIMALS and number != number.quantize(Decimal("0.001")):
            raise CellError(
                _("“%(value)s” has more than %(n)s decimals.") % {"value": text, "n": MAX_DECIMALS}, self.column
            )
        if abs(number) > MAX_ABS_VALUE:
            raise CellError(_("“%(value)s” is too large.") % {"value": text}, self.column)
        return number

    def render(self, value, obj=None, **kwargs):
        return format_number(value, plain=True)


class WholeNumberWidget(widgets.Widget):
    """A whole number within limits ("1.300" reads as 1300)."""

    def __init__(self, column: str, minimum: int | None = None, maximum=None, required: bool = False):
        super().__init__(coerce_to_string=True)
        self.column, self.minimum, self.maximum, self.required = column, minimum, maximum, required

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.required:
                raise CellError(_("This field is required."), self.column)
            return None
        try:
            number = parse_int(text)
        except ValueError as e:
            raise CellError(str(e), self.column) from None
        maximum = self.maximum() if callable(self.maximum) else self.maximum
        if self.minimum is not None and maximum is not None and not self.minimum <= number <= maximum:
            raise CellError(
                _("%(number)s is outside %(minimum)s–%(maximum)s.")
                % {"number": number, "minimum": self.minimum, "maximum": maximum},
                self.column,
            )
        if self.minimum is not None and number < self.minimum:
            raise CellError(
                _("%(number)s is less than %(minimum)s.") % {"number": number, "minimum": self.minimum}, self.column
            )
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class TextWidget(widgets.Widget):
    """Free text; undoes the apostrophe our export puts before formula characters."""

    def clean(self, value, row=None, **kwargs):
        return unescape_formula("" if value is None else str(value).strip())

    def render(self, value, obj=None, **kwargs):
        return escape_formula("" if value is None else str(value))


class AreaWidget(widgets.Widget):
    """An area by name, alias or municipality code (751 = 0751); new housing areas come into being."""

    def __init__(self, lookups: "LazyLookups"):
        super().__init__()
        self.lookups = lookups

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        line = row.get("linje")
        return self.lookups.get().area(
            unescape_formula(str(value or "").strip()),
            str(row.get("kommunekode") or "").strip(),
            str(row.get("omraadetype") or "").strip(),
            int(line) if line else None,
        )

    def render(self, value, obj=None, **kwargs):
        return escape_formula(value.name) if value else ""


class MeasureWidget(widgets.Widget):
    """A measure by its code (case does not matter)."""

    def __init__(self, lookups: "LazyLookups"):
        super().__init__()
        self.lookups = lookups

    def clean(self, value, row=None, **kwargs):
        return self.lookups.get().measure(unescape_formula(str(value or "").strip()))

    def render(self, value, obj=None, **kwargs):
        # A slug may start with "-", which a spreadsheet reads as a formula.
        return escape_formula(value.code) if value else ""


class LazyLookups:
    """Loads the lookups on first use, so building a resource (e.g. for export) costs no query."""

    def __init__(self, create_areas: frozenset[str] = frozenset()):
        self.create_areas = create_areas
        self._lookups: Lookups | None = None

    def get(self) -> Lookups:
        if self._lookups is None:
            self._lookups = Lookups(self.create_areas)
        return self._lookups

    def reset(self) -> None:
        self._lookups = None


def value_problems(
    *, measure: Measure, value: Decimal | None, ci_low: Decimal | None, ci_high: Decimal | None
) -> list[tuple[str, str]]:
    """Rules that tie a row's cells together; (column, Danish message) for each one broken."""
    problems = []
    if measure.is_percent:
        for column, number in (("vaerdi", value), ("nedre", ci_low), ("oevre", ci_high)):
            if number is not None and not Decimal(0) <= number <= Decimal(100):
                problems.append(
                    (column, _("%(value)s is not a percentage between 0 and 100.") % {"value": format_number(number)})
                )
    if ci_low is not None and ci_high is not None and ci_low > ci_high:
        problems.append(
            (
                "nedre",
                _("The lower bound %(low)s is above the upper bound %(high)s.")
                % {"low": format_number(ci_low), "high": format_number(ci_high)},
            )
        )
    if (ci_low is None) != (ci_high is None):
        column = "oevre" if ci_high is None else "nedre"
        problems.append((column, _("Give both bounds of the interval, or neither.")))
    return problems


class IndexFileCSV(Format):
    """The index file as CSV: `;` or `,`, decimal comma or point, UTF-8 (BOM optional) or Windows-1252."""

    def get_title(self):
        return "csv"

    def create_dataset(self, in_stream, **kwargs):
        data = in_stream.encode("utf-8") if isinstance(in_stream, str) else in_stream
        try:
            return read_dataset(data, "upload.csv")
        except FileFormatError as e:
            # The admin shows a ValueError's text to the user.
            raise ValueError(str(e)) from None

    def export_data(self, dataset, **kwargs):
        return export_csv_bytes(dataset)

    def get_extension(self):
        return "csv"

    def get_content_type(self):
        return "text/csv"

    def can_import(self):
        return True

    def can_export(self):
        return True


class IndexFileXLSX(IndexFileCSV):
    """The index file as an Excel workbook (first sheet)."""

    def get_title(self):
        return "xlsx"

    def create_dataset(self, in_stream, **kwargs):
        try:
            return read_dataset(in_stream, "upload.xlsx")
        except FileFormatError as e:
            raise ValueError(str(e)) from None

    def export_data(self, dataset, **kwargs):
        buffer = io.BytesIO()
        write_xlsx([Sheet("Tryghedsindeks", _headers(dataset), _typed_rows(dataset))], buffer)
        return buffer.getvalue()

    def get_extension(self):
        return "xlsx"

    def get_content_type(self):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


NUMBER_COLUMNS = {"aar", "vaerdi", "nedre", "oevre", "respondenter"}


def _as_number(cell):
    """Numbers go into spreadsheets as numbers, not as Danish text (a cell that is no number stays text)."""
    if cell in ("", None):
        return None
    try:
        number = parse_decimal(str(cell))
    except ValueError:
        return cell
    return int(number) if number == number.to_integral_value() else number


def _headers(dataset: tablib.Dataset) -> list[str]:
    return [COLUMN_LABELS.get(h, h) for h in dataset.headers]


def _typed_rows(dataset: tablib.Dataset):
    for row in dataset:
        yield [_as_number(cell) if header in NUMBER_COLUMNS else cell
               for header, cell in zip(dataset.headers, row, strict=True)]


def export_csv_bytes(dataset: tablib.Dataset) -> bytes:
    """The dataset as Danish CSV (formatting.spreadsheets)."""
    return csv_bytes(_headers(dataset), _typed_rows(dataset))


class IndexValueResource(resources.ModelResource):
    """Maps one row of the index file (år, område, måling, værdi, ...) to an IndexValue."""

    year = fields.Field(attribute="year", column_name="aar")
    area = fields.Field(attribute="area", column_name="omraade")
    area_kind = fields.Field(attribute="area__kind", column_name="omraadetype", readonly=True)
    measure = fields.Field(attribute="measure", column_name="maaling")
    value = fields.Field(attribute="value", column_name="vaerdi")
    ci_low = fields.Field(attribute="ci_low", column_name="nedre")
    ci_high = fields.Field(attribute="ci_high", column_name="oevre")
    respondents = fields.Field(attribute="respondents", column_name="respondenter")
    source = fields.Field(attribute="source", column_name="kilde")

    class Meta:
        model = IndexValue
        fields = ("year", "area", "area_kind", "measure", "value", "ci_low", "ci_high", "respondents", "source")
        import_id_fields = ("year", "area", "measure")
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, *, create_areas: frozenset[str] = frozenset(), **kwargs):
        super().__init__(**kwargs)
        self.lookups = LazyLookups(create_areas)
        self.batch: ImportBatch | None = None
        self.seen: dict[tuple, int] = {}
        widgets_by_field = {
            "year": WholeNumberWidget("aar", minimum=FIRST_YEAR, maximum=last_allowed_year, required=True),
            "area": AreaWidget(self.lookups),
            "measure": MeasureWidget(self.lookups),
            "value": DecimalCommaWidget("vaerdi", required=True),
            "ci_low": DecimalCommaWidget("nedre"),
            "ci_high": DecimalCommaWidget("oevre"),
            "respondents": WholeNumberWidget("respondenter", minimum=0),
            "source": TextWidget(),
        }
        for name, widget in widgets_by_field.items():
            self.fields[name].widget = widget

    def get_queryset(self):
        return IndexValue.objects.select_related("area", "measure").order_by("year", "measure__code", "area__name")

    def dehydrate_area_kind(self, value):
        return value.area.kind

    # The library's row-by-row path (Django admin): log the import as a batch so it can be reverted too.

    def before_import(self, dataset, **kwargs):
        self.lookups.reset()
        self.seen = {}
        if not kwargs.get("dry_run"):
            digest = kwargs.get("sha256") or hashlib.sha256(export_csv_bytes(dataset)).hexdigest()
            self.batch = ImportBatch.objects.create(
                file_name=str(kwargs.get("file_name") or "")[:255], sha256=digest, imported_by=kwargs.get("user")
            )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        for resource_field in self.get_import_fields():
            try:
                self.import_field(resource_field, instance, row, **kwargs)
            except ValueError as e:
                errors[resource_field.attribute] = ValidationError(str(e), code="invalid")
        if errors:
            raise ValidationError(errors)
        key = (instance.year, getattr(instance.area, "pk", None) or normalise_name(instance.area.name),
               instance.measure_id)
        line = row.get("linje")
        if key in self.seen:
            raise ValidationError(
                {"year": _("The file gives this year, area and measure twice (also on line %(line)s).")
                 % {"line": self.seen[key]}}
            )
        self.seen[key] = line

    def get_or_init_instance(self, instance_loader, row):
        # An area that is new in this file has no values yet; asking the database would fail on its missing pk.
        try:
            if isinstance(self.fields["area"].clean(row), NewArea):
                return self.init_instance(row), True
            return super().get_or_init_instance(instance_loader, row)
        except ValueError:
            # A cell the widgets refuse: import_instance() reports it as this row's validation error.
            return self.init_instance(row), True

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "area":
            area = field.clean(row)
            if isinstance(area, NewArea):
                area = Area(name=area.name, kind=area.kind, code=area.code)
            instance.area = area
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not errors:
            problems = value_problems(
                measure=instance.measure, value=instance.value, ci_low=instance.ci_low, ci_high=instance.ci_high
            )
            attribute = {"vaerdi": "value", "nedre": "ci_low", "oevre": "ci_high"}
            for column, message in problems:
                errors.setdefault(attribute[column], ValidationError(message))
        exclude = set(errors)
        area = getattr(instance, "area", None)
        if area is not None and area.pk is None:
            # A new area is saved together with its row; until then the model cannot check it.
            exclude.add("area")
            validate_unique = False
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.area.pk is None:
            instance.area.save()
            instance.area = instance.area  # sets area_id now that the area has a pk
            self.lookups.get().by_name[normalise_name(instance.area.name)] = instance.area
        if self.batch is not None:
            instance.batch = self.batch
            instance._change_reason = import_reason(self.batch)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self.batch is not None:
            totals = result.totals
            self.batch.created_count = totals.get("new", 0)
            self.batch.updated_count = totals.get("update", 0)
            self.batch.unchanged_count = totals.get("skip", 0)
            self.batch.save(update_fields=["created_count", "updated_count", "unchanged_count"])
