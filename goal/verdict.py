"""Goal verdict rule: is Aarhus at or above the other big Danish cities?"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from formatting.numbers import format_number

__all__ = [
    "Comparison",
    "GoalStatus",
    "Headline",
    "HeadlineStatus",
    "Method",
    "Observation",
    "Rule",
    "Verdict",
    "YearResult",
    "compare",
    "explain",
    "headline",
    "join_list",
    "judge_year",
]

# Two-sided 5 % level; kept as Decimal so the test never touches float.
Z_CRITICAL = Decimal("1.96")

_HUNDRED = Decimal(100)
_ONE = Decimal(1)
_ZERO = Decimal(0)


class Verdict(StrEnum):
    """Outcome of one comparison, always from the target's (Aarhus's) side; `label` is the word users read."""

    BETTER = "better"
    LEVEL = "level"
    WORSE = "worse"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return str(_VERDICT_LABELS[self])


class Method(StrEnum):
    """How a comparison was decided."""

    INTERVAL = "interval"
    SIGNIFICANCE = "significance"
    TOLERANCE = "tolerance"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return str(_METHOD_LABELS[self])


class GoalStatus(StrEnum):
    """Whether the goal was met in a year."""

    MET = "met"  # every comparison city measured, none ahead
    NOT_MET = "not_met"  # behind a measured city, whatever the missing ones would show
    PARTIAL = "partial"  # some cities missing, none of the measured ones ahead
    NOT_ASSESSED = "not_assessed"  # no figure for the target (or for any city)

    @property
    def label(self) -> str:
        return str(_GOAL_LABELS[self])


_VERDICT_LABELS = {
    Verdict.BETTER: pgettext_lazy("verdict", "better"),
    Verdict.LEVEL: pgettext_lazy("verdict", "at level"),
    Verdict.WORSE: pgettext_lazy("verdict", "worse"),
    Verdict.NO_DATA: pgettext_lazy("verdict", "no data"),
}
_METHOD_LABELS = {
    Method.INTERVAL: pgettext_lazy("verdict method", "confidence interval"),
    Method.SIGNIFICANCE: pgettext_lazy("verdict method", "significance test"),
    Method.TOLERANCE: pgettext_lazy("verdict method", "tolerance, without statistical uncertainty"),
    Method.NO_DATA: pgettext_lazy("verdict method", "no data"),
}
_GOAL_LABELS = {
    GoalStatus.MET: pgettext_lazy("goal met", "yes"),
    GoalStatus.NOT_MET: pgettext_lazy("goal met", "no"),
    GoalStatus.PARTIAL: pgettext_lazy("goal met", "partly"),
    GoalStatus.NOT_ASSESSED: pgettext_lazy("goal met", "not assessed"),
}


@dataclass(frozen=True)
class Observation:
    """One city's measurement in one year, with optional 95 % CI and sample size."""

    value: Decimal
    ci_low: Decimal | None = None
    ci_high: Decimal | None = None
    respondents: int | None = None


@dataclass(frozen=True)
class Rule:
    """How an indicator is judged."""

    higher_is_better: bool = True
    tolerance: Decimal = Decimal(0)
    is_percent: bool = False

    def __post_init__(self) -> None:
        """Reject a negative tolerance, which would make LEVEL unreachable."""
        if self.tolerance < 0:
            raise ValueError("tolerance must be zero or positive")


@dataclass(frozen=True)
class Comparison:
    """Verdict for the target against one other city."""

    verdict: Verdict
    method: Method
    difference: Decimal | None
    # The raw values and tolerance travel with the verdict so explain() can
    # quote them without needing the observations or the rule again.
    target_value: Decimal | None = None
    other_value: Decimal | None = None
    tolerance: Decimal | None = None


@dataclass(frozen=True)
class YearResult:
    """Goal status for one year plus the per-city comparisons behind it."""

    goal: GoalStatus
    comparisons: dict[str, Comparison] = field(default_factory=dict)
    partial: bool = False
    # Lets explain() tell "no Aarhus measurement" from "no comparison data".
    target_value: Decimal | None = None


def _value(observation: Observation | None) -> Decimal | None:
    """Return the usable value of an observation, or None when missing."""
    if observation is None or observation.value is None:
        return None
    # NaN would poison every comparison; treat it as a missing measurement.
    if observation.value.is_nan():
        return None
    return observation.value


