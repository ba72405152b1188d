"""The goal comparison read: every year on record, gaps with reasons, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import datacache
from goal.queries import load_goal_comparison
from goal.verdict import GoalStatus, Verdict
from indicators.models import GoalComparison, GoalDefinition, IndexValue, Measure
from tests.indicators.factories import national_scale_values, values


def _report(code="andel_trygge"):
    data = load_goal_comparison()
    return data.report(Measure.objects.get(code=code))


def test_every_year_on_record_with_2020_as_a_gap_in_words(published_values):
    report = _report()
    assert [y.year for y in report.years] == list(range(2014, 2024))
    gap = next(y for y in report.years if y.year == 2020)
    assert gap.gap_reason == "Der blev ikke gennemført nogen tryghedsundersøgelse i 2020."
    assert [y.year for y in report.gap_years] == [2020]


def test_years_on_record_include_years_only_other_areas_have(published_values):
    """A year known only from a housing area still belongs to the series, shown as a gap with its reason."""
    values("andel_trygge", {"Fyns Politikreds": {2013: "88.5"}})
    report = _report()
    assert report.years[0].year == 2013
    assert "2013" in report.years[0].gap_reason


def test_latest_year_with_an_aarhus_value_is_the_headline(published_values):
    """2023 has values for Aalborg and the country but not Aarhus, so 2021 is the headline."""
    latest = _report().latest
    assert latest.year == 2021
    assert latest.goal is GoalStatus.PARTIAL  # better than Odense, three cities missing: "delvis", not "ja"
    assert latest.partial
    assert latest.missing_cities == ["København", "Aalborg", "Esbjerg"]
    assert latest.explanation.startswith("Aarhus (86,0) ligger bedre end Odense (84,3; forskel +1,7 procentpoint)")


def test_year_without_any_comparison_value_is_not_assessed(published_values):
    """2016: Aarhus 92,3 but no comparison city measured; there is nothing to be at or above."""
    year = next(y for y in _report().years if y.year == 2016)
    assert year.goal is GoalStatus.NOT_ASSESSED
    assert {c.comparison.verdict for c in year.cities} == {Verdict.NO_DATA}


def test_a_city_worse_than_aarhus_means_not_met(full_year):
    year = _report().latest
    assert year.goal is GoalStatus.NOT_MET
    assert not year.partial
    assert "Aalborg" in year.explanation and "86,3 mod 87,4" in year.explanation


def test_comparison_cities_follow_the_goal_definition(full_year):
    goal = GoalDefinition.current()
    GoalComparison.objects.filter(goal=goal, area__name="København").update(order=9)
    GoalComparison.objects.filter(goal=goal, area__name="Aalborg").delete()
    report = _report()
    assert report.city_names == ["Odense", "Esbjerg", "København"]
    assert report.latest.goal is GoalStatus.MET  # Aalborg, the city Aarhus trailed, no longer counts


def test_headline_measure_follows_the_goal_definition(db):
    values("andel_utrygge", {"Aarhus": {2022: "9"}})
    GoalDefinition.objects.update(headline_measure=Measure.objects.get(code="andel_utrygge"))
    data = load_goal_comparison()
    assert data.headline_measure.code == "andel_utrygge"
    assert [m.code for m in data.measures_with_data] == ["andel_utrygge"]


def test_no_goal_definition_gives_none(db):
    GoalDefinition.objects.all().delete()
    assert load_goal_comparison() is None


def _count_queries(client, url):
    # The queries of building the page, not of serving it from memory (datacache; tests/test_datacache.py).
    datacache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [reverse("goal"), reverse("goal_csv")])
def test_page_and_csv_use_a_constant_number_of_queries(client, author, url, django_assert_max_num_queries):
    """National-shaped data at two sizes: the query count stays the same and within 12."""
    client.force_login(author)
    national_scale_values(housing_areas=5, years=3)
    small = _count_queries(client, url)
    IndexValue.objects.all().delete()
    national_scale_values(housing_areas=60, years=12, seed=7)
    datacache.clear()
    with django_assert_max_num_queries(12):
        client.get(url)
    assert _count_queries(client, url) == small
