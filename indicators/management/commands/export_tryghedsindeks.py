"""Export the stored index values in the import format; importing the export again changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators.models import Measure
from indicators.resources import IndexFileCSV, IndexFileXLSX, IndexValueResource


class Command(BaseCommand):
    help = "Write the stored safety-index values to FILE (.csv or .xlsx), sorted by year, measure and area."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, help="Only this year.")
        parser.add_argument("--measure", help="Only this measure (its code).")

    def handle(self, *args, file: Path, year=None, measure=None, **options):
        resource = IndexValueResource()
        queryset = resource.get_queryset()
        if year is not None:
            queryset = queryset.filter(year=year)
        if measure:
            if not Measure.objects.filter(code=measure).exists():
                raise CommandError(_("Unknown measure: %(code)s") % {"code": measure})
            queryset = queryset.filter(measure__code=measure)
        file_format = IndexFileXLSX() if file.suffix.lower() == ".xlsx" else IndexFileCSV()
        dataset = resource.export(queryset)
        try:
            file.write_bytes(file_format.export_data(dataset))
        except OSError as e:
            raise CommandError(_("The file cannot be written: %(error)s") % {"error": e}) from None
        self.stdout.write(_("%(count)s values written to %(file)s.") % {"count": dataset.height, "file": file})
