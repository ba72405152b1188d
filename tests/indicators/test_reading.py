"""Reading uploaded safety-index files: bytes → grid (`indicators.reading`) → long rows (`indicators.layout`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import tablib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from indicators.cleaning import cell_text, parse_decimal, parse_int
from indicators.layout import FIELD_OF_KEY, KEYS, read_long_table
from indicators.layout import fold_heading as normalise_header
from indicators.reading import MAX_FILE_BYTES, FileFormatError

CANONICAL_COLUMNS = (
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
LINE_COLUMN = "linje"
assert set(CANONICAL_COLUMNS) == set(KEYS)


def read_dataset(data: bytes, file_name: str) -> tablib.Dataset:
    """The long rows as a table of text cells (absent columns empty), the way these tests look at a file."""
    table = read_long_table(data, file_name, measures={})
    dataset = tablib.Dataset(headers=[*CANONICAL_COLUMNS, LINE_COLUMN])
    for row in table.rows:
        dataset.append([cell_text(getattr(row, FIELD_OF_KEY[key])) for key in CANONICAL_COLUMNS] + [str(row.line)])
    return dataset


FILES = Path(__file__).parent / "files"
HEADERS = [*CANONICAL_COLUMNS, LINE_COLUMN]
BAD_XLSX = "Filen hedder .xlsx, men er ikke en gyldig Excel-fil. Gem den igen som Excel-projektmappe (.xlsx)."
MINIMAL = "år;område;måling;værdi\r\n2019;Aarhus;andel_trygge;85,0\r\n"


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    """Encode a CSV text for upload."""
    return text.encode(encoding)


def _xlsx(*sheets: list[list[object]]) -> bytes:
    """Build an XLSX file with one sheet per row list."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, rows in enumerate(sheets):
        sheet = workbook.create_sheet(f"Ark{index + 1}")
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _error(data: bytes, file_name: str = "data.csv") -> FileFormatError:
    """Return the FileFormatError that reading the data raises."""
    with pytest.raises(FileFormatError) as caught:
        read_dataset(data, file_name)
    return caught.value


# --- the real file -----------------------------------------------------------


