"""Reading step of the import: the uploaded bytes (CSV, XLSX or ODS) become a grid of cells, row by row.

Each row is `(line, cells)`: the 1-based line (the sheet's row number for spreadsheets) and its cells. A cell is
what the file holds, typed: text (`str`, stripped, "" when empty), a number (`Decimal`, or `Percent` when the
spreadsheet shows it as a percentage, already multiplied by 100), or a date (`datetime.date`). Numbers from
spreadsheets are read as the program shows them: a binary float is rounded to 15 significant digits, so a cell
showing 83,9 that Excel stores as 83.899999999999991 reads as 83.9, the same as the sheet saved as CSV.

What the rows mean (which row is the header, the layout) is the next step's business (`indicators.layout`).
The checks that protect the server stay here: file size, zip bombs, and formulas without a saved result.
Every problem is raised as `FileFormatError`, whose Danish message is shown to the administrator as is.
This module must not import Django.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext, gettext_lazy

__all__ = ["MAX_FILE_BYTES", "MAX_XLSX_UNPACKED_BYTES", "FileFormatError", "Percent", "cell_text", "read_grid"]

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024

# A member over this size compressed more than this ratio is treated as a zip bomb.
_BOMB_MIN_MEMBER_BYTES = 1024 * 1024
_BOMB_MAX_RATIO = 100

_MIB = 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLENS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"

_UNREADABLE = gettext_lazy("The file could not be read as CSV, Excel (xlsx) or LibreOffice (ods).")
_BAD_XLSX = gettext_lazy("The .xlsx file is not a valid Excel file. Save it again as an Excel workbook (.xlsx).")
_BAD_ODS = gettext_lazy("The .ods file is not a valid LibreOffice spreadsheet. Save it again as .ods or .xlsx.")
_EMPTY = gettext_lazy("The file is empty.")
_TAB_DELIMITER = gettext_lazy("The file uses tabs as its delimiter. Save it as CSV with semicolons (;) or commas (,).")

# Text files never contain C0 control characters other than tab and line ends;
# finding one means we decoded binary data.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Cell = str | Decimal | dt.date
Row = tuple[int, list[Cell]]


class Percent(Decimal):
    """A number the spreadsheet shows as a percentage; holds the percentage shown (0,857 shown as 85,7 % is 85.7)."""


def cell_text(cell: Cell | None) -> str:
    """A cell as the text the file shows: a number in plain digits, "" for a cell the row does not have."""
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format(cell, "f")
    return str(cell).strip()


class FileFormatError(ValueError):
    """An uploaded file cannot be used; the message is Danish and shown to the user."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)  # a lazy translation becomes the text of the active language
        self.row = row
        self.column = column

    def __str__(self) -> str:
        return self.message


def read_grid(data: bytes, file_name: str) -> tuple[list[Row], list[str]]:
    """The rows of the file (first sheet of a workbook) and the workbook's sheet names ([] for CSV)."""
    data = bytes(data)
    if len(data) > MAX_FILE_BYTES:
        raise FileFormatError(
            gettext("File too large (%(size)s MB); at most %(limit)s MB. Split it, e.g. one year per file.")
            % {"size": _format_mb(len(data)), "limit": _format_mb(MAX_FILE_BYTES)}
        )
    if not data:
        raise FileFormatError(_EMPTY)
    name = file_name.strip().lower()
    if name.endswith(".ods") or (data.startswith(_ZIP_MAGIC) and _ODS_MIMETYPE in data[:100]):
        _check_zip_safety(data, _BAD_ODS if name.endswith(".ods") else _UNREADABLE)
        return _ods_rows(data, _BAD_ODS if name.endswith(".ods") else _UNREADABLE)
    if data.startswith(_ZIP_MAGIC) or name.endswith(".xlsx"):
        invalid = _BAD_XLSX if name.endswith(".xlsx") else _UNREADABLE
        _check_zip_safety(data, invalid)
        return _xlsx_rows(data, invalid)
    if data.startswith(_OLE2_MAGIC):
        raise FileFormatError(
            gettext("Old Excel format (.xls). Save it as an Excel workbook (.xlsx) or CSV and try again.")
        )
    if data.startswith(_UTF16_BOMS):
        raise FileFormatError(
            gettext("UTF-16 text. Save it as »CSV (semikolonsepareret)« or »CSV UTF-8« and try again.")
        )
    text = _decode(data)
    text, declared = _strip_separator_line(text)
    delimiter = declared or _detect_delimiter(text)
    return list(_csv_records(text, delimiter)), []


