from tests.initiatives.conftest import submitted  # noqa: F401  (the submitted version of the approval tests)
