"""The index values as django-import-export exports them: declarative columns, widgets that render, two formats.

Imports do not go through this module: the one import engine is `indicators.reading` → `layout` → `cleaning` →
`planning` → `writing`. The export writes the long layout the importer reads, so re-importing it changes nothing.
"""

import io
from decimal import Decimal

import tablib
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import Format

from formatting.numbers import format_number
from formatting.spreadsheets import Sheet, csv_bytes, escape_formula, write_xlsx
from indicators.layout import COLUMN_LABELS
from indicators.models import IndexValue

NUMBER_COLUMNS = {"aar", "vaerdi", "nedre", "oevre", "respondenter"}


class DecimalCommaWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return format_number(value, plain=True)


class WholeNumberWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class TextWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return escape_formula("" if value is None else str(value))


class NamedWidget(widgets.Widget):
    """An area by its name or a measure by its code; a slug may start with "-", which a spreadsheet runs."""

    def __init__(self, attribute: str):
        super().__init__()
        self.attribute = attribute

    def render(self, value, obj=None, **kwargs):
        return escape_formula(getattr(value, self.attribute)) if value else ""


class IndexValueResource(resources.ModelResource):
    """One row per stored value, in the importer's long layout (år, område, måling, værdi, ...)."""

    year = fields.Field(attribute="year", column_name="aar", widget=WholeNumberWidget())
    area = fields.Field(attribute="area", column_name="omraade", widget=NamedWidget("name"))
    area_kind = fields.Field(attribute="area__kind", column_name="omraadetype", readonly=True)
    measure = fields.Field(attribute="measure", column_name="maaling", widget=NamedWidget("code"))
    value = fields.Field(attribute="value", column_name="vaerdi", widget=DecimalCommaWidget())
    ci_low = fields.Field(attribute="ci_low", column_name="nedre", widget=DecimalCommaWidget())
    ci_high = fields.Field(attribute="ci_high", column_name="oevre", widget=DecimalCommaWidget())
    respondents = fields.Field(attribute="respondents", column_name="respondenter", widget=WholeNumberWidget())
    source = fields.Field(attribute="source", column_name="kilde", widget=TextWidget())

    class Meta:
        model = IndexValue
        fields = ("year", "area", "area_kind", "measure", "value", "ci_low", "ci_high", "respondents", "source")
        export_order = fields

    def get_queryset(self):
        return IndexValue.objects.select_related("area", "measure").order_by("year", "measure__code", "area__name")

    def dehydrate_area_kind(self, value):
        return value.area.kind


class IndexFileCSV(Format):
    """The index file as Danish Excel opens it: `;`, CRLF, UTF-8 with BOM (so æøå survive)."""

    def get_title(self):
        return "csv"

    def export_data(self, dataset, **kwargs):
        return export_csv_bytes(dataset)

    def get_extension(self):
        return "csv"

    def get_content_type(self):
        return "text/csv"

    def can_import(self):
        return False

    def can_export(self):
        return True


class IndexFileXLSX(IndexFileCSV):
    """The index file as an Excel workbook whose sheet has a Danish name; numbers stay numbers."""

    def get_title(self):
        return "xlsx"

    def export_data(self, dataset, **kwargs):
        buffer = io.BytesIO()
        write_xlsx([Sheet(_("Safety index"), _headers(dataset), _typed_rows(dataset))], buffer)
        return buffer.getvalue()

    def get_extension(self):
        return "xlsx"

    def get_content_type(self):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _as_number(cell):
    """Numbers go into spreadsheets as numbers, not as Danish text (the widgets render them plain: 1300 or 85,3)."""
    if cell in ("", None):
        return None
    number = Decimal(str(cell).replace(",", "."))
    return int(number) if number == number.to_integral_value() else number


def _headers(dataset: tablib.Dataset) -> list[str]:
    return [COLUMN_LABELS.get(h, h) for h in dataset.headers]


def _typed_rows(dataset: tablib.Dataset):
    for row in dataset:
        yield [
            _as_number(cell) if header in NUMBER_COLUMNS else cell
            for header, cell in zip(dataset.headers, row, strict=True)
        ]


def export_csv_bytes(dataset: tablib.Dataset) -> bytes:
    """The dataset as Danish CSV (formatting.spreadsheets)."""
    return csv_bytes(_headers(dataset), _typed_rows(dataset))
