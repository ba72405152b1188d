"""Import a safety-index file (CSV or XLSX), all or nothing; safe to run twice (the second run changes nothing)."""

from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from indicators.cleaning import normalise_name
from indicators.layout import COLUMN_LABELS, SYNONYMS, fold_heading
from indicators.reading import MAX_FILE_BYTES
from indicators.writing import ImportOptions, ImportRefused, NeedsConfirmation, import_file, read_file


class Command(BaseCommand):
    help = "Import the yearly safety index from a CSV or XLSX file. Writes nothing if any row has an error."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Validate and count, but write nothing.")
        parser.add_argument("--year", type=int, help="The year, where the file does not say.")
        parser.add_argument("--measure", help="The measure code, where the file does not say.")
        parser.add_argument(
            "--create-area",
            action="append",
            default=[],
            metavar="NAME",
            help="Create the unknown area NAME (repeat for each new area); no area is created without it.",
        )
        parser.add_argument("--confirm-flagged", action="store_true", help="Import values flagged as implausible.")
        parser.add_argument(
            "--map-column",
            action="append",
            default=[],
            metavar="HEADING=COLUMN",
            help='Read the unknown column HEADING as a known column, e.g. "udgiver=kilde" (repeat).',
        )
        parser.add_argument(
            "--ignore-column",
            action="append",
            default=[],
            metavar="HEADING",
            help="Ignore the unknown column HEADING: its values are not imported (repeat).",
        )

    def handle(self, *args, file: Path, dry_run: bool = False, **options):
        choices = ImportOptions(
            year=options.get("year"),
            measure=options.get("measure"),
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
            decisions = self._column_decisions(options.get("map_column") or [], options.get("ignore_column") or [])
            try:
                if decisions:
                    choices = replace(choices, column_map=self._column_map(data, file.name, choices, decisions))
                if choices.create_areas:
                    self._check_new_areas(data, file.name, choices)
                outcome = import_file(data, file.name, dry_run=dry_run, options=choices)
            except ImportRefused as e:
                for error in e.plan.errors:
                    self.stderr.write(str(error))
                for area in e.plan.unknown_areas:
                    self.stderr.write(
                        _('Run again with --create-area "%(name)s" to create the area, if it really is a new area.')
                        % {"name": area.name}
                    )
                for column in e.plan.table.unknown:
                    self.stderr.write(
                        _(
                            'Run again with --map-column "%(heading)s=kilde" (or another known column) or '
                            '--ignore-column "%(heading)s".'
                        )
                        % {"heading": column.heading}
                    )
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
                "created": plan.created,
                "updated": plan.updated,
                "unchanged": plan.unchanged,
                "file": file.name,
            }
            if dry_run:
                self._write_flagged(plan)
            for row, change in plan.cleared:
                self.stdout.write(
                    _("Line %(line)s: %(field)s %(old)s will be cleared.")
                    % {"line": row.line, "field": change.label, "old": change.old}
                )
            if dry_run:
                summary = _("Dry run, nothing saved: %(summary)s") % {"summary": summary}
            self.stdout.write(summary)

    def _column_decisions(self, mapped: list[str], ignored: list[str]) -> dict[str, tuple[str, str]]:
        """The administrator's choice per unknown column, by folded heading: (heading as given, a known key or ""
        to ignore)."""
        decisions = {fold_heading(heading): (heading, "") for heading in ignored}
        for pair in mapped:
            heading, _sep, target = pair.rpartition("=")
            key = SYNONYMS.get(fold_heading(target))
            if not heading or key is None:
                raise CommandError(
                    _("--map-column needs HEADING=COLUMN, where COLUMN is one of %(known)s; got “%(given)s”.")
                    % {"known": ", ".join(COLUMN_LABELS.values()), "given": pair}
                )
            decisions[fold_heading(heading)] = (heading, key)
        return decisions

    def _column_map(
        self, data: bytes, file_name: str, choices: ImportOptions, decisions: dict[str, tuple[str, str]]
    ) -> dict[int, str]:
        """The column map by index, from the decisions by heading; a heading that is no unknown column is refused
        so that a typo cannot pass for a decision."""
        unknown = {fold_heading(column.heading): column for column in read_file(data, file_name, choices).unknown}
        for folded, (heading, _key) in decisions.items():
            if folded not in unknown:
                raise CommandError(
                    _("The file has no unknown column “%(heading)s”. Its unknown columns are: %(unknown)s.")
                    % {"heading": heading, "unknown": ", ".join(c.heading for c in unknown.values()) or "–"}
                )
        return {unknown[folded].index: key for folded, (_heading, key) in decisions.items()}

    def _check_new_areas(self, data: bytes, file_name: str, choices: ImportOptions) -> None:
        """Refuse a --create-area name that is no new area of the file, so that a typo cannot pass for a choice
        (a dry run first: nothing is written before every name is checked)."""
        try:
            plan = import_file(data, file_name, dry_run=True, options=choices).plan
        except (ImportRefused, NeedsConfirmation) as e:
            plan = e.plan
        new = {normalise_name(area.name): area.name for area in [*plan.new_areas, *plan.unknown_areas]}
        stray = sorted(name for name in choices.create_areas if normalise_name(name) not in new)
        if stray:
            raise CommandError(
                _("--create-area names %(names)s, which is not a new area in the file. Its new areas are: %(new)s.")
                % {
                    "names": ", ".join(f"»{name}«" for name in stray),
                    "new": ", ".join(f"»{name}«" for name in sorted(new.values())) or "–",
                }
            )

    def _write_flagged(self, plan):
        for row in plan.flagged:
            self.stderr.write(
                _("Line %(line)s: %(value)s looks like a fraction, not a percentage.")
                % {"line": row.line, "value": row.display_value}
            )
