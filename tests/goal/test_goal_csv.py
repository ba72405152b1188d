"""The goal comparison as CSV opens directly in Danish Excel and says what the page says."""

import csv
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse

from indicators.models import Area
from tests.indicators.factories import IndexValueFactory, values

HEADER = "år;område;værdi;aarhus;forskel;vurdering;metode;mål_nået;dækning"


def _download(client, user, **params):
    client.force_login(user)
    return client.get(reverse("goal_csv"), params)


def _rows(response):
    text = response.content.decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_csv_is_utf8_with_bom_semicolons_and_the_exact_header(client, author, published_values):
    response = _download(client, author)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="maal_andel_trygge.csv"' in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    assert response.content.decode("utf-8").removeprefix("\ufeff").split("\r\n")[0] == HEADER


def test_csv_rows_for_the_published_figures(client, author, published_values):
    """One row per year with any city value and per comparison city, ordered by year, then the goal's order."""
    rows = _rows(_download(client, author))[1:]
    assert [(r[0], r[1]) for r in rows] == [
        (str(year), city)
        for year in (2014, 2015, 2016, 2017, 2021, 2023)  # not 2018/2019/2022 (only the country), nor 2020
        for city in ("København", "Odense", "Aalborg", "Esbjerg")
    ]
    by_key = {(r[0], r[1]): r for r in rows}
    assert by_key[("2021", "Odense")] == [
        "2021",
        "Odense",
        "84,3",
        "86",
        "1,7",
        "bedre",
        "tolerance, uden statistisk usikkerhed",
        "delvis",
        "1/4",
    ]
    assert by_key[("2021", "København")] == [
        "2021",
        "København",
        "",
        "86",
        "",
        "ingen data",
        "ingen data",
        "delvis",
        "1/4",
    ]
    assert by_key[("2014", "Aalborg")] == [
        "2014",
        "Aalborg",
        "87",
        "",
        "",
        "ingen data",
        "ingen data",
        "ikke opgjort",
        "2/4",
    ]
    assert by_key[("2016", "Odense")][3] == "92,3"


def test_csv_difference_is_aarhus_minus_the_city_with_ascii_minus(client, author, full_year):
    rows = {r[1]: r for r in _rows(_download(client, author))[1:]}
    assert rows["København"][2:] == [
        "85",
        "86,3",
        "1,3",
        "bedre",
        "tolerance, uden statistisk usikkerhed",
        "nej",
        "4/4",
    ]
    assert rows["Odense"][2:] == [
        "87,3",
        "86,3",
        "-1",
        "på niveau",
        "tolerance, uden statistisk usikkerhed",
        "nej",
        "4/4",
    ]  # the tie at tolerance
    assert rows["Aalborg"][2:] == [
        "87,4",
        "86,3",
        "-1,1",
        "dårligere",
        "tolerance, uden statistisk usikkerhed",
        "nej",
        "4/4",
    ]
    assert rows["Esbjerg"][2:] == [
        "86,3",
        "86,3",
        "0",
        "på niveau",
        "tolerance, uden statistisk usikkerhed",
        "nej",
        "4/4",
    ]


def test_csv_names_the_method_of_each_verdict(client, author, db):
    areas = {area.name: area for area in Area.objects.filter(name__in=["Aarhus", "Odense", "Aalborg"])}
    IndexValueFactory(area=areas["Aarhus"], value=D("88.0"), ci_low=D("87.0"), ci_high=D("89.0"), respondents=2000)
    IndexValueFactory(area=areas["Odense"], value=D("86.0"), ci_low=D("85.0"), ci_high=D("87.0"))
    IndexValueFactory(area=areas["Aalborg"], value=D("85.0"), respondents=1500)
    rows = {r[1]: r for r in _rows(_download(client, author))[1:]}
    assert rows["Odense"][5:7] == ["bedre", "konfidensinterval"]  # touching, yet z = 2 / 0,7215 = 2,77
    assert rows["Aalborg"][5:7] == ["bedre", "signifikanstest"]  # 88 % of 2000 vs 85 % of 1500 people
    assert rows["København"][5:7] == ["ingen data", "ingen data"]
    assert {r[7] for r in rows.values()} == {"delvis"}  # one city missing, none of the measured ahead


def test_csv_follows_the_chosen_measure_and_its_direction(client, author, db):
    values("andel_utrygge", {"Aarhus": {2022: "10.0"}, "Odense": {2022: "12.0"}, "Aalborg": {2022: "8.0"}})
    rows = {r[1]: r for r in _rows(_download(client, author, maaling="andel_utrygge"))[1:]}
    assert rows["Odense"][4:] == [
        "-2",
        "bedre",
        "tolerance, uden statistisk usikkerhed",
        "nej",
        "2/4",
    ]  # lower is better
    assert rows["Aalborg"][4:] == ["2", "dårligere", "tolerance, uden statistisk usikkerhed", "nej", "2/4"]


def test_csv_escapes_formula_like_area_names_but_keeps_numbers(client, author, db):
    Area.objects.filter(name="Odense").update(name="=HYPERLINK(1)")
    values("andel_trygge", {"Aarhus": {2022: "80.0"}, "=HYPERLINK(1)": {2022: "90.0"}})
    rows = _rows(_download(client, author))[1:]
    odense = next(r for r in rows if "HYPERLINK" in r[1])
    assert odense[1] == "'=HYPERLINK(1)"
    assert odense[4] == "-10"  # a negative number stays a number


def test_csv_with_unknown_measure_is_a_clear_404(client, author, db):
    response = _download(client, author, maaling="findes-ikke")
    assert response.status_code == 404
    assert "findes-ikke" in response.content.decode()
    assert "Der findes ingen måling" in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put"])
def test_csv_refuses_other_methods(client, author, method):
    client.force_login(author)
    assert getattr(client, method)(reverse("goal_csv")).status_code == 405
