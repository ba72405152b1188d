from django.core.management import call_command

from tryg.demo_users import DEMO_PASSWORD


def test_demo_user_logs_in_and_sees_the_six_focus_areas(ui, transactional_db):
    """A demo user logs in and the front page lists the strategy's six focus areas."""
    call_command("load_demo", verbosity=0)
    ui.login("anne", DEMO_PASSWORD)

    focus_areas = ui.page.get_by_test_id("focus-areas").get_by_role("listitem")
    assert focus_areas.count() == 6
    assert "Indbrudsforebyggelse og nabohjælp" in focus_areas.first.inner_text()
    header = ui.page.get_by_role("banner").inner_text()
    assert "Anne Kjær" in header and "Aarhus Kommune" in header and "Kommunal medarbejder" in header

    ui.page.get_by_role("link", name="Byens natteliv").click()
    ui.check_accessibility()
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Byens natteliv"
