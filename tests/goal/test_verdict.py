"""Tests for the goal verdict rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goal.verdict import (
    Comparison,
    GoalStatus,
    HeadlineStatus,
    Method,
    Observation,
    Rule,
    Verdict,
    YearResult,
    compare,
    explain,
    headline,
    judge_year,
)

D = Decimal
HIGHER = Rule(higher_is_better=True, tolerance=D("1.0"))
LOWER = Rule(higher_is_better=False, tolerance=D("1.0"))
PERCENT = Rule(is_percent=True, tolerance=D("1.0"))
CITIES = ("Odense", "Aalborg", "Esbjerg", "København")


def obs(value: str, low: str | None = None, high: str | None = None, n: int | None = None):
    """Build an Observation from strings so test data stays exact."""
    return Observation(
        D(value),
        D(low) if low is not None else None,
        D(high) if high is not None else None,
        n,
    )


# --- enums -----------------------------------------------------------------


def test_enum_labels_are_the_danish_words() -> None:
    """The words users read (page, CSV) are the Danish words exactly; the values are English codes."""
    assert [v.label for v in Verdict] == ["bedre", "på niveau", "dårligere", "ingen data"]
    assert [m.label for m in Method] == [
        "konfidensinterval",
        "signifikanstest",
        "tolerance, uden statistisk usikkerhed",
        "ingen data",
    ]
    assert [g.label for g in GoalStatus] == ["ja", "nej", "delvis", "ikke opgjort"]
    assert Verdict.LEVEL == "level"


def test_negative_tolerance_is_rejected() -> None:
    """A negative tolerance is a configuration error."""
    with pytest.raises(ValueError):
        Rule(tolerance=D("-0.1"))


# --- compare: missing values ------------------------------------------------


@pytest.mark.parametrize(
    ("target", "other"),
    [
        (None, obs("80")),
        (obs("80"), None),
        (None, None),
        (Observation(D("NaN")), obs("80")),
    ],
)
def test_missing_value_gives_no_data(target, other) -> None:
    """Either side missing means no verdict and no difference."""
    result = compare(target, other, HIGHER)
    assert result.verdict is Verdict.NO_DATA
    assert result.method is Method.NO_DATA
    assert result.difference is None


# --- compare: tolerance -----------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "target", "other", "expected"),
    [
        (HIGHER, "86.3", "87.3", Verdict.LEVEL),  # exact tie below, the required example
        (HIGHER, "88.3", "87.3", Verdict.LEVEL),  # exact tie above
        (HIGHER, "86.2", "87.3", Verdict.WORSE),
        (HIGHER, "88.4", "87.3", Verdict.BETTER),
        (HIGHER, "80", "80", Verdict.LEVEL),
        (LOWER, "86.2", "87.3", Verdict.BETTER),
        (LOWER, "88.4", "87.3", Verdict.WORSE),
        (LOWER, "86.3", "87.3", Verdict.LEVEL),
        (Rule(tolerance=D(0)), "80.1", "80.0", Verdict.BETTER),
        (Rule(tolerance=D(0)), "80.0", "80.0", Verdict.LEVEL),
        (Rule(higher_is_better=False), "80.0", "80.1", Verdict.BETTER),
    ],
)
def test_tolerance_branch(rule: Rule, target: str, other: str, expected: Verdict) -> None:
    """Without CIs or counts the tolerance decides, ties at the tolerance are level."""
    result = compare(obs(target), obs(other), rule)
    assert result.verdict is expected
    assert result.method is Method.TOLERANCE
    assert result.difference == D(target) - D(other)
    assert result.tolerance == rule.tolerance


def test_required_example_difference() -> None:
    """86.3 vs 87.3 with tolerance 1.0 is level with difference exactly -1.0."""
    result = compare(obs("86.3"), obs("87.3"), Rule(tolerance=D("1.0")))
    assert result == Comparison(Verdict.LEVEL, Method.TOLERANCE, D("-1.0"), D("86.3"), D("87.3"), D("1.0"))


def test_differences_stay_decimal() -> None:
    """Differences must be exact Decimals, never binary floats."""
    result = compare(obs("0.3"), obs("0.1"), HIGHER)
    assert isinstance(result.difference, Decimal)
    assert result.difference == D("0.2")


# --- compare: confidence intervals ------------------------------------------


# SE = (upper − lower) / (2 × 1,96) on each side, z = (a − b) / √(SEₐ² + SE_b²), |z| ≤ 1,96 is level. By hand:
# a 2-point-wide interval has SE = 2 / 3,92 = 0,5102; two of them give √(2 × 0,5102²) = 0,7215.
@pytest.mark.parametrize(
    ("rule", "target", "other", "expected"),
    [
        # Touching intervals: z = −2 / 0,7215 = −2,77, a real difference the overlap rule called level.
        (HIGHER, ("85", "84", "86"), ("87", "86", "88"), Verdict.WORSE),
        (HIGHER, ("87", "86", "88"), ("85", "84", "86"), Verdict.BETTER),
        # Overlapping intervals, still significant: z = 1,5 / 0,7215 = 2,08.
        (HIGHER, ("86", "85", "87"), ("84.5", "83.5", "85.5"), Verdict.BETTER),
        (HIGHER, ("86", "85", "87"), ("85", "84", "86"), Verdict.LEVEL),  # z = 1 / 0,7215 = 1,39
        (HIGHER, ("85", "83", "87"), ("86", "84", "88"), Verdict.LEVEL),  # z = −1 / 1,443 = −0,69
        # SE 0,5102 and 2,9 / 3,92 = 0,7398: z = −2,5 / √(0,2603 + 0,5473) = −2,78.
        (HIGHER, ("85", "84", "86"), ("87.5", "86.1", "89"), Verdict.WORSE),
        (LOWER, ("85", "84", "86"), ("87.5", "86.1", "89"), Verdict.BETTER),
        (LOWER, ("87.5", "86.1", "89"), ("85", "84", "86"), Verdict.WORSE),
        # The interval wins over tolerance: 3 points apart, z = −3 / 2,886 = −1,04.
        (HIGHER, ("82", "78", "86"), ("85", "81", "89"), Verdict.LEVEL),
        # And a significant difference counts even within the tolerance.
        (Rule(tolerance=D(5)), ("80", "79.9", "80.1"), ("81", "80.9", "81.1"), Verdict.WORSE),
        # Zero-width intervals on both sides: the direction decides.
        (HIGHER, ("80", "80", "80"), ("81", "81", "81"), Verdict.WORSE),
    ],
)
def test_interval_branch(rule, target, other, expected) -> None:
    """The standard errors implied by the intervals decide at the 5 % level, not whether the intervals overlap."""
    result = compare(obs(*target), obs(*other), rule)
    assert result.verdict is expected
    assert result.method is Method.INTERVAL


def test_z_at_the_border_from_intervals() -> None:
    # SE = 3,92 / 3,92 = 1 on each side, so z = difference / √2: 2,77 is just level (z = 1,9587), 2,78 is not.
    assert compare(obs("82.77", "80.81", "84.73"), obs("80", "78.04", "81.96"), HIGHER).verdict is Verdict.LEVEL
    assert compare(obs("82.78", "80.82", "84.74"), obs("80", "78.04", "81.96"), HIGHER).verdict is Verdict.BETTER


@pytest.mark.parametrize(
    ("target", "other"),
    [
        (obs("85", "84", "86"), obs("80")),
        (obs("85", "84"), obs("80", "79", "81")),
        (obs("85", None, "86"), obs("80", "79", "81")),
    ],
)
def test_interval_needs_all_four_bounds(target, other) -> None:
    """Only complete CIs on both sides trigger the interval method."""
    assert compare(target, other, HIGHER).method is Method.TOLERANCE


# --- compare: z-test ----------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "target", "other", "expected"),
    [
        (PERCENT, obs("85.0", n=1300), obs("81.0", n=1300), Verdict.BETTER),
        (PERCENT, obs("81.0", n=1300), obs("85.0", n=1300), Verdict.WORSE),
        (PERCENT, obs("85.0", n=300), obs("83.0", n=300), Verdict.LEVEL),
        (PERCENT, obs("83.0", n=300), obs("85.0", n=300), Verdict.LEVEL),
        (
            Rule(is_percent=True, higher_is_better=False),
            obs("81", n=1300),
            obs("85", n=1300),
            Verdict.BETTER,
        ),
        # se == 0 only happens when both sides are 0 % or both 100 %.
        (PERCENT, obs("100", n=50), obs("100", n=80), Verdict.LEVEL),
        (PERCENT, obs("0", n=50), obs("0", n=80), Verdict.LEVEL),
        # Significant although the difference is inside the tolerance of 5.
        (
            Rule(is_percent=True, tolerance=D(5)),
            obs("85", n=5000),
            obs("82", n=5000),
            Verdict.BETTER,
        ),
    ],
)
def test_significance_branch(rule, target, other, expected) -> None:
    """The pooled two-proportion z-test decides percent indicators with counts."""
    result = compare(target, other, rule)
    assert result.verdict is expected
    assert result.method is Method.SIGNIFICANCE


@pytest.mark.parametrize(
    ("rule", "target", "other"),
    [
        (HIGHER, obs("85", n=1300), obs("81", n=1300)),  # not a percentage
        (PERCENT, obs("85", n=1300), obs("81")),  # one count missing
        (PERCENT, obs("85", n=0), obs("81", n=1300)),  # zero respondents
        (PERCENT, obs("185", n=1300), obs("81", n=1300)),  # not a proportion
    ],
)
def test_significance_falls_back_to_tolerance(rule, target, other) -> None:
    """Without usable counts or percentages the tolerance method is used."""
    assert compare(target, other, rule).method is Method.TOLERANCE


def test_interval_takes_precedence_over_significance() -> None:
    """Published CIs beat our own z-test when both are possible."""
    result = compare(obs("85", "84", "86", 1300), obs("81", "80", "82", 1300), PERCENT)
    assert result.method is Method.INTERVAL


# --- mirror property ----------------------------------------------------------

MIRROR = {
    Verdict.BETTER: Verdict.WORSE,
    Verdict.WORSE: Verdict.BETTER,
    Verdict.LEVEL: Verdict.LEVEL,
    Verdict.NO_DATA: Verdict.NO_DATA,
}
values = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False)
widths = st.decimals(min_value=0, max_value=10, places=1, allow_nan=False)
rules = st.builds(
    Rule,
    higher_is_better=st.booleans(),
    tolerance=st.decimals(min_value=0, max_value=5, places=1, allow_nan=False),
    is_percent=st.booleans(),
)


@st.composite
def observations(draw, with_interval: bool, with_count: bool = False) -> Observation:
    """Draw an observation, optionally with a CI around the value or a count."""
    value = draw(values)
    low = value - draw(widths) if with_interval else None
    high = value + draw(widths) if with_interval else None
    n = draw(st.integers(min_value=1, max_value=5000)) if with_count else None
    return Observation(value, low, high, n)


def _assert_mirrored(a: Observation, b: Observation, rule: Rule) -> None:
    """compare(a, b) and compare(b, a) must be mirror images."""
    forward, backward = compare(a, b, rule), compare(b, a, rule)
    assert backward.verdict is MIRROR[forward.verdict]
    assert backward.method is forward.method
    assert backward.difference == -forward.difference


@given(observations(False), observations(False), rules)
def test_tolerance_is_mirrored(a: Observation, b: Observation, rule: Rule) -> None:
    """Swapping sides swaps better/worse under the tolerance method."""
    _assert_mirrored(a, b, rule)


@given(observations(True), observations(True), rules)
def test_interval_is_mirrored(a: Observation, b: Observation, rule: Rule) -> None:
    """Swapping sides swaps better/worse under the interval method."""
    _assert_mirrored(a, b, rule)


@given(observations(False, True), observations(False, True), rules)
def test_significance_is_mirrored(a: Observation, b: Observation, rule: Rule) -> None:
    """Swapping sides swaps better/worse under the z-test too."""
    _assert_mirrored(a, b, rule)


# --- judge_year ---------------------------------------------------------------


def _others(*values: str | None) -> dict[str, Observation | None]:
    """Map the four comparison cities to observations (None = missing)."""
    return {c: (obs(v) if v is not None else None) for c, v in zip(CITIES, values, strict=True)}


@pytest.mark.parametrize(
    ("target", "others", "goal", "partial"),
    [
        ("85", ("84", "85", "86", "85.5"), GoalStatus.MET, False),
        ("85", ("84", "87", "86", "85.5"), GoalStatus.NOT_MET, False),
        ("85", ("84", None, "86", None), GoalStatus.PARTIAL, True),  # "delvis": a missing city could be ahead
        ("85", ("90", None, None, None), GoalStatus.NOT_MET, True),
        ("85", (None, None, None, None), GoalStatus.NOT_ASSESSED, False),
        (None, ("84", "85", "86", "85.5"), GoalStatus.NOT_ASSESSED, False),
        (None, ("84", None, None, None), GoalStatus.NOT_ASSESSED, False),
    ],
)
def test_judge_year_goal_and_partial(target, others, goal, partial) -> None:
    """Goal is met when no city beats Aarhus; partial when some cities lack data."""
    target_obs = obs(target) if target is not None else None
    result = judge_year(target_obs, _others(*others), HIGHER)
    assert result.goal is goal
    assert result.partial is partial


def test_judge_year_without_others_is_not_assessed() -> None:
    """An empty comparison set cannot establish the goal."""
    assert judge_year(obs("85"), {}, HIGHER).goal is GoalStatus.NOT_ASSESSED


def test_judge_year_preserves_order() -> None:
    """Comparisons keep the order of the mapping the caller passed."""
    others = {"København": obs("80"), "Aalborg": obs("81"), "Odense": obs("82")}
    result = judge_year(obs("85"), others, HIGHER)
    assert list(result.comparisons) == ["København", "Aalborg", "Odense"]


def test_judge_year_lower_is_better() -> None:
    """For lower-is-better indicators a lower Aarhus value meets the goal."""
    assert judge_year(obs("10"), _others("12", "13", "14", "15"), LOWER).goal is GoalStatus.MET
    result = judge_year(obs("20"), _others("12", "13", "14", "15"), LOWER)
    assert result.goal is GoalStatus.NOT_MET


# --- explain ------------------------------------------------------------------


def test_explain_met_all_cities() -> None:
    """A full, met year names every city with its value and the difference, and the method."""
    others = {c: obs("84", "83", "85") for c in CITIES}
    result = judge_year(obs("86.3", "85", "88"), others, HIGHER)
    details = [f"{city} (84,0; forskel +2,3 procentpoint)" for city in CITIES]
    # SE 3 / 3,92 = 0,765 and 2 / 3,92 = 0,510: z = 2,3 / 0,920 = 2,50, so better, though the intervals touch.
    assert explain(2023, result, unit_label="procentpoint") == (
        f"Aarhus (86,3) ligger bedre end {', '.join(details[:-1])} og {details[-1]}, vurderet med konfidensinterval."
    )


def test_explain_met_says_which_city_how_much_and_by_which_method() -> None:
    """The headline's reason when the goal is met: better than one city and level with others, and by how much."""
    others = {"København": obs("85.0"), "Odense": obs("87.3"), "Aalborg": None, "Esbjerg": obs("86.3")}
    result = judge_year(obs("86.3"), others, HIGHER)
    assert explain(2023, result, unit_label="procentpoint") == (
        "Aarhus (86,3) ligger bedre end København (85,0; forskel +1,3 procentpoint) og på niveau med "
        "Odense (87,3; forskel \u22121,0 procentpoint) og Esbjerg (86,3; forskel 0,0 procentpoint), "
        "vurderet med tolerance på 1,0, uden statistisk usikkerhed. Aalborg mangler tal."
    )


