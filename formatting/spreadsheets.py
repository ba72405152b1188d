"""Spreadsheet output for every download: Danish CSV, XLSX, and the formula escaping both need.

The CSV is what Danish Excel opens directly: UTF-8 with a byte-order mark, semicolons between cells, CRLF and
decimal commas. The XLSX keeps numbers and dates typed. In both, a text cell that a spreadsheet would run as a
formula (starting with =, +, -, @, tab or carriage return) gets a leading apostrophe. Both are written row by row,
so an export of any size streams with bounded memory.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from formatting.numbers import format_number

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def escape_formula(value):
    """A text cell a spreadsheet must not evaluate; anything that is not text is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    """Undo escape_formula() when one of our own exports is read in again."""
    return text[1:] if text.startswith("'") and text[1:2] and text[1:2] in FORMULA_PREFIXES else text


def csv_cell(value) -> str:
    """One cell as Danish Excel reads it: numbers with a decimal comma, ISO dates, escaped text."""
    if value is None:
        return ""
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        return format_number(value, plain=True)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return escape_formula(str(value))


class _Line:
    """csv.writer's file: hands back the line just written instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def csv_lines(headers: Sequence, rows: Iterable[Sequence]) -> Iterator[str]:
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_bytes(headers: Sequence, rows: Iterable[Sequence]) -> bytes:
    return "".join(csv_lines(headers, rows)).encode("utf-8")


def csv_response(filename: str, headers: Sequence, rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """A download that is written while it is sent: rows are read from `rows` one at a time."""
    lines = (line.encode("utf-8") for line in csv_lines(headers, rows))
    response = StreamingHttpResponse(lines, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass
class Sheet:
    """One worksheet: its tab name, header row, rows (any iterable) and optional column widths."""

    title: str
    headers: Sequence
    rows: Iterable[Sequence]
    widths: Sequence[int] = ()


def _xlsx_cell(sheet, value):
    cell = WriteOnlyCell(sheet, escape_formula(value))
    if isinstance(value, datetime):
        cell.value = timezone.localtime(value).replace(tzinfo=None)
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def write_xlsx(sheets: Iterable[Sheet], file) -> None:
    """Write the sheets to a binary file; openpyxl's write-only mode keeps one row in memory at a time."""
    workbook = Workbook(write_only=True)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title[:31])
        for index, width in enumerate(spec.widths, 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.append([_xlsx_cell(sheet, h) for h in spec.headers])
        count = 1
        for row in spec.rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
            count += 1
        add_autofilter(sheet, len(spec.headers), count)
    workbook.save(file)


def add_autofilter(sheet, columns: int, rows: int) -> None:
    """Filter buttons on the header row over the whole table, so a reader sorts and filters at once."""
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(rows, 1)}"


def xlsx_response(filename: str, sheets: Iterable[Sheet]) -> FileResponse:
    """The workbook goes through a temporary file, so the response never holds the whole export in memory."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when the download is sent)
    write_xlsx(sheets, file)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
