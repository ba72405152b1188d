"""The goal page tells the whole story: breaks, error bars, trends, the rest of the district, trust in the police,
every sub-goal measured, the areas inside Aarhus and the front page's headline, at a constant number of queries."""

import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Area, GoalDefinition, IndexValue, Measure, SeriesBreak
from initiatives.models import LocalArea
from tests.indicators.factories import IndexValueFactory, national_scale_values, values
from tests.initiatives.factories import approved_initiatives


@pytest.fixture
def page(client, author):
    def get(url=None, **params):
        client.force_login(author)
        return client.get(url or reverse("goal"), params)

    return get


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _section(html: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}".*?</section>', html, re.S).group(0)


def test_the_migration_records_the_survey_breaks_for_administrators_to_edit(db):
    breaks = SeriesBreak.objects.filter(measure__code="andel_trygge")
    assert [(b.year, b.kind) for b in breaks] == [(2020, "ingen_maaling"), (2021, "metode")]
    assert "Justitsministeriet" in breaks[1].note
    assert GoalDefinition.objects.get().second_headline_measure.code == "tillid_politi"
    assert GoalDefinition.objects.get().baseline_year == 2016


def test_the_chart_draws_error_bars_and_marks_the_break(page, db):
    values("andel_trygge", {"Aarhus": {2019: "85.0", 2021: "86.0"}, "Odense": {2019: "84.0", 2021: "84.3"}})
    IndexValue.objects.filter(area__name="Aarhus", year=2021).update(ci_low=D("84.1"), ci_high=D("87.9"))
    html = page().content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    bars = re.findall(r'<path class="error-bar" data-year="(\d+)"', svg)
    assert bars == ["2021"]  # only the value with an interval
    assert '<g class="series-break" data-year="2021">' in svg
    assert "Databrud før 2021: Undersøgelsen flyttede fra Rigspolitiet til Justitsministeriet" in svg  # <desc>
    aarhus = re.search(r'data-series="Aarhus">.*?</g>', svg, re.S).group(0)
    assert aarhus.count('class="series-line"') == 0  # 2019 and 2021 are not joined across the break
    # The table gives the interval and marks the break too.
    table = re.search(r'data-testid="chart-table".*?</table>', html, re.S).group(0)
    assert "86,0 (84,1–87,9)" in _text(table)
    assert 'data-testid="break-2021"' in table
    assert "style=" not in svg


def test_the_cities_error_bars_for_one_year_stand_side_by_side(page, db):
    """Issue 25: two cities' bars for the same year were drawn on top of each other."""
    values("andel_trygge", {"Aarhus": {2021: "86.0"}, "Odense": {2021: "85.5"}})
    IndexValue.objects.filter(year=2021).update(ci_low=D("84.1"), ci_high=D("87.9"))
    svg = re.search(r"<svg.*?</svg>", page().content.decode(), re.S).group(0)
    starts = re.findall(r'<path class="error-bar" data-year="2021" d="M([\d.]+),', svg)
    assert len(starts) == 2 and starts[0] != starts[1]


def test_the_trend_against_the_baseline_is_labelled_across_the_break(page, db):
    values("andel_trygge", {"Aarhus": {2016: "92.3", 2019: "85.0", 2021: "86.0"}, "Odense": {2021: "84.3"}})
    trend = _text(_section(page().content.decode(), "headline"))
    assert "Aarhus 2021 mod 2016: dårligere (ændring −6,3) – sammenlignet hen over et databrud" in trend
    assert "Aarhus 2021 mod 2019: på niveau (ændring +1,0) – sammenlignet hen over et databrud" in trend