def test_explain_not_met_with_tolerance_and_partial() -> None:
    """A lost comparison quotes both values, the difference and the tolerance."""
    result = judge_year(obs("81.3"), _others("84.0", "80", None, None), HIGHER)
    assert explain(2023, result, unit_label="procentpoint") == (
        "Aarhus ligger lavere end Odense (81,3 mod 84,0; forskel \u22122,7 procentpoint, "
        "vurderet med tolerance på 1,0, uden statistisk usikkerhed). Esbjerg og København mangler tal."
    )


def test_explain_not_met_lower_is_better_says_higher() -> None:
    """For lower-is-better indicators losing means lying higher."""
    result = judge_year(obs("20"), _others("12", "20", "20", "20"), LOWER)
    assert explain(2021, result).startswith("Aarhus ligger højere end Odense (20,0 mod 12,0;")


def test_explain_not_met_several_cities() -> None:
    """Several lost comparisons are listed together."""
    result = judge_year(obs("80"), _others("84", "85", "80", "80"), HIGHER)
    text = explain(2022, result)
    assert text.startswith("Aarhus ligger lavere end Odense (80,0 mod 84,0;")
    assert ") og Aalborg (80,0 mod 85,0;" in text


def test_explain_met_partial_names_cities_and_mixed_methods() -> None:
    """A partial met year lists the measured cities, methods and missing ones."""
    others = {
        "Odense": obs("84", "83", "85"),
        "Aalborg": None,
        "Esbjerg": obs("85.5"),
        "København": None,
    }
    result = judge_year(obs("85", "84", "86"), others, HIGHER)
    assert explain(2019, result) == (
        "Aarhus (85,0) ligger på niveau med Odense (84,0; forskel +1,0) og Esbjerg (85,5; forskel \u22120,5), "
        "vurderet med konfidensinterval og tolerance på 1,0, uden statistisk usikkerhed. "
        "Aalborg og København mangler tal."
    )