def test_real_shared_file_loads() -> None:
    data = (FILES / "andel_trygge_offentlige_tal.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data  # BOM, CRLF as shipped

    dataset = read_dataset(data, "andel_trygge_offentlige_tal.csv")

    assert dataset.headers == HEADERS
    assert dataset.height == 58
    assert dataset[LINE_COLUMN] == [str(n) for n in range(2, 60)]
    first = dataset.dict[0]
    assert first["aar"] == "2014"
    assert first["omraade"] == "Hele landet"
    assert first["omraadetype"] == "land"
    assert first["maaling"] == "andel_trygge"
    assert first["vaerdi"] == "86,8"
    assert first["nedre"] == first["oevre"] == first["respondenter"] == ""
    assert first["kommunekode"] == ""  # known column absent from the file
    assert first["kilde"].startswith("https://")
    assert "Østjyllands Politikreds" in dataset["omraade"]
    assert "Gellerupparken og Toveshøj (Aarhus)" in dataset["omraade"]
    assert all(parse_decimal(v) > 0 for v in dataset["vaerdi"])


# --- CSV variants --------------------------------------------------------------


def test_cp1252_comma_delimiter_quoted_decimal_commas() -> None:
    text = (
        "År,Område,Måling,Værdi,Nedre,Øvre,Respondenter,Kilde\r\n"
        '2019,Århus,andel_trygge,"85,0","83,0","87,0",1.300,"Politiet, 2019"\r\n'
        '2019,Høje-Taastrup,andel_trygge,"79,5",,,,Ærø-kilden\r\n'
    )
    data = _csv(text, "cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    dataset = read_dataset(data, "tryghed.csv")

    rows = dataset.dict
    assert [r["omraade"] for r in rows] == ["Århus", "Høje-Taastrup"]
    assert rows[0]["vaerdi"] == "85,0"
    assert rows[0]["nedre"] == "83,0" and rows[0]["oevre"] == "87,0"
    assert rows[0]["kilde"] == "Politiet, 2019"
    assert parse_int(rows[0]["respondenter"]) == 1300
    assert rows[1]["kilde"] == "Ærø-kilden"
    assert dataset[LINE_COLUMN] == ["2", "3"]


def test_utf8_without_bom_and_lf() -> None:
    data = _csv("år;område;måling;værdi\n2019;Århus;andel_trygge;85,0\n")
    dataset = read_dataset(data, "x.csv")
    assert dataset.dict[0]["omraade"] == "Århus"
    assert dataset.dict[0][LINE_COLUMN] == "2"


@pytest.mark.parametrize(
    "header",
    [
        "aar;omraade;maaling;vaerdi",
        "AAR;OMRAADE;MAALING;VAERDI",
        "ÅR;OMRÅDE;MÅLING;VÆRDI",
        " År ; Område ;  Måling;Værdi  ",
        "\ufeffår;område;måling;værdi",
    ],
)
def test_header_variants(header: str) -> None:
    dataset = read_dataset(_csv(f"{header}\n2019;Aarhus;andel_trygge;85\n"), "x.csv")
    assert dataset.headers == HEADERS
    row = dataset.dict[0]
    assert (row["aar"], row["omraade"], row["maaling"], row["vaerdi"]) == (
        "2019",
        "Aarhus",
        "andel_trygge",
        "85",
    )


def test_kommunekode_instead_of_omraade() -> None:
    data = _csv("år;kommunekode;måling;værdi\n2019;0751;andel_trygge;85,0\n")
    row = read_dataset(data, "x.csv").dict[0]
    assert row["kommunekode"] == "0751"
    assert row["omraade"] == ""


def test_unknown_columns_ignored_cells_stripped_blank_lines_skipped() -> None:
    text = (
        "note;år;område;måling;værdi;ekstra\r\n"
        "\r\n"
        "x;  2019 ; Aarhus ;andel_trygge; 85,0 ;y\r\n"
        ";;;;;\r\n"
        "z;2020;Odense;andel_trygge;80;w\r\n"
        "\r\n"
    )
    dataset = read_dataset(_csv(text), "x.csv")
    assert dataset.headers == HEADERS
    assert dataset["aar"] == ["2019", "2020"]
    assert dataset["vaerdi"] == ["85,0", "80"]
    assert dataset[LINE_COLUMN] == ["3", "5"]


def test_line_numbers_count_physical_lines_of_multiline_cells() -> None:
    text = (
        "år;område;måling;værdi;kilde\n"
        '2019;Aarhus;andel_trygge;85;"første linje\nanden linje"\n'
        "2020;Aarhus;andel_trygge;86;x\n"
    )
    dataset = read_dataset(_csv(text), "x.csv")
    assert dataset[LINE_COLUMN] == ["2", "4"]
    assert dataset.dict[0]["kilde"] == "første linje\nanden linje"


def test_semicolon_preferred_over_comma_in_header() -> None:
    data = _csv('år;område;måling;værdi;"kilde, note"\n2019;A;m;85,0;x\n')
    assert read_dataset(data, "x.csv").dict[0]["vaerdi"] == "85,0"


def test_file_name_case_and_missing_extension_do_not_matter_for_csv() -> None:
    assert read_dataset(_csv(MINIMAL), "UPLOAD").height == 1


# --- XLSX -------------------------------------------------------------------------


def test_xlsx_numbers_dates_and_empty_cells() -> None:
    data = _xlsx(
        [
            ["År", "Kommunekode", "Måling", "Værdi", "Nedre", "Respondenter", "Kilde"],
            [2019, 751, "andel_trygge", 85.5, None, 1300.0, dt.datetime(2020, 1, 31)],
            [2020.0, 101, "andel_trygge", 0.1, 1e-7, 12, dt.date(2021, 2, 1)],
        ]
    )
    dataset = read_dataset(data, "tryghed.xlsx")
    first, second = dataset.dict
    assert first["aar"] == "2019"
    assert first["kommunekode"] == "751"  # the caller pads to "0751"
    assert first["vaerdi"] == "85.5"
    assert first["nedre"] == ""
    assert first["respondenter"] == "1300"
    assert first["kilde"] == "2020-01-31"
    assert second["aar"] == "2020"
    assert second["vaerdi"] == "0.1"
    assert second["nedre"] == "0.0000001"
    assert parse_decimal(second["nedre"]) == Decimal("1e-7")
    assert dataset[LINE_COLUMN] == ["2", "3"]


def test_xlsx_first_sheet_only_and_sheet_row_numbers() -> None:
    first = [
        ["år", "område", "måling", "værdi"],
        [None, None, None, None],
        [2019, "Aarhus", "andel_trygge", 85],
    ]
    second = [["år", "område", "måling", "værdi"], [2000, "Andet ark", "x", 1]]
    dataset = read_dataset(_xlsx(first, second), "x.xlsx")
    assert dataset["omraade"] == ["Aarhus"]
    assert dataset[LINE_COLUMN] == ["3"]


def test_xlsx_detected_by_content_even_if_named_csv() -> None:
    data = _xlsx([["år", "område", "måling", "værdi"], [2019, "Aarhus", "m", 85]])
    assert read_dataset(data, "forkert-navn.csv")["omraade"] == ["Aarhus"]


def test_xlsx_ragged_rows_are_padded() -> None:
    data = _xlsx(
        [
            ["år", "område", "måling", "værdi", "kilde"],
            [2019, "Aarhus", "m", 85],
            [2020, "Aarhus", "m", 86, "k", None, None],
        ]
    )
    dataset = read_dataset(data, "x.xlsx")
    assert dataset["kilde"] == ["", "k"]


def test_a_value_in_a_column_without_heading_is_not_dropped_silently() -> None:
    data = _xlsx([["år", "område", "måling", "værdi"], [2020, "Aarhus", "m", 86, None, "glemt"]])
    error = _error(data, "x.xlsx")
    assert error.row == 2 and "giv den ekstra kolonne en overskrift" in str(error)


def test_xlsx_header_only_and_missing_column() -> None:
    assert (
        str(_error(_xlsx([["år", "område", "måling", "værdi"]]), "x.xlsx"))
        == "Filen har kun overskrifter og ingen rækker med værdier."
    )
    error = _error(_xlsx([["år", "område", "måling"], [2019, "A", "m"]]), "x.xlsx")
    assert error.column == "værdi"


def test_empty_xlsx_is_empty() -> None:
    assert str(_error(_xlsx([]), "x.xlsx")) == "Filen er tom."


# --- errors --------------------------------------------------------------------------


def test_too_large() -> None:
    data = b"a" * int(6.2 * 1024 * 1024)
    assert str(_error(data)) == "Filen er for stor (6,2 MB). Den må højst fylde 5 MB. Del den op, fx ét år pr. fil."
    assert "for stor" in str(_error(b"a" * (MAX_FILE_BYTES + 1)))


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b";;;\r\n;;;\r\n"])
def test_empty(data: bytes) -> None:
    assert str(_error(data)) == "Filen er tom."


