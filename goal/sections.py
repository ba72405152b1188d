"""The goal page: is Aarhus at or above the other big cities, year by year, and how does each sub-goal fare?

It combines the index comparison (indicators) with the initiatives, so it is composed here in the project package.
"""

from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from goal.chart import Series, render_line_chart
from goal.queries import GoalComparisonData, MeasureReport, load_goal_comparison
from goal.verdict import GoalStatus
from initiatives.queries import approved_count_by_sub_goal


def broken_lines(series: list[Series], gap_years: set[int]) -> list[str]:
    """Say in words where a line breaks although the survey has values that year: the area has none."""
    sentences = []
    for line in series:
        years = sorted(year for year, value in line.points.items() if value is not None)
        if not years:
            continue
        missing = [
            year for year in range(years[0], years[-1] + 1) if line.points.get(year) is None and year not in gap_years
        ]
        if missing:
            sentences.append(
                _("The line for %(area)s breaks where it has no value: %(years)s.")
                % {"area": line.label, "years": ", ".join(str(year) for year in missing)}
            )
    return sentences


def _intervals(observations) -> dict:
    return {
        year: (obs.ci_low, obs.ci_high)
        for year, obs in observations
        if obs is not None and obs.ci_low is not None and obs.ci_high is not None
    }


def _series(report: MeasureReport) -> list[Series]:
    """The target, the comparison cities and the country, each with its value (and interval) per year."""
    target = Series(
        report.target_name,
        {y.year: y.target_value for y in report.years},
        emphasised=True,
        intervals=_intervals((y.year, y.target) for y in report.years),
    )
    cities = [
        Series(
            name,
            {y.year: y.cities[index].value for y in report.years},
            intervals=_intervals((y.year, y.cities[index].observation) for y in report.years),
        )
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
        _(
            "Line chart of %(measure)s per year from %(first)s to %(last)s for %(areas)s; %(target)s is drawn with a "
            "thick solid line, the others with their own marker and dash pattern and a label at their last value."
        )
        % {
            "measure": report.measure.name,
            "first": years[0] if years else "",
            "last": years[-1] if years else "",
            "areas": ", ".join(s.label for s in series),
            "target": report.target_name,
        }
    ]
    if report.has_intervals:
        description.append(_("Vertical bars show the confidence interval (95 percent) where it is known."))
    description += [year.gap_reason for year in report.gap_years]
    description += [
        _("Series break before %(year)s: %(note)s") % {"year": year.year, "note": year.series_break.note}
        for year in report.break_years
    ]
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
        # Only a year recorded without a survey is "no survey"; in other empty years just the areas shown lack values.
        gap_labels={
            year.year: _("no survey") if year.series_break and year.series_break.is_gap else _("no values")
            for year in report.gap_years
        },
        breaks={year.year: _("series break") for year in report.break_years},
    )


def initiative_list_url(sub_goal) -> str:
    """The initiative list filtered to the initiatives in force that contribute to a sub-goal.

    "In force", not the state "approved": the list shows each initiative's latest version, and one whose approved
    version applies while a new version is being written must be there too, as in the count beside the link.
    """
    query = urlencode({"sub_goal": sub_goal.pk, "in_force": "ja"})
    return f"{reverse('initiatives:list')}?{query}"


def sub_goal_sections(data: GoalComparisonData) -> list[dict]:
    """Per sub-goal: its measures with the target's trend and, where one exists, the comparison with the cities;
    the number of approved initiatives serving it; and whether the target lags with none to help."""
    counts = approved_count_by_sub_goal()
    sections = []
    for sub_goal in data.sub_goals:
        measures = []
        for measure in data.measures:
            if measure.sub_goal_id != sub_goal.pk:
                continue
            report = data.report(measure)
            latest = report.latest
            measures.append(
                {
                    "measure": measure,
                    # Counts of different-sized cities are not compared; their trend is the verdict.
                    "latest": None if measure.is_count else latest,
                    "last_year": latest.year if latest else None,
                    "trend": report.trend(data.baseline_year),
                }
            )
        lagging = any(item["latest"] and item["latest"].goal == GoalStatus.NOT_MET for item in measures)
        count = counts.get(sub_goal.number, 0)
        sections.append(
            {
                "sub_goal": sub_goal,
                "measures": measures,
                "initiative_count": count,
                "initiative_url": initiative_list_url(sub_goal),
                "lagging_uncovered": lagging and not count,
            }
        )
    return sections


def goal_content(code: str) -> str | None:
    """The goal page's content for a measure code ("" for the headline), rendered; None when there is no goal or
    no such comparable measure. The same for every reader, so `goal_page` keeps it until the data changes."""
    context = goal_context(code)
    return None if context is None else render_to_string("goal/_goal_content.html", context)


def goal_context(code: str) -> dict | None:
    """What the goal's content shows for a measure code, or None; the public goal page renders it too, so both
    pages show the same verdicts and honest headlines."""
    data = load_goal_comparison()
    measure = None if data is None else data.measure_by_code(code) if code else data.headline_measure
    if measure is None or measure.is_count:
        return None
    report = data.report(measure)
    is_headline = measure.pk == data.goal.headline_measure_id
    second = data.second_headline_measure if is_headline else None
    return {
        "data": data,
        "selected": measure,
        "is_headline": is_headline,
        "report": report,
        "latest": report.latest,
        "second": second,
        "second_latest": data.report(second).latest if second else None,
        "trend": report.trend(data.baseline_year),
        "chart": _chart(report),
        "chart_gaps": broken_lines(_series(report), {year.year for year in report.gap_years}),
        "sections": sub_goal_sections(data),
    }
