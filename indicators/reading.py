"""Read an uploaded safety-index file (Danish Excel CSV or XLSX) into a tablib Dataset.

The result of :func:`read_dataset` always has the same shape, so callers never need
to check which columns the file had:

* headers are every key of :data:`CANONICAL_COLUMNS` (in that order) followed by
  :data:`LINE_COLUMN` (``"linje"``);
* a known column that is absent from the file is filled with ``""``;
* columns the file has but we do not know (e.g. a note column) are ignored;
* every cell is a stripped ``str`` (``""`` when empty); numbers are NOT parsed here,
  use :func:`parse_decimal` / :func:`parse_int` so the caller can report the line;
* ``linje`` holds the 1-based line of the row in the file (header = line 1 when it
  is the first line) as a string, e.g. ``"7"``, so error messages can say "linje 7".
  For XLSX it is the sheet's row number.

Every problem with the upload is raised as :class:`FileFormatError`, whose message is
Danish and meant to be shown to the administrator as is. This module must not
import Django.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation

import tablib

__all__ = [
    "AREA_COLUMNS",
    "CANONICAL_COLUMNS",
    "COLUMN_LABELS",
    "LINE_COLUMN",
    "MAX_FILE_BYTES",
    "MAX_XLSX_UNPACKED_BYTES",
    "REQUIRED_COLUMNS",
    "FileFormatError",
    "normalise_header",
    "parse_decimal",
    "parse_int",
    "read_dataset",
]

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024

# A member over this size compressed more than this ratio is treated as a zip bomb.
_BOMB_MIN_MEMBER_BYTES = 1024 * 1024
_BOMB_MAX_RATIO = 100

CANONICAL_COLUMNS: tuple[str, ...] = (
    "aar",
    "omraade",
    "kommunekode",
    "omraadetype",
    "maaling",
    "vaerdi",
    "nedre",
    "oevre",
    "respondenter",
    "kilde",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("aar", "maaling", "vaerdi")
# At least one of these must be present: an area is named or given by its code.
AREA_COLUMNS: tuple[str, ...] = ("omraade", "kommunekode")
LINE_COLUMN = "linje"

# Danish spelling of each key, for messages shown to administrators.
COLUMN_LABELS: dict[str, str] = {
    "aar": "år",
    "omraade": "område",
    "kommunekode": "kommunekode",
    "omraadetype": "områdetype",
    "maaling": "måling",
    "vaerdi": "værdi",
    "nedre": "nedre",
    "oevre": "øvre",
    "respondenter": "respondenter",
    "kilde": "kilde",
}

_MIB = 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_UNREADABLE = "Filen kunne ikke læses som CSV eller Excel (xlsx)."
_BAD_XLSX = "Filen hedder .xlsx, men er ikke en gyldig Excel-fil."
_EMPTY = "Filen er tom."
_HEADER_ONLY = "Filen indeholder kun overskrifter og ingen rækker."
# Errors that mean the sheet read holds no usable table (besides a missing column, which has a column).
_HEADER_ERRORS = (_EMPTY, _HEADER_ONLY)
_TAB_DELIMITER = (
    "Filen bruger tabulator som skilletegn. Gem den som CSV med semikolon (;) eller komma (,)."
)
_REQUIRED_HINT = (
    "Filen skal have kolonnerne år, område (eller kommunekode), måling og værdi."
)

# Text files never contain C0 control characters other than tab and line ends;
# finding one means we decoded binary data.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_SIGN = r"[+\-\u2212]?"  # U+2212 is what Word/Excel autocorrect turns "-" into
_PLAIN_NUMBER = re.compile(rf"{_SIGN}[0-9]+(?:[.,][0-9]+)?")
_POINT_GROUPED_COMMA_DECIMAL = re.compile(
    rf"{_SIGN}[0-9]{{1,3}}(?:\.[0-9]{{3}})+,[0-9]+"
)
_SPACE_GROUPED = re.compile(
    rf"{_SIGN}[0-9]{{1,3}}(?:[ \u00a0\u202f][0-9]{{3}})+(?:[.,][0-9]+)?"
)
_POINT_GROUPED_INTEGER = re.compile(rf"{_SIGN}[0-9]{{1,3}}(?:\.[0-9]{{3}})+")
# Far beyond any real indicator value; keeps messages short and int() within limits.
_MAX_NUMBER_LENGTH = 50


class FileFormatError(ValueError):
    """An uploaded file cannot be used; the message is Danish and shown to the user."""

    def __init__(
        self, message: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column

    def __str__(self) -> str:
        return self.message


def normalise_header(text: str) -> str:
    """Fold a column heading to ASCII lower case so "Værdi", " vaerdi " and "VÆRDI" match."""
    # NFC first: macOS may deliver "å" as "a" + combining ring.
    folded = unicodedata.normalize("NFC", text).replace("\ufeff", "").lower()
    folded = folded.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return "".join(folded.split())


def parse_decimal(text: str) -> Decimal:
    """Parse a Danish or plain number ("85,0", "85.0", "1.234,5", "1 234,5") to Decimal."""
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("Feltet er tomt, men skal indeholde et tal.")
    if len(cleaned) > _MAX_NUMBER_LENGTH:
        raise ValueError(f"»{_shorten(cleaned)}« er for langt til at være et tal.")
    if _PLAIN_NUMBER.fullmatch(cleaned):
        canonical = cleaned.replace(",", ".")
    elif _POINT_GROUPED_COMMA_DECIMAL.fullmatch(cleaned):
        canonical = cleaned.replace(".", "").replace(",", ".")
    elif _SPACE_GROUPED.fullmatch(cleaned):
        canonical = re.sub(r"[ \u00a0\u202f]", "", cleaned).replace(",", ".")
    else:
        # "1,234.5" lands here on purpose: comma-thousands is ambiguous in Danish.
        raise ValueError(f"»{cleaned}« er ikke et tal.")
    try:
        return Decimal(canonical.replace("\u2212", "-"))
    except InvalidOperation:  # pragma: no cover - the patterns only admit valid input
        raise ValueError(f"»{cleaned}« er ikke et tal.") from None


def parse_int(text: str) -> int:
    """Parse a whole number; "1.300" means 1300 because groups of three are thousands."""
    cleaned = text.strip()
    # Danes write 1.300 respondents; a decimal point followed by exactly three
    # digits (in every group) is therefore read as thousands grouping here.
    if len(cleaned) <= _MAX_NUMBER_LENGTH and _POINT_GROUPED_INTEGER.fullmatch(cleaned):
        return int(cleaned.replace(".", "").replace("\u2212", "-"))
    value = parse_decimal(cleaned)
    if value != value.to_integral_value():
        raise ValueError(f"»{cleaned}« er ikke et helt tal.")
    return int(value)


def read_dataset(data: bytes, file_name: str) -> tablib.Dataset:
    """Turn the raw bytes of an uploaded CSV/XLSX file into a Dataset with canonical headers."""
    data = bytes(data)
    if len(data) > MAX_FILE_BYTES:
        raise FileFormatError(
            f"Filen er for stor ({_format_mb(len(data))} MB). "
            f"Den må højst fylde {_format_mb(MAX_FILE_BYTES)} MB."
        )
    if not data:
        raise FileFormatError(_EMPTY)

    named_xlsx = file_name.strip().lower().endswith(".xlsx")
    if data.startswith(_ZIP_MAGIC) or named_xlsx:
        sheet_names: list[str] = []
        try:
            return _build_dataset(_xlsx_records(data, named_xlsx, sheet_names), csv_delimiter=None)
        except FileFormatError as e:
            if len(sheet_names) < 2 or (e.message not in _HEADER_ERRORS and e.column is None):
                raise
            # The data are often on another sheet than the first (a cover sheet, notes).
            first = "Det første ark er tomt." if e.message == _EMPTY else e.message
            raise FileFormatError(
                f"{first} Kun det første ark i Excel-filen (»{_shorten(sheet_names[0])}«) læses; "
                "flyt arket med tallene forrest, og prøv igen.",
                row=e.row,
                column=e.column,
            ) from None
    if data.startswith(_OLE2_MAGIC):
        raise FileFormatError(
            "Filen er i det gamle Excel-format (.xls). "
            "Gem den som Excel-projektmappe (.xlsx) eller CSV og prøv igen."
        )
    if data.startswith(_UTF16_BOMS):
        raise FileFormatError(
            "Filen er gemt som Unicode-tekst (UTF-16). "
            "Gem den som »CSV (semikolonsepareret)« eller »CSV UTF-8« og prøv igen."
        )
    text = _decode(data)
    text, declared = _strip_separator_line(text)
    delimiter = declared or _detect_delimiter(text)
    return _build_dataset(_csv_records(text, delimiter), csv_delimiter=delimiter)


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
            f"Filens første linje angiver skilletegnet »{declared}« (sep=). "
            "Brug semikolon (;) eller komma (,).",
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


def _csv_records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
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
                f'Linje {start_line} kunne ikke læses. Tjek at anførselstegn (") '
                "er parvise, og at ingen felter er meget lange.",
                row=start_line,
            ) from None
        previous_line = reader.line_num
        yield start_line, [cell.strip() for cell in row]


def _xlsx_records(
    data: bytes, named_xlsx: bool, sheet_names: list[str]
) -> Iterator[tuple[int, list[str]]]:
    """Yield (sheet row number, cells as text) from the first worksheet of an XLSX file.

    `sheet_names` receives the workbook's sheet names, so a header error can say that only the first is read.
    """
    invalid = _BAD_XLSX if named_xlsx else _UNREADABLE
    _check_zip_safety(data, invalid)

    # Imported late: openpyxl is slow to import and CSV uploads never need it.
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    workbook = formula_book = None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet_names.extend(workbook.sheetnames)
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        formula_rows: Iterator[tuple] | None = None
        if _has_formulas(data, sheet):
            # Excel stores each formula's result next to it; files written by other programs may not, and
            # such a cell would read as empty. The formulas themselves come from a second, formula-mode read.
            formula_book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            formula_rows = formula_book.worksheets[0].iter_rows(values_only=True)
        # Read-only sheets fill missing rows with empty ones, so the index is the row number.
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            formulas = next(formula_rows, ()) if formula_rows is not None else ()
            for index, (value, formula) in enumerate(zip(values, formulas, strict=False)):
                text = str(getattr(formula, "text", formula) or "")
                if value is None and text.startswith("="):
                    raise FileFormatError(
                        f"Celle {get_column_letter(index + 1)}{number} indeholder formlen "
                        f"»{_shorten(text)}«, men Excel-filen har ingen beregnet værdi for den. "
                        "Åbn filen i Excel og gem den igen (så gemmes resultaterne), "
                        "eller indsæt tallene som værdier.",
                        row=number,
                    )
            yield number, [_cell_text(value) for value in values]
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
            f"Excel-filen fylder for meget udpakket ({_format_mb(unpacked)} MB). "
            f"Den må højst fylde {_format_mb(MAX_XLSX_UNPACKED_BYTES)} MB udpakket."
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _BOMB_MIN_MEMBER_BYTES and ratio > _BOMB_MAX_RATIO:
            raise FileFormatError(
                "Excel-filen fylder for meget udpakket: den er usædvanligt kraftigt "
                "komprimeret og afvises af sikkerhedshensyn."
            )


def _cell_text(value: object) -> str:
    """Render an openpyxl cell value as the text a CSV export would have held."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))  # Excel stores 751 (for 0751) and 2019 as floats
        if not math.isfinite(value):
            return repr(value)
        # repr is the shortest round-tripping form; "f" avoids "1E-7" exponents.
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _build_dataset(
    records: Iterable[tuple[int, list[str]]], *, csv_delimiter: str | None
) -> tablib.Dataset:
    """Validate the header and rows and collect them in canonical column order."""
    rows = iter(records)
    header_line = None
    header: list[str] = []
    for line, cells in rows:
        if not _is_blank(cells):
            header_line, header = line, cells
            break
    if header_line is None:
        raise FileFormatError(_EMPTY)

    # Trailing empty heading cells name no column (Excel writes them for stray formatting), so they are dropped.
    while header and not header[-1]:
        header.pop()
    keys = _map_header(header, header_line)
    width = len(header)

    dataset = tablib.Dataset(headers=[*CANONICAL_COLUMNS, LINE_COLUMN])
    for line, cells in rows:
        if _is_blank(cells):
            continue
        if len(cells) > width and not any(cells[width:]):
            cells = cells[:width]
        if len(cells) > width:
            if csv_delimiter is not None:
                raise FileFormatError(
                    f"Linje {line} har {len(cells)} felter, men overskriften har "
                    f"{width}. Tjek for manglende eller ekstra skilletegn "
                    f'({csv_delimiter}) eller anførselstegn (").',
                    row=line,
                )
            cells = cells[:width]
        elif len(cells) < width:
            # Excel leaves out the delimiters of empty cells at the end of a row (after its first rows), so a short
            # row means empty optional cells; a missing required cell is reported for its column.
            cells = cells + [""] * (width - len(cells))
        values = dict.fromkeys(CANONICAL_COLUMNS, "")
        for key, cell in zip(keys, cells, strict=True):
            if key is not None:
                values[key] = cell
        dataset.append([*values.values(), str(line)])

    if not dataset.height:
        raise FileFormatError(_HEADER_ONLY)
    return dataset


