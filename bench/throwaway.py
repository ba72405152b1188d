"""A benchmark's own database: the test database of DATABASE_URL (SQLite in memory without it), created for the
run and dropped after it, so a benchmark never touches real data."""

from contextlib import contextmanager


@contextmanager
def throwaway_database():
    from django.conf import settings
    from django.test.utils import get_runner, setup_test_environment

    setup_test_environment()
    # Hashing passwords is not what the benchmarks measure.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        yield
    finally:
        runner.teardown_databases(old_config)
