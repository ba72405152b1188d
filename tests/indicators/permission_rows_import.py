from indicators.models import ImportBatch
from tests.matrix import REDIRECT, everyone_logged_in, only, rows_for


def build_world(world):
    world.import_batch = ImportBatch.objects.create(file_name="matrix.csv", sha256="0" * 64)


def _batch(world):
    return {"pk": world.import_batch.pk}


ROWS = [
    *rows_for("indicators:import_upload", only({"admin"})),
    # Without a file the form is shown again with its error; nothing is stored.
    *rows_for("indicators:import_upload", only({"admin"}), method="post", case="no file"),
    # Nothing uploaded yet: the administrator is sent to the upload form.
    *rows_for("indicators:import_preview", only({"admin"}, ok=REDIRECT)),
    *rows_for("indicators:import_confirm", only({"admin"}, ok=REDIRECT), method="post", data=lambda w: {"sha256": "x"}),
    # A GET (a reload of a refused confirmation) goes back to the preview, not to a dead-end 405.
    *rows_for("indicators:import_confirm", everyone_logged_in(REDIRECT), case="GET goes to the preview"),
    *rows_for("indicators:import_log", only({"admin"})),
    *rows_for("indicators:import_revert_confirm", only({"admin"}), kwargs=_batch),
    *rows_for("indicators:import_revert", only({"admin"}, ok=REDIRECT), method="post", kwargs=_batch),
    *rows_for(
        "indicators:import_revert",
        everyone_logged_in(REDIRECT),
        kwargs=_batch,
        case="GET goes to the confirmation page",
    ),
]