def _map_header(header: list[str], line: int) -> list[str | None]:
    """Map each heading to its canonical key (None if unknown) and check the required ones."""
    known = set(CANONICAL_COLUMNS)
    keys: list[str | None] = []
    for cell in header:
        key = normalise_header(cell)
        if key not in known:
            keys.append(None)
            continue
        if key in keys:
            raise FileFormatError(
                f"Kolonnen »{COLUMN_LABELS[key]}« findes flere gange i overskriften.",
                row=line,
                column=key,
            )
        keys.append(key)

    has_area = any(key in keys for key in AREA_COLUMNS)
    # Listed in the order the hint names them: år, område, måling, værdi.
    missing = [
        key
        for key in ("aar", "omraade", "maaling", "vaerdi")
        if (key == "omraade" and not has_area) or (key != "omraade" and key not in keys)
    ]
    if missing:
        labels = [f"»{COLUMN_LABELS[key]}«" for key in missing]
        if len(labels) == 1:
            lead = f"Kolonnen {labels[0]} mangler."
        else:
            lead = f"Kolonnerne {', '.join(labels[:-1])} og {labels[-1]} mangler."
        if not any(keys):
            lead += " Første linje skal indeholde kolonneoverskrifterne."
        raise FileFormatError(f"{lead} {_REQUIRED_HINT}", row=line, column=missing[0])
    return keys


def _is_blank(cells: list[str]) -> bool:
    """Tell whether a record has no content (Excel writes such lines as ";;;;")."""
    return not any(cells)


def _format_mb(size: int) -> str:
    """Format a byte count as Danish megabytes, rounded up so 5 MB + 1 byte is not "5"."""
    tenths = math.ceil(size * 10 / _MIB)
    if tenths % 10 == 0:
        return str(tenths // 10)
    return f"{tenths // 10},{tenths % 10}"


def _shorten(text: str, limit: int = 30) -> str:
    """Cut long user text so messages stay readable."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
