"""Exports of the filtered list: formula injection neutralised, numbers kept numeric, embargo respected."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.initiatives.factories import InitiativeVersionFactory


@pytest.fixture
def exportable(author):
    hostile = InitiativeVersionFactory(
        author=author,
        title="=cmd|' /C calc'!A0",
        summary="@SUM(1+1)",
        budget=Decimal("250000.50"),
        target_group="-Unge",
    )
    secret = InitiativeVersionFactory(
        author=author, title="Hemmeligt forsøg", embargo_until=datetime.date(2099, 1, 1), embargo_reason="Forskning"
    )
    past = InitiativeVersionFactory(
        author=author, title="Tidligere hemmeligt", embargo_until=datetime.date(2020, 1, 1), embargo_reason="Forskning"
    )
    return hostile, secret, past


def _csv_rows(response):
    assert response.streaming  # written while it is sent, not built in memory first
    text = b"".join(response.streaming_content).decode("utf-8")
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
    assert hostile[1] == "'=cmd|' /C calc'!A0" and hostile[2] == "'@SUM(1+1)"
    assert hostile[header.index("Målgruppe")] == "'-Unge"
    assert hostile[header.index("Budget (kr.)")] == "250000,5"
    assert hostile[header.index("Beskrivelse")] == "Første afsnit.\n\nAndet afsnit."
    assert hostile[header.index("Bidrag til delmål 1")] == "Bidrager til delmål 1."
    assert hostile[header.index("Bidrag til delmål 2")] == ""
    assert hostile[header.index("Læringsspørgsmål")] == "Hvad virker?"
    assert {"Tidligere resultater", "Referencer"} <= set(header)


def test_xlsx_export_has_typed_numbers_and_no_formulas(client, author, exportable):
    client.force_login(author)
    response = client.get(reverse("initiatives:export", args=["xlsx"]))
    assert response.streaming
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    titles = [row[1] for row in rows[1:]]
    assert "Hemmeligt forsøg" not in titles and len(titles) == 2
    hostile_row = next(r for r in sheet.iter_rows(min_row=2) if str(r[1].value).startswith("'="))
    assert all(cell.data_type != "f" for cell in hostile_row)
    budget = hostile_row[header.index("Budget (kr.)")].value
    assert isinstance(budget, int | float) and budget == pytest.approx(250000.5)
    assert hostile_row[header.index("Version")].value == 1
    assert hostile_row[header.index("Læringsspørgsmål")].value == "Hvad virker?"


def test_export_follows_the_filters(client, author, exportable):
    client.force_login(author)
    response = client.get(reverse("initiatives:export", args=["csv"]), {"q": "Tidligere"})
    assert [row[1] for row in _csv_rows(response)[1:]] == ["Tidligere hemmeligt"]


def test_unknown_export_format_is_404(client, author):
    client.force_login(author)
    assert client.get(reverse("initiatives:export", args=["pdf"])).status_code == 404


def test_xlsx_export_has_one_sheet_per_part_of_the_document(client, author, exportable):
    hostile = exportable[0]
    client.force_login(author)
    response = client.get(reverse("initiatives:export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Initiativer", "Bidrag til delmål", "Effektmål"]
    contributions = list(workbook["Bidrag til delmål"].iter_rows(values_only=True))
    assert contributions[0] == ("Nummer", "Titel", "Delmål", "Sådan bidrager initiativet")
    assert (hostile.initiative.number, "Bidrager til delmål 1.") in [(r[0], r[3]) for r in contributions[1:]]
    assert all(r[1] != "Hemmeligt forsøg" for r in contributions)
    goals = list(workbook["Effektmål"].iter_rows(values_only=True))
    header = goals[0]
    goal = next(r for r in goals[1:] if r[0] == hostile.initiative.number)
    assert goal[header.index("Effektmål")] == "Færre indbrud"
    assert goal[header.index("Udgangsværdi")] == 120 and goal[header.index("Målværdi")] == 100
    assert goal[header.index("Måldato")] == datetime.datetime(2026, 12, 31)


def test_export_takes_the_same_number_of_queries_for_more_initiatives(client, author, exportable):
    client.force_login(author)

    def queries_for_export() -> int:
        with CaptureQueriesContext(connection) as queries:
            for fmt in ("csv", "xlsx"):
                b"".join(client.get(reverse("initiatives:export", args=[fmt])).streaming_content)
        return len(queries)

    few = queries_for_export()
    for _n in range(5):
        InitiativeVersionFactory(author=author, sub_goals=[1, 2])
    assert queries_for_export() == few


def test_every_xlsx_sheet_has_an_autofilter_over_its_table(client, author, exportable):
    """Issue 25: the exports had no filter buttons on the header row."""
    client.force_login(author)
    response = client.get(reverse("initiatives:export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    for sheet in workbook.worksheets:
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
