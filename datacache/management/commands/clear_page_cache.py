from django.core.management.base import BaseCommand

import datacache


class Command(BaseCommand):
    help = "Build every kept page again, on every host (after a change made straight in the database)."

    def handle(self, *args, **options):
        # A new data version reaches every host's cache at once; the results kept under the old one expire.
        datacache.bump()
        datacache.clear()
        self.stdout.write("The page cache is cleared.")
