"""The goal page: is Aarhus at or above the other big cities, year by year, and which initiatives serve each sub-goal?

It combines the index comparison (indicators) with the initiatives, so it is composed here in the project package.
"""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from indicators.chart import Series, render_line_chart
from indicators.queries import SURVEY_GAPS, GoalComparisonData, MeasureReport, load_goal_comparison
from indicators.verdict import GoalStatus
from initiatives.queries import approved_by_sub_goal


def initiatives_by_sub_goal() -> dict[int, list]:
    """Approved initiatives per sub-goal number; each item has `title` and `get_absolute_url()`.

    One query (the goal page's query budget counts it), from the contributions of each approved version.
    """
    return approved_by_sub_goal()


def broken_lines(series: list[Series], gap_years: set[int]) -> list[str]:
    """Say in words where a line breaks although the survey has values that year: the area has none."""
    sentences = []
    for line in series:
        years = sorted(year for year, value in line.points.items() if value is not None)
        if not years:
            continue
        missing = [
            year for year in range(years[0], years[-1] + 1)
            if line.points.get(year) is None and year not in gap_years
        ]
        if missing:
            sentences.append(
                _("The line for %(area)s breaks where it has no value: %(years)s.")
                % {"area": line.label, "years": ", ".join(str(year) for year in missing)}
            )
    return sentences


def _series(report: MeasureReport) -> list[Series]:
    """The target, the comparison cities and the country, each with its value per year."""
    target = Series(report.target_name, {y.year: y.target_value for y in report.years}, emphasised=True)
    cities = [
        Series(name, {y.year: y.cities[index].value for y in report.years})
        for index, name in enumerate(report.city_names)
    ]
    series = [target, *cities]
    if report.country_name:
        series.append(Series(report.country_name, {y.year: y.country_value for y in report.years}))
    return series


def _chart(report: MeasureReport) -> str:
    """The measure's series for the target, the comparison cities and the country, as an accessible SVG."""
    years = [year.year for year in report.years]
    series = _series(report)
    without_values = [s.label for s in series if all(v is None for v in s.points.values())]
    description = [
        _("Line chart of %(measure)s per year from %(first)s to %(last)s for %(areas)s; %(target)s is drawn with a "
          "thick solid line, the others with their own marker and dash pattern and a label at their last value.")
        % {
            "measure": report.measure.name,
            "first": years[0] if years else "",
            "last": years[-1] if years else "",
            "areas": ", ".join(s.label for s in series),
            "target": report.target_name,
        }
    ]
    description += [year.gap_reason for year in report.gap_years]
    description += broken_lines(series, {year.year for year in report.gap_years})
    if without_values:
        description.append(_("No values for: %(areas)s.") % {"areas": ", ".join(without_values)})
    description.append(_("The same numbers are in the table below the chart."))
    return render_line_chart(
        series,
        years,
        title=_("%(measure)s, %(target)s compared with the big cities and the whole country")
        % {"measure": report.measure.name, "target": report.target_name},
        description=" ".join(description),
        unit="%" if report.measure.is_percent else "",
        chart_id="goal-chart",
        # Only a year without a survey is "no measurement"; in other empty years just the areas shown lack values.
        gap_labels={
            year.year: _("no survey") if year.year in SURVEY_GAPS else _("no values") for year in report.gap_years
        },
    )


def _coverage(data: GoalComparisonData, reports: dict[int, MeasureReport]) -> list[dict]:
    """Per sub-goal: how Aarhus fares on its measures in their latest year, and the initiatives aimed at it."""
    initiatives = initiatives_by_sub_goal()
    sections = []
    for sub_goal in data.sub_goals:
        measures = [
            {"measure": m, "latest": reports[m.pk].latest if m.pk in reports else None}
            for m in data.measures
            if m.sub_goal_id == sub_goal.pk
        ]
        lagging = any(item["latest"] and item["latest"].goal == GoalStatus.NOT_MET for item in measures)
        items = initiatives.get(sub_goal.number, [])
        sections.append(
            {
                "sub_goal": sub_goal,
                "measures": measures,
                "initiatives": items,
                "lagging_uncovered": lagging and not items,
            }
        )
    return sections


@permission_required("indicators.view_goaldefinition", raise_exception=True)
def goal_page(request):
    """Every role (not outsiders): the overall goal year by year for a chosen measure, and the sub-goal coverage."""
    data = load_goal_comparison()
    if data is None:
        return render(request, "goal/goal_missing.html", status=404)
    code = request.GET.get("maaling", "").strip()
    measure = data.measure_by_code(code) if code else data.headline_measure
    if measure is None:
        context = {"data": data, "unknown_code": code[:60], "selected": data.headline_measure}
        return render(request, "goal/goal_unknown_measure.html", context, status=404)
    reports = {m.pk: data.report(m) for m in data.measures_with_data}
    report = reports.get(measure.pk) or data.report(measure)
    context = {
        "data": data,
        "selected": measure,
        "is_headline": measure.pk == data.goal.headline_measure_id,
        "report": report,
        "latest": report.latest,
        "chart": _chart(report),
        "chart_gaps": broken_lines(_series(report), {year.year for year in report.gap_years}),
        "coverage": _coverage(data, reports),
    }
    return render(request, "goal/goal_page.html", context)