def test_header_only() -> None:
    error = _error(_csv("år;område;måling;værdi\r\n\r\n;;;\r\n"))
    assert str(error) == "Filen har kun overskrifter og ingen rækker med værdier."


def test_binary_garbage() -> None:
    garbage = bytes(range(256)) * 4 + os.urandom(512)
    assert str(_error(garbage)) == "Filen kunne ikke læses som CSV, Excel (xlsx) eller LibreOffice (ods)."


def test_control_characters_without_nul_are_garbage() -> None:
    error = _error(_csv("\x01\x02\x03år;område;måling;værdi\n"))
    assert str(error) == "Filen kunne ikke læses som CSV, Excel (xlsx) eller LibreOffice (ods)."


def test_legacy_xls_and_utf16_get_specific_messages() -> None:
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    assert ".xls" in str(_error(xls, "gammel.xls"))
    utf16 = MINIMAL.encode("utf-16")
    assert "UTF-16" in str(_error(utf16, "unicode.txt"))


def test_fake_xlsx() -> None:
    error = _error(_csv(MINIMAL), "x.xlsx")
    assert str(error) == BAD_XLSX


def test_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hej.txt", "ikke en projektmappe")
    assert str(_error(buffer.getvalue(), "X.XLSX")) == (BAD_XLSX)
    assert str(_error(buffer.getvalue(), "x.csv")) == (
        "Filen kunne ikke læses som CSV, Excel (xlsx) eller LibreOffice (ods)."
    )


