"""Where a page's server time goes: cProfile over requests through Django's test client, in one process.

Uses the database of DATABASE_URL as it is (e.g. the one bench/load_run.py built) and the settings of the
environment, so run it with the production settings the load test uses:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tryg_load DEBUG=false SECRET_KEY=x ALLOWED_HOSTS=testserver \\
        BEHIND_TLS_PROXY=true .venv/bin/python bench/profile_pages.py --user bench-02 / /initiativer/styregruppe/
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryg.settings")

import django  # noqa: E402

django.setup()


def main() -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--user", default="bench-00")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="no profile: the median CPU time of this process per request (view, ORM, template)",
    )
    args = parser.parse_args()
    client = Client(headers={"X-Forwarded-Proto": "https"})
    client.force_login(get_user_model().objects.get(username=args.user))
    for path in args.paths:
        assert client.get(path).status_code == 200, path  # warm-up
        queries = []

        def count(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        # Counted with a wrapper: Django empties its own query log at the start of every request.
        with connection.execute_wrapper(count):
            client.get(path)
        if args.cpu:
            times = []
            for _ in range(args.runs):
                start = time.process_time()
                client.get(path)
                times.append((time.process_time() - start) * 1000)
            print(f"{path:45} {statistics.median(times):6.1f} ms CPU (median of {args.runs}), {len(queries)} queries")
            continue
        profile = cProfile.Profile()
        start = time.perf_counter()
        profile.enable()
        for _ in range(args.runs):
            client.get(path)
        profile.disable()
        per_request = (time.perf_counter() - start) / args.runs * 1000
        print(f"\n=== {path}: {per_request:.1f} ms per request (profiled), {len(queries)} queries")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
