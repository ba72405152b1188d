"""Areas inside the target (housing and local areas with survey figures) compared with the target as a whole."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from indicators.models import Area, GoalDefinition, IndexValue, Measure
from indicators.queries import rule_for
from indicators.verdict import Comparison, Observation, compare


@dataclass(frozen=True)
class AreaRow:
    """A housing or local area inside the target, in its latest year on the measure, compared with the target."""

    name: str
    year: int
    observation: Observation
    target: Observation | None
    comparison: Comparison


@dataclass(frozen=True)
class AreaReport:
    measure: Measure
    target_name: str
    measures: list[Measure]  # the measures with figures for areas inside the target, for the selector
    rows: list[AreaRow]


def load_area_comparison(code: str = "") -> AreaReport | None:
    """Every housing area with survey figures on a measure (the goal's by default), in its latest year, against the
    target as a whole that year by the verdict rule; three queries. None when no goal or no such measure exists."""
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
        .values_list("area_id", "area__name", "year", "value", "ci_low", "ci_high", "respondents")
    )
    target: dict[int, Observation] = {}
    latest: dict[str, tuple[int, Observation]] = {}
    for area_id, name, year, value, ci_low, ci_high, respondents in rows:
        observation = Observation(value, ci_low, ci_high, respondents)
        if area_id == goal.target_area_id:
            target[year] = observation
        else:
            latest[name] = (year, observation)  # ordered by year, so the last one wins
    rule = rule_for(measure)
    return AreaReport(
        measure=measure,
        target_name=goal.target_area.name,
        measures=measures,
        rows=[
            AreaRow(name, year, observation, target.get(year), compare(observation, target.get(year), rule))
            for name, (year, observation) in latest.items()
        ],
    )