def test_explain_single_city() -> None:
    """With one comparison city it is named instead of counted."""
    result = judge_year(obs("85", n=1000), {"Odense": obs("84", n=1000)}, PERCENT)
    assert explain(2024, result) == (
        "Aarhus (85,0) ligger på niveau med Odense (84,0; forskel +1,0), vurderet med signifikanstest."
    )


def test_explain_tolerance_shows_needed_decimals() -> None:
    """A tolerance of 0.25 must not be rounded away in the explanation."""
    rule = Rule(tolerance=D("0.25"))
    result = judge_year(obs("85"), {"Odense": obs("84.9")}, rule)
    assert explain(2024, result).endswith(", vurderet med tolerance på 0,25, uden statistisk usikkerhed.")


@pytest.mark.parametrize(
    ("target", "others", "expected"),
    [
        (None, ("84", "85", "86", "85"), "Der er ingen måling for Aarhus i 2020."),
        ("85", (None, None, None, None), "Ingen af sammenligningsbyerne har en måling i 2020."),
    ],
)
def test_explain_not_assessed(target, others, expected: str) -> None:
    """Both reasons for 'ikke opgjort' get their own sentence."""
    target_obs = obs(target) if target is not None else None
    assert explain(2020, judge_year(target_obs, _others(*others), HIGHER)) == expected


