"""The goal comparison as CSV: it belongs to the index data alone, so it lives in this app."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, HttpResponseNotFound
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from formatting.spreadsheets import CSV_CONTENT_TYPE, csv_bytes
from indicators.queries import MeasureReport, load_goal_comparison

# `dækning` (how many comparison cities have a value, e.g. 1/4) came last so that existing sheets keep working.
CSV_HEADER = ["år", "område", "værdi", "aarhus", "forskel", "vurdering", "metode", "mål_nået", "dækning"]
TEXT = "text/plain; charset=utf-8"


def comparison_rows(report: MeasureReport) -> list[list]:
    """One row per judged year and comparison city, in year order and the goal's city order."""
    rows = []
    for year in report.judged_years:
        for city in year.cities:
            comparison = city.comparison
            rows.append(
                [
                    year.year,
                    city.name,
                    city.value,
                    year.target_value,
                    comparison.difference,
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
    rows = comparison_rows(data.report(measure))
    response = HttpResponse(csv_bytes(CSV_HEADER, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="maal_{measure.code}.csv"'
    return response
