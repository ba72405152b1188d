"""The one number formatter: numbers read as typed, the Danish way, on pages and in spreadsheets."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from formatting.numbers import format_kroner, format_number

D = Decimal


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (D("81.3"), 1, "81,3"),
        (D("-2.7"), 1, "\u22122,7"),
        (D("84"), 1, "84,0"),
        (D("2.45"), 1, "2,5"),  # half-up, not banker's rounding
        (D("-2.45"), 1, "\u22122,5"),
        (D("-0.04"), 1, "0,0"),  # no negative zero
        (D("84.56"), 0, "85"),
        (D("0.125"), 2, "0,13"),
        (None, 1, ""),
        (D("NaN"), 1, ""),
    ],
)
def test_rounded_to_fixed_decimals(value, places, expected):
    assert format_number(value, places) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(D("62.500"), "62,5"), (D("70.000"), "70"), (D("1234567.125"), "1.234.567,125"), (D("0.000"), "0"), (7, "7")],
)
def test_stored_decimals_read_as_typed(value, expected):
    """The columns keep three decimals; the reader sees what was typed, with dots between thousands."""
    assert format_number(value) == expected


def test_spreadsheet_numbers_are_plain():
    assert format_number(D("-1234.500"), plain=True) == "-1234,5"
    assert format_number(D("-0.000"), plain=True) == "0"


def test_signed_difference_spells_out_plus():
    assert format_number(D("1.7"), 1, signed=True) == "+1,7"
    assert format_number(D("0.01"), 1, signed=True) == "0,0"
    assert format_number(D("-1"), 1, signed=True) == "\u22121,0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(D("250000.50"), "250.000,50 kr."), (D("250000.00"), "250.000 kr."), (D("0.5"), "0,50 kr."), (None, "")],
)
def test_amounts_in_kroner(value, expected):
    assert format_kroner(value) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ v|number }}", "62,5"),
        ("{{ v|number:1 }}", "62,5"),
        ("{{ w|number:1 }}", "70,0"),
        ("{{ w|number }}", "70"),
        ('{{ v|number:"+1" }}', "+62,5"),
        ('{{ budget|number:"kr." }}', "250.000,50 kr."),
        ('{{ none|number|default:"–" }}', "–"),
    ],
)
def test_the_template_filter(source, expected):
    context = Context({"v": D("62.500"), "w": D("70.000"), "budget": D("250000.50"), "none": None})
    assert Template("{% load numbers %}" + source).render(context) == expected
