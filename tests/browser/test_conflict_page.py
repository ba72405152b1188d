"""The conflict page (two people changed the same field) passes axe, its history link included (issue 25)."""

from accounts.roles import Role
from initiatives import documents
from tests.accounts.factories import PASSWORD, UserFactory
from tests.initiatives.factories import InitiativeVersionFactory


def test_the_conflict_page_has_no_accessibility_violations(ui, transactional_db):
    bente = UserFactory(username="bente", first_name="Bente", last_name="Skov", role=Role.MUNICIPAL_STAFF)
    jonas = UserFactory(username="jonas", first_name="Jonas", last_name="Holm", role=Role.MUNICIPAL_STAFF)
    version = InitiativeVersionFactory(author=bente, title="Nabohjælp i Tilst")
    page = ui.page
    ui.login("bente", PASSWORD)
    ui.goto(f"/initiativer/{version.initiative_id}/rediger/")
    # Jonas saves a new title while Bente has the form open.
    document = documents.document_of(version)
    document.fields["title"] = "Nabohjælp i hele Tilst"
    documents.save_edit(version, document, base_revision=version.revision, by=jonas)
    page.locator("#id_title").fill("Nabohjælp i Tilst og Lisbjerg")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem ændringer").click()
    assert page.get_by_test_id("conflict").count() == 1
    ui.check_accessibility()
