"""Read queries shared by pages: the goal comparison, loaded in a constant number of SQL queries.

`load_goal_comparison()` fetches everything the goal page and its CSV need (the goal, its areas, every
measure with its years on record and its series breaks, and every value of the goal's areas, the police district
and the country) in four queries, however many values the database holds. `GoalComparisonData.report(measure)`
then applies the verdict rules year by year in Python; `sub_goals` costs one more query, made only when used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Max, Min, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from goal.derived import rest_of_district
from goal.steps import TrendStep, trend_steps
from goal.verdict import (
    Comparison,
    GoalStatus,
    Headline,
    Observation,
    Rule,
    Verdict,
    YearResult,
    compare,
    explain,
    headline,
    judge_year,
)
from indicators.models import Area, GoalComparison, GoalDefinition, IndexValue, Measure, SeriesBreak, SubGoal
from indicators.statbank import POPULATION, REPORTS


@dataclass(frozen=True)
class CityResult:
    """One comparison city in one year: its value and how Aarhus fares against it."""

    name: str
    observation: Observation | None
    comparison: Comparison

    @property
    def value(self) -> Decimal | None:
        return self.observation.value if self.observation else None


@dataclass(frozen=True)
class YearBreak:
    """A series break as the page shows it."""

    year: int
    is_gap: bool  # no measurement at all that year (rather than a changed method)
    note: str


@dataclass(frozen=True)
class GoalYear:
    """One year of one measure: the target's and the cities' values and the year's verdict."""

    year: int
    target: Observation | None
    country: Observation | None
    cities: list[CityResult]
    result: YearResult
    target_name: str
    unit_label: str
    gap_reason: str = ""  # set when none of the shown areas has a value this year
    series_break: YearBreak | None = None  # a break recorded for the measure in this year
    district_rest: CityResult | None = None  # the rest of the police district, derived; None where it cannot be

    @property
    def target_value(self) -> Decimal | None:
        return self.target.value if self.target else None

    @property
    def country_value(self) -> Decimal | None:
        return self.country.value if self.country else None

    @property
    def has_city_value(self) -> bool:
        """True when the target or any comparison city has a value (such years are judged and exported)."""
        return self.target is not None or any(city.observation is not None for city in self.cities)

    @property
    def goal(self) -> GoalStatus:
        return self.result.goal

    @property
    def is_met(self) -> bool:
        return self.result.goal is GoalStatus.MET

    @property
    def is_not_met(self) -> bool:
        return self.result.goal is GoalStatus.NOT_MET

    @property
    def is_not_assessed(self) -> bool:
        return self.result.goal is GoalStatus.NOT_ASSESSED

    @property
    def partial(self) -> bool:
        return self.result.partial

    @property
    def missing_cities(self) -> list[str]:
        return [city.name for city in self.cities if city.comparison.verdict is Verdict.NO_DATA]

    @property
    def explanation(self) -> str:
        return explain(self.year, self.result, unit_label=self.unit_label, target_name=self.target_name)

    @cached_property
    def headline(self) -> Headline:
        return headline(self.year, self.result, target_name=self.target_name)

    @property
    def coverage(self) -> str:
        """How many comparison cities have a value, e.g. "1/4"."""
        return self.headline.coverage


@dataclass(frozen=True)
class MeasureReport:
    """The goal comparison for one measure over every year on record."""

    measure: Measure
    target_name: str
    city_names: list[str]
    country_name: str | None
    years: list[GoalYear]
    # For a rate per 1,000 inhabitants: the target's counts and population per year, which its trend is judged on.
    rate_counts: tuple[dict[int, int], dict[int, int]] | None = None

    @property
    def judged_years(self) -> list[GoalYear]:
        """Years in which any of the five cities has a value: the rows of the CSV."""
        return [year for year in self.years if year.has_city_value]

    @property
    def latest(self) -> GoalYear | None:
        """The latest year with a value for the target: the headline."""
        with_target = [year for year in self.years if year.target is not None]
        return with_target[-1] if with_target else None

    @property
    def gap_years(self) -> list[GoalYear]:
        return [year for year in self.years if year.gap_reason]

    @property
    def break_years(self) -> list[GoalYear]:
        """Years in which the measure's method changed (a gap year is explained as a gap)."""
        return [year for year in self.years if year.series_break and not year.series_break.is_gap]

    @property
    def has_intervals(self) -> bool:
        return any(
            obs is not None and obs.ci_low is not None
            for year in self.years
            for obs in (year.target, *(city.observation for city in year.cities))
        )

    @property
    def has_district_rest(self) -> bool:
        return any(year.district_rest is not None for year in self.years)

    def trend(self, baseline_year: int) -> list[TrendStep]:
        """The target's latest value against the baseline year and the previous year on record (goal.steps)."""
        return trend_steps(self, baseline_year)


