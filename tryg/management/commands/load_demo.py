"""Load the demo content: users per role and, as the features arrive, initiatives and survey figures.

Safe to run twice: everything is created or refreshed by a natural key, never duplicated.
Refuses to run with DEBUG off unless --force is given, so demo passwords never reach production by accident.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from followup.demo import load_demo_followup
from indicators.demo import load_demo_index
from initiatives.demo import load_demo_initiatives
from tryg.demo_users import DEMO_PASSWORD, load_demo_users


class Command(BaseCommand):
    help = "Load demo users and content (for development and demonstrations only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force: bool = False, **options):
        if not (settings.DEBUG or force):
            raise CommandError("load_demo is for development; DEBUG is off (use --force if you really mean it).")
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