def test_truncated_xlsx() -> None:
    data = _xlsx([["år", "område", "måling", "værdi"], [2019, "A", "m", 1]])
    error = _error(data[: len(data) // 2], "x.xlsx")
    assert str(error) == BAD_XLSX


def test_zip_bomb_rejected_before_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < MAX_FILE_BYTES

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr("openpyxl.load_workbook", fail)
    error = _error(data, "bombe.xlsx")
    assert str(error).startswith("Excel-filen fylder for meget udpakket")
    assert "60 MB" in str(error)


def test_highly_compressed_member_rejected() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"a" * (20 * 1024 * 1024))
    error = _error(buffer.getvalue(), "x.xlsx")
    assert str(error).startswith("Excel-filen fylder for meget udpakket")
    assert "komprimeret" in str(error)


@pytest.mark.parametrize(
    ("header", "missing", "column"),
    [
        ("år;område;måling", "Kolonnen »værdi« mangler i overskriften (linje 1).", "værdi"),
        ("år;måling;værdi", "Kolonnen »område« mangler i overskriften (linje 1).", "område"),
        ("år;kilde", "Kolonnen »område« og »værdi« mangler i overskriften (linje 1).", "område"),
    ],
)
def test_missing_required_columns(header: str, missing: str, column: str) -> None:
    """An area and a value column are required; the year and the measure are asked for when missing."""
    error = _error(_csv(f"{header}\n2019;x;y\n"))
    assert str(error).startswith(missing)
    assert "år og måling kan vælges" in str(error)
    assert error.column == column
    assert error.row == 1


def test_missing_header_row_gets_hint() -> None:
    error = _error(_csv("2019;Aarhus;andel_trygge;85,0\n2020;Aarhus;andel_trygge;86\n"))
    assert "mangler i overskriften (linje 1)" in str(error)


def test_tab_delimiter() -> None:
    error = _error(_csv("år\tområde\tmåling\tværdi\n2019\tAarhus\tm\t85,0\n"))
    assert str(error) == ("Filen bruger tabulator som skilletegn. Gem den som CSV med semikolon (;) eller komma (,).")


def test_row_with_wrong_field_count() -> None:
    text = "år;område;måling;værdi\n2019;A;m;1\n\n2019;A;m;85;0\n"
    error = _error(_csv(text))
    assert error.row == 4
    assert str(error).startswith("Linje 4 har 5 felter, men overskriften har 4.")


def test_duplicated_column() -> None:
    error = _error(_csv("år;område;omraade;måling;værdi\n2019;A;A;m;1\n"))
    assert str(error) == (
        "Kolonnen »omraade« findes to gange i overskriften (kolonne 2 og 3). Slet eller omdøb den ene."
    )
    assert error.column == "omraade"


def test_oversized_field_is_reported_with_line() -> None:
    text = f"år;område;måling;værdi\n2019;A;m;1\n2019;A;m;{'9' * 200_000}\n"
    error = _error(_csv(text))
    assert error.row == 3
    assert str(error).startswith("Linje 3 kunne ikke læses.")


def test_error_is_value_error_with_optional_attributes() -> None:
    error = FileFormatError("Noget er galt.")
    assert isinstance(error, ValueError)
    assert (str(error), error.row, error.column) == ("Noget er galt.", None, None)


# --- headers and numbers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("År", "aar"),
        (" aar ", "aar"),
        ("Område", "omraade"),
        ("omraade", "omraade"),
        ("Måling", "maaling"),
        ("maaling", "maaling"),
        ("Værdi", "vaerdi"),
        ("vaerdi", "vaerdi"),
        ("Øvre", "oevre"),
        ("oevre", "oevre"),
        ("områdetype", "omraadetype"),
        ("OMRAADETYPE", "omraadetype"),
        ("\ufeffår", "aar"),
        ("Kommune kode", "kommunekode"),
        ("A\u030ar", "aar"),  # decomposed "Å" as macOS writes it
    ],
)
def test_normalise_header(text: str, expected: str) -> None:
    assert normalise_header(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("85,0", "85.0"),
        ("85.0", "85.0"),
        ("85", "85"),
        ("-1,5", "-1.5"),
        ("+2", "2"),
        ("\u22121,5", "-1.5"),
        (" 85,0 ", "85.0"),
        ("1.234,5", "1234.5"),
        ("1.234.567,25", "1234567.25"),
        ("1 234,5", "1234.5"),
        ("1\u00a0234", "1234"),
        ("12 345 678", "12345678"),
        ("1.234", "1.234"),  # no comma decimal: the point is a decimal point
        ("0,001", "0.001"),
    ],
)
def test_parse_decimal_accepts(text: str, expected: str) -> None:
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "1,234.5",
        "1.23,5",
        "1.2345,6",
        "85,",
        ",5",
        "85,0,0",
        "1,2.3",
        "abc",
        "NaN",
        "nan",
        "Infinity",
        "-inf",
        "1e5",
        "--1",
        "1 23",
        "٣",
        "85 %",
    ],
)
def test_parse_decimal_rejects(text: str) -> None:
    with pytest.raises(ValueError, match=r"^».*« er ikke et tal\."):
        parse_decimal(text)


