"""The goal's pages: the goal year by year, the areas inside Aarhus, and the comparison as CSV."""

from functools import partial

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, HttpResponseNotFound
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

import datacache
from formatting.spreadsheets import CSV_CONTENT_TYPE, csv_bytes
from goal.area_comparison import load_area_comparison
from goal.queries import MeasureReport, load_goal_comparison
from goal.sections import goal_content
from initiatives.queries import approved_by_local_area

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


@permission_required("indicators.view_goaldefinition", raise_exception=True)
def goal_page(request):
    """Every role (not outsiders): the overall goal year by year for a chosen measure, and every sub-goal measured.

    The content is built once per measure and language and kept until an import, a revert, an edit of the goal or
    an initiative changes the data (datacache); it holds nothing that depends on who reads it.
    """
    code = request.GET.get("maaling", "").strip()
    content = datacache.cached(("goal page", code, get_language()), partial(goal_content, code))
    if content is not None:
        return render(request, "goal/goal_page.html", {"content": content})
    data = load_goal_comparison()
    if data is None:
        return render(request, "goal/goal_missing.html", status=404)
    context = {"data": data, "unknown_code": code[:60], "selected": data.headline_measure}
    return render(request, "goal/goal_unknown_measure.html", context, status=404)


@permission_required("indicators.view_goaldefinition", raise_exception=True)
def areas_page(request):
    """Every role (not outsiders): housing areas with survey figures, compared with the target by the goal's rule."""
    code = request.GET.get("maaling", "").strip()
    report = load_area_comparison(code)
    if report is None:
        return render(request, "goal/areas_unknown.html", {"unknown_code": code[:60]}, status=404)
    initiatives = approved_by_local_area()
    rows = [{"row": row, "initiatives": _initiatives_naming(row, initiatives)} for row in report.rows]
    return render(request, "goal/areas.html", {"report": report, "rows": rows})


def _initiatives_naming(row, initiatives: dict) -> list:
    """The initiatives whose local areas are the area, by its name or any of its aliases (the survey and the
    managed list may spell a housing area differently, e.g. "Gellerup" and "Gellerupparken"), each once."""
    found = {}
    for name in (row.name, *row.aliases):
        for initiative in initiatives.get(name.casefold(), []):
            found.setdefault(initiative.initiative_id, initiative)
    return sorted(found.values(), key=lambda initiative: initiative.title)