def test_explain_custom_target_name() -> None:
    """The target name is configurable."""
    result = judge_year(None, _others("84", "85", "86", "85"), HIGHER)
    assert explain(2020, result, target_name="Østjylland") == ("Der er ingen måling for Østjylland i 2020.")


def test_year_result_defaults() -> None:
    """A hand-built NOT_ASSESSED result without target value reads as no Aarhus data."""
    assert explain(2020, YearResult(GoalStatus.NOT_ASSESSED, {}, False)) == ("Der er ingen måling for Aarhus i 2020.")


# --- the headline rule ------------------------------------------------------------


def test_headline_is_met_only_when_every_city_has_a_value() -> None:
    result = judge_year(obs("86"), _others("84", "85", "86", "80"), HIGHER)
    line = headline(2023, result)
    assert line.status is HeadlineStatus.MET and line.coverage == "4/4"
    assert str(line) == (
        "Målet er nået i 2023: Aarhus ligger på niveau med eller bedre end Odense, Aalborg, Esbjerg og København."
    )


def test_headline_of_a_partial_year_says_so_first() -> None:
    """The strategy's example: only Odense measured in 2021."""
    others = {"København": None, "Odense": obs("84.3"), "Aalborg": None, "Esbjerg": None}
    result = judge_year(obs("86"), others, HIGHER)
    assert result.goal is GoalStatus.PARTIAL  # "delvis", never "ja", with three cities missing
    line = headline(2021, result)
    assert line.status is HeadlineStatus.PARTIAL and line.coverage == "1/4"
    assert str(line) == (
        "Delvist opgjort for 2021: Aarhus ligger på niveau med eller bedre end Odense; "
        "København, Aalborg og Esbjerg mangler tal."
    )


