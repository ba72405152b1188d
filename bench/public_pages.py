"""Anonymous users on the public pages: the first (cold) answer and the cached ones, with national-scale index data
and 1,000 published initiatives in force.

Builds a throwaway database, then plays anonymous users (no cookie) who open the public pages in turn, each time
without and once with the ETag they got (a 304). Times through Django's test client, after a cold first request.

    DEBUG=true .venv/bin/python bench/public_pages.py
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

USERS = 200  # anonymous visits to each page


def main() -> None:
    from django.test import Client

    with throwaway_database():
        import datacache
        from accounts.roles import Role
        from initiatives.models import InitiativeVersion
        from tests.accounts.factories import UserFactory
        from tests.indicators.factories import national_scale_values
        from tests.initiatives.factories import approved_initiatives

        national_scale_values(housing_areas=200, years=12)
        author = UserFactory(username="bench", role=Role.MUNICIPAL_STAFF)
        approved_initiatives(1000, author=author)
        InitiativeVersion.objects.filter(state="godkendt").update(published=True)
        datacache.bump()
        first = InitiativeVersion.objects.filter(published=True, state="godkendt").order_by("pk").first().initiative_id
        urls = [
            "/offentlig/",
            "/offentlig/initiativer/",
            f"/offentlig/initiativer/{first}/",
            "/offentlig/maalet/",
            "/offentlig/data/initiativer.json",
            "/offentlig/data/aarlige-vurderinger.csv",
            "/offentlig/data/katalog.jsonld",
            "/offentlig/sitemap.xml",
        ]
        print(f"{connection.vendor}: 1000 published initiatives, {USERS} anonymous visits per page")
        for url in urls:
            start = time.perf_counter()
            response = Client().get(url)
            cold = (time.perf_counter() - start) * 1000
            assert response.status_code == 200 and not response.cookies, url
            timings = []
            for _ in range(USERS):
                client = Client()  # a new anonymous user: no cookie
                start = time.perf_counter()
                answer = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                assert answer.status_code == 200 and not answer.cookies
            start = time.perf_counter()
            assert Client().get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
            not_modified = (time.perf_counter() - start) * 1000
            with CaptureQueriesContext(connection) as ctx:
                Client().get(url)
            timings.sort()
            print(
                f"  {url:42} cold {cold:7.1f} ms  cached median {statistics.median(timings):5.2f} ms  "
                f"p95 {timings[int(len(timings) * 0.95)]:5.2f} ms  304 {not_modified:5.2f} ms  "
                f"{len(ctx.captured_queries)} queries, {len(response.content) // 1024} KB"
            )


if __name__ == "__main__":
    main()
