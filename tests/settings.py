"""Settings for pytest (named in pyproject.toml): development mode, so plain `pytest` works without `make`."""

import os

# Before the project settings read it: tests run in development mode whatever the shell says.
os.environ["DEBUG"] = "true"

from tryg.settings import *  # noqa: E402, F403

# The in-suite identity providers (tests/sso): the login page offers both organisations.
SSO_CONFIG_FILE = str(BASE_DIR / "tests" / "sso" / "sso.toml")  # noqa: F405