def spreadsheet_number(value: float | int, *, percent: bool = False) -> Decimal:
    """A spreadsheet's binary number as the decimal the program shows (15 significant digits)."""
    if isinstance(value, int) and not percent:
        return Decimal(value)
    if percent:
        value = value * 100
    number = Decimal(format(value, ".15g"))
    if percent:
        return Percent(number)
    return number


def _spreadsheet_cell(value: object, number_format: str = "") -> Cell:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return repr(value)
        return spreadsheet_number(value, percent="%" in number_format)
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0, 0) else value.isoformat()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value).strip()


# Excel honours (and some tools write) a first line "sep=;" that names the delimiter.
_SEPARATOR_LINE = re.compile(r'"?sep=(.?)"?[;,]*', re.IGNORECASE)


def _strip_separator_line(text: str) -> tuple[str, str | None]:
    """Return the text with an Excel "sep=" first line blanked (line numbers kept) and its delimiter."""
    first, newline, rest = text.partition("\n")
    match = _SEPARATOR_LINE.fullmatch(first.strip(" \r"))
    if match is None:
        return text, None
    declared = match.group(1)
    if declared == "\t":
        raise FileFormatError(_TAB_DELIMITER, row=1)
    if declared not in (";", ","):
        raise FileFormatError(
            gettext("The first line names the delimiter »%(delimiter)s« (sep=). Use a semicolon (;) or a comma (,).")
            % {"delimiter": declared},
            row=1,
        )
    return newline + rest, declared


