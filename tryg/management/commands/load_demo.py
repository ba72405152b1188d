"""Load the demo content: users per role and, as the features arrive, initiatives and survey figures.

Safe to run twice: everything is created or refreshed by a natural key, never duplicated.
Runs only against a database that is clearly a development one (see `is_development_database`), whatever DEBUG
says, so the published demo password never reaches a real database.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from followup.demo import load_demo_followup
from indicators.demo import load_demo_index
from initiatives.demo import load_demo_initiatives
from tryg.demo_users import DEMO_PASSWORD, load_demo_users


class Command(BaseCommand):
    help = "Load demo users and content (for development and demonstrations only)."

    def handle(self, *args, **options):
        if not is_development_database(connection.settings_dict):
            raise CommandError(
                _(
                    "load_demo creates users with a published password, so it only runs against a development "
                    "database: a SQLite file in the project folder, or a PostgreSQL database whose name ends in "
                    "_dev or _demo. The database “%(name)s” is neither."
                )
                % {"name": connection.settings_dict["NAME"]}
            )
        with transaction.atomic():
            created_users = load_demo_users()
            index = load_demo_index()
            created_initiatives = load_demo_initiatives()
            load_demo_followup()
        self.stdout.write(
            f"Done! Demo users ready ({created_users} new), {created_initiatives} new demo initiatives; "
            f"password for all: {DEMO_PASSWORD}"
        )
        self.stdout.write(
            f"Published safety-index figures: {index.plan.created} new, {index.plan.unchanged} unchanged."
        )


def is_development_database(settings_dict) -> bool:
    """A SQLite file in the project folder (or in memory), a database named *_dev or *_demo, or a test database.

    Production databases live elsewhere and are named otherwise, so a demo user can never land in one by mistake.
    """
    name = str(settings_dict["NAME"])
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return "memory" in name or Path(name).resolve().is_relative_to(settings.BASE_DIR)
    return name.endswith(("_dev", "_demo")) or name.startswith("test_")
