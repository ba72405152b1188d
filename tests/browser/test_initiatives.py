"""A staff member writes an initiative document in the browser, finds it again and opens its print view."""

from accounts.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory


def test_staff_writes_finds_and_prints_an_initiative(ui, transactional_db):
    """Two sub-goals and a quantitative effect goal; every page passes axe (WCAG 2.1 A/AA)."""
    writer = UserFactory(username="bente", first_name="Bente", last_name="Skov", role=Role.MUNICIPAL_STAFF)
    page = ui.page
    ui.login("bente", PASSWORD)

    page.get_by_role("link", name="Initiativer", exact=True).click()
    ui.check_accessibility()
    page.get_by_role("link", name="Nyt initiativ").click()
    ui.check_accessibility()

    page.locator("#id_title").fill("Tryghedsvandringer på cykelstierne")
    page.locator("#id_summary").fill("Cyklister og politi gennemgår utrygge strækninger sammen.")
    page.locator("#id_description").fill("Vi cykler ruterne.\n\nOg retter det, der gør folk utrygge.")
    page.locator("#id_focus_area").select_option(label="Tryghed i trafikken")
    page.get_by_label("Udvikling af tryghedsarbejdet").check()
    page.locator("#id_learning_question").fill("Gør fælles gennemgange cyklisterne tryggere?")
    page.get_by_label("Kommunen", exact=True).check()
    page.locator("#id_municipal_contact").select_option(value=str(writer.pk))
    page.locator("#id_target_group").fill("Cyklister i Aarhus")
    page.locator("#id_whole_municipality").check()
    page.locator("#id_start_date").fill("2026-04-01")
    page.locator("#id_end_date").fill("2026-10-31")

    page.locator("#id_delmaal-0-selected").check()
    page.locator("#id_delmaal-0-how").fill("Færre oplever farlig adfærd på de gennemgåede strækninger.")
    page.locator("#id_delmaal-1-selected").check()
    page.locator("#id_delmaal-1-how").fill("Cyklisterne ser, at der bliver gjort noget, og bliver mindre utrygge.")

    page.locator("#id_effektmaal-0-description").fill("Færre cyklister føler sig utrygge")
    page.locator("#id_effektmaal-0-kind_0").check()
    page.locator("#id_effektmaal-0-sub_goal").select_option(index=2)
    page.locator("#id_effektmaal-0-metric").fill("Andel utrygge cyklister")
    page.locator("#id_effektmaal-0-unit").fill("procent")
    page.locator("#id_effektmaal-0-baseline_value").fill("30")
    page.locator("#id_effektmaal-0-baseline_date").fill("2026-03-01")
    page.locator("#id_effektmaal-0-target_value").fill("22")
    page.locator("#id_effektmaal-0-target_date").fill("2026-12-01")
    page.locator("#id_effektmaal-0-data_source").fill("Kommunens cyklistundersøgelse")
    ui.click(page.get_by_role("button", name="Opret initiativ"))
    assert page.get_by_role("heading", level=1).inner_text() == "Tryghedsvandringer på cykelstierne"
    assert "er oprettet som kladde" in page.get_by_role("status").first.inner_text()

    ui.goto("/initiativer/")
    filters = page.get_by_test_id("filters")
    filters.get_by_label("Søg").fill("cykelstierne")
    filters.get_by_label("Delmål").select_option(label="Delmål 2: Mindre utryghed ved det, der forekommer")
    filters.get_by_label("Status").select_option(label="Kladde")
    ui.click(filters.get_by_role("button", name="Vis"))
    rows = page.get_by_test_id("initiative-table").locator("tbody tr")
    assert rows.count() == 1
    rows.first.get_by_role("link", name="Tryghedsvandringer på cykelstierne").click()
    ui.check_accessibility()

    ui.click(page.get_by_role("link", name="Udskriftsvenlig version", exact=True))
    assert page.locator("header, nav").count() == 0
    document = page.get_by_role("main").inner_text()
    assert "Delmål 1" in document and "Delmål 2" in document and "Andel utrygge cyklister" in document
    page.emulate_media(media="print")
    assert page.get_by_role("button", name="Udskriv").is_hidden()
    assert page.get_by_role("heading", name="Effektmål", exact=True).is_visible()


def test_the_list_fits_a_1280_pixel_screen_and_the_print_view_flows(ui, transactional_db):
    """The filters beside the table leave it room enough: no column is cut off or scrolled to at 1280 px."""
    import datetime

    from django.utils import timezone

    from focusareas.models import FocusArea
    from initiatives.models import InitiativeVersion
    from tests.initiatives.factories import InitiativeVersionFactory

    writer = UserFactory(username="bente", role=Role.MUNICIPAL_STAFF)
    area = FocusArea.objects.get(slug="aktivt-medborgerskab")
    for number in range(3):
        InitiativeVersionFactory(
            author=writer,
            title=f"Tryghedspartnere fra fællesrådene i de nordlige bydele, runde {number}",
            focus_area=area,
            responsibility=InitiativeVersion.Responsibility.JOINT,
            police_contact=writer,
            embargo_until=timezone.localdate() + datetime.timedelta(days=400),
            embargo_reason="Forsøg.",
            sub_goals=[1, 2, 3],
            end_date=None,
        )
    page = ui.page
    page.set_viewport_size({"width": 1280, "height": 900})
    ui.login("bente", PASSWORD)
    ui.goto("/initiativer/")
    table = page.get_by_test_id("initiative-table")
    assert table.locator("tbody tr").count() == 3
    scroll, visible = page.locator(".table-responsive").evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll <= visible, f"the table needs {scroll} px but has {visible} px"
    header = table.locator("thead").inner_text()
    for column in ("Nr.", "Titel", "Fokusområde", "Delmål", "Ansvar", "Grundlag", "Status", "Periode"):
        assert column in header

    initiative_id = InitiativeVersion.objects.order_by("pk").first().initiative_id
    ui.goto(f"/initiativer/{initiative_id}/udskrift/")
    page.emulate_media(media="print")
    breaks = page.locator(".print-section").evaluate_all(
        "sections => sections.map(s => getComputedStyle(s).breakBefore)"
    )
    assert "page" not in breaks  # sections flow; the browser breaks where a page is full
    assert page.get_by_test_id("embargo").is_visible()
