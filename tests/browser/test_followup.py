"""A contact person records two measurements on an effect goal and sees the status and the chart change; axe-core
checks the initiative page and the form on the way."""

from accounts.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.followup.factories import days, in_force


def _record(ui, value, day):
    page = ui.page
    ui.click(page.get_by_role("link", name="Registrér opfølgning på effektmål 1"))
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Værdi (anmeldelser)").fill(value)
    page.get_by_label("Kommentar").fill("Færre anmeldelser efter kampagnen.")
    ui.click(page.get_by_role("button", name="Gem"))


def test_two_measurements_change_the_status_and_the_chart(ui, transactional_db):
    author = UserFactory(username="bente", first_name="Bente", last_name="Skov", role=Role.MUNICIPAL_STAFF)
    version = in_force(author, title="Nabohjælp i Tilst")
    page = ui.page
    ui.login("bente", PASSWORD)
    ui.goto(version.get_absolute_url())
    goal = page.get_by_test_id("followup-goal").first
    assert "ingen data" in goal.get_by_test_id("goal-status").inner_text()
    assert goal.locator("circle.measurement").count() == 0

    _record(ui, "119", days(-200))
    goal = page.get_by_test_id("followup-goal").first
    assert "bagud" in goal.get_by_test_id("goal-status").inner_text()
    assert goal.locator("circle.measurement").count() == 1

    _record(ui, "108,5", days(-5))
    goal = page.get_by_test_id("followup-goal").first
    assert "på vej" in goal.get_by_test_id("goal-status").inner_text()
    assert goal.locator("circle.measurement").count() == 2
    assert goal.locator("svg[role=img] title").first.text_content().startswith("Målinger af")
    assert "108,5" in goal.get_by_test_id("goal-table").inner_text()