def test_parse_decimal_rejects_empty_and_huge() -> None:
    with pytest.raises(ValueError, match="tom"):
        parse_decimal("  ")
    with pytest.raises(ValueError, match="for langt"):
        parse_decimal("9" * 10_000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("85", 85),
        ("85,0", 85),
        ("2019.0", 2019),
        ("1.300", 1300),
        ("1.300.000", 1_300_000),
        ("1.300,0", 1300),
        ("1 300", 1300),
        ("-4", -4),
        (" 751 ", 751),
    ],
)
def test_parse_int_accepts(text: str, expected: int) -> None:
    assert parse_int(text) == expected


@pytest.mark.parametrize("text", ["85,5", "1,300", "1.30"])
def test_parse_int_rejects_fractions(text: str) -> None:
    with pytest.raises(ValueError, match=r"er ikke et helt tal\."):
        parse_int(text)


@pytest.mark.parametrize("text", ["", "x", "1,234.5", "9" * 5000])
def test_parse_int_rejects_non_numbers(text: str) -> None:
    with pytest.raises(ValueError, match="tal"):
        parse_int(text)


# --- properties -----------------------------------------------------------------------

_FILE_NAMES = st.sampled_from(["data.csv", "data.xlsx", "DATA.XLSX", "upload", ""])


@pytest.mark.slow  # fuzzing
@settings(max_examples=400, deadline=None)
@given(data=st.binary(max_size=2048), file_name=_FILE_NAMES)
def test_random_bytes_only_raise_file_format_error(data: bytes, file_name: str) -> None:
    with contextlib.suppress(FileFormatError):
        read_dataset(data, file_name)


@pytest.mark.slow  # fuzzing
@settings(max_examples=200, deadline=None)
@given(tail=st.binary(max_size=2048), file_name=_FILE_NAMES)
def test_random_zip_like_bytes_only_raise_file_format_error(tail: bytes, file_name: str) -> None:
    with pytest.raises(FileFormatError):
        read_dataset(b"PK\x03\x04" + tail, file_name)


@pytest.mark.slow  # fuzzing
@settings(max_examples=200, deadline=None)
@given(data=st.data(), file_name=_FILE_NAMES)
def test_mutated_xlsx_only_raises_file_format_error(data: st.DataObject, file_name: str) -> None:
    original = bytearray(_VALID_XLSX)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(original) - 1))
        original[position] = data.draw(st.integers(0, 255))
    with contextlib.suppress(FileFormatError):
        read_dataset(bytes(original), file_name)


_CSV_ALPHABET = st.sampled_from(list(';,"\t\r\n 0123456789.-æøåÆØÅaxé\u00a0') + ["\ufeff", "år", "værdi"])


@pytest.mark.slow  # fuzzing
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.lists(_CSV_ALPHABET, max_size=300).map("".join),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_csv_like_text_only_raises_file_format_error(body: str, encoding: str) -> None:
    text = MINIMAL + body
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    try:
        dataset = read_dataset(data, "data.csv")
    except FileFormatError:
        return
    assert dataset.headers == HEADERS
    assert all(isinstance(cell, str) for row in dataset for cell in row)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3))
def test_parse_decimal_round_trips_danish_format(value: Decimal) -> None:
    assert parse_decimal(format(value, "f").replace(".", ",")) == value


@given(st.text(max_size=60))
def test_parse_decimal_only_raises_value_error(text: str) -> None:
    try:
        parse_decimal(text)
        parse_int(text)
    except ValueError:
        pass


_VALID_XLSX = _xlsx([["år", "område", "måling", "værdi"], [2019, "Aarhus", "andel_trygge", 85.5]])


# --- files as real spreadsheet programs write them ----------------------------------


@pytest.mark.parametrize("first_line", ["sep=;", "SEP=;", '"sep=;"'])
def test_excel_separator_line_is_honoured_and_lines_keep_their_numbers(first_line: str) -> None:
    # "85,0" would split the row if the comma were taken for the delimiter.
    dataset = read_dataset(_csv(f"{first_line}\r\n{MINIMAL}2019;Odense;andel_trygge;84,5\r\n"), "x.csv")
    assert dataset["vaerdi"] == ["85,0", "84,5"]
    assert dataset[LINE_COLUMN] == ["3", "4"]


