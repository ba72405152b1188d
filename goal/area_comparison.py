"""Areas inside the target (housing and local areas with survey figures) compared with the target as a whole."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from goal.queries import rule_for
from goal.trend import crosses_break
from goal.verdict import Comparison, Observation, compare
from indicators.models import Area, GoalDefinition, IndexValue, Measure, SeriesBreak


@dataclass(frozen=True)
class AreaYear:
    """An area's figure in one year against the target that year, by the verdict rule."""

    year: int
    observation: Observation
    target: Observation | None
    comparison: Comparison


@dataclass(frozen=True)
class AreaRow:
    """A housing or local area inside the target, in its latest year on the measure, compared with the target, and
    the same for its previous year when that is comparable (no change of method in between)."""

    name: str
    aliases: tuple[str, ...]
    latest: AreaYear
    previous: AreaYear | None


@dataclass(frozen=True)
class AreaReport:
    measure: Measure
    target_name: str
    measures: list[Measure]  # the measures with figures for areas inside the target, for the selector
    rows: list[AreaRow]


def load_area_comparison(code: str = "") -> AreaReport | None:
    """Every housing area with survey figures on a measure (the goal's by default), in its latest year and its
    previous comparable one, against the target as a whole in the same year by the verdict rule; four queries.
    None when no goal or no such measure exists."""
    goal = GoalDefinition.objects.select_related("target_area", "headline_measure").order_by("pk").first()
    if goal is None:
        return None
    measures = list(
        Measure.objects.filter(values__area__kind=Area.Kind.HOUSING_AREA).exclude(unit=Measure.Unit.COUNT).distinct()
    )
    measure = next((m for m in measures if m.code == code), None) if code else goal.headline_measure
    if measure is None:
        return None
    rows = (
        IndexValue.objects.filter(measure=measure)
        .filter(Q(area__kind=Area.Kind.HOUSING_AREA) | Q(area=goal.target_area))
        .order_by("area__name", "year")
        .values_list("area_id", "area__name", "area__aliases", "year", "value", "ci_low", "ci_high", "respondents")
    )
    # A change of method makes the years before it incomparable with those after; a year without a survey does not.
    method_breaks = set(
        SeriesBreak.objects.filter(measure=measure, kind=SeriesBreak.Kind.METHOD).values_list("year", flat=True)
    )
    target: dict[int, Observation] = {}
    years: dict[str, list[tuple[int, Observation]]] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    for area_id, name, area_aliases, year, value, ci_low, ci_high, respondents in rows:
        observation = Observation(value, ci_low, ci_high, respondents)
        if area_id == goal.target_area_id:
            target[year] = observation
        else:
            years.setdefault(name, []).append((year, observation))  # ordered by year
            aliases[name] = tuple(area_aliases or ())
    rule = rule_for(measure)

    def judged(year: int, observation: Observation) -> AreaYear:
        return AreaYear(year, observation, target.get(year), compare(observation, target.get(year), rule))

    report_rows = []
    for name, found in years.items():
        latest = judged(*found[-1])
        previous = None
        if len(found) > 1 and not crosses_break(found[-2][0], latest.year, method_breaks):
            previous = judged(*found[-2])
        report_rows.append(AreaRow(name, aliases[name], latest, previous))
    return AreaReport(measure=measure, target_name=goal.target_area.name, measures=measures, rows=report_rows)
