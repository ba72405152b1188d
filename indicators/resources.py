"""The index values as django-import-export exports them: declarative columns, widgets that render, two formats.

Imports do not go through this module: the one import engine is `indicators.reading` → `layout` → `cleaning` →
`planning` → `writing`. The export writes the long layout the importer reads, so re-importing it changes nothing.
"""

from decimal import Decimal

import tablib
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import Format

from indicators.models import IndexValue

# Cells that a spreadsheet would run as a formula; exported text starting with one gets a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
COLUMN_LABELS = {"aar": "år", "omraade": "område", "omraadetype": "områdetype", "maaling": "måling",
                 "vaerdi": "værdi", "nedre": "nedre", "oevre": "øvre", "respondenter": "respondenter",
                 "kilde": "kilde"}
NUMBER_COLUMNS = {"aar", "vaerdi", "nedre", "oevre", "respondenter"}


def format_decimal(value: Decimal | None) -> str:
    """Render a stored decimal the Danish way without trailing zeros: 85.000 → "85", 81.300 → "81,3"."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def escape_formula(text: str) -> str:
    """Keep spreadsheets from running exported text as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def unescape_formula(text: str) -> str:
    """Undo escape_formula() when our export is imported again."""
    return text[1:] if text.startswith("'") and text[1:2] and text[1:2] in FORMULA_PREFIXES else text


class DecimalCommaWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return format_decimal(value)


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
        rows = [
            [_as_number(cell) if header in NUMBER_COLUMNS else cell
             for header, cell in zip(dataset.headers, row, strict=True)]
            for row in dataset
        ]
        danish = tablib.Dataset(*rows, headers=[COLUMN_LABELS.get(h, h) for h in dataset.headers],
                                title=_("Safety index")[:31])
        return danish.export("xlsx")

    def get_extension(self):
        return "xlsx"

    def get_content_type(self):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _as_number(cell):
    if cell in ("", None):
        return None
    number = Decimal(str(cell).replace(".", "").replace(",", "."))
    return int(number) if number == number.to_integral_value() else number


def export_csv_bytes(dataset: tablib.Dataset) -> bytes:
    danish = tablib.Dataset(*dataset, headers=[COLUMN_LABELS.get(h, h) for h in dataset.headers])
    text = danish.export("csv", delimiter=";", lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")
