#!/usr/bin/env python
"""Django's command-line utility for Tryg."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryg.settings")
    # manage.py is the developer's entry point, so it defaults to development mode; production serves through
    # tryg/wsgi.py, where DEBUG stays off and SECRET_KEY is required. Operators set DEBUG=false for their commands.
    os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
