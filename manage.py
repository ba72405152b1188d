#!/usr/bin/env python
"""Django's command-line utility for Tryg."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryg.settings")
    # No default for DEBUG here: a command runs with production settings unless the environment says DEBUG=true
    # (as `make run` and `make test` do), so it never uses a development key or passes development-only guards.
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
