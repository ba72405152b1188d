"""Import a safety-index file (CSV or XLSX), all or nothing; safe to run twice (the second run changes nothing)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from indicators.importing import ImportRefused, import_file
from indicators.tabular import MAX_FILE_BYTES


class Command(BaseCommand):
    help = "Import the yearly safety index from a CSV or XLSX file. Writes nothing if any row has an error."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Validate and count, but write nothing.")

    def handle(self, *args, file: Path, dry_run: bool = False, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                if file.stat().st_size > MAX_FILE_BYTES:
                    data = file.read_bytes()[: MAX_FILE_BYTES + 1]  # the reader refuses it with its message
                else:
                    data = file.read_bytes()
            except OSError as e:
                raise CommandError(_("The file cannot be read: %(error)s") % {"error": e}) from None
            try:
                outcome = import_file(data, file.name, dry_run=dry_run)
            except ImportRefused as e:
                for error in e.plan.errors:
                    self.stderr.write(str(error))
                raise CommandError(
                    _("%(count)s errors in %(file)s; nothing was saved.")
                    % {"count": len(e.plan.errors), "file": file.name}
                ) from None
            plan = outcome.plan
            summary = _("%(created)s new, %(updated)s changed and %(unchanged)s unchanged values from %(file)s.") % {
                "created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged, "file": file.name
            }
            if dry_run:
                summary = _("Dry run, nothing saved: %(summary)s") % {"summary": summary}
            self.stdout.write(summary)
