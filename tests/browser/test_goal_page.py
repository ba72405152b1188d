"""The goal page in a browser: chart and tables, the measure selector, and axe on every page."""

from accounts.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.goal.conftest import PUBLISHED
from tests.indicators.factories import values

CHART_NAME = "Aarhus sammenlignet med de store byer og hele landet"


def test_goal_page_shows_chart_and_table_and_switches_measure(ui, transactional_db):
    """A staff member opens the goal page from the menu, reads the headline, and switches to another measure."""
    UserFactory(username="goal-reader", role=Role.MUNICIPAL_STAFF)
    values("andel_trygge", PUBLISHED)
    # Made-up values (the test's own), so the second measure has something to show.
    values("andel_utrygge", {"Aarhus": {2022: "15.0"}, "Odense": {2022: "10.0"}, "Hele landet": {2022: "11.0"}})
    ui.login("goal-reader", PASSWORD)

    ui.click(ui.page.get_by_role("link", name="Målet"))
    # Only Odense has a 2021 value, so the headline says the year is partly assessed.
    assert ui.page.get_by_role("heading", level=2, name="Delvist opgjort for 2021").is_visible()
    assert ui.page.get_by_role("img", name=f"Andel trygge i nabolaget, {CHART_NAME}").is_visible()
    table = ui.page.get_by_role("table", name="Andel trygge i nabolaget: tallene i grafen (procent)")
    assert table.get_by_role("row", name="2020").inner_text().split("\t")[-1].startswith("Der blev ikke gennemført")
    assert "84,3" in table.get_by_role("row").filter(has_text="2021").inner_text()

    ui.page.get_by_label("Måling").select_option("andel_utrygge")
    ui.click(ui.page.get_by_role("button", name="Vis"))
    assert "maaling=andel_utrygge" in ui.page.url
    assert ui.page.get_by_role("heading", level=2, name="Målet er ikke nået i 2022").is_visible()
    assert ui.page.get_by_role("img", name=f"Andel utrygge i nabolaget, {CHART_NAME}").is_visible()
    comparison = ui.page.get_by_test_id("comparison-table")
    assert "dårligere" in comparison.get_by_role("row").filter(has_text="2022").inner_text()


def test_the_whole_story_and_the_areas_page_pass_axe(ui, transactional_db):
    """Error bars, break marks, the rest of the district, sub-goal trends and the areas page, checked by axe."""
    from decimal import Decimal

    from indicators.models import Area, IndexValue

    UserFactory(username="story-reader", role=Role.POLICE_LIAISON)
    Area.objects.create(name="Gellerup", kind=Area.Kind.HOUSING_AREA)
    values("andel_trygge", PUBLISHED)
    values("andel_trygge", {"Østjyllands Politikreds": {2021: "87.0"}, "Gellerup": {2021: "71.0"}})
    IndexValue.objects.filter(area__name="Aarhus", year=2021).update(
        ci_low=Decimal("84.1"), ci_high=Decimal("87.9"), respondents=1200
    )
    IndexValue.objects.filter(area__name="Østjyllands Politikreds", year=2021).update(respondents=4000)
    # Eight years, so the count trend can tell the series' own variation from a change (goal/trend.py).
    counts = [31800, 31300, 30700, 30300, 29900, 29700, 29600, 29400]
    values(
        "anmeldelser_antal",
        {"Aarhus": {year: str(count) for year, count in zip(range(2016, 2024), counts, strict=True)}},
    )
    ui.login("story-reader", PASSWORD)
    ui.goto("/tryghedsindeks/")
    assert ui.page.get_by_test_id("district-rest").is_visible()
    assert ui.page.get_by_test_id("trend-anmeldelser_antal").inner_text().count("falder") == 1
    ui.click(ui.page.get_by_role("link", name="Boligområder og lokalområder i Aarhus sammenlignet med hele byen"))
    assert "Gellerup" in ui.page.get_by_test_id("areas-table").inner_text()
