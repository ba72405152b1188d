"""Server time and SQL queries of the goal page, its CSV and the areas page with national-scale data and 3,000
approved initiatives.

Builds a throwaway database (the test database of DATABASE_URL, or SQLite in memory), fills it with made-up
values shaped like the national index data (111 areas from the migration + 200 housing areas, every measure,
12 survey years) and 3,000 approved initiatives serving all three sub-goals, and times each URL through Django's
test client, after a warm-up.

    DEBUG=true .venv/bin/python bench/goal_bench.py
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/tryg_goal .venv/bin/python bench/goal_bench.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryg.settings")

import django  # noqa: E402

from bench.throwaway import throwaway_database  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RUNS = 30


def main() -> None:
    from django.test import Client

    with throwaway_database():
        from accounts.roles import Role
        from indicators.models import IndexValue
        from initiatives.models import Initiative, LocalArea
        from tests.accounts.factories import UserFactory
        from tests.indicators.factories import national_scale_values
        from tests.initiatives.factories import approved_initiatives

        count = national_scale_values(housing_areas=200, years=12)
        user = UserFactory(username="bench", role=Role.MUNICIPAL_STAFF)
        area = LocalArea.objects.create(name="Boligområde 001 (opdigtet)", kind="boligomraade")
        approved_initiatives(2995, author=user)
        approved_initiatives(5, author=user, local_area=area)
        client = Client()
        client.force_login(user)
        print(
            f"{connection.vendor}: {IndexValue.objects.count()} values ({count} made up), "
            f"{Initiative.objects.count()} initiatives"
        )
        urls = (
            "/tryghedsindeks/",
            "/tryghedsindeks/maal.csv",
            "/tryghedsindeks/?maaling=utryghed",
            "/tryghedsindeks/omraader/",
            "/",
        )
        for url in urls:
            client.get(url)  # warm-up: templates, translations
            timings, cpu = [], []
            for _ in range(RUNS):
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                # CPU time of this process: on a shared machine it shows the work done, without the waiting.
                cpu.append((time.process_time() - start_cpu) * 1000)
                assert response.status_code == 200, response.status_code
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            print(
                f"  {url:40} median {statistics.median(timings):6.1f} ms  "
                f"max {max(timings):6.1f} ms  CPU median {statistics.median(cpu):6.1f} ms  "
                f"{len(ctx.captured_queries)} queries  ({RUNS} runs)"
            )


if __name__ == "__main__":
    main()
