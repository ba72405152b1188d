"""An initiative goes from draft to approved with three people: its author, a police liaison and a municipal member
of the steering group; then the author starts a new version. axe-core checks every page on the way."""

from django.contrib.auth.models import Group

from accounts.models import Organisation
from accounts.roles import Role
from initiatives.models import InitiativeVersion
from tests.accounts.factories import PASSWORD, UserFactory
from tests.initiatives.factories import InitiativeVersionFactory


def _log_out(ui):
    ui.page.get_by_role("button", name="Log ud").click()
    ui.page.wait_for_load_state()


def _decide_approve(ui, justification):
    page = ui.page
    form = page.get_by_test_id("decision-form")
    form.get_by_label("Godkend", exact=True).check()
    form.get_by_label("Begrundelse").fill(justification)
    form.get_by_label("Initiativet bidrager til strategiens mål", exact=False).check()
    form.get_by_label("Delmål 1", exact=False).check()
    ui.click(form.get_by_role("button", name="Registrer min beslutning"))


def test_draft_to_approved_with_author_police_liaison_and_municipal_member(ui, transactional_db):
    author = UserFactory(username="bente", first_name="Bente", last_name="Skov", role=Role.MUNICIPAL_STAFF)
    police = UserFactory(
        username="pia", first_name="Pia", last_name="Politi", role=Role.POLICE_LIAISON, organisation=Organisation.POLICE
    )
    police.groups.add(Group.objects.get(name=Role.STEERING_MEMBER))
    UserFactory(username="mads", first_name="Mads", last_name="Kommune", role=Role.STEERING_MEMBER)
    version = InitiativeVersionFactory(author=author, title="Tryghedsvandringer i Gellerup", sub_goals=[1, 2])
    page = ui.page

    # The author submits the complete draft.
    ui.login("bente", PASSWORD)
    ui.goto(version.get_absolute_url())
    ui.click(page.get_by_role("button", name="Indsend til styregruppen"))
    assert "Version 1 er indsendt til styregruppen." in page.get_by_role("status").first.inner_text()
    assert "Indsendt" in page.locator(".badge").first.inner_text()
    _log_out(ui)

    # The police liaison finds it on the front page and approves.
    ui.login("pia", PASSWORD)
    tasks = page.get_by_test_id("awaiting-decision")
    ui.click(tasks.get_by_role("link", name="Tryghedsvandringer i Gellerup", exact=False))
    _decide_approve(ui, "Politiet deltager i vandringerne og bakker op.")
    assert "afventer den anden organisations godkendelse" in page.get_by_role("status").first.inner_text()
    ui.click(page.get_by_role("link", name="Styregruppe", exact=True))
    assert "Politiet 1 af 1; kommunen 0 af 1" in page.get_by_test_id("queue").inner_text()
    ui.click(page.get_by_role("link", name="Dagsorden til et møde"))
    assert page.get_by_test_id("agenda-item").count() == 1
    _log_out(ui)

    # The municipal member approves too: the version is approved.
    ui.login("mads", PASSWORD)
    ui.click(page.get_by_test_id("awaiting-decision").get_by_role("link", name="Tryghedsvandringer", exact=False))
    _decide_approve(ui, "Kommunen bakker op; vandringerne styrker naboskabet.")
    assert "Styregruppen har nu godkendt version 1." in page.get_by_role("status").first.inner_text()
    assert "Godkendt" in page.locator(".badge").first.inner_text()
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "Bente Skov" in timeline and "Pia Politi" in timeline and "Mads Kommune" in timeline
    assert "Status: Indsendt → Godkendt." in timeline
    ui.goto("/initiativer/styregruppe/beslutninger/")
    assert page.get_by_test_id("decision-log").locator("tbody tr").count() == 2
    page.get_by_test_id("filters").get_by_label("Organisation").select_option(label="Østjyllands Politi")
    ui.click(page.get_by_test_id("filters").get_by_role("button", name="Vis"))
    assert page.get_by_test_id("decision-log").locator("tbody tr").count() == 1
    _log_out(ui)

    # The author revises the approved initiative; the approved version applies meanwhile.
    ui.login("bente", PASSWORD)
    ui.goto(version.get_absolute_url())
    ui.click(page.get_by_role("button", name="Start en ny version"))
    page.locator("#id_title").fill("Tryghedsvandringer i Gellerup og Toveshøj")
    ui.click(page.get_by_role("button", name="Gem ændringer"))
    assert "Version 1 er godkendt og gælder" in page.get_by_test_id("approved-applies").inner_text()
    ui.click(page.get_by_role("link", name="Se de foreslåede ændringer"))
    changes = page.get_by_test_id("revision-changes").inner_text()
    assert "Tryghedsvandringer i Gellerup og Toveshøj" in changes
    ui.click(page.get_by_test_id("revision-states").get_by_role("link", name="Version 1"))
    assert page.get_by_role("heading", level=1).inner_text() == "Tryghedsvandringer i Gellerup"
    assert InitiativeVersion.objects.get(pk=version.pk).state == InitiativeVersion.State.APPROVED