def test_headline_of_a_partial_year_where_aarhus_trails_says_not_met_and_names_the_missing() -> None:
    # Behind Odense settles it, whatever Aalborg and Esbjerg would show.
    result = judge_year(obs("80"), _others("84", None, None, "80"), HIGHER)
    assert result.goal is GoalStatus.NOT_MET and result.goal.label == "nej"
    line = headline(2022, result)
    assert line.status is HeadlineStatus.NOT_MET
    assert str(line) == (
        "Målet er ikke nået i 2022: Aarhus ligger dårligere end Odense; "
        "Aarhus ligger på niveau med eller bedre end København; Aalborg og Esbjerg mangler tal."
    )


def test_headline_not_met_with_every_city() -> None:
    line = headline(2022, judge_year(obs("80"), _others("84", "80", "80", "80"), HIGHER))
    assert line.status is HeadlineStatus.NOT_MET
    assert line.title == "Målet er ikke nået i 2022"


@pytest.mark.parametrize(
    ("target", "others", "coverage", "summary"),
    [
        ("85", (None, None, None, None), "0/4", "Ingen af sammenligningsbyerne har en måling i 2020."),
        (None, ("84", "85", None, None), "2/4", "Der er ingen måling for Aarhus i 2020."),
    ],
)
def test_headline_of_an_empty_year(target, others, coverage, summary) -> None:
    target_obs = obs(target) if target is not None else None
    line = headline(2020, judge_year(target_obs, _others(*others), HIGHER))
    assert line.status is HeadlineStatus.NOT_ASSESSED
    assert line.title == "Målet kan ikke opgøres for 2020"
    assert line.coverage == coverage and line.summary == summary