def test_reported_crime_gets_a_count_trend_in_sub_goal_3(page, db):
    # Aarhus's real reports 2016–2021 (STRAF11): around their straight line they vary 7,4 times the mean.
    real = {2016: "32723", 2017: "31463", 2018: "30428", 2019: "29176", 2020: "26976", 2021: "25561"}
    values("anmeldelser_antal", {"Aarhus": real})
    values("anmeldelser_pr_1000", {"Aarhus": {2021: "72.5"}, "Odense": {2021: "66.2"}})
    html = page().content.decode()
    section = _text(_section(html, "sub-goal-3"))
    # Counts carry the Danish thousands separator of the one number formatter (formatting/numbers.py), and no
    # decimals: a number of reports is whole. z = −7 162 / √(7,36 × 58 284).
    assert "Anmeldte forbrydelser Aarhus 2021 mod 2016: falder (ændring −7.162) (z = −10,93, φ = 7,36)" in section
    assert "Aarhus 2021 mod 2020: falder (ændring −1.415) (z = −2,28, φ = 7,36)" in section
    assert "φ er, hvor meget de årlige antal" in _text(_section(html, "count-rule"))
    # Reports per 1,000 inhabitants are compared with the cities (lower is better): Aarhus lags Odense.
    assert "2021: halter bagefter" in section and "Aarhus ligger dårligere end Odense" in section
    # Counts are never offered as a city comparison.
    select = re.search(r'<select id="measure-select".*?</select>', html, re.S).group(0)
    assert "anmeldelser_antal" not in select
    assert page(maaling="anmeldelser_antal").status_code == 404


def test_a_count_with_too_few_years_shows_the_change_without_a_verdict(page, db):
    values("anmeldelser_antal", {"Aarhus": {2016: "31800", 2022: "27900", 2023: "29400"}})
    section = _text(_section(page().content.decode(), "sub-goal-3"))
    assert (
        "Aarhus 2023 mod 2016: kan ikke vurderes (ændring −2.400) – for få år til at kende den tilfældige variation"
        in section
    )


def test_trust_in_the_police_is_a_second_headline_by_the_same_rule(page, published_values):
    values(
        "tillid_politi",
        {
            "Aarhus": {2021: "80.0"},
            "Odense": {2021: "76.0"},
            "København": {2021: "79.5"},
            "Aalborg": {2021: "80.5"},
            "Esbjerg": {2021: "81.0"},
        },
    )
    section = _text(_section(page().content.decode(), "second-headline"))
    assert "Tillid til politiet" in section
    assert "Målet er nået i 2021" in section
    assert "Aarhus ligger på niveau med eller bedre end København, Odense, Aalborg og Esbjerg." in section


def test_the_rest_of_the_district_is_derived_and_compared(page, db):
    IndexValueFactory(area=Area.objects.get(name="Aarhus"), year=2023, value=D("82.0"), respondents=1000)
    IndexValueFactory(
        area=Area.objects.get(name="Østjyllands Politikreds"), year=2023, value=D("84.0"), respondents=3000
    )
    section = _section(page().content.decode(), "district-rest")
    text = _text(section)
    assert "Aarhus sammenlignet med resten af Østjyllands Politikreds" in text
    assert "Afledt tal" in text
    # (84 × 3 000 − 82 × 1 000) / 2 000 = 85,0 with 2 000 respondents; z ≈ −2,11, so Aarhus is worse.
    assert "2023 82,0 85,0 2.000 dårligere (signifikanstest)" in text


def test_each_sub_goal_lists_its_measures_linked_by_the_administrators(page, db):
    Measure.objects.filter(code="tillid_politi").update(sub_goal=2)
    section = _section(page().content.decode(), "sub-goal-2")
    assert 'data-testid="measure-tillid_politi"' in section and 'data-testid="measure-andel_utrygge"' in section


def test_front_page_shows_the_same_honest_headline(client, author, outsider, published_values):
    client.force_login(author)
    text = _text(_section(client.get(reverse("home")).content.decode(), "goal-headline"))
    assert "Delvist opgjort for 2021" in text
    assert "Aarhus ligger på niveau med eller bedre end Odense; København, Aalborg og Esbjerg mangler tal." in text
    client.force_login(outsider)
    assert 'data-testid="goal-headline"' not in client.get(reverse("home")).content.decode()