def _has_interval(observation: Observation) -> bool:
    """Tell whether both CI bounds are present."""
    return observation.ci_low is not None and observation.ci_high is not None


def _by_direction(difference: Decimal, rule: Rule) -> Verdict:
    """Turn a signed difference (target minus other) into a verdict."""
    if difference == 0:
        return Verdict.LEVEL
    target_is_higher = difference > 0
    return Verdict.BETTER if target_is_higher == rule.higher_is_better else Verdict.WORSE


def _standard_error(observation: Observation) -> Decimal:
    """The standard error a 95 % interval implies: its width over 2 × 1.96."""
    assert observation.ci_low is not None and observation.ci_high is not None
    return (observation.ci_high - observation.ci_low) / (2 * Z_CRITICAL)


def _interval_verdict(target: Observation, other: Observation, rule: Rule) -> Verdict:
    """Decide by z = (a − b) / √(SEₐ² + SE_b²) at the 5 % level, the standard errors read off the intervals.

    Not by overlap: two 95 % intervals can overlap while the difference between them is significant.
    """
    with localcontext() as ctx:
        ctx.prec = 28
        difference = target.value - other.value
        se = (_standard_error(target) ** 2 + _standard_error(other) ** 2).sqrt()
        if se == 0:
            return _by_direction(difference, rule)
        z = difference / se
    return Verdict.LEVEL if abs(z) <= Z_CRITICAL else _by_direction(difference, rule)


def _can_z_test(target: Observation, other: Observation, rule: Rule) -> bool:
    """Tell whether the two-proportion z-test applies."""
    if not rule.is_percent:
        return False
    counts = (target.respondents, other.respondents)
    if any(n is None or n <= 0 for n in counts):
        return False
    # Outside 0-100 the values are not proportions and sqrt would fail.
    return all(_ZERO <= v <= _HUNDRED for v in (target.value, other.value))


def _z_test_verdict(target: Observation, other: Observation, rule: Rule) -> Verdict:
    """Decide by a pooled two-proportion z-test at the 5 % level."""
    assert target.respondents is not None and other.respondents is not None
    n1, n2 = Decimal(target.respondents), Decimal(other.respondents)
    # A fixed local context keeps the result independent of the caller's.
    with localcontext() as ctx:
        ctx.prec = 28
        p1, p2 = target.value / _HUNDRED, other.value / _HUNDRED
        pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
        se = (pooled * (_ONE - pooled) * (_ONE / n1 + _ONE / n2)).sqrt()
        if se == 0:
            return _by_direction(p1 - p2, rule)
        z = (p1 - p2) / se
    if abs(z) <= Z_CRITICAL:
        return Verdict.LEVEL
    return _by_direction(p1 - p2, rule)


def compare(target: Observation | None, other: Observation | None, rule: Rule) -> Comparison:
    """Compare the target with one other city under the given rule."""
    target_value, other_value = _value(target), _value(other)
    if target is None or other is None or target_value is None or other_value is None:
        return Comparison(Verdict.NO_DATA, Method.NO_DATA, None, target_value, other_value)
    difference = target_value - other_value
    if _has_interval(target) and _has_interval(other):
        verdict = _interval_verdict(target, other, rule)
        return Comparison(verdict, Method.INTERVAL, difference, target_value, other_value)
    if _can_z_test(target, other, rule):
        verdict = _z_test_verdict(target, other, rule)
        return Comparison(verdict, Method.SIGNIFICANCE, difference, target_value, other_value)
    within = abs(difference) <= rule.tolerance
    verdict = Verdict.LEVEL if within else _by_direction(difference, rule)
    return Comparison(verdict, Method.TOLERANCE, difference, target_value, other_value, rule.tolerance)


