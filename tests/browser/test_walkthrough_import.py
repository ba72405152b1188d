import importlib

from django.apps import apps
from django.core.management import call_command

from indicators.models import IndexValue
from tests.indicators.importfiles import REAL_FILE
from tryg.demo_users import DEMO_PASSWORD


def test_administrator_previews_confirms_and_reverts_an_import(ui, transactional_db, settings, tmp_path):
    """The administrator uploads the published figures, sees the preview, imports them and finds them in the log."""
    settings.INDICATORS_UPLOAD_DIR = tmp_path / "uploads"
    # A transactional test before this one flushes the areas and measures the migrations seed; seed them again.
    importlib.import_module("indicators.migrations.0002_strategy_data").create_strategy_data(apps, None)
    call_command("load_demo", verbosity=0)
    IndexValue.objects.all().delete()
    ui.login("admin", DEMO_PASSWORD)

    ui.page.get_by_role("link", name="Import", exact=True).click()
    ui.check_accessibility()
    changed = REAL_FILE.read_bytes().replace(b";81,3;", b";81,4;")
    ui.page.get_by_label("Indeksfil").set_input_files(
        files=[{"name": "rettet.csv", "mimeType": "text/csv", "buffer": changed}]
    )
    ui.click(ui.page.get_by_role("button", name="Vis forhåndsvisning"))
    assert "58 nye, 0 ændrede og 0 uændrede" in ui.page.get_by_test_id("import-summary").inner_text()
    assert IndexValue.objects.count() == 0

    ui.click(ui.page.get_by_role("button", name="Importér filen"))
    assert "er importeret: 58 nye" in ui.page.get_by_role("status").inner_text()
    assert IndexValue.objects.count() == 58

    ui.click(ui.page.get_by_role("link", name="Tilbagefør rettet.csv"))
    assert "fjerner de 58 værdier" in ui.page.get_by_test_id("revert-summary").inner_text()
    assert IndexValue.objects.count() == 58
    ui.click(ui.page.get_by_role("button", name="Tilbagefør importen"))
    assert IndexValue.objects.count() == 0