def unit_label(measure: Measure) -> str:
    """How a difference in this measure's unit reads in a sentence."""
    labels = {
        Measure.Unit.PERCENT: _("percentage points"),
        Measure.Unit.INDEX: _("points"),
        Measure.Unit.PER_1000: _("reports per 1,000 inhabitants"),
    }
    return labels.get(measure.unit, "")


def rule_for(measure: Measure) -> Rule:
    return Rule(higher_is_better=measure.higher_is_better, tolerance=measure.tolerance, is_percent=measure.is_percent)


@dataclass
class GoalComparisonData:
    """Everything the goal page and CSV need, loaded once; `report()` judges one measure."""

    goal: GoalDefinition
    target: Area
    comparisons: list[Area]
    measures: list[Measure]  # every measure, each annotated with first_year and last_year on record
    # measure id -> area id -> year -> observation, for the target, the comparison areas and the country
    values: dict[int, dict[int, dict[int, Observation]]] = field(default_factory=dict)
    country_id: int | None = None
    country_name: str | None = None
    district: Area | None = None
    breaks: dict[int, dict[int, SeriesBreak]] = field(default_factory=dict)  # measure id -> year -> break
    _reports: dict[int, MeasureReport] = field(default_factory=dict, repr=False)

    @cached_property
    def sub_goals(self) -> list[SubGoal]:
        """Loaded on first use (one query): the page lists them, the CSV does not need them."""
        return list(SubGoal.objects.all())

    @property
    def headline_measure(self) -> Measure:
        return next(m for m in self.measures if m.pk == self.goal.headline_measure_id)

    @property
    def second_headline_measure(self) -> Measure | None:
        return next((m for m in self.measures if m.pk == self.goal.second_headline_measure_id), None)

    @property
    def baseline_year(self) -> int:
        return self.goal.baseline_year

    @cached_property
    def measures_with_data(self) -> list[Measure]:
        """Measures to compare with the cities (not counts) with a value for any of the shown areas: the headline
        measure first, then by sub-goal."""
        headline = self.goal.headline_measure_id
        shown = [m for m in self.measures if (m.pk in self.values and not m.is_count) or m.pk == headline]
        return sorted(shown, key=lambda m: (m.pk != headline, m.sub_goal.number if m.sub_goal else 0, m.code))

    def measure_by_code(self, code: str) -> Measure | None:
        return next((m for m in self.measures if m.code == code), None)

    def report(self, measure: Measure) -> MeasureReport:
        """Judge every year on record for the measure (once per measure; the page asks for several more than once)."""
        if measure.pk not in self._reports:
            self._reports[measure.pk] = self._report(measure)
        return self._reports[measure.pk]

    def _report(self, measure: Measure) -> MeasureReport:
        """Judge every year on record for the measure; years without any value carry the reason in words."""
        # The loaded measure carries its years on record.
        measure = next((m for m in self.measures if m.pk == measure.pk), measure)
        rule, label = rule_for(measure), unit_label(measure)
        by_area = self.values.get(measure.pk, {})
        district_values = by_area.get(self.district.pk, {}) if self.district else {}
        breaks = self.breaks.get(measure.pk, {})
        shown_ids = {self.target.pk, self.country_id, *(area.pk for area in self.comparisons)}
        shown_years = {year for area_id in shown_ids for year in by_area.get(area_id, {})}
        on_record = [getattr(measure, "first_year", None), getattr(measure, "last_year", None), *shown_years]
        first = min([y for y in on_record if y is not None], default=None)
        last = max([y for y in on_record if y is not None], default=None)
        years = range(first, last + 1) if first is not None else range(0)
        target_values = by_area.get(self.target.pk, {})
        country_values = by_area.get(self.country_id, {}) if self.country_id else {}
        rows = []
        for year in years:
            target = target_values.get(year)
            others = {area.name: by_area.get(area.pk, {}).get(year) for area in self.comparisons}
            result = judge_year(target, others, rule)
            cities = [CityResult(name, observation, result.comparisons[name]) for name, observation in others.items()]
            recorded = breaks.get(year)
            series_break = (
                YearBreak(year, recorded.kind == SeriesBreak.Kind.NO_SURVEY, recorded.note) if recorded else None
            )
            gap_reason = ""
            if year not in shown_years:
                gap_reason = (
                    series_break.note
                    if series_break and series_break.is_gap
                    else _("No value for %(year)s for any of the areas shown.") % {"year": year}
                )
            district_rest = None
            rest = rest_of_district(district_values.get(year), target)
            if rest is not None and self.district is not None:
                district_rest = CityResult(
                    _("Rest of %(district)s") % {"district": self.district.name}, rest, compare(target, rest, rule)
                )
            rows.append(
                GoalYear(
                    year=year,
                    target=target,
                    country=country_values.get(year),
                    cities=cities,
                    result=result,
                    target_name=self.target.name,
                    unit_label=label,
                    gap_reason=gap_reason,
                    series_break=series_break,
                    district_rest=district_rest,
                )
            )
        return MeasureReport(
            measure=measure,
            target_name=self.target.name,
            city_names=[area.name for area in self.comparisons],
            country_name=self.country_name,
            years=rows,
            rate_counts=self._rate_counts() if measure.unit == Measure.Unit.PER_1000 else None,
        )

    def _rate_counts(self) -> tuple[dict[int, int], dict[int, int]]:
        """The target's reports and population per year, the counts a rate per 1,000 is judged on."""
        series = []
        for code in (REPORTS, POPULATION):
            measure = self.measure_by_code(code)
            by_year = self.values.get(measure.pk, {}).get(self.target.pk, {}) if measure else {}
            series.append({year: int(obs.value) for year, obs in by_year.items()})
        return series[0], series[1]


