"""The filtered initiative list as CSV or XLSX.

Text cells that a spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage return) get a
leading apostrophe; numbers and dates stay typed values. Embargoed initiatives are left out until their date
(the caller passes `queries.exported_versions(...)`). The CSV is what Danish Excel opens directly: UTF-8 with a
byte-order mark, semicolons between cells and decimal commas.
"""

import csv
import io
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell a spreadsheet must not evaluate; anything that is not text is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def headers() -> list[str]:
    return [
        _("Number"), _("Title"), _("Summary"), _("Focus area"), _("Further focus areas"), _("Sub-goals"),
        _("Status"), _("Version"), _("Responsibility"), _("Contact in the municipality"), _("Contact in the police"),
        _("Basis"), _("Target group"), _("Geography"), _("Partners"), _("Start date"), _("End date"),
        _("Budget (DKK)"), _("Funding source"), _("Origin"),
    ]


def rows(versions):
    for v in versions:
        areas = ", ".join(str(a) for a in v.local_areas.all())
        geography = _("The whole municipality") if v.whole_municipality else areas
        yield [
            v.initiative.number,
            v.title,
            v.summary,
            str(v.focus_area),
            ", ".join(str(a) for a in v.other_focus_areas.all()),
            ", ".join(str(c.sub_goal.number) for c in v.contributions.all()),
            v.get_state_display(),
            v.number,
            v.get_responsibility_display(),
            str(v.municipal_contact or ""),
            str(v.police_contact or ""),
            v.get_basis_display(),
            v.target_group,
            geography,
            ", ".join(str(p) for p in v.partners.all()),
            v.start_date,
            v.end_date,
            v.budget,
            v.funding_source,
            v.get_origin_display(),
        ]


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        return str(value).replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(str(value))


def to_csv(versions) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers()])
    for row in rows(versions):
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(versions) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Initiatives")[:31]
    sheet.append([neutralise(h) for h in headers()])
    for row in rows(versions):
        sheet.append([neutralise(value) for value in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                # openpyxl stores any string starting with "=" as a formula unless told it is text.
                cell.data_type = "s"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    for index, width in enumerate([8, 40, 50, 30, 30, 10, 14, 8, 24, 24, 24, 24, 40, 30, 40, 12, 12, 14, 24, 24], 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