def test_areas_page_compares_each_housing_area_with_aarhus_and_names_its_initiatives(page, author, db):
    gellerup = Area.objects.create(name="Gellerup", kind=Area.Kind.HOUSING_AREA)
    bispehaven = Area.objects.create(name="Bispehaven", kind=Area.Kind.HOUSING_AREA)
    values("andel_trygge", {"Aarhus": {2021: "86.0", 2023: "85.0"}})
    IndexValueFactory(area=gellerup, year=2023, value=D("71.0"), ci_low=D("68.0"), ci_high=D("74.0"))
    IndexValueFactory(area=bispehaven, year=2021, value=D("85.5"))
    IndexValue.objects.filter(area__name="Aarhus", year=2023).update(ci_low=D("84.0"), ci_high=D("86.0"))
    approved_initiatives(2, author=author, local_area=LocalArea.objects.create(name="Gellerup", kind="boligomraade"))
    response = page(reverse("goal_areas"))
    assert response.status_code == 200
    rows = {
        re.search(r'<th scope="row">([^<]+)</th>', row).group(1): _text(row)
        for row in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", response.content.decode(), re.S)
    }
    assert "2023 71,0 (68,0–74,0) 85,0 (84,0–86,0) dårligere" in rows["Gellerup"]
    assert "Godkendt initiativ 0" in rows["Gellerup"] and "Godkendt initiativ 1" in rows["Gellerup"]
    assert "2021 85,5 86,0 på niveau" in rows["Bispehaven"] and "Ingen" in rows["Bispehaven"]
    assert page(reverse("goal_areas"), maaling="findes-ikke").status_code == 404


def _area_rows(response) -> dict[str, str]:
    return {
        re.search(r'<th scope="row">([^<]+)</th>', row).group(1): _text(row)
        for row in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", response.content.decode(), re.S)
    }


def test_areas_page_shows_the_previous_comparable_year_beside_the_latest_but_not_across_a_method_break(page, db):
    gellerup = Area.objects.create(name="Gellerup", kind=Area.Kind.HOUSING_AREA)
    bispehaven = Area.objects.create(name="Bispehaven", kind=Area.Kind.HOUSING_AREA)
    values("andel_trygge", {"Aarhus": {2019: "85.0", 2021: "86.0", 2023: "85.0"}})
    for year, value in ((2021, "70.0"), (2023, "84.5")):
        IndexValueFactory(area=gellerup, year=year, value=D(value))
    # The survey changed method in 2021 (recorded by the migration): 2019 is not comparable with 2021.
    for year, value in ((2019, "80.0"), (2021, "85.5")):
        IndexValueFactory(area=bispehaven, year=year, value=D(value))

    rows = _area_rows(page(reverse("goal_areas")))

    assert "2023 84,5 85,0 på niveau" in rows["Gellerup"]
    assert "2021: 70,0, dårligere (Aarhus 86,0)" in rows["Gellerup"]
    assert "2021 85,5 86,0 på niveau" in rows["Bispehaven"]
    assert "2019:" not in rows["Bispehaven"]


def test_areas_page_finds_the_initiatives_of_an_area_by_its_aliases_too(page, author, db):
    area = Area.objects.create(name="Gellerup", kind=Area.Kind.HOUSING_AREA, aliases=["Gellerupparken"])
    values("andel_trygge", {"Aarhus": {2023: "85.0"}})
    IndexValueFactory(area=area, year=2023, value=D("71.0"))
    approved_initiatives(
        1, author=author, local_area=LocalArea.objects.create(name="Gellerupparken", kind="boligomraade")
    )

    rows = _area_rows(page(reverse("goal_areas")))

    assert "Godkendt initiativ 0" in rows["Gellerup"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.slow
@pytest.mark.parametrize("url", [reverse("goal"), reverse("goal_areas")])
def test_query_count_stays_the_same_from_a_few_to_3000_initiatives(client, author, url):
    client.force_login(author)
    gellerup = LocalArea.objects.create(name="Boligområde 001 (opdigtet)", kind="boligomraade")
    national_scale_values(housing_areas=5, years=3)
    approved_initiatives(3, author=author, local_area=gellerup)
    small = _queries(client, url)
    IndexValue.objects.all().delete()
    national_scale_values(housing_areas=60, years=12, seed=7)
    approved_initiatives(3000, author=author, local_area=gellerup)
    assert _queries(client, url) == small <= 13
