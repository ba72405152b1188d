"""Read queries shared by pages: the goal comparison, loaded in a constant number of SQL queries.

`load_goal_comparison()` fetches everything the goal page and its CSV need (the goal, its areas, every
measure with its years on record, and every value of the goal's areas and the country) in three queries,
however many values the database holds. `GoalComparisonData.report(measure)` then applies the verdict rule
year by year in Python; `sub_goals` costs one more query, made only when used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Max, Min, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Area, GoalComparison, GoalDefinition, IndexValue, Measure, SubGoal
from indicators.verdict import Comparison, GoalStatus, Observation, Rule, Verdict, YearResult, explain, judge_year

# Years without a national safety survey, with the reason shown where the series has a gap.
SURVEY_GAPS = {2020: gettext_lazy("No safety survey was carried out in 2020.")}


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


@dataclass(frozen=True)
class MeasureReport:
    """The goal comparison for one measure over every year on record."""

    measure: Measure
    target_name: str
    city_names: list[str]
    country_name: str | None
    years: list[GoalYear]

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

    @cached_property
    def sub_goals(self) -> list[SubGoal]:
        """Loaded on first use (one query): the page lists them, the CSV does not need them."""
        return list(SubGoal.objects.all())

    @property
    def headline_measure(self) -> Measure:
        return next(m for m in self.measures if m.pk == self.goal.headline_measure_id)

    @cached_property
    def measures_with_data(self) -> list[Measure]:
        """Measures with a value for any of the shown areas: the headline measure first, then by sub-goal."""
        headline = self.goal.headline_measure_id
        shown = [m for m in self.measures if m.pk in self.values or m.pk == headline]
        return sorted(shown, key=lambda m: (m.pk != headline, m.sub_goal.number if m.sub_goal else 0, m.code))

    def measure_by_code(self, code: str) -> Measure | None:
        return next((m for m in self.measures if m.code == code), None)

    def report(self, measure: Measure) -> MeasureReport:
        """Judge every year on record for the measure; years without any value carry the reason in words."""
        # The loaded measure carries its years on record.
        measure = next((m for m in self.measures if m.pk == measure.pk), measure)
        rule, label = rule_for(measure), unit_label(measure)
        by_area = self.values.get(measure.pk, {})
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
            cities = [
                CityResult(name, observation, result.comparisons[name]) for name, observation in others.items()
            ]
            gap_reason = ""
            if year not in shown_years:
                gap_reason = str(SURVEY_GAPS[year]) if year in SURVEY_GAPS else _(
                    "No value for %(year)s for any of the areas shown."
                ) % {"year": year}
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
                )
            )
        return MeasureReport(
            measure=measure,
            target_name=self.target.name,
            city_names=[area.name for area in self.comparisons],
            country_name=self.country_name,
            years=rows,
        )


def load_goal_comparison() -> GoalComparisonData | None:
    """Load the goal and all values it compares in three queries (four when the goal has no comparison areas).

    Returns None when no goal is defined.
    """
    first_goal = GoalDefinition.objects.order_by("pk").values("pk")[:1]
    links = list(
        GoalComparison.objects.filter(goal=Subquery(first_goal))
        .select_related("goal__target_area", "goal__headline_measure", "area")
        .order_by("order", "area__name")
    )
    if links:
        goal = links[0].goal
    else:
        goal = GoalDefinition.objects.select_related("target_area", "headline_measure").order_by("pk").first()
        if goal is None:
            return None
    comparisons = [link.area for link in links]

    # Years on record count every area (a year only housing areas have still belongs to the series).
    measures = list(
        Measure.objects.select_related("sub_goal").annotate(
            first_year=Min("values__year"), last_year=Max("values__year")
        )
    )
    area_ids = [goal.target_area_id, *(area.pk for area in comparisons)]
    rows = (
        IndexValue.objects.filter(Q(area_id__in=area_ids) | Q(area__kind=Area.Kind.COUNTRY))
        .order_by()
        .values_list(
            "measure_id", "area_id", "area__kind", "area__name", "year", "value", "ci_low", "ci_high", "respondents"
        )
    )
    data = GoalComparisonData(goal=goal, target=goal.target_area, comparisons=comparisons, measures=measures)
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