def judge_year(
    target: Observation | None,
    others: Mapping[str, Observation | None],
    rule: Rule,
) -> YearResult:
    """Judge one year: met ("ja") when every city is measured and none is ahead; not met ("nej") as soon as a
    measured city is ahead; "delvis" when some are missing and none measured is ahead; "ikke opgjort" without
    a target figure."""
    comparisons = {name: compare(target, obs, rule) for name, obs in others.items()}
    target_value = _value(target)
    if target_value is None:
        return YearResult(GoalStatus.NOT_ASSESSED, comparisons, False, None)
    missing = [c for c in comparisons.values() if c.verdict is Verdict.NO_DATA]
    partial = 0 < len(missing) < len(comparisons)
    if any(c.verdict is Verdict.WORSE for c in comparisons.values()):
        goal = GoalStatus.NOT_MET
    elif len(missing) == len(comparisons):
        # Deliberate: with no comparison city measured there is nothing to be
        # "at or above", so claiming the goal met would be vacuous truth.
        goal = GoalStatus.NOT_ASSESSED
    else:
        # "ja" only when every city is measured: a missing city could be ahead.
        goal = GoalStatus.PARTIAL if missing else GoalStatus.MET
    return YearResult(goal, comparisons, partial, target_value)


def join_list(items: Sequence[str]) -> str:
    """Join items as "A, B og C" (the conjunction is translated)."""
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _method_phrase(comparison: Comparison) -> str:
    """Name the method of one comparison, with the tolerance where it decided."""
    if comparison.method is Method.TOLERANCE and comparison.tolerance is not None:
        tolerance = format_number(comparison.tolerance, min_places=1)
        return _("tolerance of %(tolerance)s, without statistical uncertainty") % {"tolerance": tolerance}
    return comparison.method.label


def _signed(d: Decimal | None) -> str:
    """Format a difference with its sign, "+1,7" or "−2,7", so the direction reads at a glance."""
    return format_number(d, 1, signed=True)


def _difference(comparison: Comparison, unit_label: str) -> str:
    difference = _signed(comparison.difference)
    return f"{difference} {unit_label}" if unit_label else difference


def _lost_detail(name: str, comparison: Comparison, unit_label: str) -> str:
    """One city the target trails: both values, the difference and the method."""
    return _("%(city)s (%(target)s against %(other)s; difference %(difference)s, judged by %(method)s)") % {
        "city": name,
        "target": format_number(comparison.target_value, 1),
        "other": format_number(comparison.other_value, 1),
        "difference": _difference(comparison, unit_label),
        "method": _method_phrase(comparison),
    }


def _held_detail(name: str, comparison: Comparison, unit_label: str) -> str:
    """One city the target is level with or better than: its value and the difference."""
    return _("%(city)s (%(other)s; difference %(difference)s)") % {
        "city": name,
        "other": format_number(comparison.other_value, 1),
        "difference": _difference(comparison, unit_label),
    }


def _not_met_sentence(result: YearResult, unit_label: str, target_name: str) -> str:
    """Say which cities the target trails and by how much."""
    lower: list[str] = []
    higher: list[str] = []
    for name, comparison in result.comparisons.items():
        if comparison.verdict is Verdict.WORSE:
            # Direction from the sign, so lower-is-better indicators read "higher".
            side = lower if (comparison.difference or 0) < 0 else higher
            side.append(_lost_detail(name, comparison, unit_label))
    parts = []
    if lower:
        parts.append(_("lower than %(cities)s") % {"cities": join_list(lower)})
    if higher:
        parts.append(_("higher than %(cities)s") % {"cities": join_list(higher)})
    return _("%(target)s is %(comparisons)s.") % {"target": target_name, "comparisons": join_list(parts)}


def _met_sentence(result: YearResult, unit_label: str, target_name: str) -> str:
    """Say which measured cities the target is better than or level with, by how much and by which method."""
    measured = {n: c for n, c in result.comparisons.items() if c.verdict is not Verdict.NO_DATA}
    better = [_held_detail(n, c, unit_label) for n, c in measured.items() if c.verdict is Verdict.BETTER]
    level = [_held_detail(n, c, unit_label) for n, c in measured.items() if c.verdict is not Verdict.BETTER]
    parts = []
    if better:
        parts.append(_("better than %(cities)s") % {"cities": join_list(better)})
    if level:
        parts.append(_("at level with %(cities)s") % {"cities": join_list(level)})
    methods = list(dict.fromkeys(_method_phrase(c) for c in measured.values()))
    return _("%(target)s (%(value)s) is %(comparisons)s, judged by %(methods)s.") % {
        "target": target_name,
        "value": format_number(result.target_value, 1),
        "comparisons": join_list(parts),
        "methods": join_list(methods),
    }