def test_separator_line_naming_another_delimiter_is_refused() -> None:
    assert "tabulator" in str(_error(_csv("sep=\t\r\når\tområde\tmåling\tværdi\r\n")))
    error = _error(_csv("sep=|\r\når|område|måling|værdi\r\n2019|Aarhus|m|1\r\n"))
    assert error.row == 1 and "»|«" in str(error)


def test_trailing_empty_columns_and_rows_short_of_empty_cells_are_read() -> None:
    # Excel writes empty trailing cells for formatted columns, and leaves out the delimiters of
    # empty cells at the end of a row after the first rows.
    text = "år;område;måling;værdi;kilde;;\r\n2019;Aarhus;m;85,0;k;;\r\n2019;Odense;m;84\r\n2019;Aalborg;m;83;;;;\r\n"
    dataset = read_dataset(_csv(text), "x.csv")
    assert dataset["omraade"] == ["Aarhus", "Odense", "Aalborg"]
    assert dataset["kilde"] == ["k", "", ""]


def test_extra_cells_with_content_are_still_an_error() -> None:
    error = _error(_csv("år;område;måling;værdi;;\r\n2019;A;m;85;;x\r\n"))
    assert error.row == 2 and "6 felter" in str(error)


def test_data_on_a_later_sheet_says_only_the_first_is_read() -> None:
    data = _xlsx([], [["år", "område", "måling", "værdi"], [2019, "Aarhus", "m", 85]])
    assert str(_error(data, "x.xlsx")) == (
        "Filen er tom. Kun det første ark i projektmappen (»Ark1«) læses; flyt arket med tallene forrest, og prøv igen."
    )
    notes_first = _xlsx([["Noter"], ["Tal fra 2019"]], [["år", "område", "måling", "værdi"]])
    error = _error(notes_first, "x.xlsx")
    assert error.column == "område" and "Kun det første ark i projektmappen (»Ark1«) læses" in str(error)


def _with_formula(cell_xml_value: str) -> bytes:
    """An XLSX whose D2 is the formula 80+5.3, with the given cached-value XML (Excel writes one)."""
    data = _xlsx([["år", "område", "måling", "værdi"], [2019, "Aarhus", "m", 0]])
    source, target = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    b'<c r="D2" t="n"><v>0</v></c>', f'<c r="D2"><f>80+5.3</f>{cell_xml_value}</c>'.encode()
                )
                assert b"<f>" in content
            zout.writestr(item, content)
    return target.getvalue()


def test_xlsx_formula_reads_its_computed_value() -> None:
    assert read_dataset(_with_formula("<v>85.3</v>"), "x.xlsx")["vaerdi"] == ["85.3"]


def test_xlsx_formula_without_computed_value_is_named() -> None:
    # Programs other than Excel may save a formula without its result, which would otherwise read as empty.
    error = _error(_with_formula(""), "x.xlsx")
    assert error.row == 2
    assert str(error).startswith("Celle D2 indeholder formlen »=80+5.3«, men filen har ingen beregnet værdi")


def _ods(rows: list[list]) -> bytes:
    """An ODS file as odfpy writes it; a cell given as ("=", formula) has a formula and no saved result."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Ark1")
    for row in rows:
        table_row = TableRow()
        for value in row:
            if isinstance(value, tuple):
                cell = TableCell(formula=value[1])
            elif isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value).replace(".", ",")))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def test_ods_numbers_come_from_the_machine_value_not_the_localised_text() -> None:
    data = _ods([["år", "område", "måling", "værdi"], [2019, "Aarhus", "m", 85.3]])
    assert read_dataset(data, "x.ods")["vaerdi"] == ["85.3"]


def test_ods_formula_without_saved_result_is_named() -> None:
    data = _ods([["år", "område", "måling", "værdi"], [2019, "Aarhus", "m", ("=", "of:=80+5.3")]])
    assert "formlen »of:=80+5.3«, men filen har ingen beregnet værdi" in str(_error(data, "x.ods"))


def test_a_file_named_ods_that_is_not_one_is_refused() -> None:
    assert "ikke et gyldigt LibreOffice-regneark" in str(_error(_csv(MINIMAL), "x.ods"))
