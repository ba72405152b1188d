"""Goal verdict rule: is Aarhus at or above the other big Danish cities?"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from enum import StrEnum

from formatting.numbers import format_number

__all__ = [
    "Comparison",
    "GoalStatus",
    "Method",
    "Observation",
    "Rule",
    "Verdict",
    "YearResult",
    "compare",
    "explain",
    "judge_year",
]

# Two-sided 5 % level; kept as Decimal so the test never touches float.
Z_CRITICAL = Decimal("1.96")

_HUNDRED = Decimal(100)
_ONE = Decimal(1)
_ZERO = Decimal(0)


class Verdict(StrEnum):
    """Outcome of one comparison, always from the target's (Aarhus's) side."""

    BETTER = "bedre"
    LEVEL = "på niveau"
    WORSE = "dårligere"
    NO_DATA = "ingen data"


class Method(StrEnum):
    """How a comparison was decided."""

    INTERVAL = "konfidensinterval"
    SIGNIFICANCE = "signifikanstest"
    TOLERANCE = "tolerance"
    NO_DATA = "ingen data"


class GoalStatus(StrEnum):
    """Whether the goal was met in a year."""

    MET = "ja"
    NOT_MET = "nej"
    NOT_ASSESSED = "ikke opgjort"


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


def _intervals_overlap(a: Observation, b: Observation) -> bool:
    """Tell whether two confidence intervals overlap, touching included."""
    assert a.ci_low is not None and a.ci_high is not None
    assert b.ci_low is not None and b.ci_high is not None
    return a.ci_low <= b.ci_high and b.ci_low <= a.ci_high


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
        overlap = _intervals_overlap(target, other)
        verdict = Verdict.LEVEL if overlap else _by_direction(difference, rule)
        return Comparison(verdict, Method.INTERVAL, difference, target_value, other_value)
    if _can_z_test(target, other, rule):
        verdict = _z_test_verdict(target, other, rule)
        return Comparison(verdict, Method.SIGNIFICANCE, difference, target_value, other_value)
    within = abs(difference) <= rule.tolerance
    verdict = Verdict.LEVEL if within else _by_direction(difference, rule)
    return Comparison(
        verdict, Method.TOLERANCE, difference, target_value, other_value, rule.tolerance
    )


def judge_year(
    target: Observation | None,
    others: Mapping[str, Observation | None],
    rule: Rule,
) -> YearResult:
    """Judge one year: the goal is met when Aarhus is no worse than any city."""
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
        goal = GoalStatus.MET
    return YearResult(goal, comparisons, partial, target_value)


def _join_danish(items: Sequence[str]) -> str:
    """Join items as "A, B og C"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} og {items[-1]}"


def _method_phrase(comparison: Comparison) -> str:
    """Describe the method of one comparison in Danish."""
    if comparison.method is Method.TOLERANCE and comparison.tolerance is not None:
        tolerance = format_number(comparison.tolerance, min_places=1)
        return f"tolerance på {tolerance}"
    return comparison.method.value


def _methods_phrase(comparisons: Sequence[Comparison]) -> str:
    """Describe the distinct methods used, in order of first use."""
    phrases = list(dict.fromkeys(_method_phrase(c) for c in comparisons))
    return f"vurderet med {_join_danish(phrases)}"


def _signed(d: Decimal | None) -> str:
    """Format a difference with its sign, "+1,7" or "−2,7", so the direction reads at a glance."""
    return format_number(d, 1, signed=True)


def _city_detail(name: str, comparison: Comparison, unit_label: str, *, with_target: bool) -> str:
    """Describe one comparison with the city's value and the difference (and the target's value and method)."""
    difference = _signed(comparison.difference)
    if unit_label:
        difference = f"{difference} {unit_label}"
    other = format_number(comparison.other_value, 1)
    if not with_target:
        return f"{name} ({other}; forskel {difference})"
    target = format_number(comparison.target_value, 1)
    return f"{name} ({target} mod {other}; forskel {difference}, vurderet med {_method_phrase(comparison)})"


def _not_met_sentence(result: YearResult, unit_label: str, target_name: str) -> str:
    """Say which cities the target trails and by how much."""
    groups: dict[str, list[str]] = {}
    for name, comparison in result.comparisons.items():
        if comparison.verdict is not Verdict.WORSE:
            continue
        # Direction from the sign, so lower-is-better indicators read "højere".
        word = "lavere" if (comparison.difference or 0) < 0 else "højere"
        groups.setdefault(word, []).append(_city_detail(name, comparison, unit_label, with_target=True))
    parts = [f"{word} end {_join_danish(details)}" for word, details in groups.items()]
    return f"{target_name} ligger {_join_danish(parts)}."


def _met_sentence(result: YearResult, unit_label: str, target_name: str) -> str:
    """Say which measured cities the target is better than or level with, by how much and by which method."""
    measured = {n: c for n, c in result.comparisons.items() if c.verdict is not Verdict.NO_DATA}
    groups: dict[str, list[str]] = {"bedre end": [], "på niveau med": []}
    for name, comparison in measured.items():
        words = "bedre end" if comparison.verdict is Verdict.BETTER else "på niveau med"
        groups[words].append(_city_detail(name, comparison, unit_label, with_target=False))
    parts = [f"{words} {_join_danish(details)}" for words, details in groups.items() if details]
    methods = _methods_phrase(list(measured.values()))
    target = format_number(result.target_value, 1)
    return f"{target_name} ({target}) ligger {_join_danish(parts)}, {methods}."


def _missing_sentence(result: YearResult) -> str:
    """Name the comparison cities without data, or return an empty string."""
    missing = [n for n, c in result.comparisons.items() if c.verdict is Verdict.NO_DATA]
    if not missing:
        return ""
    return f"{_join_danish(missing)} mangler tal."


def explain(
    year: int,
    result: YearResult,
    *,
    unit_label: str = "",
    target_name: str = "Aarhus",
) -> str:
    """Explain a year's goal status in one Danish sentence (plus missing cities)."""
    if result.goal is GoalStatus.NOT_ASSESSED:
        if result.target_value is None:
            return f"Der er ingen måling for {target_name} i {year}."
        return f"Ingen af sammenligningsbyerne har en måling i {year}."
    if result.goal is GoalStatus.NOT_MET:
        sentence = _not_met_sentence(result, unit_label, target_name)
    else:
        sentence = _met_sentence(result, unit_label, target_name)
    missing = _missing_sentence(result) if result.partial else ""
    return f"{sentence} {missing}".strip()
