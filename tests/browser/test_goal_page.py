"""The goal page in a browser: chart and tables, the measure selector, and axe on every page."""

from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory
from tests.indicators.conftest import PUBLISHED
from tests.indicators.goal_factories import values

CHART_NAME = "Aarhus sammenlignet med de store byer og hele landet"


def test_goal_page_shows_chart_and_table_and_switches_measure(ui, transactional_db):
    """A staff member opens the goal page from the menu, reads the headline, and switches to another measure."""
    UserFactory(username="goal-reader", role=Role.MUNICIPAL_STAFF)
    values("andel_trygge", PUBLISHED)
    # Made-up values (the test's own), so the second measure has something to show.
    values("andel_utrygge", {"Aarhus": {2022: "15.0"}, "Odense": {2022: "10.0"}, "Hele landet": {2022: "11.0"}})
    ui.login("goal-reader", PASSWORD)

    ui.page.get_by_role("link", name="Målet").click()
    ui.page.wait_for_load_state()
    ui.check_accessibility()
    assert ui.page.get_by_role("heading", level=2, name="Målet er nået i 2021").is_visible()
    assert ui.page.get_by_role("img", name=f"Andel trygge i nabolaget, {CHART_NAME}").is_visible()
    table = ui.page.get_by_role("table", name="Andel trygge i nabolaget: tallene i grafen (procent)")
    assert table.get_by_role("row", name="2020").inner_text().split("\t")[-1].startswith("Der blev ikke gennemført")
    assert "84,3" in table.get_by_role("row").filter(has_text="2021").inner_text()

    ui.page.get_by_label("Måling").select_option("andel_utrygge")
    ui.page.get_by_role("button", name="Vis").click()
    ui.page.wait_for_load_state()
    ui.check_accessibility()
    assert "maaling=andel_utrygge" in ui.page.url
    assert ui.page.get_by_role("heading", level=2, name="Målet er ikke nået i 2022").is_visible()
    assert ui.page.get_by_role("img", name=f"Andel utrygge i nabolaget, {CHART_NAME}").is_visible()
    comparison = ui.page.get_by_test_id("comparison-table")
    assert "dårligere" in comparison.get_by_role("row").filter(has_text="2022").inner_text()
