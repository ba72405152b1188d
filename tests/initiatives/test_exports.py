"""Exports of the filtered list: formula injection neutralised, numbers kept numeric, embargo respected."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from initiatives.exports import neutralise
from tests.initiatives.factories import InitiativeVersionFactory


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+45 1234", "-1+2", "@SUM(A1)", "\tgemt", "\rlinje"])
def test_text_that_a_spreadsheet_would_evaluate_is_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Nabohjælp", "", Decimal("-5"), -3, 2.5, None, datetime.date(2026, 1, 1)])
def test_plain_text_and_numbers_are_left_alone(value):
    assert neutralise(value) == value


@pytest.fixture
def exportable(author):
    hostile = InitiativeVersionFactory(author=author, title="=cmd|' /C calc'!A0", summary="@SUM(1+1)",
                                       budget=Decimal("250000.50"), target_group="-Unge")
    secret = InitiativeVersionFactory(author=author, title="Hemmeligt forsøg",
                                      embargo_until=datetime.date(2099, 1, 1), embargo_reason="Forskning")
    past = InitiativeVersionFactory(author=author, title="Tidligere hemmeligt",
                                    embargo_until=datetime.date(2020, 1, 1), embargo_reason="Forskning")
    return hostile, secret, past


def _csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_export_escapes_formulas_keeps_numbers_and_leaves_out_embargo(client, author, exportable):
    client.force_login(author)
    response = client.get(reverse("initiatives:export", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header[:2] == ["Nummer", "Titel"] and "Budget (kr.)" in header
    titles = [row[1] for row in rows]
    assert "Hemmeligt forsøg" not in titles and "Tidligere hemmeligt" in titles
    hostile = next(row for row in rows if row[1].startswith("'="))
    assert hostile[1] == "'=cmd|' /C calc'!A0" and hostile[2] == "'@SUM(1+1)" and hostile[12] == "'-Unge"
    assert hostile[header.index("Budget (kr.)")] == "250000,50"


def test_xlsx_export_has_typed_numbers_and_no_formulas(client, author, exportable):
    client.force_login(author)
    response = client.get(reverse("initiatives:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    titles = [row[1] for row in rows[1:]]
    assert "Hemmeligt forsøg" not in titles and len(titles) == 2
    hostile_row = next(r for r in sheet.iter_rows(min_row=2) if str(r[1].value).startswith("'="))
    assert all(cell.data_type != "f" for cell in hostile_row)
    budget = hostile_row[header.index("Budget (kr.)")].value
    assert isinstance(budget, int | float) and budget == pytest.approx(250000.5)
    assert hostile_row[header.index("Version")].value == 1


def test_export_follows_the_filters(client, author, exportable):
    client.force_login(author)
    response = client.get(reverse("initiatives:export", args=["csv"]), {"q": "Tidligere"})
    assert [row[1] for row in _csv_rows(response)[1:]] == ["Tidligere hemmeligt"]


def test_unknown_export_format_is_404(client, author):
    client.force_login(author)
    assert client.get(reverse("initiatives:export", args=["pdf"])).status_code == 404
