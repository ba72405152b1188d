"""Server CPU time and HTML size of the pages that list what a person can act on, at 300 and at 3,000
initiatives, built from scratch (cold: the data version bumped before each request) and from the cache (warm).

Builds a throwaway database (the test database of DATABASE_URL, or SQLite) with the growth test's data (every
initiative in force has a goal overdue for follow-up, a fifth await a decision), then requests each page through
Django's test client, alternating cold and warm, and reports the median of the runs.

    DEBUG=false SECRET_KEY=x ALLOWED_HOSTS=testserver DATABASE_URL=postgres://postgres@127.0.0.1:5432/tryg_growth \\
        .venv/bin/python bench/page_growth.py
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

SIZES, RUNS = (300, 3000), 7


def _cast():
    from django.contrib.auth.models import Group

    from accounts.models import Organisation
    from accounts.roles import Role
    from tests.accounts.factories import UserFactory

    author = UserFactory(username="author", role=Role.MUNICIPAL_STAFF)
    member = UserFactory(username="municipal", role=Role.STEERING_MEMBER, organisation=Organisation.MUNICIPALITY)
    police = UserFactory(username="police", role=Role.POLICE_LIAISON, organisation=Organisation.POLICE)
    police.groups.add(Group.objects.get(name=Role.STEERING_MEMBER))
    return author, member, police


def _time(client, url: str, cold: bool) -> tuple[float, int]:
    import datacache

    if cold:
        datacache.bump()
    start = time.process_time()
    response = client.get(url, secure=True)  # production settings redirect plain HTTP
    elapsed = (time.process_time() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(response.content)


def main() -> None:
    from django.conf import settings
    from django.test import Client

    # No collectstatic for a benchmark: plain static names cost the same as hashed ones once built.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    from tests.initiatives.factories import bulk_initiatives

    with throwaway_database():
        author, member, police = _cast()
        pages = {
            "police liaison's front page": (police, "/"),
            "steering-group page": (member, "/initiativer/styregruppe/"),
            "agenda": (member, "/initiativer/styregruppe/dagsorden/"),
            "author's front page": (author, "/"),
            "follow-up overview, overdue": (member, "/opfoelgning/?forfaldne=ja"),
        }
        built = 0
        print("| page | initiatives | cold CPU ms | warm CPU ms | HTML KB |\n|---|---:|---:|---:|---:|")
        for size in SIZES:
            bulk_initiatives(size - built, author=author)
            built = size
            for name, (user, url) in pages.items():
                client = Client()
                client.force_login(user)
                _time(client, url, cold=True)  # the first request after start-up loads templates
                cold, warm, kb = [], [], 0
                for _ in range(RUNS):  # A B A B: cold and warm side by side
                    cold.append(_time(client, url, cold=True)[0])
                    elapsed, size_bytes = _time(client, url, cold=False)
                    warm.append(elapsed)
                    kb = size_bytes / 1024
                print(
                    f"| {name} | {size:,} | {statistics.median(cold):.1f} | {statistics.median(warm):.1f} | {kb:.0f} |"
                )


if __name__ == "__main__":
    main()
