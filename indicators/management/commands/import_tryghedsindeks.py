"""Import a safety-index file (CSV or XLSX), all or nothing; safe to run twice (the second run changes nothing)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from indicators.reading import MAX_FILE_BYTES
from indicators.writing import ImportOptions, ImportRefused, NeedsConfirmation, import_file


class Command(BaseCommand):
    help = "Import the yearly safety index from a CSV or XLSX file. Writes nothing if any row has an error."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Validate and count, but write nothing.")
        parser.add_argument("--year", type=int, help="The year, where the file does not say.")
        parser.add_argument("--measure", help="The measure code, where the file does not say.")
        parser.add_argument("--create-area", action="append", default=[], help="Create this unknown area (repeat).")
        parser.add_argument("--confirm-flagged", action="store_true", help="Import values flagged as implausible.")

    def handle(self, *args, file: Path, dry_run: bool = False, **options):
        choices = ImportOptions(
            year=options.get("year"), measure=options.get("measure"),
            create_areas=frozenset(options.get("create_area") or ()),
            confirm_flagged=bool(options.get("confirm_flagged")),
        )
        with translation.override(settings.LANGUAGE_CODE):
            try:
                if file.stat().st_size > MAX_FILE_BYTES:
                    data = file.read_bytes()[: MAX_FILE_BYTES + 1]  # the reader refuses it with its message
                else:
                    data = file.read_bytes()
            except OSError as e:
                raise CommandError(_("The file cannot be read: %(error)s") % {"error": e}) from None
            try:
                outcome = import_file(data, file.name, dry_run=dry_run, options=choices)
            except ImportRefused as e:
                for error in e.plan.errors:
                    self.stderr.write(str(error))
                raise CommandError(
                    _("%(count)s errors in %(file)s; nothing was saved.")
                    % {"count": len(e.plan.errors), "file": file.name}
                ) from None
            except NeedsConfirmation as e:
                self._write_flagged(e.plan)
                raise CommandError(
                    _("Check the flagged values; run again with --confirm-flagged to import them.")
                ) from None
            plan = outcome.plan
            summary = _("%(created)s new, %(updated)s changed and %(unchanged)s unchanged values from %(file)s.") % {
                "created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged, "file": file.name
            }
            if dry_run:
                self._write_flagged(plan)
            for row, change in plan.cleared:
                self.stdout.write(_("Line %(line)s: %(field)s %(old)s will be cleared.")
                                  % {"line": row.line, "field": change.label, "old": change.old})
            if dry_run:
                summary = _("Dry run, nothing saved: %(summary)s") % {"summary": summary}
            self.stdout.write(summary)

    def _write_flagged(self, plan):
        for row in plan.flagged:
            self.stderr.write(_("Line %(line)s: %(value)s looks like a fraction, not a percentage.")
                              % {"line": row.line, "value": row.display_value})
