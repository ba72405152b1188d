"""After a failed save the keyboard starts at the error summary, and one Tab and Enter reach the first field."""

from accounts.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory


def test_the_error_summary_takes_focus_and_its_links_lead_to_the_fields(ui, transactional_db):
    UserFactory(username="bente", first_name="Bente", last_name="Skov", role=Role.MUNICIPAL_STAFF)
    page = ui.page
    ui.login("bente", PASSWORD)
    ui.goto("/initiativer/nyt/")
    page.locator("#id_summary").fill("Uden titel kan intet gemmes.")
    page.get_by_role("button", name="Opret initiativ").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    ui.check_accessibility()

    summary = page.get_by_test_id("error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "Titel" in summary.inner_text()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_title"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_title"
    page.keyboard.type("Skrevet efter fejlen")
    assert page.locator("#id_title").input_value() == "Skrevet efter fejlen"


def test_add_an_effect_goal_keeps_the_typing_and_focuses_the_new_box(ui, transactional_db):
    UserFactory(username="bente", first_name="Bente", last_name="Skov", role=Role.MUNICIPAL_STAFF)
    page = ui.page
    ui.login("bente", PASSWORD)
    ui.goto("/initiativer/nyt/")
    page.locator("#id_title").fill("Halvt skrevet")
    page.locator("#id_effektmaal-0-description").fill("Første mål")
    with page.expect_navigation():
        page.get_by_role("button", name="Tilføj effektmål").click()
    ui.check_accessibility()
    assert page.locator("#id_title").input_value() == "Halvt skrevet"
    assert page.locator("#id_effektmaal-0-description").input_value() == "Første mål"
    assert page.evaluate("document.activeElement.id") == "id_effektmaal-1-description"
    assert page.get_by_test_id("error-summary").count() == 0
    assert "#" not in page.url  # no stale fragment that a later failed save would open at


def test_enter_in_a_text_field_saves_a_bare_draft(ui, transactional_db):
    """Enter in a field saves (never "Add an effect goal"), and a draft with only its title is saved."""
    from initiatives.models import InitiativeVersion

    UserFactory(username="bente", first_name="Bente", last_name="Skov", role=Role.MUNICIPAL_STAFF)
    page = ui.page
    ui.login("bente", PASSWORD)
    ui.goto("/initiativer/nyt/")
    page.locator("#id_title").fill("Kun en titel")
    with page.expect_navigation():
        page.locator("#id_title").press("Enter")
    ui.check_accessibility()
    version = InitiativeVersion.objects.get()
    assert version.title == "Kun en titel" and version.state == InitiativeVersion.State.DRAFT
    assert page.url.rstrip("/").endswith(f"/initiativer/{version.initiative_id}")
    assert "Startdato: ikke udfyldt endnu." in page.get_by_test_id("missing").inner_text()
