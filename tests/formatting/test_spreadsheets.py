"""Spreadsheet output: Danish CSV that Excel opens, typed XLSX, and no formula ever runs."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from formatting.spreadsheets import Sheet, csv_bytes, escape_formula, unescape_formula, write_xlsx

HOSTILE = ['=HYPERLINK("http://x")', "+45 1234", "-1+2", "@SUM(A1)", "\tgemt", "\rlinje"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_a_spreadsheet_would_evaluate_is_escaped_and_read_back(text):
    assert escape_formula(text) == "'" + text
    assert unescape_formula(escape_formula(text)) == text


@pytest.mark.parametrize("value", ["Nabohjælp", "", "'citat", Decimal("-5"), -3, 2.5, None, datetime.date(2026, 1, 1)])
def test_plain_text_and_numbers_are_left_alone(value):
    assert escape_formula(value) == value


def test_csv_is_what_danish_excel_opens():
    rows = [["=1+1", Decimal("250000.50")], ["Åbyhøj", -3], [None, datetime.date(2026, 5, 4)]]
    data = csv_bytes(["Navn", "Beløb"], rows)
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8")[1:] == "Navn;Beløb\r\n'=1+1;250000,5\r\nÅbyhøj;-3\r\n;2026-05-04\r\n"


def test_xlsx_keeps_numbers_and_dates_typed_and_text_as_text():
    buffer = io.BytesIO()
    rows = [["=1+1", Decimal("62.5"), datetime.date(2026, 5, 4)]]
    write_xlsx([Sheet("Første", ["a", "b", "c"], rows), Sheet("Anden", ["x"], iter([[1]]))], buffer)
    workbook = load_workbook(buffer)
    assert workbook.sheetnames == ["Første", "Anden"]
    cells = list(workbook["Første"].iter_rows(min_row=2))[0]
    assert cells[0].value == "'=1+1" and cells[0].data_type == "s"
    assert cells[1].value == pytest.approx(62.5)
    assert cells[2].value == datetime.datetime(2026, 5, 4)