def _decode(data: bytes) -> str:
    """Decode CSV bytes as UTF-8 (BOM optional) or, failing that, Windows-1252."""
    if b"\x00" in data:
        raise FileFormatError(_UNREADABLE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Danish Excel's "CSV (semikolonsepareret)" is written in Windows-1252.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise FileFormatError(_UNREADABLE) from None
    if _CONTROL_CHARS.search(text):
        raise FileFormatError(_UNREADABLE)
    return text


def _detect_delimiter(text: str) -> str:
    """Pick ";" or "," from the first non-blank line, counting only outside quotes."""
    for line in io.StringIO(text, newline=""):
        if not line.strip(" \t\r\n;,\"'\u00a0"):
            continue
        semicolons = commas = 0
        quoted = False
        for char in line:
            if char == '"':
                quoted = not quoted
            elif not quoted and char == ";":
                semicolons += 1
            elif not quoted and char == ",":
                commas += 1
        if semicolons:
            return ";"
        if commas:
            return ","
        if "\t" in line:
            raise FileFormatError(_TAB_DELIMITER)
        break
    # A single column: the header check will report what is missing.
    return ";"


def _csv_records(text: str, delimiter: str) -> Iterator[Row]:
    """Yield (first file line, stripped cells) for each CSV record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_line = 0
    while True:
        start_line = previous_line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            # Only oversized fields or broken quoting reach here; both are user errors.
            raise FileFormatError(
                gettext('Line %(line)s could not be read. Check that quotes (") pair up and no field is very long.')
                % {"line": start_line},
                row=start_line,
            ) from None
        previous_line = reader.line_num
        yield start_line, [cell.strip() for cell in row]


def _xlsx_rows(data: bytes, invalid: str) -> tuple[list[Row], list[str]]:
    """The rows of the first worksheet of an XLSX file, and the workbook's sheet names."""
    # Imported late: openpyxl is slow to import and CSV uploads never need it.
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    workbook = formula_book = None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        names = list(workbook.sheetnames)
        if not workbook.worksheets:
            return [], names
        sheet = workbook.worksheets[0]
        formula_rows: Iterator[tuple] | None = None
        if _has_formulas(data, sheet):
            # Excel stores each formula's result next to it; files written by other programs may not, and
            # such a cell would read as empty. The formulas themselves come from a second, formula-mode read.
            formula_book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            formula_rows = formula_book.worksheets[0].iter_rows(values_only=True)
        rows: list[Row] = []
        # Read-only sheets fill missing rows with empty ones, so the index is the row number.
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            formulas = next(formula_rows, ()) if formula_rows is not None else ()
            for index, (cell, formula) in enumerate(zip(cells, formulas, strict=False)):
                text = str(getattr(formula, "text", formula) or "")
                if cell.value is None and text.startswith("="):
                    raise FileFormatError(
                        gettext(
                            "Cell %(cell)s holds the formula »%(formula)s«, which has no saved result. "
                            "Save the file again in Excel, or paste the numbers as values."
                        )
                        % {"cell": f"{get_column_letter(index + 1)}{number}", "formula": _shorten(text)},
                        row=number,
                    )
            rows.append((number, [_spreadsheet_cell(c.value, getattr(c, "number_format", "") or "") for c in cells]))
        return rows, names
    except FileFormatError:
        raise
    except Exception:  # noqa: BLE001
        # openpyxl fails on malformed archives with many unrelated exception types
        # (KeyError, BadZipFile, XML errors, TypeError ...); all mean "not a valid xlsx".
        raise FileFormatError(invalid) from None
    finally:
        for book in (workbook, formula_book):
            if book is not None:
                book.close()


# A repeat count this large is a sheet's trailing empty space, not data (LibreOffice writes 1,048,576 rows).
_MAX_REPEAT = 10_000


def _ods_rows(data: bytes, invalid: str) -> tuple[list[Row], list[str]]:
    """The rows of the first sheet of an ODS file, read with odfpy (the reader tablib uses for ODS).

    Numbers are taken from the cell's machine value (`office:value`), not from its displayed text, which is
    written in the author's locale; the value type says whether the cell is shown as a percentage.
    """
    from odf import opendocument
    from odf.namespaces import OFFICENS, TABLENS
    from odf.table import Table, TableRow

    try:
        document = opendocument.load(io.BytesIO(data))
        sheets = document.spreadsheet.getElementsByType(Table)
    except Exception:  # noqa: BLE001 - odfpy raises many types on garbage input
        raise FileFormatError(invalid) from None
    names = [sheet.getAttrNS(TABLENS, "name") or "" for sheet in sheets]
    if not sheets:
        return [], names
    rows: list[Row] = []
    number = 0
    for row in sheets[0].getElementsByType(TableRow):
        repeat = int(row.getAttrNS(TABLENS, "number-rows-repeated") or 1)
        cells: list[Cell] = []
        for cell in row.childNodes:
            if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                continue
            count = int(cell.getAttrNS(TABLENS, "number-columns-repeated") or 1)
            value = _ods_cell(cell, OFFICENS)
            if value == "" and count > _MAX_REPEAT:
                break
            cells.extend([value] * count)
        while cells and cells[-1] == "":
            cells.pop()
        for _ in range(min(repeat, _MAX_REPEAT) if cells else 1):
            number += 1
            rows.append((number, list(cells)))
        if not cells and repeat > 1:
            number += repeat - 1
    return rows, names


def _ods_cell(cell, officens: str) -> Cell:
    kind = cell.getAttrNS(officens, "value-type")
    formula = cell.getAttrNS(_TABLENS, "formula") or ""
    if formula and not kind:
        raise FileFormatError(
            gettext("Formula »%(formula)s« has no saved result. Save the file again in LibreOffice, or paste values.")
            % {"formula": _shorten(formula)}
        )
    if kind in ("float", "percentage", "currency"):
        value = Decimal(cell.getAttrNS(officens, "value"))
        if kind == "percentage":
            return Percent(value * 100)
        return value
    if kind == "date":
        text = cell.getAttrNS(officens, "date-value") or ""
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return text
    return "\n".join(str(p) for p in cell.childNodes if p.qname[1] == "p").strip()


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(data: bytes, sheet: object) -> bool:
    """Tell whether the sheet's XML holds any formula, without parsing it (most files have none)."""
    path = getattr(sheet, "_worksheet_path", None)
    if not path:  # pragma: no cover - openpyxl internals changed: take the slower, always-correct route
        return True
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path) as source:
        tail = b""
        while chunk := source.read(1024 * 1024):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _check_zip_safety(data: bytes, invalid: str) -> None:
    """Reject archives that are not zip files or would unpack to too much data."""
    # CPython's zipfile never inflates a member beyond its declared file_size, so
    # checking the declared sizes before openpyxl opens anything bounds the work.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception:  # noqa: BLE001 - zipfile raises many types on garbage input
        raise FileFormatError(invalid) from None
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise FileFormatError(
            gettext("The Excel file is too large unpacked (%(size)s MB). It may be at most %(limit)s MB unpacked.")
            % {"size": _format_mb(unpacked), "limit": _format_mb(MAX_XLSX_UNPACKED_BYTES)}
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _BOMB_MIN_MEMBER_BYTES and ratio > _BOMB_MAX_RATIO:
            raise FileFormatError(gettext("The Excel file is unusually highly compressed and is refused for safety."))


def _format_mb(size: int) -> str:
    """Format a byte count as Danish megabytes, rounded up so 5 MB + 1 byte is not "5"."""
    tenths = math.ceil(size * 10 / _MIB)
    if tenths % 10 == 0:
        return str(tenths // 10)
    return f"{tenths // 10},{tenths % 10}"


def _shorten(text: str, limit: int = 30) -> str:
    """Cut long user text so messages stay readable."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
