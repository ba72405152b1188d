"""The rest of the police district, computed from the district's and the municipality's respondents."""

from decimal import Decimal as D

from goal.derived import rest_of_district
from goal.verdict import Method, Observation, Rule, Verdict, compare


def test_rest_is_respondent_weighted_by_hand():
    # (84,0 × 3 000 − 82,0 × 1 000) / 2 000 = (252 000 − 82 000) / 2 000 = 85,0 with 2 000 respondents.
    rest = rest_of_district(Observation(D("84.0"), respondents=3000), Observation(D("82.0"), respondents=1000))
    assert rest == Observation(D("85.000"), None, None, 2000)


def test_rest_with_uneven_figures_by_hand():
    # (86,4 × 4 210 − 88,1 × 1 305) / 2 905 = (363 744 − 114 970,5) / 2 905 = 248 773,5 / 2 905 = 85,6363…
    rest = rest_of_district(Observation(D("86.4"), respondents=4210), Observation(D("88.1"), respondents=1305))
    assert rest.value == D("85.636") and rest.respondents == 2905


def test_aarhus_is_compared_with_the_rest_by_the_same_rule():
    aarhus = Observation(D("82.0"), respondents=1000)
    rest = rest_of_district(Observation(D("84.0"), respondents=3000), aarhus)
    # p = (820 + 1 700) / 3 000 = 0,84; se = √(0,84 × 0,16 × (1/1 000 + 1/2 000)) ≈ 0,01420; z ≈ −2,11
    comparison = compare(aarhus, rest, Rule(is_percent=True, tolerance=D("1.0")))
    assert comparison.verdict is Verdict.WORSE and comparison.method is Method.SIGNIFICANCE


def test_no_rest_without_values_or_respondents():
    with_n = Observation(D("84"), respondents=3000)
    assert rest_of_district(None, with_n) is None
    assert rest_of_district(with_n, None) is None
    assert rest_of_district(Observation(D("84")), Observation(D("82"), respondents=10)) is None
    assert rest_of_district(with_n, Observation(D("82"))) is None
    assert rest_of_district(Observation(D("84"), respondents=100), Observation(D("82"), respondents=100)) is None
