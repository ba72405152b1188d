"""The goal comparison as CSV: it belongs to the index data alone, so it lives in this app."""

import csv
from decimal import Decimal

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, HttpResponseNotFound
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from indicators.queries import MeasureReport, load_goal_comparison

# `dækning` (how many comparison cities have a value, e.g. 1/4) came last so that existing sheets keep working.
CSV_HEADER = ["år", "område", "værdi", "aarhus", "forskel", "vurdering", "metode", "mål_nået", "dækning"]
# Excel runs a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TEXT = "text/plain; charset=utf-8"


def csv_number(value: Decimal | None) -> str:
    """A number Danish Excel reads as a number: decimal comma, ASCII minus, no exponent, no padding zeros."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text.replace(".", ",")


def csv_text(value: str) -> str:
    """Text from the database, with formula injection neutralised."""
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


def comparison_rows(report: MeasureReport) -> list[list[str]]:
    """One row per judged year and comparison city, in year order and the goal's city order."""
    rows = []
    for year in report.judged_years:
        for city in year.cities:
            comparison = city.comparison
            rows.append(
                [
                    str(year.year),
                    csv_text(city.name),
                    csv_number(city.value),
                    csv_number(year.target_value),
                    csv_number(comparison.difference),
                    comparison.verdict.label,
                    comparison.method.label,
                    year.goal.label,
                    year.coverage,
                ]
            )
    return rows


@require_GET
@permission_required("indicators.view_indexvalue", raise_exception=True)
def goal_csv(request):
    """Every role (not outsiders): the goal comparison for one measure (`?maaling=code`), for Excel."""
    data = load_goal_comparison()
    if data is None:
        return HttpResponseNotFound(_("The overall goal has not been defined."), content_type=TEXT)
    code = request.GET.get("maaling", "").strip()
    measure = data.measure_by_code(code) if code else data.headline_measure
    if measure is None:
        message = _("There is no measure with the code “%(code)s”.") % {"code": code[:60]}
        return HttpResponseNotFound(message, content_type=TEXT)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="maal_{measure.code}.csv"'
    # The byte order mark makes Excel read the file as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(comparison_rows(data.report(measure)))
    return response