def _missing_cities(result: YearResult) -> list[str]:
    return [n for n, c in result.comparisons.items() if c.verdict is Verdict.NO_DATA]


def _missing_sentence(missing: Sequence[str]) -> str:
    """Name the comparison cities without data."""
    return ngettext("%(cities)s has no figures.", "%(cities)s have no figures.", len(missing)) % {
        "cities": join_list(missing)
    }


def explain(
    year: int,
    result: YearResult,
    *,
    unit_label: str = "",
    target_name: str = "Aarhus",
) -> str:
    """Explain a year's goal status in one sentence with the figures (plus the cities without figures)."""
    if result.goal is GoalStatus.NOT_ASSESSED:
        if result.target_value is None:
            return _("There is no measurement for %(target)s in %(year)s.") % {"target": target_name, "year": year}
        return _("None of the comparison cities has a measurement in %(year)s.") % {"year": year}
    if result.goal is GoalStatus.NOT_MET:
        sentence = _not_met_sentence(result, unit_label, target_name)
    else:
        sentence = _met_sentence(result, unit_label, target_name)
    missing = _missing_cities(result)
    if result.partial and missing:
        return f"{sentence} {_missing_sentence(missing)}"
    return sentence


class HeadlineStatus(StrEnum):
    """What a headline may claim about a year: "met" only when every comparison city was measured."""

    MET = "met"
    NOT_MET = "not_met"
    PARTIAL = "partial"
    NOT_ASSESSED = "not_assessed"


@dataclass(frozen=True)
class Headline:
    """The honest headline of a year: a title, a short summary and the coverage ("1/4")."""

    year: int
    status: HeadlineStatus
    title: str
    summary: str
    measured: int
    total: int

    @property
    def coverage(self) -> str:
        return f"{self.measured}/{self.total}"

    def __str__(self) -> str:
        return f"{self.title}: {self.summary}"


def _headline_summary(result: YearResult, target_name: str) -> str:
    """Name the cities behind the verdict without figures: at or above, behind, and without figures."""
    worse = [n for n, c in result.comparisons.items() if c.verdict is Verdict.WORSE]
    held = [n for n, c in result.comparisons.items() if c.verdict in (Verdict.BETTER, Verdict.LEVEL)]
    parts = []
    if worse:
        parts.append(_("%(target)s is behind %(cities)s") % {"target": target_name, "cities": join_list(worse)})
    if held:
        parts.append(
            _("%(target)s is at level with or better than %(cities)s")
            % {"target": target_name, "cities": join_list(held)}
        )
    text = "; ".join(parts)
    missing = _missing_cities(result)
    if missing:
        text = f"{text}; {_missing_sentence(missing)}" if text else _missing_sentence(missing)
    elif text:
        text += "."
    return text


def headline(year: int, result: YearResult, *, target_name: str = "Aarhus") -> Headline:
    """The one rule for every place a year's verdict is announced (goal page, front page, report, mails).

    The goal is called met only when every comparison city has a value; it is not met as soon as the target is
    behind a measured city; a year with cities missing and none of the measured ahead is "partly assessed".
    """
    total = len(result.comparisons)
    measured = sum(1 for c in result.comparisons.values() if c.other_value is not None)
    values = {"year": year}
    if result.goal is GoalStatus.NOT_ASSESSED:
        summary = explain(year, result, target_name=target_name)
        status, title = HeadlineStatus.NOT_ASSESSED, _("The goal cannot be assessed for %(year)s") % values
    elif result.goal is GoalStatus.NOT_MET:
        # Behind a measured city settles it, partial year or not; the summary still names the missing cities.
        summary = _headline_summary(result, target_name)
        status, title = HeadlineStatus.NOT_MET, _("The goal is not met in %(year)s") % values
    elif measured < total:
        summary = _headline_summary(result, target_name)
        status, title = HeadlineStatus.PARTIAL, _("Partly assessed for %(year)s") % values
    else:
        summary = _headline_summary(result, target_name)
        status, title = HeadlineStatus.MET, _("The goal is met in %(year)s") % values
    return Headline(year, status, title, summary, measured, total)
