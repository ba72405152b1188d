"""Benchmark the safety-index import on a national-scale file (see bench/README.md).

Run from the repository root, on SQLite or PostgreSQL (a throw-away test database is created and dropped):
    DEBUG=true .venv/bin/python bench/import_bench.py
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/tryg_import .venv/bin/python bench/import_bench.py
"""

import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryg.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.national_data import housing_area_names, write_national_file  # noqa: E402


def timed(label, function, rows):
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # Counted with an execute wrapper: Django's query log keeps only the last 9,000 queries.
    with connection.execute_wrapper(count):
        start = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - start
    print(
        f"{label:<58} {rows:>6} rows {seconds:7.2f} s {rows / seconds:8.0f} rows/s "
        f"{len(queries) / rows:6.3f} queries/row ({len(queries)} queries)"
    )
    return result, seconds


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run():
    from accounts.roles import Role
    from indicators.models import IndexValue
    from indicators.writing import ImportOptions, import_file, plan_file
    from tests.accounts.factories import UserFactory

    print(f"Database: {connection.vendor}; CPU count {os.cpu_count()}")
    admin = UserFactory(username="bench-admin", role=Role.ADMINISTRATOR)
    directory = Path(tempfile.mkdtemp())
    national = write_national_file(directory / "national.csv").read_bytes()
    one_year = write_national_file(directory / "2024.csv", years=(2024,)).read_bytes()
    corrected = write_national_file(directory / "rettet.csv", shift=Decimal("0.1")).read_bytes()
    rows = national.count(b"\n") - 1
    year_rows = one_year.count(b"\n") - 1
    print(f"National file: {rows} rows, {len(national) / 1e6:.1f} MB; one year: {year_rows} rows")

    # The 200 made-up housing areas are new: the administrator names each one to create it.
    new_areas = housing_area_names()
    options = ImportOptions(create_areas=new_areas)
    timed("read + validate + plan one year (empty database)", lambda: plan_file(one_year, "a.csv", options), year_rows)
    client = Client()
    client.force_login(admin)
    # Not timed: the first request of a process imports the URL conf and every view module, which a running
    # server has done long before; the figures are the import's.
    client.get(reverse("indicators:import_upload"))

    def preview_page():
        upload = client.post(reverse("indicators:import_upload"), {"file": _upload(one_year)})
        assert upload.status_code == 302
        # The redirect's page, with the new areas ticked.
        response = client.get(reverse("indicators:import_preview"), {"opret": sorted(new_areas)})
        assert response.status_code == 200 and not response.context["plan"].errors
        return response

    timed("preview page one year (HTTP upload + plan + render)", preview_page, year_rows)
    outcome, seconds = timed(
        "bulk import, national file, empty database",
        lambda: import_file(national, "national.csv", by=admin, options=options),
        rows,
    )
    bulk_rate = rows / seconds
    assert outcome.plan.created == rows == IndexValue.objects.count() == IndexValue.history.count()
    timed("preview page one year (all values stored: unchanged)", preview_page, year_rows)
    timed(
        "re-import the same national file (nothing changes)",
        lambda: import_file(national, "national.csv", by=admin),
        rows,
    )
    outcome, _ = timed(
        "import a corrected national file (every value changes)",
        lambda: import_file(corrected, "rettet.csv", by=admin),
        rows,
    )
    assert outcome.plan.updated == rows and IndexValue.history.count() == 2 * rows

    print(f"Bulk import, national file: {bulk_rate:.0f} rows/s")


def _upload(data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("2024.csv", data)


if __name__ == "__main__":
    main()