def load_goal_comparison(*, headline_only: bool = False) -> GoalComparisonData | None:
    """Load the goal and all values it compares in four queries (five when the goal has no comparison areas).

    `headline_only` loads just the headline measure's values and no series breaks (two queries), for pages that
    show only the headline. Returns None when no goal is defined.
    """
    first_goal = GoalDefinition.objects.order_by("pk").values("pk")[:1]
    links = list(
        GoalComparison.objects.filter(goal=Subquery(first_goal))
        .select_related("goal__target_area", "goal__headline_measure", "goal__police_district", "area")
        .order_by("order", "area__name")
    )
    if links:
        goal = links[0].goal
    else:
        goal = (
            GoalDefinition.objects.select_related("target_area", "headline_measure", "police_district")
            .order_by("pk")
            .first()
        )
        if goal is None:
            return None
    comparisons = [link.area for link in links]

    # Years on record count every area (a year only housing areas have still belongs to the series).
    # Per-measure subqueries rather than a join grouped by every measure column, which costs SQLite ~0.4 s at
    # national scale.
    years = IndexValue.objects.filter(measure=OuterRef("pk")).order_by().values("measure")
    measures = Measure.objects.select_related("sub_goal").annotate(
        first_year=Subquery(years.annotate(first=Min("year")).values("first")),
        last_year=Subquery(years.annotate(last=Max("year")).values("last")),
    )
    values = IndexValue.objects.all()
    if headline_only:
        # The headline needs no years on record beyond those of the areas shown, so the goal's measure will do.
        measures = [goal.headline_measure]
        values = values.filter(measure=goal.headline_measure_id)
    breaks: dict[int, dict[int, SeriesBreak]] = {}
    if not headline_only:
        for series_break in SeriesBreak.objects.all():
            breaks.setdefault(series_break.measure_id, {})[series_break.year] = series_break
    area_ids = [goal.target_area_id, *(area.pk for area in comparisons)]
    if goal.police_district_id:
        area_ids.append(goal.police_district_id)
    rows = (
        values.filter(Q(area_id__in=area_ids) | Q(area__kind=Area.Kind.COUNTRY))
        .order_by()
        .values_list(
            "measure_id", "area_id", "area__kind", "area__name", "year", "value", "ci_low", "ci_high", "respondents"
        )
    )
    data = GoalComparisonData(
        goal=goal,
        target=goal.target_area,
        comparisons=comparisons,
        measures=list(measures),
        district=goal.police_district,
        breaks=breaks,
    )
    countries = {}
    for measure_id, area_id, kind, name, year, value, ci_low, ci_high, respondents in rows:
        if kind == Area.Kind.COUNTRY and area_id not in area_ids:
            countries[area_id] = name
        data.values.setdefault(measure_id, {}).setdefault(area_id, {})[year] = Observation(
            value, ci_low, ci_high, respondents
        )
    if countries:
        # There is one country; should more exist, the first by name is shown.
        data.country_name, data.country_id = min((name, pk) for pk, name in countries.items())
    return data


def latest_headline(measure: Measure | None = None) -> GoalYear | None:
    """The latest year with a target value on the goal's headline measure (or `measure`), with its honest headline.

    The one function every place that announces the verdict calls (front page, yearly report, mails): its
    `.headline` says "met" only when every comparison city has a value. None when no goal or no value exists.
    """
    data = load_goal_comparison(headline_only=measure is None)
    if data is None:
        return None
    return data.report(measure or data.headline_measure).latest
